"""Issue 16, SPEC §10: files travel with the e-mail channel both ways. A mail's attachments (inline images,
winmail.dat, 0-byte files) are stored with its ticket message and come back byte for byte to the agent
(SHA-256 compared with what Python's own MIME parser decodes); a file over tickets.attachment_max_bytes is
dropped with a note, never stalling the intake; an agent reply's files go out in the ticket mail (non-ASCII
names RFC 2231-encoded) up to mail.max_attachment_bytes, the rest as download links; the agent thread shows
each ticket's and message's channel."""

import base64
import email
import email.policy
import hashlib
import os
import re
import subprocess
import time
import unittest

from deskd_server import DESKD_BIN, ServerTestCase, SmtpCapture
from test_attachments import multipart
from test_mail_receive import corpus, message

AGENT = ("files.agent@example.test", "agent pass phrase 5", "agent")
MAIL_MAX = 4096  # mail.max_attachment_bytes for these tests

# Corpus message -> the names of the files the ticket keeps, in order.
CORPUS_FILES = {
    "apple_mail_nested.eml": ["screenshot.png", "Rechnung M\u00e4rz.pdf"],
    "outlook_winmail.eml": ["winmail.dat"],
    "zero_byte_attachment.eml": ["empty.log"],
    "gmail_attachments_latin1.eml": ["Abrechnung M\u00e4rz.csv", "notiz.txt"],
}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def files_of(raw):
    """{filename: bytes} of every named part, as Python's standard MIME parser decodes them."""
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    return {p.get_filename(): p.get_payload(decode=True) or b"" for p in parsed.walk() if p.get_filename()}


class MailAttachmentsTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.smtp = SmtpCapture()
        cls.env = dict(DESKD_MAIL_SMTP_URL=cls.smtp.url,
                       DESKD_MAIL_FROM="Helpdesk <help@example.test>",
                       DESKD_MAIL_REPLY_ADDRESS="support@help.example.test",
                       DESKD_MAIL_MAX_ATTACHMENT_BYTES=str(MAIL_MAX))
        cls.srv = cls.start_server(users=[AGENT], env=cls.env)

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.smtp.close()

    # -- helpers -------------------------------------------------------------

    def received(self, raw):
        e = self.srv.process_env()
        e.update(self.env)
        e["DESKD_SERVER_PUBLIC_URL"] = self.srv.origin
        r = subprocess.run([DESKD_BIN, "mail", "receive", "--data", self.srv.data_dir], input=raw,
                           capture_output=True, env=e, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        outcome, _, ref = r.stdout.decode().strip().partition(" ")
        return outcome, ref

    def query(self, sql, *args):
        return self.srv.query(sql, *args)

    def agent(self):
        c = self.srv.client()
        res = c.login(AGENT[0], AGENT[1], base="/agent")
        self.assertEqual(res.status, 303, res.body[:500])
        return c

    def links(self, html):
        return re.findall(r'<a class="attachment" href="([^"]+)"[^>]*data-sha256="([0-9a-f]{64})">([^<]*)</a>', html)

    def delivered(self, address, text, timeout=30):
        """The mails to `address` whose text/plain part contains `text`, once there is one."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = []
            for m in list(self.smtp.mails):
                if m["rcpt"] != ["<%s>" % address]:
                    continue
                parsed = email.message_from_bytes(m["raw"], policy=email.policy.default)
                if text in parsed.get_body(("plain",)).get_content():
                    found.append(m)
            if found:
                return found
            time.sleep(0.2)
        self.fail("no mail to %s with %r" % (address, text))

    # -- tests ---------------------------------------------------------------

    def test_corpus_files_round_trip_to_the_agent_by_sha256(self):
        agent = self.agent()
        for name, expected in CORPUS_FILES.items():
            with self.subTest(name=name):
                raw = corpus(name)
                outcome, ref = self.received(raw)
                self.assertEqual(outcome, "new_ticket")
                page = agent.get("/agent/tickets/" + ref)
                self.assertEqual(page.status, 200)
                self.assertIn('class="ticket-channel" data-channel="mail"', page.body)
                self.assertIn('class="message-channel" data-channel="mail"', page.body)
                links = self.links(page.body)
                self.assertEqual([n for _, _, n in links], expected)
                want = files_of(raw)
                for url, digest, filename in links:
                    self.assertEqual(digest, sha256(want[filename]), filename)
                    got = agent.get(url)
                    self.assertEqual(got.status, 200)
                    self.assertEqual(sha256(got.raw_body), digest, filename)
                    self.assertEqual(got.header("X-Content-Type-Options"), "nosniff")
                # The same mail again (an MTA retry, a crash before the IMAP flag): nothing doubles.
                self.assertEqual(self.received(raw)[0], "duplicate")
                self.assertEqual(len(self.links(agent.get("/agent/tickets/" + ref).body)), len(expected))
        self.assertIn("0 bytes", agent.get("/agent/tickets/" + self.query(
            "SELECT ref FROM tickets WHERE requester_email = 'zed@example.org'")[0][0]).body)

    def test_over_limit_file_is_dropped_with_a_note_and_the_rest_kept(self):
        big = os.urandom(10 * 1024 * 1024 + 1)  # tickets.attachment_max_bytes (10 MiB) + 1
        raw = ("From: Big Sender <big@example.org>\r\nTo: support@help.example.test\r\nSubject: huge\r\n"
               "Message-ID: <big-1@example.org>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
               "--b\r\nContent-Type: text/plain\r\n\r\nthe dump and a note\r\n"
               "--b\r\nContent-Type: application/octet-stream\r\n"
               "Content-Disposition: attachment; filename=core.dump\r\nContent-Transfer-Encoding: base64\r\n\r\n"
               ).encode() + base64.encodebytes(big).replace(b"\n", b"\r\n") + (
               "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=note.txt\r\n\r\n"
               "small\r\n--b--\r\n").encode()
        outcome, ref = self.received(raw)
        self.assertEqual(outcome, "new_ticket")
        page = self.agent().get("/agent/tickets/" + ref).body
        self.assertIn("[attachment over the size limit, not kept: core.dump, %d bytes]" % len(big), page)
        self.assertEqual([n for _, _, n in self.links(page)], ["note.txt"])
        self.assertEqual(self.query("SELECT count(*) FROM attachment_blobs WHERE size = ?", len(big)), [(0,)])
        # The intake is not stalled: the next mail goes in.
        self.assertEqual(self.received(message("next@example.org", "next", "fine", "next-1@example.org"))[0],
                         "new_ticket")

    def test_agent_reply_files_go_out_in_the_mail_or_as_links(self):
        outcome, ref = self.received(message("replyfiles@example.org", "Need the form", "please send it",
                                             "rf-1@example.org"))
        self.assertEqual(outcome, "new_ticket")
        agent = self.agent()
        page = agent.get("/agent/tickets/" + ref)
        self.assertIn('class="ticket-channel" data-channel="mail"', page.body)
        token = re.search(r'name="_dp_csrf_token" value="([^"]+)"', page.body).group(1)
        small = "Formular \u00dcbersicht M\u00e4rz.txt"
        small_bytes = "Antrag \u00e4\u00f6\u00fc\n".encode() * 10
        big_bytes = os.urandom(MAIL_MAX + 1)
        body, ctype = multipart({"_dp_csrf_token": token, "message": "Here are both files."},
                                [("attachments", small, "text/plain", small_bytes),
                                 ("attachments", "scan.bin", "application/octet-stream", big_bytes)])
        res = agent.request("POST", "/agent/tickets/%s/reply" % ref, body=body, headers={"Content-Type": ctype})
        self.assertEqual(res.status, 303, res.body[:800])

        thread = agent.get("/agent/tickets/" + ref).body
        self.assertIn('class="message-channel" data-channel="agent"', thread)
        links = self.links(thread)
        self.assertEqual([n for _, _, n in links], [small, "scan.bin"])

        replies = self.delivered("replyfiles@example.org", "Here are both files.")
        self.assertEqual(len(replies), 1)
        data = replies[0]["raw"]
        self.assertIn(b"filename*=", data, "the non-ASCII name is RFC 2231-encoded")
        parsed = email.message_from_bytes(data, policy=email.policy.default)
        attached = [(p.get_filename(), p.get_payload(decode=True)) for p in parsed.iter_attachments()]
        self.assertEqual(attached, [(small, small_bytes)], "only what fits mail.max_attachment_bytes is attached")
        text = parsed.get_body(("plain",)).get_content()
        big_url = [u for u, _, n in links if n == "scan.bin"][0]
        portal_url = big_url.replace("/agent/tickets/", "/tickets/")
        self.assertRegex(text, r"scan\.bin \(%d bytes\): https?://[^/\s]+%s\r?\n" % (len(big_bytes), re.escape(portal_url)))
        self.assertEqual(sha256(agent.get(big_url).raw_body), sha256(big_bytes))


if __name__ == "__main__":
    unittest.main()
