"""IP allow-lists of the Agent and Admin areas (SPEC §12, issue #12 item 2).

deskd runs with 127.0.0.1 as a trusted proxy, so a test chooses its client address with
X-Forwarded-For; a peer that is not a trusted proxy cannot.
"""

import re
import socket
import unittest

from deskd_server import ServerTestCase, form_token, status_of

ADMIN = ("admin@networks.test", "admin password 1", "admin")
AGENT = ("agent@networks.test", "agent password 1", "agent")
OFFICE = "10.1.2.3"
ELSEWHERE = "192.0.2.55"


def from_(address, **headers):
    headers["X-Forwarded-For"] = address
    return headers


class AllowListTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[ADMIN, AGENT], env={
            "DESKD_SERVER_TRUSTED_PROXIES": "127.0.0.1",
            "DESKD_SECURITY_ADMIN_NETWORKS": "10.0.0.0/8",
            "DESKD_SECURITY_AGENT_NETWORKS": "10.0.0.0/8, 2001:db8::/32",
        })

    def test_outside_the_list_every_staff_request_is_403_in_the_visitors_language(self):
        c = self.srv.client()
        for path in ("/agent/login", "/agent/", "/agent/tickets", "/admin/login", "/admin/people"):
            with self.subTest(path=path):
                res = c.get(path, headers=from_(ELSEWHERE))
                self.assertEqual(res.status, 403)
                self.assertIn("approved networks", res.body)
                self.assertIsNone(res.set_cookie("_dp_csrf_token"))
        res = c.get("/admin/login", headers=from_(ELSEWHERE, **{"Accept-Language": "da"}))
        self.assertEqual(res.status, 403)
        self.assertIn('<html lang="da"', res.body)
        self.assertIn("godkendte netværk", res.body)
        # Posts (sign-in) are refused too, before any password is checked.
        res = c.post("/agent/login", {"email": AGENT[0], "password": AGENT[1]}, headers=from_(ELSEWHERE))
        self.assertEqual(res.status, 403)

    def test_inside_the_list_staff_areas_work_and_the_portal_is_open_to_all(self):
        c = self.srv.client(headers=from_(OFFICE))
        self.assertEqual(c.get("/admin/login").status, 200)
        self.assertEqual(c.login(AGENT[0], AGENT[1], base="/agent").status, 303)
        self.assertEqual(c.get("/agent/tickets").status, 200)
        v6 = self.srv.client(headers=from_("2001:db8::7"))
        self.assertEqual(v6.get("/agent/login").status, 200)
        self.assertEqual(v6.get("/admin/login").status, 403)
        self.assertEqual(self.srv.client().get("/", headers=from_(ELSEWHERE)).status, 200)

    def test_the_agent_websocket_is_refused_outside_the_list(self):
        c = self.srv.client(headers=from_(OFFICE))
        c.login(AGENT[0], AGENT[1], base="/agent")
        head = ("GET /agent/ws HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: %s\r\n"
                "Cookie: %s\r\nX-Forwarded-For: %s\r\n\r\n")
        for address, expected in ((ELSEWHERE, 403), (OFFICE, 101)):
            with socket.create_connection((self.srv.host, self.srv.port), timeout=5) as s:
                s.sendall((head % (self.srv.host_header, self.srv.origin, c.cookie_header(), address)).encode())
                self.assertEqual(status_of(s.recv(4096)), expected, address)

    def test_only_a_trusted_proxy_can_name_the_client(self):
        with socket.socket() as s:
            s.bind(("127.0.0.2", 0))  # not a trusted proxy
            s.settimeout(5)
            s.connect((self.srv.host, self.srv.port))
            s.sendall(("GET /admin/login HTTP/1.1\r\nHost: %s\r\nX-Forwarded-For: %s\r\nConnection: close\r\n\r\n"
                       % (self.srv.host_header, OFFICE)).encode())
            self.assertEqual(status_of(s.recv(4096)), 403)

    def test_a_client_line_before_the_proxys_line_cannot_name_an_allowed_address(self):
        # A proxy that appends its own X-Forwarded-For line keeps the client's line first:
        # the lines are one list, read from the right like a single line.
        for lines in (("10.9.9.9", ELSEWHERE), ("10.9.9.9, 10.8.8.8", ELSEWHERE)):
            head = "GET /admin/login HTTP/1.1\r\nHost: %s\r\n" % self.srv.host_header
            head += "".join("X-Forwarded-For: %s\r\n" % line for line in lines) + "Connection: close\r\n\r\n"
            with self.subTest(lines=lines):
                self.assertEqual(status_of(self.srv.raw(head.encode())), 403)
        head = ("GET /admin/login HTTP/1.1\r\nHost: %s\r\nX-Forwarded-For: %s\r\nX-Forwarded-For: %s\r\n"
                "Connection: close\r\n\r\n" % (self.srv.host_header, ELSEWHERE, OFFICE))
        self.assertEqual(status_of(self.srv.raw(head.encode())), 200)

    def test_outside_the_list_unknown_staff_paths_and_methods_are_403_too(self):
        # Nothing tells an outsider which staff routes exist.
        c = self.srv.client()
        for method, path in (("GET", "/agent/no-such-page"), ("GET", "/admin/xyz"), ("PUT", "/agent/login"),
                             ("POST", "/agent"), ("PUT", "/admin/api-keys"), ("POST", "/agent/ws")):
            with self.subTest(method=method, path=path):
                self.assertEqual(c.request(method, path, body=b"", headers=from_(ELSEWHERE)).status, 403)
        inside = self.srv.client(headers=from_(OFFICE))
        self.assertEqual(inside.get("/agent/no-such-page").status, 404)
        self.assertEqual(inside.request("PUT", "/agent/login", body=b"").status, 405)

    def test_an_admin_cannot_save_a_list_that_locks_them_out(self):
        c = self.srv.client(headers=from_(OFFICE))
        self.assertEqual(c.login(ADMIN[0], ADMIN[1], base="/admin").status, 303)
        page = c.get("/admin/settings")
        self.assertEqual(page.status, 200)
        res = c.post("/admin/settings", {"_dp_csrf_token": form_token(page.body),
                                         "security.admin_networks": "192.0.2.0/24"})
        self.assertEqual(res.status, 409)
        self.assertIn(OFFICE, res.body)
        self.assertIn("192.0.2.0/24", res.body)  # what was typed is kept
        self.assertEqual(self.srv.client().get("/admin/login", headers=from_(OFFICE)).status, 200)  # unchanged
        res = c.post("/admin/settings", {"_dp_csrf_token": form_token(page.body),
                                         "security.admin_networks": "not a network"})
        self.assertEqual(res.status, 400)
        res = c.post("/admin/settings", {"_dp_csrf_token": form_token(page.body),
                                         "security.admin_networks": "10.0.0.0/8, 198.18.0.0/15"})
        self.assertEqual(res.status, 303)
        self.assertEqual(self.srv.client().get("/admin/login", headers=from_("198.19.0.9")).status, 200)
        self.assertEqual(self.srv.client().get("/admin/login", headers=from_("198.51.100.1")).status, 403)
        settings = c.get("/admin/settings").body
        self.assertTrue(re.search(r'value="10\.0\.0\.0/8, 198\.18\.0\.0/15"', settings))


if __name__ == "__main__":
    unittest.main()
