"""The REST API under /api/v1/ (SPEC §12, §14; docs/api.md).

Keys come from `deskd api-key add` and the Admin page; every endpoint is called
with a key holding its scope and with keys lacking it; expiry, revocation,
Idempotency-Key, the per-key rate limit, bad input (always a JSON error, never
HTML, never 500) and the OpenAPI document against the route table.
"""

import json
import os
import re
import sqlite3
import subprocess
import time
import unittest

from deskd_server import DESKD_BIN, ServerTestCase, form_token

AGENT = ("agent@api.test", "agent password 1", "agent")
ADMIN = ("admin@api.test", "admin password 1", "admin")
USER = ("user@api.test", "user password 1", "user")
SCOPES = ["tickets:read", "tickets:write", "kb:read", "kb:write", "people:read"]
KEY_RE = re.compile(r"^dk_[A-Za-z0-9_-]{43}$")


def add_key(srv, name, scopes, expires_days=None):
    args = [DESKD_BIN, "api-key", "add", "--name", name, "--scopes", ",".join(scopes), "--data", srv.data_dir]
    if expires_days is not None:
        args += ["--expires-days", str(expires_days)]
    r = subprocess.run(args, capture_output=True, text=True, env=srv.process_env(), timeout=30)
    if r.returncode != 0:
        raise AssertionError("api-key add failed (%d): %s" % (r.returncode, r.stderr))
    return r.stdout


class ApiClient:
    def __init__(self, srv, key):
        self.client = srv.client()
        self.key = key

    def call(self, method, path, body=None, headers=None, raw=None, content_type="application/json"):
        hdrs = {"Authorization": "Bearer " + self.key} if self.key else {}
        if body is not None or raw is not None:
            hdrs["Content-Type"] = content_type
        hdrs.update(headers or {})
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        return self.client.request(method, path, body=data, headers=hdrs, update_jar=False)


def body_json(res):
    return json.loads(res.body)


class ApiTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        from deskd_server import DeskdServer
        srv = DeskdServer(demo=True)
        for email, password, role in (AGENT, ADMIN, USER):
            srv.add_user(email, password, role)
        cls.cli_output = add_key(srv, "everything", SCOPES)
        cls.keys = {"all": cls.cli_output.strip()}
        for scope in SCOPES:
            cls.keys[scope] = add_key(srv, "only " + scope, [scope]).strip()
        cls.keys["expiring"] = add_key(srv, "expiring", SCOPES, expires_days=30).strip()
        srv.start()
        cls._servers = [srv]
        cls.srv = srv

    def api(self, key="all"):
        return ApiClient(self.srv, self.keys.get(key, key))

    def assert_json_error(self, res, status, code=None):
        self.assertEqual(res.status, status, res.body[:300])
        self.assertTrue(res.header("Content-Type", "").startswith("application/json"), res.header("Content-Type"))
        err = body_json(res)["error"]
        self.assertIsInstance(err["message"], str)
        self.assertTrue(err["message"])
        if code:
            self.assertEqual(err["code"], code)
        return err

    def admin_client(self):
        c = self.srv.client()
        self.assertEqual(c.login(ADMIN[0], ADMIN[1], base="/admin").status, 303)
        return c

    def new_ticket(self, subject="Printer on fire", requester="customer@example.org", key="all", headers=None):
        res = self.api(key).call("POST", "/api/v1/tickets",
                                 {"subject": subject, "body": "It smokes.\nPlease help.", "requester": requester},
                                 headers=headers)
        self.assertEqual(res.status, 201, res.body)
        return body_json(res)

    # -- keys ------------------------------------------------------------------

    def test_cli_prints_the_key_alone_and_stores_only_its_hash(self):
        self.assertRegex(self.cli_output, r"^dk_[A-Za-z0-9_-]{43}\n$")
        db = sqlite3.connect(os.path.join(self.srv.data_dir, "deskd.db"))
        try:
            rows = db.execute("SELECT key_hash, prefix FROM api_keys").fetchall()
        finally:
            db.close()
        key = self.keys["all"]
        self.assertTrue(rows)
        for key_hash, prefix in rows:
            self.assertNotIn(key[3:], key_hash)
            self.assertEqual(len(prefix), 9)
        bad = subprocess.run([DESKD_BIN, "api-key", "add", "--name", "x", "--scopes", "tickets:read,root",
                              "--data", self.srv.data_dir], capture_output=True, text=True, timeout=30)
        self.assertEqual(bad.returncode, 2)
        self.assertEqual(bad.stdout, "")
        self.assertIn("root", bad.stderr)

    def test_missing_malformed_and_unknown_keys_get_401_json(self):
        res = self.api(None).call("GET", "/api/v1/tickets")
        self.assert_json_error(res, 401, "unauthorized")
        self.assertIn("Bearer", res.header("WWW-Authenticate", ""))
        for auth in ("Bearer", "Bearer nope", "Basic " + self.keys["all"], "Bearer " + self.keys["all"] + "x",
                     "Bearer dk_" + "A" * 43, "Bearer " + self.keys["all"][:-1] + "!"):
            with self.subTest(auth=auth):
                res = self.srv.client().get("/api/v1/tickets", headers={"Authorization": auth}, update_jar=False)
                self.assert_json_error(res, 401, "unauthorized")

    def test_a_signed_in_agent_cookie_never_authenticates(self):
        agent = self.srv.client()
        self.assertEqual(agent.login(AGENT[0], AGENT[1], base="/agent").status, 303)
        self.assertEqual(agent.get("/agent/tickets").status, 200)
        res = agent.get("/api/v1/tickets", update_jar=False)
        self.assert_json_error(res, 401)
        self.assertEqual(res.set_cookies, [])
        # Nor does the cookie add anything to a key's scopes.
        res = agent.request("GET", "/api/v1/tickets", headers={"Authorization": "Bearer " + self.keys["kb:read"]},
                            update_jar=False)
        self.assert_json_error(res, 403, "forbidden")

    def test_every_endpoint_needs_its_scope(self):
        t = self.new_ticket(subject="Scope matrix")
        person_id = body_json(self.api().call("GET", "/api/v1/people?email=" + AGENT[0]))["id"]
        article_id = body_json(self.api().call("GET", "/api/v1/articles?limit=1"))["articles"][0]["id"]
        calls = [
            ("GET", "/api/v1/tickets", None, "tickets:read"),
            ("GET", "/api/v1/tickets/" + t["ref"], None, "tickets:read"),
            ("POST", "/api/v1/tickets", {"subject": "S", "body": "B", "requester": "s@example.org"}, "tickets:write"),
            ("POST", "/api/v1/tickets/%s/messages" % t["ref"], {"body": "note", "kind": "note"}, "tickets:write"),
            ("PATCH", "/api/v1/tickets/" + t["ref"], {"priority": "high"}, "tickets:write"),
            ("GET", "/api/v1/articles", None, "kb:read"),
            ("GET", "/api/v1/articles/%d" % article_id, None, "kb:read"),
            ("PATCH", "/api/v1/articles/%d" % article_id, {"status": "published"}, "kb:write"),
            ("GET", "/api/v1/people?email=" + AGENT[0], None, "people:read"),
            ("GET", "/api/v1/people/%d" % person_id, None, "people:read"),
        ]
        for method, path, body, scope in calls:
            for key in SCOPES:
                with self.subTest(method=method, path=path, key=key):
                    res = self.api(key).call(method, path, body)
                    if key == scope:
                        self.assertIn(res.status, (200, 201), res.body[:300])
                    else:
                        err = self.assert_json_error(res, 403, "forbidden")
                        self.assertIn(scope, err["message"])
        # Creating an article needs kb:write too (checked before the body is read).
        self.assert_json_error(self.api("kb:read").call("POST", "/api/v1/articles", {}), 403)

    def test_an_expired_key_is_refused(self):
        api = self.api("expiring")
        self.assertEqual(api.call("GET", "/api/v1/tickets").status, 200)
        db = sqlite3.connect(os.path.join(self.srv.data_dir, "deskd.db"))
        try:
            db.execute("UPDATE api_keys SET expires_ms = ? WHERE name = 'expiring'", (int(time.time() * 1000) - 1000,))
            db.commit()
        finally:
            db.close()
        err = self.assert_json_error(api.call("GET", "/api/v1/tickets"), 401)
        self.assertIn("expired", err["message"])

    def test_admin_creates_a_key_sees_its_last_use_and_revokes_it(self):
        admin = self.admin_client()
        page = admin.get("/admin/api-keys")
        self.assertEqual(page.status, 200)
        self.assertIn('name="scopes"', page.body)
        # Without the CSRF token nothing is created and what was typed comes back.
        res = admin.post("/admin/api-keys", {"name": "Typed name", "scopes": "kb:read"})
        self.assertEqual(res.status, 403)
        self.assertIn("Typed name", res.body)
        self.assertNotRegex(res.body, r"dk_[A-Za-z0-9_-]{43}")
        # No scope: refused, the name kept.
        res = admin.post("/admin/api-keys", {"_dp_csrf_token": form_token(page.body), "name": "No scope"})
        self.assertEqual(res.status, 400)
        self.assertIn("No scope", res.body)
        res = admin.request("POST", "/admin/api-keys", form=[("_dp_csrf_token", form_token(res.body)),
                                                                ("name", "CRM sync"), ("scopes", "tickets:read"),
                                                                ("scopes", "people:read"), ("expires_days", "90")])
        self.assertEqual(res.status, 200)
        self.assertEqual(res.header("Cache-Control"), "no-store")
        keys = re.findall(r"dk_[A-Za-z0-9_-]{43}", res.body)
        self.assertEqual(len(keys), 1)
        key = keys[0]
        # Shown once: the list shows only its first characters.
        listing = admin.get("/admin/api-keys")
        self.assertNotIn(key, listing.body)
        self.assertIn(key[:9], listing.body)
        api = ApiClient(self.srv, key)
        self.assertEqual(api.call("GET", "/api/v1/people?email=" + AGENT[0]).status, 200)
        self.assert_json_error(api.call("GET", "/api/v1/articles"), 403)
        listing = admin.get("/admin/api-keys").body
        crm_row = re.search(r'<tr id="api-key-(\d+)"><td>CRM sync</td>.*?</tr>', listing, re.S)
        self.assertIsNotNone(crm_row)
        self.assertNotIn("Not yet", crm_row.group(0))
        key_id = crm_row.group(1)
        revoke = admin.post("/admin/api-keys/%s/revoke" % key_id,
                            {"_dp_csrf_token": form_token(listing)})
        self.assertEqual(revoke.status, 303)
        err = self.assert_json_error(api.call("GET", "/api/v1/people?email=" + AGENT[0]), 401)
        self.assertIn("revoked", err["message"])
        audit = admin.get("/admin/audit?event=api_key_created").body
        self.assertIn("CRM sync", audit)
        audit = admin.get("/admin/audit?event=api_key_revoked").body
        self.assertIn("key " + key_id, audit)

    # -- tickets -------------------------------------------------------------

    def test_create_get_reply_note_and_update_a_ticket(self):
        created = self.new_ticket(requester="Buyer@Example.org")
        for field in ("ref", "subject", "status", "priority", "group", "assignee", "requester", "created_at",
                      "messages"):
            self.assertIn(field, created)
        self.assertEqual(created["requester"], "buyer@example.org")
        self.assertEqual(created["status"], "open")
        self.assertEqual(created["priority"], "normal")
        self.assertIsNone(created["group"])
        self.assertIsNone(created["assignee"])
        self.assertRegex(created["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual(len(created["messages"]), 1)
        first = created["messages"][0]
        self.assertEqual((first["kind"], first["author"], first["body"], first["attachments"]),
                         ("reply", "buyer@example.org", "It smokes.\nPlease help.", []))
        ref = created["ref"]

        reply = self.api().call("POST", "/api/v1/tickets/%s/messages" % ref, {"body": "We are on it."})
        self.assertEqual(reply.status, 201, reply.body)
        self.assertEqual(body_json(reply)["kind"], "reply")
        note = self.api().call("POST", "/api/v1/tickets/%s/messages" % ref, {"body": "Internal.", "kind": "note"})
        self.assertEqual(note.status, 201, note.body)
        got = self.api("tickets:read").call("GET", "/api/v1/tickets/" + ref)
        self.assertEqual(got.status, 200)
        ticket = body_json(got)
        self.assertEqual([m["kind"] for m in ticket["messages"]], ["reply", "reply", "note"])
        self.assertEqual(ticket["messages"][2]["body"], "Internal.")
        self.assertEqual(ticket["status"], "pending")  # a staff reply waits for the requester

        # The group is made by an admin; the assignee is an agent.
        admin = self.admin_client()
        groups = admin.get("/admin/groups")
        self.assertEqual(admin.post("/admin/groups", {"_dp_csrf_token": form_token(groups.body),
                                                      "name": "Hardware"}).status, 303)
        patched = self.api().call("PATCH", "/api/v1/tickets/" + ref,
                                  {"status": "resolved", "priority": "urgent", "group": "hardware",
                                   "assignee": AGENT[0].upper()})
        self.assertEqual(patched.status, 200, patched.body)
        t = body_json(patched)
        self.assertEqual((t["status"], t["priority"], t["group"], t["assignee"]),
                         ("resolved", "urgent", "Hardware", AGENT[0]))
        cleared = body_json(self.api().call("PATCH", "/api/v1/tickets/" + ref, {"group": None, "assignee": None}))
        self.assertEqual((cleared["group"], cleared["assignee"], cleared["status"]), (None, None, "resolved"))
        for bad in ({"status": "lost"}, {"priority": "meh"}, {"group": "Nope"}, {"assignee": USER[0]},
                    {"assignee": "nobody@example.org"}):
            with self.subTest(patch=bad):
                self.assert_json_error(self.api().call("PATCH", "/api/v1/tickets/" + ref, bad), 422)
        self.assert_json_error(self.api().call("PATCH", "/api/v1/tickets/" + ref, {}), 400)
        # The agent desk shows what the API did.
        agent = self.srv.client()
        agent.login(AGENT[0], AGENT[1], base="/agent")
        page = agent.get("/agent/tickets/" + ref).body
        self.assertIn("We are on it.", page)
        self.assertIn("Internal.", page)

    def test_a_signed_up_requester_owns_the_ticket_and_never_sees_notes(self):
        t = self.new_ticket(subject="From the API", requester=USER[0])
        self.api().call("POST", "/api/v1/tickets/%s/messages" % t["ref"], {"body": "Secret staff note", "kind": "note"})
        self.api().call("POST", "/api/v1/tickets/%s/messages" % t["ref"], {"body": "Visible answer"})
        user = self.srv.client()
        self.assertEqual(user.login(USER[0], USER[1]).status, 303)
        page = user.get("/tickets/" + t["ref"])
        self.assertEqual(page.status, 200)
        self.assertIn("Visible answer", page.body)
        self.assertNotIn("Secret staff note", page.body)

    def test_list_filters_and_cursor_pages(self):
        requester = "pager@example.org"
        refs = [self.new_ticket(subject="Page %d" % i, requester=requester)["ref"] for i in range(5)]
        seen = []
        path = "/api/v1/tickets?requester=%s&limit=2" % requester
        pages = 0
        while path:
            res = self.api("tickets:read").call("GET", path)
            self.assertEqual(res.status, 200, res.body)
            page = body_json(res)
            self.assertLessEqual(len(page["tickets"]), 2)
            self.assertNotIn("messages", page["tickets"][0] if page["tickets"] else {})
            seen += [t["ref"] for t in page["tickets"]]
            pages += 1
            cursor = page["next_cursor"]
            path = "/api/v1/tickets?requester=%s&limit=2&cursor=%s" % (requester, cursor) if cursor else None
        self.assertEqual(sorted(seen), sorted(refs))
        self.assertEqual(pages, 3)
        # Oldest first across the whole list: new tickets never shift a page already read.
        res = body_json(self.api().call("GET", "/api/v1/tickets?status=open&limit=100"))
        self.assertTrue(all(t["status"] == "open" for t in res["tickets"]))
        all_refs = [t["ref"] for t in res["tickets"]]
        self.assertEqual([r for r in all_refs if r in refs], refs)
        for bad in ("status=lost", "view=mine", "limit=0", "limit=101", "limit=x", "cursor=abc", "cursor=%ZZ",
                    "requester=a@b.c&status=open"):
            with self.subTest(query=bad):
                self.assert_json_error(self.api().call("GET", "/api/v1/tickets?" + bad), 400)

    def test_unknown_refs_and_bad_bodies_get_json_errors(self):
        api = self.api()
        self.assert_json_error(api.call("GET", "/api/v1/tickets/ZZZZ-ZZZZ"), 404, "not_found")
        self.assert_json_error(api.call("GET", "/api/v1/tickets/%3Cscript%3E"), 404)
        self.assert_json_error(api.call("POST", "/api/v1/tickets/ZZZZ-ZZZZ/messages", {"body": "x"}), 404)
        self.assert_json_error(api.call("PATCH", "/api/v1/tickets/ZZZZ-ZZZZ", {"status": "open"}), 404)
        self.assert_json_error(api.call("GET", "/api/v1/articles/999999"), 404)
        self.assert_json_error(api.call("GET", "/api/v1/people/999999"), 404)
        self.assert_json_error(api.call("GET", "/api/v1/people?email=ghost@example.org"), 404)
        self.assert_json_error(api.call("GET", "/api/v1/nothing-here"), 404, "not_found")
        res = api.call("DELETE", "/api/v1/tickets")
        self.assert_json_error(res, 405, "method_not_allowed")
        self.assertIn("GET", res.header("Allow", ""))
        post = lambda **kw: api.call("POST", "/api/v1/tickets", **kw)
        self.assert_json_error(post(raw="{not json"), 400, "bad_request")
        self.assert_json_error(post(raw="[1, 2]"), 400)
        self.assert_json_error(post(raw=""), 400)
        self.assert_json_error(post(raw="[" * 5000 + "]" * 5000), 400)
        self.assert_json_error(post(body={"subject": "s", "body": "b", "requester": "r@example.org", "extra": 1}), 400)
        self.assert_json_error(post(body={"subject": 5, "body": "b", "requester": "r@example.org"}), 400)
        self.assert_json_error(post(body={"subject": "s", "body": "b"}), 400)
        self.assert_json_error(post(body={"subject": "s", "body": "b", "requester": "not an address"}), 422)
        self.assert_json_error(post(body={"subject": "", "body": "b", "requester": "r@example.org"}), 422)
        self.assert_json_error(post(raw="subject=s", content_type="application/x-www-form-urlencoded"), 415,
                               "unsupported_media_type")
        self.assert_json_error(post(raw="{}", content_type="text/plain"), 415)
        big = json.dumps({"subject": "s", "body": "x" * (200 * 1024), "requester": "r@example.org"})
        self.assert_json_error(post(raw=big), 413, "payload_too_large")
        self.assert_json_error(api.call("POST", "/api/v1/tickets/ZZZZ-ZZZZ/messages", {"body": "x", "kind": "memo"}),
                               400)
        # Non-canonical spellings are refused in JSON too.
        self.assert_json_error(api.call("PATCH", "/api/v1//tickets", {"status": "open"}), 400)

    # -- idempotency -----------------------------------------------------------

    def test_a_retried_post_with_an_idempotency_key_creates_one_ticket(self):
        requester = "retry@example.org"
        body = {"subject": "Retry me", "body": "Once only", "requester": requester}
        headers = {"Idempotency-Key": "order-4711"}
        first = self.api().call("POST", "/api/v1/tickets", body, headers=headers)
        second = self.api().call("POST", "/api/v1/tickets", body, headers=headers)
        self.assertEqual((first.status, second.status), (201, 201))
        self.assertEqual(body_json(first)["ref"], body_json(second)["ref"])
        self.assertIsNone(first.header("Idempotent-Replayed"))
        self.assertEqual(second.header("Idempotent-Replayed"), "true")
        listed = body_json(self.api().call("GET", "/api/v1/tickets?requester=" + requester))["tickets"]
        self.assertEqual(len(listed), 1)
        # The same key with another body is refused; another API key has its own key space.
        changed = dict(body, subject="Something else")
        self.assert_json_error(self.api().call("POST", "/api/v1/tickets", changed, headers=headers), 422)
        other = self.api("tickets:write").call("POST", "/api/v1/tickets", body, headers=headers)
        self.assertEqual(other.status, 201)
        self.assertNotEqual(body_json(other)["ref"], body_json(first)["ref"])
        # A reply, too.
        ref = body_json(first)["ref"]
        h = {"Idempotency-Key": "reply-1"}
        r1 = self.api().call("POST", "/api/v1/tickets/%s/messages" % ref, {"body": "Only once"}, headers=h)
        r2 = self.api().call("POST", "/api/v1/tickets/%s/messages" % ref, {"body": "Only once"}, headers=h)
        self.assertEqual(body_json(r1), body_json(r2))
        thread = body_json(self.api().call("GET", "/api/v1/tickets/" + ref))["messages"]
        self.assertEqual([m["body"] for m in thread].count("Only once"), 1)
        self.assert_json_error(self.api().call("POST", "/api/v1/tickets", body,
                                               headers={"Idempotency-Key": "x" * 256}), 400)

    # -- articles --------------------------------------------------------------

    def test_create_and_update_articles_reach_the_help_center(self):
        articles = body_json(self.api("kb:read").call("GET", "/api/v1/articles?status=published&limit=100"))
        self.assertTrue(articles["articles"])
        category = articles["articles"][0]["category_id"]
        res = self.api("kb:write").call("POST", "/api/v1/articles", {
            "category_id": category, "status": "published",
            "translations": [{"lang": "en", "title": "Resetting the frobnicator", "body": "Hold **reset**."}]})
        self.assertEqual(res.status, 201, res.body)
        article = body_json(res)
        self.assertEqual(article["status"], "published")
        self.assertEqual(article["translations"][0]["slug"], "resetting-the-frobnicator")
        url = "/kb/articles/%d-resetting-the-frobnicator" % article["id"]
        visitor = self.srv.client()
        deadline = time.time() + 2  # SPEC §8: every node sees an edit within a second
        while time.time() < deadline and visitor.get(url).status != 200:
            time.sleep(0.05)
        page = visitor.get(url)
        self.assertEqual(page.status, 200)
        self.assertIn("Resetting the frobnicator", page.body)
        self.assertIn("<strong>reset</strong>", page.body)
        res = self.api("kb:write").call("PATCH", "/api/v1/articles/%d" % article["id"], {
            "translations": [{"lang": "en", "title": "Resetting the frobnicator", "slug": "resetting-the-frobnicator",
                              "body": "Hold **reset** for ten seconds."}]})
        self.assertEqual(res.status, 200, res.body)
        deadline = time.time() + 2
        while time.time() < deadline and "ten seconds" not in visitor.get(url).body:
            time.sleep(0.05)
        self.assertIn("ten seconds", visitor.get(url).body)
        got = body_json(self.api("kb:read").call("GET", "/api/v1/articles/%d" % article["id"]))
        self.assertEqual(got["translations"][0]["body"], "Hold **reset** for ten seconds.")
        res = self.api("kb:write").call("PATCH", "/api/v1/articles/%d" % article["id"], {"status": "draft"})
        self.assertEqual(res.status, 200)
        deadline = time.time() + 2
        while time.time() < deadline and visitor.get(url).status == 200:
            time.sleep(0.05)
        self.assertEqual(visitor.get(url).status, 404)
        for bad, status in (({"category_id": 999999, "translations": [{"lang": "en", "title": "t", "body": "b"}]}, 422),
                            ({"category_id": category, "translations": [{"lang": "xx", "title": "t", "body": "b"}]},
                             422),
                            ({"category_id": category, "translations": [{"lang": "en", "title": "", "body": "b"}]},
                             422),
                            ({"category_id": category, "translations": []}, 400),
                            ({"category_id": category, "translations": [{"lang": "en", "title": "t", "body": "b"},
                                                                        {"lang": "en", "title": "u", "body": "c"}]},
                             400),
                            ({"category_id": category, "translations": [{"lang": "en", "title": "t", "x": 1}]}, 400),
                            ({"category_id": "1", "translations": [{"lang": "en", "title": "t", "body": "b"}]}, 400),
                            ({"category_id": category, "status": "hidden",
                              "translations": [{"lang": "en", "title": "t", "body": "b"}]}, 422)):
            with self.subTest(body=bad):
                self.assert_json_error(self.api("kb:write").call("POST", "/api/v1/articles", bad), status)

    def test_article_list_pages(self):
        first = body_json(self.api("kb:read").call("GET", "/api/v1/articles?limit=1"))
        self.assertEqual(len(first["articles"]), 1)
        self.assertIsNotNone(first["next_cursor"])
        second = body_json(self.api("kb:read").call("GET", "/api/v1/articles?limit=1&cursor=" + first["next_cursor"]))
        self.assertNotEqual(second["articles"][0]["id"], first["articles"][0]["id"])
        self.assert_json_error(self.api("kb:read").call("GET", "/api/v1/articles?status=secret"), 400)
        self.assert_json_error(self.api("kb:read").call("GET", "/api/v1/articles?lang=xx"), 400)

    # -- people ----------------------------------------------------------------

    def test_people_lookup(self):
        res = self.api("people:read").call("GET", "/api/v1/people?email=" + AGENT[0].upper())
        self.assertEqual(res.status, 200)
        p = body_json(res)
        self.assertEqual((p["email"], p["role"], p["disabled"]), (AGENT[0], "agent", False))
        self.assertNotIn("password_hash", p)
        self.assertNotIn("argon2", res.body)
        by_id = body_json(self.api("people:read").call("GET", "/api/v1/people/%d" % p["id"]))
        self.assertEqual(by_id, p)
        self.assert_json_error(self.api("people:read").call("GET", "/api/v1/people"), 400)
        self.assert_json_error(self.api("people:read").call("GET", "/api/v1/people?email=nope"), 400)
        self.assert_json_error(self.api("people:read").call("GET", "/api/v1/people/abc"), 404)

    # -- OpenAPI ---------------------------------------------------------------

    def test_openapi_documents_every_route_and_every_documented_operation_answers(self):
        res = self.srv.client().get("/api/v1/openapi.json")
        self.assertEqual(res.status, 200)
        doc = body_json(res)
        self.assertTrue(doc["openapi"].startswith("3.1"))
        out = subprocess.run([DESKD_BIN, "routes", "--data", self.srv.tmpdir + "/routes-data"], capture_output=True,
                             text=True, timeout=60, env=self.srv.process_env())
        self.assertEqual(out.returncode, 0, out.stderr)
        api_routes = [line.split() for line in out.stdout.splitlines() if line.split()[2] == "api"]
        self.assertGreaterEqual(len(api_routes), 10)
        for method, pattern, _area, access, *rest in api_routes:
            with self.subTest(route=(method, pattern)):
                self.assertIn(pattern, doc["paths"])
                op = doc["paths"][pattern].get(method.lower())
                self.assertIsNotNone(op, "%s %s is not documented" % (method, pattern))
                if access.startswith("key:"):
                    self.assertEqual(op["x-deskd-scope"], access[4:])
        ticket = self.new_ticket(subject="OpenAPI walk")
        article_id = body_json(self.api().call("GET", "/api/v1/articles?limit=1"))["articles"][0]["id"]
        person_id = body_json(self.api().call("GET", "/api/v1/people?email=" + AGENT[0]))["id"]
        values = {"ref": ticket["ref"], "id": None}
        for path, item in doc["paths"].items():
            for method in item:
                with self.subTest(documented=(method, path)):
                    concrete = path.replace("{ref}", values["ref"])
                    if "{id}" in concrete:
                        concrete = concrete.replace("{id}", str(person_id if "people" in path else article_id))
                    if path == "/api/v1/people":
                        concrete += "?email=" + AGENT[0]
                    res = self.api().call(method.upper(), concrete, {} if method in ("post", "patch") else None)
                    self.assertNotIn(res.status, (404, 405), (method, concrete, res.body[:200]))
                    self.assertLess(res.status, 500)
                    self.assertTrue(res.header("Content-Type", "").startswith("application/json"))


class ApiRateLimitTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        from deskd_server import DeskdServer
        srv = DeskdServer(env={"DESKD_API_RATE_LIMIT_PER_MINUTE": "3"})
        cls.key_a = add_key(srv, "a", ["tickets:read"]).strip()
        cls.key_b = add_key(srv, "b", ["tickets:read"]).strip()
        srv.start()
        cls._servers = [srv]
        cls.srv = srv

    def test_each_key_gets_429_with_retry_after_past_its_limit(self):
        a = ApiClient(self.srv, self.key_a)
        statuses = [a.call("GET", "/api/v1/tickets").status for _ in range(3)]
        self.assertEqual(statuses, [200, 200, 200])
        res = a.call("GET", "/api/v1/tickets")
        self.assertEqual(res.status, 429)
        self.assertEqual(body_json(res)["error"]["code"], "rate_limited")
        self.assertGreaterEqual(int(res.header("Retry-After")), 1)
        # Another key is not slowed down by the first.
        self.assertEqual(ApiClient(self.srv, self.key_b).call("GET", "/api/v1/tickets").status, 200)
        metrics = self.srv.client().get("/metrics").body
        self.assertRegex(metrics, r"(?m)^deskd_rate_limit_api_keys_refused_total [1-9]")


if __name__ == "__main__":
    unittest.main()
