"""SPEC §13 privacy, end to end against the real binary: consent that can be
withdrawn on /cookies, `deskd privacy export|erase|prune`, and the Admin
export download and confirmed erase.

Observed as a browser, an admin and an operator would: status codes, exact
Set-Cookie lines, what pages and exports show afterwards.
"""

import hashlib
import json
import os
import re
import subprocess
import time
import unittest

import test_attachments  # multipart(); a module, so its test case is not collected here again
from deskd_server import DESKD_BIN, ServerTestCase, form_token

ARTICLE_RE = re.compile(r'href="(/kb/articles/(\d+)-[^"#?]*)"')
USER = ("alice@privacy.test", "alice privacy password 1")
OTHER = ("bob@privacy.test", "bob privacy password 1")
ADMIN = ("root@privacy.test", "root privacy password 1")
SETTINGS_LINK = '<a href="/cookies">Cookie settings</a>'


def deskd(srv, *args):
    cmd = [DESKD_BIN] + list(args) + ["--data", srv.data_dir]
    return subprocess.run(cmd, capture_output=True, text=True, env=srv.process_env(), timeout=60)


def export(srv, *subject):
    r = deskd(srv, "privacy", "export", *subject)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def wait_for(fn, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def post_form(c, page_path, action, fields):
    data = {"_dp_csrf_token": form_token(c.get(page_path).body)}
    data.update(fields)
    return c.post(action, data)


class ConsentWithdrawalTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True, env={"DESKD_COOKIES_OPTIONAL": "consent"},
                                   users=[(USER[0], USER[1], "user")])

    def test_every_help_center_page_links_to_cookie_settings(self):
        c = self.srv.client()
        for path in ["/", "/kb", "/login", "/new-ticket", "/cookies", "/search?q=cookie", "/no-such-page"]:
            with self.subTest(path=path):
                self.assertIn(SETTINGS_LINK, c.get(path).body)

    def test_cookies_page_offers_the_choice_before_and_after_choosing(self):
        c = self.srv.client()
        page = c.get("/cookies").body
        self.assertIn('action="/cookie-consent"', page)
        self.assertIn('name="choice" value="all"', page)
        self.assertIn('name="choice" value="essential"', page)
        self.assertIn("You have not chosen yet", page)
        self.assertIn("after 180 days", page)
        self.assertIn("after 30 days", page)
        res = post_form(c, "/cookies", "/cookie-consent", {"choice": "all", "return_to": "/cookies"})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/cookies")
        page = c.get("/cookies").body
        self.assertIn("You have accepted optional cookies", page)
        self.assertIn('name="choice" value="essential"', page)  # withdrawing stays one click away
        self.assertNotIn('class="consent"', page)  # the banner is gone, the choice is not

    def test_withdrawing_deletes_optional_cookies_and_forgets_the_remembered_login(self):
        c = self.srv.client()
        post_form(c, "/cookies", "/cookie-consent", {"choice": "all", "return_to": "/"})
        c.get("/")
        self.assertIn("dp_v", c.jar)
        page = c.get("/login")
        res = c.post("/login", {"_dp_csrf_token": form_token(page.body), "email": USER[0], "password": USER[1],
                                "remember_me": "1"})
        self.assertEqual(res.status, 303)
        self.assertIn("dpreme", c.jar)
        remembered = c.jar["dpreme"]
        # The loader cache as loader.js keeps it on the Help Center's own domain.
        c.jar["dpdefaultloader_assets_url"] = "x"
        c.jar["dpdefaultloader_time"] = "1"

        res = post_form(c, "/cookies", "/cookie-consent", {"choice": "essential", "return_to": "/cookies"})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.set_cookie("dp_consent").split(";")[0], "dp_consent=essential")
        self.assertEqual(res.set_cookie("dp_v"), "dp_v=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
        self.assertEqual(res.set_cookie("dpreme"), "dpreme=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
        self.assertEqual(res.set_cookie("dpdefaultloader_assets_url"),
                         "dpdefaultloader_assets_url=; Path=/; SameSite=Lax; Max-Age=0")
        self.assertEqual(res.set_cookie("dpdefaultloader_time"), "dpdefaultloader_time=; Path=/; SameSite=Lax; Max-Age=0")
        self.assertIn("You have chosen essential cookies only", c.get("/cookies").body)

        # The remembered sign-in is revoked on the server, not just forgotten by this browser.
        thief = self.srv.client()
        res = thief.get("/account", cookies="dp_consent=all; dpreme=" + remembered)
        self.assertEqual(res.status, 303)
        self.assertTrue(res.header("Location", "").startswith("/login"), res.header("Location"))
        self.assertNotIn("dpsid-portal", thief.jar)


class PrivacyActionsTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True, users=[(USER[0], USER[1], "user"), (OTHER[0], OTHER[1], "user"),
                                                     (ADMIN[0], ADMIN[1], "admin")])

    def plant(self, who, marker):
        """A signed-in person who read, voted, commented and opened a ticket."""
        c = self.srv.client()
        path, aid = ARTICLE_RE.findall(c.get("/kb").body)[int(marker[-1])]
        self.assertEqual(c.login(*who).status, 303)
        c.get(path)
        self.assertEqual(post_form(c, path, "/kb/articles/%s/vote" % aid, {"value": "up"}).status, 303)
        self.assertEqual(post_form(c, path, "/kb/articles/%s/comments" % aid, {"body": "comment " + marker}).status,
                         303)
        res = post_form(c, "/new-ticket", "/new-ticket",
                        {"name": "Name " + marker, "email": who[0], "subject": "subject " + marker,
                         "message": "message " + marker + " from " + who[0]})
        self.assertEqual(res.status, 303)
        self.assertTrue(wait_for(lambda: export(self.srv, "--email", who[0])["data"]["page_views"]))
        return c, path

    def admin(self):
        c = self.srv.client()
        self.assertEqual(c.login(*ADMIN, base="/admin").status, 303)
        return c

    def test_export_erase_and_what_is_left(self):
        alice, article = self.plant(USER, "alice-marker-1")
        self.plant(OTHER, "bob-marker-2")

        doc = export(self.srv, "--email", USER[0].upper())
        data = doc["data"]
        for section in ["account", "visitors", "sessions", "page_views", "votes", "comments", "tickets", "messages",
                        "audit"]:
            self.assertTrue(data[section], section)
        text = json.dumps(doc)
        self.assertIn("comment alice-marker-1", text)
        self.assertIn("subject alice-marker-1", text)
        self.assertNotIn("bob-marker-2", text)
        self.assertNotIn("argon2", text)

        admin = self.admin()
        page = admin.get("/admin/privacy")
        self.assertEqual(page.status, 200)
        self.assertIn('action="/admin/privacy/export"', page.body)
        res = post_form(admin, "/admin/privacy", "/admin/privacy/export", {"email": USER[0]})
        self.assertEqual(res.status, 200)
        self.assertEqual(res.header("Content-Type"), "application/json; charset=utf-8")
        self.assertEqual(res.header("Content-Disposition"), 'attachment; filename="deskd-privacy-export.json"')
        self.assertEqual(json.loads(res.body)["data"]["comments"][0]["body"], "comment alice-marker-1")
        # Without a CSRF token nothing is exported.
        self.assertEqual(admin.post("/admin/privacy/export", {"email": USER[0]}).status, 403)

        # A confirmation that does not match erases nothing and keeps what was typed.
        res = post_form(admin, "/admin/privacy", "/admin/privacy/erase", {"email": USER[0], "confirm": "someone"})
        self.assertEqual(res.status, 400)
        self.assertIn('value="%s"' % USER[0], res.body)
        self.assertTrue(export(self.srv, "--email", USER[0])["data"]["account"])

        res = post_form(admin, "/admin/privacy", "/admin/privacy/erase",
                        {"email": USER[0], "confirm": USER[0].upper()})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/admin/privacy")

        # Nothing of alice through any page or export.
        after = export(self.srv, "--email", USER[0])
        for section, rows in after["data"].items():
            self.assertEqual(rows, [], section)
        self.assertEqual(alice.get("/account").status, 303)  # her session died with the account
        self.assertNotIn("comment alice-marker-1", self.srv.client().get(article).body)
        audit = admin.get("/admin/audit").body
        self.assertIn("privacy_erase", audit)
        self.assertNotIn(USER[0], audit)
        self.assertNotIn("alice-marker-1", audit)
        self.assertEqual(self.srv.client().login(*USER).status, 200)  # the account is gone: sign-in fails
        # bob is untouched.
        kept = export(self.srv, "--email", OTHER[0])["data"]
        for section in ["account", "page_views", "votes", "comments", "tickets"]:
            self.assertTrue(kept[section], section)

    def test_admin_cannot_erase_themselves(self):
        admin = self.admin()
        res = post_form(admin, "/admin/privacy", "/admin/privacy/erase", {"email": ADMIN[0], "confirm": ADMIN[0]})
        self.assertEqual(res.status, 409)
        self.assertEqual(admin.get("/admin/privacy").status, 200)

    def test_erase_deletes_the_files_the_person_uploaded(self):
        # A guest (no account) sends a ticket with a file; the same bytes also come from someone else.
        guest_email = "dora-%d@privacy.test" % time.monotonic_ns()
        own, shared = b"dora's own scan " + os.urandom(64), b"bytes two people send " + os.urandom(64)
        guest = self.srv.client()
        fields = {"_dp_csrf_token": form_token(guest.get("/new-ticket").body), "name": "Dora Guest",
                  "email": guest_email, "subject": "files", "message": "see the files"}
        body, ctype = test_attachments.multipart(fields, [("attachments", "scan.pdf", "application/pdf", own),
                                                          ("attachments", "shared.txt", "text/plain", shared)])
        res = guest.request("POST", "/new-ticket", body=body, headers={"Content-Type": ctype})
        self.assertEqual(res.status, 303, res.body[:500])
        ref = re.search(test_attachments.REF_RE, res.header("Location")).group(0)
        other = self.srv.client()
        fields = {"_dp_csrf_token": form_token(other.get("/new-ticket").body), "name": "Eve Other",
                  "email": "eve-%d@privacy.test" % time.monotonic_ns(), "subject": "same file", "message": "same"}
        body, ctype = test_attachments.multipart(fields, [("attachments", "copy.txt", "text/plain", shared)])
        res = other.request("POST", "/new-ticket", body=body, headers={"Content-Type": ctype})
        self.assertEqual(res.status, 303, res.body[:500])
        other_ref = re.search(test_attachments.REF_RE, res.header("Location")).group(0)
        links = re.findall(r'<a class="attachment" href="([^"]+)"', guest.get("/tickets/" + ref).body)
        self.assertEqual(len(links), 2)
        agent = self.srv.client()
        self.assertEqual(agent.login(*ADMIN, base="/agent").status, 303)
        agent_urls = ["/agent/tickets/%s/attachments/%s" % (ref, link.rsplit("/", 1)[1]) for link in links]
        self.assertEqual(agent.get(agent_urls[0]).raw_body, own)

        # The export lists the files (name, type, size, SHA-256) but never carries their bytes.
        listed = export(self.srv, "--email", guest_email)["data"]["attachments"]
        self.assertEqual([(a["filename"], a["content_type"], a["size"], a["sha256"], a["uploaded_by"]) for a in listed],
                         [("scan.pdf", "application/pdf", len(own), hashlib.sha256(own).hexdigest(), "user"),
                          ("shared.txt", "text/plain", len(shared), hashlib.sha256(shared).hexdigest(), "user")])

        r = deskd(self.srv, "privacy", "erase", "--email", guest_email)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ticket_attachments=2", r.stdout)
        self.assertIn("attachment_blobs=1", r.stdout)  # the shared bytes are still the other ticket's
        self.assertEqual(agent.get("/agent/tickets/" + ref).status, 200)  # the ticket stays, anonymised
        for url in agent_urls:
            self.assertEqual(agent.get(url).status, 404)
        self.assertEqual(export(self.srv, "--email", guest_email)["data"]["attachments"], [])
        copy = re.findall(r'<a class="attachment" href="([^"]+)"', other.get("/tickets/" + other_ref).body)
        self.assertEqual(len(copy), 1)
        self.assertEqual(other.get(copy[0]).raw_body, shared)

    def test_cli_erase_by_visitor_and_usage_errors(self):
        c = self.srv.client()
        c.get("/kb")
        visitor = c.jar["dp_v"]
        c.get(ARTICLE_RE.findall(c.get("/kb").body)[0][0])
        self.assertTrue(wait_for(lambda: export(self.srv, "--visitor", visitor)["data"]["page_views"]))
        r = deskd(self.srv, "privacy", "erase", "--visitor", visitor)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("page_views=", r.stdout)
        self.assertNotIn(visitor, r.stdout)
        self.assertEqual(export(self.srv, "--visitor", visitor)["data"]["page_views"], [])
        self.assertEqual(deskd(self.srv, "privacy", "export").returncode, 2)
        self.assertEqual(deskd(self.srv, "privacy", "erase", "--email", "not-an-address").returncode, 2)


class PruneTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True, env={"DESKD_PRIVACY_VISITOR_RETENTION_DAYS": "0"},
                                   users=[(USER[0], USER[1], "user")])

    def test_prune_with_zero_days_removes_page_views_and_anonymous_visitors(self):
        c = self.srv.client()
        c.get("/kb")
        visitor = c.jar["dp_v"]
        c.get(ARTICLE_RE.findall(c.get("/kb").body)[0][0])
        self.assertTrue(wait_for(lambda: export(self.srv, "--visitor", visitor)["data"]["page_views"]))
        time.sleep(0.01)
        r = deskd(self.srv, "privacy", "prune")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("visitor_retention_days=0", r.stdout)
        data = export(self.srv, "--visitor", visitor)["data"]
        self.assertEqual(data["page_views"], [])
        self.assertEqual(data["visitors"], [])
        self.assertIn("after 0 days", self.srv.client().get("/cookies").body)


if __name__ == "__main__":
    unittest.main()
