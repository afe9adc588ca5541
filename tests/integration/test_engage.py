"""Votes, comments, moderation, consent, page views and visitor attachment (SPEC §1.3, §1.6, §2).

Everything is observed as a browser or an attacker would: status codes, redirects,
exact Set-Cookie lines, what pages show; page views and attachment through the
SQLite file the server writes.
"""

import json
import os
import re
import sqlite3
import time
import unittest

from deskd_server import ServerTestCase, VISITOR_ID_RE, form_token, wait_for

ARTICLE_RE = re.compile(r'href="(/kb/articles/(\d+)-[^"#?]*)"')
COUNT_RE = r'data-vote="%s">([\d.,]+)<'
USER_EMAIL = "reader@engage.test"
USER_PASSWORD = "engage reader password 1"


def articles(client):
    """Every distinct (path, id) linked from /kb, in page order."""
    seen, out = set(), []
    for path, aid in ARTICLE_RE.findall(client.get("/kb").body):
        if aid not in seen:
            seen.add(aid)
            out.append((path, aid))
    return out


def votes_of(html):
    up = re.search(COUNT_RE % "up", html)
    down = re.search(COUNT_RE % "down", html)
    assert up and down, "no vote counts on the page"
    return int(up.group(1).replace(",", "").replace(".", "")), int(down.group(1).replace(",", "").replace(".", ""))


def pressed(html, which):
    m = re.search(r'<button[^>]*value="%s"[^>]*aria-pressed="(true|false)"' % which, html)
    assert m, "no %s vote button" % which
    return m.group(1) == "true"


def db_rows(server, sql, args=()):
    conn = sqlite3.connect(os.path.join(server.data_dir, "deskd.db"), timeout=5)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


