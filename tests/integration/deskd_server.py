"""Test fixture: a real deskd process on 127.0.0.1:<free port>, and raw HTTP clients.

Standard library only. The binary comes from the environment variable DESKD_BIN.

DeskdServer owns one temporary directory (data, logs, config) and one process;
start() blocks until deskd prints `listening on http://HOST:PORT`, stop() sends
SIGTERM and returns the exit code. Client is a cookie jar that does nothing on
its own: no redirects, no Secure/prefix logic, no automatic headers except Host
and the Cookie header built from its jar.
"""

import http.client
import os
import re
import shutil
import signal
import socketserver
import sqlite3
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse

DESKD_BIN = os.environ.get("DESKD_BIN", "")

# SPEC §1: every name deskd or its Messenger may set.
REGISTRY_NAMES = frozenset({
    "dpsid-portal", "dpsid-agent", "dpsid-admin", "dpreme", "dp_last_lang", "_dp_csrf_token", "dp_v",
    "dpdefaultloader_assets_url", "dpdefaultloader_time", "dp_consent",
})

B64URL = r"[A-Za-z0-9_-]"
SESSION_ID_RE = B64URL + "{43}"
# Server-issued visitor ids (dp_v, X-DP-Visitor): base64url(16 random bytes || 8-byte MAC).
VISITOR_ID_RE = B64URL + "{32}"

_LISTEN_RE = re.compile(r"^listening on http://(\S+):(\d+)$")
_DEMO_RE = re.compile(r"^demo (\w+): (\S+) password: (\S+)$")
_TOKEN_RE = re.compile(r'name="_dp_csrf_token" value="([^"]*)"')


def require_binary():
    if not DESKD_BIN or not os.access(DESKD_BIN, os.X_OK):
        raise RuntimeError("set DESKD_BIN to the built deskd binary (got %r)" % DESKD_BIN)
    return DESKD_BIN


def form_token(html):
    """The first `_dp_csrf_token` hidden input value in `html`, or fail."""
    m = _TOKEN_RE.search(html)
    if not m:
        raise AssertionError("no _dp_csrf_token input in page:\n" + html[:2000])
    return m.group(1)


def form_tokens(html):
    return _TOKEN_RE.findall(html)


def html_lang(html):
    m = re.search(r'<html lang="([^"]*)"', html)
    return m.group(1) if m else None


def cookie_name(set_cookie):
    return set_cookie.split("=", 1)[0]


def cookie_value(set_cookie):
    return set_cookie.split("=", 1)[1].split(";", 1)[0]


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers  # list of (name, value), in wire order, repeated names kept
        self.raw_body = body
        self.body = body.decode("utf-8", "replace")

    def header(self, name, default=None):
        values = self.header_all(name)
        return values[0] if values else default

    def header_all(self, name):
        lname = name.lower()
        return [v for k, v in self.headers if k.lower() == lname]

    @property
    def set_cookies(self):
        return self.header_all("Set-Cookie")

    def set_cookie(self, name):
        """The one Set-Cookie line for `name` (None if absent); fails on duplicates."""
        lines = [c for c in self.set_cookies if cookie_name(c) == name]
        if len(lines) > 1:
            raise AssertionError("more than one Set-Cookie for %s: %r" % (name, lines))
        return lines[0] if lines else None

    def cookie_names(self):
        return [cookie_name(c) for c in self.set_cookies]

    def __repr__(self):
        return "<Response %d %s cookies=%r>" % (self.status, self.header("Location", ""), self.set_cookies)


class Client:
    """One browser: a cookie jar (name -> value) and nothing automatic.

    Set-Cookie lines update the jar (Max-Age=0 deletes); call with
    update_jar=False to inspect an answer without keeping its cookies.
    """

    def __init__(self, server, default_headers=None, source_ip=None):
        self.server = server
        self.jar = {}
        self.default_headers = dict(default_headers or {})
        # Local address to connect from (e.g. "127.0.0.2": Linux routes all of 127/8 to lo), so the
        # server sees another peer address without any proxy header.
        self.source_ip = source_ip

    def cookie_header(self):
        return "; ".join("%s=%s" % (k, v) for k, v in self.jar.items())

    def request(self, method, path, body=None, headers=None, form=None, cookies=None, update_jar=True,
                timeout=10):
        hdrs = dict(self.default_headers)
        hdrs.update(headers or {})
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if isinstance(body, str):
            body = body.encode()
        jar_line = cookies if cookies is not None else self.cookie_header()
        if jar_line and "Cookie" not in hdrs:
            hdrs["Cookie"] = jar_line
        source = (self.source_ip, 0) if self.source_ip else None
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=timeout, source_address=source)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True, skip_host="Host" in hdrs)
            for k, v in hdrs.items():
                if isinstance(v, (list, tuple)):
                    for item in v:
                        conn.putheader(k, item)
                else:
                    conn.putheader(k, v)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            r = conn.getresponse()
            data = r.read()
            res = Response(r.status, r.reason, r.getheaders(), data)
        finally:
            conn.close()
        if update_jar:
            self.absorb(res)
        return res

    def absorb(self, res):
        for line in res.set_cookies:
            name, value = cookie_name(line), cookie_value(line)
            if "; Max-Age=0" in line:
                self.jar.pop(name, None)
            else:
                self.jar[name] = value

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, form=None, **kw):
        return self.request("POST", path, form=form if form is not None else {}, **kw)

    def login(self, email, password, base="", return_to=None):
        """GET the login form, POST it; returns the POST answer."""
        page = self.get(base + "/login")
        fields = {"_dp_csrf_token": form_token(page.body), "email": email, "password": password}
        if return_to is not None:
            fields["return_to"] = return_to
        return self.post(base + "/login", fields)

    def token(self, path="/login"):
        return form_token(self.get(path).body)


