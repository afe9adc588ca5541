"""Issue 3 (part A): registration, password reset, My account, My sessions, Remember Me and login
throttling, as a browser, an attacker and the durable outbox see them.

Every server trusts 127.0.0.1 as a proxy, so each test speaks from its own X-Forwarded-For address
and the per-IP throttles of one test never touch another. The outbox and audit log are read from the
SQLite file (read-only), which is what deskd guarantees to have stored.
"""

import base64
import itertools
import os
import re
import sqlite3
import threading
import time
import unittest

from deskd_server import SESSION_ID_RE, ServerTestCase, SmtpCapture, form_token, wait_for

USER = ("user@example.test", "user password 1", "user")
AGENT = ("agent@example.test", "agent password 1", "agent")
ADMIN = ("admin@example.test", "admin password 1", "admin")
GRACE_MS = 500
PROXY_ENV = {"DESKD_SERVER_TRUSTED_PROXIES": "127.0.0.1", "DESKD_TEST_REMEMBER_GRACE_MS": str(GRACE_MS)}

_ips = itertools.count(1)
_emails = itertools.count(1)

PORTAL_SID = r"^dpsid-portal=(" + SESSION_ID_RE + r"); Path=/; HttpOnly; SameSite=Lax$"
REME_RE = r"^dpreme=([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43}); Path=/; HttpOnly; SameSite=Lax; Max-Age=(\d+)$"
REME_CLEARED = "dpreme=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
LOGOUT_FORM = 'action="/logout"'


def fresh_email(prefix="person"):
    return "%s%d@example.test" % (prefix, next(_emails))


def db(srv, write=False):
    path = os.path.join(srv.data_dir, "deskd.db")
    if write:
        return sqlite3.connect(path, timeout=10)
    return sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=10)


def outbox(srv, to=None, kind=None):
    with db(srv) as con:
        rows = con.execute("SELECT recipient, subject, body, kind FROM outbox ORDER BY id").fetchall()
    return [dict(to=r[0], subject=r[1], body=r[2], kind=r[3]) for r in rows
            if (to is None or r[0] == to) and (kind is None or r[3] == kind)]


def audit_events(srv, event, person_email=None):
    with db(srv) as con:
        rows = con.execute("SELECT event, email, detail FROM audit_log WHERE event = ? ORDER BY id",
                           (event,)).fetchall()
    return [r for r in rows if person_email is None or r[1] == person_email]


def without_tokens(html):
    """A page with its per-render CSRF tokens blanked, for comparing two answers."""
    html = re.sub(r'name="_dp_csrf_token" value="[^"]*"', 'name="_dp_csrf_token" value=""', html)
    return re.sub(r'data-visitor="[^"]*"', 'data-visitor=""', html)


