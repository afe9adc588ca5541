"""Issue 15 items 5, 7, 8, 9, 10: ticket search, ticket presence and reply collision, the people
directory with merge, reports (SVG + CSV) and ticket deflection — as agents, customers, anonymous
visitors and attackers observe them on a real deskd."""

import csv
import io
import json
import re
import time
import unittest
import urllib.parse

from deskd_server import ServerTestCase, form_token
from wsclient import WebSocket

AGENT = ("desk.agent@example.test", "agent pass phrase 1", "agent")
AGENT2 = ("desk.agent2@example.test", "agent pass phrase 2", "agent")
ADMIN = ("desk.admin@example.test", "admin pass phrase 3", "admin")
USER = ("customer@acme.example", "user pass phrase 4", "user")
DUPLICATE = ("customer.dup@acme.example", "user pass phrase 5", "user")
OTHER = ("someone@beta.example", "user pass phrase 6", "user")

REF_RE = r"[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}"


class DeskInsightsTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[AGENT, AGENT2, ADMIN, USER, DUPLICATE, OTHER])

    # -- helpers -------------------------------------------------------------

    def query(self, sql, *args):
        return self.srv.query(sql, *args, named=True)

    def login(self, who, base=""):
        c = self.srv.client()
        res = c.login(who[0], who[1], base=base)
        self.assertEqual(res.status, 303, res.body[:500])
        return c

    def agent(self, who=AGENT):
        return self.login(who, base="/agent")

    def new_ticket(self, subject, message, email=None, client=None):
        client = client or self.srv.client()
        token = form_token(client.get("/new-ticket").body)
        res = client.post("/new-ticket", {"_dp_csrf_token": token, "name": "Gail Guest",
                                          "email": email or "guest%d@gamma.example" % time.monotonic_ns(),
                                          "subject": subject, "message": message})
        self.assertEqual(res.status, 303, res.body[:500])
        return re.search(REF_RE, res.header("Location")).group(0)

    def unique(self, word):
        return "%s%d" % (word, time.monotonic_ns())

    # -- 5. search ------------------------------------------------------------

    def test_search_finds_subject_message_requester_and_ref_with_status_filter(self):
        word = self.unique("zebra")
        body_word = self.unique("quokka")
        ref = self.new_ticket("The %s printer" % word, "It says %s on screen" % body_word,
                              email="finder@delta.example")
        other = self.new_ticket("Unrelated", "nothing here")
        a = self.agent()
        for q in (word, body_word, word.upper(), "finder@delta.example", ref, ref.lower(), word[:8]):
            res = a.get("/agent/search?q=" + urllib.parse.quote(q))
            self.assertEqual(res.status, 200, q)
            self.assertIn("/agent/tickets/%s" % ref, res.body, q)
            self.assertNotIn("/agent/tickets/%s" % other, res.body, q)
        res = a.get("/agent/search?q=%s&status=pending" % word)
        self.assertEqual(res.status, 200)
        self.assertNotIn(ref, res.body)
        res = a.get("/agent/search?q=%s&status=open" % word)
        self.assertIn(ref, res.body)
        self.assertEqual(a.get("/agent/search?q=x&status=bogus").status, 400)
        self.assertEqual(a.get("/agent/search?q=x&page=0").status, 400)

    def test_hostile_search_queries_get_clean_answers(self):
        a = self.agent()
        for q in ['"', '"unterminated', "NEAR(a b)", "a OR b AND NOT c", "x*", "^x", "subject:x", "'a':* | !b",
                  "(((", "\\", "%", "_", "' OR 1=1 --", "<script>alert(1)</script>", "", "   ",
                  "x" * 5000, '"' * 3000, "ø" * 2000, "a " * 500]:
            res = a.get("/agent/search?q=" + urllib.parse.quote(q))
            self.assertEqual(res.status, 200, q[:40])
            self.assertNotIn("<script>alert(1)</script>", res.body)

    def test_search_is_for_agents_only(self):
        anon = self.srv.client().get("/agent/search?q=x")
        self.assertEqual(anon.status, 303)
        self.assertTrue(anon.header("Location").startswith("/agent/login"))
        user = self.login(USER)
        self.assertEqual(user.get("/agent/search?q=x").status, 303)

    # -- 7. presence and collision -----------------------------------------------

    def socket(self, client):
        ws = WebSocket(self.srv.host, self.srv.port, "/agent/ws",
                       headers={"Origin": self.srv.origin, "Cookie": client.cookie_header()})
        ws.recv_until(lambda m: m["type"] == "queue")
        return ws

    def test_agents_on_one_ticket_see_each_other_and_typing(self):
        ref = self.new_ticket("Presence", "who is here")
        a, b = self.agent(AGENT), self.agent(AGENT2)
        page = a.get("/agent/tickets/" + ref)
        self.assertEqual(page.status, 200)
        self.assertIn('id="ticket-presence"', page.body)
        self.assertIn('data-ref="%s"' % ref, page.body)
        self.assertRegex(page.body, r'<script src="/static/ticket-presence\.[^"]*js" defer>')
        wa, wb = self.socket(a), self.socket(b)
        try:
            wa.send_json({"type": "ticket_view", "ref": ref})
            wa.recv_until(lambda m: m["type"] == "ticket_presence" and len(m["agents"]) == 1)
            wb.send_json({"type": "ticket_view", "ref": ref})
            seen, _ = wa.recv_until(lambda m: m["type"] == "ticket_presence" and len(m["agents"]) == 2)
            names = [AGENT[0].split("@")[0], AGENT2[0].split("@")[0]]  # an account's name defaults to this
            self.assertEqual([x["name"] for x in seen["agents"]], names)
            wb.send_json({"type": "ticket_typing", "ref": ref, "on": True})
            typing, _ = wa.recv_until(lambda m: m["type"] == "ticket_presence" and
                                      any(x["typing"] for x in m["agents"]))
            self.assertEqual([x["name"] for x in typing["agents"] if x["typing"]], names[1:])
            wb.close()
            wa.recv_until(lambda m: m["type"] == "ticket_presence" and len(m["agents"]) == 1)
            wa.send_json({"type": "ticket_view", "ref": "bad ref\""})
            err, _ = wa.recv_until(lambda m: m["type"] == "error")
            self.assertEqual(err["error"], "bad_request")
        finally:
            wa.close()

    def test_reply_after_someone_else_replied_asks_to_confirm_and_keeps_the_text(self):
        ref = self.new_ticket("Collision", "first words")
        a, b = self.agent(AGENT), self.agent(AGENT2)
        page_a = a.get("/agent/tickets/" + ref).body
        seen = re.search(r'name="seen_message_id" value="(\d+)"', page_a).group(1)
        token_a = form_token(page_a)
        # B replies while A is writing.
        page_b = b.get("/agent/tickets/" + ref).body
        res = b.post("/agent/tickets/%s/reply" % ref, {"_dp_csrf_token": form_token(page_b), "message": "B was faster",
                                                      "seen_message_id": re.search(
                                                          r'name="seen_message_id" value="(\d+)"', page_b).group(1)})
        self.assertEqual(res.status, 303)
        res = a.post("/agent/tickets/%s/reply" % ref, {"_dp_csrf_token": token_a, "message": "A's careful answer",
                                                      "seen_message_id": seen})
        self.assertEqual(res.status, 409)
        self.assertIn('id="collision"', res.body)
        self.assertIn("B was faster", res.body.split('id="collision"')[1])
        self.assertIn("A&#39;s careful answer", res.body)
        self.assertEqual(len(self.query("SELECT 1 FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id "
                                        "WHERE t.ref = ? AND m.body = ?", ref, "A's careful answer")), 0)
        # Confirming (the page now carries the newest id) sends it.
        seen2 = re.search(r'name="seen_message_id" value="(\d+)"', res.body).group(1)
        self.assertGreater(int(seen2), int(seen))
        res = a.post("/agent/tickets/%s/reply" % ref, {"_dp_csrf_token": form_token(res.body),
                                                      "message": "A's careful answer", "seen_message_id": seen2})
        self.assertEqual(res.status, 303)
        self.assertEqual(len(self.query("SELECT 1 FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id "
                                        "WHERE t.ref = ? AND m.body = ?", ref, "A's careful answer")), 1)

    # -- 8. people --------------------------------------------------------------

    def person_id(self, email):
        return self.query("SELECT id FROM people WHERE email = ?", email)[0]["id"]

    def test_directory_groups_by_domain_and_person_page_shows_history(self):
        cust = self.login(OTHER)
        self.new_ticket("Beta question", "from beta", email=OTHER[0], client=cust)
        a = self.agent()
        res = a.get("/agent/people")
        self.assertEqual(res.status, 200)
        body = res.body
        self.assertLess(body.index("<h2>acme.example</h2>"), body.index("<h2>beta.example</h2>"))
        self.assertLess(body.index("<h2>beta.example</h2>"), body.index(OTHER[0]))
        filtered = a.get("/agent/people?q=beta.example").body
        self.assertIn(OTHER[0], filtered)
        self.assertNotIn(USER[0], filtered)
        self.assertEqual(a.get("/agent/people?q=%25").status, 200)
        page = a.get("/agent/people/%d" % self.person_id(OTHER[0]))
        self.assertEqual(page.status, 200)
        self.assertIn("Beta question", page.body.split('id="person-tickets"')[1])
        self.assertIn('id="person-visits"', page.body)
        self.assertEqual(a.get("/agent/people/999999").status, 404)
        self.assertEqual(a.get("/agent/people/abc").status, 404)
        self.assertEqual(self.srv.client().get("/agent/people").status, 303)
        self.assertEqual(self.login(USER).get("/agent/people/%d" % self.person_id(USER[0])).status, 303)

    def test_merge_needs_csrf_is_audited_and_moves_history(self):
        dup = self.login(DUPLICATE)
        ref = self.new_ticket("Dup ticket", "from the duplicate", email=DUPLICATE[0], client=dup)
        keep_id, dup_id = self.person_id(USER[0]), self.person_id(DUPLICATE[0])
        a = self.agent()
        page = a.get("/agent/people/%d" % keep_id).body
        # No token: 403, the typed address kept.
        res = a.post("/agent/people/%d/merge" % keep_id, {"merge_email": DUPLICATE[0]})
        self.assertEqual(res.status, 403)
        self.assertIn('value="%s"' % DUPLICATE[0], res.body)
        self.assertEqual(self.query("SELECT person_id FROM tickets WHERE ref = ?", ref)[0]["person_id"], dup_id)
        # Staff accounts are not merged here.
        res = a.post("/agent/people/%d/merge" % keep_id, {"_dp_csrf_token": form_token(page),
                                                          "merge_email": AGENT2[0]})
        self.assertEqual(res.status, 409)
        res = a.post("/agent/people/%d/merge" % keep_id, {"_dp_csrf_token": form_token(page),
                                                          "merge_email": "nobody@nowhere.example"})
        self.assertEqual(res.status, 404)
        self.assertIn("nobody@nowhere.example", res.body)
        res = a.post("/agent/people/%d/merge" % keep_id, {"_dp_csrf_token": form_token(page),
                                                          "merge_email": USER[0]})
        self.assertEqual(res.status, 400)
        res = a.post("/agent/people/%d/merge" % keep_id, {"_dp_csrf_token": form_token(page),
                                                          "merge_email": DUPLICATE[0].upper()})
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/agent/people/%d" % keep_id)
        self.assertEqual(self.query("SELECT person_id FROM tickets WHERE ref = ?", ref)[0]["person_id"], keep_id)
        self.assertEqual(self.query("SELECT disabled FROM people WHERE id = ?", dup_id)[0]["disabled"], 1)
        audit = self.query("SELECT * FROM audit_log WHERE event = 'people_merged'")
        self.assertEqual(len(audit), 1)
        self.assertIn(DUPLICATE[0], audit[0]["detail"])
        # The merged account's session ended.
        self.assertEqual(dup.get("/account").status, 303)

    # -- 9. reports -------------------------------------------------------------

    def test_reports_show_svg_charts_and_export_csv(self):
        ref = self.new_ticket("Report me", "numbers please")
        a = self.agent()
        page = a.get("/agent/tickets/" + ref).body
        a.post("/agent/tickets/%s/reply" % ref, {"_dp_csrf_token": form_token(page), "message": "answer"})
        a.post("/agent/tickets/%s/status" % ref, {"_dp_csrf_token": form_token(page), "status": "resolved"})
        res = a.get("/agent/reports")
        self.assertEqual(res.status, 200)
        self.assertEqual(res.body.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"'), 2)
        self.assertNotIn("<script", res.body.split("<figure>")[1].split("</figure>")[0])
        opened = int(re.search(r'<dd id="opened">([\d,.]+)</dd>', res.body).group(1).replace(",", ""))
        self.assertGreaterEqual(opened, 1)
        self.assertNotIn("no data", re.search(r'<dd id="first-response">([^<]*)</dd>', res.body).group(1))
        res = a.get("/agent/reports.csv?days=7")
        self.assertEqual(res.status, 200)
        self.assertEqual(res.header("Content-Type"), "text/csv; charset=utf-8")
        self.assertIn("attachment", res.header("Content-Disposition"))
        rows = list(csv.reader(io.StringIO(res.body)))
        self.assertEqual(rows[0], ["date", "opened", "resolved", "chats_answered", "median_first_response_s",
                                   "median_resolution_s", "sla_breaches"])
        self.assertEqual(len(rows), 8)
        today = time.strftime("%Y-%m-%d", time.gmtime())
        self.assertEqual(rows[-1][0], today)
        self.assertGreaterEqual(int(rows[-1][1]), 1)
        self.assertGreaterEqual(int(rows[-1][2]), 1)
        for bad in ("0", "31", "x", "-7"):
            self.assertEqual(a.get("/agent/reports?days=" + bad).status, 400)
            self.assertEqual(a.get("/agent/reports.csv?days=" + bad).status, 400)
        self.assertEqual(self.srv.client().get("/agent/reports.csv").status, 303)

    # -- 10. deflection ----------------------------------------------------------

    def report_figure(self, client, name):
        body = client.get("/agent/reports").body
        return int(re.search(r'<dd id="%s">([\d,.]+)</dd>' % name, body).group(1).replace(",", ""))

    def test_suggest_answers_any_query_cleanly(self):
        c = self.srv.client()
        for q in ["", "   ", '"', "NEAR(", "x" * 300, "<script>", "a OR b"]:
            res = c.get("/new-ticket/suggest?q=" + urllib.parse.quote(q))
            self.assertEqual(res.status, 200, q[:30])
            self.assertIsInstance(json.loads(res.body)["articles"], list)
        self.assertEqual(c.get("/new-ticket/suggested/abc").status, 404)
        self.assertEqual(c.get("/new-ticket/suggested/5-Bad%20Slug").status, 404)
        res = c.get("/new-ticket/suggested/5-some-slug")
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"), "/kb/articles/5-some-slug")


class DeflectionTest(ServerTestCase, unittest.TestCase):
    """On the demo helpdesk, whose Help Center has articles."""

    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(demo=True, users=[AGENT])

    def report_figure(self, client, name):
        body = client.get("/agent/reports").body
        return int(re.search(r'<dd id="%s">([\d,.]+)</dd>' % name, body).group(1).replace(",", ""))

    def test_new_ticket_form_suggests_articles_and_reports_count_deflection(self):
        a = self.srv.client()
        self.assertEqual(a.login(AGENT[0], AGENT[1], base="/agent").status, 303)
        visitor = self.srv.client()
        form = visitor.get("/new-ticket")
        self.assertIn('data-suggest="/new-ticket/suggest"', form.body)
        self.assertRegex(form.body, r'<script src="/static/ticket-deflect\.[^"]*js" defer>')
        res = visitor.get("/new-ticket/suggest?q=cookies")
        self.assertEqual(res.status, 200)
        self.assertEqual(res.header("Content-Type"), "application/json")
        articles = json.loads(res.body)["articles"]
        self.assertTrue(articles)
        self.assertLessEqual(len(articles), 5)
        self.assertTrue(any("ookie" in x["title"] for x in articles), articles)
        self.assertNotIn("\ue000", res.body)
        self.assertTrue(articles[0]["url"].startswith("/new-ticket/suggested/%d" % articles[0]["id"]))
        before = self.report_figure(a, "deflection-visitors")
        deflected = self.report_figure(a, "deflected")
        res = visitor.get(articles[0]["url"])
        self.assertEqual(res.status, 303)
        self.assertTrue(res.header("Location").startswith("/kb/articles/%d" % articles[0]["id"]))
        self.assertEqual(visitor.get(res.header("Location")).status, 200)
        self.assertEqual(self.report_figure(a, "deflection-visitors"), before + 1)
        self.assertEqual(self.report_figure(a, "deflected"), deflected + 1)
        # The visitor asks anyway: no longer deflected.
        token = form_token(visitor.get("/new-ticket").body)
        res = visitor.post("/new-ticket", {"_dp_csrf_token": token, "name": "V", "email": "v@eps.example",
                                           "subject": "Cookies", "message": "still unclear"})
        self.assertEqual(res.status, 303)
        self.assertEqual(self.report_figure(a, "deflected"), deflected)
        # Danish: the suggestion list answers under the language prefix too.
        self.assertEqual(visitor.get("/da/new-ticket/suggest?q=cookies").status, 200)


if __name__ == "__main__":
    unittest.main()
