"""SPEC §10 IMAP polling against a real Dovecot (scripts/with_dovecot.sh sets DESKD_TEST_IMAP_URL and
DESKD_TEST_IMAP_MAILDIR; skipped when unset): polled mail opens and threads tickets, each message leaves the
server only after it was committed, an unparseable one goes to the quarantine without blocking the ones behind
it, and a message polled twice (after a crash before its removal) is stored once."""

import os
import pwd
import shutil
import time
import unittest
import uuid

from deskd_server import ServerTestCase

IMAP_URL = os.environ.get("DESKD_TEST_IMAP_URL", "")
MAILDIR = os.environ.get("DESKD_TEST_IMAP_MAILDIR", "")


def deliver(raw):
    """Delivers one message into the Maildir the way an MDA does (tmp/ then new/)."""
    name = "%d.%s.deskd-test" % (time.time(), uuid.uuid4().hex)
    tmp = os.path.join(MAILDIR, "tmp", name)
    with open(tmp, "wb") as f:
        f.write(raw)
    owner = pwd.getpwnam("nobody")
    os.chown(tmp, owner.pw_uid, owner.pw_gid)
    os.rename(tmp, os.path.join(MAILDIR, "new", name))


def on_server():
    return sum(len(os.listdir(os.path.join(MAILDIR, d))) for d in ("new", "cur"))


def message(sender, subject, body, message_id, extra=""):
    return ("From: %s\r\nTo: support@help.example.test\r\nSubject: %s\r\nMessage-ID: <%s>\r\n%s"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n" % (sender, subject, message_id, extra, body)).encode()


@unittest.skipUnless(IMAP_URL and MAILDIR, "DESKD_TEST_IMAP_URL is not set: run through scripts/with_dovecot.sh")
class ImapPollingTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        for d in ("new", "cur"):
            for name in os.listdir(os.path.join(MAILDIR, d)):
                os.remove(os.path.join(MAILDIR, d, name))
        cls.srv = cls.start_server(env={"DESKD_MAIL_IMAP_URL": IMAP_URL, "DESKD_MAIL_IMAP_POLL_S": "1",
                                        "DESKD_MAIL_FROM": "Helpdesk <help@example.test>"})

    def query(self, sql, *args):
        return self.srv.query(sql, *args)

    def wait_for(self, check, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = check()
            if value:
                return value
            time.sleep(0.2)
        self.fail("timed out; server log:\n%s" % self.srv.stderr_text()[-3000:])

    def test_polled_mail_opens_and_threads_tickets_and_leaves_the_server_after_commit(self):
        deliver(message("imap.one@example.org", "Via IMAP", "first", "imap-1@example.org"))
        deliver(b"To: support@help.example.test\r\nSubject: no sender\r\n\r\nbroken\r\n")
        deliver(message("imap.two@example.org", "Second", "behind the broken one", "imap-2@example.org"))
        mine = "requester_email IN ('imap.one@example.org', 'imap.two@example.org')"
        rows = self.wait_for(lambda: len(self.query("SELECT 1 FROM tickets WHERE " + mine)) == 2 and self.query(
            "SELECT ref, requester_email FROM tickets WHERE " + mine + " ORDER BY id"))
        # Dovecot numbers mail delivered together in its own order; both are stored.
        self.assertEqual(sorted(r[1] for r in rows), ["imap.one@example.org", "imap.two@example.org"])
        first_ref = [r[0] for r in rows if r[1] == "imap.one@example.org"][0]
        quarantined = self.wait_for(lambda: self.query("SELECT source, reason FROM mail_quarantine"))
        self.assertEqual(quarantined, [("imap", "no From address")])
        self.wait_for(lambda: on_server() == 0)

        # A reply in the thread joins the first ticket.
        ack = self.wait_for(lambda: self.query(
            "SELECT message_id FROM outbox WHERE recipient = 'imap.one@example.org'"))[0][0]
        deliver(message("imap.one@example.org", "Re: Via IMAP", "second", "imap-3@example.org",
                        "In-Reply-To: %s\r\n" % ack))
        self.wait_for(lambda: len(self.query(
            "SELECT 1 FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.ref = ?", first_ref)) == 2)
        self.wait_for(lambda: on_server() == 0)

    def test_message_polled_again_after_a_crash_is_stored_once(self):
        raw = message("imap.crash@example.org", "Crash", "once", "imap-crash@example.org")
        deliver(raw)
        self.wait_for(lambda: self.query("SELECT 1 FROM tickets WHERE requester_email = 'imap.crash@example.org'"))
        self.wait_for(lambda: on_server() == 0)
        # The same message is still on the server as if deskd died before flagging it.
        deliver(raw)
        self.wait_for(lambda: on_server() == 0)
        self.assertEqual(self.query("SELECT count(*) FROM tickets WHERE requester_email = 'imap.crash@example.org'"),
                         [(1,)])
        self.assertEqual(self.query("SELECT count(*) FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id "
                                    "WHERE t.requester_email = 'imap.crash@example.org'"), [(1,)])


if __name__ == "__main__":
    unittest.main()