class AccountsCase(ServerTestCase):
    def client(self, srv=None):
        n = next(_ips)
        return (srv or self.srv).client({"X-Forwarded-For": "10.%d.%d.%d" % (n // 62500 % 250, n // 250 % 250, n % 250 + 1)})

    def login(self, c, who, base="", remember=False):
        page = c.get(base + "/login")
        fields = {"_dp_csrf_token": form_token(page.body), "email": who[0], "password": who[1]}
        if remember:
            fields["remember_me"] = "1"
        return c.post(base + "/login", fields)

    def signed_in(self, c, base=""):
        res = c.get(base + "/")
        return ('action="%s/logout"' % base) in res.body

    def register(self, c, name, email, password, confirm=None, **extra):
        page = c.get("/register")
        self.assertEqual(page.status, 200)
        fields = {"_dp_csrf_token": form_token(page.body), "name": name, "email": email, "password": password,
                  "password_confirm": password if confirm is None else confirm}
        fields.update(extra)
        return c.post("/register", fields)

    def new_user(self, password="a good password"):
        """Registers a fresh user; returns (client signed in, (email, password, "user"))."""
        c = self.client()
        email = fresh_email()
        res = self.register(c, "Test Person", email, password)
        self.assertEqual(res.status, 200, res.body[:500])
        return c, (email, password, "user")

    def post_form(self, c, page_path, action, fields, form_index=0):
        page = c.get(page_path)
        tokens = re.findall(r'name="_dp_csrf_token" value="([^"]*)"', page.body)
        body = {"_dp_csrf_token": tokens[form_index]}
        body.update(fields)
        return c.post(action, body)


class RegistrationTest(AccountsCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER, AGENT], env=PROXY_ENV)

    def test_form_has_fields_csrf_and_login_links_to_it(self):
        page = self.client().get("/register")
        self.assertEqual(page.status, 200)
        for field in ('name="name"', 'name="email"', 'name="password"', 'name="password_confirm"',
                      'name="return_to"', 'name="_dp_csrf_token"', 'name="remember_me" value="1"'):
            self.assertIn(field, page.body)
        login = self.client().get("/login").body
        self.assertIn('href="/register"', login)
        self.assertIn('href="/reset-password"', login)
        self.assertNotIn('href="/register"', self.client().get("/agent/login").body)

    def test_registration_signs_in_at_once_and_queues_a_welcome_mail(self):
        c = self.client()
        email = fresh_email("New.Person")
        res = self.register(c, "Åse Ødegård", email, "long enough pw", return_to="/cookies")
        self.assertEqual(res.status, 200)
        self.assertRegex(res.set_cookie("dpsid-portal") or "", PORTAL_SID)
        self.assertEqual(res.header("Cache-Control"), "no-store")
        self.assertIn("Thank you for registering", res.body)
        self.assertIn('href="/cookies"', res.body)
        self.assertTrue(self.signed_in(c))
        self.assertIn(email.lower(), c.get("/account").body)
        mails = outbox(self.srv, to=email.lower(), kind="register_welcome")
        self.assertEqual(len(mails), 1)
        # The mail may go to any address typed into the form: it carries nothing typed (issue #9).
        self.assertNotIn("Åse Ødegård", mails[0]["body"])
        self.assertIn("/account", mails[0]["body"])
        # The new account logs in with its password in another browser.
        self.assertEqual(self.login(self.client(), (email, "long enough pw")).status, 303)

    def test_registration_with_remember_me_sets_dpreme(self):
        res = self.register(self.client(), "R", fresh_email(), "long enough pw", remember_me="1")
        self.assertRegex(res.set_cookie("dpreme") or "", REME_RE)

    def test_duplicate_address_looks_like_success_and_mails_the_owner(self):
        c = self.client()
        res = self.register(c, "Mallory", USER[0].upper(), "another password")
        self.assertEqual(res.status, 200)
        self.assertIn("Thank you for registering", res.body)
        self.assertIsNone(res.set_cookie("dpsid-portal"), "nobody is signed in as the existing owner")
        self.assertFalse(self.signed_in(c))
        fresh = self.client()
        email = fresh_email()
        ok = self.register(fresh, "Mallory", email, "another password")
        strip = lambda html, e: re.sub(r"<header.*</header>", "", without_tokens(html), flags=re.S).replace(e, "E")
        self.assertEqual(strip(res.body, USER[0]), strip(ok.body, email))
        mails = outbox(self.srv, to=USER[0], kind="register_existing")
        self.assertGreaterEqual(len(mails), 1)
        self.assertIn("/reset-password", mails[-1]["body"])
        # The owner's password still works; Mallory's does not.
        self.assertEqual(self.login(self.client(), USER).status, 303)
        self.assertNotIn(LOGOUT_FORM, self.login(self.client(), (USER[0], "another password")).body)

    def test_validation_errors_keep_what_was_typed(self):
        cases = [
            ("Ann", "not-an-address", "long enough pw", None, "valid e-mail address"),
            ("Ann", "ann@example", "long enough pw", None, "valid e-mail address"),
            ("Ann", fresh_email(), "short", None, "at least 8 characters"),
            ("Ann", fresh_email(), "long enough pw", "different pw!!", "do not match"),
            ("", fresh_email(), "long enough pw", None, "enter your name"),
            ("Ann", fresh_email(), "x" * 1025, None, "too long"),
        ]
        for name, email, password, confirm, message in cases:
            c = self.client()
            res = self.register(c, name, email, password, confirm)
            self.assertEqual(res.status, 400, (email, password[:20]))
            self.assertIn(message, res.body)
            self.assertIn('value="%s"' % email, res.body)
            self.assertNotIn(password, res.body)
            self.assertFalse(self.signed_in(c))

    def test_html_in_name_is_escaped(self):
        c = self.client()
        res = self.register(c, "<script>alert(1)</script>", "bad address", "long enough pw")
        self.assertEqual(res.status, 400)
        self.assertNotIn("<script>alert(1)</script>", res.body)
        self.assertIn("&lt;script&gt;", res.body)

    def test_csrf_failure_rerenders_the_form_with_what_was_typed(self):
        c = self.client()
        c.get("/register")
        res = c.post("/register", {"_dp_csrf_token": "forged", "name": "Kept Name", "email": "kept@example.test",
                                   "password": "secret pw 123", "password_confirm": "secret pw 123"})
        self.assertEqual(res.status, 403)
        self.assertIn('value="Kept Name"', res.body)
        self.assertIn('value="kept@example.test"', res.body)
        self.assertNotIn("secret pw 123", res.body)
        self.assertIn('action="/register"', res.body)

    def test_signed_in_visitor_is_sent_to_the_account_page(self):
        c, _ = self.new_user()
        res = c.get("/register")
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/account")


class PasswordResetTest(AccountsCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER, AGENT], env=PROXY_ENV)

    def request_reset(self, c, email):
        return self.post_form(c, "/reset-password", "/reset-password", {"email": email})

    def link_for(self, email):
        mails = outbox(self.srv, to=email, kind="password_reset")
        self.assertTrue(mails, "no reset mail for " + email)
        m = re.search(r"(http://[^/\s]+)(/reset-password/([A-Za-z0-9_-]{43}))\b", mails[-1]["body"])
        self.assertIsNotNone(m, mails[-1]["body"])
        self.assertEqual(m.group(1), self.srv.origin)
        return m.group(2), m.group(3)

    def test_known_and_unknown_addresses_get_the_same_answer_and_only_known_ones_a_mail(self):
        c, who = self.new_user()
        before = len(outbox(self.srv, kind="password_reset"))
        known = self.request_reset(self.client(), who[0])
        unknown_email = fresh_email("nobody")
        unknown = self.request_reset(self.client(), unknown_email)
        self.assertEqual(known.status, 200)
        self.assertEqual(unknown.status, 200)
        self.assertEqual(without_tokens(known.body).replace(who[0], "E"),
                         without_tokens(unknown.body).replace(unknown_email, "E"))
        self.assertIn("If " + who[0] + " belongs to an account", known.body)
        self.assertEqual(len(outbox(self.srv, kind="password_reset")), before + 1)
        self.assertEqual(outbox(self.srv, to=unknown_email), [])

    def test_token_is_stored_hashed(self):
        _, who = self.new_user()
        self.request_reset(self.client(), who[0])
        _, token = self.link_for(who[0])
        with db(self.srv) as con:
            hashes = [r[0] for r in con.execute("SELECT token_hash FROM password_resets")]
        self.assertNotIn(token, hashes)
        self.assertTrue(all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes))

    def test_link_sets_a_new_password_ends_every_session_and_signs_in_fresh(self):
        other_device, who = self.new_user()
        remembered = self.client()
        self.assertEqual(self.login(remembered, who, remember=True).status, 303)
        self.assertIn("dpreme", remembered.jar)
        reme_only = self.client()
        reme_only.jar["dpreme"] = remembered.jar["dpreme"]

        browser = self.client()
        self.request_reset(browser, who[0])
        path, _ = self.link_for(who[0])
        form = browser.get(path)
        self.assertEqual(form.status, 200)
        self.assertIn('name="password_confirm"', form.body)
        bad = browser.post(path, {"_dp_csrf_token": form_token(form.body), "password": "new password 1",
                                  "password_confirm": "new password 2"})
        self.assertEqual(bad.status, 400)
        self.assertIn("do not match", bad.body)
        res = browser.post(path, {"_dp_csrf_token": form_token(bad.body), "password": "new password 1",
                                  "password_confirm": "new password 1"})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/account")
        self.assertRegex(res.set_cookie("dpsid-portal") or "", PORTAL_SID)
        self.assertIn("Your password has been changed", browser.get("/account").body)
        self.assertTrue(self.signed_in(browser))
        self.assertFalse(self.signed_in(other_device), "every earlier session ends")
        self.assertFalse(self.signed_in(remembered))
        self.assertFalse(self.signed_in(reme_only), "every remember token is revoked")
        self.assertEqual(len(audit_events(self.srv, "password_reset", who[0])), 1)
        self.assertNotIn(LOGOUT_FORM, self.login(self.client(), who).body, "the old password is dead")
        self.assertEqual(self.login(self.client(), (who[0], "new password 1")).status, 303)
        # Single use.
        again = self.client().get(path)
        self.assertEqual(again.status, 410)
        self.assertIn("already been used", again.body)

    def test_unknown_malformed_and_expired_links(self):
        for path in ("/reset-password/" + "A" * 43, "/reset-password/short", "/reset-password/" + "!" * 43):
            res = self.client().get(path)
            self.assertEqual(res.status, 400, path)
            self.assertIn("not valid", res.body)
        _, who = self.new_user()
        self.request_reset(self.client(), who[0])
        path, _ = self.link_for(who[0])
        with db(self.srv, write=True) as con:  # an hour passes
            con.execute("UPDATE password_resets SET expires_ms = created_ms - 1")
        c = self.client()
        res = c.get(path)
        self.assertEqual(res.status, 410)
        self.assertIn("expired", res.body)
        token = form_token(c.get("/reset-password").body)
        post = c.post(path, {"_dp_csrf_token": token, "password": "new password 1",
                             "password_confirm": "new password 1"})
        self.assertEqual(post.status, 410)
        self.assertEqual(self.login(self.client(), who).status, 303, "the password did not change")

    def test_requests_are_throttled_per_address_silently_and_per_ip_with_429(self):
        _, who = self.new_user()
        c = self.client()
        before = len(outbox(self.srv, to=who[0], kind="password_reset"))
        for _ in range(6):  # five free requests, and the sixth starts the backoff
            self.assertEqual(self.request_reset(self.client(), who[0]).status, 200)
        quiet = self.request_reset(self.client(), who[0])
        self.assertEqual(quiet.status, 200, "an address being throttled is not revealed")
        self.assertEqual(len(outbox(self.srv, to=who[0], kind="password_reset")), before + 6)
        for _ in range(6):
            self.assertEqual(self.request_reset(c, fresh_email("x")).status, 200)
        res = self.request_reset(c, fresh_email("x"))
        self.assertEqual(res.status, 429)
        self.assertRegex(res.header("Retry-After") or "", r"^\d+$")