class EngageOnTest(ServerTestCase, unittest.TestCase):
    """cookies.optional = on (the default)."""

    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True, users=[(USER_EMAIL, USER_PASSWORD, "user")])
        cls.all_articles = articles(cls.srv.client())
        assert len(cls.all_articles) >= 8, "the demo needs at least 8 articles for these tests"

    def article(self, index):
        return self.all_articles[index]

    def vote(self, client, aid, value, path, token=None, headers=None):
        if token is None:
            token = form_token(client.get(path).body)
        return client.post("/kb/articles/%s/vote" % aid, {"value": value, "_dp_csrf_token": token}, headers=headers)

    # -- votes ----------------------------------------------------------------

    def test_vote_without_token_is_refused(self):
        path, aid = self.article(0)
        c = self.srv.client()
        before = votes_of(c.get(path).body)
        r = c.post("/kb/articles/%s/vote" % aid, {"value": "up"})
        self.assertEqual(r.status, 403)
        self.assertEqual(votes_of(c.get(path).body), before)

    def test_vote_up_then_down_changes_the_one_vote(self):
        path, aid = self.article(1)
        c = self.srv.client()
        up0, down0 = votes_of(c.get(path).body)
        r = self.vote(c, aid, "up", path)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), path + "#votes")
        page = c.get(path).body
        self.assertEqual(votes_of(page), (up0 + 1, down0))
        self.assertTrue(pressed(page, "up"))
        self.assertFalse(pressed(page, "down"))
        self.assertEqual(self.vote(c, aid, "down", path).status, 303)
        page = c.get(path).body
        self.assertEqual(votes_of(page), (up0, down0 + 1))
        self.assertTrue(pressed(page, "down"))
        self.assertEqual(self.vote(c, aid, "down", path).status, 303)
        self.assertEqual(votes_of(c.get(path).body), (up0, down0 + 1))

    def test_a_second_visitor_adds_a_vote_and_the_same_dp_v_keeps_one(self):
        path, aid = self.article(2)
        first = self.srv.client()
        up0, _ = votes_of(first.get(path).body)
        self.assertRegex(first.jar["dp_v"], "^%s$" % VISITOR_ID_RE)
        self.vote(first, aid, "up", path)
        second = self.srv.client()
        self.vote(second, aid, "up", path)
        self.assertEqual(votes_of(second.get(path).body)[0], up0 + 2)
        # The same visitor in a new browser session (only dp_v survives).
        again = self.srv.client()
        again.jar["dp_v"] = first.jar["dp_v"]
        page = again.get(path).body
        self.assertTrue(pressed(page, "up"), "the returning visitor's vote is not marked")
        self.vote(again, aid, "up", path)
        self.assertEqual(votes_of(again.get(path).body)[0], up0 + 2)

    def test_json_answer(self):
        path, aid = self.article(3)
        c = self.srv.client()
        up0, down0 = votes_of(c.get(path).body)
        r = self.vote(c, aid, "down", path, headers={"Accept": "application/json"})
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("Content-Type").startswith("application/json"))
        self.assertEqual(json.loads(r.body), {"up": up0, "down": down0 + 1, "mine": "down"})
        token = form_token(c.get(path).body)
        r = c.post("/kb/articles/%s/vote" % aid, {"value": "up"},
                   headers={"Accept": "application/json", "X-DP-CSRF-Token": token})
        self.assertEqual(json.loads(r.body), {"up": up0 + 1, "down": down0, "mine": "up"})

    def test_bad_votes(self):
        path, aid = self.article(0)
        c = self.srv.client()
        token = form_token(c.get(path).body)
        for value in ("sideways", "", "UP", "1"):
            r = c.post("/kb/articles/%s/vote" % aid, {"value": value, "_dp_csrf_token": token})
            self.assertEqual(r.status, 400, value)
            self.assertIn("<html", r.body)
        for bad in ("999999", "0", "-1", "abc", "1e3", "99999999999999999999999"):
            r = c.post("/kb/articles/%s/vote" % bad, {"value": "up", "_dp_csrf_token": token})
            self.assertEqual(r.status, 404, bad)

    # -- comments -------------------------------------------------------------

    def comment(self, client, path, aid, fields, token=None):
        form = dict(fields)
        form["_dp_csrf_token"] = token if token is not None else form_token(client.get(path).body)
        return client.post("/kb/articles/%s/comments" % aid, form)

    def test_guest_comment_is_pending_for_its_author_only_until_approved(self):
        path, aid = self.article(4)
        author = self.srv.client()
        page = author.get(path).body
        self.assertIn("Comments (0)", page)  # "Comment (1)" for one, like "Kommentar (1)"
        body = "Helpful article, thanks! marker-4711"
        r = self.comment(author, path, aid, {"name": "Ann Guest", "email": "ann@engage.test", "body": body})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), path + "#comments")
        page = author.get(path).body
        self.assertIn(body, page)
        self.assertIn("Awaiting approval", page)
        self.assertIn("Comments (0)", page)
        stranger = self.srv.client()
        self.assertNotIn(body, stranger.get(path).body)

        agent = self.srv.client()
        email, password = self.srv.demo_accounts["agent"]
        self.assertEqual(agent.login(email, password, base="/agent").status, 303)
        queue = agent.get("/agent/comments")
        self.assertEqual(queue.status, 200)
        row = re.search(r'<tr id="comment-(\d+)">(?:(?!</tr>).)*?marker-4711', queue.body, re.S)
        self.assertTrue(row, "the pending comment is not in the moderation queue")
        self.assertIn('href="%s"' % path, row.group(0))
        cid = row.group(1)
        r = agent.post("/agent/comments/%s/approve" % cid, {"_dp_csrf_token": form_token(queue.body)})
        self.assertEqual(r.status, 303)
        self.assertNotIn("marker-4711", agent.get("/agent/comments").body)

        page = stranger.get(path).body
        self.assertIn(body, page)
        self.assertNotIn("Awaiting approval", page)
        self.assertIn("Comment (1)", page)
        r = stranger.get("/da" + path)
        if r.status in (301, 302, 303):  # the Danish slug
            r = stranger.get(r.header("Location"))
        da = r.body
        self.assertIn("Kommentar (1)", da)
        audit = db_rows(self.srv, "SELECT event, detail FROM audit_log WHERE event = 'comment_approved'")
        self.assertTrue(any(("comment %s " % cid) in d for _, d in audit), audit)

    def test_rejected_comment_disappears_and_agents_only(self):
        path, aid = self.article(5)
        author = self.srv.client()
        self.comment(author, path, aid, {"name": "Bo", "email": "bo@engage.test", "body": "spam marker-999"})
        self.assertIn("marker-999", author.get(path).body)
        user = self.srv.client()
        self.assertEqual(user.get("/agent/comments").status, 303)  # to the agent login
        agent = self.srv.client()
        agent.login(*self.srv.demo_accounts["agent"], base="/agent")
        queue = agent.get("/agent/comments").body
        cid = re.search(r'<tr id="comment-(\d+)">(?:(?!</tr>).)*?marker-999', queue, re.S).group(1)
        r = agent.post("/agent/comments/%s/reject" % cid, {"_dp_csrf_token": form_token(queue)})
        self.assertEqual(r.status, 303)
        self.assertNotIn("marker-999", author.get(path).body)
        r = agent.post("/agent/comments/99999999/approve", {"_dp_csrf_token": form_token(queue)})
        self.assertEqual(r.status, 404)
        r = agent.post("/agent/comments/%s/approve" % cid, {})
        self.assertEqual(r.status, 403)

    def test_script_in_a_comment_is_escaped(self):
        path, aid = self.article(6)
        c = self.srv.client()
        evil = "<script>alert('x')</script> & <b>bold</b>"
        self.comment(c, path, aid, {"name": "<script>n()</script>", "email": "x@engage.test", "body": evil})
        page = c.get(path).body
        self.assertNotIn("<script>", page)
        self.assertNotIn("<b>bold</b>", page)
        self.assertIn("&lt;script&gt;alert(", page)

    def test_comment_csrf_failure_and_validation_keep_what_was_typed(self):
        path, aid = self.article(7)
        c = self.srv.client()
        c.get(path)
        typed = "A long thought I do not want to lose — æøå ü"
        r = self.comment(c, path, aid, {"name": "Cy", "email": "cy@engage.test", "body": typed}, token="forged")
        self.assertEqual(r.status, 403)
        self.assertIn(typed, r.body)
        self.assertIn('value="Cy"', r.body)
        fresh = form_token(r.body)
        r = self.comment(c, path, aid, {"name": "", "email": "not-an-address", "body": typed}, token=fresh)
        self.assertEqual(r.status, 400)
        self.assertIn(typed, r.body)
        self.assertIn('value="not-an-address"', r.body)
        self.assertIn("Please give your name", r.body)
        self.assertIn("valid e-mail", r.body)
        r = self.comment(c, path, aid, {"name": "Cy", "email": "cy@engage.test", "body": "x" * 5001})
        self.assertEqual(r.status, 400)
        r = self.comment(c, path, aid, {"name": "Cy", "email": "cy@engage.test", "body": "   "})
        self.assertEqual(r.status, 400)
        r = self.comment(c, path, "424242", {"name": "Cy", "email": "cy@engage.test", "body": "hi"})
        self.assertEqual(r.status, 404)
        r = self.comment(c, path, aid, {"name": "Cy", "email": "cy@engage.test", "body": typed})
        self.assertEqual(r.status, 303)

    # -- page views and attachment ----------------------------------------------

    def test_page_views_are_recorded_and_counted(self):
        path, aid = self.article(0)
        c = self.srv.client()
        before = db_rows(self.srv, "SELECT view_count FROM kb_articles WHERE id = ?", (aid,))[0][0]
        c.get(path)
        c.get(path)
        visitor = c.jar["dp_v"]
        # Page views are written after the answer, so wait for both rows, not just the first.
        query = lambda: db_rows(self.srv, "SELECT path, title, person_id FROM page_views WHERE visitor_id = ?",
                                (visitor,))
        wait_for(lambda: len(query()) >= 2)
        rows = query()
        self.assertEqual(len(rows), 2, rows)
        self.assertEqual(rows[0][0], path)
        self.assertTrue(rows[0][1], "page view without a title")
        self.assertIsNone(rows[0][2])
        after = wait_for(lambda: db_rows(self.srv, "SELECT view_count FROM kb_articles WHERE id = ?",
                                         (aid,))[0][0] >= before + 2 and
                         db_rows(self.srv, "SELECT view_count FROM kb_articles WHERE id = ?", (aid,))[0][0])
        self.assertGreaterEqual(after, before + 2)

    def test_login_attaches_the_visitors_history(self):
        path, aid = self.article(1)
        c = self.srv.client()
        c.get(path)
        visitor = c.jar["dp_v"]
        self.vote(c, aid, "up", path)
        self.comment(c, path, aid, {"name": "Di", "email": "di@engage.test", "body": "before login marker-77"})
        self.assertTrue(wait_for(lambda: db_rows(self.srv, "SELECT 1 FROM page_views WHERE visitor_id = ?",
                                                 (visitor,))))
        self.assertEqual(c.login(USER_EMAIL, USER_PASSWORD).status, 303)
        person = db_rows(self.srv, "SELECT id FROM people WHERE email = ?", (USER_EMAIL,))[0][0]
        self.assertEqual(db_rows(self.srv, "SELECT person_id FROM visitors WHERE id = ?", (visitor,)), [(person,)])
        views = db_rows(self.srv, "SELECT DISTINCT person_id FROM page_views WHERE visitor_id = ?", (visitor,))
        self.assertEqual(views, [(person,)])
        self.assertEqual(db_rows(self.srv, "SELECT voter, person_id, value FROM votes WHERE article_id = ? AND "
                                           "person_id = ?", (aid, person)), [("p:%d" % person, person, 1)])
        self.assertEqual(db_rows(self.srv, "SELECT person_id FROM comments WHERE body = ?",
                                 ("before login marker-77",)), [(person,)])
        # Signed in, the same vote is shown as the person's and voting again changes it.
        page = c.get(path).body
        self.assertTrue(pressed(page, "up"))
        self.assertIn("marker-77", page)
        up, down = votes_of(page)
        self.vote(c, aid, "down", path)
        self.assertEqual(votes_of(c.get(path).body), (up - 1, down + 1))


