"""SPEC §2 contact form and tickets: /new-ticket, /tickets, /tickets/<ref>, guest access links by e-mail,
and the agent desk /agent/tickets, as browsers, agents and attackers observe them."""

import os
import re
import sqlite3
import time
import unittest
import urllib.parse

from deskd_server import ServerTestCase, form_token, html_lang

USER = ("ticket.user@example.test", "user pass phrase 1", "user")
OTHER = ("other.user@example.test", "other pass phrase 2", "user")
AGENT = ("ticket.agent@example.test", "agent pass phrase 3", "agent")

REF_RE = r"[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}"
XSS = "<script>alert('x')</script>"


class TicketsTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER, OTHER, AGENT])

    # -- helpers -------------------------------------------------------------

    def db(self):
        con = sqlite3.connect(os.path.join(self.srv.data_dir, "deskd.db"), timeout=10)
        con.row_factory = sqlite3.Row
        return con

    def query(self, sql, *args):
        con = self.db()
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def ticket_row(self, ref):
        rows = self.query("SELECT * FROM tickets WHERE ref = ?", ref)
        self.assertEqual(len(rows), 1, "no tickets row for %s" % ref)
        return rows[0]

    def mails_to(self, address):
        return self.query("SELECT * FROM outbox WHERE recipient = ? ORDER BY id", address)

    def unique(self, word):
        return "%s-%d" % (word, time.monotonic_ns())

    def post_form(self, client, path, fields, page=None):
        """GET `page` (default `path`) for a token, then POST `fields` with it."""
        token = form_token(client.get(page or path).body)
        return client.post(path, dict(fields, _dp_csrf_token=token))

    def create_guest_ticket(self, client=None, **over):
        client = client or self.srv.client()
        email = over.pop("email", self.unique("guest") + "@example.test")
        fields = {"name": "Gail Guest", "email": email, "subject": "Printer jam",
                  "message": "Paper stuck in tray 2\nsince Monday."}
        fields.update(over)
        res = self.post_form(client, "/new-ticket", fields)
        self.assertEqual(res.status, 303, res.body[:800])
        m = re.fullmatch(r"/tickets/(%s)/created" % REF_RE, res.header("Location"))
        self.assertTrue(m, res.header("Location"))
        return client, m.group(1), email

    def access_link(self, email, index=-1):
        mails = self.mails_to(email)
        self.assertTrue(mails, "no mail queued for %s" % email)
        m = re.search(r"(http://[^\s/]+)(/tickets/(%s)\?access=([A-Za-z0-9_-]+))" % REF_RE, mails[index]["body"])
        self.assertTrue(m, mails[index]["body"])
        return m

    def login(self, account, base=""):
        c = self.srv.client()
        res = c.login(account[0], account[1], base=base)
        self.assertEqual(res.status, 303, res.body[:500])
        return c

    # -- guests ----------------------------------------------------------------

    def test_guest_creates_ticket_sees_reference_and_is_mailed_an_access_link(self):
        c, ref, email = self.create_guest_ticket()
        self.assertIsNotNone(c.jar.get("dpsid-portal"), "the creating browser holds no session")
        page = c.get("/tickets/%s/created" % ref)
        self.assertEqual(page.status, 200)
        self.assertIn(ref, page.body)
        self.assertIn(email, page.body)

        row = self.ticket_row(ref)
        self.assertIsNone(row["person_id"])
        self.assertEqual(row["requester_name"], "Gail Guest")
        self.assertEqual(row["requester_email"], email)
        self.assertEqual(row["subject"], "Printer jam")
        self.assertEqual(row["status"], "open")
        self.assertEqual(row["source"], "web")
        self.assertEqual(row["lang"], "en")
        self.assertIsNotNone(row["visitor_id"])
        msgs = self.query("SELECT * FROM ticket_messages WHERE ticket_id = ?", row["id"])
        self.assertEqual([(m["author_kind"], m["body"]) for m in msgs],
                         [("user", "Paper stuck in tray 2\nsince Monday.")])

        mails = self.mails_to(email)
        self.assertEqual(len(mails), 1)
        self.assertIn(ref, mails[0]["subject"])
        link = self.access_link(email)
        self.assertEqual(link.group(1), self.srv.origin)
        self.assertEqual(link.group(3), ref)
        token = link.group(4)
        self.assertEqual(len(token), 43)
        # Only a hash of the token is stored.
        stored = self.query("SELECT token_hash FROM ticket_access_tokens WHERE ticket_id = ?", row["id"])
        self.assertEqual(len(stored), 1)
        self.assertNotEqual(stored[0]["token_hash"], token)
        self.assertNotIn(token, repr([tuple(r) for r in self.query("SELECT * FROM tickets")]))

    def test_access_link_grants_that_browser_only(self):
        _, ref, email = self.create_guest_ticket(message="Only the link holder may read this 5XQ.")
        path = self.access_link(email).group(2)

        stranger = self.srv.client()
        self.assertEqual(stranger.get("/tickets/" + ref).status, 404)

        mailbox_browser = self.srv.client()
        res = mailbox_browser.get(path)
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/tickets/" + ref)
        self.assertIsNotNone(res.set_cookie("dpsid-portal"))
        self.assertEqual(res.header("Cache-Control"), "no-store")
        page = mailbox_browser.get("/tickets/" + ref)
        self.assertEqual(page.status, 200)
        self.assertIn("Only the link holder may read this 5XQ.", page.body)
        self.assertIn('action="/tickets/%s/reply"' % ref, page.body)
        listing = mailbox_browser.get("/tickets")
        self.assertIn("/tickets/" + ref, listing.body)

        # Still nobody else: not the stranger, nor with a wrong token or another ticket's token.
        self.assertEqual(stranger.get("/tickets/" + ref).status, 404)
        self.assertNotIn(ref, stranger.get("/tickets").body)
        self.assertEqual(stranger.get("/tickets/%s?access=%s" % (ref, "A" * 43)).status, 404)
        _, _, other_email = self.create_guest_ticket()
        other_token = self.access_link(other_email).group(4)
        self.assertEqual(stranger.get("/tickets/%s?access=%s" % (ref, other_token)).status, 404)
        self.assertEqual(stranger.get("/tickets/" + ref).status, 404)

    def test_guest_replies_through_granted_session(self):
        c, ref, _ = self.create_guest_ticket()
        res = self.post_form(c, "/tickets/%s/reply" % ref, {"message": "Any news? 8KQ"}, page="/tickets/" + ref)
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/tickets/" + ref)
        page = c.get("/tickets/" + ref)
        self.assertIn("Any news? 8KQ", page.body)
        row = self.ticket_row(ref)
        bodies = [m["body"] for m in self.query(
            "SELECT body FROM ticket_messages WHERE ticket_id = ? ORDER BY id", row["id"])]
        self.assertEqual(bodies[-1], "Any news? 8KQ")

    def test_reply_without_access_is_404_and_stores_nothing(self):
        _, ref, _ = self.create_guest_ticket()
        row = self.ticket_row(ref)
        stranger = self.srv.client()
        res = self.post_form(stranger, "/tickets/%s/reply" % ref, {"message": "sneaky"}, page="/new-ticket")
        self.assertEqual(res.status, 404)
        self.assertEqual(len(self.query("SELECT * FROM ticket_messages WHERE ticket_id = ?", row["id"])), 1)

    # -- signed-in people --------------------------------------------------------

    def test_signed_in_user_creates_lists_and_replies(self):
        c = self.login(USER)
        form = c.get("/new-ticket")
        self.assertIn('value="%s"' % USER[0], form.body)
        subject = self.unique("Invoice")
        res = self.post_form(c, "/new-ticket", {"name": "Uma User", "email": "ignored@example.test",
                                                 "subject": subject, "message": "Where is my invoice?"})
        self.assertEqual(res.status, 303)
        m = re.fullmatch(r"/tickets/(%s)" % REF_RE, res.header("Location"))
        self.assertTrue(m, res.header("Location"))
        ref = m.group(1)
        row = self.ticket_row(ref)
        person = self.query("SELECT id FROM people WHERE email = ?", USER[0])[0]
        self.assertEqual(row["person_id"], person["id"])
        self.assertEqual(row["requester_email"], USER[0])
        self.assertEqual(row["requester_name"], "Uma User")
        self.assertEqual(self.query("SELECT * FROM ticket_access_tokens WHERE ticket_id = ?", row["id"]), [])
        self.assertEqual(self.mails_to("ignored@example.test"), [])
        self.assertIn("/tickets/" + ref, self.mails_to(USER[0])[-1]["body"])

        page = c.get("/tickets/" + ref)
        self.assertEqual(page.status, 200)
        self.assertIn("Where is my invoice?", page.body)
        listing = c.get("/tickets")
        self.assertIn(subject, listing.body)
        self.assertIn("/tickets/" + ref, listing.body)

        res = self.post_form(c, "/tickets/%s/reply" % ref, {"message": "Found it, thanks"}, page="/tickets/" + ref)
        self.assertEqual(res.status, 303)
        self.assertIn("Found it, thanks", c.get("/tickets/" + ref).body)

        other = self.login(OTHER)
        self.assertEqual(other.get("/tickets/" + ref).status, 404)
        self.assertNotIn(ref, other.get("/tickets").body)
        self.assertEqual(self.srv.client().get("/tickets/" + ref).status, 404)

    # -- agents ------------------------------------------------------------------

    def test_agent_lists_by_status_replies_and_closes(self):
        _, ref, email = self.create_guest_ticket(subject=self.unique("Broken"))
        agent = self.login(AGENT, base="/agent")

        self.assertIn(ref, agent.get("/agent/tickets").body)
        self.assertIn(ref, agent.get("/agent/tickets?status=open").body)
        self.assertIn(ref, agent.get("/agent/tickets?status=all").body)
        self.assertNotIn(ref, agent.get("/agent/tickets?status=pending").body)
        self.assertEqual(agent.get("/agent/tickets?status=bogus").status, 400)
        self.assertEqual(agent.get("/agent/tickets?page=0").status, 400)

        view = agent.get("/agent/tickets/" + ref)
        self.assertEqual(view.status, 200)
        self.assertIn(email, view.body)
        self.assertIn("Paper stuck in tray 2", view.body)

        res = self.post_form(agent, "/agent/tickets/%s/reply" % ref, {"message": "Open the side panel. 3MW"},
                             page="/agent/tickets/" + ref)
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/agent/tickets/" + ref)
        self.assertEqual(self.ticket_row(ref)["status"], "pending")
        self.assertIn(ref, agent.get("/agent/tickets?status=pending").body)
        self.assertNotIn(ref, agent.get("/agent/tickets?status=open").body)
        mails = self.mails_to(email)
        self.assertEqual(len(mails), 2)
        self.assertIn("Open the side panel. 3MW", mails[-1]["body"])
        audit = self.query("SELECT * FROM audit_log WHERE event = 'ticket_replied' AND detail = ?", ref)
        self.assertEqual(len(audit), 1)

        # The reply mail's fresh link works in a new browser, and so does the first one.
        for index in (-1, 0):
            browser = self.srv.client()
            self.assertEqual(browser.get(self.access_link(email, index).group(2)).status, 303)
            self.assertIn("Open the side panel. 3MW", browser.get("/tickets/" + ref).body)

        res = self.post_form(agent, "/agent/tickets/%s/status" % ref, {"status": "closed"},
                             page="/agent/tickets/" + ref)
        self.assertEqual(res.status, 303)
        self.assertEqual(self.ticket_row(ref)["status"], "closed")
        self.assertIn(ref, agent.get("/agent/tickets?status=closed").body)
        self.assertEqual(len(self.query(
            "SELECT * FROM audit_log WHERE event = 'ticket_status' AND detail LIKE ?", ref + "%")), 1)
        res = self.post_form(agent, "/agent/tickets/%s/status" % ref, {"status": "gone"}, page="/agent/tickets/" + ref)
        self.assertEqual(res.status, 400)
        self.assertEqual(self.ticket_row(ref)["status"], "closed")

    def test_agent_pages_need_an_agent(self):
        res = self.srv.client().get("/agent/tickets")
        self.assertEqual(res.status, 303)
        self.assertTrue(res.header("Location").startswith("/agent/login"))
        user = self.login(USER)
        self.assertEqual(user.get("/agent/tickets").status, 303)

    # -- CSRF, bad input, escaping, languages ------------------------------------------

    def test_csrf_failure_keeps_what_was_typed_and_fresh_token_works(self):
        c = self.srv.client()
        c.get("/new-ticket")
        text = "My printer ate my invoice 7Q3X-unique"
        fields = {"name": "Ann", "email": "ann.csrf@acc.test", "subject": "Printer", "message": text}
        res = c.post("/new-ticket", dict(fields, _dp_csrf_token="stale"))
        self.assertEqual(res.status, 403)
        self.assertIn(text, res.body)
        self.assertIn('value="Ann"', res.body)
        self.assertIn('value="ann.csrf@acc.test"', res.body)
        res = c.post("/new-ticket", dict(fields, _dp_csrf_token=form_token(res.body)))
        self.assertEqual(res.status, 303)
        self.assertEqual(len(self.query("SELECT * FROM tickets WHERE requester_email = 'ann.csrf@acc.test'")), 1)

    def test_reply_csrf_failure_keeps_the_reply(self):
        c, ref, _ = self.create_guest_ticket()
        res = c.post("/tickets/%s/reply" % ref, {"message": "Half-written reply 9TT", "_dp_csrf_token": "stale"})
        self.assertEqual(res.status, 403)
        self.assertIn("Half-written reply 9TT", res.body)
        res = c.post("/tickets/%s/reply" % ref, {"message": "Half-written reply 9TT",
                                                  "_dp_csrf_token": form_token(res.body)})
        self.assertEqual(res.status, 303)

    def test_invalid_fields_answer_400_with_what_was_typed(self):
        before = len(self.query("SELECT * FROM tickets"))
        good = {"name": "Bea", "email": "bea@example.test", "subject": "Subject 4RT", "message": "Message 4RT"}
        cases = {
            "name": "",
            "email": "not-an-address",
            "subject": "s" * 201,
            "message": "m" * 20001,
        }
        for field, value in cases.items():
            c = self.srv.client()
            res = self.post_form(c, "/new-ticket", dict(good, **{field: value}))
            self.assertEqual(res.status, 400, field)
            self.assertEqual(html_lang(res.body), "en")
            for name, typed in dict(good, **{field: value}).items():
                if typed:
                    self.assertIn(typed, res.body, "%s: the page lost %s" % (field, name))
            self.assertIn('class="error"', res.body)
            form_token(res.body)
        c = self.srv.client()
        token = form_token(c.get("/new-ticket").body)
        body = "_dp_csrf_token=%s&name=Bea&email=bea%%40example.test&subject=%%FF%%FE&message=x" % (
            urllib.parse.quote(token))
        res = c.request("POST", "/new-ticket", body=body,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(res.status, 400)
        self.assertEqual(len(self.query("SELECT * FROM tickets")), before)

        c2, ref, _ = self.create_guest_ticket()
        res = self.post_form(c2, "/tickets/%s/reply" % ref, {"message": "   "}, page="/tickets/" + ref)
        self.assertEqual(res.status, 400)
        res = self.post_form(c2, "/tickets/%s/reply" % ref, {"message": "r" * 20001}, page="/tickets/" + ref)
        self.assertEqual(res.status, 400)
        self.assertIn("r" * 20001, res.body)

    def test_unknown_or_malformed_ref_is_404(self):
        c = self.srv.client()
        for path in ("/tickets/ZZZZ-ZZZZ", "/tickets/not-a-ref", "/tickets/ZZZZ-ZZZZ/created",
                     "/tickets/ZZZZ-ZZZZ?access=abc", "/da/tickets/ZZZZ-ZZZZ"):
            res = c.get(path)
            self.assertEqual(res.status, 404, path)
            self.assertIn("<html", res.body)
        res = self.post_form(c, "/tickets/ZZZZ-ZZZZ/reply", {"message": "hello"}, page="/new-ticket")
        self.assertEqual(res.status, 404)
        agent = self.login(AGENT, base="/agent")
        self.assertEqual(agent.get("/agent/tickets/ZZZZ-ZZZZ").status, 404)
        self.assertEqual(agent.get("/agent/tickets/%3Cscript%3E").status, 404)
        # Someone else's existing ticket answers exactly like a missing one.
        _, ref, _ = self.create_guest_ticket()
        missing, existing = c.get("/tickets/ZZZZ-ZZZZ"), c.get("/tickets/" + ref)
        self.assertEqual(existing.status, missing.status)
        self.assertEqual(existing.body.replace(ref, "ZZZZ-ZZZZ"), missing.body)

    def test_script_is_escaped_everywhere(self):
        c, ref, email = self.create_guest_ticket(name="Eve " + XSS, subject="S " + XSS, message="M " + XSS)
        agent = self.login(AGENT, base="/agent")
        created = c.get("/tickets/%s/created" % ref)
        self.assertEqual(created.status, 200)
        self.assertNotIn("<script>", created.body)
        pages = [c.get("/tickets/" + ref), c.get("/tickets"), agent.get("/agent/tickets"),
                 agent.get("/agent/tickets/" + ref)]
        for page in pages:
            self.assertEqual(page.status, 200)
            self.assertNotIn("<script>", page.body)
            self.assertIn("&lt;script&gt;", page.body)
        res = self.post_form(c, "/new-ticket", {"name": XSS, "email": "bad", "subject": XSS, "message": XSS})
        self.assertEqual(res.status, 400)
        self.assertNotIn("<script>", res.body)

    def test_form_renders_in_all_three_languages(self):
        expected = {"en": "Contact us", "da": "Kontakt os", "de": "Betreff"}
        for lang, text in expected.items():
            prefix = "" if lang == "en" else "/" + lang
            res = self.srv.client().get(prefix + "/new-ticket")
            self.assertEqual(res.status, 200)
            self.assertEqual(html_lang(res.body), lang)
            self.assertIn(text, res.body)
            self.assertIn('name="message"', res.body)
            form_token(res.body)
        res = self.srv.client().get("/new-ticket", headers={"Accept-Language": "de-DE,de;q=0.9"})
        self.assertIn("Anfrage senden", res.body)

    def test_guest_ticket_in_danish_gets_danish_mail(self):
        c = self.srv.client()
        email = self.unique("dansk") + "@example.test"
        res = self.post_form(c, "/da/new-ticket", {"name": "Dorte", "email": email, "subject": "Hjælp",
                                                    "message": "Min printer virker ikke"})
        self.assertEqual(res.status, 303)
        mail = self.mails_to(email)[0]
        self.assertIn("Vi har modtaget din henvendelse", mail["subject"])


if __name__ == "__main__":
    unittest.main()
