"""Security issue #9, items 3, 6, 7 and 10 (docs/security.md, "Abuse limits"), as the attacker saw them.

3. Anonymous visitor ids and chat starts in a loop flooded the agent queue; every /agent/ws welcome
   carried the whole queue in one frame and was closed 1008. Now: per-address rate limits (429 +
   Retry-After), open-chat caps per visitor and per address, and a paged queue (newest 50 + total).
6. Visitor ids were rows in SQLite and the WAL never shrank. Now issuing an id writes nothing and
   the WAL is cut back once a burst is over.
7. The offline form, the contact form and registration sent mails with the attacker's text to any
   address without limit. Now each is limited per address (429 JSON, or the form again with
   everything typed, in the visitor's language) and confirmation mail bodies carry nothing typed.
10. A client forging a matching Host/Origin pair started chats with made-up visitor ids. Now ids
    carry a MAC and anything else is refused, whatever the headers claim.

Servers trust 127.0.0.1 as a proxy; each test speaks from its own X-Forwarded-For address, so one
test's limits never touch another's.
"""

import itertools
import json
import os
import re
import sqlite3
import time
import unittest

from deskd_server import VISITOR_ID_RE, ServerTestCase, form_token, wait_for
from wsclient import HandshakeRefused, WebSocket, OP_TEXT

SHOP = "http://shop.example"
CONFIG = '[messenger]\nallowed_origins = ["%s"]\n[server]\ntrusted_proxies = ["127.0.0.1"]\n' % SHOP
LIMITS = {
    "DESKD_LIMITS_VISITOR_IDS_PER_IP_PER_HOUR": "5",
    "DESKD_LIMITS_CHATS_PER_IP_PER_HOUR": "4",
    "DESKD_LIMITS_OPEN_CHATS_PER_IP": "3",
    "DESKD_LIMITS_TICKETS_PER_IP_PER_HOUR": "3",
    "DESKD_LIMITS_REGISTRATIONS_PER_IP_PER_HOUR": "2",
    "DESKD_LIMITS_COMMENTS_PER_IP_PER_HOUR": "2",
    "DESKD_LIMITS_VOTES_PER_IP_PER_HOUR": "3",
    "DESKD_LIMITS_CHAT_MESSAGES_PER_VISITOR_PER_MINUTE": "6",
}
_addresses = itertools.count(1)