class AccountPageTest(AccountsCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER], env=PROXY_ENV)

    def test_signed_out_visitor_is_sent_to_login(self):
        res = self.client().get("/account")
        self.assertEqual(res.status, 303)
        self.assertRegex(res.header("Location") or "", r"^/login\?return_to=(/|%2F)account$")

    def test_profile_name_and_language(self):
        c, _ = self.new_user()
        res = self.post_form(c, "/account", "/account/profile", {"name": "Bo <b>", "language": "da"})
        self.assertEqual(res.status, 303)
        page = c.get("/account")
        self.assertIn('<html lang="da">', page.body)
        self.assertIn('value="Bo &lt;b&gt;"', page.body)
        bad = self.post_form(c, "/account", "/account/profile", {"name": "Bo", "language": "xx"})
        self.assertEqual(bad.status, 400)

    def test_password_change_needs_the_current_password_and_ends_other_sessions(self):
        c, who = self.new_user()
        other = self.client()
        self.assertEqual(self.login(other, who, remember=True).status, 303)
        reme_only = self.client()
        reme_only.jar["dpreme"] = other.jar["dpreme"]
        wrong = self.post_form(c, "/account", "/account/password", {
            "current_password": "wrong password", "password": "brand new pw", "password_confirm": "brand new pw"},
            form_index=1)
        self.assertEqual(wrong.status, 400)
        self.assertIn("current password is not correct", wrong.body)
        old_sid = c.jar["dpsid-portal"]
        res = self.post_form(c, "/account", "/account/password", {
            "current_password": who[1], "password": "brand new pw", "password_confirm": "brand new pw"},
            form_index=1)
        self.assertEqual(res.status, 303)
        self.assertRegex(res.set_cookie("dpsid-portal") or "", PORTAL_SID)
        self.assertNotEqual(c.jar["dpsid-portal"], old_sid, "the session id rotates")
        self.assertIsNone(res.set_cookie("dpreme"), "no remember token is issued again")
        self.assertTrue(self.signed_in(c))
        self.assertFalse(self.signed_in(other))
        self.assertFalse(self.signed_in(reme_only))
        stale = self.client()
        stale.jar["dpsid-portal"] = old_sid
        self.assertFalse(self.signed_in(stale), "the old id died")
        self.assertEqual(len(audit_events(self.srv, "password_changed", who[0])), 1)
        self.assertEqual(len(outbox(self.srv, to=who[0], kind="password_changed")), 1)
        self.assertEqual(self.login(self.client(), (who[0], "brand new pw")).status, 303)

    def test_remember_me_login_cannot_change_password_or_email_without_the_password(self):
        _, who = self.new_user()
        first = self.client()
        self.login(first, who, remember=True)
        c = self.client()
        c.jar["dpreme"] = first.jar["dpreme"]
        page = c.get("/account")
        self.assertEqual(page.status, 200)
        self.assertIn("signed in automatically", page.body)
        for action, fields, index in (
                ("/account/password", {"password": "brand new pw", "password_confirm": "brand new pw"}, 1),
                ("/account/email", {"email": fresh_email("hijack")}, 2)):
            res = self.post_form(c, "/account", action, fields, form_index=index)
            self.assertEqual(res.status, 400, action)
            self.assertIn("current password is not correct", res.body)
        self.assertEqual(self.login(self.client(), who).status, 303, "nothing changed")

    def test_email_change_notifies_the_old_address(self):
        c, who = self.new_user()
        new = fresh_email("moved")
        taken = self.post_form(c, "/account", "/account/email", {"email": USER[0], "current_password": who[1]},
                               form_index=2)
        self.assertEqual(taken.status, 400)
        self.assertIn("cannot be used", taken.body)
        invalid = self.post_form(c, "/account", "/account/email", {"email": "nope", "current_password": who[1]},
                                 form_index=2)
        self.assertEqual(invalid.status, 400)
        self.assertIn('value="nope"', invalid.body)
        res = self.post_form(c, "/account", "/account/email", {"email": new.upper(), "current_password": who[1]},
                             form_index=2)
        self.assertEqual(res.status, 303)
        mails = outbox(self.srv, to=who[0], kind="email_changed")
        self.assertEqual(len(mails), 1)
        self.assertIn(new, mails[0]["body"])
        self.assertEqual(len(audit_events(self.srv, "email_changed", new)), 1)
        self.assertEqual(self.login(self.client(), (new, who[1])).status, 303)
        self.assertNotIn(LOGOUT_FORM, self.login(self.client(), who).body)

    def test_wrong_current_passwords_are_throttled(self):
        c, who = self.new_user()
        statuses = []
        for _ in range(7):
            res = self.post_form(c, "/account", "/account/password", {
                "current_password": "guess", "password": "brand new pw", "password_confirm": "brand new pw"},
                form_index=1)
            statuses.append(res.status)
        self.assertEqual(statuses[:5], [400] * 5)
        self.assertEqual(statuses[-1], 429)


