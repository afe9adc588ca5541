"""Knowledge base (SPEC §2): /kb, categories, articles in en/da/de, search, the
agent editor and the demo content, as a browser or an attacker sees them."""

import html
import re
import unittest
import urllib.parse

from deskd_server import REGISTRY_NAMES, ServerTestCase, form_token, html_lang

ARTICLE_HREF = re.compile(r'href="(/(?:da/|de/)?kb/articles/(\d+)-([a-z0-9-]+))"')


def q(text):
    return urllib.parse.quote(text, safe="")


class KnowledgeBaseTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True)

    def get(self, path, **kw):
        return self.srv.client().get(path, **kw)

    def article_links(self, path="/kb"):
        page = self.get(path)
        self.assertEqual(page.status, 200, page.body[:500])
        return page, {title: (href, int(aid)) for href, aid, _slug, title in
                      re.findall(r'href="(/(?:da/|de/)?kb/articles/(\d+)-([a-z0-9-]+))"[^>]*>([^<]+)</a>', page.body)}

    def cookie_article(self):
        _, links = self.article_links()
        return links["What cookies does deskd use?"]

    def agent(self):
        client = self.srv.client()
        email, password = self.srv.demo_accounts["agent"]
        res = client.login(email, password, base="/agent")
        self.assertEqual(res.status, 303, res.body[:500])
        return client

    # -- browsing --------------------------------------------------------------

    def test_kb_lists_categories_and_canonical_article_links(self):
        page, links = self.article_links()
        self.assertEqual(html_lang(page.body), "en")
        self.assertGreaterEqual(len(links), 20)
        for category in ("General", "Getting started", "Account &amp; security", "Messenger &amp; chat",
                         "Troubleshooting"):
            self.assertIn(">%s</a></h2>" % category, page.body)
        self.assertIn('href="/kb/general"', page.body)
        self.assertNotIn("Coming soon: satisfaction surveys", page.body)  # the draft
        for href, _ in links.values():
            self.assertRegex(href, r"^/kb/articles/\d+-[a-z0-9-]+$")

    def test_article_page_in_three_languages(self):
        href, aid = self.cookie_article()
        en = self.get(href)
        self.assertEqual(en.status, 200)
        self.assertEqual(html_lang(en.body), "en")
        self.assertIn("<h1 lang=\"en\">What cookies does deskd use?</h1>", en.body)
        self.assertIn("By Demo Agent", en.body)
        self.assertRegex(en.body, r"Updated \d{1,2} [A-Z][a-z]+ \d{4}")
        self.assertIn('href="/kb/general">General</a>', en.body)
        self.assertIn("Comments (0)", en.body)

        da_redirect = self.get("/da/kb/articles/%d-what-cookies-does-deskd-use" % aid)
        self.assertEqual(da_redirect.status, 301)
        self.assertEqual(da_redirect.header("Location"), "/da/kb/articles/%d-hvilke-cookies-bruger-deskd" % aid)
        da = self.get(da_redirect.header("Location"))
        self.assertEqual(da.status, 200)
        self.assertEqual(html_lang(da.body), "da")
        self.assertIn("Hvilke cookies bruger deskd?", da.body)
        self.assertIn("Kommentarer (0)", da.body)
        self.assertRegex(da.body, r"Opdateret \d{1,2}\. [a-zæøå]+ \d{4}")
        self.assertIn('href="/da/kb/generelt">Generelt</a>', da.body)

        de = self.get("/de/kb/articles/%d-welche-cookies-verwendet-deskd" % aid)
        self.assertEqual(de.status, 200)
        self.assertEqual(html_lang(de.body), "de")
        self.assertIn("Welche Cookies verwendet deskd?", de.body)
        self.assertIn("Kommentare (0)", de.body)

    def test_a_shared_link_serves_the_visitors_language_without_redirect(self):
        href, aid = self.cookie_article()
        res = self.get(href, headers={"Accept-Language": "da-DK,da;q=0.9"})
        self.assertEqual(res.status, 200)
        self.assertEqual(html_lang(res.body), "da")
        self.assertIn("Kommentarer (0)", res.body)

    def test_danish_pages_keep_the_language_prefix_in_links(self):
        page, links = self.article_links("/da/kb")
        self.assertEqual(html_lang(page.body), "da")
        self.assertIn("Hvilke cookies bruger deskd?", links)
        for href, _ in links.values():
            self.assertTrue(href.startswith("/da/kb/articles/"), href)
        category = self.get("/da/kb/generelt")
        self.assertEqual(category.status, 200)
        self.assertIn("Hvilke cookies bruger deskd?", category.body)
        # An English category slug under /da/ leads to the Danish one.
        moved = self.get("/da/kb/general")
        self.assertEqual(moved.status, 301)
        self.assertEqual(moved.header("Location"), "/da/kb/generelt")

    def test_wrong_or_missing_slug_redirects_to_the_canonical_url(self):
        href, aid = self.cookie_article()
        for wrong in ("/kb/articles/%d-wrong" % aid, "/kb/articles/%d" % aid, "/kb/articles/0%d-x" % aid):
            res = self.get(wrong)
            self.assertEqual(res.status, 301, wrong)
            self.assertEqual(res.header("Location"), href)

    def test_unknown_ids_and_slugs_are_localised_404_pages(self):
        for path in ("/kb/articles/999999-nothing", "/kb/articles/abc", "/kb/articles/-1", "/kb/articles/1x",
                     "/kb/articles/99999999999999999999", "/kb/no-such-category", "/da/kb/findes-ikke"):
            res = self.get(path)
            self.assertEqual(res.status, 404, path)
            self.assertIn("<html lang=", res.body)
        self.assertEqual(html_lang(self.get("/da/kb/findes-ikke").body), "da")

    def test_draft_is_404_for_visitors_and_listed_in_the_editor(self):
        editor = self.agent().get("/agent/kb")
        self.assertEqual(editor.status, 200)
        m = re.search(r'href="/agent/kb/(\d+)/edit">Coming soon: satisfaction surveys</a>', editor.body)
        self.assertIsNotNone(m, editor.body[:3000])
        draft_id = int(m.group(1))
        res = self.get("/kb/articles/%d-coming-soon-satisfaction-surveys" % draft_id)
        self.assertEqual(res.status, 404)
        self.assertNotIn("/kb/articles/", self.get("/search?q=satisfaction").body.split("</form>", 1)[1])

    def test_cookie_article_table_lists_every_registry_cookie(self):
        href, _ = self.cookie_article()
        body = self.get(href).body
        table = body[body.index("<table>"):body.index("</table>")]
        for name in REGISTRY_NAMES:
            self.assertIn("<code>%s</code>" % name, table)
        self.assertNotIn("[[cookie-table]]", body)

    def test_home_shows_categories_popular_and_newest(self):
        home = self.get("/")
        self.assertEqual(home.status, 200)
        self.assertIn('href="/kb/getting-started"', home.body)
        self.assertIn("Popular articles", home.body)
        self.assertIn("New articles", home.body)
        self.assertIn('action="/search"', home.body)
        self.assertRegex(home.body, re.compile(r'class="kb-popular">.*?href="/kb/articles/\d+-[a-z0-9-]+"', re.S))
        da = self.get("/da/")
        self.assertIn("Populære artikler", da.body)
        self.assertIn('href="/da/kb/kom-godt-i-gang"', da.body)

    # -- search ----------------------------------------------------------------

    def search(self, query, prefix=""):
        return self.get(prefix + "/search?q=" + q(query))

    def test_search_finds_by_word_and_prefix_with_highlights(self):
        for query in ("password", "passw"):
            res = self.search(query)
            self.assertEqual(res.status, 200)
            self.assertIn("Resetting your <mark>password</mark>", res.body)
            self.assertRegex(res.body, r'href="/kb/articles/\d+-resetting-your-password"')

    def test_search_folds_diacritics_and_is_per_language(self):
        res = self.search("kobenhavn", "/da")
        self.assertEqual(res.status, 200)
        self.assertEqual(html_lang(res.body), "da")
        self.assertIn("<mark>København</mark>", res.body)
        self.assertRegex(res.body, r'href="/da/kb/articles/\d+-kontakt-til-support-og-svartider"')
        self.assertIn("<mark>Straße</mark>", self.search("strasse", "/de").body)
        # Danish words only in the Danish translation; English only in English.
        self.assertIn("kontakt-til-support", self.search("hverdage", "/da").body)
        self.assertNotIn("/kb/articles/", self.search("hverdage").body)
        self.assertIn("contacting-support", self.search("weekdays").body)
        self.assertNotIn("/kb/articles/", self.search("weekdays", "/da").body)

    def test_hostile_queries_are_safe(self):
        for query in ('" OR * NEAR(', "<script>alert(1)</script>", "title:x", "*", "\"", "AND OR NOT"):
            res = self.search(query)
            self.assertEqual(res.status, 200, query)
            self.assertNotIn("<script>alert(1)", res.body)
        res = self.search("<script>alert(1)</script>")
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", res.body)
        long = self.search("x" * 2000)
        self.assertEqual(long.status, 400)
        self.assertIn("too long", long.body)
        self.assertNotIn("x" * 300, long.body)
        empty = self.get("/search?q=")
        self.assertEqual(empty.status, 200)
        self.assertIn("Type a word or two", empty.body)

    # -- editor ----------------------------------------------------------------

    def test_editor_needs_an_agent(self):
        res = self.get("/agent/kb")
        self.assertEqual(res.status, 303)
        self.assertTrue(res.header("Location").startswith("/agent/login"))

    def test_agent_creates_previews_and_publishes_an_article(self):
        agent = self.agent()
        form = agent.get("/agent/kb/new")
        self.assertEqual(form.status, 200)
        category = re.search(r'<option value="(\d+)"[^>]*>General</option>', form.body).group(1)
        fields = {
            "_dp_csrf_token": form_token(form.body), "category_id": category, "status": "published",
            "title_en": "Quokka onboarding guide", "slug_en": "",
            "body_en": "Quokkas are friendly.\n\n<script>alert('kb')</script>\n\n<img src=x onerror=alert(2)>",
            "title_da": "Quokka-guide på dansk", "slug_da": "", "body_da": "Quokkaer er venlige.",
            "title_de": "", "slug_de": "", "body_de": "",
        }
        preview = agent.post("/agent/kb/new", dict(fields, preview="1"))
        self.assertEqual(preview.status, 200)
        self.assertIn("<p>Quokkas are friendly.</p>", preview.body)
        self.assertNotIn("<script>alert('kb')", preview.body)
        self.assertIn("value=\"Quokka onboarding guide\"", preview.body)
        self.assertNotIn("/kb/articles/", self.search("quokka").body.split("</form>", 1)[1])  # nothing saved

        fields["_dp_csrf_token"] = form_token(preview.body)
        saved = agent.post("/agent/kb/new", fields)
        self.assertEqual(saved.status, 303, saved.body[:1000])
        aid = int(re.match(r"/agent/kb/(\d+)/edit\?saved=1$", saved.header("Location")).group(1))

        _, links = self.article_links()
        self.assertEqual(links["Quokka onboarding guide"], ("/kb/articles/%d-quokka-onboarding-guide" % aid, aid))
        page = self.get("/kb/articles/%d-quokka-onboarding-guide" % aid)
        self.assertEqual(page.status, 200)
        self.assertNotIn("<script>alert('kb')", page.body)
        self.assertNotIn("<img", page.body)
        self.assertIn("Quokkas are friendly.", page.body)
        self.assertIn("<mark>Quokka</mark>", self.search("quokk").body)
        self.assertIn("/da/kb/articles/%d-quokka-guide-paa-dansk" % aid, self.search("quokka", "/da").body)
        # German falls back to English with a notice.
        de = self.get("/de/kb/articles/%d-quokka-onboarding-guide" % aid)
        self.assertEqual(de.status, 200)
        self.assertIn("nicht in Ihrer Sprache", de.body)
        self.assertIn('<h1 lang="en">Quokka onboarding guide</h1>', de.body)

        # Unpublish: gone for visitors, still in the editor.
        edit = agent.get("/agent/kb/%d/edit" % aid)
        res = agent.post("/agent/kb/%d/status" % aid, {"_dp_csrf_token": form_token(edit.body), "status": "draft"})
        self.assertEqual(res.status, 303)
        self.assertEqual(self.get("/kb/articles/%d-quokka-onboarding-guide" % aid).status, 404)
        self.assertIn("Quokka onboarding guide", agent.get("/agent/kb").body)

    def test_editor_keeps_what_was_typed_on_errors_and_csrf_failure(self):
        agent = self.agent()
        form = agent.get("/agent/kb/new")
        category = re.search(r'<option value="(\d+)"', form.body).group(1)
        typed = {"category_id": category, "status": "draft", "title_en": "Typed <title>", "slug_en": "Bad Slug!",
                 "body_en": "Body I typed\nwith two lines", "title_da": "", "slug_da": "", "body_da": "",
                 "title_de": "", "slug_de": "", "body_de": ""}
        invalid = agent.post("/agent/kb/new", dict(typed, _dp_csrf_token=form_token(form.body)))
        self.assertEqual(invalid.status, 422)
        self.assertIn('value="Typed &lt;title&gt;"', invalid.body)
        self.assertIn('value="Bad Slug!"', invalid.body)
        self.assertIn("Body I typed\nwith two lines</textarea>", invalid.body)
        forged = agent.post("/agent/kb/new", dict(typed, _dp_csrf_token="forged"))
        self.assertEqual(forged.status, 403)
        self.assertIn('value="Typed &lt;title&gt;"', forged.body)
        self.assertIn("Body I typed\nwith two lines</textarea>", forged.body)
        self.assertRegex(forged.body, r'name="_dp_csrf_token" value="[A-Za-z0-9_-]{20,}"')

    def test_agent_creates_a_category(self):
        agent = self.agent()
        page = agent.get("/agent/kb/categories")
        self.assertEqual(page.status, 200)
        token = form_token(page.body)
        res = agent.post("/agent/kb/categories", {
            "_dp_csrf_token": token, "id": "0", "parent_id": "0", "position": "9",
            "title_en": "Billing & invoices", "slug_en": "", "description_en": "Money matters",
            "title_da": "Fakturering", "slug_da": "", "description_da": "",
            "title_de": "Rechnungen", "slug_de": "", "description_de": ""})
        self.assertEqual(res.status, 303, res.body[:1000])
        self.assertEqual(self.get("/kb/billing-invoices").status, 200)
        self.assertIn("Fakturering", self.get("/da/kb/fakturering").body)
        dup = agent.post("/agent/kb/categories", {
            "_dp_csrf_token": token, "id": "0", "parent_id": "0", "position": "1",
            "title_en": "Billing again", "slug_en": "billing-invoices", "description_en": "",
            "title_da": "", "slug_da": "", "description_da": "", "title_de": "", "slug_de": "", "description_de": ""})
        self.assertEqual(dup.status, 422)
        self.assertIn('value="Billing again"', dup.body)


if __name__ == "__main__":
    unittest.main()
