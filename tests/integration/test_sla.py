"""Issue 15 items 4 and 6 (SPEC §11): SLA targets per priority set in the Admin interface, due times on every
ticket, met on the first agent reply and on resolve, the Overdue view, breach notifications to the ticket's group
(once, over SMTP), SLA breaches in the reports, and live + e-mail notifications of requester replies and new
tickets with the per-agent e-mail preference. DESKD_TEST_SLA_MINUTE_MS=1000 makes an SLA minute last a second."""

import base64
import csv
import io
import quopri
import re
import time
import unittest

from deskd_server import ServerTestCase, SmtpCapture, form_token, wait_for
from wsclient import WebSocket

ANN = ("ann.sla@example.test", "agent pass phrase 1", "agent")
BOB = ("bob.sla@example.test", "agent pass phrase 2", "agent")
CAT = ("cat.sla@example.test", "agent pass phrase 3", "agent")
ADMIN = ("admin.sla@example.test", "admin pass phrase 4", "admin")
REF_RE = r"[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}"
MINUTE_MS = 1000
# Minutes (each a second here): urgent breaches within seconds; high and normal leave time to answer.
POLICY = {"first_response_urgent": "2", "resolution_urgent": "4", "first_response_high": "120",
          "resolution_high": "240", "first_response_normal": "600", "resolution_normal": "6000"}


def decoded(mail):
    head, _, body = mail["data"].partition("\r\n\r\n")
    head = re.sub(r"\r\n(?=[ \t])", "", head)  # unfold
    if "base64" in head:
        body = base64.b64decode("".join(body.split())).decode()
    elif "quoted-printable" in head:
        body = quopri.decodestring(body.encode()).decode()
    subject = re.search(r"^Subject: (.*)$", head, re.M).group(1).strip()
    if "=?" in subject:
        subject = "".join(base64.b64decode(p).decode()
                          for p in re.findall(r"=\?[Uu][Tt][Ff]-8\?[Bb]\?([^?]*)\?=", subject))
    return subject, body


class SlaTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.smtp = SmtpCapture()
        env = {"DESKD_LIMITS_TICKETS_PER_IP_PER_HOUR": "1000", "DESKD_TEST_SLA_MINUTE_MS": str(MINUTE_MS),
               "DESKD_MAIL_SMTP_URL": cls.smtp.url}
        cls.srv = cls.start_server(users=[ANN, BOB, CAT, ADMIN], env=env)
        cls.admin = cls.srv.client()
        assert cls.admin.login(ADMIN[0], ADMIN[1], base="/admin").status == 303
        cls.set_policy(cls.admin, POLICY)

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.smtp.close()

    # -- helpers -------------------------------------------------------------

    @classmethod
    def set_policy(cls, admin, fields, expect=303):
        token = form_token(admin.get("/admin/sla").body)
        res = admin.post("/admin/sla", dict(fields, _dp_csrf_token=token))
        assert res.status == expect, (res.status, res.body[:1500])
        return res

    def query(self, sql, *args):
        return self.srv.query(sql, *args, named=True)

    def unique(self, word):
        return "%s-%d" % (word, time.monotonic_ns())

    def agent(self, account):
        c = self.srv.client()
        self.assertEqual(c.login(account[0], account[1], base="/agent").status, 303)
        return c

    def post_form(self, client, path, fields, page):
        token = form_token(client.get(page).body)
        return client.post(path, dict(fields, _dp_csrf_token=token))

    def new_ticket(self, subject):
        c = self.srv.client()
        email = self.unique("guest") + "@example.test"
        res = self.post_form(c, "/new-ticket", {"name": "Gail Guest", "email": email, "subject": subject,
                                                "message": "Paper stuck " + subject}, "/new-ticket")
        self.assertEqual(res.status, 303, res.body[:500])
        ref = re.fullmatch(r"/tickets/(%s)/created" % REF_RE, res.header("Location")).group(1)
        return c, ref

    def set_fields(self, agent, ref, **fields):
        page = "/agent/tickets/" + ref
        res = self.post_form(agent, page + "/fields", fields, page)
        self.assertEqual(res.status, 303, res.body[:800])

    def person_id(self, account):
        return self.query("SELECT id FROM people WHERE email = ?", account[0])[0]["id"]

    def socket(self, client):
        ws = WebSocket(self.srv.host, self.srv.port, "/agent/ws",
                       headers={"Origin": self.srv.origin, "Cookie": client.cookie_header()})
        ws.recv_until(lambda m: m["type"] == "queue")
        return ws

    def mails_to(self, email, subject_part):
        return [decoded(m) for m in list(self.smtp.mails)
                if "<%s>" % email in m["rcpt"] and subject_part in decoded(m)[0]]

    def wait_for(self, predicate, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.2)
        return predicate()

    def view_refs(self, client, view):
        page = client.get("/agent/tickets?view=" + view)
        self.assertEqual(page.status, 200)
        return re.findall(r'<tr class="ticket [^"]*" data-ref="(%s)"' % REF_RE, page.body)

    # -- SLA policy ------------------------------------------------------------

    def test_admin_page_shows_saves_and_refuses_bad_targets(self):
        page = self.admin.get("/admin/sla")
        self.assertEqual(page.status, 200)
        self.assertIn('name="first_response_urgent" value="2"', page.body)
        self.assertIn('name="time_zone"', page.body)
        res = self.set_policy(self.admin, {"first_response_urgent": "abc", "resolution_urgent": "4",
                                           "time_zone": "UTC"}, expect=400)
        self.assertIn('value="abc"', res.body)  # what was typed is kept
        res = self.set_policy(self.admin, {"first_response_urgent": "2", "business_hours": "on",
                                           "time_zone": "Mars/Base", "mon_open": "09:00", "mon_close": "17:00"},
                              expect=400)
        self.assertIn('value="Mars/Base"', res.body)
        self.set_policy(self.admin, {"first_response_urgent": "2", "mon_open": "17:00", "mon_close": "09:00"},
                        expect=400)
        agent = self.agent(ANN)
        self.assertIn(agent.get("/admin/sla").status, (303, 403))  # agents do not set the policy
        self.assertEqual(self.admin.get("/admin/sla").status, 200)
        self.assertIn('name="first_response_urgent" value="2"', self.admin.get("/admin/sla").body)  # unchanged

    def test_business_hours_schedule_is_stored(self):
        try:
            self.set_policy(self.admin, dict(POLICY, first_response_low="60", business_hours="on",
                                             time_zone="Europe/Copenhagen", mon_open="09:00", mon_close="17:00"))
            page = self.admin.get("/admin/sla").body
            self.assertIn('value="Europe/Copenhagen"', page)
            self.assertIn('name="mon_open" value="09:00"', page)
            self.assertRegex(page, r'name="business_hours" value="on" checked')
            row = self.query("SELECT * FROM sla_schedule")[0]
            self.assertEqual(row["week"], "09:00-17:00 closed closed closed closed closed closed")
            self.assertEqual(len(self.query("SELECT * FROM audit_log WHERE event = 'sla_updated'")) >= 1, True)
        finally:
            self.set_policy(self.admin, POLICY)

    # -- due times -------------------------------------------------------------

    def test_due_times_are_set_and_first_response_met_by_a_reply_not_a_note(self):
        _, ref = self.new_ticket(self.unique("Due"))
        row = self.query("SELECT * FROM tickets WHERE ref = ?", ref)[0]
        self.assertEqual(row["sla_first_response_due_ms"] - row["created_ms"], 600 * MINUTE_MS)
        self.assertEqual(row["sla_resolution_due_ms"] - row["created_ms"], 6000 * MINUTE_MS)
        ann = self.agent(ANN)
        page = ann.get("/agent/tickets/" + ref).body
        self.assertIn('id="sla-first-response" data-state="due"', page)
        self.assertIn('id="sla-resolution" data-state="due"', page)
        self.set_fields(ann, ref, priority="high")  # recomputed from creation
        row = self.query("SELECT * FROM tickets WHERE ref = ?", ref)[0]
        self.assertEqual(row["sla_first_response_due_ms"] - row["created_ms"], 120 * MINUTE_MS)
        res = self.post_form(ann, "/agent/tickets/%s/note" % ref, {"note": "looking"}, "/agent/tickets/" + ref)
        self.assertEqual(res.status, 303)
        self.assertIsNone(self.query("SELECT sla_first_replied_ms FROM tickets WHERE ref = ?", ref)[0][0])
        res = self.post_form(ann, "/agent/tickets/%s/reply" % ref, {"message": "On it"}, "/agent/tickets/" + ref)
        self.assertEqual(res.status, 303)
        page = ann.get("/agent/tickets/" + ref).body
        self.assertIn('id="sla-first-response" data-state="met"', page)
        res = self.post_form(ann, "/agent/tickets/%s/status" % ref, {"status": "resolved"}, "/agent/tickets/" + ref)
        self.assertEqual(res.status, 303)
        self.assertIn('id="sla-resolution" data-state="met"', ann.get("/agent/tickets/" + ref).body)

    def test_breach_lists_ticket_as_overdue_and_mails_its_group_once(self):
        admin = self.admin
        name = self.unique("Billing")
        res = self.post_form(admin, "/admin/groups", {"name": name}, "/admin/groups")
        self.assertEqual(res.status, 303)
        gid = self.query("SELECT id FROM agent_groups WHERE name = ?", name)[0]["id"]
        for who in (ANN, BOB):
            res = self.post_form(admin, "/admin/groups/%d/members" % gid, {"email": who[0]}, "/admin/groups")
            self.assertEqual(res.status, 303)
        bob = self.agent(BOB)
        res = self.post_form(bob, "/agent/account/notifications", {}, "/agent/account")  # Bob: no e-mail
        self.assertEqual(res.status, 303)
        self.assertNotIn("checked", bob.get("/agent/account").body)
        ann = self.agent(ANN)
        subject = self.unique("Overdue")
        ws = self.socket(bob)  # subscribed before the ticket can breach: the live notice is sent once
        try:
            _, ref = self.new_ticket(subject)
            self.set_fields(ann, ref, priority="urgent", group=str(gid))
            refs = self.wait_for(lambda: ref in self.view_refs(ann, "overdue"))
            self.assertTrue(refs)
            page = ann.get("/agent/tickets?view=overdue").body
            self.assertRegex(page, r'data-view="overdue"[^>]*>[^<]*\(<span class="count">[1-9]')
            self.assertRegex(page, r'data-ref="%s".*?data-sla="breached"' % ref)
            frame, _ = ws.recv_until(lambda m: m["type"] == "desk_notification" and m["kind"] == "sla_breach"
                                     and m["ref"] == ref, timeout=15)
            self.assertEqual(frame["url"], "/agent/tickets/" + ref)
        finally:
            ws.close()
        first = self.wait_for(lambda: self.mails_to(ANN[0], "SLA breached (first response)"))
        self.assertEqual(len([m for m in first if ref in m[0]]), 1)
        self.assertIn(subject, first[0][0] + first[0][1])
        self.assertIn("/agent/tickets/" + ref, first[0][1])
        resolution = self.wait_for(lambda: [m for m in self.mails_to(ANN[0], "SLA breached (resolution)")
                                            if ref in m[0]])
        self.assertEqual(len(resolution), 1)
        time.sleep(2.5)  # more notifier rounds: still one mail per breach
        self.assertEqual(len([m for m in self.mails_to(ANN[0], "SLA breached") if ref in m[0]]), 2)
        self.assertEqual([m for m in self.mails_to(BOB[0], "SLA breached") if ref in m[0]], [])  # opted out
        self.assertEqual([m for m in self.mails_to(CAT[0], "SLA breached") if ref in m[0]], [])  # not in the group
        # The reports count the breaches of today.
        report = ann.get("/agent/reports?days=7").body
        breaches = int(re.search(r'<dd id="sla-breaches">([\d,.]+)</dd>', report).group(1).replace(",", ""))
        self.assertGreaterEqual(breaches, 2)
        rows = list(csv.reader(io.StringIO(ann.get("/agent/reports.csv?days=7").body)))
        self.assertEqual(rows[0][-1], "sla_breaches")
        self.assertGreaterEqual(int(rows[-1][-1]), 2)
        # Answering and resolving takes the ticket out of the Overdue view.
        self.post_form(ann, "/agent/tickets/%s/status" % ref, {"status": "resolved"}, "/agent/tickets/" + ref)
        self.assertNotIn(ref, self.view_refs(ann, "overdue"))
        self.assertIn('data-state="missed"', ann.get("/agent/tickets/" + ref).body)

    # -- notifications ------------------------------------------------------------

    def test_requester_reply_notifies_the_assignee_live_and_by_mail(self):
        cat = self.agent(CAT)
        subject = self.unique("Reply")
        guest, ref = self.new_ticket(subject)
        self.set_fields(cat, ref, assignee=str(self.person_id(CAT)))
        ws = self.socket(cat)
        try:
            res = self.post_form(guest, "/tickets/%s/reply" % ref, {"message": "Any news 7QK?"}, "/tickets/" + ref)
            self.assertEqual(res.status, 303, res.body[:500])
            frame, _ = ws.recv_until(lambda m: m["type"] == "desk_notification" and m["kind"] == "reply"
                                     and m["ref"] == ref, timeout=15)
            self.assertIn("Gail Guest", frame["text"])
            self.assertEqual(frame["subject"], subject)
        finally:
            ws.close()
        mails = self.wait_for(lambda: [m for m in self.mails_to(CAT[0], "replied") if ref in m[0]])
        self.assertEqual(len(mails), 1)
        self.assertIn("Any news 7QK?", mails[0][1])
        # An internal note and an agent reply notify nobody.
        page = "/agent/tickets/" + ref
        self.post_form(cat, page + "/note", {"note": "secret 8ZZ"}, page)
        time.sleep(2.5)
        self.assertEqual([m for m in list(self.smtp.mails) if "8ZZ" in "".join(decoded(m))], [])
        self.assertEqual(len([m for m in self.mails_to(CAT[0], "replied") if ref in m[0]]), 1)

    def test_preference_off_means_live_only_and_new_tickets_reach_the_team(self):
        bob = self.agent(BOB)
        res = self.post_form(bob, "/agent/account/notifications", {}, "/agent/account")
        self.assertEqual(res.status, 303)
        self.assertEqual(self.query("SELECT email FROM agent_notify_prefs WHERE person_id = ?",
                                    self.person_id(BOB))[0][0], 0)
        ws = self.socket(bob)
        try:
            subject = self.unique("Fresh")
            guest, ref = self.new_ticket(subject)
            frame, _ = ws.recv_until(lambda m: m["type"] == "desk_notification" and m["kind"] == "new_ticket"
                                     and m["ref"] == ref, timeout=15)
            self.assertIn(subject, frame["text"])
            self.set_fields(bob, ref, assignee=str(self.person_id(BOB)))
            self.post_form(guest, "/tickets/%s/reply" % ref, {"message": "hello again"}, "/tickets/" + ref)
            ws.recv_until(lambda m: m["type"] == "desk_notification" and m["kind"] == "reply" and m["ref"] == ref,
                          timeout=15)
        finally:
            ws.close()
        # Cat (e-mail on, no group set on the ticket: the whole team) got the new-ticket mail; Bob got none.
        self.assertTrue(self.wait_for(lambda: [m for m in self.mails_to(CAT[0], "New ticket") if ref in m[0]]))
        time.sleep(1.5)
        self.assertEqual([m for m in self.smtp.mails if "<%s>" % BOB[0] in m["rcpt"] and ref in decoded(m)[0]], [])
        res = self.post_form(bob, "/agent/account/notifications", {"notify_email": "on"}, "/agent/account")
        self.assertEqual(res.status, 303)
        self.assertIn("checked", bob.get("/agent/account").body)
        bad = self.post_form(bob, "/agent/account/notifications", {"notify_email": "maybe"}, "/agent/account")
        self.assertEqual(bad.status, 400)

    def test_account_page_needs_an_agent(self):
        anon = self.srv.client().get("/agent/account")
        self.assertEqual(anon.status, 303)
        self.assertTrue(anon.header("Location").startswith("/agent/login"))