def fresh_address():
    n = next(_addresses)
    return "198.51.%d.%d" % (n // 250 % 250, n % 250 + 1)


def db(srv):
    return sqlite3.connect("file:%s?mode=ro" % os.path.join(srv.data_dir, "deskd.db"), uri=True, timeout=10)


def scalar(srv, sql, *args):
    with db(srv) as con:
        return con.execute(sql, args).fetchone()[0]


def outbox(srv, to):
    with db(srv) as con:
        rows = con.execute("SELECT subject, body, kind FROM outbox WHERE recipient = ? ORDER BY id", (to,)).fetchall()
    return [dict(subject=r[0], body=r[1], kind=r[2]) for r in rows]


class MessengerApi:
    """JSON calls to /messenger/api from one client address."""

    def api(self, method, path, body=None, visitor=None, address=None, origin=SHOP, headers=None):
        hdrs = {"X-Forwarded-For": address or fresh_address()}
        if origin:
            hdrs["Origin"] = origin
        if visitor:
            hdrs["X-DP-Visitor"] = visitor
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            hdrs["Content-Type"] = "application/json"
        hdrs.update(headers or {})
        return self.srv.client().request(method, "/messenger/api" + path, body=data, headers=hdrs)

    def data(self, res, status):
        self.assertEqual(res.status, status, res.body[:500])
        self.assertTrue(res.header("Content-Type", "").startswith("application/json"), res.headers)
        return json.loads(res.body)

    def visitor(self, address=None):
        return self.data(self.api("POST", "/visitor", address=address), 200)["visitor"]

    def start(self, visitor, address=None, message="Hello, I need help"):
        return self.api("POST", "/chats", {"name": "Ada", "email": "", "message": message}, visitor=visitor,
                        address=address)

    def assert_rate_limited(self, res):
        body = self.data(res, 429)
        self.assertEqual(body["error"], "rate_limited")
        retry = res.header("Retry-After")
        self.assertRegex(retry or "", r"^[1-9][0-9]*$")
        self.assertEqual(body["retry_after_s"], int(retry))
        self.assertIn("Retry-After", res.header("Access-Control-Expose-Headers", ""))
        return int(retry)


class MessengerLimitsTest(MessengerApi, ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True, config_text=CONFIG, env=LIMITS)

    # -- item 3: rate limits and caps ----------------------------------------------------

    def test_visitor_ids_are_rate_limited_per_address_with_retry_after(self):
        address = fresh_address()
        for _ in range(5):
            self.assertRegex(self.visitor(address), "^" + VISITOR_ID_RE + "$")
        retry = self.assert_rate_limited(self.api("POST", "/visitor", address=address))
        self.assertGreater(retry, 60)  # 5 an hour: the next one in 12 minutes
        self.assertLessEqual(retry, 720)
        self.assert_rate_limited(self.api("POST", "/visitor", address=address))  # refusals cost nothing, still 429
        self.visitor(fresh_address())  # another address is not affected

    def test_chat_messages_are_limited_per_visitor_with_retry_after(self):
        v = self.visitor()
        chat = self.data(self.start(v), 201)["chat"]["id"]

        def post(visitor, chat_id, n):
            # Each call from another address: the limit follows the visitor id.
            return self.api("POST", "/chats/%d/messages" % chat_id, {"body": "line %d" % n, "client_id": "f%d" % n},
                            visitor=visitor)

        for i in range(6):
            self.data(post(v, chat, i), 201)
        res = post(v, chat, 6)
        retry = self.assert_rate_limited(res)
        self.assertLessEqual(retry, 10)  # 6 a minute: the next one within 10 s
        self.assertIn("faster than anyone can read", json.loads(res.body)["message"])
        self.assert_rate_limited(post(v, chat, 6))  # refusals cost nothing, still 429
        self.assertEqual(scalar(self.srv, "SELECT count(*) FROM chat_messages WHERE chat_id = ?", chat), 7)
        # Another visitor is not affected.
        w = self.visitor()
        other = self.data(self.start(w), 201)["chat"]["id"]
        self.data(post(w, other, 0), 201)
        metrics = self.srv.client().get("/metrics").body
        self.assertRegex(metrics, r"(?m)^deskd_rate_limit_chat_messages_refused_total 2$")

    def test_ipv6_clients_are_limited_by_their_64_prefix(self):
        for i in range(5):
            self.visitor("2001:db8:77:1::%x" % (i + 1))
        self.assert_rate_limited(self.api("POST", "/visitor", address="2001:db8:77:1:ffff:1:2:3"))
        self.visitor("2001:db8:77:2::1")

    def test_chat_starts_are_rate_limited_per_address(self):
        address = fresh_address()
        for _ in range(4):
            v = self.visitor()
            chat = self.data(self.start(v, address), 201)["chat"]
            self.data(self.api("POST", "/chats/%d/end" % chat["id"], visitor=v), 200)  # no open-chat cap in play
        self.assert_rate_limited(self.start(self.visitor(), address))

    def test_open_chats_are_capped_per_visitor(self):
        v = self.visitor()
        for _ in range(3):
            self.data(self.start(v), 201)
        refused = self.data(self.start(v), 429)
        self.assertEqual(refused["error"], "too_many_chats")

    def test_open_chats_are_capped_per_address(self):
        address = fresh_address()
        for _ in range(3):
            self.data(self.start(self.visitor(), address), 201)
        res = self.start(self.visitor(), address)
        self.assertEqual(self.data(res, 429)["error"], "too_many_chats")
        self.assertIn("network", self.data(res, 429)["message"])
        self.data(self.start(self.visitor(), fresh_address()), 201)

    # -- item 6: issuing ids writes nothing ---------------------------------------------

    def test_issuing_visitor_ids_writes_no_rows(self):
        before = scalar(self.srv, "SELECT count(*) FROM visitors")
        for _ in range(5):
            self.visitor()
        self.assertEqual(scalar(self.srv, "SELECT count(*) FROM visitors"), before)

    # -- item 7: the offline form --------------------------------------------------------

    def test_offline_form_is_rate_limited_and_mails_stop_with_it(self):
        address = fresh_address()
        victims = ["victim%d-%d@example.test" % (i, time.monotonic_ns()) for i in range(4)]
        for to in victims[:3]:
            res = self.api("POST", "/offline", {"name": "Mallory", "email": to, "subject": "You won", "message": "x"},
                           address=address)
            self.data(res, 201)
        res = self.api("POST", "/offline", {"name": "Mallory", "email": victims[3], "subject": "You won",
                                            "message": "x"}, address=address)
        self.assert_rate_limited(res)
        self.assertEqual([len(outbox(self.srv, to)) for to in victims], [1, 1, 1, 0])
        self.assertEqual(scalar(self.srv, "SELECT count(*) FROM tickets WHERE requester_email = ?", victims[3]), 0)
        # Mistakes cost nothing: an invalid form from a fresh address is 400 and leaves its limit whole.
        fresh = fresh_address()
        for _ in range(4):
            self.data(self.api("POST", "/offline", {"name": "A", "email": "not-an-address", "message": "x"},
                               address=fresh), 400)
        self.data(self.api("POST", "/offline", {"name": "A", "email": victims[3], "message": "x"}, address=fresh), 201)

    def test_offline_confirmation_mail_carries_only_the_typed_subject(self):
        to = "target-%d@example.test" % time.monotonic_ns()
        spam = {"name": "Cheap pills at http://spam.example", "email": to, "subject": "Your invoice 4471",
                "message": "Click http://spam.example/pay now"}
        ref = self.data(self.api("POST", "/offline", spam), 201)["ticket"]["ref"]
        [mail] = outbox(self.srv, to)
        self.assertEqual(mail["kind"], "ticket_created")
        self.assertIn("Your invoice 4471", mail["subject"])
        self.assertIn(ref, mail["body"])
        for typed in ("spam.example", "Cheap pills", "Your invoice", "Click"):
            self.assertNotIn(typed, mail["body"])

    # -- item 10: ids are checked by their MAC, not by Origin/Host -------------------------

    def test_forged_visitor_id_with_a_matching_host_and_origin_is_refused(self):
        own = self.srv.origin  # the client sends Host: 127.0.0.1:<port>, so Origin matches Host
        issued = self.visitor()
        tampered = issued[:3] + ("A" if issued[3] != "A" else "B") + issued[4:]
        for forged in ("A" * 22, "QUJDREVGR0hJSktMTU5PUA", "Z" * 32, tampered):
            res = self.api("POST", "/chats", {"message": "hi"}, visitor=forged, origin=own)
            self.assertEqual(self.data(res, 400)["error"], "visitor", forged)
            with self.assertRaises(HandshakeRefused) as refused:
                WebSocket(self.srv.host, self.srv.port, "/messenger/ws?visitor=" + forged, headers={"Origin": own})
            self.assertEqual(refused.exception.status, 400)
        # The offline form still works without an id; a forged one is not recorded on the ticket.
        to = "forged-%d@example.test" % time.monotonic_ns()
        ref = self.data(self.api("POST", "/offline", {"name": "F", "email": to, "message": "m"}, visitor="Z" * 32,
                                 origin=own), 201)["ticket"]["ref"]
        self.assertIsNone(scalar(self.srv, "SELECT visitor_id FROM tickets WHERE ref = ?", ref))
        self.data(self.start(issued), 201)

    def test_refusals_are_counted_in_metrics(self):
        address = fresh_address()
        for _ in range(6):
            self.api("POST", "/visitor", address=address)
        metrics = self.srv.client().get("/metrics").body
        m = re.search(r"^deskd_rate_limit_visitor_ids_refused_total (\d+)$", metrics, re.M)
        self.assertTrue(m, metrics[-3000:])
        self.assertGreaterEqual(int(m.group(1)), 1)
        self.assertIn("# TYPE deskd_rate_limit_visitor_ids_refused_total counter", metrics)
        self.assertRegex(metrics, r"(?m)^deskd_rate_limit_tickets_keys \d+$")
        self.assertRegex(metrics, r"(?m)^deskd_messenger_open_chat_caps_hit_total \d+$")
        self.assertRegex(metrics, r"(?m)^deskd_sqlite_wal_bytes \d+$")


class PortalFormLimitsTest(ServerTestCase, unittest.TestCase):
    """Item 7 for the HTML forms: /new-ticket and /register; and article comments,
    each held in memory for its article's pages until an agent moderates it."""

    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True, config_text=CONFIG, env=LIMITS)

    def client(self, address):
        return self.srv.client({"X-Forwarded-For": address})

    def post_form(self, client, path, fields):
        token = form_token(client.get(path).body)
        return client.post(path, dict(fields, _dp_csrf_token=token))

    def assert_form_again(self, res, typed, lang, notice):
        self.assertEqual(res.status, 429, res.body[:500])
        self.assertRegex(res.header("Retry-After") or "", r"^[1-9][0-9]*$")
        self.assertIn('<html lang="%s"' % lang, res.body)
        self.assertIn(notice, res.body)
        for value in typed:
            self.assertIn(value, res.body)
        form_token(res.body)  # a fresh token: sending again later works

    def test_contact_form_is_limited_per_address_and_keeps_what_was_typed(self):
        address = fresh_address()
        c = self.client(address)
        sent = []
        for i in range(3):
            to = "guest%d-%d@example.test" % (i, time.monotonic_ns())
            res = self.post_form(c, "/new-ticket", {"name": "Gail", "email": to, "subject": "Printer %d" % i,
                                                    "message": "Paper jam"})
            self.assertEqual(res.status, 303, res.body[:500])
            sent.append(to)
        to = "late-%d@example.test" % time.monotonic_ns()
        typed = {"name": "Gail Late", "email": to, "subject": "Printer 9QX", "message": "Still jammed 7RT"}
        res = self.post_form(c, "/new-ticket", typed)
        self.assert_form_again(res, typed.values(), "en", "too many requests from your network")
        self.assertRegex(res.body, r"send this form again in \d+ minutes")
        res = self.post_form(c, "/da/new-ticket", typed)
        self.assert_form_again(res, typed.values(), "da", "for mange henvendelser fra dit netværk")
        self.assertEqual(scalar(self.srv, "SELECT count(*) FROM tickets WHERE requester_email = ?", to), 0)
        self.assertEqual(outbox(self.srv, to), [])
        self.assertEqual([len(outbox(self.srv, s)) for s in sent], [1, 1, 1])
        # A typo costs nothing (400, not counted), and another address is not affected.
        other = self.client(fresh_address())
        bad = self.post_form(other, "/new-ticket", dict(typed, email="not-an-address"))
        self.assertEqual(bad.status, 400)
        self.assertEqual(self.post_form(other, "/new-ticket", typed).status, 303)

    def test_comments_are_limited_per_address_and_keep_what_was_typed(self):
        c = self.client(fresh_address())
        article = re.search(r'href="(/kb/articles/(\d+)-[^"#?]*)"', c.get("/kb").body)
        self.assertTrue(article)
        action = "/kb/articles/%s/comments" % article.group(2)

        def comment(client, fields):
            token = form_token(client.get(article.group(1)).body)
            return client.post(action, dict(fields, _dp_csrf_token=token))

        stamp = time.monotonic_ns()
        for i in range(2):
            res = comment(c, {"name": "Cora", "email": "cora@example.test", "body": "Thought %d-%d" % (i, stamp)})
            self.assertEqual(res.status, 303, res.body[:500])
        typed = {"name": "Cora Late 3TX", "email": "cora-late@example.test", "body": "Third thought 5QW-%d" % stamp}
        res = comment(c, typed)
        self.assert_form_again(res, typed.values(), "en", "too many requests from your network")
        self.assertEqual(scalar(self.srv, "SELECT count(*) FROM comments WHERE body = ?", typed["body"]), 0)
        self.assertEqual(scalar(self.srv, "SELECT count(*) FROM comments WHERE body LIKE ?", "Thought %%-%d" % stamp), 2)
        # A mistake costs nothing (400, not counted); another address is not affected.
        other = self.client(fresh_address())
        self.assertEqual(comment(other, dict(typed, body="  ")).status, 400)
        self.assertEqual(comment(other, typed).status, 303)
        self.assertEqual(comment(other, dict(typed, body=typed["body"] + " again")).status, 303)

    def test_votes_are_limited_per_address_even_from_a_new_visitor_each_time(self):
        address = fresh_address()
        first = self.client(address)
        article = re.search(r'href="(/kb/articles/(\d+)-[^"#?]*)"', first.get("/kb").body)
        self.assertTrue(article)
        article_id = int(article.group(2))
        action = "/kb/articles/%d/vote" % article_id

        def vote(client, value, json_answer=False):
            token = form_token(client.get(article.group(1)).body)
            headers = {"Accept": "application/json"} if json_answer else {}
            return client.post(action, {"value": value, "_dp_csrf_token": token}, headers=headers)

        def votes():
            return scalar(self.srv, "SELECT count(*) FROM votes WHERE article_id = ?", article_id)

        before = votes()
        # Three ballots from three cookie jars (three visitors) on one address: all counted.
        for _ in range(3):
            self.assertEqual(vote(self.client(address), "up").status, 303)
        self.assertEqual(votes(), before + 3)
        # The fourth, from yet another new visitor, is refused and not stored.
        res = vote(self.client(address), "up")
        self.assertEqual(res.status, 429, res.body[:500])
        self.assertRegex(res.header("Retry-After") or "", r"^[1-9][0-9]*$")
        self.assertIn("too many requests from your network", res.body)
        res = vote(self.client(address), "down", json_answer=True)
        self.assertEqual(res.status, 429)
        self.assertRegex(res.header("Retry-After") or "", r"^[1-9][0-9]*$")
        self.assertIn("too many requests from your network", json.loads(res.body)["error"])
        self.assertEqual(votes(), before + 3)
        # An invalid value costs nothing (400, not counted); another address is not affected.
        other = self.client(fresh_address())
        self.assertEqual(vote(other, "sideways").status, 400)
        res = vote(other, "down", json_answer=True)
        self.assertEqual(res.status, 200, res.body[:300])
        self.assertEqual(json.loads(res.body)["mine"], "down")
        self.assertEqual(votes(), before + 4)
        metrics = self.srv.client().get("/metrics").body
        self.assertRegex(metrics, r"(?m)^deskd_rate_limit_votes_refused_total 2$")

    def test_contact_form_confirmation_mail_carries_only_the_typed_subject(self):
        to = "target-%d@example.test" % time.monotonic_ns()
        res = self.post_form(self.client(fresh_address()), "/new-ticket",
                             {"name": "Cheap pills at http://spam.example", "email": to,
                              "subject": "Your invoice 5512", "message": "Pay at http://spam.example/pay"})
        self.assertEqual(res.status, 303, res.body[:500])
        [mail] = outbox(self.srv, to)
        self.assertIn("Your invoice 5512", mail["subject"])
        for typed in ("spam.example", "Cheap pills", "Your invoice"):
            self.assertNotIn(typed, mail["body"])

    def register(self, address, name, email, password="long enough pw", confirm=None):
        return self.post_form(self.client(address), "/register",
                              {"name": name, "email": email, "password": password,
                               "password_confirm": password if confirm is None else confirm})

    def test_registration_is_limited_per_address_and_keeps_what_was_typed(self):
        address = fresh_address()
        stamp = time.monotonic_ns()
        # A mistake costs nothing (no hash, no mail).
        self.assertEqual(self.register(address, "Typo", "typo-%d@example.test" % stamp, confirm="other pw").status,
                         400)
        for i in range(2):
            res = self.register(address, "Person %d" % i, "person%d-%d@example.test" % (i, stamp))
            self.assertEqual(res.status, 200, res.body[:500])
            self.assertIn("Thank you for registering", res.body)
        email = "third-%d@example.test" % stamp
        res = self.register(address, "Third Person 4KZ", email, password="secret password 8PL")
        self.assert_form_again(res, ["Third Person 4KZ", email], "en", "too many requests from your network")
        self.assertNotIn("secret password 8PL", res.body)
        self.assertEqual(scalar(self.srv, "SELECT count(*) FROM people WHERE email = ?", email), 0)
        self.assertEqual(outbox(self.srv, email), [])
        self.assertEqual(self.register(fresh_address(), "Fourth", "fourth-%d@example.test" % stamp).status, 200)

    def test_welcome_mail_carries_nothing_typed(self):
        email = "welcome-%d@example.test" % time.monotonic_ns()
        res = self.register(fresh_address(), "Visit http://spam.example today", email)
        self.assertEqual(res.status, 200, res.body[:500])
        [mail] = outbox(self.srv, email)
        self.assertEqual(mail["kind"], "register_welcome")
        self.assertNotIn("spam.example", mail["body"])
        self.assertNotIn("spam.example", mail["subject"])


