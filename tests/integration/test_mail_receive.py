"""SPEC §10 e-mail channel: `deskd mail receive` (MTA pipe) opens and threads tickets, exit codes 0 / 65 / 75,
the same Message-ID twice is one message, the quarantine, acknowledgements with the access link (none to
automatic mail, a per-sender cap) delivered to a real SMTP listener with the threading headers."""

import base64
import email
import email.policy
import os
import re
import sqlite3
import subprocess
import time
import unittest

from deskd_server import DESKD_BIN, ServerTestCase, SmtpCapture, form_token

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mail", "corpus")
REF_RE = r"[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}"
AGENT = ("mail.agent@example.test", "agent pass phrase 9", "agent")
ADMIN = ("mail.admin@example.test", "admin pass phrase 8", "admin")


def corpus(name):
    with open(os.path.join(CORPUS, name), "rb") as f:
        return f.read()


def message(sender, subject, body, message_id, extra=""):
    return ("From: %s\r\nTo: support@help.example.test\r\nSubject: %s\r\nMessage-ID: <%s>\r\n%s"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n" % (sender, subject, message_id, extra, body)).encode()


class MailReceiveTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.smtp = SmtpCapture()
        cls.env = dict(DESKD_MAIL_SMTP_URL=cls.smtp.url,
                       DESKD_MAIL_FROM="Helpdesk <help@example.test>",
                       DESKD_MAIL_REPLY_ADDRESS="support@help.example.test")
        cls.srv = cls.start_server(users=[AGENT, ADMIN], env=cls.env)

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.smtp.close()

    # -- helpers -------------------------------------------------------------

    def receive(self, raw, data_dir=None, env=None):
        e = self.srv.process_env()
        e.update(self.env)
        e.update(env or {})
        e["DESKD_SERVER_PUBLIC_URL"] = self.srv.origin
        return subprocess.run([DESKD_BIN, "mail", "receive", "--data", data_dir or self.srv.data_dir], input=raw,
                              capture_output=True, env=e, timeout=60)

    def received(self, raw):
        r = self.receive(raw)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        outcome, _, ref = r.stdout.decode().strip().partition(" ")
        return outcome, ref

    def query(self, sql, *args):
        return self.srv.query(sql, *args)

    def messages(self, ref):
        return [r[0] for r in self.query(
            "SELECT m.body FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.ref = ? "
            "ORDER BY m.id", ref)]

    def acks_to(self, address):
        return self.query("SELECT subject, body, message_id, in_reply_to, references_ids, reply_to FROM outbox "
                          "WHERE kind = 'ticket_mail_ack' AND recipient = ? ORDER BY id", address)

    def delivered_to(self, address, count=1, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            mails = [m for m in self.smtp.mails if m["rcpt"] == ["<%s>" % address]]
            if len(mails) >= count:
                return mails
            time.sleep(0.1)
        self.fail("no mail to %s; got %r" % (address, [m["rcpt"] for m in self.smtp.mails]))

    # -- tests ---------------------------------------------------------------

    def test_new_sender_gets_a_ticket_and_an_acknowledgement_with_a_working_access_link(self):
        outcome, ref = self.received(corpus("outlook_qp_latin1.eml"))
        self.assertEqual(outcome, "new_ticket")
        self.assertRegex(ref, "^%s$" % REF_RE)
        row = self.query("SELECT requester_name, requester_email, subject, person_id FROM tickets WHERE ref = ?", ref)
        self.assertEqual(row, [("J\u00f6rg M\u00fcller", "joerg.mueller@contoso.example",
                                "Drucker gest\u00f6rt im B\u00fcro", None)])
        body = self.messages(ref)
        self.assertEqual(len(body), 1)
        self.assertTrue(body[0].startswith("Hallo,\n\nder Drucker im B\u00fcro"), body[0])
        self.assertNotIn("Original Message", body[0], "the quoted mail is trimmed for display")
        original = self.query("SELECT original_body FROM mail_messages WHERE message_id = ?",
                              "AM0PR01MB1234ABCD@AM0PR01MB1234.eurprd01.prod.outlook.example")
        self.assertIn("-----Original Message-----", original[0][0], "the original is kept")

        acks = self.acks_to("joerg.mueller@contoso.example")
        self.assertEqual(len(acks), 1)
        subject, text, mid, in_reply_to, references, reply_to = acks[0]
        self.assertTrue(subject.startswith("[#%s] " % ref), subject)
        self.assertEqual(in_reply_to, "<AM0PR01MB1234ABCD@AM0PR01MB1234.eurprd01.prod.outlook.example>")
        self.assertEqual(reply_to, "support@help.example.test")
        link = re.search(r"(/tickets/%s\?access=[A-Za-z0-9_-]{43})" % ref, text)
        self.assertIsNotNone(link, text)
        guest = self.srv.client()
        grant = guest.get(link.group(1))  # the link grants a session, then drops the token from the URL
        self.assertEqual(grant.status, 303)
        self.assertEqual(grant.header("Location"), "/tickets/" + ref)
        page = guest.get("/tickets/" + ref)
        self.assertEqual(page.status, 200)
        self.assertIn("leere Seiten", page.body)

        # The running server delivers it over SMTP with the threading headers.
        sent = self.delivered_to("joerg.mueller@contoso.example")[0]
        parsed = email.message_from_bytes(sent["raw"], policy=email.policy.default)
        self.assertEqual(parsed["Message-ID"], mid)
        self.assertEqual(parsed["In-Reply-To"], in_reply_to)
        self.assertEqual(parsed["Reply-To"], "support@help.example.test")
        self.assertIn("[#%s]" % ref, parsed["Subject"])

    def test_same_message_id_twice_is_one_message(self):
        raw = message("twice@example.org", "Twice", "only once please", "twice-1@example.org")
        self.assertEqual(self.received(raw)[0], "new_ticket")
        outcome, ref = self.received(raw)
        self.assertEqual(outcome, "duplicate")
        self.assertEqual(self.query("SELECT count(*) FROM tickets WHERE requester_email = 'twice@example.org'"), [(1,)])
        self.assertEqual(len(self.messages(ref)), 1)
        self.assertEqual(len(self.acks_to("twice@example.org")), 1)

    def test_reply_by_headers_joins_the_ticket_and_trims_the_quote(self):
        outcome, ref = self.received(message("thread@example.org", "Export", "how do I export?", "t-1@example.org"))
        self.assertEqual(outcome, "new_ticket")
        ack_id = self.acks_to("thread@example.org")[0][2]
        reply = message("thread@example.org", "Re: something else entirely",
                        "Found it, thanks!\r\n\r\nOn Mon, 30 Nov 2026 Helpdesk <help@example.test> wrote:\r\n> old",
                        "t-2@example.org", "In-Reply-To: %s\r\nReferences: <t-1@example.org> %s\r\n" % (ack_id, ack_id))
        self.assertEqual(self.received(reply), ("reply", ref))
        self.assertEqual(self.messages(ref), ["how do I export?", "Found it, thanks!"])
        self.assertEqual(self.query("SELECT count(*) FROM tickets WHERE requester_email = 'thread@example.org'"), [(1,)])

    def test_subject_tag_joins_only_for_the_requester_or_a_participant(self):
        outcome, ref = self.received(message("owner@example.org", "Printer", "broken", "o-1@example.org"))
        self.assertEqual(outcome, "new_ticket")
        # Another customer quoting the number opens their own ticket.
        outcome2, ref2 = self.received(message("stranger@example.org", "Re: [#%s] Printer" % ref, "me too",
                                               "s-1@example.org"))
        self.assertEqual(outcome2, "new_ticket")
        self.assertNotEqual(ref2, ref)
        self.assertEqual(self.messages(ref), ["broken"])
        # The requester, without any threading headers, joins by the tag.
        self.assertEqual(self.received(message("Owner@Example.org", "Re: [#%s] Printer" % ref, "still broken",
                                               "o-2@example.org")), ("reply", ref))
        # An agent who has not written on the ticket is no participant either.
        outcome3, ref3 = self.received(message(AGENT[0], "[#%s]" % ref, "Agent by mail", "a-1@example.org"))
        self.assertEqual(outcome3, "new_ticket")
        self.assertNotEqual(ref3, ref)

    def test_automatic_mail_gets_no_acknowledgement(self):
        outcome, ref = self.received(corpus("auto_reply.eml"))
        self.assertEqual(outcome, "new_ticket")
        self.assertEqual(self.acks_to("ann@example.org"), [])
        bulk = message("list@example.org", "Digest", "news", "bulk-1@example.org", "Precedence: bulk\r\n")
        self.assertEqual(self.received(bulk)[0], "new_ticket")
        self.assertEqual(self.acks_to("list@example.org"), [])

    def test_acknowledgements_per_sender_are_capped(self):
        for i in range(7):
            self.assertEqual(self.received(message("loop@example.org", "Loop %d" % i, "auto?",
                                                   "loop-%d@example.org" % i))[0], "new_ticket")
        self.assertEqual(len(self.acks_to("loop@example.org")), 5)

    def test_unparseable_mail_is_quarantined_with_65_and_does_not_block_the_next(self):
        r = self.receive(corpus("no_from.eml"))
        self.assertEqual(r.returncode, 65, r.stderr.decode())
        rows = self.query("SELECT source, reason, raw_base64 FROM mail_quarantine ORDER BY id DESC LIMIT 1")
        self.assertEqual(rows[0][0], "pipe")
        self.assertEqual(rows[0][1], "no From address")
        raw = base64.urlsafe_b64decode(rows[0][2] + "=" * (-len(rows[0][2]) % 4))
        self.assertEqual(raw, corpus("no_from.eml"))
        parts = b"From: a@x.test\r\nSubject: p\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" + \
            b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n" * 10000 + b"--b--\r\n"
        started = time.time()
        r = self.receive(parts)
        self.assertEqual(r.returncode, 65)
        self.assertLess(time.time() - started, 30)
        r = self.receive(b"From: a@x.test\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\nbody\r\n")
        self.assertEqual(r.returncode, 65)
        self.assertEqual(self.received(message("after@example.org", "After", "fine", "after-1@example.org"))[0],
                         "new_ticket")

    def login(self, who, base):
        c = self.srv.client()
        page = c.get(base + "/login")
        res = c.post(base + "/login", {"_dp_csrf_token": form_token(page.body), "email": who[0], "password": who[1]})
        self.assertEqual(res.status, 303)
        return c

    def test_admin_sees_the_quarantine_and_reprocesses_or_deletes(self):
        bad = b"To: support@help.example.test\r\nSubject: <b>no sender</b>\r\nMessage-ID: <q-1@example.org>\r\n\r\nbody\r\n"
        self.assertEqual(self.receive(bad).returncode, 65)
        self.assertEqual(self.receive(bad.replace(b"q-1@", b"q-2@")).returncode, 65)
        ids = [r[0] for r in self.query("SELECT id FROM mail_quarantine WHERE raw_base64 != '' ORDER BY id")][-2:]

        self.assertEqual(self.srv.client().get("/admin/mail").status, 303, "anonymous: to the login")
        agent = self.login(AGENT, "/agent")
        self.assertNotEqual(agent.get("/admin/mail").status, 200)

        admin = self.login(ADMIN, "/admin")
        page = admin.get("/admin/mail")
        self.assertEqual(page.status, 200)
        self.assertIn("no From address", page.body)
        self.assertIn("&lt;b&gt;no sender&lt;/b&gt;", page.body, "the raw message is shown escaped")
        self.assertNotIn("<b>no sender</b>", page.body)
        self.assertIn('action="/admin/mail/%d/reprocess"' % ids[0], page.body)

        # Without the CSRF token nothing happens.
        self.assertEqual(admin.post("/admin/mail/%d/delete" % ids[1], {}).status, 403)
        self.assertEqual(len(self.query("SELECT 1 FROM mail_quarantine WHERE id = ?", ids[1])), 1)

        # Reprocessing a message that still cannot be parsed says why and keeps it.
        token = form_token(admin.get("/admin/mail").body)
        res = admin.post("/admin/mail/%d/reprocess" % ids[0], {"_dp_csrf_token": token})
        self.assertEqual(res.status, 422)
        self.assertIn("no From address", res.body)
        self.assertEqual(len(self.query("SELECT 1 FROM mail_quarantine WHERE id = ?", ids[0])), 1)

        # Once the cause is fixed (here: the row repaired in place), reprocess opens the ticket.
        fixed = b"From: fixed@example.org\r\n" + bad
        encoded = base64.urlsafe_b64encode(fixed).decode().rstrip("=")
        con = sqlite3.connect(os.path.join(self.srv.data_dir, "deskd.db"), timeout=10)
        with con:
            con.execute("UPDATE mail_quarantine SET raw_base64 = ? WHERE id = ?", (encoded, ids[0]))
        con.close()
        token = form_token(admin.get("/admin/mail").body)
        res = admin.post("/admin/mail/%d/reprocess" % ids[0], {"_dp_csrf_token": token})
        self.assertEqual(res.status, 303)
        self.assertEqual(self.query("SELECT 1 FROM mail_quarantine WHERE id = ?", ids[0]), [])
        self.assertEqual(len(self.query("SELECT 1 FROM tickets WHERE requester_email = 'fixed@example.org'")), 1)

        token = form_token(admin.get("/admin/mail").body)
        res = admin.post("/admin/mail/%d/delete" % ids[1], {"_dp_csrf_token": token})
        self.assertEqual(res.status, 303)
        self.assertEqual(self.query("SELECT 1 FROM mail_quarantine WHERE id = ?", ids[1]), [])
        token = form_token(admin.get("/admin/mail").body)
        self.assertEqual(admin.post("/admin/mail/%d/delete" % ids[1], {"_dp_csrf_token": token}).status, 303,
                         "already gone: a notice, not an error")

    def test_storage_unavailable_is_75_and_stores_nothing(self):
        r = self.receive(message("a@x.test", "s", "b", "x-75@x.test"),
                         env={"DESKD_STORAGE_URL": "postgresql://nobody:x@127.0.0.1:1/none"})
        self.assertEqual(r.returncode, 75, r.stderr.decode())
        blocked = os.path.join(self.srv.tmpdir, "not-a-dir")
        with open(blocked, "w") as f:
            f.write("x")
        r = self.receive(message("a@x.test", "s", "b", "x-75b@x.test"), data_dir=os.path.join(blocked, "data"))
        self.assertEqual(r.returncode, 75, r.stderr.decode())

    def test_client_corpus_is_stored(self):
        for name in ("gmail_reply_utf8.eml", "apple_mail_nested.eml", "outlook_winmail.eml", "html_only.eml",
                     "zero_byte_attachment.eml", "unknown_charset.eml", "malformed_boundaries.eml"):
            with self.subTest(name=name):
                outcome, ref = self.received(corpus(name))
                self.assertIn(outcome, ("new_ticket", "reply"))
        ref = self.query("SELECT ref FROM tickets WHERE requester_email = 'legacy@corp.example'")[0][0]
        self.assertEqual(self.messages(ref), ["Please see the attached invoice."])
        self.assertEqual(self.query("SELECT a.filename, a.content_type, a.size FROM ticket_attachments a "
                                    "JOIN tickets t ON t.id = a.ticket_id WHERE t.ref = ?", ref),
                         [("winmail.dat", "application/ms-tnef", 68)], "winmail.dat is kept as a file")


if __name__ == "__main__":
    unittest.main()
