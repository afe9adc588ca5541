"""Crawl of the whole demo (issue 4): plants script probes wherever a visitor or agent can write,
then visits every page reachable from /, /da/, /de/, /kb (as a visitor), /agent/ (as the demo
agent) and /admin/ (as the demo admin), GET only, and fails on any 5xx, any Set-Cookie outside
the SPEC §1 registry, two Set-Cookie lines for one name, a page without `<html lang=`, or a
probe that comes back unescaped.
"""

import collections
import html
import re
import time
import unittest
import urllib.parse

from deskd_server import REGISTRY_NAMES, ServerTestCase, cookie_name, form_token

PROBE_SCRIPT = "<script>alert(1)</script>"
PROBE_ATTR = '"><img src=x onerror=alert(1)>'
# What must never appear literally in any answer.
UNESCAPED = ("<script>alert(1)</script>", "<img src=x onerror")
# How the script probe looks once HTML-escaped (proves the plant reached the page).
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"

MAX_PAGES = 600  # all crawls together
ARTICLE_RE = re.compile(r'href="(/kb/articles/(\d+)-[^"#?]*)"')
HREF_RE = re.compile(r'href="([^"]*)"')
# Links that change state even on GET, or leave the HTML pages.
SKIP_RE = re.compile(r"(^|/)logout\b|^/change-language|^/static/|^/messenger/|[?&]access=")


def q(text):
    return urllib.parse.quote(text, safe="")


class Crawl:
    """One browser's breadth-first crawl; collects every problem instead of stopping at the first."""

    def __init__(self, server, client, name, extra_cookies=(), home=""):
        self.server = server
        self.home = home  # paths under it are crawled before any other
        self.client = client
        self.name = name
        self.extra_cookies = list(extra_cookies)  # sent on every request, rotated one per request
        self.visited = []
        self.problems = []
        self.bodies = {}  # url -> body of HTML answers

    def cookie_line(self, index):
        parts = ["%s=%s" % kv for kv in self.client.jar.items() if kv[0] != "dp_last_lang"]
        if self.extra_cookies:
            parts.append(self.extra_cookies[index % len(self.extra_cookies)])
        elif "dp_last_lang" in self.client.jar:
            parts.append("dp_last_lang=%s" % self.client.jar["dp_last_lang"])
        return "; ".join(parts)

    def same_site(self, href, base):
        href = html.unescape(href).split("#", 1)[0]
        if not href:
            return None
        absolute = urllib.parse.urljoin(self.server.origin + base, href)
        parts = urllib.parse.urlsplit(absolute)
        if "%s://%s" % (parts.scheme, parts.netloc) != self.server.origin:
            return None
        path = parts.path + ("?" + parts.query if parts.query else "")
        return None if SKIP_RE.search(path) else path

    def check(self, url, res):
        where = "%s %s" % (self.name, url)
        if res.status >= 500:
            self.problems.append("%s: status %d" % (where, res.status))
        names = [cookie_name(c) for c in res.set_cookies]
        for n in names:
            if n not in REGISTRY_NAMES:
                self.problems.append("%s: Set-Cookie outside the registry: %r" % (where, n))
        for n, count in collections.Counter(names).items():
            if count > 1:
                self.problems.append("%s: %d Set-Cookie lines for %s" % (where, count, n))
        is_html = (res.header("Content-Type") or "").startswith("text/html")
        if is_html and not 300 <= res.status < 400 and "<html lang=" not in res.body:
            self.problems.append("%s: page without <html lang=" % where)
        for probe in UNESCAPED:
            if probe in res.body:
                at = res.body.index(probe)
                self.problems.append("%s: unescaped %r: ...%s..." % (where, probe, res.body[max(0, at - 120):at + 60]))

    def run(self, seeds, budget):
        near, far = collections.deque(seeds), collections.deque()
        seen = set(seeds)
        while (near or far) and len(self.visited) < budget:
            url = near.popleft() if near else far.popleft()
            res = self.client.get(url, cookies=self.cookie_line(len(self.visited)))
            self.visited.append(url)
            self.check(url, res)
            links = []
            if 300 <= res.status < 400 and res.header("Location"):
                links.append(res.header("Location"))
            elif (res.header("Content-Type") or "").startswith("text/html"):
                self.bodies[url] = res.body
                links.extend(HREF_RE.findall(res.body))
            for href in links:
                nxt = self.same_site(href, url)
                if nxt is not None and nxt not in seen:
                    seen.add(nxt)
                    (near if nxt.startswith(self.home) else far).append(nxt)
        return len(near) + len(far)

    def pages_with(self, text):
        return [url for url, body in self.bodies.items() if text in body]


class CrawlTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True)
        cls.started = time.monotonic()
        cls.plant()

    # -- planting ----------------------------------------------------------------

    @classmethod
    def staff(cls, role):
        c = cls.srv.client()
        email, password = cls.srv.demo_accounts[role]
        res = c.login(email, password, base="/agent" if role == "agent" else "/admin")
        assert res.status == 303, "demo %s login answered %d" % (role, res.status)
        return c

    @classmethod
    def plant(cls):
        srv = cls.srv
        cls.visitor = srv.client()
        cls.agent = cls.staff("agent")
        cls.admin = cls.staff("admin")
        links = ARTICLE_RE.findall(cls.visitor.get("/kb").body)
        assert len(links) >= 2, "the demo has too few articles"
        (path, aid), (pending_path, pending_aid) = links[0], links[1]
        cls.commented_article = path

        # Two guest comments: one approved by the agent, one left pending (its author sees it).
        for at_path, at_id in ((path, aid), (pending_path, pending_aid)):
            token = form_token(cls.visitor.get(at_path).body)
            res = cls.visitor.post("/kb/articles/%s/comments" % at_id, {
                "_dp_csrf_token": token, "name": PROBE_SCRIPT + " crawl", "email": "probe@crawl.test",
                "body": "crawl probe %s and %s" % (PROBE_SCRIPT, PROBE_ATTR)})
            assert res.status == 303, "comment answered %d" % res.status
        queue = cls.agent.get("/agent/comments").body
        row = re.search(r'<tr id="comment-(\d+)">(?:(?!</tr>).)*?href="%s"' % re.escape(path), queue, re.S)
        assert row, "the planted comment is not in the moderation queue"
        res = cls.agent.post("/agent/comments/%s/approve" % row.group(1), {"_dp_csrf_token": form_token(queue)})
        assert res.status == 303, "approve answered %d" % res.status

        # A guest ticket: subject, message and name.
        token = form_token(cls.visitor.get("/new-ticket").body)
        res = cls.visitor.post("/new-ticket", {
            "_dp_csrf_token": token, "name": PROBE_ATTR, "email": "probe-ticket@crawl.test",
            "subject": "Crawl " + PROBE_SCRIPT, "message": "Probe message %s\n%s" % (PROBE_SCRIPT, PROBE_ATTR)})
        assert res.status == 303, "new ticket answered %d: %s" % (res.status, res.body[:500])
        cls.ticket_created = res.header("Location")
        cls.ticket_page = cls.ticket_created.rsplit("/created", 1)[0]

        # A published article with probes in titles and bodies, through the agent editor.
        form = cls.agent.get("/agent/kb/new").body
        category = re.search(r'<option value="(\d+)"', form).group(1)
        fields = {"_dp_csrf_token": form_token(form), "category_id": category, "status": "published"}
        for lang in ("en", "da", "de"):
            fields.update({
                "title_" + lang: "Crawlprobe %s %s" % (lang, PROBE_SCRIPT),
                "slug_" + lang: "",
                "body_" + lang: "Crawlprobe body %s\n\n%s\n\n`%s`\n\n[x](javascript:alert(1)) %s"
                                % (lang, PROBE_SCRIPT, PROBE_ATTR, PROBE_ATTR),
            })
        res = cls.agent.post("/agent/kb/new", fields)
        assert res.status == 303, "article editor answered %d: %s" % (res.status, res.body[:800])
        cls.article_edit = res.header("Location")

    # -- the crawl ---------------------------------------------------------------

    def test_crawl_every_page(self):
        search_seeds = ["/search?q=" + q(PROBE_SCRIPT), "/search?q=" + q(PROBE_ATTR),
                        "/da/search?q=" + q(PROBE_SCRIPT), "/de/search?q=" + q(PROBE_ATTR),
                        "/search?q=crawlprobe", "/kb?q=" + q(PROBE_SCRIPT)]
        lang_probes = ["dp_last_lang=" + PROBE_SCRIPT, "dp_last_lang=" + PROBE_ATTR]
        visitor = Crawl(self.srv, self.visitor, "visitor", extra_cookies=lang_probes)
        agent = Crawl(self.srv, self.agent, "agent", home="/agent")
        admin = Crawl(self.srv, self.admin, "admin", home="/admin")
        left = visitor.run(["/", "/da/", "/de/", "/kb", self.ticket_page, self.ticket_created] + search_seeds,
                           MAX_PAGES // 2)
        left += agent.run(["/agent/", "/agent/kb", self.article_edit], MAX_PAGES - len(visitor.visited) - 150)
        left += admin.run(["/admin/"], MAX_PAGES - len(visitor.visited) - len(agent.visited))
        crawls = (visitor, agent, admin)
        problems = [p for c in crawls for p in c.problems]
        self.assertEqual(problems, [], "\n".join(problems[:40]))

        # The crawl saw what it was meant to see (else the probes prove nothing).
        self.assertGreater(len(visitor.visited), 60)
        for wanted in ("/da/kb", "/de/kb", "/cookies", "/login", "/new-ticket"):
            self.assertTrue(any(u.startswith(wanted) for u in visitor.visited), wanted)
        for wanted in ("/agent/tickets", "/agent/comments", "/agent/kb", "/agent/chats"):
            self.assertIn(wanted, agent.visited)
        for wanted in ("/admin/people", "/admin/audit", "/admin/sessions", "/admin/settings"):
            self.assertIn(wanted, admin.visited)
        # Each planted probe came back escaped where it belongs.
        article_pages = visitor.pages_with("Crawlprobe en " + ESCAPED_SCRIPT)
        self.assertTrue(any("/kb/articles/" in u for u in article_pages), "the probe article was not crawled")
        self.assertTrue(visitor.pages_with("Crawlprobe da " + ESCAPED_SCRIPT), "no Danish probe article")
        self.assertTrue(visitor.pages_with("Crawlprobe de " + ESCAPED_SCRIPT), "no German probe article")
        comment_pages = visitor.pages_with("crawl probe " + ESCAPED_SCRIPT)
        self.assertIn(self.commented_article, comment_pages)
        self.assertGreaterEqual(len(comment_pages), 2, "the pending comment is not shown to its author")
        self.assertTrue(visitor.pages_with("Probe message " + ESCAPED_SCRIPT), "the ticket page was not crawled")
        self.assertTrue(agent.pages_with("Crawl " + ESCAPED_SCRIPT), "the agent never saw the probe ticket")
        self.assertTrue(agent.pages_with("Probe message " + ESCAPED_SCRIPT), "the agent ticket view was not crawled")
        editor = [u for u in agent.pages_with("Crawlprobe body en\n\n" + ESCAPED_SCRIPT) if "/edit" in u]
        self.assertTrue(editor, "the editor of the probe article was not crawled")
        for probe in (PROBE_SCRIPT, PROBE_ATTR):
            echoed = 'name="q" value="%s"' % html.escape(probe, quote=True).replace("&#x27;", "&#39;")
            self.assertIn(echoed, visitor.bodies.get("/search?q=" + q(probe), ""), "the search page lost the query")
        total = sum(len(c.visited) for c in crawls)
        self.assertLessEqual(total, MAX_PAGES)
        self.assertLess(time.monotonic() - self.started, 60, "the crawl took longer than a minute")
        print("\ncrawl: %d visitor, %d agent, %d admin pages, %d links left unvisited, %.1f s"
              % (len(visitor.visited), len(agent.visited), len(admin.visited), left,
                 time.monotonic() - self.started))

    def test_probe_language_cookie_alone_is_refused_and_escaped(self):
        for probe in (PROBE_SCRIPT, PROBE_ATTR):
            for path in ("/", "/kb", "/cookies", "/no-such-page", "/search?q=x"):
                res = self.srv.client().get(path, cookies="dp_last_lang=" + probe)
                self.assertLess(res.status, 500, path)
                self.assertIn('<html lang="en"', res.body, path)
                for unescaped in UNESCAPED:
                    self.assertNotIn(unescaped, res.body, path)
                self.assertEqual(res.set_cookie("dp_last_lang"),
                                 "dp_last_lang=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0", (path, probe))


if __name__ == "__main__":
    unittest.main()
