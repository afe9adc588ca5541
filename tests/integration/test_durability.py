"""SPEC §7: nothing acknowledged to a client is lost on a crash, nothing is stored twice.

Concurrent clients create tickets, comments, votes, chats and chat messages
while deskd is killed with SIGKILL at random moments and restarted on the same
data directory. After every kill the database file itself (read before the
restart, so deskd gets no chance to repair anything) must hold every write that
was answered 2xx/3xx, exactly once. Chat messages whose answer was lost are
sent again after the restart with the same client_id, as the widget does, and
must then be stored once.
"""

import http.client
import json
import os
import random
import re
import sqlite3
import threading
import time
import unittest
import uuid

from deskd_server import DeskdServer, form_token

SHOP = "http://shop.example"
CONFIG = '[messenger]\nallowed_origins = ["%s"]\n' % SHOP
# The per-address abuse limits would refuse most of this load from 127.0.0.1.
ENV = {
    "DESKD_LIMITS_VISITOR_IDS_PER_IP_PER_HOUR": "0",
    "DESKD_LIMITS_CHATS_PER_IP_PER_HOUR": "0",
    "DESKD_LIMITS_OPEN_CHATS_PER_IP": "0",
    "DESKD_LIMITS_OPEN_CHATS_PER_VISITOR": "0",
    "DESKD_LIMITS_TICKETS_PER_IP_PER_HOUR": "0",
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


class DurabilityTest(unittest.TestCase):
    def setUp(self):
        self.srv = DeskdServer(demo=True, env=ENV, config_text=CONFIG)
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

    def db(self):
        conn = sqlite3.connect(os.path.join(self.srv.data_dir, "deskd.db"), timeout=10)
        conn.row_factory = sqlite3.Row
        return conn

    def check_database(self, when):
        led = self.ledger
        with led.lock, self.db() as conn:
            q = lambda sql, *args: conn.execute(sql, args).fetchall()
            for subject, ref in led.tickets.items():
                rows = q("SELECT ref FROM tickets WHERE subject = ?", subject)
                self.assertEqual([r["ref"] for r in rows], [ref], "%s: ticket %s" % (when, subject))
                self.assertEqual(len(q("SELECT 1 FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id "
                                       "WHERE t.ref = ?", ref)), 1, "%s: ticket %s message" % (when, ref))
            for body in led.comments:
                self.assertEqual(len(q("SELECT 1 FROM comments WHERE body = ?", body)), 1,
                                 "%s: comment %s" % (when, body))
            for (aid, visitor), value in led.votes.items():
                rows = q("SELECT value FROM votes WHERE article_id = ? AND voter = ?", aid, "v:" + visitor)
                self.assertEqual([r["value"] for r in rows], [value], "%s: vote on %d by %s" % (when, aid, visitor))
            for first, (chat_id, visitor) in led.chats.items():
                rows = q("SELECT visitor_id FROM chats WHERE id = ?", chat_id)
                self.assertEqual([r["visitor_id"] for r in rows], [visitor], "%s: chat %d" % (when, chat_id))
                self.assertEqual(len(q("SELECT 1 FROM chat_messages WHERE chat_id = ? AND body = ?", chat_id, first)),
                                 1, "%s: first message of chat %d" % (when, chat_id))
            for (chat_id, client_id), body in led.messages.items():
                rows = q("SELECT body FROM chat_messages WHERE chat_id = ? AND client_id = ?", chat_id, client_id)
                self.assertEqual([r["body"] for r in rows], [body], "%s: message %s" % (when, client_id))
            # Nothing, acknowledged or not, stored twice.
            for sql in ("SELECT subject FROM tickets WHERE subject LIKE 'durable %' GROUP BY subject HAVING count(*) > 1",
                        "SELECT body FROM comments WHERE body LIKE 'durable %' GROUP BY body HAVING count(*) > 1",
                        "SELECT body FROM chat_messages WHERE body LIKE 'durable %' "
                        "GROUP BY chat_id, body HAVING count(*) > 1"):
                self.assertEqual([tuple(r) for r in q(sql)], [], "%s: duplicated" % when)

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


if __name__ == "__main__":
    unittest.main()
