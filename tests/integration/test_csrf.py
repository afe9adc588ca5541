"""SPEC §1.5: signed double-submit CSRF tokens and origin checks, as a browser and an attacker see them."""

import base64
import os
import unittest

from deskd_server import ServerTestCase, form_token, form_tokens

USER = ("writer@example.test", "s3cret pass phrase", "user")
EVIL = "http://evil.example"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mask(secret):
    """The masking deskd applies to a secret: pad || (pad xor secret), base64url."""
    pad = os.urandom(len(secret))
    return b64url(pad + bytes(a ^ b for a, b in zip(pad, secret)))


class CsrfTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER])

    # An anonymous POST /logout is harmless (303 home): it tells whether a token verifies.
    def verifies(self, client, token, headers=None, field=True):
        form = {"_dp_csrf_token": token} if field else {}
        res = client.post("/logout", form, headers=headers, update_jar=False)
        self.assertIn(res.status, (303, 403), res.body[:300])
        return res.status == 303

    def signed_in(self, client):
        return 'action="/logout"' in client.get("/").body

    def test_login_without_token_is_403_and_keeps_what_was_typed(self):
        c = self.srv.client()
        c.get("/login")
        res = c.post("/login", {"email": USER[0], "password": USER[1], "return_to": "/cookies"})
        self.assertEqual(res.status, 403)
        self.assertIsNone(res.set_cookie("dpsid-portal"))
        self.assertIn('name="email" value="%s"' % USER[0], res.body)
        self.assertIn('name="return_to" value="/cookies"', res.body)
        self.assertNotIn(USER[1], res.body)
        fresh = form_token(res.body)
        res = c.post("/login", {"_dp_csrf_token": fresh, "email": USER[0], "password": USER[1],
                                "return_to": "/cookies"})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/cookies")

    def test_login_with_wrong_token_is_403_then_fresh_token_works(self):
        c = self.srv.client()
        c.get("/login")
        res = c.post("/login", {"_dp_csrf_token": "AAAA" * 16, "email": USER[0], "password": USER[1]})
        self.assertEqual(res.status, 403)
        self.assertIn('value="%s"' % USER[0], res.body)
        self.assertNotIn(USER[1], res.body)
        res = c.post("/login", {"_dp_csrf_token": form_token(res.body), "email": USER[0], "password": USER[1]})
        self.assertEqual(res.status, 303)

    def test_login_with_no_csrf_cookie_is_403_with_a_working_form(self):
        c = self.srv.client()
        res = c.post("/login", {"_dp_csrf_token": "x", "email": USER[0], "password": USER[1]})
        self.assertEqual(res.status, 403)
        self.assertIsNotNone(res.set_cookie("_dp_csrf_token"), "the re-rendered form brings its cookie")
        res = c.post("/login", {"_dp_csrf_token": form_token(res.body), "email": USER[0], "password": USER[1]})
        self.assertEqual(res.status, 303)

    def test_header_token_is_accepted_and_wins_over_the_field(self):
        c = self.srv.client()
        token = c.token()
        self.assertTrue(self.verifies(c, "garbage", headers={"X-DP-CSRF-Token": token}))
        self.assertTrue(self.verifies(c, None, headers={"X-DP-CSRF-Token": token}, field=False))
        self.assertFalse(self.verifies(c, token, headers={"X-DP-CSRF-Token": "garbage"}))

    def test_masked_tokens_differ_per_page_load_and_all_verify(self):
        c = self.srv.client()
        tokens = [c.token() for _ in range(4)]
        self.assertEqual(len(set(tokens)), 4, tokens)
        for t in tokens:
            self.assertTrue(self.verifies(c, t))
        page = c.get("/login").body
        self.assertEqual(len(form_tokens(page)), 1)

    def test_token_from_another_browser_fails(self):
        alice, mallory = self.srv.client(), self.srv.client()
        alice.get("/login")
        mallory_token = mallory.token()
        self.assertFalse(self.verifies(alice, mallory_token))
        self.assertTrue(self.verifies(mallory, mallory_token))

    def test_foreign_origin_is_rejected_even_with_a_valid_token(self):
        c = self.srv.client()
        token = c.token()
        self.assertFalse(self.verifies(c, token, headers={"Origin": EVIL}))
        self.assertFalse(self.verifies(c, token, headers={"Origin": "null"}))
        self.assertFalse(self.verifies(c, token, headers={"Origin": "https://%s:%d" % (self.srv.host, self.srv.port)}))
        res = c.post("/login", {"_dp_csrf_token": token, "email": USER[0], "password": USER[1]},
                     headers={"Origin": EVIL})
        self.assertEqual(res.status, 403)
        self.assertIsNone(res.set_cookie("dpsid-portal"))

    def test_cross_site_fetch_metadata_is_rejected(self):
        c = self.srv.client()
        token = c.token()
        self.assertFalse(self.verifies(c, token, headers={"Sec-Fetch-Site": "cross-site"}))
        self.assertTrue(self.verifies(c, token, headers={"Sec-Fetch-Site": "same-origin"}))

    def test_foreign_referer_without_origin_is_rejected(self):
        c = self.srv.client()
        token = c.token()
        self.assertFalse(self.verifies(c, token, headers={"Referer": EVIL + "/page"}))
        self.assertTrue(self.verifies(c, token, headers={"Referer": self.srv.origin + "/login"}))

    def test_matching_origin_is_accepted(self):
        c = self.srv.client()
        token = c.token()
        self.assertTrue(self.verifies(c, token, headers={"Origin": self.srv.origin}))
        res = c.post("/login", {"_dp_csrf_token": token, "email": USER[0], "password": USER[1]},
                     headers={"Origin": self.srv.origin, "Sec-Fetch-Site": "same-origin"})
        self.assertEqual(res.status, 303)

    def test_planted_cookie_is_rejected_and_replaced(self):
        secret = os.urandom(32)
        planted = b64url(secret) + "." + b64url(os.urandom(32))
        c = self.srv.client()
        c.jar["_dp_csrf_token"] = planted
        # The attacker knows the secret behind the planted cookie and masks it correctly.
        self.assertFalse(self.verifies(c, mask(secret)))
        res = c.get("/login")
        line = res.set_cookie("_dp_csrf_token")
        self.assertIsNotNone(line, "a planted cookie is replaced by the form's own")
        self.assertNotIn(planted, line)
        self.assertTrue(self.verifies(c, form_token(res.body)))
        self.assertFalse(self.verifies(c, mask(secret)))

    def test_planted_cookie_cannot_log_in(self):
        secret = os.urandom(32)
        c = self.srv.client()
        c.jar["_dp_csrf_token"] = b64url(secret) + "." + b64url(os.urandom(32))
        res = c.post("/login", {"_dp_csrf_token": mask(secret), "email": USER[0], "password": USER[1]})
        self.assertEqual(res.status, 403)
        self.assertIsNone(res.set_cookie("dpsid-portal"))

    def test_pre_login_token_fails_after_login(self):
        c = self.srv.client()
        page = c.get("/login")
        pre = form_token(page.body)
        spare = form_token(c.get("/login").body)
        res = c.post("/login", {"_dp_csrf_token": pre, "email": USER[0], "password": USER[1]})
        self.assertEqual(res.status, 303)
        self.assertFalse(self.verifies(c, spare))
        self.assertTrue(self.signed_in(c))

    def test_logout_without_token_is_403_and_still_signed_in(self):
        c = self.srv.client()
        self.assertEqual(c.login(USER[0], USER[1]).status, 303)
        for form in ({}, {"_dp_csrf_token": ""}, {"_dp_csrf_token": "A" * 300}):
            with self.subTest(form=str(form)[:40]):
                res = c.post("/logout", form)
                self.assertEqual(res.status, 403)
                self.assertIsNone(res.set_cookie("dpsid-portal"))
                self.assertTrue(self.signed_in(c))
        res = c.post("/logout", {"_dp_csrf_token": form_token(c.get("/").body)})
        self.assertEqual(res.status, 303)
        self.assertFalse(self.signed_in(c))

    def test_session_bound_token_does_not_work_with_another_session(self):
        a, b = self.srv.client(), self.srv.client()
        self.assertEqual(a.login(USER[0], USER[1]).status, 303)
        self.assertEqual(b.login(USER[0], USER[1]).status, 303)
        a_token = form_token(a.get("/").body)
        # b's session with a's CSRF cookie and token: the cookie is bound to a's session id.
        mixed = self.srv.client()
        mixed.jar = {"dpsid-portal": b.jar["dpsid-portal"], "_dp_csrf_token": a.jar["_dp_csrf_token"]}
        res = mixed.post("/logout", {"_dp_csrf_token": a_token}, update_jar=False)
        self.assertEqual(res.status, 403)
        self.assertTrue(self.signed_in(b))

    def test_staff_forms_are_protected(self):
        for base in ("/agent", "/admin"):
            with self.subTest(interface=base):
                c = self.srv.client()
                c.get(base + "/login")
                res = c.post(base + "/login", {"email": "a@b.test", "password": "x"})
                self.assertEqual(res.status, 403)
                self.assertIn('name="email" value="a@b.test"', res.body)


if __name__ == "__main__":
    unittest.main()