class MySessionsTest(AccountsCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER, AGENT], env=PROXY_ENV)

    def rows(self, html, cls_name):
        return re.findall(r'<tr class="%s( current)?">(.*?)</tr>' % cls_name, html, re.S)

    def test_lists_sessions_and_devices_and_ends_one(self):
        c, who = self.new_user()
        other = self.srv.client({"X-Forwarded-For": "192.0.2.77",
                                 "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"})
        self.login(other, who, remember=True)
        page = c.get("/account/sessions")
        self.assertEqual(page.status, 200)
        sessions = self.rows(page.body, "session")
        self.assertEqual(len(sessions), 2)
        self.assertEqual(sum(1 for cur, _ in sessions if cur), 1)
        self.assertIn("this device", [body for cur, body in sessions if cur][0])
        other_row = [body for cur, body in sessions if not cur][0]
        self.assertIn("192.0.2.77", other_row)
        self.assertIn("Firefox on Linux", other_row)
        self.assertIn("Help Center", other_row)
        devices = self.rows(page.body, "remembered")
        self.assertEqual(len(devices), 1)
        self.assertIn("192.0.2.77", devices[0][1])
        action = re.search(r'action="(/account/sessions/\d+/end)"', other_row).group(1)
        res = c.post(action, {"_dp_csrf_token": form_token(page.body)})
        self.assertEqual(res.status, 303)
        other.jar.pop("dpreme")
        self.assertFalse(self.signed_in(other))
        self.assertTrue(self.signed_in(c))
        self.assertEqual(len(audit_events(self.srv, "session_revoked", who[0])), 1)

    def test_forget_a_remembered_device(self):
        c, who = self.new_user()
        other = self.client()
        self.login(other, who, remember=True)
        page = c.get("/account/sessions")
        action = re.search(r'action="(/account/remembered/\d+/forget)"', page.body).group(1)
        self.assertEqual(c.post(action, {"_dp_csrf_token": form_token(page.body)}).status, 303)
        fresh = self.client()
        fresh.jar["dpreme"] = other.jar["dpreme"]
        self.assertFalse(self.signed_in(fresh))
        self.assertEqual(len(audit_events(self.srv, "remember_revoked", who[0])), 1)
        self.assertNotIn('class="remembered', c.get("/account/sessions").body)

    def test_another_persons_rows_are_404(self):
        victim, who = self.new_user()
        self.login(self.client(), who, remember=True)
        victim_page = victim.get("/account/sessions").body
        session_action = re.search(r'action="(/account/sessions/\d+/end)"', victim_page).group(1)
        device_action = re.search(r'action="(/account/remembered/\d+/forget)"', victim_page).group(1)
        attacker, _ = self.new_user()
        token = form_token(attacker.get("/account/sessions").body)
        for action in (session_action, device_action, "/account/sessions/999999/end", "/account/sessions/x/end",
                       "/account/remembered/-1/forget"):
            self.assertEqual(attacker.post(action, {"_dp_csrf_token": token}).status, 404, action)
        self.assertTrue(self.signed_in(victim))

    def test_ending_the_current_session_signs_out(self):
        c, _ = self.new_user()
        page = c.get("/account/sessions")
        row = [body for cur, body in self.rows(page.body, "session") if cur][0]
        action = re.search(r'action="(/account/sessions/\d+/end)"', row).group(1)
        res = c.post(action, {"_dp_csrf_token": form_token(page.body)})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/login")
        self.assertIn("dpsid-portal=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0", res.set_cookies)
        self.assertFalse(self.signed_in(c))

    def test_end_others_keeps_this_browser(self):
        c, who = self.new_user()
        others = [self.client() for _ in range(2)]
        for o in others:
            self.login(o, who, remember=True)
        res = self.post_form(c, "/account/sessions", "/account/sessions/end-others", {})
        self.assertEqual(res.status, 303)
        self.assertTrue(self.signed_in(c))
        for o in others:
            self.assertFalse(self.signed_in(o), "sessions and remembered devices of others end")
        self.assertEqual(len(self.rows(c.get("/account/sessions").body, "session")), 1)

    def test_agents_have_their_own_sessions_page(self):
        agent = self.client()
        self.assertEqual(self.login(agent, AGENT, base="/agent").status, 303)
        page = agent.get("/agent/sessions")
        self.assertEqual(page.status, 200)
        self.assertIn("Agent interface", page.body)
        self.assertIn('action="/agent/sessions/end-others"', page.body)
        self.assertRegex(page.body, r'action="/agent/sessions/\d+/end"')
        user, _ = self.new_user()
        self.assertEqual(user.get("/agent/sessions").status, 303, "a user has no agent session")
        self.assertEqual(self.client().get("/account/sessions").status, 303)


