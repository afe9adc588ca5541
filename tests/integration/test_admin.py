"""SPEC §5: the Admin interface as an admin, an agent and an attacker see it.

Every class runs its own server; each keeps its failed logins under the
throttle's free allowance (5 per client address).
"""

import html
import re
import unittest

from deskd_server import SESSION_ID_RE, ServerTestCase, form_token

ADMIN = ("root@example.test", "admin password 1", "admin")
AGENT = ("agent@example.test", "agent password 1", "agent")
USER = ("user@example.test", "user password 1", "user")

ADMIN_SID = r"^dpsid-admin=(" + SESSION_ID_RE + r"); Path=/; HttpOnly; SameSite=Strict$"
ADMIN_PAGES = ["/admin/", "/admin", "/admin/people", "/admin/settings", "/admin/sessions", "/admin/audit"]
ADMIN_NAV = ['href="/admin/people"', 'href="/admin/settings"', 'href="/admin/sessions"', 'href="/admin/audit"']
ADMIN_LOGOUT = '<form class="inline" method="post" action="/admin/logout">'


def login(srv, who, base="", remember=False):
    """A client signed in to `base` as `who`; fails unless the login answers 303."""
    c = srv.client()
    page = c.get(base + "/login")
    fields = {"_dp_csrf_token": form_token(page.body), "email": who[0], "password": who[1]}
    if remember:
        fields["remember_me"] = "1"
    res = c.post(base + "/login", fields)
    if res.status != 303:
        raise AssertionError("login of %s at %s/login answered %d" % (who[0], base, res.status))
    return c


def post_form(c, page_path, action, fields):
    """POSTs `fields` to `action` with a token from a fresh render of `page_path`."""
    token = form_token(c.get(page_path).body)
    data = {"_dp_csrf_token": token}
    data.update(fields)
    return c.post(action, data)


def rows(body, cls):
    return re.findall(r'<tr class="%s"[^>]*>(.*?)</tr>' % re.escape(cls), body, re.S)


def actions(fragment):
    return re.findall(r'<form class="inline" method="post" action="([^"]+)"', fragment)


def person_id(c, email):
    page = c.get("/admin/people").body
    m = re.search(r'<tr id="person-(\d+)"[^>]*>\s*<td>' + re.escape(email), page)
    if not m:
        raise AssertionError("%s not listed on /admin/people" % email)
    return m.group(1)


def audit_events(body):
    return re.findall(r'<tr class="audit-event" data-event="([a-z0-9_]+)">(.*?)</tr>', body, re.S)


class AdminAccessTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[ADMIN, AGENT, USER])

    def assert_sent_to_admin_login(self, res, path):
        self.assertEqual(res.status, 303, path)
        self.assertTrue(res.header("Location", "").startswith("/admin/login?return_to="), res.header("Location"))
        line = res.set_cookie("dpsid-admin")
        self.assertTrue(line is None or line.endswith("; Max-Age=0"), "no admin session for %s: %s" % (path, line))

    def test_anonymous_and_agent_are_sent_to_admin_login(self):
        agent = login(self.srv, AGENT, "/agent")
        anonymous = self.srv.client()
        for path in ADMIN_PAGES:
            self.assert_sent_to_admin_login(anonymous.get(path), path)
            self.assert_sent_to_admin_login(agent.get(path), path)
        # The agent's own password does not open the admin interface.
        page = agent.get("/admin/login")
        res = agent.post("/admin/login", {"_dp_csrf_token": form_token(page.body), "email": AGENT[0],
                                          "password": AGENT[1]})
        self.assertEqual(res.status, 200)
        self.assertIsNone(res.set_cookie("dpsid-admin"))
        self.assert_sent_to_admin_login(agent.get("/admin/people"), "/admin/people after agent login")
        # An agent session id copied into the admin cookie name is not accepted either.
        forged = self.srv.client()
        forged.jar["dpsid-admin"] = agent.jar["dpsid-agent"]
        self.assert_sent_to_admin_login(forged.get("/admin/people"), "copied agent id")
        # Posts are refused too (after CSRF): no admin action without an admin session; the
        # answer keeps what was typed (never the password) so nothing is lost.
        res = post_form(agent, "/admin/login", "/admin/people",
                        {"email": "sneaky@example.test", "role": "admin", "password": "sneaky password"})
        self.assertEqual(res.status, 403)
        self.assertIn("sneaky@example.test", res.body)
        self.assertNotIn("sneaky password", res.body)
        admin = login(self.srv, ADMIN, "/admin")
        self.assertNotIn("sneaky@example.test", admin.get("/admin/people").body)

    def test_admin_sees_every_page_with_nav_and_logout(self):
        c = login(self.srv, ADMIN, "/admin")
        for path in ADMIN_PAGES:
            res = c.get(path)
            self.assertEqual(res.status, 200, path)
            self.assertIn('<html lang="en">', res.body)
            self.assertIn(ADMIN_LOGOUT, res.body, path)
            for link in ADMIN_NAV:
                self.assertIn(link, res.body, path)
            for form in re.findall(r'<form[^>]*method="post".*?</form>', res.body, re.S):
                self.assertIn('name="_dp_csrf_token"', form, path)
        dashboard = c.get("/admin/").body
        self.assertRegex(dashboard, r'Agents</a></dt><dd>1</dd>')
        self.assertRegex(dashboard, r'Admins</a></dt><dd>1</dd>')
        self.assertRegex(dashboard, r'Help Center users</a></dt><dd>1</dd>')
        # The Messenger embed snippet, escaped, pointing at this helpdesk.
        self.assertIn('&lt;script async src=&quot;%s/messenger/loader.js&quot;&gt;&lt;/script&gt;' % self.srv.origin,
                      dashboard)

    def test_admin_session_cookie_is_samesite_strict(self):
        c = self.srv.client()
        page = c.get("/admin/login")
        res = c.post("/admin/login", {"_dp_csrf_token": form_token(page.body), "email": ADMIN[0],
                                      "password": ADMIN[1]})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/admin/")
        self.assertRegex(res.set_cookie("dpsid-admin") or "", ADMIN_SID)
        self.assertIsNone(res.set_cookie("dpreme"))
        self.assertNotIn('name="remember_me"', page.body)

    def test_dpreme_never_signs_into_admin(self):
        # An admin is also an agent: a remembered agent login gives a dpreme...
        remembered = login(self.srv, ADMIN, "/agent", remember=True)
        token = remembered.jar["dpreme"]
        for path in ADMIN_PAGES:
            fresh = self.srv.client()
            fresh.jar["dpreme"] = token
            self.assert_sent_to_admin_login(fresh.get(path), path)
        # ...which is valid (it signs in to the agent interface) but never to /admin.
        fresh = self.srv.client()
        fresh.jar["dpreme"] = token
        self.assertEqual(fresh.get("/agent/").status, 200)
        self.assert_sent_to_admin_login(fresh.get("/admin/"), "/admin/ with agent session and dpreme")

    def test_last_admin_cannot_demote_or_disable_themselves(self):
        c = login(self.srv, ADMIN, "/admin")
        me = person_id(c, ADMIN[0])
        res = post_form(c, "/admin/people", "/admin/people/%s/role" % me, {"role": "agent"})
        self.assertEqual(res.status, 409)
        self.assertIn("last active admin", res.body)
        self.assertIn(ADMIN_LOGOUT, res.body)
        res = post_form(c, "/admin/people", "/admin/people/%s/disable" % me, {})
        self.assertEqual(res.status, 409)
        self.assertIn("last active admin", res.body)
        page = c.get("/admin/people")
        self.assertEqual(page.status, 200, "still an admin, still signed in")
        row = re.search(r'<tr id="person-%s"[^>]*>(.*?)</tr>' % me, page.body, re.S).group(1)
        self.assertIn("<td>Admin</td>", row)
        self.assertIn("<td>Active</td>", row)

    def test_unknown_person_and_bad_ids_are_404(self):
        c = login(self.srv, ADMIN, "/admin")
        for action in ["/admin/people/999999/role", "/admin/people/abc/disable", "/admin/people/0/enable",
                       "/admin/people/999999/sessions/revoke-all"]:
            res = post_form(c, "/admin/people", action, {"role": "agent"})
            self.assertEqual(res.status, 404, action)


class AdminPeopleTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[ADMIN, AGENT, USER, ("second@example.test", "second password 1", "agent"),
                                          ("third@example.test", "third password 1", "agent"),
                                          ("fourth@example.test", "fourth password 1", "agent")])

    def setUp(self):
        self.admin = login(self.srv, ADMIN, "/admin")

    def test_create_agent_who_can_then_log_in(self):
        res = post_form(self.admin, "/admin/people", "/admin/people",
                        {"email": " New.Agent@Example.test ", "name": "Nina <Agent>", "role": "agent",
                         "password": "a fresh password"})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/admin/people")
        page = self.admin.get("/admin/people").body
        self.assertIn("The account was created.", page)
        self.assertIn("new.agent@example.test", page)
        self.assertIn("Nina &lt;Agent&gt;", page)
        self.assertNotIn("Nina <Agent>", page)
        agent = login(self.srv, ("new.agent@example.test", "a fresh password"), "/agent")
        self.assertEqual(agent.get("/agent/").status, 200)
        audit = self.admin.get("/admin/audit?event=person_created").body
        self.assertIn("new.agent@example.test", audit)
        self.assertIn("role: agent", audit)

    def test_create_with_errors_keeps_what_was_typed(self):
        res = post_form(self.admin, "/admin/people", "/admin/people",
                        {"email": "not an email", "name": "Typed Name", "role": "admin", "password": "short"})
        self.assertEqual(res.status, 400)
        self.assertIn('value="not an email"', res.body)
        self.assertIn('value="Typed Name"', res.body)
        self.assertRegex(res.body, r'<option value="admin" selected>')
        self.assertIn("Enter a valid e-mail address.", res.body)
        self.assertIn("The password must have 8 to 1024 characters.", res.body)
        self.assertNotIn("short", res.body)
        res = post_form(self.admin, "/admin/people", "/admin/people",
                        {"email": AGENT[0].upper(), "name": "", "role": "agent", "password": "long enough"})
        self.assertEqual(res.status, 409)
        self.assertIn("already exists", res.body)
        # A CSRF failure re-renders the form with everything but the password.
        res = self.admin.post("/admin/people", {"_dp_csrf_token": "forged", "email": "kept@example.test",
                                                "name": "Kept", "role": "user", "password": "secret password"})
        self.assertEqual(res.status, 403)
        self.assertIn('value="kept@example.test"', res.body)
        self.assertIn('value="Kept"', res.body)
        self.assertNotIn("secret password", res.body)
        self.assertIsNotNone(form_token(res.body))

    def test_role_change_ends_sessions_and_remember_tokens(self):
        who = ("second@example.test", "second password 1")
        victim = login(self.srv, who, "/agent", remember=True)
        portal = login(self.srv, who, "")
        old_sid = victim.jar["dpsid-agent"]
        dpreme = victim.jar["dpreme"]
        self.assertEqual(victim.get("/agent/").status, 200)
        self.assertIn('action="/logout"', portal.get("/").body)
        pid = person_id(self.admin, who[0])
        res = post_form(self.admin, "/admin/people", "/admin/people/%s/role" % pid, {"role": "user"})
        self.assertEqual(res.status, 303)
        self.assertIn("The role was changed", self.admin.get("/admin/people").body)
        # Every session ends, also the portal one a user may still hold.
        self.assertNotIn('action="/logout"', portal.get("/").body)
        stale = self.srv.client()
        stale.jar["dpsid-agent"] = old_sid
        res = stale.get("/agent/")
        self.assertEqual(res.status, 303)
        self.assertTrue(res.header("Location").startswith("/agent/login"))
        remembered = self.srv.client()
        remembered.jar["dpreme"] = dpreme
        for path in ("/agent/", "/"):
            res = remembered.get(path)
            self.assertIsNone(res.set_cookie("dpsid-agent"))
            self.assertIsNone(res.set_cookie("dpsid-portal"))
        self.assertNotIn('action="/logout"', remembered.get("/").body)
        audit = self.admin.get("/admin/audit?event=role_changed").body
        self.assertIn("agent -&gt; user", audit)
        self.assertIn(who[0], audit)

    def test_promotion_also_ends_the_old_session(self):
        who = ("fourth@example.test", "fourth password 1")
        agent = login(self.srv, who, "/agent", remember=True)
        dpreme = agent.jar["dpreme"]
        pid = person_id(self.admin, who[0])
        self.assertEqual(post_form(self.admin, "/admin/people", "/admin/people/%s/role" % pid,
                                   {"role": "admin"}).status, 303)
        res = agent.get("/agent/")
        self.assertEqual(res.status, 303, "the pre-promotion session id is dead")
        remembered = self.srv.client()
        remembered.jar["dpreme"] = dpreme
        self.assertEqual(remembered.get("/agent/").status, 303)
        self.assertEqual(login(self.srv, who, "/admin").get("/admin/people").status, 200)

    def test_disable_ends_sessions_and_enable_lets_back_in(self):
        who = ("third@example.test", "third password 1")
        victim = login(self.srv, who, "/agent", remember=True)
        old_sid, dpreme = victim.jar["dpsid-agent"], victim.jar["dpreme"]
        pid = person_id(self.admin, who[0])
        res = post_form(self.admin, "/admin/people", "/admin/people/%s/disable" % pid, {})
        self.assertEqual(res.status, 303)
        page = self.admin.get("/admin/people").body
        row = re.search(r'<tr id="person-%s" class="disabled">(.*?)</tr>' % pid, page, re.S).group(1)
        self.assertIn("<td>Disabled</td>", row)
        self.assertIn('action="/admin/people/%s/enable"' % pid, row)
        res = post_form(self.admin, "/admin/people", "/admin/people/%s/enable" % pid, {})
        self.assertEqual(res.status, 303)
        # Enabling again does not revive what disabling ended.
        stale = self.srv.client()
        stale.jar["dpsid-agent"] = old_sid
        self.assertEqual(stale.get("/agent/").status, 303)
        remembered = self.srv.client()
        remembered.jar["dpreme"] = dpreme
        self.assertEqual(remembered.get("/agent/").status, 303)
        self.assertIsNone(remembered.jar.get("dpsid-agent"))
        self.assertEqual(login(self.srv, who, "/agent").get("/agent/").status, 200)
        audit = self.admin.get("/admin/audit?person=" + who[0]).body
        events = [e for e, _ in audit_events(audit)]
        self.assertIn("person_disabled", events)
        self.assertIn("person_enabled", events)

    def test_admin_revokes_a_portal_session(self):
        user = login(self.srv, USER, "")
        self.assertIn('action="/logout"', user.get("/").body)
        page = self.admin.get("/admin/sessions").body
        mine = [r for r in rows(page, "session") if USER[0] in r]
        self.assertEqual(len(mine), 1, page)
        self.assertIn("Help Center", mine[0])
        revoke = [a for a in actions(mine[0]) if a.startswith("/admin/sessions/")][0]
        res = post_form(self.admin, "/admin/sessions", revoke, {})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/admin/sessions")
        res = user.get("/")
        self.assertEqual(res.status, 200)
        self.assertNotIn('action="/logout"', res.body)
        self.assertEqual(res.set_cookie("dpsid-portal"), "dpsid-portal=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
        self.assertFalse([r for r in rows(self.admin.get("/admin/sessions").body, "session") if USER[0] in r])
        audit = self.admin.get("/admin/audit?event=session_revoked&person=" + USER[0]).body
        self.assertEqual(len(audit_events(audit)), 1)
        self.assertIn("portal session; by " + ADMIN[0], audit)

    def test_admin_revokes_a_remembered_device(self):
        agent = login(self.srv, AGENT, "/agent", remember=True)
        dpreme = agent.jar["dpreme"]
        page = self.admin.get("/admin/sessions").body
        tokens = [r for r in rows(page, "remembered") if AGENT[0] in r]
        self.assertEqual(len(tokens), 1, page)
        res = post_form(self.admin, "/admin/sessions", actions(tokens[0])[0], {})
        self.assertEqual(res.status, 303)
        fresh = self.srv.client()
        fresh.jar["dpreme"] = dpreme
        self.assertEqual(fresh.get("/agent/").status, 303)
        self.assertIsNone(fresh.jar.get("dpsid-agent"))
        self.assertEqual(agent.get("/agent/").status, 200, "the live session itself was not touched")
        audit = self.admin.get("/admin/audit?event=remember_revoked").body
        self.assertIn(AGENT[0], audit)

    def test_revoke_all_of_a_person(self):
        one = login(self.srv, AGENT, "/agent")
        two = login(self.srv, AGENT, "")
        pid = person_id(self.admin, AGENT[0])
        res = post_form(self.admin, "/admin/sessions", "/admin/people/%s/sessions/revoke-all" % pid, {})
        self.assertEqual(res.status, 303)
        self.assertEqual(one.get("/agent/").status, 303)
        self.assertNotIn('action="/logout"', two.get("/").body)
        self.assertEqual(self.admin.get("/admin/").status, 200, "the admin's own session survives")


class AdminSettingsTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[ADMIN])

    def setUp(self):
        self.admin = login(self.srv, ADMIN, "/admin")

    def save(self, fields):
        return post_form(self.admin, "/admin/settings", "/admin/settings", fields)

    def test_every_setting_is_listed_but_no_internal_key(self):
        page = self.admin.get("/admin/settings").body
        for key in ["sessions.portal_idle_s", "sessions.admin_absolute_s", "auth.remember_days",
                    "auth.remember_users", "auth.remember_agents", "cookies.optional", "cookies.prefix",
                    "i18n.default_language", "i18n.languages", "messenger.allowed_origins",
                    "messenger.loader_ttl_s"]:
            self.assertIn('name="%s"' % key, page)
        self.assertNotIn("internal.", page)
        self.assertNotIn("csrf_key", page)

    def test_remember_users_off_takes_effect_without_restart(self):
        self.assertIn('name="remember_me"', self.srv.client().get("/login").body)
        res = self.save({"auth.remember_users": "false"})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/admin/settings")
        self.assertNotIn('name="remember_me"', self.srv.client().get("/login").body)
        self.assertIn('name="remember_me"', self.srv.client().get("/agent/login").body)
        page = self.admin.get("/admin/settings").body
        self.assertIn("The settings were saved", page)
        self.assertRegex(page, r'name="auth.remember_users"><option value="true">Yes</option>'
                               r'<option value="false" selected>No</option>')
        self.assertEqual(self.save({"auth.remember_users": "true"}).status, 303)
        self.assertIn('name="remember_me"', self.srv.client().get("/login").body)
        audit = self.admin.get("/admin/audit?event=setting_changed").body
        self.assertIn("auth.remember_users: true -&gt; false", audit)
        self.assertIn("auth.remember_users: false -&gt; true", audit)

    def test_session_timeout_is_stored_and_shown(self):
        self.assertEqual(self.save({"sessions.portal_idle_s": "1200"}).status, 303)
        page = self.admin.get("/admin/settings").body
        self.assertRegex(page, r'name="sessions.portal_idle_s" value="1200"')
        audit = self.admin.get("/admin/audit?event=setting_changed").body
        self.assertIn("sessions.portal_idle_s: 3600 -&gt; 1200", audit)

    def test_invalid_value_is_refused_with_what_was_typed(self):
        res = self.save({"sessions.agent_idle_s": "12abc", "auth.remember_days": "45"})
        self.assertEqual(res.status, 400)
        self.assertRegex(res.body, r'name="sessions.agent_idle_s" value="12abc"')
        self.assertRegex(res.body, r'name="auth.remember_days" value="45"')
        self.assertIn("This value is not valid for this setting", res.body)
        self.assertIn("Nothing was saved", res.body)
        page = self.admin.get("/admin/settings").body
        self.assertRegex(page, r'name="sessions.agent_idle_s" value="3600"')
        self.assertRegex(page, r'name="auth.remember_days" value="30"')
        res = self.save({"cookies.optional": "<b>maybe</b>"})
        self.assertEqual(res.status, 400)
        self.assertIn("&lt;b&gt;maybe&lt;/b&gt;", res.body)
        self.assertNotIn("<b>maybe</b>", res.body)

    def test_csrf_failure_keeps_typed_settings(self):
        res = self.admin.post("/admin/settings", {"_dp_csrf_token": "nope", "sessions.portal_absolute_s": "7777"})
        self.assertEqual(res.status, 403)
        self.assertRegex(res.body, r'name="sessions.portal_absolute_s" value="7777"')
        self.assertIsNotNone(form_token(res.body))
        self.assertRegex(self.admin.get("/admin/settings").body, r'name="sessions.portal_absolute_s" value="604800"')


class AdminAuditTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[ADMIN, USER])

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        c = cls.srv.client()
        page = c.get("/login")
        res = c.post("/login", {"_dp_csrf_token": form_token(page.body), "email": USER[0], "password": "wrong one"})
        assert res.status == 200, res.status
        login(cls.srv, USER, "")
        cls.admin = login(cls.srv, ADMIN, "/admin")

    def test_lists_logins_and_failures_newest_first(self):
        events = audit_events(self.admin.get("/admin/audit").body)
        names = [e for e, _ in events]
        self.assertIn("login", names)
        self.assertIn("login_failed", names)
        self.assertLess(names.index("login"), names.index("login_failed"), "newest first")
        failed = [row for e, row in events if e == "login_failed"][0]
        self.assertIn("Failed sign-in", failed)
        self.assertIn(USER[0], failed)
        self.assertIn("127.0.0.1", failed)
        self.assertRegex(failed, r"<td>\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d:\d\d UTC</td>")

    def test_filter_by_event_and_person(self):
        body = self.admin.get("/admin/audit?event=login_failed").body
        self.assertEqual({e for e, _ in audit_events(body)}, {"login_failed"})
        self.assertRegex(body, r'<option value="login_failed" selected>')
        body = self.admin.get("/admin/audit?person=" + USER[0].upper()).body
        events = audit_events(body)
        self.assertEqual({e for e, _ in events}, {"login", "login_failed"})
        self.assertTrue(all(USER[0] in row for _, row in events))
        self.assertIn('name="person" value="%s"' % USER[0], body)
        uid = re.search(r"#(\d+)", events[0][1]).group(1)
        by_id = audit_events(self.admin.get("/admin/audit?person=%s&event=login" % uid).body)
        self.assertEqual(len(by_id), 1)
        self.assertEqual(by_id[0][0], "login")

    def test_filter_by_days(self):
        self.assertEqual(audit_events(self.admin.get("/admin/audit?since=2001-01-01&until=2001-12-31").body), [])
        body = self.admin.get("/admin/audit?since=2001-01-01").body
        self.assertIn("login_failed", [e for e, _ in audit_events(body)])
        self.assertIn('name="since" value="2001-01-01"', body)

    def test_bad_filters_are_ignored_with_a_notice(self):
        res = self.admin.get("/admin/audit?person=%3Cscript%3E&event=DROP%20TABLE&since=2024-02-30"
                             "&until=tomorrow&page=-3")
        self.assertEqual(res.status, 200)
        for notice in ["The person filter was ignored", "The event filter was ignored", "The start date was ignored",
                       "The end date was ignored", "The page number was not valid"]:
            self.assertIn(notice, res.body)
        self.assertNotIn("<script>", res.body)
        self.assertNotIn("DROP TABLE", res.body)
        self.assertIn("login_failed", [e for e, _ in audit_events(res.body)], "unfiltered list")
        self.assertEqual(self.admin.get("/admin/audit?page=99999999999999999999").status, 200)
        self.assertEqual(self.admin.get("/admin/audit?person=" + "a" * 5000).status, 200)

    def test_labels_and_dates_are_localized(self):
        res = self.admin.get("/admin/audit?event=login_failed", headers={"Accept-Language": "da"})
        self.assertIn('<html lang="da">', res.body)
        self.assertIn("Mislykket login", res.body)
        self.assertIn("Revisionslog", res.body)
        self.assertRegex(res.body, r"<td>\d{1,2}\. [a-zæø]+ \d{4}, \d\d:\d\d:\d\d UTC</td>")
        res = self.admin.get("/admin/audit?event=login_failed", headers={"Accept-Language": "de"})
        self.assertIn("Fehlgeschlagene Anmeldung", html.unescape(res.body))


if __name__ == "__main__":
    unittest.main()
