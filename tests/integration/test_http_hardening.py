"""Security issue #9 item 11, against the real binary.

Item 11 (RFC 9112 request framing): an ambiguous body length or Host is answered
400 and the connection closed before the request reaches the application.
"""

import re
import socket
import time
import unittest

from deskd_server import ServerTestCase, read_until_close, status_of

READ_TIMEOUT_S = 3


def connect(srv, source=None, timeout=5):
    return socket.create_connection((srv.host, srv.port), timeout=timeout,
                                    source_address=(source, 0) if source else None)


def raw_exchange(srv, data, timeout=READ_TIMEOUT_S + 2):
    """Sends `data` on a fresh connection; returns (bytes received, seconds until the server closed)."""
    with connect(srv, timeout=timeout) as s:
        start = time.monotonic()
        s.sendall(data)
        raw = read_until_close(s, timeout)
        return raw, time.monotonic() - start


def count_responses(raw):
    return len(re.findall(rb"(?:^|\r\n\r\n|\n)HTTP/1\.[01] \d{3} ", raw))


def metric(srv, line_prefix):
    """The value of the first /metrics line starting with `line_prefix` (as a float), or None."""
    body = srv.client().get("/metrics").body
    for line in body.splitlines():
        if line.startswith(line_prefix + " "):
            return float(line.rsplit(" ", 1)[1])
    return None


class RequestFramingTest(ServerTestCase, unittest.TestCase):
    """Item 11: RFC 9112 framing rules, checked right after the head is parsed."""

    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(env={"DESKD_LIMITS_READ_TIMEOUT_S": str(READ_TIMEOUT_S)})

    def tearDown(self):
        self.assertTrue(self.srv.alive(), "deskd died:\n" + self.srv.stderr_text()[-2000:])
        self.assertTrue(self.srv.healthy(), "deskd no longer answers")

    def assert_refused(self, head, body=b""):
        """400, and the connection closed at once (not kept alive until a timeout)."""
        raw, seconds = raw_exchange(self.srv, head + body)
        self.assertEqual(status_of(raw), 400, raw[:300])
        if raw.startswith(b"HTTP/1.1"):  # an HTTP/1.0 answer closes without saying so
            self.assertIn(b"Connection: close", raw.split(b"\r\n\r\n", 1)[0])
        self.assertLess(seconds, READ_TIMEOUT_S - 0.5, "connection not closed after the 400")
        self.assertEqual(count_responses(raw), 1, raw)

    def test_transfer_encoding_other_than_chunked_is_400(self):
        for te in ("gzip, chunked", "chunked, chunked", "identity", "xchunked", "chunked;ext=1"):
            with self.subTest(te=te):
                self.assert_refused(("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                     "Content-Type: application/x-www-form-urlencoded\r\n"
                                     "Transfer-Encoding: %s\r\n\r\n" % te).encode(), b"0\r\n\r\n")

    def test_two_transfer_encoding_headers_are_400(self):
        for first, second in (("gzip", "chunked"), ("chunked", "chunked")):
            with self.subTest(te=(first, second)):
                self.assert_refused(("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: %s\r\n"
                                     "Transfer-Encoding: %s\r\n\r\n" % (first, second)).encode(), b"0\r\n\r\n")

    def test_transfer_encoding_in_http10_is_400(self):
        self.assert_refused(b"POST /login HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", b"0\r\n\r\n")

    def test_transfer_encoding_with_content_length_is_400(self):
        for headers in ("Transfer-Encoding: chunked\r\nContent-Length: 5",
                        "Content-Length: 5\r\nTransfer-Encoding: chunked",
                        "Transfer-Encoding: identity\r\nContent-Length: 5"):
            with self.subTest(headers=headers):
                self.assert_refused(("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n\r\n" % headers).encode(),
                                    b"0\r\n\r\n")

    def test_differing_content_lengths_are_400(self):
        for headers in ("Content-Length: 5\r\nContent-Length: 6", "Content-Length: 5, 6"):
            with self.subTest(headers=headers):
                self.assert_refused(("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n\r\n" % headers).encode(),
                                    b"abcdef")

    def test_smuggled_request_is_never_answered(self):
        # "chunked, chunked" left Beast with no body length: the bytes after the
        # head used to be read as a second request.
        raw, _ = raw_exchange(self.srv, b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                        b"Transfer-Encoding: chunked, chunked\r\n\r\n"
                                        b"0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.assertEqual(status_of(raw), 400, raw[:300])
        self.assertEqual(count_responses(raw), 1, raw)
        self.assertNotIn(b'"status"', raw)

    def test_http11_without_host_is_400(self):
        self.assert_refused(b"GET / HTTP/1.1\r\n\r\n")

    def test_two_host_headers_are_400(self):
        self.assert_refused(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n")
        self.assert_refused(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n")

    def test_invalid_host_values_are_400(self):
        for host in ("", "127.0.0.1/x", "user@127.0.0.1", "127.0.0.1:99999", "127.0.0.1:8o", "127.0.0.1:",
                     "a b", "[::1", "::1", "127.0.0.1:80:80", "a,b", "\xe9.example"):
            with self.subTest(host=host):
                self.assert_refused(("GET / HTTP/1.1\r\nHost: %s\r\n\r\n" % host).encode("latin-1"))

    def test_http10_without_host_is_still_served(self):
        raw, _ = raw_exchange(self.srv, b"GET /healthz HTTP/1.0\r\n\r\n")
        self.assertEqual(status_of(raw), 200, raw[:300])

    def test_well_framed_requests_are_still_served(self):
        for head in (b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % self.srv.port,
                     b"GET /healthz HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n",
                     b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"):
            with self.subTest(head=head):
                raw, _ = raw_exchange(self.srv, head)
                self.assertEqual(status_of(raw), 200, raw[:300])
        # A chunked body is still read (403: no CSRF token; not 400).
        raw, _ = raw_exchange(self.srv, b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                        b"Content-Type: application/x-www-form-urlencoded\r\n"
                                        b"Transfer-Encoding: chunked\r\n\r\n5\r\nemail\r\n0\r\n\r\n")
        self.assertNotIn(status_of(raw), (400, None), raw[:300])

    def test_refusals_are_counted(self):
        before = metric(self.srv, 'deskd_http_protocol_errors_total{status="400"}') or 0
        self.assert_refused(b"GET / HTTP/1.1\r\n\r\n")
        self.assertEqual(metric(self.srv, 'deskd_http_protocol_errors_total{status="400"}'), before + 1)


if __name__ == "__main__":
    unittest.main()
