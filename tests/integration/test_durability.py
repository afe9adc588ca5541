"""SPEC §7: nothing acknowledged to a client is lost on a crash, nothing is stored twice.

Concurrent clients create tickets, comments, votes, chats and chat messages
while deskd is killed with SIGKILL at random moments and restarted on the same
data directory. After every kill the database file itself (read before the
restart, so deskd gets no chance to repair anything) must hold every write that
was answered 2xx/3xx, exactly once. Chat messages whose answer was lost are
sent again after the restart with the same client_id, as the widget does, and
must then be stored once.

The same test runs on PostgreSQL (PostgresDurabilityTest) when
DESKD_TEST_POSTGRES_URL names a server (scripts/with_postgres.sh starts a
throwaway one): deskd is killed the same way, and the rows are read through
psql from a fresh database of its own.
"""

import http.client
import json
import os
import random
import re
import sqlite3
import subprocess
import threading
import time
import unittest
import urllib.parse
import uuid

from deskd_server import DeskdServer, form_token
from test_postgres import PG_URL, psql_binary, run_psql, with_database

SHOP = "http://shop.example"
CONFIG = '[messenger]\nallowed_origins = ["%s"]\n' % SHOP
# The per-address abuse limits would refuse most of this load from 127.0.0.1.
ENV = {
    "DESKD_LIMITS_VISITOR_IDS_PER_IP_PER_HOUR": "0",
    "DESKD_LIMITS_CHATS_PER_IP_PER_HOUR": "0",
    "DESKD_LIMITS_OPEN_CHATS_PER_IP": "0",
    "DESKD_LIMITS_OPEN_CHATS_PER_VISITOR": "0",
    "DESKD_LIMITS_TICKETS_PER_IP_PER_HOUR": "0",
    "DESKD_LIMITS_COMMENTS_PER_IP_PER_HOUR": "0",
    "DESKD_LIMITS_VOTES_PER_IP_PER_HOUR": "0",
    "DESKD_LIMITS_CHAT_MESSAGES_PER_VISITOR_PER_MINUTE": "0",
}
CYCLES = 6
WORKERS = 6
ARTICLE_RE = re.compile(r'href="(/kb/articles/(\d+)-[^"#?]*)"')
TICKET_CREATED_RE = re.compile(r"^/tickets/([^/]+)/created$")
# A request that got no answer: connection refused or reset, or closed mid-answer.
NO_ANSWER = (OSError, http.client.HTTPException)


