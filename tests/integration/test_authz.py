"""Who may do what follows from the route that answers (SPEC §7, issue #9).

Walks every registered route (`deskd routes`) with every spelling trick of its
path as anonymous, portal user, an admin signed in on the portal only, agent
and admin, and asserts:
  * a spelling that is not the canonical path never reaches a handler: a safe
    request is redirected (308) to the canonical path, anything else is 400;
  * one trailing slash answers exactly as the canonical path;
  * a staff route (every /agent and /admin route but sign-in and sign-out)
    sends a role its area does not admit to that area's sign-in form (GET),
    refuses its posts (403, typed fields kept) and its WebSocket upgrades.
"""

import re
import socket
import subprocess
import tempfile
import unittest
import urllib.parse

from deskd_server import DESKD_BIN, ServerTestCase, form_token

USER = ("user@authz.test", "user password 1", "user")
AGENT = ("agent@authz.test", "agent password 1", "agent")
ADMIN = ("admin@authz.test", "admin password 1", "admin")

# The two-factor step belongs to signing in: the person is not signed in yet.
OPEN_STAFF_ROUTES = {"/agent/login", "/agent/logout", "/admin/login", "/admin/logout",
                     "/agent/login/two-factor", "/admin/login/two-factor"}
LOGIN_OF_AREA = {"agent": "/agent/login", "admin": "/admin/login"}
# The roles each staff area admits, by client name.
ADMITTED = {"agent": {"agent", "admin_agent"}, "admin": {"admin"}}


def list_routes():
    with tempfile.TemporaryDirectory() as data:
        out = subprocess.run([DESKD_BIN, "routes", "--data", data], capture_output=True, text=True, timeout=60,
                             check=True).stdout
    routes = []
    for line in out.splitlines():
        parts = line.split()
        routes.append({"method": parts[0], "pattern": parts[1], "area": parts[2], "access": parts[3],
                       "websocket": "websocket" in parts[4:]})
    return routes


def upgrade_status(srv, path, cookie_header):
    """The status of a WebSocket upgrade request for `path` (read from the head only)."""
    head = ("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: %s\r\n"
            "Cookie: %s\r\n\r\n") % (path, srv.host, srv.port, srv.origin, cookie_header)
    with socket.create_connection((srv.host, srv.port), timeout=5) as s:
        s.sendall(head.encode())
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    m = re.match(rb"HTTP/1\.1 (\d{3})", data)
    return int(m.group(1)) if m else None


def concrete(pattern):
    """A path for the pattern: every parameter becomes "1" (a tail "x.css")."""
    return re.sub(r"\{[^}]+\}", lambda m: "x.css" if m.group(0).startswith("{*") else "1", pattern)


def spellings(path):
    """(spelling, canonical it should redirect to, or None when it must be refused with 400)."""
    rest = path[1:]
    first, _, tail = rest.partition("/")
    out = [("/" + path, path), ("/./" + rest, path), ("/kb/../" + rest, path), ("/%2F" + rest, None),
           ("/%2f" + rest, None), ("/%5C" + rest, None), ("/%2e/" + rest, path)]
    if tail:
        out.append(("/" + first + "//" + tail, path))
        out.append(("/" + first + "/%2F" + tail, None))
    out.append((path.rstrip("/") + "//", path.rstrip("/") + "/"))
    return out


class AuthorizationFollowsTheRouteTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.routes = list_routes()
        cls.srv = cls.start_server(users=[USER, AGENT, ADMIN])
        cls.clients = {"anonymous": cls.srv.client()}
        cls.clients["user"] = cls.signed_in(USER, "")
        cls.clients["admin_portal"] = cls.signed_in(ADMIN, "")
        cls.clients["agent"] = cls.signed_in(AGENT, "/agent")
        cls.clients["admin_agent"] = cls.signed_in(ADMIN, "/agent")
        cls.clients["admin"] = cls.signed_in(ADMIN, "/admin")
        cls.tokens = {name: cls.token_of(name, c) for name, c in cls.clients.items()}

    @classmethod
    def signed_in(cls, who, base):
        c = cls.srv.client()
        res = c.login(who[0], who[1], base=base)
        assert res.status == 303, (who, base, res.status)
        return c

    @classmethod
    def token_of(cls, name, client):
        home = {"agent": "/agent/", "admin_agent": "/agent/", "admin": "/admin/"}.get(name, "/login")
        page = client.get(home)
        if page.status != 200:
            page = client.get("/")
        return form_token(page.body)

    def test_every_route_is_listed_with_its_area(self):
        patterns = {r["pattern"] for r in self.routes}
        for must in ("/", "/kb/articles/{id_slug}", "/agent/tickets", "/agent/ws", "/admin/people",
                     "/admin/settings", "/messenger/api/visitor", "/healthz", "/static/{*file}"):
            self.assertIn(must, patterns)
        for r in self.routes:
            area = r["pattern"].split("/")[1]
            if area in ("agent", "admin"):
                self.assertEqual(r["area"], area, r)
                expected = "anyone" if r["pattern"] in OPEN_STAFF_ROUTES else "member"
                self.assertEqual(r["access"], expected, r)

    def test_non_canonical_spellings_never_reach_a_handler(self):
        for r in self.routes:
            path = concrete(r["pattern"])
            if path == "/":
                continue
            for name, c in self.clients.items():
                for spelling, canonical in spellings(path):
                    with self.subTest(method=r["method"], spelling=spelling, role=name):
                        if r["method"] in ("GET", "HEAD", "OPTIONS") and canonical is not None:
                            res = c.request(r["method"], spelling + "?x=1", update_jar=False)
                            self.assertEqual(res.status, 308)
                            self.assertEqual(res.header("Location"), canonical + "?x=1")
                        else:
                            form = {"_dp_csrf_token": self.tokens[name], "body": "typed"}
                            res = c.request(r["method"], spelling, form=form, update_jar=False)
                            self.assertEqual(res.status, 400)

    def test_a_trailing_slash_answers_as_the_canonical_path(self):
        for r in self.routes:
            if r["method"] != "GET" or r["websocket"] or r["pattern"] == "/":
                continue
            path = concrete(r["pattern"]).rstrip("/")
            for name, c in self.clients.items():
                with self.subTest(path=path, role=name):
                    plain = c.get(path, update_jar=False)
                    slashed = c.get(path + "/", update_jar=False)
                    self.assertEqual(slashed.status, plain.status)
                    # The same target (a return_to may keep the slash).
                    self.assertEqual(slashed.header("Location", "").split("?")[0],
                                     plain.header("Location", "").split("?")[0])

    def test_case_variants_are_not_routes(self):
        for r in self.routes:
            path = concrete(r["pattern"])
            if r["method"] != "GET" or path.upper() == path:
                continue
            with self.subTest(path=path):
                self.assertEqual(self.clients["user"].get(path.upper(), update_jar=False).status, 404)

    def staff_routes(self):
        return [r for r in self.routes if r["access"] == "member"]

    def test_staff_pages_send_roles_the_area_does_not_admit_to_its_sign_in(self):
        for r in self.staff_routes():
            if r["method"] != "GET" or r["websocket"]:
                continue
            path = concrete(r["pattern"])
            for name, c in self.clients.items():
                res = c.get(path, update_jar=False)
                with self.subTest(path=path, role=name, status=res.status):
                    if name in ADMITTED[r["area"]]:
                        self.assertNotEqual(res.header("Location", "").split("?")[0], LOGIN_OF_AREA[r["area"]])
                        continue
                    self.assertEqual(res.status, 303)
                    self.assertEqual(res.header("Location"),
                                     LOGIN_OF_AREA[r["area"]] + "?return_to=" + urllib.parse.quote(path, safe="/"))

    def test_staff_posts_from_roles_the_area_does_not_admit_are_refused_and_keep_what_was_typed(self):
        for r in self.staff_routes():
            if r["method"] != "POST":
                continue
            path = concrete(r["pattern"])
            for name, c in self.clients.items():
                if name in ADMITTED[r["area"]]:
                    continue
                res = c.post(path, {"_dp_csrf_token": self.tokens[name], "body": "what I typed"}, update_jar=False)
                with self.subTest(path=path, role=name):
                    self.assertEqual(res.status, 403)
                    self.assertIn("what I typed", res.body)

    def test_staff_websockets_refuse_roles_the_area_does_not_admit(self):
        for r in self.staff_routes():
            if not r["websocket"]:
                continue
            path = concrete(r["pattern"])
            for name, c in self.clients.items():
                status = upgrade_status(self.srv, path, c.cookie_header())
                with self.subTest(path=path, role=name):
                    if name in ADMITTED[r["area"]]:
                        self.assertEqual(status, 101)
                    else:
                        self.assertIn(status, (401, 403))

    def test_issue_9_reproductions(self):
        user, admin_portal = self.clients["user"], self.clients["admin_portal"]
        # 1. A portal user's spellings of agent pages.
        for spelling in ("//agent/tickets?status=all", "/%2Fagent/tickets"):
            res = user.get(spelling, update_jar=False)
            self.assertIn(res.status, (308, 400), spelling)
            if res.status == 308:
                res = user.get(res.header("Location"), update_jar=False)
                self.assertEqual(res.status, 303)
                self.assertTrue(res.header("Location").startswith("/agent/login?"))
        # 2. An admin's portal session never opens the admin console.
        for path in ("/admin/people", "/admin/settings"):
            res = admin_portal.get(path, update_jar=False)
            self.assertEqual(res.status, 303, path)
            self.assertTrue(res.header("Location").startswith("/admin/login?"))
        res = admin_portal.get("//admin/people", update_jar=False)
        self.assertEqual((res.status, res.header("Location")), (308, "/admin/people"))


if __name__ == "__main__":
    unittest.main()
