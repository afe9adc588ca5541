"""Issue #14: degraded paths are counted in /metrics as deskd_degraded_total{what="..."}
(docs/operations.md), every name present from the start, and a real failure moves its counter:
here the SMTP server is unreachable, so a password-reset mail fails to send.
"""

import re
import socket
import time
import unittest

from deskd_server import ServerTestCase, form_token

USER = ("user@example.test", "user password 1", "user")
NAMES = ["remember_revoke_failed", "session_end_failed", "session_maintenance_failed", "session_data_not_saved",
         "reset_links_not_revoked", "password_rehash_not_saved", "api_last_use_not_saved",
         "api_answer_not_saved", "mail_send_failed", "mail_given_up",
         "mail_outbox_failed", "page_views_dropped", "ws_send_queue_full", "ws_frames_refused",
         "redis_unavailable", "cluster_messages_dropped",
         "webhook_attempt_failed", "webhook_given_up", "webhook_store_failed"]


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DegradedMetricsTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        env = {"DESKD_MAIL_SMTP_URL": "smtp://127.0.0.1:%d" % closed_port()}
        cls.srv = cls.start_server(users=[USER], env=env)

    def degraded(self):
        res = self.srv.client().get("/metrics")
        self.assertEqual(res.status, 200)
        self.assertIn("# TYPE deskd_degraded_total counter\n", res.body)
        return {m.group(1): int(m.group(2))
                for m in re.finditer(r'^deskd_degraded_total\{what="([a-z_]+)"\} (\d+)$', res.body, re.M)}

    def test_every_counter_is_listed(self):
        counters = self.degraded()
        self.assertEqual(sorted(counters), sorted(NAMES))

    def test_a_mail_that_cannot_be_sent_is_counted(self):
        before = self.degraded()["mail_send_failed"]
        c = self.srv.client()
        page = c.get("/reset-password")
        res = c.post("/reset-password", {"_dp_csrf_token": form_token(page.body), "email": USER[0]})
        self.assertEqual(res.status, 200)
        deadline = time.monotonic() + 10
        while self.degraded()["mail_send_failed"] == before:
            if time.monotonic() > deadline:
                self.fail("the failed mail was not counted")
            time.sleep(0.2)
        self.assertGreater(self.degraded()["mail_send_failed"], before)


if __name__ == "__main__":
    unittest.main()
