"""Issue #14: an open /agent/ws closes within a second when the agent session it was opened
with ends — logout, "end session" in My sessions, an admin's revoke, a password change, the
agent being disabled or their role changing — while the agent's other sockets stay open.

The socket is closed with code 4001 ("session ended"); the agent console sends the agent to
the login page on that code instead of reconnecting.
"""

import re
import socket
import time
import unittest

from deskd_server import ServerTestCase, form_token
from wsclient import Closed, WebSocket

ADMIN = ("admin@example.test", "admin password 1", "admin")
AGENTS = [("agent%d@example.test" % i, "agent password %d" % i, "agent") for i in range(8)]
SESSION_ENDED = 4001
WITHIN_S = 1.0


def post_form(c, page_path, action, fields=None):
    data = {"_dp_csrf_token": form_token(c.get(page_path).body)}
    data.update(fields or {})
    return c.post(action, data)


class AgentSocketSessionTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[ADMIN] + AGENTS)
        cls._next_agent = iter(AGENTS)

    # -- helpers -------------------------------------------------------------

    def agent(self):
        """A fresh agent account for this test (the actions below end sessions for good)."""
        return next(self._next_agent)

    def login(self, who, base="/agent"):
        c = self.srv.client()
        res = c.login(who[0], who[1], base=base)
        self.assertEqual(res.status, 303, res.body[:500])
        return c

    def socket(self, client):
        ws = WebSocket(self.srv.host, self.srv.port, "/agent/ws",
                       headers={"Origin": self.srv.origin, "Cookie": client.cookie_header()})
        ws.recv_until(lambda m: m["type"] == "queue")
        return ws

    def assert_closed_soon(self, ws):
        deadline = time.monotonic() + WITHIN_S
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.fail("the socket is still open %.1f s after its session ended" % WITHIN_S)
            try:
                ws.recv(left)
            except Closed as closed:
                self.assertEqual(closed.code, SESSION_ENDED, closed.reason)
                self.assertEqual(closed.reason, "session ended")
                return
            except socket.timeout:
                self.fail("the socket is still open %.1f s after its session ended" % WITHIN_S)

    def assert_still_open(self, ws):
        ws.drain(0.3)  # raises Closed if the server closed it
        ws.send_json({"type": "presence", "status": "online"})
        ws.drain(0.2)

    def session_rows(self, c, base):
        page = c.get(base + "/sessions").body
        return re.findall(r'<tr class="session( current)?">(.*?)</tr>', page, re.S)

    # -- the ways a session ends ---------------------------------------------

    def test_logout_closes_that_sessions_socket_only(self):
        who = self.agent()
        one, two = self.login(who), self.login(who)
        ws_one, ws_two = self.socket(one), self.socket(two)
        res = post_form(one, "/agent/sessions", "/agent/logout")
        self.assertEqual(res.status, 303)
        self.assert_closed_soon(ws_one)
        self.assert_still_open(ws_two)
        ws_two.close()

    def test_ending_a_session_in_my_sessions_closes_its_socket(self):
        who = self.agent()
        mine, other = self.login(who), self.login(who)
        ws_other, ws_mine = self.socket(other), self.socket(mine)
        rows = [body for cur, body in self.session_rows(mine, "/agent") if not cur]
        self.assertEqual(len(rows), 1)
        action = re.search(r'action="(/agent/sessions/\d+/end)"', rows[0]).group(1)
        self.assertEqual(post_form(mine, "/agent/sessions", action).status, 303)
        self.assert_closed_soon(ws_other)
        self.assert_still_open(ws_mine)
        ws_mine.close()

    def test_admin_revoking_the_session_closes_its_socket(self):
        who = self.agent()
        ws = self.socket(self.login(who))
        admin = self.login(ADMIN, "/admin")
        page = admin.get("/admin/sessions").body
        row = [r for r in re.findall(r'<tr class="session"[^>]*>(.*?)</tr>', page, re.S) if who[0] in r]
        self.assertEqual(len(row), 1, page)
        action = re.search(r'action="(/admin/sessions/\d+/revoke)"', row[0]).group(1)
        self.assertEqual(post_form(admin, "/admin/sessions", action).status, 303)
        self.assert_closed_soon(ws)

    def test_admin_ending_all_sessions_closes_every_socket(self):
        who = self.agent()
        sockets = [self.socket(self.login(who)) for _ in range(2)]
        admin = self.login(ADMIN, "/admin")
        pid = self.person_id(admin, who[0])
        res = post_form(admin, "/admin/sessions", "/admin/people/%s/sessions/revoke-all" % pid)
        self.assertEqual(res.status, 303)
        for ws in sockets:
            self.assert_closed_soon(ws)

    def test_disabling_the_agent_closes_their_sockets(self):
        who = self.agent()
        sockets = [self.socket(self.login(who)) for _ in range(2)]
        bystander = self.socket(self.login(self.agent()))
        admin = self.login(ADMIN, "/admin")
        pid = self.person_id(admin, who[0])
        self.assertEqual(post_form(admin, "/admin/people", "/admin/people/%s/disable" % pid).status, 303)
        for ws in sockets:
            self.assert_closed_soon(ws)
        self.assert_still_open(bystander)
        bystander.close()

    def test_a_role_change_closes_the_socket(self):
        who = self.agent()
        ws = self.socket(self.login(who))
        admin = self.login(ADMIN, "/admin")
        pid = self.person_id(admin, who[0])
        res = post_form(admin, "/admin/people", "/admin/people/%s/role" % pid, {"role": "user"})
        self.assertEqual(res.status, 303)
        self.assert_closed_soon(ws)

    def test_a_password_change_closes_the_other_sessions_sockets(self):
        who = self.agent()
        ws = self.socket(self.login(who))
        portal = self.login(who, "")
        res = post_form(portal, "/account", "/account/password", {
            "current_password": who[1], "password": "a brand new password", "password_confirm": "a brand new password"})
        self.assertEqual(res.status, 303, res.body[:500])
        self.assert_closed_soon(ws)

    def person_id(self, admin, email):
        page = admin.get("/admin/people").body
        m = re.search(r'<tr id="person-(\d+)"[^>]*>\s*<td>' + re.escape(email), page)
        self.assertIsNotNone(m, page)
        return m.group(1)


if __name__ == "__main__":
    unittest.main()