class RememberMeFlowTest(AccountsCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER, AGENT, ADMIN], env=PROXY_ENV)
        cls.no_users = cls.start_server(users=[USER], env=dict(PROXY_ENV, DESKD_AUTH_REMEMBER_USERS="false"))
        cls.off = cls.start_server(users=[USER], env=dict(PROXY_ENV, DESKD_COOKIES_OPTIONAL="off"))

    def remembered(self, who=None, base=""):
        if who is None:
            _, who = self.new_user()
        c = self.client()
        res = self.login(c, who, base=base, remember=True)
        self.assertEqual(res.status, 303)
        m = re.match(REME_RE, res.set_cookie("dpreme") or "")
        self.assertIsNotNone(m, res.set_cookies)
        return who, c.jar["dpreme"]

    def test_fresh_cookie_jar_signs_in_with_rotation(self):
        who, reme = self.remembered()
        selector = reme.split(".")[0]
        c = self.client()
        c.jar["dpreme"] = reme
        res = c.get("/account")
        self.assertEqual(res.status, 200)
        self.assertIn(who[0], res.body)
        self.assertRegex(res.set_cookie("dpsid-portal") or "", PORTAL_SID)
        m = re.match(REME_RE, res.set_cookie("dpreme") or "")
        self.assertIsNotNone(m)
        self.assertEqual(m.group(1), selector, "same selector")
        self.assertNotEqual(m.group(1) + "." + m.group(2), reme, "new validator")
        self.assertLessEqual(int(m.group(3)), 30 * 86400)
        self.assertEqual(res.header("Cache-Control"), "no-store")
        self.assertEqual(len(audit_events(self.srv, "remember_login", who[0])), 1)
        # The session now carries on without the token.
        self.assertEqual(c.get("/account").set_cookies, [])

    def test_parallel_requests_with_the_same_cookie_are_both_signed_in(self):
        who, reme = self.remembered()
        results = [None] * 4
        barrier = threading.Barrier(4)

        def fetch(i):
            c = self.client()
            c.jar["dpreme"] = reme
            barrier.wait()
            results[i] = c.get("/account")

        threads = [threading.Thread(target=fetch, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for r in results:
            self.assertEqual(r.status, 200)
            self.assertIn(who[0], r.body)
        rotated = [r for r in results if r.set_cookie("dpreme") and "Max-Age=0" not in r.set_cookie("dpreme")]
        self.assertEqual(len(rotated), 1, [r.set_cookies for r in results])
        self.assertEqual(audit_events(self.srv, "remember_theft", who[0]), [])

    def test_old_validator_after_the_grace_window_is_theft(self):
        who, reme = self.remembered()
        victim = self.client()
        victim.jar["dpreme"] = reme
        self.assertEqual(victim.get("/account").status, 200)  # rotates
        other_device = self.client()
        self.login(other_device, who)
        time.sleep(GRACE_MS / 1000 + 0.3)
        attacker = self.client()
        attacker.jar["dpreme"] = reme
        res = attacker.get("/account")
        self.assertEqual(res.status, 303, "the replayed token signs nobody in")
        self.assertIn(REME_CLEARED, res.set_cookies)
        self.assertFalse(self.signed_in(victim), "every session of the person ends")
        self.assertFalse(self.signed_in(other_device))
        rotated_holder = self.client()
        rotated_holder.jar["dpreme"] = victim.jar.get("dpreme", "")
        self.assertFalse(self.signed_in(rotated_holder), "every token is revoked")
        self.assertEqual(len(audit_events(self.srv, "remember_theft", who[0])), 1)
        self.assertEqual(len(outbox(self.srv, to=who[0], kind="remember_theft")), 1)

    def test_a_validator_copied_several_sign_ins_ago_is_theft_too(self):
        who, stolen = self.remembered()
        owner = self.client()
        owner.jar["dpreme"] = stolen
        for _ in range(3):  # three fresh browser sessions, each rotating the token
            owner.jar.pop("dpsid-portal", None)
            self.assertEqual(owner.get("/account").status, 200)
            time.sleep(GRACE_MS / 1000 + 0.3)
        self.assertNotEqual(owner.jar["dpreme"], stolen)
        attacker = self.client()
        attacker.jar["dpreme"] = stolen
        res = attacker.get("/account")
        self.assertEqual(res.status, 303, "the replayed token signs nobody in")
        self.assertFalse(self.signed_in(owner), "every session of the person ends")
        self.assertEqual(len(audit_events(self.srv, "remember_theft", who[0])), 1)
        self.assertEqual(len(outbox(self.srv, to=who[0], kind="remember_theft")), 1)

    def test_malformed_values_are_ignored_and_cleared(self):
        for value in ("", "nodot", "!!!!!!!!!!!!!!!!.??????????????????????????????????????????", "a" * 5000):
            c = self.client()
            res = c.get("/", cookies="dpreme=" + value)
            self.assertEqual(res.status, 200, value[:20])
            self.assertIn(REME_CLEARED, res.set_cookies, value[:20])
            self.assertNotIn(LOGOUT_FORM, res.body)

    def test_logout_deletes_the_token(self):
        who, reme = self.remembered()
        c = self.client()
        c.jar["dpreme"] = reme
        self.assertTrue(self.signed_in(c))
        token = form_token(c.get("/").body)
        rotated = c.jar["dpreme"]
        res = c.post("/logout", {"_dp_csrf_token": token})
        self.assertEqual(res.status, 303)
        self.assertIn(REME_CLEARED, res.set_cookies)
        for value in (rotated, reme):
            replay = self.client()
            replay.jar["dpreme"] = value
            self.assertFalse(self.signed_in(replay))

    def test_admin_never_sets_or_honours_dpreme(self):
        c = self.client()
        page = c.get("/admin/login")
        self.assertNotIn('name="remember_me"', page.body)
        res = c.post("/admin/login", {"_dp_csrf_token": form_token(page.body), "email": ADMIN[0],
                                      "password": ADMIN[1], "remember_me": "1"})
        self.assertEqual(res.status, 303)
        self.assertIsNone(res.set_cookie("dpreme"))
        _, reme = self.remembered(ADMIN, base="/agent")
        fresh = self.client()
        fresh.jar["dpreme"] = reme
        res = fresh.get("/admin/")
        self.assertNotEqual(res.status, 200)
        self.assertIsNone(res.set_cookie("dpsid-admin"))

    def test_remember_users_switched_off(self):
        page = self.client(self.no_users).get("/login")
        self.assertNotIn('name="remember_me"', page.body)
        c = self.client(self.no_users)
        res = self.login(c, USER, remember=True)
        self.assertEqual(res.status, 303)
        self.assertIsNone(res.set_cookie("dpreme"))

    def test_optional_cookies_off_means_no_dpreme(self):
        self.assertNotIn('name="remember_me"', self.client(self.off).get("/login").body)
        res = self.login(self.client(self.off), USER, remember=True)
        self.assertEqual(res.status, 303)
        self.assertIsNone(res.set_cookie("dpreme"))


class LoginThrottleTest(AccountsCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER], env=PROXY_ENV)

    def test_unknown_email_and_wrong_password_answer_identically(self):
        _, who = self.new_user()
        a = self.login(self.client(), (who[0], "wrong password"))
        b = self.login(self.client(), (fresh_email("ghost"), "wrong password"))
        self.assertEqual(a.status, b.status)
        strip = lambda res: re.sub(r'value="[^"]*@example\.test"', "", without_tokens(res.body))
        self.assertEqual(strip(a), strip(b))
        self.assertEqual(sorted(n for n in a.cookie_names()), sorted(n for n in b.cookie_names()))

    def test_repeated_failures_give_429_with_retry_after(self):
        _, who = self.new_user()
        attacker = self.client()
        statuses = [self.login(attacker, (who[0], "guess %d" % i)).status for i in range(6)]
        self.assertEqual(statuses, [200] * 6)
        res = self.login(attacker, who)
        self.assertEqual(res.status, 429, "even the right password waits")
        self.assertRegex(res.header("Retry-After") or "", r"^[1-9]\d*$")
        self.assertIn("Too many failed attempts", res.body)

    def test_failures_from_one_address_do_not_lock_the_owner_out_elsewhere(self):
        # Issue #9 item 8. The attacker connects from 127.0.0.2 (not a trusted proxy, so that is
        # its client address); the owner from 127.0.0.1 without a forwarding header.
        _, who = self.new_user()
        attacker = self.srv.client(source_ip="127.0.0.2")
        statuses = [self.login(attacker, (who[0], "guess %d" % i)).status for i in range(6)]
        self.assertEqual(statuses, [200] * 6)
        blocked = self.login(attacker, who)
        self.assertEqual(blocked.status, 429, "the attacker's address waits, even with the right password")
        self.assertRegex(blocked.header("Retry-After") or "", r"^[1-9]\d*$")
        self.assertIsNone(blocked.set_cookie("dpsid-portal"))
        owner = self.srv.client()
        res = self.login(owner, who)
        self.assertEqual(res.status, 303, res.body[:500])
        self.assertTrue(self.signed_in(owner))
        # An address that has never been used for an account answers exactly the same.
        ghost_attacker = self.srv.client(source_ip="127.0.0.3")
        ghost = fresh_email("ghost")
        statuses = [self.login(ghost_attacker, (ghost, "guess %d" % i)).status for i in range(6)]
        self.assertEqual(statuses, [200] * 6)
        ghost_blocked = self.login(ghost_attacker, (ghost, "guess"))
        self.assertEqual(ghost_blocked.status, 429)
        self.assertEqual(ghost_blocked.header("Retry-After"), blocked.header("Retry-After"))
        strip = lambda res: re.sub(r'value="[^"]*@example\.test"', "", without_tokens(res.body))
        self.assertEqual(strip(ghost_blocked), strip(blocked))

    def test_hopping_addresses_within_one_ipv6_slash64_gains_nothing(self):
        # One subscriber holds a whole /64: its addresses share one backoff, the next /64 does not.
        _, who = self.new_user()
        hop = lambda i: self.srv.client({"X-Forwarded-For": "2001:db8:5:1::%x" % (i + 1)})
        statuses = [self.login(hop(i), (fresh_email("sprayed"), "guess")).status for i in range(6)]
        self.assertEqual(statuses, [200] * 6)
        blocked = self.login(hop(100), who)
        self.assertEqual(blocked.status, 429, "another address of the same /64 waits too")
        neighbour = self.srv.client({"X-Forwarded-For": "2001:db8:5:2::1"})
        self.assertEqual(self.login(neighbour, who).status, 303)

    def test_an_account_attacked_from_many_addresses_is_slowed_down_too(self):
        # The account-wide ceiling: 50 failures from anywhere cost nothing more, the 51st starts a
        # short backoff (at most a minute) for every address.
        _, who = self.new_user()
        for i in range(51):
            self.assertEqual(self.login(self.client(), (who[0], "guess %d" % i)).status, 200, i)
        res = self.login(self.client(), who)
        self.assertEqual(res.status, 429)
        self.assertRegex(res.header("Retry-After") or "", r"^([1-9]|[1-5]\d|60)$")

    def test_disabled_account_cannot_log_in(self):
        c, who = self.new_user()
        with db(self.srv, write=True) as con:
            con.execute("UPDATE people SET disabled = 1 WHERE email = ?", (who[0],))
        res = self.login(self.client(), who)
        self.assertEqual(res.status, 200)
        self.assertIn("incorrect", res.body)
        self.assertIsNone(res.set_cookie("dpsid-portal"))


class SmtpDeliveryTest(AccountsCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.smtp = SmtpCapture()
        env = dict(PROXY_ENV, DESKD_MAIL_SMTP_URL=cls.smtp.url,
                   DESKD_MAIL_FROM="Helpdesk <help@example.test>")
        cls.srv = cls.start_server(users=[USER], env=env)

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.smtp.close()

    def test_reset_mail_is_delivered_over_smtp_as_rfc5322(self):
        c = self.client()
        res = self.post_form(c, "/reset-password", "/reset-password", {"email": USER[0]})
        self.assertEqual(res.status, 200)
        wait_for(lambda: self.smtp.mails, timeout=10)
        self.assertEqual(len(self.smtp.mails), 1)
        mail = self.smtp.mails[0]
        self.assertEqual(mail["from"], "<help@example.test>")
        self.assertEqual(mail["rcpt"], ["<%s>" % USER[0]])
        head, _, body = mail["data"].partition("\r\n\r\n")
        self.assertIn("From: Helpdesk <help@example.test>\r\n", head + "\r\n")
        self.assertIn("To: %s\r\n" % USER[0], head + "\r\n")
        self.assertIn("Subject: Reset your password", head)
        self.assertRegex(head, r"Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000")
        self.assertRegex(head, r"Message-ID: <[A-Za-z0-9_-]+@example\.test>")
        self.assertIn("Content-Type: text/plain; charset=utf-8", head)
        text = base64.b64decode("".join(body.split())).decode()
        self.assertRegex(text, r"%s/reset-password/[A-Za-z0-9_-]{43}" % re.escape(self.srv.origin))
        def sent():
            with db(self.srv) as con:
                return con.execute("SELECT COUNT(*) FROM outbox WHERE sent_ms > 0").fetchone()[0]
        self.assertEqual(wait_for(sent), 1, "the outbox row is marked sent")


if __name__ == "__main__":
    unittest.main()
