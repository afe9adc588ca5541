"""The helpdesk answers only to its own names; absolute URLs never come from a request (SPEC §7, issue #9).

Also: values from requests cannot forge log lines, and a remembered portal user who follows a link
into the agent interface keeps Remember Me (issue #14).
"""

import os
import re
import sqlite3
import unittest

from deskd_server import ServerTestCase, form_token, wait_for

USER = ("user@hosts.test", "user password 1", "user")
ADMIN = ("admin@hosts.test", "admin password 1", "admin")


def outbox(srv):
    path = os.path.join(srv.data_dir, "deskd.db")
    with sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=10) as con:
        return [dict(to=r[0], body=r[1]) for r in con.execute("SELECT recipient, body FROM outbox ORDER BY id")]


def reset_request(srv, host):
    """POST /reset-password for USER with the given Host header (token fetched with a good Host)."""
    c = srv.client()
    page = c.get("/reset-password")
    return c.post("/reset-password", {"_dp_csrf_token": form_token(page.body), "email": USER[0]},
                  headers={"Host": host, "Origin": "http://" + host})


class OwnNamesWithoutPublicUrlTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER])

    def test_a_forged_host_gets_400_and_no_mail(self):
        before = len(outbox(self.srv))
        res = reset_request(self.srv, "evil.example")
        self.assertEqual(res.status, 400)
        self.assertEqual(len(outbox(self.srv)), before)
        for path in ("/", "/messenger/loader.js", "/messenger/setup", "/login", "/agent/login"):
            with self.subTest(path=path):
                self.assertEqual(self.srv.client().get(path, headers={"Host": "evil.example"}).status, 400)
        # deskd writes the line before it answers; the test's reader thread may read it later.
        self.assertTrue(wait_for(lambda: any("server.allowed_hosts" in line and "evil.example" in line
                                             for line in list(self.srv.output))))

    def test_the_listen_address_and_localhost_are_own_names(self):
        port = self.srv.port
        for host in ("127.0.0.1:%d" % port, "localhost:%d" % port, "LOCALHOST:%d" % port):
            with self.subTest(host=host):
                self.assertEqual(self.srv.client().get("/", headers={"Host": host}).status, 200)
        for host in ("127.0.0.1", "localhost:1", "127.0.0.1:%d.evil" % port, "127.0.0.1:%d@evil" % port):
            with self.subTest(host=host):
                self.assertEqual(self.srv.client().get("/", headers={"Host": host}).status, 400)

    def test_links_use_the_listen_address_whatever_own_name_was_used(self):
        res = reset_request(self.srv, "localhost:%d" % self.srv.port)
        self.assertIn(res.status, (200, 303))
        mail = outbox(self.srv)[-1]
        self.assertIn(self.srv.origin + "/reset-password/", mail["body"])
        self.assertNotIn("localhost", mail["body"])
        loader = self.srv.client().get("/messenger/loader.js", headers={"Host": "localhost:%d" % self.srv.port})
        self.assertEqual(loader.status, 200)
        self.assertIn(self.srv.origin, loader.body)
        self.assertNotIn("localhost", loader.body)

    def test_health_checks_answer_any_host(self):
        self.assertEqual(self.srv.client().get("/healthz", headers={"Host": "10.0.0.7:8080"}).status, 200)

    def test_request_values_cannot_forge_a_log_line(self):
        forged = "/kb/articles/1%0ats=0%20level=error%20FORGED/vote"
        self.srv.client().post(forged, {})
        self.srv.client().get("/search?q=x%0aFORGED2", headers={"User-Agent": "ua\tFORGED3"})

        def forged_lines():
            lines = [line for line in list(self.srv.output) if "FORGED" in line]
            # With the last request's line read, every earlier line is read too (one ordered pipe).
            return lines if any("FORGED2" in line for line in lines) else []

        logged = wait_for(forged_lines)
        self.assertTrue(logged, "the requests were not logged at all")
        for line in logged:  # each value stays inside the access-log line of its request
            self.assertFalse(line.startswith(("ts=0 ", "FORGED")), line)
            self.assertIn(" 127.0.0.1 ", line)


class OwnNamesWithPublicUrlTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER], env={"DESKD_SERVER_PUBLIC_URL": "https://help.example.com",
                                                      "DESKD_SERVER_ALLOWED_HOSTS": "alias.example"})

    def test_public_url_host_aliases_and_listen_address_are_own_names(self):
        for host in ("help.example.com", "help.example.com:443", "alias.example", "alias.example:%d" % self.srv.port,
                     self.srv.host_header):
            with self.subTest(host=host):
                self.assertEqual(self.srv.client().get("/", headers={"Host": host}).status, 200)
        for host in ("evil.example", "help.example.com.evil.example", "help.example.com:8443"):
            with self.subTest(host=host):
                self.assertEqual(self.srv.client().get("/", headers={"Host": host}).status, 400)

    def test_links_use_the_public_url(self):
        c = self.srv.client()
        page = c.get("/reset-password", headers={"Host": "alias.example"})
        res = c.post("/reset-password", {"_dp_csrf_token": form_token(page.body), "email": USER[0]},
                     headers={"Host": "alias.example", "Origin": "https://help.example.com"})
        self.assertIn(res.status, (200, 303))
        self.assertRegex(outbox(self.srv)[-1]["body"], r"https://help\.example\.com/reset-password/[A-Za-z0-9_-]{43}")
        loader = self.srv.client().get("/messenger/loader.js", headers={"Host": "alias.example"})
        self.assertIn("https://help.example.com", loader.body)
        self.assertNotIn("alias.example", loader.body)


class RememberedUserVisitingTheAgentAreaTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER, ADMIN])

    def test_an_admins_portal_remember_me_never_opens_the_admin_console(self):
        c = self.srv.client()
        page = c.get("/login")
        res = c.post("/login", {"_dp_csrf_token": form_token(page.body), "email": ADMIN[0], "password": ADMIN[1],
                                "remember_me": "1"})
        self.assertEqual(res.status, 303)
        for jar in (dict(c.jar), {"dpreme": c.jar["dpreme"]}):  # with the portal session, then the token alone
            for path in ("/admin/people", "/admin/settings", "//admin/people", "/%2Fadmin/people"):
                res = c.get(path, cookies="; ".join("%s=%s" % kv for kv in jar.items()), update_jar=False)
                with self.subTest(path=path, cookies=sorted(jar)):
                    self.assertIn(res.status, (303, 308, 400))
                    if res.status == 303:
                        self.assertTrue(res.header("Location").startswith("/admin/login?"))
                    self.assertIsNone(res.set_cookie("dpsid-admin"))

    def test_a_portal_remember_me_token_survives_a_visit_to_agent_pages(self):
        c = self.srv.client()
        page = c.get("/login")
        res = c.post("/login", {"_dp_csrf_token": form_token(page.body), "email": USER[0], "password": USER[1],
                                "remember_me": "1"})
        self.assertEqual(res.status, 303)
        token = c.jar["dpreme"]
        c.jar.pop("dpsid-portal")  # a new browser session: only the remembered token is left
        res = c.get("/agent/tickets")
        self.assertEqual(res.status, 303)
        self.assertIsNone(res.set_cookie("dpreme"), "the portal token was cleared or rotated on /agent")
        self.assertEqual(c.jar["dpreme"], token)
        home = c.get("/")  # still signs in on the portal, with the very same token
        self.assertEqual(home.status, 200)
        self.assertIn('action="/logout"', home.body)
        self.assertIsNotNone(home.set_cookie("dpreme"))


if __name__ == "__main__":
    unittest.main()
