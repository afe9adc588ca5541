"""Security issue #9 items 4 and 11, against the real binary.

Item 11 (RFC 9112 request framing): an ambiguous body length or Host is answered
400 and the connection closed before the request reaches the application.
Item 4 (connection exhaustion): a per-address connection cap (trusted proxies
exempt), and idle connections making room when the global cap is near, so one
client holding idle sockets cannot lock everyone else out.

All test traffic is loopback; a second client address is simulated by binding
client sockets to 127.0.0.2 (Linux routes all of 127/8 to lo).
"""

import re
import socket
import time
import unittest

from deskd_server import ServerTestCase, read_until_close, status_of, wait_for

ATTACKER = "127.0.0.2"
PROXY = "127.0.0.3"
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


def get_healthz(sock):
    """One keep-alive GET /healthz on `sock`; returns the raw response (b"" if the server closed)."""
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    data = b""
    while True:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            m = re.search(rb"\r\nContent-Length: (\d+)", data[:head_end], re.I)
            if len(data) >= head_end + 4 + (int(m.group(1)) if m else 0):
                return data
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


def metric(srv, line_prefix):
    """The value of the first /metrics line starting with `line_prefix` (as a float), or None."""
    body = srv.client().get("/metrics").body
    for line in body.splitlines():
        if line.startswith(line_prefix + " "):
            return float(line.rsplit(" ", 1)[1])
    return None


def closed_by_server(sock, timeout):
    """True if the server closes `sock` (EOF or reset) within `timeout` seconds without sending anything."""
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


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
        raw, _ = raw_exchange(self.srv, b"POST /login HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n"
                                        % self.srv.host_header.encode() +
                                        b"Content-Type: application/x-www-form-urlencoded\r\n"
                                        b"Transfer-Encoding: chunked\r\n\r\n5\r\nemail\r\n0\r\n\r\n")
        self.assertNotIn(status_of(raw), (400, None), raw[:300])

    def test_refusals_are_counted(self):
        before = metric(self.srv, 'deskd_http_protocol_errors_total{status="400"}') or 0
        self.assert_refused(b"GET / HTTP/1.1\r\n\r\n")
        self.assertEqual(metric(self.srv, 'deskd_http_protocol_errors_total{status="400"}'), before + 1)


PER_IP_CAP = 5


class PerAddressCapTest(ServerTestCase, unittest.TestCase):
    """Item 4: one address holding idle sockets hits its own cap; others are still served."""

    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(env={
            "DESKD_LIMITS_MAX_CONNECTIONS_PER_IP": str(PER_IP_CAP),
            "DESKD_SERVER_TRUSTED_PROXIES": PROXY,
        })

    def tearDown(self):
        self.assertTrue(self.srv.alive(), "deskd died:\n" + self.srv.stderr_text()[-2000:])

    def hold(self, n, source):
        socks = [connect(self.srv, source) for _ in range(n)]
        time.sleep(0.3)  # let deskd accept them
        return socks

    def test_address_over_its_cap_gets_503_quickly_while_others_are_served(self):
        held = self.hold(PER_IP_CAP, ATTACKER)
        try:
            refused_before = metric(self.srv, 'deskd_http_connections_refused_total{reason="per_ip"}')
            with connect(self.srv, ATTACKER) as extra:
                start = time.monotonic()
                raw = read_until_close(extra, 3)
                elapsed = time.monotonic() - start
            self.assertEqual(status_of(raw), 503, raw)
            self.assertRegex(raw.decode("latin-1"), r"\r\nRetry-After: \d+\r\n")
            self.assertLess(elapsed, 1.0, "refusal was not quick")
            # Another address (127.0.0.1) is still served, on a fresh connection.
            self.assertEqual(self.srv.client().get("/healthz").status, 200)
            self.assertEqual(metric(self.srv, 'deskd_http_connections_refused_total{reason="per_ip"}'),
                             refused_before + 1)
            # A slot freed by the attacker's own close is its to use again.
            held.pop().close()
            time.sleep(0.3)
            with connect(self.srv, ATTACKER) as again:
                self.assertEqual(status_of(get_healthz(again)), 200)
        finally:
            for s in held:
                s.close()

    def test_refusals_are_logged_once_per_interval_not_per_connection(self):
        held = self.hold(PER_IP_CAP, ATTACKER)
        try:
            for _ in range(20):
                with connect(self.srv, ATTACKER) as extra:
                    self.assertEqual(status_of(read_until_close(extra, 3)), 503)
        finally:
            for s in held:
                s.close()
        time.sleep(0.3)
        lines = wait_for(lambda: [l for l in list(self.srv.output) if "max_connections_per_ip" in l])
        self.assertGreaterEqual(len(lines), 1, "no refusal logged")
        self.assertLessEqual(len(lines), 2, "one log line per refused connection:\n" + "\n".join(lines))

    def test_trusted_proxy_is_not_capped_per_address(self):
        held = self.hold(PER_IP_CAP * 2, PROXY)
        try:
            with connect(self.srv, PROXY) as extra:
                self.assertEqual(status_of(get_healthz(extra)), 200)
        finally:
            for s in held:
                s.close()


