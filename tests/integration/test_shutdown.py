"""SPEC §6: graceful shutdown on SIGTERM (docs/operations.md, "Stopping").

A SIGTERM stops accepting, lets the requests in flight finish, closes every
WebSocket with 1001 (going away), flushes the queued page views and session
touches, and exits 0 within `server.shutdown_timeout_s` even when a client
never finishes its request or never answers the WebSocket close. A SIGTERM
that arrives right after `listening on` is a graceful stop too, not a death
by signal.
"""

import http.client
import os
import re
import signal
import socket
import sqlite3
import threading
import time
import unittest

from deskd_server import DeskdServer, form_token
from wsclient import Closed, WebSocket

SHOP = "http://shop.example"
CONFIG = '[messenger]\nallowed_origins = ["%s"]\n' % SHOP
TIMEOUT_S = 3
ENV = {
    "DESKD_SERVER_SHUTDOWN_TIMEOUT_S": str(TIMEOUT_S),
    "DESKD_LIMITS_VISITOR_IDS_PER_IP_PER_HOUR": "0",
    "DESKD_LIMITS_CHATS_PER_IP_PER_HOUR": "0",
    "DESKD_LIMITS_OPEN_CHATS_PER_IP": "0",
    # Every view answered must be stored: no visitor's views are capped here.
    "DESKD_LIMITS_PAGE_VIEWS_PER_VISITOR_PER_MINUTE": "0",
}
ARTICLE_RE = re.compile(r'href="(/kb/articles/\d+-[^"#?]*)"')
# The server was gone before it took the request: refused, or reset from the backlog.
NOT_ADMITTED = (ConnectionRefusedError, ConnectionResetError, http.client.RemoteDisconnected, BrokenPipeError)


def wait_exit(proc, limit):
    """Seconds until `proc` exited (fails after `limit`)."""
    t0 = time.monotonic()
    proc.wait(limit)
    return time.monotonic() - t0


