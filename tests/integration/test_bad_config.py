"""Issue 11 "Bad input and faults": a wrong storage.url or redis.url stops `deskd serve` at once with a
message naming the setting and a non-zero exit, never a silent fallback to SQLite or to one node."""

import os
import shutil
import subprocess
import tempfile
import unittest

from deskd_server import require_binary


def serve(env):
    binary = require_binary()
    data = tempfile.mkdtemp(prefix="deskd-badcfg-")
    try:
        full = {k: v for k, v in os.environ.items() if not k.startswith("DESKD_") or k == "DESKD_WEB_DIR"}
        full.update(env)
        r = subprocess.run([binary, "serve", "--listen", "127.0.0.1:0", "--data", data], capture_output=True,
                           text=True, env=full, timeout=30)
        return r, os.listdir(data) if os.path.isdir(data) else []
    finally:
        shutil.rmtree(data, ignore_errors=True)


class BadConfigTest(unittest.TestCase):
    def test_a_malformed_redis_url_names_the_setting(self):
        for url in ("localhost:6379", "redis://user:secretpw@127.0.0.1:6379/0", "redis://127.0.0.1:6379/99"):
            r, _ = serve({"DESKD_REDIS_URL": url})
            self.assertEqual(r.returncode, 1, url)
            self.assertIn("redis.url must look like redis://HOST:PORT/N", r.stderr)
            self.assertNotIn("secretpw", r.stderr + r.stdout)
            self.assertNotIn("listening on", r.stdout)

    def test_an_unreachable_redis_stops_the_start(self):
        r, files = serve({"DESKD_REDIS_URL": "redis://127.0.0.1:1/0"})
        self.assertEqual(r.returncode, 1)
        self.assertIn("redis.url: cannot connect to Redis at 127.0.0.1:1", r.stderr)
        self.assertNotIn("listening on", r.stdout)
        self.assertEqual(files, [], "no SQLite database was created as a fallback")

    def test_a_wrong_or_unreachable_storage_url_names_the_setting(self):
        r, files = serve({"DESKD_STORAGE_URL": "mysql://db/deskd"})
        self.assertEqual(r.returncode, 1)
        self.assertIn("storage.url must be sqlite:///PATH or postgresql://", r.stderr)
        self.assertEqual(files, [], "no SQLite database was created as a fallback")
        r, files = serve({"DESKD_STORAGE_URL": "postgresql://deskd:secretpw@127.0.0.1:1/deskd"})
        self.assertEqual(r.returncode, 1)
        self.assertIn("storage.url: postgres: cannot connect to postgresql://deskd:***@127.0.0.1:1/deskd", r.stderr)
        self.assertNotIn("secretpw", r.stderr + r.stdout)
        self.assertEqual(files, [])

    def test_a_pool_size_out_of_range_is_a_configuration_error(self):
        r, _ = serve({"DESKD_STORAGE_POOL_SIZE": "0"})
        self.assertEqual(r.returncode, 2)
        self.assertIn("storage.pool_size", r.stderr)


if __name__ == "__main__":
    unittest.main()
