"""TOTP two-factor sign-in for agents and admins (SPEC §12, §14; issue #12 item 1).

The tests compute TOTP codes themselves (RFC 6238: HMAC-SHA1, 30 s, 6 digits) from the
secret the enrolment page shows, and check what a browser or an attacker observes:
status codes, Location, Set-Cookie, the audit log.
"""

import base64
import hashlib
import hmac
import html
import re
import struct
import time
import unittest

from deskd_server import ServerTestCase, form_token

PASSWORD = "correct horse battery"
SECRET_RE = re.compile(r"otpauth://totp/[^<\s]*?[?&](?:amp;)?secret=([A-Z2-7]+)")
CODE_RE = re.compile(r"<li><code>([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})</code></li>")


def totp(secret, offset_steps=0, at=None):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    step = int((time.time() if at is None else at) // 30) + offset_steps
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    o = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


class TotpHelperTest(unittest.TestCase):
    def test_rfc6238_vectors(self):
        secret = base64.b32encode(b"12345678901234567890").decode()
        self.assertEqual(totp(secret, at=59), "287082")
        self.assertEqual(totp(secret, at=1111111109), "081804")
        self.assertEqual(totp(secret, at=2000000000), "279037")


class TwoFactorTest(ServerTestCase, unittest.TestCase):
    # Wrong codes count against the client address as wrong passwords do; each test
    # signs in from its own loopback address so one test's backoff stays its own.
    _next_ip = [10]

    def setUp(self):
        TwoFactorTest._next_ip[0] += 1
        self.ip = "127.0.0.%d" % TwoFactorTest._next_ip[0]

    def client(self):
        return self.srv.client(source_ip=self.ip)

    @classmethod
    def setup_servers(cls):
        users = [("admin@2fa.test", PASSWORD, "admin")]
        users += [("agent%d@2fa.test" % i, PASSWORD, "agent") for i in range(1, 9)]
        cls.srv = cls.start_server(users=users)

    # -- helpers -------------------------------------------------------------

    def signed_in(self, email, base="/agent"):
        c = self.client()
        res = c.login(email, PASSWORD, base=base)
        self.assertEqual(res.status, 303, res.body[:500])
        return c

    def enrol(self, c, base="/agent"):
        """Enrols the signed-in client; returns (secret, recovery codes)."""
        page = c.get(base + "/account/two-factor")
        self.assertEqual(page.status, 200)
        m = SECRET_RE.search(page.body)
        self.assertIsNotNone(m, page.body[:3000])
        secret = m.group(1)
        res = c.post(base + "/account/two-factor", {"_dp_csrf_token": form_token(page.body),
                                                    "code": totp(secret, -1)})
        self.assertEqual(res.status, 200, res.body[:2000])
        codes = CODE_RE.findall(res.body)
        self.assertEqual(len(codes), 10)
        return secret, codes

    def password_step(self, email, base="/agent", return_to=None, remember=False):
        c = self.client()
        page = c.get(base + "/login")
        fields = {"_dp_csrf_token": form_token(page.body), "email": email, "password": PASSWORD}
        if return_to:
            fields["return_to"] = return_to
        if remember:
            fields["remember_me"] = "1"
        res = c.post(base + "/login", fields)
        return c, res

    def code_step(self, c, code, base="/agent"):
        page = c.get(base + "/login/two-factor")
        self.assertEqual(page.status, 200, page.body[:500])
        self.assertIn('name="code"', page.body)
        return c.post(base + "/login/two-factor", {"_dp_csrf_token": form_token(page.body), "code": code})

    def audit_rows(self, event):
        admin = self.srv.client(source_ip="127.0.1.1")
        res = admin.login("admin@2fa.test", PASSWORD, base="/admin")
        if res.headers and res.header("Location", "").endswith("/login/two-factor"):
            self.fail("the audit helper's admin must not have two-factor sign-in")
        return admin.get("/admin/audit?event=" + event).body

    # -- enrolment -----------------------------------------------------------

    def test_enrolment_shows_uri_qr_and_ten_codes_and_then_sign_in_asks_for_a_code(self):
        email = "agent1@2fa.test"
        c = self.signed_in(email)
        page = c.get("/agent/account/two-factor")
        self.assertEqual(page.status, 200)
        uri = html.unescape(SECRET_RE.search(page.body).group(0))
        self.assertTrue(uri.startswith("otpauth://totp/deskd%20"), uri)
        self.assertIn(":agent1%402fa.test?secret=", uri)
        self.assertIn("<svg", page.body)
        self.assertRegex(page.body, r'<path fill="#000" d="M4,4h7v1h-7z')
        # Reloading keeps the same secret (the QR code already scanned stays good).
        again = c.get("/agent/account/two-factor")
        self.assertEqual(SECRET_RE.search(again.body).group(1), SECRET_RE.search(page.body).group(1))
        secret = SECRET_RE.search(page.body).group(1)
        # A wrong code (and codes of the wrong shape) are refused with the page again, not a 500.
        # Five failures are free, as for passwords; the sixth would start the backoff.
        for wrong in (totp(secret, 5), "12", "1234567", "abcdef", "ü" * 6):
            with self.subTest(code=wrong):
                res = c.post("/agent/account/two-factor", {"_dp_csrf_token": form_token(again.body), "code": wrong})
                self.assertEqual(res.status, 400)
                self.assertIn("not valid", res.body)
                self.assertEqual(SECRET_RE.search(res.body).group(1), secret)
        res = c.post("/agent/account/two-factor", {"_dp_csrf_token": form_token(again.body), "code": totp(secret)})
        self.assertEqual(res.status, 200)
        codes = CODE_RE.findall(res.body)
        self.assertEqual(len(codes), 10)
        self.assertEqual(len(set(codes)), 10)
        status = c.get("/agent/account/two-factor")
        self.assertIn("Unused recovery codes: 10", status.body)
        self.assertNotIn("otpauth://", status.body)
        self.assertIn("agent1@2fa.test", self.audit_rows("two_factor_enabled"))

        # Signing in now takes the password, then the code.
        c2, res = self.password_step(email, return_to="/agent/tickets")
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/agent/login/two-factor")
        # The password alone signs nobody in; the parked attempt lives in a fresh session.
        parked_sid = c2.jar["dpsid-agent"]
        self.assertEqual(c2.get("/agent/tickets").status, 303)
        res = self.code_step(c2, totp(secret, 1))
        self.assertEqual(res.status, 303, res.body[:1000])
        self.assertEqual(res.header("Location"), "/agent/tickets")
        self.assertIsNotNone(res.set_cookie("dpsid-agent"))
        self.assertEqual(c2.get("/agent/tickets").status, 200)
        # The session id rotated at the second step: the parked id opens nothing.
        self.assertNotEqual(c2.jar["dpsid-agent"], parked_sid)
        stale = self.client()
        stale.jar["dpsid-agent"] = parked_sid
        self.assertEqual(stale.get("/agent/tickets", update_jar=False).status, 303)

    def test_a_used_code_is_refused_and_recovery_codes_work_once(self):
        email = "agent2@2fa.test"
        secret, codes = self.enrol(self.signed_in(email))
        c, _ = self.password_step(email)
        used = totp(secret, 0)
        self.assertEqual(self.code_step(c, used).status, 303)
        # The same code again (another browser, same 30 s window): refused.
        c2, _ = self.password_step(email)
        res = self.code_step(c2, used)
        self.assertEqual(res.status, 200)
        self.assertIn("not valid", res.body)
        self.assertEqual(c2.get("/agent/tickets").status, 303)
        # A recovery code, typed in upper case with spaces: signs in once.
        typed = " " + codes[3].upper().replace("-", " ") + " "
        res = self.code_step(c2, typed)
        self.assertEqual(res.status, 303, res.body[:800])
        self.assertEqual(c2.get("/agent/tickets").status, 200)
        c3, _ = self.password_step(email)
        res = self.code_step(c3, codes[3])
        self.assertEqual(res.status, 200)
        self.assertIn("agent2@2fa.test", self.audit_rows("recovery_code_used"))
        self.assertIn("agent2@2fa.test", self.audit_rows("two_factor_failed"))

    def test_wrong_codes_are_throttled_like_passwords(self):
        email = "agent3@2fa.test"
        secret, _ = self.enrol(self.signed_in(email))
        c, _ = self.password_step(email)
        statuses = []
        for _ in range(8):
            page = c.get("/agent/login/two-factor")
            res = c.post("/agent/login/two-factor", {"_dp_csrf_token": form_token(page.body), "code": "000000"
                                                     if totp(secret) != "000000" else "111111"})
            statuses.append(res.status)
            if res.status == 429:
                break
        self.assertEqual(statuses[-1], 429, statuses)
        self.assertGreaterEqual(int(res.header("Retry-After")), 1)
        self.assertIn('name="code"', res.body)  # the form again, nothing lost
        # Even the right code waits until the backoff ends.
        self.assertEqual(self.code_step(c, totp(secret, 1)).status, 429)
        self.assertIn("agent3@2fa.test", self.audit_rows("two_factor_throttled"))

    def test_remember_me_after_two_factor_restores_the_agent_session(self):
        email = "agent4@2fa.test"
        secret, _ = self.enrol(self.signed_in(email))
        c, res = self.password_step(email, remember=True)
        self.assertEqual(res.status, 303)
        self.assertIsNone(res.set_cookie("dpreme"))  # not before the second factor
        res = self.code_step(c, totp(secret, 0))
        self.assertEqual(res.status, 303)
        self.assertIsNotNone(res.set_cookie("dpreme"))
        # A new browser session with only the remember cookie: straight in, no code asked.
        fresh = self.client()
        fresh.jar["dpreme"] = c.jar["dpreme"]
        res = fresh.get("/agent/tickets")
        self.assertEqual(res.status, 200)
        self.assertIsNotNone(res.set_cookie("dpsid-agent"))

    def test_expired_or_missing_second_step_goes_back_to_the_password(self):
        c = self.client()
        res = c.get("/agent/login/two-factor")
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/agent/login")
        page = c.get("/agent/login")
        res = c.post("/agent/login/two-factor", {"_dp_csrf_token": form_token(page.body), "code": "123456"})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/agent/login")

    def test_a_failed_csrf_check_on_the_code_step_shows_the_step_again(self):
        email = "agent5@2fa.test"
        self.enrol(self.signed_in(email))
        c, _ = self.password_step(email)
        res = c.post("/agent/login/two-factor", {"_dp_csrf_token": "forged", "code": "123456"})
        self.assertEqual(res.status, 403)
        self.assertIn('name="code"', res.body)
        self.assertIn('action="/agent/login/two-factor"', res.body)

    def test_disable_needs_a_code_and_admins_can_reset_someone_else(self):
        email = "agent6@2fa.test"
        c = self.signed_in(email)
        secret, codes = self.enrol(c)
        # After enrolling, this browser had to sign in again? No: the enrolling session stays.
        page = c.get("/agent/account/two-factor")
        self.assertEqual(page.status, 200)
        res = c.post("/agent/account/two-factor/disable", {"_dp_csrf_token": form_token(page.body), "code": "nope"})
        self.assertEqual(res.status, 400)
        # New recovery codes replace the old ones.
        res = c.post("/agent/account/two-factor/recovery-codes",
                     {"_dp_csrf_token": form_token(page.body), "code": codes[0]})
        self.assertEqual(res.status, 200)
        new_codes = CODE_RE.findall(res.body)
        self.assertEqual(len(new_codes), 10)
        self.assertTrue(set(new_codes).isdisjoint(codes))
        # The admin resets agent6's two-factor sign-in (audited); the agent's sessions end.
        admin = self.client()
        self.assertEqual(admin.login("admin@2fa.test", PASSWORD, base="/admin").status, 303)
        people = admin.get("/admin/people")
        m = re.search(r'action="(/admin/people/(\d+)/two-factor/reset)"[^\n]*\n?', people.body)
        self.assertIsNotNone(m)
        ids = re.findall(r'<tr id="person-(\d+)"[^>]*>\s*<td>agent6@2fa\.test', people.body)
        self.assertEqual(len(ids), 1)
        res = admin.post("/admin/people/%s/two-factor/reset" % ids[0], {"_dp_csrf_token": form_token(people.body)})
        self.assertEqual(res.status, 303)
        self.assertEqual(c.get("/agent/tickets").status, 303)  # signed out
        self.assertIn("agent6@2fa.test", self.audit_rows("two_factor_reset"))
        # The password alone signs in again.
        _, res = self.password_step(email)
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/agent/")

    def test_admins_enrol_on_the_admin_area_and_always_sign_in_fully(self):
        # A second admin, made by the first, so the audit helper's admin stays without 2FA.
        admin = self.client()
        self.assertEqual(admin.login("admin@2fa.test", PASSWORD, base="/admin").status, 303)
        page = admin.get("/admin/people")
        res = admin.post("/admin/people", {"_dp_csrf_token": form_token(page.body), "email": "admin2@2fa.test",
                                           "name": "Second", "role": "admin", "password": PASSWORD})
        self.assertIn(res.status, (200, 303))
        a2 = self.signed_in("admin2@2fa.test", base="/admin")
        secret, _ = self.enrol(a2, base="/admin")
        c, res = self.password_step("admin2@2fa.test", base="/admin", remember=True)
        self.assertEqual(res.header("Location"), "/admin/login/two-factor")
        res = self.code_step(c, totp(secret, 0), base="/admin")
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/admin/")
        self.assertIsNone(res.set_cookie("dpreme"))
        self.assertEqual(c.get("/admin/people").status, 200)

    def test_the_dashboard_says_two_factor_is_not_required(self):
        admin = self.client()
        self.assertEqual(admin.login("admin@2fa.test", PASSWORD, base="/admin").status, 303)
        self.assertIn("auth.require_2fa = off", admin.get("/admin/").body)


class RequiredTwoFactorTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[("staff@req.test", PASSWORD, "agent"), ("user@req.test", PASSWORD, "user")],
                                   env={"DESKD_AUTH_REQUIRE_2FA": "staff"})

    def test_staff_must_enrol_before_the_sign_in_finishes(self):
        c = self.srv.client()
        res = c.login("staff@req.test", PASSWORD, base="/agent", return_to="/agent/tickets")
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/agent/login/two-factor")
        page = c.get("/agent/login/two-factor")
        self.assertEqual(page.status, 200)
        self.assertIn("<svg", page.body)
        secret = SECRET_RE.search(page.body).group(1)
        self.assertEqual(c.get("/agent/tickets").status, 303)
        res = c.post("/agent/login/two-factor", {"_dp_csrf_token": form_token(page.body), "code": totp(secret)})
        self.assertEqual(res.status, 200)
        self.assertEqual(len(CODE_RE.findall(res.body)), 10)
        self.assertIn('href="/agent/tickets"', res.body)
        self.assertEqual(c.get("/agent/tickets").status, 200)
        # Required: it cannot be turned off.
        page = c.get("/agent/account/two-factor")
        self.assertNotIn("/agent/account/two-factor/disable", page.body)
        res = c.post("/agent/account/two-factor/disable", {"_dp_csrf_token": form_token(page.body),
                                                           "code": totp(secret, 1)})
        self.assertEqual(res.status, 409)
        # Users on the portal are never asked.
        u = self.srv.client()
        self.assertEqual(u.login("user@req.test", PASSWORD).header("Location"), "/")


