"""SPEC §10/§14 attachments: portal new-ticket and reply forms, the guest access-link page and agent replies
take files in repeated `attachments` fields (multipart/form-data); the bytes are stored once by SHA-256 and
handed back only to those who may see the ticket, as downloads that cannot act as pages of the helpdesk."""

import hashlib
import os
import re
import time
import unittest
import uuid

from deskd_server import ServerTestCase, form_token

USER = ("attach.user@example.test", "user pass phrase 1", "user")
OTHER = ("attach.other@example.test", "other pass phrase 2", "user")
AGENT = ("attach.agent@example.test", "agent pass phrase 3", "agent")

REF_RE = r"[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}"
MAX_BYTES = 64 * 1024  # tickets.attachment_max_bytes for these tests
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.4\n" + os.urandom(5000) + b"\r\n--not-a-boundary\r\n\x00\xff"


def multipart(fields, files):
    """(body, content_type) for text `fields` (dict) and `files` [(field, filename, type, bytes)]."""
    boundary = "----deskdTest" + uuid.uuid4().hex
    out = []
    for name, value in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (boundary, name)).encode())
        out.append(value.encode() + b"\r\n")
    for field, filename, ctype, data in files:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: %s\r\n\r\n" % (boundary, field, filename, ctype)).encode("utf-8"))
        out.append(data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


class AttachmentsTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER, OTHER, AGENT],
                                   env={"DESKD_TICKETS_ATTACHMENT_MAX_BYTES": str(MAX_BYTES)})

    # -- helpers -------------------------------------------------------------

    def query(self, sql, *args):
        return self.srv.query(sql, *args, named=True)

    def login(self, account, base=""):
        c = self.srv.client()
        res = c.login(account[0], account[1], base=base)
        self.assertEqual(res.status, 303, res.body[:500])
        return c

    def post_files(self, client, path, fields, files, page=None, token=None):
        if token is None:
            token = form_token(client.get(page or path).body)
        body, ctype = multipart(dict(fields, _dp_csrf_token=token), files)
        return client.request("POST", path, body=body, headers={"Content-Type": ctype})

    def new_ticket(self, client, files, **fields):
        base = {"name": "Gail Guest", "email": "guest-%d@example.test" % time.monotonic_ns(),
                "subject": "Screenshot of the error", "message": "See the attached files."}
        base.update(fields)
        return self.post_files(client, "/new-ticket", base, files)

    def created_ref(self, res):
        self.assertEqual(res.status, 303, res.body[:800])
        m = re.search(REF_RE, res.header("Location"))
        self.assertTrue(m, res.header("Location"))
        return m.group(0)

    def attachment_links(self, html):
        return re.findall(r'<a class="attachment" href="([^"]+)"[^>]*data-sha256="([0-9a-f]{64})">([^<]*)</a>', html)

    # -- upload and download -------------------------------------------------

    def test_guest_uploads_files_and_downloads_the_same_bytes(self):
        c = self.srv.client()
        res = self.new_ticket(c, [("attachments", "screen shot.png", "image/png", PNG),
                                  ("attachments", "report.pdf", "application/pdf", PDF),
                                  ("attachments", "", "application/octet-stream", b"")])  # no file chosen
        ref = self.created_ref(res)
        rows = self.query("SELECT a.filename, a.content_type, a.sha256, a.size FROM ticket_attachments a "
                          "JOIN tickets t ON t.id = a.ticket_id WHERE t.ref = ? ORDER BY a.id", ref)
        self.assertEqual([(r["filename"], r["content_type"], r["sha256"], r["size"]) for r in rows],
                         [("screen shot.png", "image/png", hashlib.sha256(PNG).hexdigest(), len(PNG)),
                          ("report.pdf", "application/pdf", hashlib.sha256(PDF).hexdigest(), len(PDF))])

        page = c.get("/tickets/" + ref)
        self.assertEqual(page.status, 200)
        links = self.attachment_links(page.body)
        self.assertEqual([name for _, _, name in links], ["screen shot.png", "report.pdf"])
        png_url, png_sha, _ = links[0]
        pdf_url, pdf_sha, _ = links[1]

        png = c.get(png_url)
        self.assertEqual(png.status, 200)
        self.assertEqual(hashlib.sha256(png.raw_body).hexdigest(), hashlib.sha256(PNG).hexdigest())
        self.assertEqual(png_sha, hashlib.sha256(PNG).hexdigest())
        self.assertEqual(png.header("Content-Type"), "image/png")
        self.assertEqual(png.header("Content-Disposition"),
                         "inline; filename=\"screen shot.png\"; filename*=UTF-8''screen%20shot.png")
        self.assertEqual(png.header("X-Content-Type-Options"), "nosniff")
        self.assertIn("sandbox", png.header("Content-Security-Policy"))
        self.assertIn("default-src 'none'", png.header("Content-Security-Policy"))

        pdf = c.get(pdf_url)
        self.assertEqual(pdf.status, 200)
        self.assertEqual(pdf.raw_body, PDF)
        self.assertEqual(pdf_sha, hashlib.sha256(PDF).hexdigest())
        self.assertEqual(pdf.header("Content-Disposition"),
                         "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf")
        self.assertEqual(pdf.header("Content-Type"), "application/octet-stream")

    def test_same_bytes_are_stored_once(self):
        data = b"identical bytes " + os.urandom(64)
        digest = hashlib.sha256(data).hexdigest()
        for _ in range(2):
            self.created_ref(self.new_ticket(self.srv.client(), [("attachments", "same.bin", "application/x-foo", data)]))
        self.assertEqual(len(self.query("SELECT * FROM ticket_attachments WHERE sha256 = ?", digest)), 2)
        blobs = self.query("SELECT size, data FROM attachment_blobs WHERE sha256 = ?", digest)
        self.assertEqual(len(blobs), 1)
        self.assertEqual(bytes(blobs[0]["data"]), data)

    def test_hostile_filenames_are_stored_safely_and_encoded(self):
        c = self.srv.client()
        ref = self.created_ref(self.new_ticket(c, [
            ("attachments", "..\\..\\Ærø \\\"q\\\".txt", "text/html", b"<script>alert(1)</script>"),
            ("attachments", "fake.png", "image/png", b"<html><script>alert(1)</script>")]))
        links = self.attachment_links(c.get("/tickets/" + ref).body)
        self.assertEqual(len(links), 2)
        res = c.get(links[0][0])
        self.assertEqual(res.status, 200)
        self.assertEqual(res.header("Content-Type"), "application/octet-stream")
        cd = res.header("Content-Disposition")
        self.assertTrue(cd.startswith("attachment; filename=\""), cd)
        self.assertIn("filename*=UTF-8''%C3%86r%C3%B8%20%22q%22.txt", cd)
        self.assertNotIn("\r", cd)
        fake = c.get(links[1][0])  # an HTML page claiming to be a PNG is not shown inline
        self.assertEqual(fake.header("Content-Type"), "application/octet-stream")
        self.assertTrue(fake.header("Content-Disposition").startswith("attachment;"))

    def test_zero_byte_file_is_kept(self):
        c = self.srv.client()
        ref = self.created_ref(self.new_ticket(c, [("attachments", "empty.txt", "text/plain", b"")]))
        links = self.attachment_links(c.get("/tickets/" + ref).body)
        self.assertEqual(len(links), 1)
        res = c.get(links[0][0])
        self.assertEqual(res.status, 200)
        self.assertEqual(res.raw_body, b"")
        self.assertEqual(links[0][1], hashlib.sha256(b"").hexdigest())

    # -- who may download --------------------------------------------------------

    def test_downloads_only_for_those_who_may_see_the_ticket(self):
        owner = self.login(USER)
        ref = self.created_ref(self.new_ticket(owner, [("attachments", "secret.pdf", "application/pdf", PDF)]))
        url = self.attachment_links(owner.get("/tickets/" + ref).body)[0][0]
        self.assertEqual(owner.get(url).raw_body, PDF)

        self.assertEqual(self.srv.client().get(url).status, 404)  # anonymous
        other = self.login(OTHER)
        res = other.get(url)  # another user
        self.assertEqual(res.status, 404)
        self.assertNotIn(b"%PDF", res.raw_body)

        # The other user's own ticket does not open this ticket's attachment by id.
        other_ref = self.created_ref(self.new_ticket(other, [("attachments", "mine.txt", "text/plain", b"mine")]))
        att_id = url.rsplit("/", 1)[1]
        self.assertEqual(other.get("/tickets/%s/attachments/%s" % (other_ref, att_id)).status, 404)
        self.assertEqual(other.get("/tickets/%s/attachments/999999999" % other_ref).status, 404)
        self.assertEqual(other.get("/tickets/%s/attachments/abc" % other_ref).status, 404)

        agent = self.login(AGENT, base="/agent")
        agent_url = "/agent/tickets/%s/attachments/%s" % (ref, att_id)
        res = agent.get(agent_url)
        self.assertEqual(res.status, 200)
        self.assertEqual(hashlib.sha256(res.raw_body).hexdigest(), hashlib.sha256(PDF).hexdigest())
        self.assertEqual(self.srv.client().get(agent_url).status, 303)  # sign in first
        self.assertEqual(owner.get(agent_url).status, 303)  # a user is no agent
        self.assertEqual(agent.get("/agent/tickets/%s/attachments/%s" % (other_ref, att_id)).status, 404)

    # -- replies -----------------------------------------------------------------

    def test_guest_access_link_page_and_agent_reply_take_files(self):
        guest = self.srv.client()
        ref = self.created_ref(self.new_ticket(guest, []))
        # The guest's browser was granted the ticket; the reply form on its page takes files.
        page = guest.get("/tickets/" + ref)
        self.assertIn('enctype="multipart/form-data"', page.body)
        self.assertIn('type="file" name="attachments" multiple', page.body)
        res = self.post_files(guest, "/tickets/%s/reply" % ref, {"message": "Here is the log."},
                              [("attachments", "log.txt", "text/plain", b"line 1\nline 2\n")],
                              page="/tickets/" + ref)
        self.assertEqual(res.status, 303, res.body[:800])

        agent = self.login(AGENT, base="/agent")
        res = self.post_files(agent, "/agent/tickets/%s/reply" % ref, {"message": "Try this driver."},
                              [("attachments", "driver.zip", "application/zip", b"PK\x03\x04" + os.urandom(300))],
                              page="/agent/tickets/" + ref)
        self.assertEqual(res.status, 303, res.body[:800])
        agent_page = agent.get("/agent/tickets/" + ref).body
        self.assertEqual([n for _, _, n in self.attachment_links(agent_page)], ["log.txt", "driver.zip"])
        guest_links = self.attachment_links(guest.get("/tickets/" + ref).body)
        self.assertEqual([n for _, _, n in guest_links], ["log.txt", "driver.zip"])
        self.assertTrue(guest.get(guest_links[1][0]).raw_body.startswith(b"PK\x03\x04"))

    # -- limits and errors keep what was typed --------------------------------------

    def test_over_limit_file_keeps_everything_typed(self):
        c = self.srv.client()
        subject = "Subject kept %d" % time.monotonic_ns()
        res = self.new_ticket(c, [("attachments", "small.txt", "text/plain", b"ok"),
                                  ("attachments", "huge.bin", "application/octet-stream", b"x" * (MAX_BYTES + 1))],
                              subject=subject, message="My long message <b>kept</b>", name="Kim Kept")
        self.assertEqual(res.status, 413)
        self.assertIn(subject, res.body)
        self.assertIn("My long message &lt;b&gt;kept&lt;/b&gt;", res.body)
        self.assertIn("Kim Kept", res.body)
        self.assertIn("huge.bin", res.body)
        self.assertIn("attached again", res.body)
        self.assertEqual(self.query("SELECT * FROM tickets WHERE subject = ?", subject), [])
        self.assertIsNotNone(form_token(res.body))
        # Exactly at the limit is fine.
        self.created_ref(self.new_ticket(c, [("attachments", "edge.bin", "application/octet-stream", b"y" * MAX_BYTES)]))

    def test_reply_over_limit_keeps_the_reply_and_stores_nothing(self):
        guest = self.srv.client()
        ref = self.created_ref(self.new_ticket(guest, []))
        res = self.post_files(guest, "/tickets/%s/reply" % ref, {"message": "Reply text kept"},
                              [("attachments", "big.bin", "application/octet-stream", b"z" * (MAX_BYTES + 10))],
                              page="/tickets/" + ref)
        self.assertEqual(res.status, 413)
        self.assertIn("Reply text kept", res.body)
        self.assertEqual(len(self.query("SELECT m.id FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id "
                                        "WHERE t.ref = ?", ref)), 1)

    def test_csrf_failure_keeps_the_typed_fields(self):
        c = self.srv.client()
        c.get("/new-ticket")
        subject = "CSRF subject %d" % time.monotonic_ns()
        res = self.post_files(c, "/new-ticket", {"name": "Cara", "email": "cara@example.test", "subject": subject,
                                                 "message": "typed before the session expired"},
                              [("attachments", "a.txt", "text/plain", b"a")], token="forged-token")
        self.assertEqual(res.status, 403)
        self.assertIn(subject, res.body)
        self.assertIn("typed before the session expired", res.body)
        self.assertIn("cara@example.test", res.body)
        self.assertEqual(self.query("SELECT * FROM tickets WHERE subject = ?", subject), [])

    def test_bad_bodies_get_clear_4xx(self):
        c = self.srv.client()
        token = form_token(c.get("/new-ticket").body)
        body, ctype = multipart({"_dp_csrf_token": token}, [])
        # multipart where the route does not take it
        res = c.request("POST", "/logout", body=body, headers={"Content-Type": ctype})
        self.assertEqual(res.status, 415)
        # no boundary
        res = c.request("POST", "/new-ticket", body=body, headers={"Content-Type": "multipart/form-data"})
        self.assertEqual(res.status, 400)
        # cut short: no closing delimiter
        res = c.request("POST", "/new-ticket", body=body[:-10], headers={"Content-Type": ctype})
        self.assertEqual(res.status, 400)
        # more files than a request may carry
        body, ctype = multipart({"_dp_csrf_token": token}, [("attachments", "f%d" % i, "text/plain", b"x")
                                                            for i in range(11)])
        res = c.request("POST", "/new-ticket", body=body, headers={"Content-Type": ctype})
        self.assertEqual(res.status, 413)
        # a body over the request's total (256 KiB of form plus 4 x the per-file limit)
        body, ctype = multipart({"_dp_csrf_token": token},
                                [("attachments", "f%d" % i, "text/plain", b"x" * MAX_BYTES) for i in range(9)])
        res = c.request("POST", "/new-ticket", body=body, headers={"Content-Type": ctype})
        self.assertEqual(res.status, 413)
        self.assertTrue(self.srv.healthy())


if __name__ == "__main__":
    unittest.main()
