"""SPEC §9: `deskd serve` on PostgreSQL (storage.url = postgresql://...).

Needs a server: DESKD_TEST_POSTGRES_URL (scripts/with_postgres.sh starts a
throwaway one and sets it); skipped when unset. Each test class gets its own
fresh database on that server (CREATE DATABASE through psql) and drops it
afterwards.
"""

import glob
import os
import re
import shutil
import subprocess
import time
import unittest
import urllib.parse

from deskd_server import DeskdServer, form_token

PG_URL = os.environ.get("DESKD_TEST_POSTGRES_URL", "")
USER = ("pg.user@example.test", "pg user pass phrase 1")
REF_RE = r"[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}"


def psql_binary():
    found = shutil.which("psql")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))
    return candidates[-1] if candidates else None


def run_psql(url, sql):
    """Runs one statement as the test server's user, on the database of `url`."""
    parts = urllib.parse.urlsplit(url)
    env = dict(os.environ, PGPASSWORD=urllib.parse.unquote(parts.password or ""))
    args = [psql_binary(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", parts.hostname or "127.0.0.1",
            "-p", str(parts.port or 5432), "-U", urllib.parse.unquote(parts.username or ""),
            "-d", parts.path.lstrip("/") or "postgres", "-c", sql]
    r = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
    if r.returncode != 0:
        raise AssertionError("psql %r failed: %s%s" % (sql, r.stdout, r.stderr))


def with_database(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@unittest.skipUnless(PG_URL, "DESKD_TEST_POSTGRES_URL is not set: PostgreSQL integration test skipped "
                             "(run it with scripts/with_postgres.sh)")
class PostgresServeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if psql_binary() is None:
            raise unittest.SkipTest("psql not found (install the postgresql package)")
        cls.db_name = "deskd_it_%d_%d" % (os.getpid(), time.monotonic_ns())
        run_psql(PG_URL, "CREATE DATABASE %s" % cls.db_name)
        cls.url = with_database(PG_URL, cls.db_name)

    @classmethod
    def tearDownClass(cls):
        run_psql(PG_URL, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % cls.db_name)

    def setUp(self):
        self.srv = DeskdServer(demo=True, env={"DESKD_STORAGE_URL": self.url})
        self.addCleanup(self.srv.cleanup)
        self.addCleanup(self.srv.kill)

    def login(self, email, password, base=""):
        c = self.srv.client()
        res = c.login(email, password, base=base)
        self.assertEqual(res.status, 303, res.body[:500])
        return c

    def test_serves_the_help_center_and_keeps_tickets_and_sessions_across_a_restart(self):
        # `deskd user add` writes to PostgreSQL too (same storage.url).
        self.srv.add_user(USER[0], USER[1], "user")
        self.srv.start()
        metrics = self.srv.client().get("/metrics")
        self.assertEqual(metrics.status, 200)
        self.assertIn("deskd_postgres_connections_open", metrics.body)
        self.assertIn("agent", self.srv.demo_accounts)

        home = self.srv.client().get("/")
        self.assertEqual(home.status, 200)
        self.assertIn('<html lang="en"', home.body)

        c = self.login(*USER)
        token = form_token(c.get("/new-ticket").body)
        subject = "Printer on fire %d" % time.monotonic_ns()
        res = c.post("/new-ticket", {"_dp_csrf_token": token, "name": "Pat Postgres", "email": USER[0],
                                      "subject": subject, "message": "Stored in PostgreSQL."})
        self.assertEqual(res.status, 303, res.body[:800])
        m = re.fullmatch(r"/tickets/(%s)" % REF_RE, res.header("Location"))
        self.assertTrue(m, res.header("Location"))
        ref = m.group(1)
        self.assertIn("Stored in PostgreSQL.", c.get("/tickets/" + ref).body)

        agent = self.login(*self.srv.demo_accounts["agent"], base="/agent")
        self.assertIn(ref, agent.get("/agent/tickets").body)

        self.assertEqual(self.srv.stop(), 0, self.srv.stderr_text()[-2000:])
        # Nothing went to a SQLite file under --data.
        self.assertFalse(os.path.exists(os.path.join(self.srv.data_dir, "deskd.db")))
        self.srv.start()

        # The same browser is still signed in (sessions live in PostgreSQL) and
        # the ticket is still there.
        page = c.get("/tickets/" + ref)
        self.assertEqual(page.status, 200, page.body[:500])
        self.assertIn("Stored in PostgreSQL.", page.body)
        self.assertIn(subject, c.get("/tickets").body)
        # A fresh login works as well.
        again = self.login(*USER)
        self.assertIn(subject, again.get("/tickets").body)
        self.assertEqual(self.srv.stop(), 0, self.srv.stderr_text()[-2000:])


    def test_an_attachment_uploaded_through_one_node_downloads_from_another(self):
        # SPEC §10: attachments live in the configured storage, so every node serves them.
        import hashlib
        from test_attachments import multipart
        user = ("pg.attach@example.test", "pg attach pass phrase 2")
        self.srv.add_user(user[0], user[1], "user")
        self.srv.start()
        other = DeskdServer(env={"DESKD_STORAGE_URL": self.url})
        self.addCleanup(other.cleanup)
        self.addCleanup(other.kill)
        other.start()

        c = self.login(*user)
        data = b"%PDF-1.7\r\n" + os.urandom(20000) + b"\x00\xff"
        token = form_token(c.get("/new-ticket").body)
        body, ctype = multipart({"_dp_csrf_token": token, "name": "Pat", "email": user[0],
                                 "subject": "Attached on node A", "message": "See the file."},
                                [("attachments", "scan.pdf", "application/pdf", data)])
        res = c.request("POST", "/new-ticket", body=body, headers={"Content-Type": ctype})
        self.assertEqual(res.status, 303, res.body[:800])
        ref = re.search(REF_RE, res.header("Location")).group(0)
        url = re.search(r'href="(/tickets/%s/attachments/\d+)"' % ref, c.get("/tickets/" + ref).body).group(1)

        on_b = other.client()
        on_b.jar = dict(c.jar)  # the same browser, now reaching node B
        got = on_b.get(url)
        self.assertEqual(got.status, 200, got.body[:500])
        self.assertEqual(hashlib.sha256(got.raw_body).hexdigest(), hashlib.sha256(data).hexdigest())
        self.assertEqual(other.client().get(url).status, 404)  # and to no one else
        self.assertEqual(other.stop(), 0, other.stderr_text()[-2000:])
        self.assertEqual(self.srv.stop(), 0, self.srv.stderr_text()[-2000:])


class PostgresUnreachableTest(unittest.TestCase):
    """Needs no server: nothing listens on port 1."""

    def test_an_unreachable_server_fails_start_without_printing_the_password(self):
        srv = DeskdServer(env={"DESKD_STORAGE_URL": "postgresql://deskd:s3cret-pw@127.0.0.1:1/deskd"})
        self.addCleanup(srv.cleanup)
        with self.assertRaises(AssertionError):
            srv.start(timeout=20)
        code = srv.proc.wait(10)
        self.assertNotEqual(code, 0)
        self.assertNotIn("s3cret-pw", "\n".join(srv.output) + srv.stderr_text())


if __name__ == "__main__":
    unittest.main()