class ShutdownTest(unittest.TestCase):
    def setUp(self):
        self.srv = DeskdServer(demo=True, env=ENV, config_text=CONFIG)
        self.addCleanup(self.srv.cleanup)
        self.addCleanup(self.srv.kill)

    def rows(self, sql):
        conn = sqlite3.connect(os.path.join(self.srv.data_dir, "deskd.db"), timeout=10)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def api(self, path, body, visitor=None):
        import json
        headers = {"Origin": SHOP, "Content-Type": "application/json"}
        if visitor:
            headers["X-DP-Visitor"] = visitor
        res = self.srv.client().request("POST", "/messenger/api" + path, body=json.dumps(body).encode(),
                                        headers=headers)
        return res.status, json.loads(res.body)

    def visitor_socket(self):
        """A visitor with an open chat and its socket, past the first frames."""
        status, v = self.api("/visitor", {})
        self.assertEqual(status, 200)
        status, _ = self.api("/chats", {"name": "Sam", "email": "", "message": "still there?"}, v["visitor"])
        self.assertEqual(status, 201)
        ws = WebSocket(self.srv.host, self.srv.port, "/messenger/ws?visitor=" + v["visitor"],
                       headers={"Origin": SHOP})
        ws.send_json({"type": "resume", "last_id": 0})
        ws.drain(0.2)
        return ws

    def login_request(self, email, password):
        """The bytes of a complete POST /login (argon2id: slow on purpose) with a fresh form token."""
        c = self.srv.client()
        page = c.get("/login")
        body = "_dp_csrf_token=%s&email=%s&password=%s" % (
            form_token(page.body), email.replace("@", "%40"), password.replace(" ", "+"))
        return ("POST /login HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nOrigin: %s\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s" % (
                    self.srv.host_header, c.cookie_header(), self.srv.origin, len(body), body)).encode()

    def in_flight(self):
        """deskd_http_requests_in_flight, not counting the /metrics request that reads it."""
        body = self.srv.client().get("/metrics").body
        m = re.search(r"(?m)^deskd_http_requests_in_flight (\d+)$", body)
        self.assertTrue(m, "no deskd_http_requests_in_flight in /metrics")
        return int(m.group(1)) - 1

    def logins_in_flight(self, n):
        """n login sockets, returned once the server holds all n requests at the same time."""
        for _ in range(3):
            requests = [self.login_request("stop.user@example.test", "stop user pass phrase 1") for _ in range(n)]
            sockets = [socket.create_connection((self.srv.host, self.srv.port), timeout=15) for _ in range(n)]
            for s, data in zip(sockets, requests):
                s.sendall(data)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                if self.in_flight() >= n:
                    return sockets
            for s in sockets:  # answered before we saw them together: try again
                s.close()
        self.fail("never saw %d logins in flight at once" % n)

    def test_sigterm_right_after_listening_is_a_graceful_stop(self):
        for attempt in range(3):
            if attempt == 0:
                self.srv.start()
            else:
                self.srv.restart()
            self.srv.proc.send_signal(signal.SIGTERM)  # as soon as the address was announced
            code = self.srv.proc.wait(15)
            self.srv.kill()  # joins the log reader
            self.assertEqual(code, 0, "attempt %d: %s" % (attempt, self.srv.stderr_text()[-2000:]))
            self.assertIn("deskd stopped", "\n".join(self.srv.output), "attempt %d" % attempt)

    def test_sigterm_under_load_drains_requests_flushes_views_and_closes_websockets_with_1001(self):
        self.srv.add_user("stop.user@example.test", "stop user pass phrase 1", "user")
        self.srv.start()
        articles = sorted(set(ARTICLE_RE.findall(self.srv.client().get("/kb").body)))
        self.assertTrue(articles, "the demo content has no articles")
        sockets = [self.visitor_socket() for _ in range(3)]
        close_codes = []

        def answer_close(ws):  # like a browser: reads until the server's close, then answers it
            try:
                while True:
                    ws.recv(TIMEOUT_S + 10)
            except Closed as c:
                close_codes.append(c.code)
                ws.close(c.code)
            except (OSError, AssertionError) as e:
                close_codes.append(repr(e))

        listeners = [threading.Thread(target=answer_close, args=(ws,), daemon=True) for ws in sockets]
        for t in listeners:
            t.start()

        # Readers: one visitor each (dp_v from the first page), article pages until the server goes.
        readers = [self.srv.client() for _ in range(4)]
        for c in readers:
            self.assertEqual(c.get(articles[0]).status, 200)
            self.assertTrue(c.jar.get("dp_v"))
        time.sleep(0.6)  # the warm-up views are flushed (every 250 ms)
        views_before = self.rows("SELECT count(*) FROM page_views")[0][0]
        viewed, broken, stop = [0], [], threading.Event()
        go, idle = threading.Event(), threading.Semaphore(0)
        go.set()
        lock = threading.Lock()

        def read(c, n):
            while not stop.is_set():
                if not go.is_set():
                    idle.release()
                    go.wait()
                try:
                    res = c.get(articles[n % len(articles)], timeout=15)
                except NOT_ADMITTED:
                    return
                except Exception as e:  # a truncated or garbled answer
                    with lock:
                        broken.append(repr(e))
                    return
                n += 1
                with lock:
                    if res.status == 200:
                        viewed[0] += 1
                    elif res.status != 503:
                        broken.append(res.status)

        threads = [threading.Thread(target=read, args=(c, i), daemon=True) for i, c in enumerate(readers)]
        for t in threads:
            t.start()
        time.sleep(0.8)
        # The readers pause while a login is put in flight (seen in /metrics), then all go on,
        # and the signal comes while the password check runs and views wait in the queue.
        go.clear()
        for _ in readers:
            self.assertTrue(idle.acquire(timeout=15), "a reader did not pause")
        logins = self.logins_in_flight(1)
        go.set()
        time.sleep(0.1)
        self.srv.proc.send_signal(signal.SIGTERM)
        took = wait_exit(self.srv.proc, TIMEOUT_S + 5)
        stop.set()
        for t in threads:
            t.join(15)
        self.assertEqual(self.srv.proc.returncode, 0, self.srv.stderr_text()[-2000:])
        self.assertLess(took, TIMEOUT_S, "nothing held the stop, yet it waited for the deadline")

        # In flight when the signal came: answered in full.
        cookies = []
        for s in logins:
            answer = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
            s.close()
            head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
            self.assertTrue(head.startswith("HTTP/1.1 303"), head)
            m = re.search(r"(?im)^set-cookie: dpsid-portal=([^;]+);", head)
            self.assertTrue(m, head)
            cookies.append(m.group(1))
        self.assertEqual(broken, [])
        self.assertGreater(viewed[0], 0)
        # Every page view that was answered is stored, the last batch included.
        views_after = self.rows("SELECT count(*) FROM page_views")[0][0]
        self.assertEqual(views_after - views_before, viewed[0])
        # Every WebSocket was told the server is going away.
        for t in listeners:
            t.join(5)
        self.assertEqual(close_codes, [1001] * len(sockets))
        # The sessions those logins created were written through: they work after a restart.
        self.srv.restart()
        for sid in cookies:
            res = self.srv.client().get("/account", cookies="dpsid-portal=" + sid)
            self.assertEqual(res.status, 200, "a session created during the stop was lost")
        self.assertEqual(self.srv.stop(), 0)

    def test_a_client_that_never_finishes_cannot_hold_the_stop_past_the_timeout(self):
        self.srv.start()
        # An upload that stalls after half its body, and a socket that never answers the close.
        upload = socket.create_connection((self.srv.host, self.srv.port), timeout=20)
        upload.sendall(("POST /login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        "Content-Length: 100\r\n\r\nemail=" % self.srv.host_header).encode())
        stubborn = self.visitor_socket()
        articles = ARTICLE_RE.findall(self.srv.client().get("/kb").body)
        c = self.srv.client()
        self.assertEqual(c.get(articles[0]).status, 200)
        self.assertEqual(c.get(articles[0]).status, 200)  # a view by a known visitor, queued
        t0 = time.monotonic()
        self.srv.proc.send_signal(signal.SIGTERM)
        took = wait_exit(self.srv.proc, TIMEOUT_S + 10)
        self.assertEqual(self.srv.proc.returncode, 0, self.srv.stderr_text()[-2000:])
        self.assertGreaterEqual(took, TIMEOUT_S - 0.5, "the stalled clients were not waited for at all")
        self.assertLess(time.monotonic() - t0, TIMEOUT_S + 2, "server.shutdown_timeout_s was not kept")
        self.assertGreaterEqual(self.rows("SELECT count(*) FROM page_views")[0][0], 1, "queued views were dropped")
        upload.close()
        stubborn.sock.close()


if __name__ == "__main__":
    unittest.main()