class Ledger:
    """What the server acknowledged, and what is still to be retried. Thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tickets = {}  # subject -> ref
        self.comments = set()  # body
        self.votes = {}  # (article id, dp_v) -> +1 / -1
        self.chats = {}  # first message -> (chat id, visitor)
        self.open_chats = []  # (chat id, visitor) of acknowledged chats
        self.messages = {}  # (chat id, client_id) -> body
        self.unanswered = []  # (chat id, visitor, client_id, body): sent, answer lost
        self.unexpected = []  # answers that are neither an acknowledgement nor overload
        self.lost = 0  # requests without an answer


# The rows the checks read, by name: (SQL, one converter per column). The same
# SQL on both backends; the tables are the ones the acknowledged writes went to.
SNAPSHOT = {
    "tickets": ("SELECT t.subject, t.ref, (SELECT count(*) FROM ticket_messages m WHERE m.ticket_id = t.id) "
                "FROM tickets t WHERE t.subject LIKE 'durable %'", (str, str, int)),
    "comments": ("SELECT body FROM comments WHERE body LIKE 'durable %'", (str,)),
    "votes": ("SELECT article_id, voter, value FROM votes", (int, str, int)),
    "chats": ("SELECT id, visitor_id FROM chats", (int, str)),
    "messages": ("SELECT chat_id, body, coalesce(client_id, '') FROM chat_messages WHERE body LIKE 'durable %'",
                 (int, str, str)),
}


class DurabilityTest(unittest.TestCase):
    """On SQLite: the database file is read directly with sqlite3."""

    def server_env(self):
        return ENV

    def snapshot_rows(self, sql):
        conn = sqlite3.connect(os.path.join(self.srv.data_dir, "deskd.db"), timeout=10)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def setUp(self):
        self.srv = DeskdServer(demo=True, env=self.server_env(), config_text=CONFIG)
        self.srv.start()
        self.ledger = Ledger()
        seen, self.articles = set(), []
        for path, aid in ARTICLE_RE.findall(self.srv.client().get("/kb").body):
            if aid not in seen:
                seen.add(aid)
                self.articles.append((path, int(aid)))
        self.assertGreaterEqual(len(self.articles), 3, "the demo content has no articles")

    def tearDown(self):
        self.srv.kill()
        self.srv.cleanup()

    # -- the clients ---------------------------------------------------------

    def acknowledged(self, res, *statuses):
        if res.status in statuses:
            return True
        if res.status != 503:  # a full worker queue is a fair answer under load
            with self.ledger.lock:
                self.ledger.unexpected.append((res.status, res.body[:300]))
        return False

    def page_token(self, client, path):
        """The form token of the page at `path`, or None when it was not served."""
        res = client.get(path)
        return form_token(res.body) if self.acknowledged(res, 200) else None

    def api(self, method, path, body=None, visitor=None):
        headers = {"Origin": SHOP, "Content-Type": "application/json"}
        if visitor:
            headers["X-DP-Visitor"] = visitor
        data = json.dumps(body).encode() if body is not None else b""
        return self.srv.client().request(method, "/messenger/api" + path, body=data, headers=headers)

    def create_ticket(self, rnd):
        c = self.srv.client()
        token = self.page_token(c, "/new-ticket")
        if token is None:
            return
        subject = "durable ticket %s" % uuid.uuid4().hex
        res = c.post("/new-ticket", {"_dp_csrf_token": token, "name": "Dora Durable",
                                     "email": "dora-%d@example.test" % rnd.randrange(10**6),
                                     "subject": subject, "message": "Does this survive a crash?"})
        if self.acknowledged(res, 303):
            m = TICKET_CREATED_RE.match(res.header("Location", ""))
            self.assertTrue(m, res.header("Location"))
            with self.ledger.lock:
                self.ledger.tickets[subject] = m.group(1)

    def comment(self, rnd):
        path, aid = rnd.choice(self.articles)
        c = self.srv.client()
        token = self.page_token(c, path)
        if token is None:
            return
        body = "durable comment %s" % uuid.uuid4().hex
        res = c.post("/kb/articles/%d/comments" % aid, {"_dp_csrf_token": token, "name": "Cam",
                                                        "email": "cam@example.test", "body": body})
        if self.acknowledged(res, 303):
            with self.ledger.lock:
                self.ledger.comments.add(body)

    def vote(self, rnd):
        path, aid = rnd.choice(self.articles)
        c = self.srv.client()  # a new visitor: one vote per (article, dp_v), never changed later
        token = self.page_token(c, path)
        if token is None:
            return
        visitor = c.jar.get("dp_v")
        self.assertTrue(visitor, "no dp_v cookie from an article page")
        value = rnd.choice(("up", "down"))
        res = c.post("/kb/articles/%d/vote" % aid, {"_dp_csrf_token": token, "value": value})
        if self.acknowledged(res, 303):
            with self.ledger.lock:
                self.ledger.votes[(aid, visitor)] = 1 if value == "up" else -1

    def start_chat(self, rnd):
        res = self.api("POST", "/visitor")
        if not self.acknowledged(res, 200):
            return
        visitor = json.loads(res.body)["visitor"]
        first = "durable chat %s" % uuid.uuid4().hex
        res = self.api("POST", "/chats", {"name": "Vic", "email": "", "message": first}, visitor=visitor)
        if self.acknowledged(res, 201):
            chat_id = json.loads(res.body)["chat"]["id"]
            with self.ledger.lock:
                self.ledger.chats[first] = (chat_id, visitor)
                self.ledger.open_chats.append((chat_id, visitor))

    def send_message(self, chat_id, visitor, client_id, body):
        """POST one message; True when acknowledged (and recorded)."""
        res = self.api("POST", "/chats/%d/messages" % chat_id, {"body": body, "client_id": client_id},
                       visitor=visitor)
        if not self.acknowledged(res, 201):
            return None
        stored = json.loads(res.body)["message"]
        self.assertEqual((stored["body"], stored.get("client_id")), (body, client_id))
        with self.ledger.lock:
            self.ledger.messages[(chat_id, client_id)] = body
        return stored["id"]

    def chat_message(self, rnd):
        with self.ledger.lock:
            chat = rnd.choice(self.ledger.open_chats) if self.ledger.open_chats else None
        if chat is None:
            return self.start_chat(rnd)
        chat_id, visitor = chat
        client_id = uuid.uuid4().hex
        body = "durable message %s" % client_id
        try:
            first = self.send_message(chat_id, visitor, client_id, body)
        except NO_ANSWER:
            with self.ledger.lock:
                self.ledger.unanswered.append((chat_id, visitor, client_id, body))
            raise
        if first is not None and rnd.random() < 0.25:
            # A retry whose first answer did arrive: the same message, not a second one.
            try:
                again = self.send_message(chat_id, visitor, client_id, body)
            except NO_ANSWER:
                return  # acknowledged once already; the check covers it
            if again is not None:
                self.assertEqual(again, first, "a retried client_id was stored as a new message")

    def worker(self, seed, stop):
        rnd = random.Random(seed)
        ops = [self.create_ticket, self.comment, self.vote, self.start_chat, self.chat_message, self.chat_message]
        while not stop.is_set():
            try:
                rnd.choice(ops)(rnd)
            except NO_ANSWER:
                with self.ledger.lock:
                    self.ledger.lost += 1
                time.sleep(0.02)  # the server is gone; the main thread is about to notice
            except AssertionError as e:
                with self.ledger.lock:
                    self.ledger.unexpected.append(("assertion", str(e)[:300]))
                return

    # -- the checks ----------------------------------------------------------

    def snapshot(self):
        """Every row the checks need, read from the backend while deskd is down (or idle)."""
        out = {}
        for name, (sql, types) in SNAPSHOT.items():
            out[name] = [tuple(t(v) for t, v in zip(types, row)) for row in self.snapshot_rows(sql)]
        return out

    def check_database(self, when):
        led = self.ledger
        snap = self.snapshot()
        group = lambda rows, key, val: {k: [val(r) for r in rows if key(r) == k] for k in {key(r) for r in rows}}
        tickets = group(snap["tickets"], lambda r: r[0], lambda r: (r[1], r[2]))
        comments = group(snap["comments"], lambda r: r[0], lambda r: 1)
        votes = group(snap["votes"], lambda r: (r[0], r[1]), lambda r: r[2])
        chats = group(snap["chats"], lambda r: r[0], lambda r: r[1])
        by_body = group(snap["messages"], lambda r: (r[0], r[1]), lambda r: 1)
        by_client = group(snap["messages"], lambda r: (r[0], r[2]), lambda r: r[1])
        with led.lock:
            for subject, ref in led.tickets.items():
                self.assertEqual(tickets.get(subject), [(ref, 1)], "%s: ticket %s with its one message" % (when, subject))
            for body in led.comments:
                self.assertEqual(len(comments.get(body, [])), 1, "%s: comment %s" % (when, body))
            for (aid, visitor), value in led.votes.items():
                self.assertEqual(votes.get((aid, "v:" + visitor)), [value], "%s: vote on %d by %s" % (when, aid, visitor))
            for first, (chat_id, visitor) in led.chats.items():
                self.assertEqual(chats.get(chat_id), [visitor], "%s: chat %d" % (when, chat_id))
                self.assertEqual(len(by_body.get((chat_id, first), [])), 1, "%s: first message of chat %d" % (when, chat_id))
            for (chat_id, client_id), body in led.messages.items():
                self.assertEqual(by_client.get((chat_id, client_id)), [body], "%s: message %s" % (when, client_id))
        # Nothing, acknowledged or not, stored twice.
        self.assertEqual([k for k, v in tickets.items() if len(v) > 1], [], "%s: duplicated tickets" % when)
        self.assertEqual([k for k, v in comments.items() if len(v) > 1], [], "%s: duplicated comments" % when)
        self.assertEqual([k for k, v in by_body.items() if len(v) > 1], [], "%s: duplicated messages" % when)

    def retry_unanswered(self):
        """After a restart: what got no answer is sent again with its client_id, like the widget."""
        with self.ledger.lock:
            pending, self.ledger.unanswered = self.ledger.unanswered, []
        for chat_id, visitor, client_id, body in pending:
            self.assertIsNotNone(self.send_message(chat_id, visitor, client_id, body),
                                 "the retry of %s after a restart was refused" % client_id)
        return len(pending)

    # -- the test --------------------------------------------------------------

    def test_acknowledged_writes_survive_sigkill_and_are_stored_once(self):
        rnd = random.Random(os.environ.get("DESKD_DURABILITY_SEED", time.time_ns()))
        retried = 0
        for cycle in range(CYCLES):
            stop = threading.Event()
            threads = [threading.Thread(target=self.worker, args=(rnd.random(), stop), daemon=True)
                       for _ in range(WORKERS)]
            for t in threads:
                t.start()
            time.sleep(rnd.uniform(0.6, 2.0))
            self.srv.kill()  # SIGKILL, in the middle of the load
            stop.set()
            for t in threads:
                t.join(15)
                self.assertFalse(t.is_alive(), "a client thread hangs")
            self.assertEqual(self.ledger.unexpected, [], "cycle %d" % cycle)
            self.check_database("after kill %d" % (cycle + 1))
            self.srv.restart()
            # Answering also means the SIGTERM handler is in place: a SIGTERM between
            # "listening on" and Server::run() still ends deskd by the signal (exit -15).
            self.assertTrue(self.srv.healthy(), "no answer after restart %d" % (cycle + 1))
            retried += self.retry_unanswered()
        self.assertEqual(self.srv.stop(), 0, self.srv.stderr_text()[-2000:])
        self.check_database("after the last restart and a clean stop")
        led = self.ledger
        # The load must have been real for the check to mean anything.
        self.assertGreater(len(led.tickets), 0)
        self.assertGreater(len(led.comments), 0)
        self.assertGreater(len(led.votes), 0)
        self.assertGreater(len(led.messages), 0)
        print("\ndurability: %d SIGKILLs; acknowledged %d tickets, %d comments, %d votes, %d chats, %d messages; "
              "%d requests without answer, %d messages retried after a restart" % (
                  CYCLES, len(led.tickets), len(led.comments), len(led.votes), len(led.chats), len(led.messages),
                  led.lost, retried))


def psql_rows(url, sql):
    """The rows of one query through psql, as tuples of strings (NULL as '')."""
    parts = urllib.parse.urlsplit(url)
    env = dict(os.environ, PGPASSWORD=urllib.parse.unquote(parts.password or ""))
    args = [psql_binary(), "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1",
            "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
            "-U", urllib.parse.unquote(parts.username or ""), "-d", parts.path.lstrip("/"), "-c", sql]
    r = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
    if r.returncode != 0:
        raise AssertionError("psql %r failed: %s%s" % (sql, r.stdout, r.stderr))
    return [tuple(line.split("\t")) for line in r.stdout.splitlines() if line]


@unittest.skipUnless(PG_URL, "DESKD_TEST_POSTGRES_URL is not set: the PostgreSQL durability test is skipped "
                             "(run it with scripts/with_postgres.sh)")
class PostgresDurabilityTest(DurabilityTest):
    """The same SIGKILL cycles on PostgreSQL: a fresh database per test, read through psql."""

    def setUp(self):
        if psql_binary() is None:
            self.skipTest("psql not found (install the postgresql package)")
        self.db_name = "deskd_durable_%d_%d" % (os.getpid(), time.monotonic_ns())
        run_psql(PG_URL, "CREATE DATABASE %s" % self.db_name)
        self.addCleanup(run_psql, PG_URL, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.db_name)
        self.pg_url = with_database(PG_URL, self.db_name)
        super().setUp()

    def server_env(self):
        return dict(ENV, DESKD_STORAGE_URL=self.pg_url)

    def snapshot_rows(self, sql):
        return psql_rows(self.pg_url, sql)


if __name__ == "__main__":
    unittest.main()