class RequireSettingTest(ServerTestCase, unittest.TestCase):
    """auth.require_2fa is edited in the Admin interface and takes effect without a restart."""

    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[("boss@set.test", PASSWORD, "admin"), ("desk@set.test", PASSWORD, "agent")])

    def test_admins_then_staff(self):
        admin = self.srv.client()
        self.assertEqual(admin.login("boss@set.test", PASSWORD, base="/admin").status, 303)
        self.assertIn("auth.require_2fa = off", admin.get("/admin/").body)
        settings = admin.get("/admin/settings").body
        self.assertRegex(settings, r'name="auth.require_2fa"><option value="off" selected>')
        res = admin.post("/admin/settings", {"_dp_csrf_token": form_token(settings), "auth.require_2fa": "admins"})
        self.assertEqual(res.status, 303)
        self.assertNotIn("auth.require_2fa = off", admin.get("/admin/").body)
        # A new admin sign-in must enrol first; agents are not asked.
        res = self.srv.client().login("boss@set.test", PASSWORD, base="/admin")
        self.assertEqual(res.header("Location"), "/admin/login/two-factor")
        self.assertEqual(self.srv.client().login("desk@set.test", PASSWORD, base="/agent").header("Location"),
                         "/agent/")
        settings = admin.get("/admin/settings").body
        res = admin.post("/admin/settings", {"_dp_csrf_token": form_token(settings), "auth.require_2fa": "staff"})
        self.assertEqual(res.status, 303)
        self.assertEqual(self.srv.client().login("desk@set.test", PASSWORD, base="/agent").header("Location"),
                         "/agent/login/two-factor")
        settings = admin.get("/admin/settings").body
        res = admin.post("/admin/settings", {"_dp_csrf_token": form_token(settings), "auth.require_2fa": "everyone"})
        self.assertEqual(res.status, 400)
        self.assertIn("auth.require_2fa", admin.get("/admin/audit?event=setting_changed").body)


if __name__ == "__main__":
    unittest.main()