class AgentQueuePagingTest(MessengerApi, ServerTestCase, unittest.TestCase):
    """Item 3: a flooded queue costs an agent socket one bounded frame."""

    FLOOD = 70

    @classmethod
    def setup_servers(cls):
        off = {k: "0" for k in LIMITS}
        off["DESKD_LIMITS_OPEN_CHATS_PER_VISITOR"] = "0"
        cls.srv = cls.start_server(demo=True, config_text=CONFIG, env=off)

    def agent_ws(self):
        email, password = self.srv.demo_accounts["agent"]
        c = self.srv.client()
        self.assertEqual(c.login(email, password, base="/agent").status, 303)
        return WebSocket(self.srv.host, self.srv.port, "/agent/ws",
                         headers={"Origin": self.srv.origin, "Cookie": c.cookie_header()})

    def test_welcome_carries_the_newest_page_and_the_total_and_deltas_keep_the_total(self):
        v = self.visitor()
        ids = [self.data(self.start(v, message="flood %d " % i + "x" * 4000), 201)["chat"]["id"]
               for i in range(self.FLOOD)]
        agent = self.agent_ws()
        for _ in range(5):  # the roster may come first
            opcode, payload = agent.recv_frame(10)
            self.assertEqual(opcode, OP_TEXT)
            welcome = json.loads(payload)
            if welcome["type"] == "queue":
                break
        self.assertEqual(welcome["type"], "queue")
        self.assertEqual(welcome["total"], self.FLOOD)
        self.assertEqual(welcome["limit"], 50)
        self.assertEqual([c["id"] for c in welcome["chats"]], ids[-50:])  # the newest 50, oldest of them first
        self.assertLess(len(payload), 50 * 5000)

        # Deltas carry the new total.
        extra = self.data(self.start(v), 201)["chat"]["id"]
        queued, _ = agent.recv_until(lambda m: m["type"] == "queued")
        self.assertEqual((queued["chat"]["id"], queued["total"]), (extra, self.FLOOD + 1))
        agent.send_json({"type": "end", "chat_id": ids[-1]})
        gone, _ = agent.recv_until(lambda m: m["type"] == "dequeued")
        self.assertEqual((gone["chat_id"], gone["total"]), (ids[-1], self.FLOOD))
        agent.send_json({"type": "accept", "chat_id": ids[0]})
        gone, _ = agent.recv_until(lambda m: m["type"] == "dequeued")
        self.assertEqual((gone["chat_id"], gone["total"]), (ids[0], self.FLOOD - 1))

        # The console asks for the page again when its list ran short.
        agent.send_json({"type": "queue"})
        page, _ = agent.recv_until(lambda m: m["type"] == "queue")
        self.assertEqual(page["total"], self.FLOOD - 1)
        self.assertEqual([c["id"] for c in page["chats"]], (ids[1:-1] + [extra])[-50:])
        # Queued chats show the visitor's last messages only, however long the thread.
        for i in range(5):
            self.data(self.api("POST", "/chats/%d/messages" % extra, {"body": "more %d" % i, "client_id": "m%d" % i},
                               visitor=v), 201)
        agent.send_json({"type": "queue"})
        page, _ = agent.recv_until(lambda m: m["type"] == "queue")
        self.assertEqual([m["body"] for m in page["chats"][-1]["messages"]], ["more 2", "more 3", "more 4"])
        agent.close()