class DeskdServer:
    """One deskd process with its own temporary data directory."""

    def __init__(self, demo=False, env=None, config_text=None, extra_args=()):
        require_binary()
        self.demo = demo
        self.env = dict(env or {})
        self.extra_args = list(extra_args)
        self.tmpdir = tempfile.mkdtemp(prefix="deskd-it-")
        self.data_dir = os.path.join(self.tmpdir, "data")
        self.config_path = None
        if config_text is not None:
            self.config_path = os.path.join(self.tmpdir, "deskd.toml")
            with open(self.config_path, "w") as f:
                f.write(config_text)
        self.proc = None
        self.host = None
        self.port = None
        self.demo_accounts = {}  # "agent"/"admin" -> (email, password)
        self.output = []  # every stdout line (logs included)
        self._stderr = None
        self._reader = None

    # -- lifecycle ---------------------------------------------------------

    def process_env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DESKD_") or k == "DESKD_WEB_DIR"}
        env.update(self.env)
        return env

    def add_user(self, email, password, role="user", name=None):
        """Creates an account with `deskd user add` (call before start())."""
        args = [DESKD_BIN, "user", "add", "--email", email, "--role", role, "--password-stdin",
                "--data", self.data_dir]
        if name:
            args += ["--name", name]
        if self.config_path:
            args += ["--config", self.config_path]
        r = subprocess.run(args, input=password + "\n", capture_output=True, text=True, env=self.process_env(),
                           timeout=30)
        if r.returncode != 0:
            raise AssertionError("user add %s failed (%d): %s%s" % (email, r.returncode, r.stdout, r.stderr))
        return r

    def start(self, timeout=15):
        args = [DESKD_BIN, "serve", "--listen", "127.0.0.1:0", "--data", self.data_dir]
        if self.demo:
            args.append("--demo")
        if self.config_path:
            args += ["--config", self.config_path]
        args += self.extra_args
        # Appended to, so the log of a killed process survives restart().
        self._stderr = open(os.path.join(self.tmpdir, "stderr.log"), "ab")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._stderr, env=self.process_env())
        ready = threading.Event()

        def read():
            for raw in self.proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.output.append(line)
                m = _DEMO_RE.match(line)
                if m:
                    self.demo_accounts[m.group(1)] = (m.group(2), m.group(3))
                m = _LISTEN_RE.match(line)
                if m and not ready.is_set():
                    self.host, self.port = m.group(1), int(m.group(2))
                    ready.set()
            ready.set()

        # The reader keeps draining stdout (logs) so deskd never blocks on a full pipe.
        self._reader = threading.Thread(target=read, daemon=True)
        self._reader.start()
        if not ready.wait(timeout) or self.port is None:
            self.kill()
            raise AssertionError("deskd did not start: %s\n%s" % ("\n".join(self.output[-20:]), self.stderr_text()))
        return self

    def restart(self, timeout=15):
        """Starts deskd again on the same data directory (after kill() or stop()); the port changes."""
        if self.alive():
            raise AssertionError("restart() needs a stopped process; call kill() or stop() first")
        self.host = self.port = None
        return self.start(timeout)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=10):
        """SIGTERM; returns the exit code (None if it had to be killed)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            code = None
        self._close_pipes()
        return code

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self._close_pipes()

    def _close_pipes(self):
        if self._reader:
            self._reader.join(2)
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()
        if self._stderr:
            self._stderr.close()
            self._stderr = None

    def cleanup(self):
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def query(self, sql, *args, named=False):
        """Rows of one SQL statement on the server's SQLite database (a connection of its own);
        named=True gives sqlite3.Row (by name and index), else plain tuples."""
        con = sqlite3.connect(os.path.join(self.data_dir, "deskd.db"), timeout=10)
        if named:
            con.row_factory = sqlite3.Row
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def stderr_text(self):
        try:
            with open(os.path.join(self.tmpdir, "stderr.log"), "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    # -- clients -------------------------------------------------------------

    @property
    def origin(self):
        return "http://%s:%d" % (self.host, self.port)

    @property
    def host_header(self):
        """A Host header value that names this server (any other gets 400)."""
        return "%s:%d" % (self.host, self.port)

    def client(self, headers=None, source_ip=None):
        return Client(self, headers, source_ip)

    def raw(self, data, timeout=5, half_close=False):
        """Sends raw bytes on a fresh connection; returns every byte received until close or timeout."""
        with socket.create_connection((self.host, self.port), timeout=timeout) as s:
            s.sendall(data)
            if half_close:
                s.shutdown(socket.SHUT_WR)
            return read_until_close(s, timeout)

    def healthy(self):
        try:
            return self.client().get("/healthz", timeout=5).status == 200
        except OSError:
            return False


def read_until_close(sock, timeout):
    chunks = []
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def status_of(raw_response):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", raw_response)
    return int(m.group(1)) if m else None


class ServerTestCase:
    """Mixin for TestCase classes whose servers live for the whole class.

    Subclasses implement `setup_servers(cls)` (calling cls.start_server); every
    server is stopped with SIGTERM after the class and must exit 0 within 10 s.
    """

    @classmethod
    def setup_servers(cls):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        cls._servers = []
        try:
            cls.setup_servers()
        except BaseException:
            for srv in cls._servers:
                srv.kill()
                srv.cleanup()
            cls._servers = []
            raise

    @classmethod
    def start_server(cls, **kw):
        users = kw.pop("users", ())
        srv = DeskdServer(**kw)
        for email, password, role in users:
            srv.add_user(email, password, role)
        srv.start()
        cls._servers = getattr(cls, "_servers", []) + [srv]
        return srv

    @classmethod
    def stop_servers(cls):
        failures = []
        for srv in getattr(cls, "_servers", []):
            code = srv.stop()
            if code != 0:
                failures.append("deskd exited with %r\n%s" % (code, srv.stderr_text()[-2000:]))
            srv.cleanup()
        cls._servers = []
        if failures:
            raise AssertionError("; ".join(failures))

    @classmethod
    def tearDownClass(cls):
        cls.stop_servers()


def wait_for(fn, timeout=5.0, interval=0.1):
    """Calls fn until it returns something truthy or `timeout` seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


