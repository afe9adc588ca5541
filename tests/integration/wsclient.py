"""A minimal WebSocket client for the integration tests (RFC 6455, standard library only).

Handshake, masked client frames (text, binary, ping, close, or raw bytes to test
malformed input), and reading server frames (text, close, ping answered with pong).
"""

import base64
import hashlib
import json
import os
import socket
import struct
import time

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class HandshakeRefused(Exception):
    def __init__(self, status, head, body):
        super().__init__("handshake refused with %d" % status)
        self.status = status
        self.head = head
        self.body = body


class Closed(Exception):
    def __init__(self, code, reason):
        super().__init__("closed %r %r" % (code, reason))
        self.code = code
        self.reason = reason


def frame(opcode, payload, fin=True, mask=True):
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    bit = 0x80 if mask else 0
    if n < 126:
        head += bytes([bit | n])
    elif n < 65536:
        head += bytes([bit | 126]) + struct.pack("!H", n)
    else:
        head += bytes([bit | 127]) + struct.pack("!Q", n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


class WebSocket:
    def __init__(self, host, port, path, headers=None, timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""
        key = base64.b64encode(os.urandom(16)).decode()
        lines = ["GET %s HTTP/1.1" % path, "Host: %s:%d" % (host, port), "Upgrade: websocket",
                 "Connection: Upgrade", "Sec-WebSocket-Key: " + key, "Sec-WebSocket-Version: 13"]
        for k, v in (headers or {}).items():
            lines.append("%s: %s" % (k, v))
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        head = head.decode("latin-1")
        status = int(head.split(" ", 2)[1])
        if status != 101:
            length = 0
            for line in head.split("\r\n")[1:]:
                k, _, v = line.partition(":")
                if k.strip().lower() == "content-length":
                    length = int(v.strip())
            while len(self.buf) < length:
                self._fill()
            self.sock.close()
            raise HandshakeRefused(status, head, self.buf[:length].decode("utf-8", "replace"))
        expect = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        if ("sec-websocket-accept: " + expect).lower() not in head.lower():
            raise AssertionError("bad Sec-WebSocket-Accept in\n" + head)
        self.close_code = None

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed by peer")
        self.buf += chunk

    def _take(self, n):
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send_raw(self, data):
        self.sock.sendall(data)

    def send_text(self, text):
        self.sock.sendall(frame(OP_TEXT, text.encode("utf-8") if isinstance(text, str) else text))

    def send_json(self, obj):
        self.send_text(json.dumps(obj))

    def send_binary(self, data):
        self.sock.sendall(frame(OP_BINARY, data))

    def close(self, code=1000):
        try:
            self.sock.sendall(frame(OP_CLOSE, struct.pack("!H", code)))
        except OSError:
            pass
        self.sock.close()

    def recv_frame(self, timeout=10):
        """(opcode, payload) of the next data or close message; pings are answered and a
        fragmented message (continuation frames) is returned whole."""
        self.sock.settimeout(timeout)
        message_opcode, parts = None, []
        while True:
            b0, b1 = self._take(2)
            fin, opcode, n = b0 & 0x80, b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._take(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._take(8))[0]
            if b1 & 0x80:
                raise AssertionError("server frames must not be masked")
            payload = self._take(n)
            if opcode == OP_PING:
                self.sock.sendall(frame(OP_PONG, payload))
                continue
            if opcode == OP_CLOSE:
                return opcode, payload
            if opcode != OP_CONT:
                if message_opcode is not None:
                    raise AssertionError("a new message began inside a fragmented one")
                message_opcode = opcode
            elif message_opcode is None:
                raise AssertionError("continuation frame without a message")
            parts.append(payload)
            if fin:
                return message_opcode, b"".join(parts)

    def recv(self, timeout=10):
        """The next text frame as JSON; raises Closed on a close frame."""
        opcode, payload = self.recv_frame(timeout)
        if opcode == OP_CLOSE:
            code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
            self.close_code = code
            raise Closed(code, payload[2:].decode("utf-8", "replace"))
        if opcode != OP_TEXT:
            raise AssertionError("unexpected opcode %d" % opcode)
        return json.loads(payload.decode("utf-8"))

    def recv_until(self, predicate, timeout=10):
        """Frames until one satisfies predicate; returns (that frame, every frame before it)."""
        deadline = time.monotonic() + timeout
        skipped = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no matching frame within %ss; got %r" % (timeout, skipped[-10:]))
            msg = self.recv(left)
            if predicate(msg):
                return msg, skipped
            skipped.append(msg)

    def expect_close(self, timeout=10):
        """Reads until the server's close frame; returns its code."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.recv(max(0.1, deadline - time.monotonic()))
            except Closed as c:
                return c.code
            if time.monotonic() > deadline:
                raise AssertionError("server did not close")

    def drain(self, quiet=0.3):
        """Every frame arriving until `quiet` seconds pass without one."""
        out = []
        while True:
            try:
                out.append(self.recv(quiet))
            except socket.timeout:
                return out
