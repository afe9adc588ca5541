"""SPEC §7: every bad input gets a clear answer, never a crash, a hang or a 500."""

import re
import socket
import threading
import time
import unittest

from deskd_server import ServerTestCase, read_until_close, status_of

READ_TIMEOUT_S = 2


def request_bytes(method, path, headers=None, body=b"", host="127.0.0.1"):
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: " + host]
    for k, v in (headers or {}).items():
        lines.append("%s: %s" % (k, v))
    if body or method == "POST":
        lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def parse_responses(data):
    """Splits a byte stream into (status, headers dict, body) triples (Content-Length framing only)."""
    out = []
    while data:
        head_end = data.find(b"\r\n\r\n")
        if head_end < 0:
            break
        head = data[:head_end].decode("latin-1").split("\r\n")
        status = int(head[0].split(" ")[1])
        headers = {}
        for line in head[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        n = int(headers.get("content-length", "0"))
        out.append((status, headers, data[head_end + 4:head_end + 4 + n]))
        data = data[head_end + 4 + n:]
    return out


class BadInputTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(env={"DESKD_LIMITS_READ_TIMEOUT_S": str(READ_TIMEOUT_S)})

    def tearDown(self):
        self.assertTrue(self.srv.alive(), "deskd died:\n" + self.srv.stderr_text()[-2000:])
        self.assertTrue(self.srv.healthy(), "deskd no longer answers")

    def post_form(self, path, body, content_type="application/x-www-form-urlencoded"):
        c = self.srv.client()
        token_page = c.get("/login")
        self.assertEqual(token_page.status, 200)
        return c.request("POST", path, body=body, headers={"Content-Type": content_type})

    def test_oversize_cookie_header_is_431(self):
        raw = self.srv.raw(request_bytes("GET", "/", {"Cookie": "a=" + "x" * 20000}))
        self.assertEqual(status_of(raw), 431, raw[:200])
        self.assertIn(b'<html lang="en">', raw)

    def test_many_headers_over_the_limit_are_431(self):
        headers = {"X-Filler-%d" % i: "y" * 100 for i in range(200)}
        self.assertEqual(status_of(self.srv.raw(request_bytes("GET", "/", headers))), 431)

    def test_two_megabyte_body_is_413(self):
        head = (b"POST /login HTTP/1.1\r\nHost: " + self.srv.host_header.encode() + b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 2097152\r\n\r\n")
        with socket.create_connection((self.srv.host, self.srv.port), timeout=10) as s:
            s.sendall(head)
            try:
                s.sendall(b"a" * 2097152)
            except OSError:
                pass  # the server may stop reading once it has answered
            raw = read_until_close(s, 10)
        self.assertEqual(status_of(raw), 413, raw[:200])

    def test_two_megabyte_body_to_any_route_is_413(self):
        for path in ("/", "/no-such-route", "/agent/login"):
            with self.subTest(path=path):
                head = ("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Length: 2097152\r\n\r\n" % (path, self.srv.host_header)).encode()
                self.assertEqual(status_of(self.srv.raw(head)), 413)

    def test_form_over_64k_is_413(self):
        body = b"email=" + b"a" * (64 * 1024)
        res = self.srv.client().request("POST", "/login", body=body,
                                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(res.status, 413)

    def test_chunked_form_over_64k_is_413(self):
        chunk = b"a" * 8192
        body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(10)) + b"0\r\n\r\n"
        head = (b"POST /login HTTP/1.1\r\nHost: " + self.srv.host_header.encode() + b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n")
        self.assertEqual(status_of(self.srv.raw(head + body)), 413)

    def test_form_just_under_the_limit_is_not_413(self):
        body = b"email=" + b"a" * (60 * 1024)
        res = self.srv.client().request("POST", "/login", body=body,
                                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(res.status, 403, "parsed, then refused for its missing CSRF token")

    def test_malformed_urlencoding_is_400(self):
        for body in (b"email=%zz&password=x", b"email=%", b"email=%4"):
            with self.subTest(body=body):
                self.assertEqual(self.post_form("/login", body).status, 400)

    def test_invalid_utf8_in_a_field_is_400(self):
        for body in (b"email=%ff%fe&password=x", b"email=%c3%28", b"email=\xff"):
            with self.subTest(body=body):
                res = self.post_form("/login", body)
                self.assertEqual(res.status, 400)
                self.assertTrue(res.header("Content-Type").startswith("text/html"))

    def test_unknown_route_is_a_404_page(self):
        for path in ("/no/such/page", "/agent/nope", "/admin/nope", "/static/nope.css"):
            with self.subTest(path=path):
                res = self.srv.client().get(path)
                self.assertEqual(res.status, 404)
        # A path with no canonical reading (SPEC §7) is a 400, not a 404.
        self.assertEqual(self.srv.client().get("/%00").status, 400)
        res = self.srv.client().get("/no/such/page")
        self.assertIn('<html lang="en"', res.body)
        self.assertTrue(res.header("Content-Type").startswith("text/html"))

    def test_garbage_request_line_is_400(self):
        for junk in (b"\x00\x01\x02garbage\xff\xfe\r\n\r\n", b"GET\r\n\r\n", b"GET / FOO/1.1\r\n\r\n",
                     b"GE T / HTTP/1.1\r\n\r\n", b"GET / HTTP/1.1\r\nBad Header\r\n\r\n"):
            with self.subTest(junk=junk):
                raw = self.srv.raw(junk)
                self.assertEqual(status_of(raw), 400, raw[:200])

    def test_invalid_path_encoding(self):
        for target in ("/%ff", "/%zz", "relative"):
            with self.subTest(target=target):
                raw = self.srv.raw(("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % (target, self.srv.host_header)).encode())
                self.assertIn(status_of(raw), (400, 404), raw[:200])

    def test_slow_client_is_cut_off_and_others_are_served(self):
        with socket.create_connection((self.srv.host, self.srv.port), timeout=10) as slow:
            slow.sendall(b"GET / HT")
            t0 = time.monotonic()
            # Meanwhile the server answers everyone else.
            self.assertEqual(self.srv.client().get("/").status, 200)
            raw = read_until_close(slow, READ_TIMEOUT_S + 5)
            elapsed = time.monotonic() - t0
        self.assertLess(elapsed, READ_TIMEOUT_S + 4, "connection not closed after the read timeout")
        self.assertGreaterEqual(elapsed, READ_TIMEOUT_S - 0.5)
        self.assertIn(status_of(raw), (408, None), raw[:200])

    def test_slow_body_is_cut_off(self):
        with socket.create_connection((self.srv.host, self.srv.port), timeout=10) as slow:
            slow.sendall(b"POST /login HTTP/1.1\r\nHost: " + self.srv.host_header.encode() + b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                         b"Content-Length: 100\r\n\r\nemail=")
            t0 = time.monotonic()
            raw = read_until_close(slow, READ_TIMEOUT_S + 5)
            self.assertLess(time.monotonic() - t0, READ_TIMEOUT_S + 4)
        self.assertIn(status_of(raw), (408, None), raw[:200])

    def test_many_idle_connections_do_not_block_others(self):
        socks = [socket.create_connection((self.srv.host, self.srv.port), timeout=10) for _ in range(50)]
        try:
            for s in socks:
                s.sendall(b"GET /")
            self.assertEqual(self.srv.client().get("/healthz").status, 200)
        finally:
            for s in socks:
                s.close()

    def test_200_pipelined_requests_on_one_connection(self):
        n = 200
        paths = ["/healthz", "/", "/login", "/static/deskd.css"]
        reqs = b"".join(request_bytes("GET", paths[i % len(paths)], host=self.srv.host_header) for i in range(n - 1))
        reqs += request_bytes("GET", "/healthz", {"Connection": "close"}, host=self.srv.host_header)
        raw = self.srv.raw(reqs, timeout=20)
        responses = parse_responses(raw)
        self.assertEqual(len(responses), n)
        self.assertTrue(all(status == 200 for status, _, _ in responses), [r[0] for r in responses])
        for i, (_, headers, body) in enumerate(responses):
            if paths[i % len(paths)] == "/healthz":
                self.assertIn(b'"status"', body)
            if paths[i % len(paths)] == "/":
                self.assertIn(b"<html", body)

    def test_head_has_no_body(self):
        raw = self.srv.raw(b"HEAD / HTTP/1.1\r\nHost: " + self.srv.host_header.encode() + b"\r\nConnection: close\r\n\r\n")
        self.assertEqual(status_of(raw), 200)
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertEqual(body, b"")
        m = re.search(rb"(?i)content-length: (\d+)", head)
        self.assertTrue(m is None or int(m.group(1)) > 0)

    def test_unsupported_content_type_is_415(self):
        for ctype in ("text/plain", "application/json", "multipart/form-data; boundary=x"):
            with self.subTest(content_type=ctype):
                self.assertEqual(self.post_form("/login", b"email=a", ctype).status, 415)

    def test_post_to_a_get_only_route_is_405_before_the_body_is_read(self):
        res = self.post_form("/", b"{}", "application/json")
        self.assertEqual(res.status, 405)
        self.assertIn("GET", res.header("Allow"))

    def test_post_root_is_refused_cleanly(self):
        res = self.post_form("/", b"{}", "application/json")
        self.assertIn(res.status, (405, 415))
        self.assertTrue(res.header("Content-Type").startswith("text/html"))

    def test_unknown_method(self):
        raw = self.srv.raw(b"BREW / HTTP/1.1\r\nHost: " + self.srv.host_header.encode() + b"\r\nConnection: close\r\n\r\n")
        self.assertIn(status_of(raw), (400, 405, 501), raw[:200])

    def test_concurrent_clients(self):
        results = []

        def worker():
            c = self.srv.client()
            for _ in range(10):
                results.append(c.get("/login").status)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(results, [200] * 80)


if __name__ == "__main__":
    unittest.main()
