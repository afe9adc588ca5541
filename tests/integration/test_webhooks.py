"""SPEC §12/§14 webhooks: /admin/webhooks, signed deliveries to a real HTTP receiver in this
test, retries with backoff after a 500, the event id for de-duplication, redirects not followed,
automatic disabling with a notice and an audit row, and the SSRF guard (allow_private off).

The receiver listens on 127.0.0.1, so the servers that must reach it run with
webhooks.allow_private = true; the class WebhookPrivateAddressTest proves the same deliveries are
refused with it off.
"""

import hashlib
import hmac
import http.server
import json
import re
import threading
import time
import unittest
import urllib.parse

from deskd_server import ServerTestCase, form_token

ADMIN = ("root@example.test", "admin password 1", "admin")
SECRET = "receiver-secret-0123456789"
EVENT_ID_RE = r"evt_[0-9a-f]{32}"
FAST_RETRIES = """
[webhooks]
allow_private = %s
retry_base_s = 1
disable_after_failures = 3
timeout_s = 5
"""


class Receiver:
    """A real HTTP server on 127.0.0.1: records every POST and answers from a script per path."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []  # (path, headers dict with lower-case names, body bytes, time)
        self.scripts = {}  # path -> list of (status, headers); the last entry repeats
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                with receiver.lock:
                    receiver.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body,
                                              time.time()))
                    script = receiver.scripts.get(self.path, [(200, {})])
                    status, headers = script[0] if len(script) == 1 else script.pop(0)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def script(self, path, answers):
        with self.lock:
            self.scripts[path] = list(answers)

    def posts(self, path):
        with self.lock:
            return [r for r in self.requests if r[0] == path]

    def wait_for(self, path, count, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = self.posts(path)
            if len(got) >= count:
                return got
            time.sleep(0.05)
        raise AssertionError("expected %d POSTs to %s within %ss, got %d" % (count, path, timeout,
                                                                           len(self.posts(path))))

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def signed_ok(secret, headers, body):
    expected = "sha256=" + hmac.new(secret.encode(), headers["x-deskd-timestamp"].encode() + b"." + body,
                                    hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["x-deskd-signature"])


class WebhookTestBase(ServerTestCase):
    allow_private = "true"

    @classmethod
    def setup_servers(cls):
        cls.receiver = Receiver()
        cls.srv = cls.start_server(users=[ADMIN], config_text=FAST_RETRIES % cls.allow_private)

    @classmethod
    def tearDownClass(cls):
        cls.stop_servers()
        cls.receiver.close()

    def admin(self):
        c = self.srv.client()
        res = c.login(ADMIN[0], ADMIN[1], base="/admin")
        self.assertEqual(res.status, 303, res.body[:500])
        return c

    def post_form(self, client, page, action, fields):
        token = form_token(client.get(page).body)
        data = [("_dp_csrf_token", token)]
        for k, v in fields:
            data.append((k, v))
        return client.request("POST", action, body=urllib.parse.urlencode(data),
                              headers={"Content-Type": "application/x-www-form-urlencoded"})

    def add_webhook(self, admin, url, events, secret=SECRET):
        res = self.post_form(admin, "/admin/webhooks", "/admin/webhooks",
                             [("url", url)] + [("events", e) for e in events] + [("secret", secret)])
        self.assertEqual(res.status, 201, res.body[:1500])
        ids = re.findall(r'<tr id="webhook-(\d+)"[^>]*>\s*<td><a href="/admin/webhooks/\d+">([^<]*)</a>', res.body)
        matching = [i for i, u in ids if u == url]
        self.assertTrue(matching, "the new webhook is not listed: %r" % ids)
        return matching[-1], res

    def new_ticket(self, subject):
        c = self.srv.client()
        token = form_token(c.get("/new-ticket").body)
        res = c.post("/new-ticket", {"_dp_csrf_token": token, "name": "Gail Guest", "email": "gail@example.test",
                                     "subject": subject, "message": "Paper stuck in tray 2"})
        self.assertEqual(res.status, 303, res.body[:800])
        return res

    def hook_page(self, admin, hook_id):
        res = admin.get("/admin/webhooks/%s" % hook_id)
        self.assertEqual(res.status, 200, res.body[:500])
        return res.body

    def wait_page(self, admin, path, needle, timeout=20):
        deadline = time.time() + timeout
        body = ""
        while time.time() < deadline:
            body = admin.get(path).body
            if needle in body:
                return body
            time.sleep(0.1)
        raise AssertionError("%r never appeared on %s:\n%s" % (needle, path, body[-3000:]))


class WebhookDeliveryTest(WebhookTestBase, unittest.TestCase):
    def test_signed_delivery_with_timestamp_and_event_id(self):
        admin = self.admin()
        hook_id, created = self.add_webhook(admin, self.receiver.url("/signed"), ["ticket.created"])
        # The secret the admin typed is shown once, on the answer to the create.
        self.assertIn(SECRET, created.body)
        self.assertNotIn(SECRET, admin.get("/admin/webhooks").body)
        self.assertNotIn(SECRET, self.hook_page(admin, hook_id))

        before = time.time()
        self.new_ticket("Signed delivery")
        (path, headers, body, _), = self.receiver.wait_for("/signed", 1)
        self.assertEqual(headers["content-type"], "application/json")
        self.assertEqual(headers["x-deskd-event"], "ticket.created")
        self.assertTrue(signed_ok(SECRET, headers, body), headers)
        self.assertFalse(signed_ok("another-secret-0123456789", headers, body))
        self.assertLessEqual(abs(int(headers["x-deskd-timestamp"]) - before), 60)
        self.assertRegex(headers["x-deskd-event-id"], "^" + EVENT_ID_RE + "$")
        doc = json.loads(body)
        self.assertEqual(list(doc), ["id", "type", "created_at", "data"])
        self.assertEqual(doc["id"], headers["x-deskd-event-id"])
        self.assertEqual(doc["type"], "ticket.created")
        self.assertRegex(doc["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual(doc["data"]["ticket"]["subject"], "Signed delivery")
        self.assertEqual(doc["data"]["ticket"]["requester"], "gail@example.test")
        self.assertEqual(doc["data"]["message"]["body"], "Paper stuck in tray 2")

        page = self.wait_page(admin, "/admin/webhooks/%s" % hook_id, 'class="delivery delivered"')
        self.assertIn(headers["x-deskd-event-id"], page)

    def test_retry_after_500_keeps_the_event_id(self):
        admin = self.admin()
        self.receiver.script("/flaky", [(500, {}), (200, {})])
        hook_id, _ = self.add_webhook(admin, self.receiver.url("/flaky"), ["ticket.created"])
        self.new_ticket("Retried delivery")
        first, second = self.receiver.wait_for("/flaky", 2)
        # Backoff: the retry waits (retry_base_s = 1 here).
        self.assertGreaterEqual(second[3] - first[3], 0.9)
        self.assertEqual(first[1]["x-deskd-event-id"], second[1]["x-deskd-event-id"])
        self.assertEqual(first[2], second[2])  # the same body: receivers de-duplicate by the event id
        self.assertTrue(signed_ok(SECRET, first[1], first[2]))
        self.assertTrue(signed_ok(SECRET, second[1], second[2]))
        page = self.wait_page(admin, "/admin/webhooks/%s" % hook_id, 'class="delivery delivered"')
        self.assertRegex(page, r'class="delivery-attempts">2<')
        time.sleep(1.5)
        self.assertEqual(len(self.receiver.posts("/flaky")), 2, "delivered once more after success")

    def test_redirects_are_not_followed(self):
        admin = self.admin()
        self.receiver.script("/moved", [(302, {"Location": self.receiver.url("/redirect-target")})])
        hook_id, _ = self.add_webhook(admin, self.receiver.url("/moved"), ["ticket.created"])
        self.new_ticket("Redirected delivery")
        self.receiver.wait_for("/moved", 1)
        page = self.wait_page(admin, "/admin/webhooks/%s" % hook_id, "redirect not followed")
        self.assertIn('class="delivery pending"', page)
        self.assertIn("302", page)
        time.sleep(1.5)
        self.assertEqual(self.receiver.posts("/redirect-target"), [])

    def test_repeated_failures_disable_the_webhook_with_notice_and_audit(self):
        admin = self.admin()
        self.receiver.script("/down", [(503, {})])
        hook_id, _ = self.add_webhook(admin, self.receiver.url("/down"), ["ticket.created"])
        self.new_ticket("Failing delivery")
        # disable_after_failures = 3: attempts at about 0 s, 1 s and 3 s.
        self.receiver.wait_for("/down", 3)
        self.wait_page(admin, "/admin/webhooks", 'failed deliveries: <a href="/admin/webhooks/%s">' % hook_id)
        page = self.hook_page(admin, hook_id)
        self.assertIn("HTTP 503", page)
        self.assertIn('action="/admin/webhooks/%s/enable"' % hook_id, page)
        audit = admin.get("/admin/audit?event=webhook_auto_disabled").body
        self.assertIn('data-event="webhook_auto_disabled"', audit)
        self.assertIn(self.receiver.url("/down"), audit)
        time.sleep(2.5)
        self.assertEqual(len(self.receiver.posts("/down")), 3, "a disabled webhook is still called")
        # No new deliveries for a disabled webhook; enabling it resumes the pending one.
        self.receiver.script("/down", [(200, {})])
        res = self.post_form(admin, "/admin/webhooks/%s" % hook_id, "/admin/webhooks/%s/enable" % hook_id, [])
        self.assertEqual(res.status, 303)
        self.receiver.wait_for("/down", 4)
        self.wait_page(admin, "/admin/webhooks/%s" % hook_id, 'class="delivery delivered"')

    def test_events_filter_and_disabled_webhooks(self):
        admin = self.admin()
        chats_only, _ = self.add_webhook(admin, self.receiver.url("/chats-only"), ["chat.started"])
        off, _ = self.add_webhook(admin, self.receiver.url("/off"), ["ticket.created"])
        res = self.post_form(admin, "/admin/webhooks/%s" % off, "/admin/webhooks/%s/disable" % off, [])
        self.assertEqual(res.status, 303)
        self.assertIn('action="/admin/webhooks/%s/enable"' % off, self.hook_page(admin, off))
        self.new_ticket("Nobody listens")
        time.sleep(2.5)
        self.assertEqual(self.receiver.posts("/chats-only"), [])
        self.assertEqual(self.receiver.posts("/off"), [])
        self.assertIn("No deliveries yet.", self.hook_page(admin, chats_only))

    def test_form_errors_keep_what_was_typed(self):
        admin = self.admin()
        cases = [
            ([("url", "ftp://hooks.example.test/in"), ("events", "ticket.created")], "http:// or https://"),
            ([("url", "https://user:pw@hooks.example.test/in"), ("events", "ticket.created")], "user name or password"),
            ([("url", "https://hooks.example.test/in")], "at least one event"),
            ([("url", "https://hooks.example.test/in"), ("events", "ticket.exploded")], "at least one event"),
            ([("url", "https://hooks.example.test/in"), ("events", "chat.ended"), ("secret", "short")],
             "16 to 200"),
        ]
        for fields, message in cases:
            res = self.post_form(admin, "/admin/webhooks", "/admin/webhooks", fields)
            self.assertEqual(res.status, 400, fields)
            self.assertIn(message, res.body, fields)
            url = dict(fields)["url"]
            self.assertIn('value="%s"' % url.replace("&", "&amp;"), res.body)
            if ("events", "chat.ended") in fields:
                self.assertIn('value="chat.ended" checked', res.body)
        self.assertNotIn("hooks.example.test", admin.get("/admin/webhooks").body)

    def test_empty_secret_is_generated_and_shown_once(self):
        admin = self.admin()
        hook_id, res = self.add_webhook(admin, self.receiver.url("/generated"), ["ticket.created"], secret="")
        m = re.search(r'<code class="webhook-secret-value">(whsec_[A-Za-z0-9_-]{32})</code>', res.body)
        self.assertTrue(m, res.body[:3000])
        self.assertEqual(res.header("Cache-Control"), "no-store")
        self.assertNotIn(m.group(1), admin.get("/admin/webhooks").body)
        self.new_ticket("Generated secret")
        (_, headers, body, _), = self.receiver.wait_for("/generated", 1)
        self.assertTrue(signed_ok(m.group(1), headers, body))

    def test_edit_keeps_or_replaces_the_secret_and_delete(self):
        admin = self.admin()
        hook_id, _ = self.add_webhook(admin, self.receiver.url("/edited"), ["chat.ended"])
        page = "/admin/webhooks/%s" % hook_id
        res = self.post_form(admin, page, page, [("url", self.receiver.url("/edited")), ("events", "ticket.created"),
                                                 ("secret", "")])
        self.assertEqual(res.status, 303, res.body[:800])
        self.assertIn('value="ticket.created" checked', self.hook_page(admin, hook_id))
        self.new_ticket("Edited webhook")
        (_, headers, body, _), = self.receiver.wait_for("/edited", 1)
        self.assertTrue(signed_ok(SECRET, headers, body))  # kept
        res = self.post_form(admin, page, page, [("url", "https://exa mple.test/"), ("events", "ticket.created")])
        self.assertEqual(res.status, 400)
        self.assertIn('value="https://exa mple.test/"', res.body)
        res = self.post_form(admin, page, page + "/delete", [])
        self.assertEqual(res.status, 303)
        self.assertEqual(admin.get(page).status, 404)

    def test_only_admins_and_csrf(self):
        anonymous = self.srv.client()
        res = anonymous.get("/admin/webhooks")
        self.assertEqual(res.status, 303)
        self.assertTrue(res.header("Location").startswith("/admin/login"))
        admin = self.admin()
        res = admin.post("/admin/webhooks", {"url": self.receiver.url("/csrf"), "events": "ticket.created",
                                             "secret": SECRET})
        self.assertEqual(res.status, 403)
        self.assertIn(self.receiver.url("/csrf"), res.body)  # what was typed is kept
        self.assertNotIn(self.receiver.url("/csrf"), admin.get("/admin/webhooks").body)


class WebhookPrivateAddressTest(WebhookTestBase, unittest.TestCase):
    allow_private = "false"

    def test_loopback_urls_are_refused_on_save(self):
        admin = self.admin()
        for url in (self.receiver.url("/in"), "http://localhost:%d/in" % self.receiver.port,
                    "http://[::1]/in", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/"):
            res = self.post_form(admin, "/admin/webhooks", "/admin/webhooks",
                                 [("url", url), ("events", "ticket.created"), ("secret", SECRET)])
            self.assertEqual(res.status, 400, url)
            self.assertIn("loopback or private address", res.body)

    def test_saved_loopback_webhook_is_refused_at_delivery(self):
        # Saved while allow_private was on, then the node restarts with it off.
        self.srv.stop()
        with open(self.srv.config_path, "w") as f:
            f.write(FAST_RETRIES % "true")
        self.srv.restart()
        admin = self.admin()
        hook_id, _ = self.add_webhook(admin, self.receiver.url("/private"), ["ticket.created"])
        self.srv.stop()
        with open(self.srv.config_path, "w") as f:
            f.write(FAST_RETRIES % "false")
        self.srv.restart()
        admin = self.admin()
        self.new_ticket("Not delivered")
        page = self.wait_page(admin, "/admin/webhooks/%s" % hook_id, "refused: the URL names a loopback")
        self.assertIn('class="delivery pending"', page)
        time.sleep(1.5)
        self.assertEqual(self.receiver.posts("/private"), [])


if __name__ == "__main__":
    unittest.main()
