#!/usr/bin/env python3
"""The soak's write traffic (bench/soak.sh; docs/performance.md, "Soak").

Until --seconds pass or SIGTERM, THREADS workers each repeat a random mix of:
  vote     a new visitor reads an article and votes on it
  comment  a reader posts a comment (held for moderation)
  login    the portal account signs in (argon2id), reads /account, signs out
  chat     a Messenger guest: visitor id, chat, a few messages, holding
           /messenger/ws while it waits (closes with 1000 when done)
while --sockets visitor WebSockets are held for the whole run (each reconnects
when closed) and one agent works the comment moderation queue every
--moderate-every seconds: approves one comment in ten and rejects the rest, as
a help center's moderator would with a flood. Prints one JSON summary line at
the end: operations by kind and outcome, answers that were neither a success
nor an overload (503), requests without an answer, and the close codes the
held sockets received (a graceful stop sends 1001). Standard library only; reuses tests/integration's clients.
"""

import argparse
import collections
import json
import os
import random
import re
import signal
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration"))
import deskd_server  # noqa: E402  (Client, form_token)
from wsclient import Closed, WebSocket  # noqa: E402

ARTICLE_RE = re.compile(r'href="(/kb/articles/(\d+)-[^"#?]*)"')
QUEUED_RE = re.compile(r'<tr id="comment-(\d+)">')
NO_ANSWER = (OSError, deskd_server.http.client.HTTPException)


class Target:
    """What deskd_server.Client needs from a server: where it listens."""

    def __init__(self, url):
        m = re.match(r"^http://([^:/]+):(\d+)/?$", url)
        if not m:
            raise SystemExit("--url http://HOST:PORT")
        self.host, self.port = m.group(1), int(m.group(2))
        self.origin = "http://%s:%d" % (self.host, self.port)


