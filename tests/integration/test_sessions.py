"""SPEC §1.1: the three session cookies as a browser and an attacker see them."""

import re
import secrets
import unittest

from deskd_server import SESSION_ID_RE, ServerTestCase, form_token

USER = ("user@example.test", "user password 1", "user")
AGENT = ("agent@example.test", "agent password 1", "agent")
ADMIN = ("admin@example.test", "admin password 1", "admin")

PORTAL_SID = r"^dpsid-portal=(" + SESSION_ID_RE + r"); Path=/; HttpOnly; SameSite=Lax$"
AGENT_SID = r"^dpsid-agent=(" + SESSION_ID_RE + r"); Path=/; HttpOnly; SameSite=Lax$"
ADMIN_SID = r"^dpsid-admin=(" + SESSION_ID_RE + r"); Path=/; HttpOnly; SameSite=Strict$"

LOGOUT_FORM = {
    "": '<form class="inline" method="post" action="/logout">',
    "/agent": '<form class="inline" method="post" action="/agent/logout">',
    "/admin": '<form class="inline" method="post" action="/admin/logout">',
}


def made_up_id():
    return secrets.token_urlsafe(32)  # 43 base64url chars, like a real id


def cleared(name):
    same_site = "Strict" if name == "dpsid-admin" else "Lax"
    return "%s=; Path=/; HttpOnly; SameSite=%s; Max-Age=0" % (name, same_site)


class SessionsTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER, AGENT, ADMIN])

    def signed_in_portal(self, c):
        res = c.get("/")
        return 'action="/logout"' in res.body

    def test_portal_login(self):
        c = self.srv.client()
        page = c.get("/login?return_to=/cookies")
        csrf_before = c.jar["_dp_csrf_token"]
        res = c.post("/login", {"_dp_csrf_token": form_token(page.body), "email": USER[0], "password": USER[1],
                                "return_to": "/cookies"})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/cookies")
        self.assertRegex(res.set_cookie("dpsid-portal") or "", PORTAL_SID)
        self.assertEqual(res.header("Cache-Control"), "no-store")
        csrf_line = res.set_cookie("_dp_csrf_token")
        self.assertIsNotNone(csrf_line, "the CSRF secret rotates at login")
        self.assertNotEqual(c.jar["_dp_csrf_token"], csrf_before)
        page = c.get("/cookies")
        self.assertEqual(page.status, 200)
        self.assertIn(LOGOUT_FORM[""], page.body)
        self.assertIn(USER[0], page.body)
        self.assertEqual(page.set_cookies, [])

    def test_login_without_return_to_goes_home(self):
        c = self.srv.client()
        res = c.login(USER[0], USER[1])
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/")

    def test_login_with_wrong_password_sets_no_session(self):
        c = self.srv.client()
        res = c.login(USER[0], "wrong password")
        self.assertEqual(res.status, 200)
        self.assertIsNone(res.set_cookie("dpsid-portal"))
        self.assertNotIn("wrong password", res.body)

    def test_fixation_attacker_id_is_not_adopted(self):
        planted = made_up_id()
        c = self.srv.client()
        c.jar["dpsid-portal"] = planted
        page = c.get("/login")
        self.assertEqual(page.set_cookie("dpsid-portal"), cleared("dpsid-portal"))
        c.jar["dpsid-portal"] = planted  # the attacker's cookie is still (re)planted at login time
        res = c.post("/login", {"_dp_csrf_token": form_token(page.body), "email": USER[0], "password": USER[1]})
        self.assertEqual(res.status, 303)
        m = re.match(PORTAL_SID, res.set_cookie("dpsid-portal") or "")
        self.assertIsNotNone(m, res.set_cookies)
        self.assertNotEqual(m.group(1), planted)
        attacker = self.srv.client()
        attacker.jar["dpsid-portal"] = planted
        self.assertFalse(self.signed_in_portal(attacker))
        self.assertTrue(self.signed_in_portal(c))

    def test_old_id_dies_when_a_session_logs_in_again(self):
        # No anonymous portal session exists before login in this build, so the
        # rotation is observed on a second login over a live session.
        c = self.srv.client()
        self.assertEqual(c.login(USER[0], USER[1]).status, 303)
        old = c.jar["dpsid-portal"]
        token = form_token(c.get("/").body)
        res = c.post("/login", {"_dp_csrf_token": token, "email": USER[0], "password": USER[1]})
        self.assertEqual(res.status, 303)
        new = c.jar["dpsid-portal"]
        self.assertNotEqual(new, old)
        stale = self.srv.client()
        stale.jar["dpsid-portal"] = old
        res = stale.get("/")
        self.assertNotIn('action="/logout"', res.body)
        self.assertEqual(res.set_cookie("dpsid-portal"), cleared("dpsid-portal"))
        self.assertTrue(self.signed_in_portal(c))

    def test_logout_clears_and_old_id_is_dead(self):
        c = self.srv.client()
        self.assertEqual(c.login(USER[0], USER[1]).status, 303)
        sid = c.jar["dpsid-portal"]
        home = c.get("/")
        res = c.post("/logout", {"_dp_csrf_token": form_token(home.body)})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.set_cookie("dpsid-portal"), cleared("dpsid-portal"))
        self.assertEqual(res.header("Cache-Control"), "no-store")
        self.assertFalse(self.signed_in_portal(c))
        replay = self.srv.client()
        replay.jar["dpsid-portal"] = sid
        res = replay.get("/")
        self.assertNotIn('action="/logout"', res.body)
        self.assertEqual(res.set_cookie("dpsid-portal"), cleared("dpsid-portal"))

    def test_signed_in_pages_show_logout_form_with_token(self):
        for base, who in (("", USER), ("/agent", AGENT), ("/admin", ADMIN)):
            with self.subTest(interface=base or "portal"):
                c = self.srv.client()
                res = c.login(who[0], who[1], base=base)
                self.assertEqual(res.status, 303)
                self.assertEqual(res.header("Location"), base + "/")
                page = c.get(base + "/")
                self.assertEqual(page.status, 200)
                i = page.body.find(LOGOUT_FORM[base])
                self.assertGreaterEqual(i, 0, page.body[:2000])
                form = page.body[i:page.body.find("</form>", i)]
                self.assertRegex(form, r'<input type="hidden" name="_dp_csrf_token" value="[A-Za-z0-9_-]+">')

    def test_agent_and_admin_session_cookies(self):
        c = self.srv.client()
        res = c.login(AGENT[0], AGENT[1], base="/agent")
        self.assertRegex(res.set_cookie("dpsid-agent") or "", AGENT_SID)
        self.assertIsNone(res.set_cookie("dpsid-portal"))
        self.assertEqual(res.header("Cache-Control"), "no-store")
        c = self.srv.client()
        res = c.login(ADMIN[0], ADMIN[1], base="/admin")
        self.assertEqual(res.status, 303)
        self.assertRegex(res.set_cookie("dpsid-admin") or "", ADMIN_SID)
        self.assertEqual(c.get("/admin/").status, 200)

    def test_staff_logout(self):
        for base, who, name in (("/agent", AGENT, "dpsid-agent"), ("/admin", ADMIN, "dpsid-admin")):
            with self.subTest(interface=base):
                c = self.srv.client()
                self.assertEqual(c.login(who[0], who[1], base=base).status, 303)
                sid = c.jar[name]
                page = c.get(base + "/")
                res = c.post(base + "/logout", {"_dp_csrf_token": form_token(page.body)})
                self.assertEqual(res.status, 303)
                self.assertEqual(res.header("Location"), base + "/login")
                self.assertEqual(res.set_cookie(name), cleared(name))
                replay = self.srv.client()
                replay.jar[name] = sid
                res = replay.get(base + "/")
                self.assertEqual(res.status, 303)
                self.assertTrue(res.header("Location").startswith(base + "/login"))

    def test_interface_isolation(self):
        sids = {}
        for base, who, name in (("", USER, "dpsid-portal"), ("/agent", AGENT, "dpsid-agent"),
                                ("/admin", ADMIN, "dpsid-admin")):
            c = self.srv.client()
            self.assertEqual(c.login(who[0], who[1], base=base).status, 303)
            sids[name] = c.jar[name]
        for source, sid in sids.items():
            for target in ("dpsid-agent", "dpsid-admin"):
                if target == source:
                    continue
                with self.subTest(copied=source, into=target):
                    base = "/agent" if target == "dpsid-agent" else "/admin"
                    res = self.srv.client().get(base + "/", cookies="%s=%s" % (target, sid))
                    self.assertEqual(res.status, 303)
                    self.assertTrue(res.header("Location").startswith(base + "/login"), res.header("Location"))
                    self.assertEqual(res.set_cookie(target), cleared(target))
            if source != "dpsid-portal":
                with self.subTest(copied=source, into="dpsid-portal"):
                    res = self.srv.client().get("/", cookies="dpsid-portal=%s" % sid)
                    self.assertNotIn('action="/logout"', res.body)
                    self.assertEqual(res.set_cookie("dpsid-portal"), cleared("dpsid-portal"))

    def test_user_cannot_log_into_agent_and_agent_not_into_admin(self):
        for base, who, name in (("/agent", USER, "dpsid-agent"), ("/admin", AGENT, "dpsid-admin")):
            with self.subTest(interface=base, role=who[2]):
                c = self.srv.client()
                res = c.login(who[0], who[1], base=base)
                self.assertEqual(res.status, 200)
                self.assertIsNone(res.set_cookie(name))
                self.assertNotIn(name, c.jar)
                self.assertEqual(c.get(base + "/").status, 303)

    def test_forged_and_malformed_session_cookies_are_absent_and_cleared(self):
        good = self.srv.client()
        self.assertEqual(good.login(USER[0], USER[1]).status, 303)
        sid = good.jar["dpsid-portal"]
        cases = {
            "garbage": "dpsid-portal=%%%<>\"'garbage",
            "made-up": "dpsid-portal=" + made_up_id(),
            "42 chars": "dpsid-portal=" + sid[:-1],
            "quoted": 'dpsid-portal="%s"' % sid,
            "duplicate, bad first": "dpsid-portal=bad; dpsid-portal=" + sid,
            "duplicate, bad second": "dpsid-portal=%s; dpsid-portal=bad" % sid,
            "duplicate across headers": ["dpsid-portal=" + sid, "dpsid-portal=" + made_up_id() + "!"],
        }
        for label, header in cases.items():
            with self.subTest(case=label):
                res = self.srv.client().get("/", headers={"Cookie": header})
                self.assertEqual(res.status, 200)
                self.assertNotIn('action="/logout"', res.body)
                self.assertNotIn("garbage", res.body)
                self.assertEqual(res.set_cookie("dpsid-portal"), cleared("dpsid-portal"))
        for base, name in (("/agent", "dpsid-agent"), ("/admin", "dpsid-admin")):
            for value in ("garbage", made_up_id()):
                with self.subTest(interface=base, value=value[:10]):
                    res = self.srv.client().get(base + "/", cookies="%s=%s" % (name, value))
                    self.assertEqual(res.status, 303)
                    self.assertEqual(res.set_cookie(name), cleared(name))
        self.assertTrue(self.signed_in_portal(good))

    def test_oversize_session_cookie_is_absent(self):
        for base, name, expected in (("", "dpsid-portal", 200), ("/agent", "dpsid-agent", 303),
                                     ("/admin", "dpsid-admin", 303)):
            with self.subTest(interface=base or "portal"):
                res = self.srv.client().get(base + "/", cookies="%s=%s" % (name, "A" * 5000))
                self.assertEqual(res.status, expected)
                self.assertNotIn('action="%s/logout"' % base, res.body)

    def test_oversize_session_cookie_is_cleared(self):
        for base, name in (("", "dpsid-portal"), ("/agent", "dpsid-agent"), ("/admin", "dpsid-admin")):
            res = self.srv.client().get(base + "/", cookies="%s=%s" % (name, "A" * 5000))
            self.assertEqual(res.set_cookie(name), cleared(name))

    def test_two_cookie_headers_are_merged(self):
        c = self.srv.client()
        self.assertEqual(c.login(USER[0], USER[1]).status, 303)
        res = self.srv.client().get("/", headers={"Cookie": ["dp_v=AAAAAAAAAAAAAAAAAAAAAA",
                                                             "dpsid-portal=" + c.jar["dpsid-portal"]]})
        self.assertIn('action="/logout"', res.body)


