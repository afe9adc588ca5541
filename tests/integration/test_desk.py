"""SPEC §11 agent desk, ticket model half (issue 15 items 1 and 2): priority, group and assignee; agent groups
in the Admin interface; the views Mine, Unassigned, My groups, All open with counts; sorting; bulk actions with
CSRF; internal notes that never reach the requester (portal page, guest access link page, mail)."""

import re
import time
import unittest

from deskd_server import ServerTestCase, form_token

USER = ("desk.user@example.test", "user pass phrase 1", "user")
ANN = ("ann.agent@example.test", "agent pass phrase 2", "agent")
BOB = ("bob.agent@example.test", "agent pass phrase 3", "agent")
ADMIN = ("desk.admin@example.test", "admin pass phrase 4", "admin")

REF_RE = r"[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}"
XSS = "<script>alert('x')</script>"


class DeskTest(ServerTestCase, unittest.TestCase):
    @classmethod
    def setup_servers(cls):
        cls.srv = cls.start_server(users=[USER, ANN, BOB, ADMIN],
                                   env={"DESKD_LIMITS_TICKETS_PER_IP_PER_HOUR": "1000"})

    # -- helpers -------------------------------------------------------------

    def query(self, sql, *args):
        return self.srv.query(sql, *args, named=True)

    def ticket_row(self, ref):
        rows = self.query("SELECT * FROM tickets WHERE ref = ?", ref)
        self.assertEqual(len(rows), 1)
        return rows[0]

    def person_id(self, account):
        return self.query("SELECT id FROM people WHERE email = ?", account[0])[0]["id"]

    def unique(self, word):
        return "%s-%d" % (word, time.monotonic_ns())

    def post_form(self, client, path, fields, page):
        token = form_token(client.get(page).body)
        return client.post(path, dict(fields, _dp_csrf_token=token))

    def login(self, account, base=""):
        c = self.srv.client()
        res = c.login(account[0], account[1], base=base)
        self.assertEqual(res.status, 303, res.body[:500])
        return c

    def guest_ticket(self, subject=None, message="Paper stuck in tray 2"):
        c = self.srv.client()
        email = self.unique("guest") + "@example.test"
        res = self.post_form(c, "/new-ticket", {"name": "Gail Guest", "email": email,
                                                 "subject": subject or self.unique("Printer"), "message": message},
                             "/new-ticket")
        self.assertEqual(res.status, 303, res.body[:500])
        ref = re.fullmatch(r"/tickets/(%s)/created" % REF_RE, res.header("Location")).group(1)
        return c, ref, email

    def access_path(self, email):
        mails = self.query("SELECT * FROM outbox WHERE recipient = ? ORDER BY id", email)
        m = re.search(r"http://[^\s/]+(/tickets/%s\?access=[A-Za-z0-9_-]+)" % REF_RE, mails[-1]["body"])
        self.assertTrue(m, mails[-1]["body"])
        return m.group(1)

    def view_count(self, client, view):
        page = client.get("/agent/tickets")
        self.assertEqual(page.status, 200)
        m = re.search(r'data-view="%s"[^>]*>[^<]*\(<span class="count">(\d+)</span>\)' % view, page.body)
        self.assertTrue(m, page.body[:3000])
        return int(m.group(1))

    def bulk(self, client, refs, page="/agent/tickets?view=all", **change):
        token = form_token(client.get(page).body)
        fields = [("_dp_csrf_token", token), ("view", "all"), ("sort", "updated")]
        fields += [("ticket", r) for r in refs]
        fields += list(change.items())
        return client.request("POST", "/agent/tickets/bulk", form=fields)

    def create_group(self, admin, name):
        res = self.post_form(admin, "/admin/groups", {"name": name}, "/admin/groups")
        self.assertEqual(res.status, 303, res.body[:800])
        return self.query("SELECT id FROM agent_groups WHERE name = ?", name)[0]["id"]

    # -- groups in the Admin interface --------------------------------------------

    def test_admin_manages_groups_and_members(self):
        admin = self.login(ADMIN, "/admin")
        name = self.unique("Billing")
        gid = self.create_group(admin, name)
        page = admin.get("/admin/groups")
        self.assertEqual(page.status, 200)
        self.assertIn(name, page.body)
        self.assertIn('action="/admin/groups/%d/members"' % gid, page.body)

        res = self.post_form(admin, "/admin/groups/%d/members" % gid, {"email": ANN[0].upper()}, "/admin/groups")
        self.assertEqual(res.status, 303, res.body[:800])
        members = self.query("SELECT person_id FROM agent_group_members WHERE group_id = ?", gid)
        self.assertEqual([m["person_id"] for m in members], [self.person_id(ANN)])
        self.assertIn(ANN[0], admin.get("/admin/groups").body)

        # A portal user or an unknown address cannot join; the typed address is kept.
        for email in (USER[0], "nobody@example.test"):
            res = self.post_form(admin, "/admin/groups/%d/members" % gid, {"email": email}, "/admin/groups")
            self.assertEqual(res.status, 400)
            self.assertIn('value="%s"' % email, res.body)
        self.assertEqual(len(self.query("SELECT * FROM agent_group_members WHERE group_id = ?", gid)), 1)

        # Names are unique case-insensitively and must be present.
        res = self.post_form(admin, "/admin/groups", {"name": name.upper()}, "/admin/groups")
        self.assertEqual(res.status, 409)
        self.assertIn('value="%s"' % name.upper(), res.body)
        self.assertEqual(self.post_form(admin, "/admin/groups", {"name": "  "}, "/admin/groups").status, 400)
        renamed = self.unique("Accounts")
        res = self.post_form(admin, "/admin/groups/%d/rename" % gid, {"name": renamed}, "/admin/groups")
        self.assertEqual(res.status, 303)
        self.assertEqual(self.query("SELECT name FROM agent_groups WHERE id = ?", gid)[0]["name"], renamed)

        res = self.post_form(admin, "/admin/groups/%d/members/%d/remove" % (gid, self.person_id(ANN)), {},
                             "/admin/groups")
        self.assertEqual(res.status, 303)
        self.assertEqual(self.query("SELECT * FROM agent_group_members WHERE group_id = ?", gid), [])
        res = self.post_form(admin, "/admin/groups/%d/delete" % gid, {}, "/admin/groups")
        self.assertEqual(res.status, 303)
        self.assertEqual(self.query("SELECT * FROM agent_groups WHERE id = ?", gid), [])
        self.assertEqual(self.post_form(admin, "/admin/groups/%d/delete" % gid, {}, "/admin/groups").status, 404)
        events = [r["event"] for r in self.query(
            "SELECT event FROM audit_log WHERE event LIKE 'group_%' ORDER BY id")]
        for e in ("group_created", "group_member_added", "group_renamed", "group_member_removed", "group_deleted"):
            self.assertIn(e, events)

    def test_groups_page_is_for_admins_only(self):
        self.assertEqual(self.srv.client().get("/admin/groups").status, 303)
        agent = self.login(ANN, "/agent")
        self.assertEqual(agent.get("/admin/groups").status, 303)
        before = len(self.query("SELECT * FROM agent_groups"))
        for who in (self.srv.client(), self.login(USER), agent):
            token = form_token(who.get("/new-ticket").body)
            res = who.post("/admin/groups", {"name": "Sneaky", "_dp_csrf_token": token})
            self.assertEqual(res.status, 403)
        self.assertEqual(len(self.query("SELECT * FROM agent_groups")), before)

    def test_group_form_csrf_failure_keeps_the_name(self):
        admin = self.login(ADMIN, "/admin")
        admin.get("/admin/groups")
        res = admin.post("/admin/groups", {"name": "Typed group 6WQ", "_dp_csrf_token": "stale"})
        self.assertEqual(res.status, 403)
        self.assertIn('value="Typed group 6WQ"', res.body)
        res = admin.post("/admin/groups", {"name": "Typed group 6WQ", "_dp_csrf_token": form_token(res.body)})
        self.assertEqual(res.status, 303)

    # -- views, sorting, bulk actions --------------------------------------------------

    def test_a_signed_out_agent_comes_back_to_the_filtered_view_they_followed(self):
        c = self.srv.client()
        res = c.get("/agent/tickets?view=unassigned&sort=priority", update_jar=False)
        self.assertEqual(res.status, 303)
        self.assertEqual(res.header("Location"),
                         "/agent/login?return_to=/agent/tickets%3Fview%3Dunassigned%26sort%3Dpriority")
        page = c.get(res.header("Location"))
        self.assertIn('name="return_to" value="/agent/tickets?view=unassigned&amp;sort=priority"', page.body)
        signed_in = c.login(ANN[0], ANN[1], base="/agent", return_to="/agent/tickets?view=unassigned&sort=priority")
        self.assertEqual(signed_in.status, 303)
        self.assertEqual(signed_in.header("Location"), "/agent/tickets?view=unassigned&sort=priority")

    def test_unknown_staff_pages_are_that_interfaces_404_with_its_logout_form(self):
        for account, base in ((ANN, "/agent"), (ADMIN, "/admin")):
            c = self.login(account, base)
            for path in (base + "/no-such-page", base + "/kb/99999/extra"):
                with self.subTest(path=path):
                    res = c.get(path)
                    self.assertEqual(res.status, 404)
                    self.assertIn('<body class="area-%s"' % base[1:], res.body)
                    self.assertRegex(res.body, r'<form[^>]* method="post" action="%s/logout"><input type="hidden" '
                                               r'name="_dp_csrf_token"' % base)
                    self.assertIsNone(res.set_cookie("dp_v"), "no Help Center visitor cookie in a staff area")

    def test_two_agents_split_the_queue_by_assignment(self):
        ann = self.login(ANN, "/agent")
        bob = self.login(BOB, "/agent")
        _, r1, _ = self.guest_ticket()
        _, r2, _ = self.guest_ticket()
        _, r3, _ = self.guest_ticket()
        ann_mine, bob_mine = self.view_count(ann, "mine"), self.view_count(bob, "mine")
        unassigned = self.view_count(ann, "unassigned")

        res = self.bulk(ann, [r1, r2], assignee="me")
        self.assertEqual(res.status, 303, res.body[:800])
        self.assertEqual(res.header("Location"), "/agent/tickets?view=all&sort=updated")
        res = self.bulk(bob, [r3], assignee="me")
        self.assertEqual(res.status, 303)
        self.assertEqual(self.ticket_row(r1)["assignee_id"], self.person_id(ANN))
        self.assertEqual(self.ticket_row(r3)["assignee_id"], self.person_id(BOB))

        self.assertEqual(self.view_count(ann, "mine"), ann_mine + 2)
        self.assertEqual(self.view_count(bob, "mine"), bob_mine + 1)
        self.assertEqual(self.view_count(ann, "unassigned"), unassigned - 3)
        ann_list = ann.get("/agent/tickets?view=mine").body
        bob_list = bob.get("/agent/tickets?view=mine").body
        self.assertIn(r1, ann_list)
        self.assertIn(r2, ann_list)
        self.assertNotIn(r3, ann_list)
        self.assertIn(r3, bob_list)
        self.assertNotIn(r1, bob_list)
        self.assertNotIn(r1, ann.get("/agent/tickets?view=unassigned").body)
        self.assertIn(r1, bob.get("/agent/tickets?view=open").body)

        # Assigning to another agent by id, and unassigning.
        res = self.bulk(ann, [r2], assignee=str(self.person_id(BOB)))
        self.assertEqual(res.status, 303)
        self.assertIn(r2, bob.get("/agent/tickets?view=mine").body)
        self.assertEqual(self.bulk(bob, [r2], assignee="none").status, 303)
        self.assertIsNone(self.ticket_row(r2)["assignee_id"])
        audit = self.query("SELECT detail FROM audit_log WHERE event = 'tickets_bulk_updated' ORDER BY id")
        self.assertIn("assignee=%d: %s %s" % (self.person_id(ANN), r1, r2), [a["detail"] for a in audit])

    def test_my_groups_view_and_priority_sort(self):
        admin = self.login(ADMIN, "/admin")
        gid = self.create_group(admin, self.unique("Tech"))
        self.assertEqual(self.post_form(admin, "/admin/groups/%d/members" % gid, {"email": BOB[0]},
                                        "/admin/groups").status, 303)
        bob = self.login(BOB, "/agent")
        _, low, _ = self.guest_ticket()
        _, urgent, _ = self.guest_ticket()
        before = self.view_count(bob, "my-groups")
        self.assertEqual(self.bulk(bob, [low, urgent], group=str(gid)).status, 303)
        self.assertEqual(self.bulk(bob, [low], priority="low").status, 303)
        self.assertEqual(self.bulk(bob, [urgent], priority="urgent", status="pending").status, 303)
        self.assertEqual(self.view_count(bob, "my-groups"), before + 2)
        self.assertEqual(self.ticket_row(urgent)["priority"], "urgent")
        self.assertEqual(self.ticket_row(urgent)["status"], "pending")
        self.assertEqual(self.ticket_row(low)["group_id"], gid)
        page = bob.get("/agent/tickets?view=my-groups&sort=priority").body
        self.assertLess(page.index(urgent), page.index(low))
        page = bob.get("/agent/tickets?view=my-groups&sort=oldest").body
        self.assertLess(page.index(low), page.index(urgent))
        ann = self.login(ANN, "/agent")
        self.assertNotIn(low, ann.get("/agent/tickets?view=my-groups").body)
        # The group is shown on the list and the ticket page.
        self.assertIn(self.query("SELECT name FROM agent_groups WHERE id = ?", gid)[0]["name"],
                      bob.get("/agent/tickets/" + low).body)

    def test_bulk_refuses_bad_input_and_changes_nothing(self):
        ann = self.login(ANN, "/agent")
        _, ref, _ = self.guest_ticket()
        row = self.ticket_row(ref)
        cases = [dict(priority="whenever"), dict(status="gone"), dict(group="abc"), dict(assignee="-1"),
                 dict(assignee=str(self.person_id(USER))), dict(group="999999"), dict()]
        for change in cases:
            res = self.bulk(ann, [ref], **change)
            self.assertEqual(res.status, 400, change)
            self.assertIn('value="%s" checked' % ref, res.body)  # the selection is kept
        self.assertEqual(self.bulk(ann, [], priority="high").status, 400)
        self.assertEqual(self.bulk(ann, ["2222-2222", "not-a-ref"], priority="high").status, 400)
        after = self.ticket_row(ref)
        self.assertEqual(tuple(after), tuple(row))
        for bad in ("view=bogus", "sort=sideways", "page=0", "status=bogus"):
            self.assertEqual(ann.get("/agent/tickets?" + bad).status, 400, bad)

    def test_bulk_needs_csrf_and_an_agent(self):
        ann = self.login(ANN, "/agent")
        _, ref, _ = self.guest_ticket()
        ann.get("/agent/tickets")
        res = ann.post("/agent/tickets/bulk", {"ticket": ref, "priority": "urgent", "_dp_csrf_token": "stale",
                                               "view": "all"})
        self.assertEqual(res.status, 403)
        self.assertIn('value="%s" checked' % ref, res.body)  # nothing ticked is lost
        self.assertEqual(self.ticket_row(ref)["priority"], "normal")
        for who in (self.srv.client(), self.login(USER)):
            token = form_token(who.get("/new-ticket").body)
            res = who.post("/agent/tickets/bulk", {"ticket": ref, "priority": "urgent", "_dp_csrf_token": token})
            self.assertEqual(res.status, 403)
        self.assertEqual(self.ticket_row(ref)["priority"], "normal")
        # Cross-site posts are refused even with a valid token.
        token = form_token(ann.get("/agent/tickets").body)
        res = ann.post("/agent/tickets/bulk", {"ticket": ref, "priority": "urgent", "_dp_csrf_token": token},
                       headers={"Origin": "https://evil.example"})
        self.assertEqual(res.status, 403)
        self.assertEqual(self.ticket_row(ref)["priority"], "normal")

    def test_ticket_page_fields_form(self):
        ann = self.login(ANN, "/agent")
        _, ref, _ = self.guest_ticket()
        page = "/agent/tickets/" + ref
        res = self.post_form(ann, page + "/fields", {"status": "pending", "priority": "high", "group": "none",
                                                     "assignee": str(self.person_id(ANN))}, page)
        self.assertEqual(res.status, 303, res.body[:800])
        row = self.ticket_row(ref)
        self.assertEqual((row["status"], row["priority"], row["assignee_id"]),
                         ("pending", "high", self.person_id(ANN)))
        view = ann.get(page).body
        self.assertIn('<option value="high" selected>', view)
        res = self.post_form(ann, page + "/fields", {"priority": "extreme"}, page)
        self.assertEqual(res.status, 400)
        self.assertIn("Choose a priority from the list.", res.body)
        self.assertEqual(self.ticket_row(ref)["priority"], "high")
        self.assertEqual(len(self.query("SELECT * FROM audit_log WHERE event = 'ticket_updated' AND detail LIKE ?",
                                        ref + ":%")), 1)

    # -- internal notes ------------------------------------------------------------------

    def test_internal_note_never_reaches_the_guest_or_their_mail(self):
        guest, ref, email = self.guest_ticket()
        ann = self.login(ANN, "/agent")
        page = "/agent/tickets/" + ref
        mails_before = len(self.query("SELECT * FROM outbox WHERE recipient = ?", email))
        secret = "Refund approved internally 4NQ " + XSS
        res = self.post_form(ann, page + "/note", {"note": secret}, page)
        self.assertEqual(res.status, 303, res.body[:800])
        self.assertEqual(res.header("Location"), page)

        staff_view = ann.get(page).body
        self.assertIn("internal-note", staff_view)
        self.assertIn("Refund approved internally 4NQ", staff_view)
        self.assertNotIn(XSS, staff_view)
        row = self.ticket_row(ref)
        self.assertEqual(row["status"], "open")  # a note is not an answer
        notes = self.query("SELECT * FROM ticket_messages WHERE ticket_id = ? AND kind = 'note'", row["id"])
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes[0]["body"], secret)
        self.assertEqual(len(self.query("SELECT * FROM outbox WHERE recipient = ?", email)), mails_before)
        self.assertEqual(self.query("SELECT * FROM outbox WHERE body LIKE '%4NQ%' OR subject LIKE '%4NQ%'"), [])

        # A reply after the note is mailed without the note.
        res = self.post_form(ann, page + "/reply", {"message": "We are on it 5PX"}, page)
        self.assertEqual(res.status, 303)
        mails = self.query("SELECT * FROM outbox WHERE recipient = ? ORDER BY id", email)
        self.assertIn("We are on it 5PX", mails[-1]["body"])
        self.assertNotIn("4NQ", mails[-1]["body"])

        # The creating browser, and a fresh browser through the mailed access link, see the reply only.
        for browser in (guest, None):
            if browser is None:
                browser = self.srv.client()
                self.assertEqual(browser.get(self.access_path(email)).status, 303)
            view = browser.get("/tickets/" + ref)
            self.assertEqual(view.status, 200)
            self.assertIn("We are on it 5PX", view.body)
            self.assertNotIn("4NQ", view.body)
            self.assertNotIn("internal-note", view.body)
        self.assertEqual(len(self.query("SELECT * FROM audit_log WHERE event = 'ticket_note' AND detail = ?", ref)),
                         1)

    def test_internal_note_never_reaches_a_signed_in_requester(self):
        user = self.login(USER)
        subject = self.unique("Invoice")
        res = self.post_form(user, "/new-ticket", {"name": "Uma", "email": USER[0], "subject": subject,
                                                   "message": "Where is it?"}, "/new-ticket")
        self.assertEqual(res.status, 303)
        ref = re.fullmatch(r"/tickets/(%s)" % REF_RE, res.header("Location")).group(1)
        ann = self.login(ANN, "/agent")
        page = "/agent/tickets/" + ref
        self.assertEqual(self.post_form(ann, page + "/note", {"note": "VIP customer 2HD"}, page).status, 303)
        self.assertNotIn("2HD", user.get("/tickets/" + ref).body)
        self.assertNotIn("2HD", user.get("/tickets").body)
        self.assertEqual(self.query("SELECT * FROM outbox WHERE body LIKE '%2HD%'"), [])

    def test_note_csrf_failure_and_bad_note_keep_the_text(self):
        _, ref, _ = self.guest_ticket()
        ann = self.login(ANN, "/agent")
        page = "/agent/tickets/" + ref
        ann.get(page)
        res = ann.post(page + "/note", {"note": "Half a note 3RR", "_dp_csrf_token": "stale"})
        self.assertEqual(res.status, 403)
        self.assertIn("Half a note 3RR", res.body)
        res = ann.post(page + "/note", {"note": "Half a note 3RR", "_dp_csrf_token": form_token(res.body)})
        self.assertEqual(res.status, 303)
        res = self.post_form(ann, page + "/note", {"note": "   "}, page)
        self.assertEqual(res.status, 400)
        for who in (self.srv.client(), self.login(USER)):
            token = form_token(who.get("/new-ticket").body)
            self.assertEqual(who.post(page + "/note", {"note": "x", "_dp_csrf_token": token}).status, 403)
        row = self.ticket_row(ref)
        self.assertEqual(len(self.query("SELECT * FROM ticket_messages WHERE ticket_id = ? AND kind = 'note'",
                                        row["id"])), 1)

    # -- canned replies --------------------------------------------------------------

    def test_canned_replies_personal_and_shared_filled_in_on_the_ticket_page(self):
        ann = self.login(ANN, "/agent")
        bob = self.login(BOB, "/agent")
        mine_title, team_title = self.unique("Ann greeting"), self.unique("Team thanks")
        body = "Hello {{requester.name}}, about {{ticket.ref}}: regards, {{agent.name}}"
        res = self.post_form(ann, "/agent/canned", {"title": mine_title, "body": body}, "/agent/canned")
        self.assertEqual(res.status, 303, res.body[:800])
        res = self.post_form(ann, "/agent/canned", {"title": team_title, "body": "Thanks! {{agent.name}}",
                                                    "shared": "1"}, "/agent/canned")
        self.assertEqual(res.status, 303)
        rows = {r["title"]: r for r in self.query("SELECT * FROM canned_replies WHERE title IN (?, ?)",
                                                 mine_title, team_title)}
        self.assertEqual(rows[mine_title]["owner_id"], self.person_id(ANN))
        self.assertIsNone(rows[team_title]["owner_id"])
        self.assertEqual(rows[mine_title]["body"], body)  # stored as typed

        # Bob sees the shared reply only, and cannot touch Ann's.
        bob_page = bob.get("/agent/canned").body
        self.assertIn(team_title, bob_page)
        self.assertNotIn(mine_title, bob_page)
        mine_id = rows[mine_title]["id"]
        self.assertEqual(self.post_form(bob, "/agent/canned/%d" % mine_id, {"title": "x", "body": "y"},
                                        "/agent/canned").status, 404)
        self.assertEqual(self.post_form(bob, "/agent/canned/%d/delete" % mine_id, {}, "/agent/canned").status, 404)
        self.assertEqual(self.query("SELECT title FROM canned_replies WHERE id = ?", mine_id)[0]["title"], mine_title)
        # Shared replies are the team's: Bob may edit it, and the change is audited.
        team_id = rows[team_title]["id"]
        res = self.post_form(bob, "/agent/canned/%d" % team_id, {"title": team_title, "body": "Thanks a lot!"},
                             "/agent/canned")
        self.assertEqual(res.status, 303)
        self.assertEqual(self.query("SELECT body FROM canned_replies WHERE id = ?", team_id)[0]["body"],
                         "Thanks a lot!")
        self.assertTrue(self.query("SELECT * FROM audit_log WHERE event = 'canned_updated' AND detail = ?",
                                   team_title))

        # On a ticket page the placeholders are filled in for that ticket, escaped.
        _, ref, _ = self.guest_ticket()
        ann_name = self.query("SELECT name, email FROM people WHERE email = ?", ANN[0])[0]
        ann_name = ann_name["name"] or ann_name["email"]
        page = ann.get("/agent/tickets/" + ref).body
        self.assertIn('data-body="Hello Gail Guest, about %s: regards, %s"' % (ref, ann_name), page)
        self.assertIn("Hello Gail Guest, about %s" % ref, page)
        self.assertIn('data-target="reply-message"', page)
        self.assertNotIn("{{requester.name}}", page.split('class="canned-insert"')[1].split("</select>")[0])
        self.assertNotIn(mine_title, bob.get("/agent/tickets/" + ref).body)

        # The chat console carries them for "/" suggestions.
        console = ann.get("/agent/chats").body
        self.assertIn("data-canned=", console)
        self.assertIn(mine_title, console)
        self.assertIn(team_title, console)

        # Bad input keeps what was typed; only agents may post.
        res = self.post_form(ann, "/agent/canned", {"title": "", "body": "Kept body 8UV"}, "/agent/canned")
        self.assertEqual(res.status, 400)
        self.assertIn("Kept body 8UV", res.body)
        for who in (self.srv.client(), self.login(USER)):
            token = form_token(who.get("/new-ticket").body)
            self.assertEqual(who.post("/agent/canned", {"title": "t", "body": "b", "_dp_csrf_token": token}).status,
                             403)
        self.assertEqual(self.post_form(ann, "/agent/canned/%d/delete" % mine_id, {}, "/agent/canned").status, 303)
        self.assertEqual(self.query("SELECT * FROM canned_replies WHERE id = ?", mine_id), [])

    def test_canned_reply_placeholders_are_escaped(self):
        evil = 'Eve "><img src=x onerror=alert(1)>'
        c = self.srv.client()
        res = self.post_form(c, "/new-ticket", {"name": evil, "email": self.unique("eve") + "@example.test",
                                                 "subject": "Hi", "message": "Hello"}, "/new-ticket")
        self.assertEqual(res.status, 303)
        ref = re.fullmatch(r"/tickets/(%s)/created" % REF_RE, res.header("Location")).group(1)
        ann = self.login(ANN, "/agent")
        res = self.post_form(ann, "/agent/canned", {"title": self.unique("Esc"), "body": "Dear {{requester.name}}"},
                             "/agent/canned")
        self.assertEqual(res.status, 303)
        page = ann.get("/agent/tickets/" + ref).body
        self.assertNotIn("<img src=x", page)
        self.assertIn("Dear Eve &quot;&gt;&lt;img src=x onerror=alert(1)&gt;", page)


if __name__ == "__main__":
    unittest.main()