class SmtpCapture:
    """A real SMTP listener on 127.0.0.1 (a free port) that keeps every mail it accepts.

    `mails` holds one dict per message: "from" and "rcpt" (list) as given in the
    envelope (with their <>), "raw" (the message's bytes, dot-stuffing as sent) and
    "data" (those bytes as text). `url` is the value for mail.smtp_url. close() stops it.
    """

    class _Handler(socketserver.StreamRequestHandler):
        def handle(self):
            w = lambda line: self.wfile.write(line.encode() + b"\r\n")
            w("220 test ESMTP")
            envelope = {"rcpt": []}
            while True:
                line = self.rfile.readline()
                if not line:
                    return
                cmd = line.decode(errors="replace").strip()
                upper = cmd.upper()
                if upper.startswith("MAIL FROM:"):
                    envelope["from"] = cmd[10:]
                    w("250 ok")
                elif upper.startswith("RCPT TO:"):
                    envelope["rcpt"].append(cmd[8:])
                    w("250 ok")
                elif upper == "DATA":
                    w("354 go on")
                    raw = b""
                    while True:
                        chunk = self.rfile.readline()
                        if chunk in (b".\r\n", b""):
                            break
                        raw += chunk
                    envelope["raw"] = raw
                    envelope["data"] = raw.decode(errors="replace")
                    self.server.mails.append(dict(envelope))
                    envelope = {"rcpt": []}
                    w("250 queued")
                elif upper == "QUIT":
                    w("221 bye")
                    return
                else:  # EHLO, HELO, RSET, NOOP
                    w("250 ok")

    def __init__(self):
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpCapture._Handler)
        self._server.daemon_threads = True
        self._server.mails = []
        self.mails = self._server.mails
        self.url = "smtp://127.0.0.1:%d" % self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def mails_to(self, address, timeout=10.0):
        """The mails whose envelope has `address` as a recipient, waiting up to `timeout` for one."""
        find = lambda: [m for m in list(self.mails) if "<%s>" % address in m["rcpt"]]
        return wait_for(find, timeout)

    def close(self):
        self._server.shutdown()
        self._server.server_close()