class EngageConsentTest(ServerTestCase, unittest.TestCase):
    """cookies.optional = consent."""

    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True, env={"DESKD_COOKIES_OPTIONAL": "consent"})

    def test_consent_flow(self):
        c = self.srv.client()
        r = c.get("/kb")
        self.assertIsNone(r.set_cookie("dp_v"))
        self.assertIn('action="/cookie-consent"', r.body)
        path, aid = articles(c)[0]
        r = c.get(path)
        self.assertIsNone(r.set_cookie("dp_v"))
        banner = re.search(r'<form method="post" action="/cookie-consent">.*?</form>', r.body, re.S).group(0)
        self.assertIn('name="choice" value="all"', banner)
        self.assertIn('name="choice" value="essential"', banner)

        self.assertEqual(c.post("/cookie-consent", {"choice": "all", "return_to": path}).status, 403)
        r = c.post("/cookie-consent", {"choice": "all", "return_to": path, "_dp_csrf_token": form_token(banner)})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), path)
        self.assertEqual(r.set_cookie("dp_consent"),
                         "dp_consent=all; Path=/; HttpOnly; SameSite=Lax; Max-Age=34214400")
        r = c.get(path)
        self.assertRegex(r.set_cookie("dp_v") or "", r"^dp_v=%s; " % VISITOR_ID_RE)
        self.assertNotIn('action="/cookie-consent"', r.body)

        r = c.post("/cookie-consent", {"choice": "essential", "return_to": "//evil.example/",
                                       "_dp_csrf_token": form_token(r.body)})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/")
        self.assertEqual(r.set_cookie("dp_consent"),
                         "dp_consent=essential; Path=/; HttpOnly; SameSite=Lax; Max-Age=34214400")
        self.assertEqual(r.set_cookie("dp_v"), "dp_v=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
        self.assertNotIn("dp_v", c.jar)
        r = c.get(path)
        self.assertIsNone(r.set_cookie("dp_v"))
        self.assertNotIn('action="/cookie-consent"', r.body)

        # Without a visitor token the vote ties to the session.
        r = c.post("/kb/articles/%s/vote" % aid, {"value": "up", "_dp_csrf_token": form_token(r.body)})
        self.assertEqual(r.status, 303)
        self.assertIsNone(r.set_cookie("dp_v"))
        self.assertIn("dpsid-portal", c.jar)
        self.assertTrue(pressed(c.get(path).body, "up"))
        voters = db_rows(self.srv, "SELECT voter FROM votes WHERE article_id = ?", (aid,))
        self.assertTrue(voters and all(v.startswith("s:") for (v,) in voters), voters)

    def test_bad_choice_is_400(self):
        c = self.srv.client()
        token = form_token(c.get("/").body)
        r = c.post("/cookie-consent", {"choice": "maybe", "_dp_csrf_token": token})
        self.assertEqual(r.status, 400)
        self.assertIsNone(r.set_cookie("dp_consent"))


class EngageOffTest(ServerTestCase, unittest.TestCase):
    """cookies.optional = off."""

    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True, env={"DESKD_COOKIES_OPTIONAL": "off"})

    def test_no_banner_and_no_visitor_token(self):
        c = self.srv.client()
        for page in ("/", "/kb"):
            r = c.get(page)
            self.assertIsNone(r.set_cookie("dp_v"))
            self.assertNotIn("/cookie-consent", r.body)
        path, aid = articles(c)[0]
        r = c.get(path)
        self.assertIsNone(r.set_cookie("dp_v"))
        self.assertNotIn("/cookie-consent", r.body)
        r = c.post("/cookie-consent", {"choice": "all", "_dp_csrf_token": form_token(r.body)})
        self.assertEqual(r.status, 303)
        self.assertIsNone(r.set_cookie("dp_consent"))
        r = c.post("/kb/articles/%s/vote" % aid, {"value": "up", "_dp_csrf_token": form_token(c.get(path).body)},
                   headers={"Accept": "application/json"})
        self.assertEqual(r.status, 200)
        self.assertEqual(json.loads(r.body)["mine"], "up")
        self.assertIsNone(r.set_cookie("dp_v"))


if __name__ == "__main__":
    unittest.main()