GLOBAL_CAP = 20  # pressure above 15 open connections


class GlobalCapTest(ServerTestCase, unittest.TestCase):
    """Item 4: idle connections make room; a new request is served while idle ones hold every slot."""

    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(env={
            "DESKD_LIMITS_MAX_CONNECTIONS": str(GLOBAL_CAP),
            "DESKD_LIMITS_PRESSURE_IDLE_TIMEOUT_S": "1",
        })

    def setUp(self):
        # Connections of the previous test are gone (and the pressure with them).
        deadline = time.monotonic() + 5
        while metric(self.srv, "deskd_http_connections") > 1 and time.monotonic() < deadline:
            time.sleep(0.1)

    def tearDown(self):
        self.assertTrue(self.srv.alive(), "deskd died:\n" + self.srv.stderr_text()[-2000:])

    def test_idle_connections_make_room_for_a_new_request(self):
        idle = [connect(self.srv) for _ in range(GLOBAL_CAP)]
        try:
            time.sleep(0.3)
            # Every slot is held by a connection that never sent a byte: the
            # oldest is closed to make room, and the new request is served.
            self.assertEqual(self.srv.client().get("/healthz", timeout=5).status, 200)
            self.assertTrue(closed_by_server(idle[0], 2), "the oldest idle connection was not closed")
            self.assertGreaterEqual(metric(self.srv, "deskd_http_idle_connections_closed_total"), 1)
        finally:
            for s in idle:
                s.close()

    def test_under_pressure_idle_keepalive_connections_time_out_quickly(self):
        conns = [connect(self.srv) for _ in range(GLOBAL_CAP - 4)]  # 16 > 3/4 of 20
        try:
            time.sleep(0.3)  # all accepted: the pressure is on before any of them goes idle
            for s in conns:  # one request each, then idle keep-alive (normally 60 s)
                self.assertEqual(status_of(get_healthz(s)), 200)
            start = time.monotonic()
            for i, s in enumerate(conns):
                self.assertTrue(closed_by_server(s, 4), "keep-alive connection %d kept open under pressure" % i)
            self.assertLess(time.monotonic() - start, 4)
        finally:
            for s in conns:
                s.close()

    def test_under_pressure_connections_idle_past_the_short_timeout_are_closed_first(self):
        idle = [connect(self.srv) for _ in range(GLOBAL_CAP - 4)]  # never send; read timeout 15 s
        try:
            time.sleep(1.5)  # longer than the pressure idle timeout
            self.assertEqual(self.srv.client().get("/healthz").status, 200)
            for i, s in enumerate(idle):
                self.assertTrue(closed_by_server(s, 2), "idle connection %d not closed under pressure" % i)
        finally:
            for s in idle:
                s.close()

    def test_when_every_slot_is_busy_a_new_connection_gets_503(self):
        # Heads promising a body that never comes: busy connections, not idle ones.
        busy = [connect(self.srv) for _ in range(GLOBAL_CAP)]
        try:
            for s in busy:
                s.sendall(b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\n\r\n")
            time.sleep(0.3)
            with connect(self.srv) as extra:
                start = time.monotonic()
                raw = read_until_close(extra, 3)
                self.assertLess(time.monotonic() - start, 1.0)
            self.assertEqual(status_of(raw), 503, raw)
            self.assertIn(b"\r\nRetry-After: ", raw)
        finally:
            for s in busy:
                s.close()
        time.sleep(0.3)
        self.assertGreaterEqual(metric(self.srv, 'deskd_http_connections_refused_total{reason="capacity"}'), 1)


if __name__ == "__main__":
    unittest.main()