class DemoHistoryTest(ServerTestCase, unittest.TestCase):
    """The demo desk's seeded tickets are history: overdue in the views, but nobody is mailed about them."""

    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True)

    def desk_mail_subjects(self):
        return [r[0] for r in self.srv.query("SELECT subject FROM outbox WHERE kind LIKE 'desk_%' ORDER BY id")]

    def test_first_start_mails_only_about_what_happens_after_it(self):
        c = self.srv.client()
        page = c.get("/new-ticket")
        subject = "Fresh after start %d" % time.monotonic_ns()
        res = c.post("/new-ticket", {"_dp_csrf_token": form_token(page.body), "name": "Gail Guest",
                                     "email": "gail.demo@example.test", "subject": subject, "message": "Hello"})
        self.assertEqual(res.status, 303, res.body[:500])
        # Once the notifier has mailed the team about this ticket, it has had its chance to mail about the rest.
        subjects = wait_for(lambda: [s for s in self.desk_mail_subjects() if subject in s] and self.desk_mail_subjects(),
                            timeout=15)
        self.assertTrue(subjects, "no notification of the new ticket")
        self.assertEqual([s for s in subjects if subject not in s], [])
        self.assertEqual([s for s in subjects if "SLA" in s], [])

if __name__ == "__main__":
    unittest.main()
