"""The agent interface's home page and navigation: what needs attention, linked."""

import re
import unittest

from deskd_server import ServerTestCase, form_token

AGENT = ("agent@home.test", "agent password 1", "agent")
ADMIN = ("admin@home.test", "admin password 1", "admin")
USER = ("user@home.test", "user password 1", "user")


def login(srv, who, base):
    c = srv.client()
    page = c.get(base + "/login")
    res = c.post(base + "/login", {"_dp_csrf_token": form_token(page.body), "email": who[0], "password": who[1]})
    assert res.status == 303, res.status
    return c


class AgentHomeTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[AGENT, ADMIN, USER])

    def counts(self, body):
        return dict((label.strip(), int(n)) for n, label in
                    re.findall(r'<li><a href="[^"]+"><strong>(\d+)</strong> ([^<]+)</a></li>', body))

    def test_home_counts_open_tickets_and_links_every_agent_page(self):
        agent = login(self.srv, AGENT, "/agent")
        before = self.counts(agent.get("/agent/").body)["Open tickets"]
        guest = self.srv.client()
        form = guest.get("/new-ticket")
        res = guest.post("/new-ticket", {"_dp_csrf_token": form_token(form.body), "name": "Ann",
                                         "email": "ann@home.test", "subject": "Printer",
                                         "message": "It is on fire."})
        self.assertIn(res.status, (302, 303))
        home = agent.get("/agent/")
        self.assertEqual(home.status, 200)
        self.assertEqual(self.counts(home.body)["Open tickets"], before + 1)
        self.assertIn("Chats waiting", self.counts(home.body))
        self.assertIn("Comments awaiting approval", self.counts(home.body))
        for href in ("/agent/tickets", "/agent/chats", "/agent/kb", "/agent/comments", "/agent/sessions"):
            self.assertIn('href="%s"' % href, home.body)
            self.assertEqual(agent.get(href).status, 200, href)
        self.assertNotIn('href="/admin/"', home.body)

    def test_admins_get_a_link_to_the_admin_interface(self):
        admin = login(self.srv, ADMIN, "/agent")
        self.assertIn('href="/admin/"', admin.get("/agent/").body)

    def test_signed_in_portal_users_see_their_tickets_and_account(self):
        user = login(self.srv, USER, "")
        home = user.get("/")
        self.assertIn('href="/tickets"', home.body)
        self.assertIn('href="/account"', home.body)
        self.assertNotIn('href="/tickets"', self.srv.client().get("/").body)

    def test_danish_labels(self):
        agent = login(self.srv, AGENT, "/agent")
        page = agent.get("/agent/", headers={"Accept-Language": "da"})
        self.assertIn("Åbne sager", page.body)


if __name__ == "__main__":
    unittest.main()