class WalTest(MessengerApi, ServerTestCase, unittest.TestCase):
    """Item 6: the WAL does not keep the size a burst gave it."""

    LIMIT = 256 * 1024

    @classmethod
    def setup_servers(cls):
        env = {k: "0" for k in LIMITS}
        env.update({"DESKD_LIMITS_WAL_SIZE_LIMIT_BYTES": str(cls.LIMIT), "DESKD_LIMITS_WAL_CHECKPOINT_INTERVAL_S": "1"})
        cls.srv = cls.start_server(config_text=CONFIG, env=env)

    def wal_bytes(self):
        try:
            return os.path.getsize(os.path.join(self.srv.data_dir, "deskd.db-wal"))
        except OSError:
            return 0

    def test_wal_is_cut_back_after_a_burst(self):
        v = self.visitor()
        chat = self.data(self.start(v), 201)["chat"]["id"]
        body = "€" * 5000  # 15 KB of UTF-8 per message
        for i in range(500):  # about 7.5 MB, beyond SQLite's own 1000-page checkpoint
            self.data(self.api("POST", "/chats/%d/messages" % chat, {"body": body, "client_id": "w%d" % i},
                               visitor=v, address="127.0.0.1"), 201)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.wal_bytes() > self.LIMIT:
            time.sleep(0.2)
        self.assertLessEqual(self.wal_bytes(), self.LIMIT)
        self.assertEqual(scalar(self.srv, "SELECT count(*) FROM chat_messages WHERE chat_id = ?", chat), 501)


