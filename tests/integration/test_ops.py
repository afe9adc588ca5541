"""SPEC §6: the binary, its CLI, configuration, ops endpoints and graceful shutdown."""

import json
import os
import re
import signal
import socket
import shutil
import subprocess
import tempfile
import time
import unittest

from deskd_server import DESKD_BIN, DeskdServer, ServerTestCase, read_until_close, require_binary, status_of


def run_deskd(*args, stdin=None, env_extra=None, timeout=30):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESKD_") or k == "DESKD_WEB_DIR"}
    env.update(env_extra or {})
    return subprocess.run([require_binary(), *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=timeout)


class OpsEndpointsTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True)
        # Behind a proxy on loopback: it may read /metrics itself, and so may 10.9.8.7 through it.
        cls.locked = cls.start_server(env={"DESKD_SERVER_METRICS_ALLOW": "10.9.8.7,127.0.0.1",
                                           "DESKD_SERVER_TRUSTED_PROXIES": "127.0.0.1"})

    def test_demo_prints_credentials_that_work(self):
        self.assertEqual(set(self.srv.demo_accounts), {"agent", "admin"})
        email, password = self.srv.demo_accounts["agent"]
        res = self.srv.client().login(email, password, base="/agent")
        self.assertEqual(res.status, 303)
        email, password = self.srv.demo_accounts["admin"]
        self.assertEqual(self.srv.client().login(email, password, base="/admin").status, 303)

    def test_healthz(self):
        res = self.srv.client().get("/healthz")
        self.assertEqual(res.status, 200)
        self.assertTrue(res.header("Content-Type").startswith("application/json"))
        self.assertEqual(json.loads(res.body).get("status"), "ok")
        self.assertEqual(res.set_cookies, [])

    def test_metrics_from_loopback(self):
        c = self.srv.client()
        c.get("/")
        c.get("/no-such-page")
        res = c.get("/metrics")
        self.assertEqual(res.status, 200)
        self.assertTrue(res.header("Content-Type").startswith("text/plain"))
        self.assertEqual(res.set_cookies, [])
        for name in ("deskd_http_requests_total", "deskd_http_request_duration_seconds_bucket",
                     "deskd_sessions_active"):
            self.assertRegex(res.body, r"(?m)^%s(\{[^}]*\})? [0-9.e+-]+$" % name, name)
        self.assertRegex(res.body, r"(?m)^# TYPE deskd_http_requests_total counter$")
        self.assertRegex(res.body, r'(?m)^deskd_http_request_duration_seconds_bucket\{[^}]*le="\+Inf"[^}]*\} \d+')
        self.assertNotIn("no-such-page", res.body, "unmatched paths must not become label values")

    def test_metrics_show_memory_of_the_heap_and_sqlite(self):
        # What the soak (bench/soak.sh) samples to tell SQLite's bounded page
        # caches from the rest of the heap.
        self.srv.client().get("/kb")
        body = self.srv.client().get("/metrics").body

        def gauge(name):
            m = re.search(r"(?m)^%s ([0-9.e+]+)$" % name, body)
            self.assertTrue(m, name)
            self.assertIn("# TYPE %s gauge" % name, body)
            return float(m.group(1))

        if "ASAN_OPTIONS" in os.environ:
            # AddressSanitizer's allocator holds the heap: glibc's gauges are left out.
            self.assertNotIn("deskd_heap_in_use_bytes", body)
        else:
            self.assertGreater(gauge("deskd_heap_in_use_bytes"), 1 << 20)
            self.assertLess(gauge("deskd_heap_in_use_bytes"), 1 << 30)
            self.assertGreaterEqual(gauge("deskd_heap_free_bytes"), 0)
        self.assertGreater(gauge("deskd_sqlite_memory_bytes"), 0)
        self.assertLess(gauge("deskd_sqlite_memory_bytes"), 20 << 20)

    def test_metrics_refused_outside_metrics_allow(self):
        res = self.locked.client().get("/metrics", headers={"X-Forwarded-For": "203.0.113.5"})
        self.assertEqual(res.status, 403)
        self.assertNotIn("deskd_http_requests_total", res.body)

    def test_metrics_answer_by_the_forwarded_client_not_the_proxy(self):
        self.assertEqual(self.locked.client().get("/metrics").status, 200)  # the proxy host itself
        self.assertEqual(self.locked.client().get("/metrics", headers={"X-Forwarded-For": "10.9.8.7"}).status, 200)
        # A visitor who names an allowed address in their own line, before the proxy's line, is still the visitor.
        head = ("GET /metrics HTTP/1.1\r\nHost: %s\r\nX-Forwarded-For: 10.9.8.7\r\n"
                "X-Forwarded-For: 203.0.113.5\r\nConnection: close\r\n\r\n" % self.locked.host_header)
        self.assertEqual(status_of(self.locked.raw(head.encode())), 403)

    def test_static_css_is_immutable_with_etag(self):
        home = self.srv.client().get("/")
        m = re.search(r'<link rel="stylesheet" href="([^"]+)">', home.body)
        self.assertIsNotNone(m, "home links a stylesheet")
        url = m.group(1)
        self.assertRegex(url, r"^/static/")
        res = self.srv.client().get(url)
        self.assertEqual(res.status, 200)
        self.assertTrue(res.header("Content-Type").startswith("text/css"))
        self.assertEqual(res.header("Cache-Control"), "public, max-age=31536000, immutable")
        etag = res.header("ETag")
        self.assertRegex(etag or "", r'^"[^"]+"$')
        self.assertEqual(res.set_cookies, [])
        again = self.srv.client().get(url, headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.raw_body, b"")
        self.assertEqual(self.srv.client().get(url, headers={"If-None-Match": '"other"'}).status, 200)

    def test_static_path_traversal_is_404(self):
        for path in ("/static/../CMakeLists.txt", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/"):
            with self.subTest(path=path):
                raw = self.srv.raw(("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % (path, self.srv.host_header)).encode())
                self.assertNotIn(b"root:", raw)
                if status_of(raw) == 308:  # dot segments: sent to the canonical path, which is no file
                    location = re.search(rb"\r\nLocation: ([^\r]*)", raw).group(1).decode()
                    self.assertFalse(location.startswith("/static/"), location)
                    raw = self.srv.raw(("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
                                        % (location, self.srv.host_header)).encode())
                self.assertIn(status_of(raw), (400, 404))
                self.assertNotIn(b"root:", raw)


class GracefulShutdownTest(unittest.TestCase):
    def test_sigterm_with_a_request_in_flight_finishes_it_and_exits_0(self):
        srv = DeskdServer().start()
        try:
            body = b"email=a%40b.test&password=x"
            with socket.create_connection((srv.host, srv.port), timeout=10) as s:
                s.sendall(b"POST /login HTTP/1.1\r\nHost: " + srv.host_header.encode() + b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                          b"Content-Length: %d\r\n\r\n" % len(body) + body[:5])
                self.assertTrue(srv.healthy())
                time.sleep(0.3)  # let deskd read the head: the request is now in flight
                srv.proc.send_signal(signal.SIGTERM)
                s.sendall(body[5:])
                raw = read_until_close(s, 10)
            self.assertEqual(status_of(raw), 403, raw[:200])  # answered (no CSRF token), not dropped
            self.assertEqual(srv.proc.wait(10), 0)
        finally:
            srv.kill()
            srv.cleanup()

    def test_sigterm_when_idle_exits_0_and_data_survives(self):
        srv = DeskdServer()
        srv.add_user("keep@example.test", "a password", "user")
        srv.start()
        try:
            self.assertEqual(srv.client().login("keep@example.test", "a password").status, 303)
            self.assertEqual(srv.stop(), 0)
            srv.start()
            self.assertEqual(srv.client().login("keep@example.test", "a password").status, 303)
            self.assertEqual(srv.stop(), 0)
        finally:
            srv.kill()
            srv.cleanup()


class CliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="deskd-cli-")
        self.data = os.path.join(self.tmp, "data")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_help_lists_serve_and_user(self):
        r = run_deskd("--help")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"(?m)^\s+serve\b")
        self.assertRegex(r.stdout, r"(?m)^\s+user\b")
        r = run_deskd("serve", "--help")
        self.assertEqual(r.returncode, 0)
        for flag in ("--listen", "--data", "--config", "--demo"):
            self.assertIn(flag, r.stdout)
        r = run_deskd("user", "add", "--help")
        self.assertEqual(r.returncode, 0)
        for flag in ("--email", "--role", "--password-stdin", "--name", "--data", "--config"):
            self.assertIn(flag, r.stdout)

    def test_no_subcommand_fails(self):
        self.assertNotEqual(run_deskd().returncode, 0)
        self.assertNotEqual(run_deskd("frobnicate").returncode, 0)

    def test_user_add_duplicate_email_fails(self):
        args = ("user", "add", "--email", "dup@example.test", "--role", "agent", "--password-stdin", "--data",
                self.data)
        first = run_deskd(*args, stdin="first password\n")
        self.assertEqual(first.returncode, 0, first.stderr)
        second = run_deskd(*args, stdin="second password\n")
        self.assertNotEqual(second.returncode, 0)
        self.assertIn("dup@example.test", second.stderr + second.stdout)
        upper = run_deskd("user", "add", "--email", "DUP@example.test", "--password-stdin", "--data", self.data,
                          stdin="third password\n")
        self.assertNotEqual(upper.returncode, 0, "e-mail addresses are case-insensitive")

    def test_user_add_rejects_bad_input(self):
        base = ("user", "add", "--password-stdin", "--data", self.data)
        self.assertNotEqual(run_deskd(*base, "--email", "a@b.test", "--role", "root", stdin="pw pw pw\n").returncode,
                            0)
        self.assertNotEqual(run_deskd(*base, "--email", "a@b.test", stdin="").returncode, 0, "empty password")
        self.assertNotEqual(run_deskd("user", "add", "--email", "a@b.test", "--data", self.data).returncode, 0)

    def test_bad_config_exits_nonzero_with_a_readable_message(self):
        cases = {
            "syntax": ("[server\nlisten = 1", r"bad\.toml"),
            "unknown key": ('[server]\nlistn = "127.0.0.1:0"\n', r"server\.listn"),
            "wrong type": ("[limits]\nmax_header_bytes = \"lots\"\n", r"limits\.max_header_bytes"),
            "bad setting": ('[cookies]\noptional = "maybe"\n', r"cookies\.optional"),
        }
        for label, (text, needle) in cases.items():
            with self.subTest(case=label):
                path = self.write("bad.toml", text)
                r = run_deskd("serve", "--listen", "127.0.0.1:0", "--data", self.data, "--config", path, timeout=10)
                self.assertNotEqual(r.returncode, 0)
                self.assertRegex(r.stderr, needle)
                self.assertNotIn("listening on", r.stdout)
                self.assertLess(len(r.stderr.splitlines()), 10, r.stderr)
        r = run_deskd("serve", "--listen", "127.0.0.1:0", "--data", self.data, "--config",
                      os.path.join(self.tmp, "missing.toml"), timeout=10)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("missing.toml", r.stderr)

    def test_bad_env_value_exits_nonzero(self):
        r = run_deskd("serve", "--listen", "127.0.0.1:0", "--data", self.data,
                      env_extra={"DESKD_LIMITS_READ_TIMEOUT_S": "soon"}, timeout=10)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("limits.read_timeout_s", r.stderr)

    def test_bad_listen_address_exits_nonzero(self):
        r = run_deskd("serve", "--listen", "nonsense", "--data", self.data, timeout=10)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("listen", r.stderr)


class ConfigFileTest(ServerTestCase, unittest.TestCase):
    CONFIG = '[server]\nlisten = "127.0.0.1:1"\n\n[limits]\nmax_header_bytes = 4096\n'

    @classmethod
    def setup_servers(cls):
        # --listen (127.0.0.1:0 from the fixture) beats both the file and DESKD_SERVER_LISTEN.
        cls.from_file = cls.start_server(config_text=cls.CONFIG, env={"DESKD_SERVER_LISTEN": "127.0.0.1:2"})
        cls.overridden = cls.start_server(config_text=cls.CONFIG, env={"DESKD_LIMITS_MAX_HEADER_BYTES": "16384"})

    def get_with_cookie(self, srv, size):
        raw = srv.raw(("GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\nCookie: a=%s\r\n\r\n" % (srv.host_header, "x" * size))
                      .encode())
        return status_of(raw)

    def test_listen_flag_wins(self):
        self.assertNotIn(self.from_file.port, (1, 2))
        self.assertTrue(self.from_file.healthy())

    def test_header_limit_from_the_file(self):
        self.assertEqual(self.get_with_cookie(self.from_file, 2000), 200)
        self.assertEqual(self.get_with_cookie(self.from_file, 6000), 431)

    def test_environment_overrides_the_file(self):
        self.assertEqual(self.get_with_cookie(self.overridden, 6000), 200)
        self.assertEqual(self.get_with_cookie(self.overridden, 20000), 431)


if __name__ == "__main__":
    unittest.main()