REMEMBER = r"^dpreme=([A-Za-z0-9_-]{12,})\.([A-Za-z0-9_-]{43,}); Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000$"
# A rotated token keeps the original expiry: Max-Age is what is left of the 30 days.
REMEMBER_ROTATED = REMEMBER.replace("Max-Age=2592000", r"Max-Age=(259[01]\d{3}|2592000)")


class RememberMeTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER, AGENT, ADMIN])
        cls.off = cls.start_server(users=[USER], env={"DESKD_COOKIES_OPTIONAL": "off"})

    def remembered_login(self, srv, who, base=""):
        c = srv.client()
        page = c.get(base + "/login")
        res = c.post(base + "/login", {"_dp_csrf_token": form_token(page.body), "email": who[0],
                                       "password": who[1], "remember_me": "1"})
        self.assertEqual(res.status, 303)
        return c, res

    def test_ticked_box_sets_dpreme_and_it_signs_in_a_new_browser_session(self):
        c, res = self.remembered_login(self.srv, USER)
        m = re.match(REMEMBER, res.set_cookie("dpreme") or "")
        self.assertIsNotNone(m, res.set_cookies)
        later = self.srv.client()
        later.jar["dpreme"] = c.jar["dpreme"]  # the browser was closed: session cookies are gone
        res = later.get("/")
        self.assertIn(LOGOUT_FORM[""], res.body)
        self.assertRegex(res.set_cookie("dpsid-portal") or "", PORTAL_SID)
        self.assertEqual(res.header("Cache-Control"), "no-store")
        rotated = re.match(REMEMBER_ROTATED, res.set_cookie("dpreme") or "")
        self.assertIsNotNone(rotated, res.set_cookies)
        self.assertEqual(rotated.group(1), m.group(1), "same selector")
        self.assertNotEqual(rotated.group(2), m.group(2), "new validator")

    def test_unticked_box_sets_no_dpreme(self):
        res = self.srv.client().login(USER[0], USER[1])
        self.assertEqual(res.status, 303)
        self.assertIsNone(res.set_cookie("dpreme"))

    def test_admin_never_offers_or_honours_remember_me(self):
        self.assertNotIn('name="remember_me"', self.srv.client().get("/admin/login").body)
        self.assertIn('name="remember_me" value="1"', self.srv.client().get("/agent/login").body)
        _, res = self.remembered_login(self.srv, ADMIN, base="/admin")
        self.assertIsNone(res.set_cookie("dpreme"))
        agent, _ = self.remembered_login(self.srv, AGENT, base="/agent")
        res = self.srv.client().get("/admin/", cookies="dpreme=" + agent.jar["dpreme"])
        self.assertEqual(res.status, 303)
        self.assertIsNone(res.set_cookie("dpsid-admin"))

    def test_user_token_does_not_open_the_agent_interface(self):
        c, _ = self.remembered_login(self.srv, USER)
        res = self.srv.client().get("/agent/", cookies="dpreme=" + c.jar["dpreme"])
        self.assertEqual(res.status, 303)
        self.assertIsNone(res.set_cookie("dpsid-agent"))

    def test_logout_clears_dpreme_and_the_token_is_dead(self):
        c, _ = self.remembered_login(self.srv, USER)
        token = c.jar["dpreme"]
        res = c.post("/logout", {"_dp_csrf_token": form_token(c.get("/").body)})
        self.assertEqual(res.set_cookie("dpreme"), "dpreme=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
        res = self.srv.client().get("/", cookies="dpreme=" + token)
        self.assertNotIn('action="/logout"', res.body)
        self.assertEqual(res.set_cookie("dpreme"), "dpreme=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")

    def test_forged_dpreme_is_absent_and_cleared(self):
        for value in ("garbage", "A" * 16 + "." + "B" * 43, "<script>"):
            with self.subTest(value=value[:10]):
                res = self.srv.client().get("/", cookies="dpreme=" + value)
                self.assertEqual(res.status, 200)
                self.assertNotIn('action="/logout"', res.body)
                self.assertEqual(res.set_cookie("dpreme"), "dpreme=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")

    def test_optional_cookies_off_hides_remember_me(self):
        self.assertNotIn('name="remember_me"', self.off.client().get("/login").body)
        _, res = self.remembered_login(self.off, USER)
        self.assertIsNone(res.set_cookie("dpreme"))


if __name__ == "__main__":
    unittest.main()