class PageViewLimitTest(ServerTestCase, unittest.TestCase):
    """One cookie reloading an article cannot grow page_views without bound:
    limits.page_views_per_visitor_per_minute views are recorded and counted, the rest only served."""

    LIMIT = 5

    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True, env={"DESKD_LIMITS_PAGE_VIEWS_PER_VISITOR_PER_MINUTE": str(cls.LIMIT)})

    def article(self):
        page = self.srv.client().get("/kb").body
        path = re.search(r'href="(/kb/articles/(\d+)-[^"]+)"', page)
        self.assertIsNotNone(path, "no article link on /kb")
        return path.group(1), int(path.group(2))

    def views_of(self, visitor):
        return self.srv.query("SELECT count(*) FROM page_views WHERE visitor_id = ?", visitor)[0][0]

    def test_views_beyond_the_limit_are_served_but_not_recorded(self):
        path, aid = self.article()
        count_before = self.srv.query("SELECT view_count FROM kb_articles WHERE id = ?", aid)[0][0]
        flooder = self.srv.client()
        for _ in range(self.LIMIT + 7):
            self.assertEqual(flooder.get(path).status, 200)
        visitor = flooder.jar["dp_v"]
        self.assertEqual(wait_for(lambda: self.views_of(visitor) >= self.LIMIT and self.views_of(visitor)), self.LIMIT)
        time.sleep(0.6)  # more than the page-view writer's interval (250 ms): nothing else arrives
        self.assertEqual(self.views_of(visitor), self.LIMIT)
        self.assertEqual(self.srv.query("SELECT view_count FROM kb_articles WHERE id = ?", aid)[0][0],
                         count_before + self.LIMIT)

        # Another visitor is recorded as before.
        reader = self.srv.client()
        self.assertEqual(reader.get(path).status, 200)
        self.assertTrue(wait_for(lambda: self.views_of(reader.jar["dp_v"]) == 1))

        metrics = self.srv.client().get("/metrics").body
        refused = re.search(r"^deskd_rate_limit_page_views_refused_total (\d+)$", metrics, re.M)
        self.assertIsNotNone(refused, "no page_views refusal counter in /metrics")
        self.assertGreaterEqual(int(refused.group(1)), 7)


if __name__ == "__main__":
    unittest.main()
