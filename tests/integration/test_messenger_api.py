"""Messenger HTTP API and WebSockets (docs/messenger.md, SPEC §3) against the real binary.

What a widget on another site, an agent console, or an attacker observes: CORS
answers, visitor ids, chats flowing both ways over /messenger/ws and /agent/ws,
resume after a dropped connection, idempotent retries, limits and refusals.
"""

import json
import re
import socket
import unittest
import uuid

from deskd_server import ServerTestCase, VISITOR_ID_RE, form_token
from wsclient import Closed, HandshakeRefused, WebSocket, frame, OP_TEXT

SHOP = "http://shop.example"
EVIL = "http://evil.example"
USER_EMAIL = "returning@example.com"
USER_PASSWORD = "correct horse battery staple 42"
CONFIG = '[messenger]\nallowed_origins = ["%s"]\n' % SHOP


class MessengerApiTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True, config_text=CONFIG,
                                   users=[(USER_EMAIL, USER_PASSWORD, "user")])

    # -- helpers -------------------------------------------------------------

    def api(self, method, path, body=None, visitor=None, origin=SHOP, headers=None, raw=None):
        hdrs = {"Origin": origin} if origin else {}
        if visitor:
            hdrs["X-DP-Visitor"] = visitor
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        hdrs.update(headers or {})
        res = self.srv.client().request(method, "/messenger/api" + path, body=data, headers=hdrs)
        self.assertEqual(res.set_cookies, [], "the Messenger API never sets cookies")
        return res

    def data(self, res, status):
        self.assertEqual(res.status, status, res.body)
        self.assertTrue(res.header("Content-Type", "").startswith("application/json"), res.headers)
        return json.loads(res.body)

    def new_visitor(self):
        v = self.data(self.api("POST", "/visitor"), 200)["visitor"]
        self.assertRegex(v, "^" + VISITOR_ID_RE + "$")
        return v

    def start_chat(self, visitor, message="Hello, I need help", name="Ada"):
        return self.data(self.api("POST", "/chats", {"name": name, "email": "", "message": message},
                                  visitor=visitor), 201)["chat"]

    def visitor_ws(self, visitor, origin=SHOP):
        hdrs = {"Origin": origin} if origin else {}
        return WebSocket(self.srv.host, self.srv.port, "/messenger/ws?visitor=" + visitor, headers=hdrs)

    def agent_client(self):
        email, password = self.srv.demo_accounts["agent"]
        c = self.srv.client()
        res = c.login(email, password, base="/agent")
        self.assertEqual(res.status, 303, res.body[:500])
        return c

    def agent_ws(self, client, origin=None):
        hdrs = {"Origin": origin or self.srv.origin, "Cookie": client.cookie_header()}
        return WebSocket(self.srv.host, self.srv.port, "/agent/ws", headers=hdrs)

    def agent_with_queue(self):
        """An agent socket, past its welcome (queue + roster)."""
        ws = self.agent_ws(self.agent_client())
        ws.recv_until(lambda m: m["type"] == "queue")
        return ws

    def accept(self, agent, chat_id):
        agent.send_json({"type": "accept", "chat_id": chat_id})
        chat, _ = agent.recv_until(lambda m: m["type"] == "chat" and m["chat"]["id"] == chat_id)
        self.assertEqual(chat["chat"]["status"], "active")
        return chat["chat"]

    # -- CORS --------------------------------------------------------------------

    def test_preflight_from_an_allowed_origin(self):
        res = self.api("OPTIONS", "/chats", headers={"Access-Control-Request-Method": "POST",
                                                      "Access-Control-Request-Headers": "content-type,x-dp-visitor"})
        self.assertEqual(res.status, 204)
        self.assertEqual(res.header("Access-Control-Allow-Origin"), SHOP)
        self.assertIn("X-DP-Visitor", res.header("Access-Control-Allow-Headers"))
        self.assertIn("Content-Type", res.header("Access-Control-Allow-Headers"))
        self.assertIn("POST", res.header("Access-Control-Allow-Methods"))
        self.assertIsNone(res.header("Access-Control-Allow-Credentials"))
        self.assertIn("Origin", res.header("Vary"))

    def test_foreign_origin_is_refused_with_json(self):
        for method, path in (("OPTIONS", "/chats"), ("POST", "/visitor"), ("GET", "/articles?q=x")):
            res = self.api(method, path, origin=EVIL)
            self.assertEqual(self.data(res, 403)["error"], "origin_refused")
            self.assertIsNone(res.header("Access-Control-Allow-Origin"))
        res = self.srv.client().get("/messenger/setup", headers={"Origin": EVIL})
        self.assertEqual(res.status, 403)

    def test_own_origin_is_allowed_and_never_star(self):
        visitor = self.new_visitor()
        res = self.api("GET", "/chats", visitor=visitor, origin=self.srv.origin)
        self.assertEqual(self.data(res, 200), {"chats": []})
        self.assertEqual(res.header("Access-Control-Allow-Origin"), self.srv.origin)
        res = self.api("GET", "/chats", visitor=visitor)
        self.assertEqual(res.header("Access-Control-Allow-Origin"), SHOP)

    # -- visitors --------------------------------------------------------------------

    def test_visitor_ids_are_fresh_and_ids_the_server_did_not_issue_are_refused(self):
        a, b = self.new_visitor(), self.new_visitor()
        self.assertNotEqual(a, b)
        tampered = a[:5] + ("A" if a[5] != "A" else "B") + a[6:]
        # Well-formed but never issued: made up, altered, or the 22-character form of
        # earlier versions. Which Origin asks makes no difference.
        for forged in ("Z" * 32, tampered, "A" * 22):
            for origin in (SHOP, self.srv.origin):
                self.assertEqual(self.data(self.api("GET", "/chats", visitor=forged, origin=origin), 400)["error"],
                                 "visitor", (forged, origin))
                res = self.api("POST", "/chats", {"message": "hi"}, visitor=forged, origin=origin)
                self.assertEqual(self.data(res, 400)["error"], "visitor", (forged, origin))
        for bad in ("short", "A" * 33, "A" * 31 + "!"):
            self.assertEqual(self.data(self.api("GET", "/chats", visitor=bad), 400)["error"], "visitor")
        self.assertEqual(self.data(self.api("GET", "/chats"), 400)["error"], "visitor")
        # An issued id needs no registration to start a chat.
        self.assertEqual(self.start_chat(b)["status"], "queued")

    def test_setup_points_at_the_hashed_bundle(self):
        res = self.srv.client().get("/messenger/setup?lang=da", headers={"Origin": SHOP})
        setup = self.data(res, 200)
        self.assertEqual(res.header("Access-Control-Allow-Origin"), SHOP)
        self.assertEqual(setup["ttl_s"], 3600)
        self.assertRegex(setup["assets_url"], "^" + re.escape(self.srv.origin) + r"/messenger/assets/widget\.[0-9a-f]+\.js$")
        self.assertIn(setup["version"], setup["assets_url"])
        cfg = setup["config"]
        self.assertEqual(cfg["api"], self.srv.origin + "/messenger/api")
        self.assertEqual(cfg["ws"], "ws://%s:%d/messenger/ws" % (self.srv.host, self.srv.port))
        self.assertEqual(cfg["lang"], "da")
        self.assertIsInstance(cfg["agents_online"], bool)
        self.assertTrue(cfg["strings"])
        bundle = self.srv.client().get(setup["assets_url"][len(self.srv.origin):])
        self.assertEqual(bundle.status, 200)
        self.assertIn("immutable", bundle.header("Cache-Control"))

    # -- the chat itself ---------------------------------------------------------------

    def test_visitor_and_agent_chat_in_real_time_and_history_returns(self):
        visitor = self.new_visitor()
        vws = self.visitor_ws(visitor)
        self.assertEqual(vws.recv()["type"], "agents")
        agent = self.agent_with_queue()

        chat = self.start_chat(visitor, "My printer is on fire")
        self.assertEqual(chat["status"], "queued")
        self.assertEqual([m["body"] for m in chat["messages"]], ["My printer is on fire"])
        self.assertNotIn("visitor", chat, "visitors do not get the agent view")

        queued = agent.recv_until(lambda m: m["type"] == "queued" and m["chat"]["id"] == chat["id"])[0]["chat"]
        self.assertEqual(queued["visitor"], visitor)
        self.assertEqual(queued["messages"][0]["body"], "My printer is on fire")

        accepted = self.accept(agent, chat["id"])
        self.assertEqual(accepted["messages"][0]["body"], "My printer is on fire")
        context, _ = agent.recv_until(lambda m: m["type"] == "visitor")
        self.assertEqual(context["chat_id"], chat["id"])
        self.assertEqual(context["previous_chats"], [])
        self.assertIsInstance(context["page_views"], list)
        seen, _ = vws.recv_until(lambda m: m["type"] == "chat" and m["chat"]["status"] == "active")
        self.assertTrue(seen["chat"]["agent"]["name"])

        # Agent -> visitor: stored, acknowledged, delivered.
        agent.send_json({"type": "typing", "chat_id": chat["id"], "on": True})
        typing, _ = vws.recv_until(lambda m: m["type"] == "typing")
        self.assertTrue(typing["on"])
        agent.send_json({"type": "message", "chat_id": chat["id"], "body": "Unplug it, please.", "client_id": "a1"})
        ack, _ = agent.recv_until(lambda m: m["type"] == "ack")
        self.assertEqual(ack["client_id"], "a1")
        got, _ = vws.recv_until(lambda m: m["type"] == "message")
        self.assertEqual((got["id"], got["author"], got["body"]), (ack["id"], "agent", "Unplug it, please."))

        # Visitor -> agent over HTTP.
        vws.send_json({"type": "typing", "chat_id": chat["id"], "on": True})
        typing, _ = agent.recv_until(lambda m: m["type"] == "typing")
        self.assertEqual((typing["chat_id"], typing["from"]), (chat["id"], "visitor"))
        sent = self.data(self.api("POST", "/chats/%d/messages" % chat["id"], {"body": "Done!", "client_id": "v1"},
                                  visitor=visitor), 201)["message"]
        self.assertGreater(sent["id"], ack["id"])
        got, _ = agent.recv_until(lambda m: m["type"] == "message" and m["author"] == "visitor")
        self.assertEqual((got["id"], got["body"]), (sent["id"], "Done!"))

        # Another visitor cannot write into or end this chat.
        stranger = self.new_visitor()
        self.assertEqual(self.api("POST", "/chats/%d/messages" % chat["id"], {"body": "x", "client_id": "s"},
                                  visitor=stranger).status, 404)
        self.assertEqual(self.api("POST", "/chats/%d/end" % chat["id"], visitor=stranger).status, 404)

        # The visitor ends it; both sides hear it; later messages are refused.
        ended = self.data(self.api("POST", "/chats/%d/end" % chat["id"], visitor=visitor), 200)["chat"]
        self.assertEqual((ended["status"], ended["ended_by"]), ("ended", "visitor"))
        agent.recv_until(lambda m: m["type"] == "chat" and m["chat"]["status"] == "ended")
        res = self.api("POST", "/chats/%d/messages" % chat["id"], {"body": "late", "client_id": "v2"}, visitor=visitor)
        self.assertEqual(self.data(res, 409)["error"], "chat_ended")
        vws.close()
        agent.close()

        # A returning visitor (same id, new connection) sees the whole history.
        history = self.data(self.api("GET", "/chats", visitor=visitor), 200)["chats"]
        self.assertEqual(len(history), 1)
        self.assertEqual(history[0]["status"], "ended")
        self.assertEqual([(m["author"], m["body"]) for m in history[0]["messages"]],
                         [("visitor", "My printer is on fire"), ("agent", "Unplug it, please."), ("visitor", "Done!")])
        ids = [m["id"] for m in history[0]["messages"]]
        self.assertEqual(ids, sorted(ids))

    def test_resume_after_reconnect_delivers_exactly_the_missed_messages(self):
        visitor = self.new_visitor()
        agent = self.agent_with_queue()
        chat = self.start_chat(visitor)
        self.accept(agent, chat["id"])
        vws = self.visitor_ws(visitor)
        vws.send_json({"type": "resume", "last_id": 0})
        first, _ = vws.recv_until(lambda m: m["type"] == "message")
        self.assertEqual(first["body"], "Hello, I need help")
        last_seen = first["id"]
        vws.close()  # the connection drops

        missed = []
        for i in range(3):
            agent.send_json({"type": "message", "chat_id": chat["id"], "body": "missed %d" % i, "client_id": "m%d" % i})
            missed.append(agent.recv_until(lambda m: m["type"] == "ack")[0]["id"])

        vws = self.visitor_ws(visitor)
        vws.send_json({"type": "resume", "last_id": last_seen})
        frames = vws.drain(1.0)
        replayed = [m for m in frames if m["type"] == "message"]
        self.assertEqual([m["id"] for m in replayed], missed)
        self.assertEqual([m["body"] for m in replayed], ["missed 0", "missed 1", "missed 2"])
        self.assertTrue(any(m["type"] == "chat" and m["chat"]["id"] == chat["id"] for m in frames))
        # Live delivery continues on the new connection.
        agent.send_json({"type": "message", "chat_id": chat["id"], "body": "live", "client_id": "live"})
        got, _ = vws.recv_until(lambda m: m["type"] == "message")
        self.assertEqual(got["body"], "live")
        vws.close()
        agent.close()

    def test_retried_message_with_the_same_client_id_is_stored_once(self):
        visitor = self.new_visitor()
        chat = self.start_chat(visitor)
        body = {"body": "only once", "client_id": "retry-" + uuid.uuid4().hex[:8]}
        a = self.data(self.api("POST", "/chats/%d/messages" % chat["id"], body, visitor=visitor), 201)["message"]
        b = self.data(self.api("POST", "/chats/%d/messages" % chat["id"], body, visitor=visitor), 201)["message"]
        self.assertEqual(a["id"], b["id"])
        self.assertEqual(b["client_id"], body["client_id"])
        history = self.data(self.api("GET", "/chats", visitor=visitor), 200)["chats"][0]["messages"]
        self.assertEqual([m["body"] for m in history].count("only once"), 1)

    def test_second_agent_cannot_accept_a_taken_chat(self):
        visitor = self.new_visitor()
        one, two = self.agent_with_queue(), self.agent_with_queue()
        chat = self.start_chat(visitor)
        self.accept(one, chat["id"])
        two.send_json({"type": "accept", "chat_id": chat["id"]})
        err, _ = two.recv_until(lambda m: m["type"] == "error")
        self.assertEqual((err["error"], err["chat_id"]), ("conflict", chat["id"]))
        one.close()
        two.close()

    # -- bad input -----------------------------------------------------------------------

    def test_bad_http_bodies_get_json_errors(self):
        visitor = self.new_visitor()
        cases = [
            (b"{not json", "application/json", 400, "bad_json"),
            (b"[1, 2]", "application/json", 400, "bad_json"),
            (json.dumps({"message": "x" * 17000}).encode(), "application/json", 413, "too_large"),
            (b"message=hi", "application/x-www-form-urlencoded", 415, "content_type"),
            (json.dumps({"message": ""}).encode(), "application/json", 400, "message"),
            (json.dumps({"message": "x" * 5001}).encode(), "application/json", 400, "message"),
            (b'{"message": "\xff\xfe"}', "application/json", 400, "bad_json"),
            (json.dumps({"message": 42}).encode(), "application/json", 400, "message"),
        ]
        for raw, ctype, status, code in cases:
            res = self.api("POST", "/chats", visitor=visitor, raw=raw, headers={"Content-Type": ctype})
            self.assertEqual(self.data(res, status)["error"], code, raw[:40])
        self.assertEqual(self.data(self.api("GET", "/chats", visitor=visitor), 200), {"chats": []})
        self.assertTrue(self.srv.healthy())

    def test_malformed_and_oversize_frames_close_the_socket_and_the_server_keeps_serving(self):
        visitor = self.new_visitor()
        cases = [
            (lambda ws: ws.send_text("this is not json"), 1007),
            (lambda ws: ws.send_binary(b"\x00\x01"), 1007),
            (lambda ws: ws.send_text(json.dumps({"type": "resume", "pad": "x" * 17000})), 1009),
            (lambda ws: ws.send_raw(frame(OP_TEXT, b"\xc3\x28")), 1007),      # invalid UTF-8
            (lambda ws: ws.send_raw(frame(OP_TEXT, b"{}", mask=False)), 1002),  # unmasked client frame
        ]
        for act, code in cases:
            ws = self.visitor_ws(visitor)
            ws.recv()  # agents
            act(ws)
            self.assertEqual(ws.expect_close(), code)
            ws.sock.close()
        ws = self.visitor_ws(visitor)
        ws.recv()
        ws.send_json({"type": "nonsense"})
        self.assertEqual(ws.recv()["error"], "bad_request")
        ws.send_json({"type": "resume", "last_id": 0})  # still open and answering
        self.assertEqual(ws.drain(0.5), [])
        ws.close()
        self.assertTrue(self.srv.healthy())

    def test_a_visitor_socket_flooding_frames_is_closed_before_they_reach_the_agent(self):
        visitor = self.new_visitor()
        agent = self.agent_with_queue()
        chat = self.start_chat(visitor)
        self.accept(agent, chat["id"])
        vws = self.visitor_ws(visitor)
        vws.recv()  # agents
        # What the widget sends, a resume and typing turning on and off, is well within the limit.
        vws.send_json({"type": "resume", "last_id": 0})
        vws.recv_until(lambda m: m["type"] == "message")
        for on in (True, False, True, False):
            vws.send_json({"type": "typing", "chat_id": chat["id"], "on": on})
        typing = [m for m in agent.drain(1.0) if m["type"] == "typing"]
        self.assertEqual([m["on"] for m in typing], [True, False, True, False])
        # A client sending typing frames as fast as it can is closed; the agent sees at most the burst.
        for i in range(200):
            try:
                vws.send_json({"type": "typing", "chat_id": chat["id"], "on": i % 2 == 0})
            except OSError:
                break  # the server closed the connection under us
        self.assertEqual(vws.expect_close(), 1008)
        vws.sock.close()
        typing = [m for m in agent.drain(1.0) if m["type"] == "typing"]
        self.assertLessEqual(len(typing), 20)
        agent.close()
        # A new connection is served.
        vws = self.visitor_ws(visitor)
        self.assertEqual(vws.recv()["type"], "agents")
        vws.close()

    def test_visitor_socket_checks_origin_and_id(self):
        with self.assertRaises(HandshakeRefused) as refused:
            self.visitor_ws(self.new_visitor(), origin=EVIL)
        self.assertEqual(refused.exception.status, 403)
        self.assertEqual(json.loads(refused.exception.body)["error"], "origin_refused")
        with self.assertRaises(HandshakeRefused) as refused:
            self.visitor_ws("not-a-visitor")
        self.assertEqual(refused.exception.status, 400)

    def test_agent_socket_needs_the_session_and_the_own_origin(self):
        client = self.agent_client()
        with self.assertRaises(HandshakeRefused) as refused:
            self.agent_ws(client, origin=SHOP)  # allowed for the widget, never for the agent socket
        self.assertEqual(refused.exception.status, 403)
        with self.assertRaises(HandshakeRefused) as refused:
            self.agent_ws(client, origin=EVIL)
        self.assertEqual(refused.exception.status, 403)
        with self.assertRaises(HandshakeRefused) as refused:
            WebSocket(self.srv.host, self.srv.port, "/agent/ws", headers={"Origin": self.srv.origin})
        self.assertEqual(refused.exception.status, 401)
        portal = self.srv.client()  # a Help Center session is no agent session
        portal.get("/")
        with self.assertRaises(HandshakeRefused) as refused:
            self.agent_ws(portal)
        self.assertEqual(refused.exception.status, 401)
        self.assertEqual(client.get("/agent/ws").status, 426)

    def test_help_center_visitor_chats_and_sign_in_attaches_the_chats(self):
        browser = self.srv.client()
        home = browser.get("/")
        self.assertEqual(home.status, 200)
        dp_v = browser.jar["dp_v"]
        self.assertRegex(dp_v, "^" + VISITOR_ID_RE + "$")
        # The Help Center's own page passes its dp_v (data-visitor): the server issued it, so
        # it starts chats like an id from POST /messenger/api/visitor.
        chat = self.data(self.api("POST", "/chats", {"message": "Help from the Help Center"}, visitor=dp_v,
                                  origin=self.srv.origin), 201)["chat"]
        agent = self.agent_ws(self.agent_client())
        queue, _ = agent.recv_until(lambda m: m["type"] == "queue")
        before = [c for c in queue["chats"] if c["id"] == chat["id"]][0]
        self.assertEqual(before["person_id"], 0)
        agent.close()
        res = browser.login(USER_EMAIL, USER_PASSWORD)
        self.assertEqual(res.status, 303, res.body[:300])
        # An agent connecting now sees the chat belonging to the signed-in person.
        agent = self.agent_ws(self.agent_client())
        queue, _ = agent.recv_until(lambda m: m["type"] == "queue")
        after = [c for c in queue["chats"] if c["id"] == chat["id"]][0]
        self.assertGreater(after["person_id"], 0)
        agent.close()

    # -- offline form, articles, console ------------------------------------------------------

    def test_offline_form_creates_a_ticket_agents_see(self):
        visitor = self.new_visitor()
        res = self.api("POST", "/offline", {"name": "Grace", "email": "grace@example.com", "message": "Call me back"},
                       visitor=visitor)
        ref = self.data(res, 201)["ticket"]["ref"]
        self.assertRegex(ref, r"^[A-Z0-9-]+$")
        agent = self.agent_client()
        page = agent.get("/agent/tickets")
        self.assertEqual(page.status, 200)
        self.assertIn(ref, page.body)
        bad = self.api("POST", "/offline", {"name": "Grace", "email": "not-an-address", "message": "x"})
        self.assertEqual(self.data(bad, 400)["error"], "email")

    def test_articles_are_suggested_from_the_knowledge_base(self):
        res = self.api("GET", "/articles?q=cookies")
        articles = self.data(res, 200)["articles"]
        self.assertTrue(articles)
        self.assertTrue(all(a["url"].startswith(self.srv.origin + "/kb/articles/") for a in articles))
        self.assertTrue(any("cookie" in a["title"].lower() for a in articles))
        self.assertNotIn("\ue000", json.dumps(articles, ensure_ascii=False))
        self.assertEqual(self.data(self.api("GET", "/articles?q="), 200), {"articles": []})

    def test_agent_console_page(self):
        agent = self.agent_client()
        page = agent.get("/agent/chats")
        self.assertEqual(page.status, 200)
        self.assertIn('id="chat-console"', page.body)
        self.assertRegex(page.body, r'<script src="/static/agent-chat\.[0-9a-f]+\.js" defer></script>')
        self.assertIn("action=\"/agent/logout\"", page.body)
        anonymous = self.srv.client().get("/agent/chats")
        self.assertEqual(anonymous.status, 303)


if __name__ == "__main__":
    unittest.main()
