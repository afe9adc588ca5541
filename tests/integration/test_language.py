"""SPEC §1.4: language resolution and the dp_last_lang cookie."""

import unittest

from deskd_server import ServerTestCase, form_token, html_lang

USER = ("polyglot@example.test", "many languages", "user")
LAST_LANG_DE = "dp_last_lang=de; Path=/; HttpOnly; SameSite=Lax"
LAST_LANG_CLEARED = "dp_last_lang=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"


class LanguageTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER])

    def lang_of(self, path="/", **kw):
        res = self.srv.client().get(path, **kw)
        self.assertEqual(res.status, 200)
        return html_lang(res.body)

    def test_accept_language_with_q_values(self):
        cases = {
            "da;q=0.1, de;q=0.9": "de",
            "de;q=0.2,da;q=0.8": "da",
            "da-DK,da;q=0.9,en;q=0.8": "da",
            "fr, es;q=0.5": "en",
            "de;q=0": "en",
            "": "en",
            "*": "en",
            "garbage;;q=abc,,,": "en",
        }
        for header, lang in cases.items():
            with self.subTest(accept_language=header):
                self.assertEqual(self.lang_of(headers={"Accept-Language": header}), lang)

    def test_danish_page_is_translated(self):
        res = self.srv.client().get("/login", headers={"Accept-Language": "da"})
        self.assertIn('<html lang="da"', res.body)
        self.assertIn("Adgangskode", res.body)

    def test_url_prefix_beats_cookie_and_header(self):
        lang = self.lang_of("/da/", cookies="dp_last_lang=de", headers={"Accept-Language": "de"})
        self.assertEqual(lang, "da")
        self.assertEqual(self.lang_of("/de/cookies", cookies="dp_last_lang=da"), "de")

    def test_change_language_sets_cookie_once(self):
        c = self.srv.client()
        res = c.get("/change-language?lang=de&return_to=/cookies")
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/cookies")
        self.assertEqual(res.set_cookie("dp_last_lang"), LAST_LANG_DE)
        res = c.get("/cookies", headers={"Accept-Language": "da"})
        self.assertEqual(html_lang(res.body), "de", "the cookie beats Accept-Language")
        self.assertIsNone(res.set_cookie("dp_last_lang"))
        res = c.get("/change-language?lang=de&return_to=/")
        self.assertEqual(res.status, 303)
        self.assertIsNone(res.set_cookie("dp_last_lang"), "sent only when the value changes")
        res = c.get("/change-language?lang=da&return_to=/")
        self.assertEqual(res.set_cookie("dp_last_lang"), "dp_last_lang=da; Path=/; HttpOnly; SameSite=Lax")

    def test_return_to_never_leaves_the_site(self):
        for target in ("https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)",
                       "%2F%2Fevil.example", "/%5Cevil.example", "http:/evil.example", "\\\\evil.example",
                       "/%09/evil.example", "%0d%0aSet-Cookie:x=y"):
            with self.subTest(return_to=target):
                res = self.srv.client().get("/change-language?lang=da&return_to=" + target)
                self.assertEqual(res.status, 303)
                loc = res.header("Location")
                self.assertTrue(loc.startswith("/"), loc)
                self.assertFalse(loc.startswith("//") or loc.startswith("/\\"), loc)
                self.assertNotIn("evil.example", loc)
                self.assertFalse(any(n == "x" for n in res.cookie_names()))

    def test_local_return_to_is_kept(self):
        res = self.srv.client().get("/change-language?lang=da&return_to=/cookies%3Fa%3D1")
        self.assertEqual(res.header("Location"), "/cookies?a=1")

    def test_unknown_language_is_ignored_and_not_reflected(self):
        for lang in ("xx", "<script>alert(1)</script>", "DE", "de-DE", "", "en%00"):
            with self.subTest(lang=lang):
                c = self.srv.client()
                res = c.get("/change-language?lang=%s&return_to=/" % lang)
                self.assertEqual(res.status, 303)
                self.assertIsNone(res.set_cookie("dp_last_lang"))
                self.assertNotIn("script", res.body + "".join(v for _, v in res.headers))
                page = c.get("/")
                self.assertEqual(html_lang(page.body), "en")
                self.assertNotIn("<script>", page.body)

    def test_invalid_cookie_is_ignored_and_cleared(self):
        for value in ("xx", "<b>", "de,da", '"de"', "A" * 300):
            with self.subTest(value=value[:10]):
                res = self.srv.client().get("/", cookies="dp_last_lang=" + value, headers={"Accept-Language": "da"})
                self.assertEqual(res.status, 200)
                self.assertEqual(html_lang(res.body), "da")
                self.assertEqual(res.set_cookie("dp_last_lang"), LAST_LANG_CLEARED)
                self.assertNotIn("<b>", res.body)

    def test_signed_in_language_is_saved_on_the_profile(self):
        c = self.srv.client()
        self.assertEqual(c.login(USER[0], USER[1]).status, 303)
        self.assertEqual(c.get("/change-language?lang=de&return_to=/").status, 303)
        home = c.get("/")
        self.assertEqual(html_lang(home.body), "de")
        self.assertEqual(c.post("/logout", {"_dp_csrf_token": form_token(home.body)}).status, 303)
        fresh = self.srv.client()
        self.assertEqual(fresh.login(USER[0], USER[1]).status, 303)
        self.assertNotIn("dp_last_lang", fresh.jar)
        page = fresh.get("/", headers={"Accept-Language": "da"})
        self.assertEqual(html_lang(page.body), "de", "the person's language beats Accept-Language")
        # Put the profile back so the other tests see a neutral account.
        self.assertEqual(fresh.get("/change-language?lang=en&return_to=/").status, 303)

    def test_404_page_in_the_visitors_language(self):
        res = self.srv.client().get("/no-such-page", headers={"Accept-Language": "da"})
        self.assertEqual(res.status, 404)
        self.assertIn('<html lang="da"', res.body)
        self.assertIn("Siden blev ikke fundet", res.body)
        self.assertTrue(res.header("Content-Type").startswith("text/html"))
        res = self.srv.client().get("/de/no-such-page")
        self.assertEqual(res.status, 404)
        self.assertIn('<html lang="de"', res.body)


if __name__ == "__main__":
    unittest.main()
