"""SPEC §9: `deskd storage copy --from URL --to URL` moves a whole helpdesk SQLite → PostgreSQL and back.

A helpdesk is made on SQLite (demo content, an account, a ticket, a vote), copied into a fresh
PostgreSQL database, served from there (sign-in, the ticket, search), changed, copied back into a new
SQLite file and served again. Refusals: a destination that already holds a helpdesk, a wrong URL, a
missing source. Needs DESKD_TEST_POSTGRES_URL (scripts/with_postgres.sh); the SQLite-only refusals run
without it.
"""

import os
import re
import subprocess
import time
import unittest

from deskd_server import DESKD_BIN, DeskdServer, form_token, require_binary
from test_postgres import PG_URL, psql_binary, run_psql, with_database

USER = ("copy.user@example.test", "copy user pass phrase 1")
REF_RE = r"[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}"


def storage_copy(src, dst):
    require_binary()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESKD_")}
    return subprocess.run([DESKD_BIN, "storage", "copy", "--from", src, "--to", dst], capture_output=True,
                          text=True, env=env, timeout=120)


def row_counts(stdout):
    return {m.group(1): (int(m.group(2)), int(m.group(3)))
            for m in re.finditer(r"^(\w+)\s+(\d+) rows copied,\s+(\d+) counted in the destination$", stdout, re.M)}


class StorageCopyRefusalsTest(unittest.TestCase):
    def setUp(self):
        self.srv = DeskdServer(demo=True)
        self.addCleanup(self.srv.cleanup)

    def test_wrong_urls_and_a_missing_source_are_clear_errors(self):
        r = storage_copy("mysql://x/y", "sqlite://" + os.path.join(self.srv.tmpdir, "out.db"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("--from must be sqlite:///PATH or postgresql://", r.stderr)
        r = storage_copy("sqlite://" + os.path.join(self.srv.tmpdir, "missing.db"),
                         "sqlite://" + os.path.join(self.srv.tmpdir, "out.db"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("--from: no SQLite database at", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.srv.tmpdir, "missing.db")), "a missing source is not created")

    def test_a_destination_that_holds_a_helpdesk_is_left_alone(self):
        self.srv.start()
        self.srv.stop()
        other = DeskdServer(demo=True)
        self.addCleanup(other.cleanup)
        other.start()
        other.stop()
        src = "sqlite://" + os.path.join(self.srv.data_dir, "deskd.db")
        dst = "sqlite://" + os.path.join(other.data_dir, "deskd.db")
        r = storage_copy(src, dst)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertRegex(r.stderr, r"the destination already holds a helpdesk \(table '\w+' has \d+ rows\)")

    def test_sqlite_to_sqlite_copies_every_table_and_the_copy_serves(self):
        self.srv.add_user(USER[0], USER[1], "user")
        self.srv.start()
        self.srv.stop()
        copy = DeskdServer()
        self.addCleanup(copy.cleanup)
        os.makedirs(copy.data_dir)
        r = storage_copy("sqlite://" + os.path.join(self.srv.data_dir, "deskd.db"),
                         "sqlite://" + os.path.join(copy.data_dir, "deskd.db"))
        self.assertEqual(r.returncode, 0, r.stderr)
        counts = row_counts(r.stdout)
        self.assertGreater(counts["people"][0], 2)
        self.assertGreater(counts["kb_articles"][0], 1)
        for table, (a, b) in counts.items():
            self.assertEqual(a, b, table)
        copy.start()
        self.addCleanup(copy.kill)
        self.assertEqual(copy.client().login(*USER).status, 303)
        self.assertIn("/kb/articles/", copy.client().get("/search?q=cookies").body)


@unittest.skipUnless(PG_URL, "DESKD_TEST_POSTGRES_URL is not set: storage copy to PostgreSQL skipped "
                             "(run it with scripts/with_postgres.sh)")
class StorageCopyPostgresTest(unittest.TestCase):
    def setUp(self):
        if psql_binary() is None:
            self.skipTest("psql not found (install the postgresql package)")
        self.db_name = "deskd_copy_%d_%d" % (os.getpid(), time.monotonic_ns())
        run_psql(PG_URL, "CREATE DATABASE %s" % self.db_name)
        self.addCleanup(run_psql, PG_URL, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.db_name)
        self.pg = with_database(PG_URL, self.db_name)

    def ticket(self, srv, subject):
        c = srv.client()
        self.assertEqual(c.login(*USER).status, 303)
        res = c.post("/new-ticket", {"_dp_csrf_token": form_token(c.get("/new-ticket").body), "name": "Pat",
                                     "email": USER[0], "subject": subject, "message": "Body of " + subject})
        self.assertEqual(res.status, 303, res.body[:500])
        return re.fullmatch(r"/tickets/(%s)" % REF_RE, res.header("Location")).group(1)

    def test_sqlite_to_postgres_and_back(self):
        lite = DeskdServer(demo=True)
        self.addCleanup(lite.cleanup)
        lite.add_user(USER[0], USER[1], "user")
        lite.start()
        self.addCleanup(lite.kill)
        first_ref = self.ticket(lite, "Made on SQLite")
        self.assertEqual(lite.stop(), 0)

        r = storage_copy("sqlite://" + os.path.join(lite.data_dir, "deskd.db"), self.pg)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(self.pg.split("@")[0].split(":")[-1], r.stdout + r.stderr, "no password printed")
        counts = row_counts(r.stdout)
        for table in ("people", "kb_articles", "kb_translations", "tickets", "ticket_messages", "settings"):
            self.assertIn(table, counts)
            self.assertGreater(counts[table][0], 0, table)
        for table, (a, b) in counts.items():
            self.assertEqual(a, b, table)

        pg = DeskdServer(env={"DESKD_STORAGE_URL": self.pg})
        self.addCleanup(pg.cleanup)
        pg.start()
        self.addCleanup(pg.kill)
        c = pg.client()
        self.assertEqual(c.login(*USER).status, 303, "the account and its password hash came along")
        self.assertIn("Made on SQLite", c.get("/tickets/" + first_ref).body)
        self.assertIn("/kb/articles/", pg.client().get("/search?q=cookies").body, "search index rebuilt")
        second_ref = self.ticket(pg, "Made on PostgreSQL")  # ids continue past the copied ones
        self.assertNotEqual(first_ref, second_ref)
        self.assertEqual(pg.stop(), 0)

        back = DeskdServer()
        self.addCleanup(back.cleanup)
        os.makedirs(back.data_dir)
        r = storage_copy(self.pg, "sqlite://" + os.path.join(back.data_dir, "deskd.db"))
        self.assertEqual(r.returncode, 0, r.stderr)
        tickets = counts["tickets"][0] + 1  # the demo desk's, ours on SQLite, one made on PostgreSQL
        self.assertEqual(row_counts(r.stdout)["tickets"], (tickets, tickets))
        back.start()
        self.addCleanup(back.kill)
        c = back.client()
        self.assertEqual(c.login(*USER).status, 303)
        body = c.get("/tickets").body
        self.assertIn("Made on SQLite", body)
        self.assertIn("Made on PostgreSQL", body)
        self.assertIn("/kb/articles/", back.client().get("/search?q=cookies").body)

        # Copying again into the now-filled PostgreSQL database is refused.
        r = storage_copy("sqlite://" + os.path.join(back.data_dir, "deskd.db"), self.pg)
        self.assertEqual(r.returncode, 1)
        self.assertIn("the destination already holds a helpdesk", r.stderr)


if __name__ == "__main__":
    unittest.main()