class Soak:
    def __init__(self, args):
        self.args = args
        self.srv = Target(args.url)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.counts = collections.Counter()  # "kind:outcome" -> n
        self.unexpected = collections.Counter()  # "kind:status" -> n
        self.close_codes = collections.Counter()
        self.articles = [(p, int(a)) for p, a in ARTICLE_RE.findall(self.client().get("/kb").body)]
        if not self.articles:
            raise SystemExit("no articles on /kb (start deskd with --demo)")

    def client(self):
        return deskd_server.Client(self.srv)

    def note(self, kind, res, *ok):
        with self.lock:
            if res.status in ok:
                self.counts[kind + ":ok"] += 1
            elif res.status == 503:
                self.counts[kind + ":busy"] += 1
            else:
                self.unexpected["%s:%d" % (kind, res.status)] += 1
        return res.status in ok

    def api(self, method, path, body=None, visitor=None):
        headers = {"Origin": self.args.origin, "Content-Type": "application/json"}
        if visitor:
            headers["X-DP-Visitor"] = visitor
        data = json.dumps(body).encode() if body is not None else b""
        return self.client().request(method, "/messenger/api" + path, body=data, headers=headers)

    # -- operations ------------------------------------------------------------

    def vote(self, rnd):
        path, aid = rnd.choice(self.articles)
        c = self.client()
        page = c.get(path)
        if self.note("read", page, 200):
            res = c.post("/kb/articles/%d/vote" % aid, {"_dp_csrf_token": deskd_server.form_token(page.body),
                                                          "value": rnd.choice(("up", "down"))})
            self.note("vote", res, 303)

    def comment(self, rnd):
        path, aid = rnd.choice(self.articles)
        c = self.client()
        page = c.get(path)
        if self.note("read", page, 200):
            res = c.post("/kb/articles/%d/comments" % aid, {
                "_dp_csrf_token": deskd_server.form_token(page.body), "name": "Soak",
                "email": "soak@example.test", "body": "soak comment %s" % uuid.uuid4().hex})
            self.note("comment", res, 303)

    def login(self, rnd):
        c = self.client()
        res = c.login(self.args.email, self.args.password)
        if not self.note("login", res, 303):
            return
        self.note("account", c.get("/account"), 200)
        page = c.get("/account")
        tokens = deskd_server.form_tokens(page.body)
        if tokens:
            self.note("logout", c.post("/logout", {"_dp_csrf_token": tokens[0]}), 303)

    def chat(self, rnd):
        res = self.api("POST", "/visitor")
        if not self.note("visitor", res, 200):
            return
        visitor = json.loads(res.body)["visitor"]
        res = self.api("POST", "/chats", {"name": "Soak", "email": "", "message": "soak chat"}, visitor)
        if not self.note("chat", res, 201):
            return
        chat_id = json.loads(res.body)["chat"]["id"]
        ws = WebSocket(self.srv.host, self.srv.port, "/messenger/ws?visitor=" + visitor,
                       headers={"Origin": self.args.origin})
        code = 1000
        try:
            ws.send_json({"type": "resume", "last_id": 0})
            for _ in range(rnd.randint(1, 4)):
                res = self.api("POST", "/chats/%d/messages" % chat_id,
                               {"body": "soak message", "client_id": uuid.uuid4().hex}, visitor)
                self.note("message", res, 201)
                ws.drain(0.2)
            self.note("chat_end", self.api("POST", "/chats/%d/end" % chat_id, None, visitor), 200)
        except Closed as c:  # the server closed first (a graceful stop: 1001)
            code = c.code or 1000
            with self.lock:
                self.close_codes[str(c.code)] += 1
        finally:
            ws.close(code)

    def moderator(self, seed):
        """One agent signed in for the whole run, moderating what the queue shows."""
        rnd = random.Random(seed)
        agent = None
        while not self.stop.wait(self.args.moderate_every):
            try:
                if agent is None:
                    agent = self.client()
                    if not self.note("agent_login", agent.login(self.args.agent_email, self.args.agent_password,
                                                                base="/agent"), 303):
                        agent = None
                        continue
                queue = agent.get("/agent/comments")
                if not self.note("queue", queue, 200):
                    agent = None
                    continue
                token = deskd_server.form_token(queue.body)
                for cid in QUEUED_RE.findall(queue.body):
                    verdict = "approve" if rnd.random() < 0.1 else "reject"
                    self.note(verdict, agent.post("/agent/comments/%s/%s" % (cid, verdict),
                                                  {"_dp_csrf_token": token}), 303)
            except NO_ANSWER:
                with self.lock:
                    self.counts["moderate:no_answer"] += 1
                agent = None

    def worker(self, seed):
        rnd = random.Random(seed)
        ops = [self.vote, self.vote, self.comment, self.login, self.chat, self.chat]
        while not self.stop.is_set():
            op = rnd.choice(ops)
            try:
                op(rnd)
            except (Closed, AssertionError, ValueError, KeyError) as e:
                with self.lock:
                    self.unexpected["%s:%s" % (op.__name__, type(e).__name__)] += 1
            except NO_ANSWER:
                with self.lock:
                    self.counts[op.__name__ + ":no_answer"] += 1
                self.stop.wait(0.2)
            self.stop.wait(self.args.pause)

    def holder(self, seed):
        """One visitor WebSocket held open; its close codes are recorded."""
        while not self.stop.is_set():
            try:
                res = self.api("POST", "/visitor")
                if res.status != 200:
                    self.stop.wait(1)
                    continue
                visitor = json.loads(res.body)["visitor"]
                ws = WebSocket(self.srv.host, self.srv.port, "/messenger/ws?visitor=" + visitor,
                               headers={"Origin": self.args.origin})
                with self.lock:
                    self.counts["socket:opened"] += 1
                while not self.stop.is_set():
                    try:
                        ws.recv(1)
                    except Closed as c:
                        with self.lock:
                            self.close_codes[str(c.code)] += 1
                        break
                    except TimeoutError:
                        continue
                ws.close(1000)  # answers the server's close, or closes ours at the end
            except NO_ANSWER:
                self.stop.wait(0.5)

    def run(self):
        threads = [threading.Thread(target=self.worker, args=(i,), daemon=True) for i in range(self.args.threads)]
        threads += [threading.Thread(target=self.holder, args=(i,), daemon=True) for i in range(self.args.sockets)]
        threads.append(threading.Thread(target=self.moderator, args=(-1,), daemon=True))
        for t in threads:
            t.start()
        self.stop.wait(self.args.seconds)
        self.stop.set()
        for t in threads:
            t.join(20)
        print(json.dumps({"counts": dict(sorted(self.counts.items())),
                          "unexpected": dict(sorted(self.unexpected.items())),
                          "close_codes": dict(sorted(self.close_codes.items()))}))
        return 1 if self.unexpected else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True)
    p.add_argument("--origin", required=True, help="an origin in messenger.allowed_origins")
    p.add_argument("--email", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--agent-email", required=True, help="the moderator's sign-in")
    p.add_argument("--agent-password", required=True)
    p.add_argument("--moderate-every", type=float, default=2, help="seconds between two passes over the queue")
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--sockets", type=int, default=8)
    p.add_argument("--pause", type=float, default=0.05, help="seconds between two operations of a worker")
    args = p.parse_args()
    soak = Soak(args)
    signal.signal(signal.SIGTERM, lambda *_: soak.stop.set())
    sys.exit(soak.run())


if __name__ == "__main__":
    main()
