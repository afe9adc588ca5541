"""The privacy export of a long history is streamed (SPEC §13, issue 13): the
Admin download and `deskd privacy export` produce one complete JSON document
holding planted data of every kind, while the memory of the process that
writes it stays far below the document's size.

Memory is read as the kernel reports it: the server's VmHWM (peak resident
set) from /proc, reset just before the download (clear_refs) and read after, and the CLI's peak from
wait4()'s rusage, compared with an export of a subject with no history.
"""

import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
import unittest

import test_attachments  # multipart(); a module, so its test case is not collected here again
from deskd_server import DESKD_BIN, ServerTestCase, form_token

# AddressSanitizer keeps freed memory in quarantine (256 MiB by default), so peak RSS
# says nothing about streaming in the sanitizer run (scripts/test.sh sets ASAN_OPTIONS
# there); the Release run checks the bounds.
UNDER_ASAN = "ASAN_OPTIONS" in os.environ

USER = ("stream@privacy.test", "stream privacy password 1")
ADMIN = ("root@privacy.test", "root privacy password 1")
ARTICLE_RE = re.compile(r'href="(/kb/articles/(\d+)-[^"#?]*)"')
PAGE_VIEWS = 24000
TITLE = "Long title of a page the person read " + "x" * 1400  # about 1.5 KB per page view in the export
ATTACHMENT = os.urandom(4 * 1024 * 1024)


def peak_rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM for %d" % pid)


def reset_peak_rss(pid):
    """Sets VmHWM back to the current resident set (Linux clear_refs 5), so a peak measured afterwards is this
    step's, not that of an earlier upload."""
    with open("/proc/%d/clear_refs" % pid, "w") as f:
        f.write("5")


def spool_files(pid, spool_dir):
    """What the process has open in the spool directory (readlink of its descriptors)."""
    out = []
    fd_dir = "/proc/%d/fd" % pid
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if target.startswith(spool_dir + "/"):
            out.append(target)
    return out


def post_form(c, page_path, action, fields):
    data = {"_dp_csrf_token": form_token(c.get(page_path).body)}
    data.update(fields)
    return c.post(action, data)


def cli_export(srv, out_path, *subject):
    """Runs `deskd privacy export` with stdout to a file; returns (exit code, peak RSS KiB, stderr)."""
    with open(out_path, "wb") as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([DESKD_BIN, "privacy", "export", *subject, "--data", srv.data_dir], stdout=out,
                                stderr=err, env=srv.process_env())
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return proc.returncode, usage.ru_maxrss, err.read().decode(errors="replace")


class StreamedExportTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.spool_dir = tempfile.mkdtemp(prefix="deskd-spool-")
        cls.srv = cls.start_server(demo=True, users=[(USER[0], USER[1], "user"), (ADMIN[0], ADMIN[1], "admin")],
                                   env={"TMPDIR": cls.spool_dir})
        cls.plant()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.spool_dir, ignore_errors=True)

    @classmethod
    def plant(cls):
        """Through the pages: a read, a vote, a comment, a ticket with a large file. Then, straight into the
        database, a long reading history, a chat and an internal note about the person."""
        c = cls.srv.client()
        path, aid = ARTICLE_RE.findall(c.get("/kb").body)[0]
        assert c.login(*USER).status == 303
        c.get(path)
        assert post_form(c, path, "/kb/articles/%s/vote" % aid, {"value": "up"}).status == 303
        assert post_form(c, path, "/kb/articles/%s/comments" % aid, {"body": "stream-comment"}).status == 303
        fields = {"_dp_csrf_token": form_token(c.get("/new-ticket").body), "name": "Stream Person",
                  "email": USER[0], "subject": "stream-subject", "message": "stream-message"}
        body, ctype = test_attachments.multipart(fields, [("attachments", "big.bin", "application/octet-stream",
                                                           ATTACHMENT)])
        res = c.request("POST", "/new-ticket", body=body, headers={"Content-Type": ctype}, timeout=60)
        assert res.status == 303, res.body[:300]
        cls.user = c
        cls.ticket_page = res.header("Location")

        db = sqlite3.connect(os.path.join(cls.srv.data_dir, "deskd.db"), timeout=30)
        try:
            deadline = time.monotonic() + 10
            visitor = None
            while visitor is None and time.monotonic() < deadline:  # page views are written in batches
                row = db.execute("SELECT v.id FROM visitors v JOIN people p ON p.id = v.person_id "
                                 "WHERE p.email = ?", (USER[0],)).fetchone()
                visitor = row and row[0]
                time.sleep(0.1)
            assert visitor, "the signed-in reader has no visitor row"
            person_id, = db.execute("SELECT id FROM people WHERE email = ?", (USER[0],)).fetchone()
            now = int(time.time() * 1000)
            db.executemany("INSERT INTO page_views (visitor_id, path, title, at_ms) VALUES (?, ?, ?, ?)",
                           (((visitor, "/kb/articles/%d-stream" % i, TITLE + " %d" % i, now - i))
                            for i in range(PAGE_VIEWS)))
            cur = db.execute("INSERT INTO chats (visitor_id, person_id, name, email, status, created_ms, lang) "
                             "VALUES (?, ?, 'Stream Person', ?, 'ended', ?, 'en')", (visitor, person_id, USER[0], now))
            db.execute("INSERT INTO chat_messages (chat_id, author, name, body, at_ms) "
                       "VALUES (?, 'visitor', 'Stream Person', 'stream-chat-line', ?)", (cur.lastrowid, now))
            ticket_id, = db.execute("SELECT id FROM tickets WHERE subject = 'stream-subject'").fetchone()
            db.execute("INSERT INTO ticket_messages (ticket_id, author_kind, author_name, body, created_ms, kind) "
                       "VALUES (?, 'agent', 'Some Agent', 'stream-internal-note about a colleague', ?, 'note')",
                       (ticket_id, now))
            db.commit()
        finally:
            db.close()

    def check_document(self, doc):
        data = doc["data"]
        self.assertEqual(doc["format"], "deskd-privacy-export/1")
        self.assertEqual(doc["subject"]["email"], USER[0])
        self.assertEqual(data["account"][0]["email"], USER[0])
        planted = [v for v in data["page_views"] if v["path"].endswith("-stream")]
        self.assertEqual(len(planted), PAGE_VIEWS)
        self.assertEqual(planted[0]["title"], TITLE + " 0")  # in the order they were stored
        self.assertEqual(planted[-1]["title"], TITLE + " %d" % (PAGE_VIEWS - 1))
        self.assertTrue(any(v["path"].startswith("/kb/articles/") and not v["path"].endswith("-stream")
                            for v in data["page_views"]))  # the one read through the Help Center
        self.assertEqual(data["votes"][0]["value"], 1)
        self.assertEqual(data["comments"][0]["body"], "stream-comment")
        self.assertEqual(data["tickets"][0]["subject"], "stream-subject")
        self.assertEqual([m["body"] for m in data["messages"]], ["stream-message"])  # no internal note
        self.assertEqual([m["kind"] for m in data["messages"]], ["reply"])
        self.assertEqual(data["chat_messages"][0]["body"], "stream-chat-line")
        self.assertTrue(data["sessions"])
        self.assertTrue(data["visitors"])
        self.assertTrue(data["audit"])
        self.assertEqual([(a["filename"], a["size"], a["sha256"]) for a in data["attachments"]],
                         [("big.bin", len(ATTACHMENT), hashlib.sha256(ATTACHMENT).hexdigest())])
        self.assertNotIn("stream-internal-note", json.dumps(data))

    def test_admin_download_is_complete_and_streamed(self):
        admin = self.srv.client()
        self.assertEqual(admin.login(*ADMIN, base="/admin").status, 303)
        token = form_token(admin.get("/admin/privacy").body)
        reset_peak_rss(self.srv.proc.pid)
        before = peak_rss_kib(self.srv.proc.pid)

        # Read the download in pieces straight to a file, as a browser saves it.
        conn = http.client.HTTPConnection(self.srv.host, self.srv.port, timeout=60)
        body = "_dp_csrf_token=%s&email=%s" % (token, USER[0].replace("@", "%40"))
        conn.request("POST", "/admin/privacy/export", body=body,
                     headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": admin.cookie_header(),
                              "Origin": self.srv.origin})
        res = conn.getresponse()
        self.assertEqual(res.status, 200)
        self.assertEqual(res.getheader("Content-Type"), "application/json; charset=utf-8")
        self.assertEqual(res.getheader("Content-Disposition"), 'attachment; filename="deskd-privacy-export.json"')
        self.assertEqual(res.getheader("Cache-Control"), "no-store")
        length = int(res.getheader("Content-Length"))
        # While it is sent, the spooled export is one open file without a name, private to the server.
        spooled = spool_files(self.srv.proc.pid, self.spool_dir)
        self.assertEqual(len(spooled), 1, spooled)
        self.assertTrue(spooled[0].endswith("(deleted)"), spooled)
        self.assertEqual(os.listdir(self.spool_dir), [])
        with tempfile.TemporaryFile() as saved:
            while True:
                piece = res.read(256 * 1024)
                if not piece:
                    break
                saved.write(piece)
            conn.close()
            self.assertEqual(saved.tell(), length)
            after = peak_rss_kib(self.srv.proc.pid)
            saved.seek(0)
            doc = json.load(saved)
        self.check_document(doc)
        self.assertGreater(length, 30 * 1024 * 1024)
        growth = (after - before) * 1024
        print("\nadmin download: %d bytes; server peak RSS %d KiB -> %d KiB (+%d KiB)"
              % (length, before, after, growth // 1024))
        if not UNDER_ASAN:
            self.assertLess(growth, length // 4, "the server's memory grew with the document")
        # Once sent, the file is closed: its space goes back to the disk.
        deadline = time.monotonic() + 5
        while spool_files(self.srv.proc.pid, self.spool_dir) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(spool_files(self.srv.proc.pid, self.spool_dir), [])
        self.assertIn("privacy_export", admin.get("/admin/audit").body)

    def test_attachment_downloads_are_streamed(self):
        """Many slow downloads of a large file at once: each connection holds a slice, not the file."""
        links = re.findall(r'<a class="attachment" href="([^"]+)"', self.user.get(self.ticket_page).body)
        self.assertEqual(len(links), 1)
        request = ("GET %s HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nConnection: close\r\n\r\n"
                   % (links[0], self.srv.host_header, self.user.cookie_header())).encode()
        reset_peak_rss(self.srv.proc.pid)
        before = peak_rss_kib(self.srv.proc.pid)
        downloads = []
        for _ in range(12):
            s = socket.create_connection((self.srv.host, self.srv.port), timeout=30)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)  # a slow reader: little buffered
            s.sendall(request)
            downloads.append([s, s.recv(4096)])
        time.sleep(0.5)  # every response is started and stuck on a full socket
        during = peak_rss_kib(self.srv.proc.pid)
        for d in downloads:
            while True:
                piece = d[0].recv(1 << 20)
                if not piece:
                    break
                d[1] += piece
            d[0].close()
        for _, raw in downloads:
            head, _, body = raw.partition(b"\r\n\r\n")
            self.assertTrue(head.startswith(b"HTTP/1.1 200 OK\r\n"), head[:200])
            self.assertIn(b"\r\nContent-Length: %d\r\n" % len(ATTACHMENT), head)
            self.assertIn(b"\r\nContent-Disposition: attachment;", head)
            self.assertTrue(body == ATTACHMENT, "download differs (%d bytes)" % len(body))
        growth = (during - before) * 1024
        print("\n12 downloads of %d bytes at once: server peak RSS %d KiB -> %d KiB" % (len(ATTACHMENT), before, during))
        # Twelve whole files would be 48 MiB; slices and SQLite page caches stay well under a third of it.
        if not UNDER_ASAN:
            self.assertLess(growth, 4 * len(ATTACHMENT), "the server held whole files for its downloads")

    def test_cli_export_is_complete_and_streamed(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "export.json")
            code, small_kib, err = cli_export(self.srv, out, "--email", "nobody@privacy.test")
            self.assertEqual(code, 0, err)
            code, big_kib, err = cli_export(self.srv, out, "--email", USER[0])
            self.assertEqual(code, 0, err)
            size = os.path.getsize(out)
            with open(out) as f:
                doc = json.load(f)
        self.check_document(doc)
        self.assertGreater(size, 30 * 1024 * 1024)
        print("\ncli export: %d bytes; peak RSS %d KiB (empty export: %d KiB)" % (size, big_kib, small_kib))
        if not UNDER_ASAN:
            self.assertLess((big_kib - small_kib) * 1024, size // 4, "the command's memory grew with the document")


if __name__ == "__main__":
    unittest.main()
