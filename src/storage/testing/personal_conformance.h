#pragma once
// Conformance tests for the personal-data handlers (storage/personal/) and the
// privacy export / erase / prune built on them (privacy/privacy.h), run by
// every backend through StorageConformanceTest. Include it in the same
// translation unit as storage_conformance.h.
//
// Each test plants a person's data of every kind through the real stores (and
// a second person's as a control), then checks what a reader of those stores
// or of the export can still see.
#include <nlohmann/json.hpp>

#include <set>

#include "privacy/privacy.h"
#include "storage/testing/storage_conformance.h"

namespace deskd::storage::conformance {

// What plant_person() created, for the checks.
struct Planted {
  Person person;
  std::string visitor;  // attached to the person
  std::string marker;   // in every text planted
  int64_t article_id = 0;
  std::string ticket_ref;
  int64_t chat_id = 0;
  int64_t comment_id = 0;
  int64_t ticket_id = 0;
  std::string own_sha;     // bytes only this person attached
  std::string shared_sha;  // the same bytes every planted person attached
  std::string agent_sha;   // bytes an agent attached to this person's ticket
  int64_t api_key_id = 0;  // a key whose kept answer names this person
};

inline constexpr int64_t kOldMs = 1'000'000;          // before the prune cutoff
inline constexpr int64_t kNewMs = 1'790'000'000'000;  // after it
inline constexpr int64_t kCutoffMs = 1'700'000'000'000;

// A person with data in every table the built-in handlers cover. `n` keeps
// ids apart (article n, visitor id n).
inline Planted plant_person(Storage& storage, const std::string& email, const std::string& name, int n) {
  Planted p;
  p.marker = "mark" + std::to_string(n) + "x";
  p.visitor = std::string(31, 'A') + static_cast<char>('a' + n);
  p.article_id = 100 + n;
  NewPerson np;
  np.email = email;
  np.name = name;
  np.role = Role::kAgent;  // staff too: two-factor, agent groups, canned replies
  np.password_hash = "$argon2id$hash";
  auto person = storage.people().create(np);
  EXPECT_TRUE(person.is_ok()) << person.status().to_string();
  p.person = *person;
  const int64_t id = p.person.id;

  SessionRecord session;
  session.id_hash = "session-" + p.marker;
  session.interface = SessionInterface::kPortal;
  session.person_id = id;
  session.created_ms = kOldMs;
  session.last_seen_ms = kOldMs;
  session.ip = "203.0.113.7";
  session.user_agent = "UA " + p.marker;
  EXPECT_TRUE(storage.sessions().insert(session).is_ok());

  RememberToken token;
  token.selector = "sel-" + p.marker;
  token.validator_hash = "vh";
  token.person_id = id;
  token.audience = RememberAudience::kUser;
  token.created_ms = kOldMs;
  token.expires_ms = kNewMs;
  token.last_used_ms = kOldMs;
  token.ip = "2001:db8:1:2::5";
  token.user_agent = "UA " + p.marker;
  EXPECT_TRUE(storage.remember().insert(token).is_ok());

  PasswordReset reset;
  reset.token_hash = "reset-" + p.marker;
  reset.person_id = id;
  reset.created_ms = kOldMs;
  reset.expires_ms = kNewMs;
  EXPECT_TRUE(storage.password_resets().insert(reset).is_ok());

  AuditEvent event;
  event.at_ms = kOldMs;
  event.event = "login";
  event.person_id = id;
  event.email = email;
  event.ip = "203.0.113.8";
  event.detail = "detail " + p.marker;
  EXPECT_TRUE(storage.audit().append(event).is_ok());
  AuditEvent typed = event;  // a failed sign-in: only the typed address
  typed.person_id = 0;
  typed.event = "login_failed";
  EXPECT_TRUE(storage.audit().append(typed).is_ok());

  OutboxMail mail;
  mail.created_ms = kOldMs;
  mail.to = email;
  mail.subject = "Mail " + p.marker;
  mail.body = "secret link";
  mail.kind = "password_reset";
  EXPECT_TRUE(storage.outbox().enqueue(mail).is_ok());

  // Visitor history from before the sign-in, then attached to the person.
  PageView view;
  view.visitor_id = p.visitor;
  view.path = "/kb/" + p.marker;
  view.title = "Page " + p.marker;
  view.at_ms = kOldMs;
  PageView later = view;
  later.at_ms = kNewMs;
  later.path = "/kb/later-" + p.marker;
  EXPECT_TRUE(storage.page_views().record_page_views({view, later}).is_ok());
  EXPECT_TRUE(storage.feedback().cast_vote(p.article_id, "v:" + p.visitor, 1, 0).is_ok());
  Comment comment;
  comment.article_id = p.article_id;
  comment.voter = "v:" + p.visitor;
  comment.name = name;
  comment.email = email;
  comment.body = "Comment " + p.marker;
  comment.lang = "en";
  comment.status = CommentStatus::kApproved;
  comment.created_ms = kOldMs;
  EXPECT_TRUE(storage.feedback().add_comment(comment).is_ok());
  p.comment_id = comment.id;
  EXPECT_TRUE(storage.feedback().attach_visitor(p.visitor, id).is_ok());

  NewTicket ticket;
  ticket.ref = "REF-" + p.marker;
  ticket.person_id = id;
  ticket.requester_name = name;
  ticket.requester_email = email;
  ticket.subject = "Ticket " + p.marker;
  ticket.body = "Hello, I am " + name + " <" + email + "> " + p.marker;
  ticket.lang = "en";
  ticket.visitor_id = p.visitor;
  ticket.access_token_hash = "access-" + p.marker;
  ticket.created_ms = kOldMs;
  auto created = storage.tickets().create(ticket);
  EXPECT_TRUE(created.is_ok()) << created.status().to_string();
  p.ticket_ref = created->ref;
  NewTicketMessage reply;
  reply.ticket_id = created->id;
  reply.author = TicketAuthor::kAgent;
  reply.author_name = "Agent Smith";
  reply.body = "Dear " + name + ", answered " + p.marker;
  reply.created_ms = kOldMs + 1;
  auto replied = storage.tickets().add_message(reply);
  EXPECT_TRUE(replied.is_ok()) << replied.status().to_string();
  p.ticket_id = created->id;
  auto first = storage.tickets().messages(created->id);
  EXPECT_TRUE(first.is_ok() && !first->empty());
  auto uploaded =
      storage.attachments().add(first->front().id,
                                {{"scan-" + p.marker + ".pdf", "application/pdf", "", "only bytes of " + p.marker},
                                 {"shared.txt", "text/plain", "", "the same bytes everybody sends"}},
                                kOldMs);
  EXPECT_TRUE(uploaded.is_ok() && uploaded->size() == 2u) << uploaded.status().to_string();
  p.own_sha = (*uploaded)[0].sha256;
  p.shared_sha = (*uploaded)[1].sha256;
  auto by_agent = storage.attachments().add(
      replied->id, {{"reply-" + p.marker + ".txt", "text/plain", "", "agent bytes " + p.marker}}, kOldMs + 1);
  EXPECT_TRUE(by_agent.is_ok() && by_agent->size() == 1u) << by_agent.status().to_string();
  p.agent_sha = (*by_agent)[0].sha256;

  // Staff data: two-factor, a group, a personal and a shared canned reply.
  EXPECT_TRUE(storage.two_factor().begin(id, "TOTPSECRET" + p.marker, kOldMs).is_ok());
  EXPECT_TRUE(storage.two_factor().confirm(id, 1, {"recovery-hash-" + p.marker}, kOldMs + 1).is_ok());
  auto group = storage.desk().create_group("Group " + p.marker, kOldMs);
  EXPECT_TRUE(group.is_ok()) << group.status().to_string();
  EXPECT_TRUE(storage.desk().add_member(group->id, id).is_ok());
  EXPECT_TRUE(storage.desk().create_canned(id, "Canned " + p.marker, "Mine " + p.marker, kOldMs).is_ok());
  EXPECT_TRUE(storage.desk().create_canned(std::nullopt, "Shared " + p.marker, "For all", kOldMs).is_ok());
  EXPECT_TRUE(storage.notify().set_email_enabled(id, false).is_ok());

  // Mail: a reply that came in by e-mail (its untrimmed text kept beside the message), and
  // raw mail naming the address that could not be processed (recent: retention keeps it).
  NewTicketMessage mailed;
  mailed.ticket_id = created->id;
  mailed.author = TicketAuthor::kUser;
  mailed.author_name = name;
  mailed.body = "By mail " + p.marker;
  mailed.created_ms = kOldMs + 2;
  EXPECT_TRUE(
      storage.mail()
          .add_message(mailed, {"mid-" + p.marker + "@mail.test", email, "By mail " + p.marker + "\n> " + name})
          .is_ok());
  QuarantinedMail stuck;
  stuck.received_ms = kNewMs;
  stuck.reason = "unreadable " + p.marker;
  stuck.raw = "From: " + name + " <";
  for (char c : email) stuck.raw += static_cast<char>(c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);  // any case
  stuck.raw += ">\r\nSubject: broken\r\n\r\n\xff\xfe";
  EXPECT_TRUE(storage.mail().quarantine(stuck).is_ok());

  // A ticket created through the REST API with an Idempotency-Key: its kept answer names her.
  NewApiKey key;
  key.name = "CRM " + p.marker;
  key.prefix = "dk_" + p.marker;
  key.key_hash = "api-key-hash-" + p.marker;
  key.scopes = {ApiScope::kTicketsWrite};
  key.created_ms = kOldMs;
  auto api_key = storage.api_keys().create(key);
  EXPECT_TRUE(api_key.is_ok()) << api_key.status().to_string();
  p.api_key_id = api_key->id;
  EXPECT_TRUE(storage.api_keys().reserve_answer(p.api_key_id, "idem-" + p.marker, "rh", kNewMs).is_ok());
  EXPECT_TRUE(storage.api_keys()
                  .complete_answer(p.api_key_id, "idem-" + p.marker, 201,
                                   R"({"ref":")" + p.ticket_ref + R"(","requester":")" + email + R"("})")
                  .is_ok());

  // Suggested articles the visitor opened: one before the prune cutoff, one after.
  EXPECT_TRUE(storage.insights().record_deflection(p.visitor, p.article_id, kOldMs).is_ok());
  EXPECT_TRUE(storage.insights().record_deflection(p.visitor, p.article_id, kNewMs).is_ok());

  NewChat chat;
  chat.visitor_id = p.visitor;
  chat.person_id = id;
  chat.name = name;
  chat.email = email;
  chat.lang = "en";
  chat.created_ms = kOldMs;
  chat.client_key = "client-" + p.marker;
  auto started = storage.chats().create(chat);
  EXPECT_TRUE(started.is_ok()) << started.status().to_string();
  p.chat_id = started->id;
  ChatMessage line;
  line.chat_id = p.chat_id;
  line.author = ChatAuthor::kVisitor;
  line.name = name;
  line.body = "Write to " + email + " " + p.marker;
  line.client_id = "c-" + p.marker;
  line.at_ms = kOldMs;
  EXPECT_TRUE(storage.chats().add_message(line).is_ok());
  EXPECT_TRUE(storage.chats().end(p.chat_id, "visitor", kOldMs + 5).is_ok());
  return p;
}

inline nlohmann::json export_json(Storage& storage, const privacy::Subject& subject) {
  std::string text;
  Status s = privacy::write_export(storage, subject, kNewMs, [&](std::string_view piece) {
    text += piece;
    return Status::ok();
  });
  EXPECT_TRUE(s.is_ok()) << s.to_string();
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << text;
  return doc;
}

inline privacy::Subject subject_of(Storage& storage, const std::string& email) {
  auto subject = privacy::subject_for_email(storage, email);
  EXPECT_TRUE(subject.is_ok()) << subject.status().to_string();
  return subject.is_ok() ? *subject : privacy::Subject{};
}

// Every section the built-in handlers fill for a planted person.
inline const std::vector<std::string>& planted_sections() {
  static const std::vector<std::string> sections = {
      "account",       "visitors",      "sessions",    "remembered_devices", "password_resets", "audit",
      "mail",          "page_views",    "votes",       "comments",           "tickets",         "messages",
      "chats",         "chat_messages", "deflections", "attachments",        "two_factor",      "agent_groups",
      "canned_replies", "mail_messages", "quarantined_mail", "notification_settings"};
  return sections;
}

TEST_P(StorageConformanceTest, PrivacyExportHoldsPlantedDataOfEveryKind) {
  Planted alice = plant_person(*storage_, "alice@example.com", "Alice Example", 1);
  Planted bob = plant_person(*storage_, "bob@example.com", "Bob Other", 2);
  nlohmann::json doc = export_json(*storage_, subject_of(*storage_, "ALICE@example.com"));
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["format"], "deskd-privacy-export/1");
  EXPECT_EQ(doc["subject"]["email"], "alice@example.com");
  EXPECT_EQ(doc["subject"]["person_id"], alice.person.id);
  const nlohmann::json& data = doc["data"];
  for (std::string_view section : personal::builtin_registry().sections()) {
    EXPECT_TRUE(data.contains(std::string(section)) && data[std::string(section)].is_array()) << section;
  }
  for (const auto& section : planted_sections()) {
    EXPECT_FALSE(data[section].empty()) << section;
  }
  EXPECT_EQ(data["account"][0]["email"], "alice@example.com");
  EXPECT_EQ(data["account"][0]["name"], "Alice Example");
  EXPECT_EQ(data["account"].dump().find("argon2"), std::string::npos);  // no password hash
  EXPECT_EQ(data["visitors"][0]["id"], alice.visitor);
  EXPECT_EQ(data["sessions"][0]["ip"], "203.0.113.7");
  EXPECT_EQ(data["remembered_devices"][0]["user_agent"], "UA " + alice.marker);
  EXPECT_EQ(data["audit"].size(), 2u);  // the sign-in and the failed one with the typed address
  EXPECT_EQ(data["mail"][0]["subject"], "Mail " + alice.marker);
  EXPECT_EQ(data["mail"].dump().find("secret link"), std::string::npos);  // bodies carry live links
  EXPECT_EQ(data["page_views"].size(), 2u);
  EXPECT_EQ(data["votes"][0]["article_id"], alice.article_id);
  EXPECT_EQ(data["comments"][0]["body"], "Comment " + alice.marker);
  EXPECT_EQ(data["tickets"][0]["ref"], alice.ticket_ref);
  EXPECT_EQ(data["messages"].size(), 3u);
  ASSERT_EQ(data["mail_messages"].size(), 1u);
  EXPECT_EQ(data["mail_messages"][0]["message_id"], "mid-" + alice.marker + "@mail.test");
  EXPECT_EQ(data["mail_messages"][0]["original_body"], "By mail " + alice.marker + "\n> Alice Example");
  ASSERT_EQ(data["quarantined_mail"].size(), 1u);  // found by the address in any case; Bob's is not hers
  EXPECT_EQ(data["quarantined_mail"][0]["reason"], "unreadable " + alice.marker);
  EXPECT_EQ(data["chats"][0]["id"], alice.chat_id);
  EXPECT_EQ(data["chat_messages"][0]["body"], "Write to alice@example.com " + alice.marker);
  // Attachments: the list (both the requester's and the agent's), never the bytes.
  ASSERT_EQ(data["attachments"].size(), 3u);
  EXPECT_EQ(data["attachments"][0]["ticket"], alice.ticket_ref);
  EXPECT_EQ(data["attachments"][0]["filename"], "scan-" + alice.marker + ".pdf");
  EXPECT_EQ(data["attachments"][0]["content_type"], "application/pdf");
  EXPECT_EQ(data["attachments"][0]["size"], static_cast<int64_t>(("only bytes of " + alice.marker).size()));
  EXPECT_EQ(data["attachments"][0]["sha256"], alice.own_sha);
  EXPECT_EQ(data["attachments"][0]["uploaded_by"], "user");
  EXPECT_EQ(data["attachments"][2]["uploaded_by"], "agent");
  EXPECT_EQ(data["attachments"].dump().find("only bytes of"), std::string::npos);
  // Two-factor: on and since when, never the secret or recovery codes.
  ASSERT_EQ(data["two_factor"].size(), 1u);
  EXPECT_EQ(data["two_factor"][0]["enabled"], 1);
  EXPECT_EQ(data["two_factor"][0]["confirmed_ms"], kOldMs + 1);
  EXPECT_EQ(data["two_factor"].dump().find("TOTPSECRET"), std::string::npos);
  EXPECT_EQ(data["agent_groups"][0]["name"], "Group " + alice.marker);
  ASSERT_EQ(data["canned_replies"].size(), 1u);  // the personal one, not the shared one
  EXPECT_EQ(data["canned_replies"][0]["title"], "Canned " + alice.marker);
  EXPECT_EQ(data["deflections"].size(), 2u);
  EXPECT_EQ(data["deflections"][0]["visitor_id"], alice.visitor);
  // Nothing of the other person.
  const std::string text = doc.dump();
  EXPECT_EQ(text.find("TOTPSECRET"), std::string::npos);
  EXPECT_EQ(text.find("recovery-hash-"), std::string::npos);
  EXPECT_EQ(text.find(bob.marker), std::string::npos);
  EXPECT_EQ(text.find("bob@example.com"), std::string::npos);

  // A visitor alone: its history, not the account's sessions.
  auto by_visitor = privacy::subject_for_visitor(alice.visitor);
  ASSERT_TRUE(by_visitor.is_ok());
  nlohmann::json visitor_doc = export_json(*storage_, *by_visitor);
  EXPECT_EQ(visitor_doc["data"]["page_views"].size(), 2u);
  EXPECT_EQ(visitor_doc["data"]["chats"].size(), 1u);
  EXPECT_EQ(visitor_doc["data"]["deflections"].size(), 2u);
  EXPECT_TRUE(visitor_doc["data"]["two_factor"].empty());
  EXPECT_TRUE(visitor_doc["data"]["sessions"].empty());
  EXPECT_TRUE(visitor_doc["data"]["account"].empty());
}

TEST_P(StorageConformanceTest, PrivacyExportPagesThroughALongHistory) {
  Planted alice = plant_person(*storage_, "alice@example.com", "Alice Example", 1);
  std::vector<PageView> views;
  for (int i = 0; i < 1234; ++i) {
    PageView v;
    v.visitor_id = alice.visitor;
    v.path = "/kb/p" + std::to_string(i);
    v.at_ms = kNewMs + i;
    views.push_back(v);
  }
  ASSERT_TRUE(storage_->page_views().record_page_views(views).is_ok());
  nlohmann::json doc = export_json(*storage_, subject_of(*storage_, "alice@example.com"));
  ASSERT_EQ(doc["data"]["page_views"].size(), 1236u);
  EXPECT_EQ(doc["data"]["page_views"][1235]["path"], "/kb/p1233");
}

// Internal notes (SPEC §11: never shown to the requester) stay out of the
// requester's export — they are the staff's working notes and name colleagues
// and third parties — while the agent who wrote one finds it in theirs.
TEST_P(StorageConformanceTest, PrivacyExportLeavesOutInternalNotesExceptTheirAuthors) {
  Planted alice = plant_person(*storage_, "alice@example.com", "Alice Example", 1);
  Planted carol = plant_person(*storage_, "carol@example.com", "Carol Agent", 3);
  NewTicketMessage note;
  note.ticket_id = alice.ticket_id;
  note.author = TicketAuthor::kAgent;
  note.author_id = carol.person.id;
  note.author_name = "Carol Agent";
  note.body = "Internal: ask Dan (dan@example.net) before refunding " + alice.marker;
  note.kind = TicketMessageKind::kNote;
  note.created_ms = kOldMs + 2;
  auto added = storage_->tickets().add_message(note);
  ASSERT_TRUE(added.is_ok()) << added.status().to_string();

  nlohmann::json mine = export_json(*storage_, subject_of(*storage_, "alice@example.com"))["data"]["messages"];
  ASSERT_EQ(mine.size(), 3u);  // her message, the agent's reply and her reply by mail
  for (const auto& m : mine) EXPECT_EQ(m["kind"], "reply");
  EXPECT_EQ(mine.dump().find("Internal: ask Dan"), std::string::npos);

  nlohmann::json written = export_json(*storage_, subject_of(*storage_, "carol@example.com"))["data"]["messages"];
  bool found = false;
  for (const auto& m : written) {
    if (m["body"] == note.body) {
      found = true;
      EXPECT_EQ(m["kind"], "note");
      EXPECT_EQ(m["ticket"], alice.ticket_ref);
    }
  }
  EXPECT_TRUE(found) << written.dump();
}

TEST_P(StorageConformanceTest, PrivacyEraseLeavesNothingOfThePersonAndKeepsOthers) {
  // A webhook on new tickets: each planted ticket leaves a pending delivery naming its requester.
  auto hook = storage_->webhooks().create({"https://crm.example.net/hook", {"ticket.created"}, "whsec_x"}, kOldMs);
  ASSERT_TRUE(hook.is_ok()) << hook.status().to_string();
  Planted alice = plant_person(*storage_, "alice@example.com", "Alice Example", 1);
  Planted bob = plant_person(*storage_, "bob@example.com", "Bob Other", 2);
  auto ticket_before = storage_->tickets().find_by_ref(alice.ticket_ref);
  ASSERT_TRUE(ticket_before.is_ok());
  auto deflected_before = storage_->insights().deflections(0, kNewMs + 1);
  ASSERT_TRUE(deflected_before.is_ok());
  EXPECT_EQ(deflected_before->visitors, 2);

  auto counts = privacy::erase(*storage_, subject_of(*storage_, "alice@example.com"));
  ASSERT_TRUE(counts.is_ok()) << counts.status().to_string();
  EXPECT_EQ((*counts)["people"], 1);
  EXPECT_EQ((*counts)["ticket_attachments"], 2);  // what she uploaded, not the agent's reply
  EXPECT_EQ((*counts)["attachment_blobs"], 1);    // the shared bytes are still Bob's
  EXPECT_EQ((*counts)["two_factor"], 1);
  EXPECT_EQ((*counts)["recovery_codes"], 1);
  EXPECT_EQ((*counts)["agent_group_members"], 1);
  EXPECT_EQ((*counts)["canned_replies"], 1);
  EXPECT_EQ((*counts)["agent_notify_prefs"], 1);
  EXPECT_EQ((*counts)["ticket_deflections"], 2);
  EXPECT_EQ((*counts)["mail_messages"], 1);
  EXPECT_EQ((*counts)["mail_quarantine"], 1);
  EXPECT_EQ((*counts)["api_idempotency"], 1);
  EXPECT_EQ((*counts)["webhook_deliveries"], 1);
  auto deliveries = storage_->webhooks().deliveries(hook->id, 10);
  ASSERT_TRUE(deliveries.is_ok());
  ASSERT_EQ(deliveries->size(), 1u);  // Bob's is still to be sent
  EXPECT_NE(deliveries->front().data.find("bob@example.com"), std::string::npos);
  EXPECT_EQ(privacy::describe(*counts).find("alice"), std::string::npos);
  EXPECT_EQ(storage_->api_keys().find_answer(alice.api_key_id, "idem-" + alice.marker).status().code(),
            Code::kNotFound);
  EXPECT_TRUE(storage_->api_keys().find_answer(bob.api_key_id, "idem-" + bob.marker).is_ok());
  auto quarantined = storage_->mail().quarantined(100);
  ASSERT_TRUE(quarantined.is_ok());
  ASSERT_EQ(quarantined->size(), 1u);
  EXPECT_EQ(quarantined->front().reason, "unreadable " + bob.marker);
  auto still_known = storage_->mail().known("mid-" + alice.marker + "@mail.test");  // a re-delivery is still spotted
  ASSERT_TRUE(still_known.is_ok());
  EXPECT_TRUE(*still_known);

  // The account and what hung on it.
  EXPECT_EQ(people().find_by_email("alice@example.com").status().code(), Code::kNotFound);
  EXPECT_EQ(sessions().find("session-" + alice.marker).status().code(), Code::kNotFound);
  EXPECT_EQ(remember().find_by_selector("sel-" + alice.marker).status().code(), Code::kNotFound);
  EXPECT_EQ(resets().find_by_hash("reset-" + alice.marker).status().code(), Code::kNotFound);
  auto events = audit().list({});
  ASSERT_TRUE(events.is_ok());
  for (const auto& e : *events) {
    EXPECT_NE(e.email, "alice@example.com");
    EXPECT_EQ(e.detail.find(alice.marker), std::string::npos);
    EXPECT_NE(e.person_id, alice.person.id);
  }
  auto mails = outbox().recent(100);
  ASSERT_TRUE(mails.is_ok());
  for (const auto& m : *mails) EXPECT_NE(m.to, "alice@example.com");

  // Visitor history, votes and comments.
  auto views = storage_->page_views().recent_page_views(alice.visitor, 100);
  ASSERT_TRUE(views.is_ok());
  EXPECT_TRUE(views->empty());
  auto votes = storage_->feedback().vote_counts(alice.article_id);
  ASSERT_TRUE(votes.is_ok());
  EXPECT_EQ(votes->up, 0);
  EXPECT_EQ(storage_->feedback().find_comment(alice.comment_id).status().code(), Code::kNotFound);

  // The ticket stays for the helpdesk, without who asked.
  auto ticket = storage_->tickets().find_by_ref(alice.ticket_ref);
  ASSERT_TRUE(ticket.is_ok());
  EXPECT_EQ(ticket->requester_name, "[erased]");
  EXPECT_EQ(ticket->requester_email.find("alice"), std::string::npos);
  EXPECT_FALSE(ticket->person_id.has_value());
  EXPECT_FALSE(ticket->visitor_id.has_value());
  EXPECT_EQ(storage_->tickets().find_by_access_token("access-" + alice.marker).status().code(), Code::kNotFound);
  auto listed = storage_->tickets().list_for_email("alice@example.com", 10, 0);
  ASSERT_TRUE(listed.is_ok());
  EXPECT_TRUE(listed->empty());
  auto messages = storage_->tickets().messages(ticket_before->id);
  ASSERT_TRUE(messages.is_ok());
  ASSERT_EQ(messages->size(), 3u);
  for (const auto& m : *messages) {
    EXPECT_EQ(m.body.find("alice@example.com"), std::string::npos) << m.body;
    EXPECT_EQ(m.body.find("Alice Example"), std::string::npos) << m.body;
    EXPECT_NE(m.body.find(alice.marker), std::string::npos);  // the conversation itself is kept
  }
  EXPECT_EQ((*messages)[0].author_name, "[erased]");
  EXPECT_EQ((*messages)[1].author_name, "Agent Smith");
  EXPECT_EQ((*messages)[2].author_name, "[erased]");

  // Her files are gone; the agent's reply keeps its file; bytes others still use stay.
  auto files = storage_->attachments().list_for_ticket(alice.ticket_id);
  ASSERT_TRUE(files.is_ok());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ(files->front().filename, "reply-" + alice.marker + ".txt");
  EXPECT_EQ(storage_->attachments().content(alice.own_sha).status().code(), Code::kNotFound);
  EXPECT_TRUE(storage_->attachments().content(alice.agent_sha).is_ok());
  auto shared = storage_->attachments().content(alice.shared_sha);
  ASSERT_TRUE(shared.is_ok());
  EXPECT_EQ(*shared, "the same bytes everybody sends");
  auto bob_files = storage_->attachments().list_for_ticket(bob.ticket_id);
  ASSERT_TRUE(bob_files.is_ok());
  EXPECT_EQ(bob_files->size(), 3u);

  // Staff data and the visitor's opened suggestions.
  EXPECT_EQ(storage_->two_factor().find(alice.person.id).status().code(), Code::kNotFound);
  EXPECT_TRUE(storage_->two_factor().find(bob.person.id).is_ok());
  auto staff = storage_->desk().staff();
  ASSERT_TRUE(staff.is_ok());
  for (const auto& member : *staff) EXPECT_NE(member.email, "alice@example.com");
  auto groups = storage_->desk().list_groups();
  ASSERT_TRUE(groups.is_ok());
  for (const auto& g : *groups) EXPECT_EQ(g.member_count, g.name == "Group " + bob.marker ? 1 : 0) << g.name;
  auto bob_canned = storage_->desk().canned_for(bob.person.id);
  ASSERT_TRUE(bob_canned.is_ok());
  for (const auto& c : *bob_canned) EXPECT_NE(c.title, "Canned " + alice.marker);
  EXPECT_EQ(bob_canned->size(), 3u);  // his own and both shared ones (the desk's, whoever wrote them)
  auto deflected_after = storage_->insights().deflections(0, kNewMs + 1);
  ASSERT_TRUE(deflected_after.is_ok());
  EXPECT_EQ(deflected_after->visitors, 1);

  // Ticket search no longer finds her by name or address.
  TicketSearch search;
  search.terms = ticket_search_terms("alice");
  auto found = storage_->insights().search_tickets(search);
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  EXPECT_TRUE(found->empty());

  // The chat transcript loses its personal fields.
  auto chats = storage_->chats().chats_for_visitor(alice.visitor, 10);
  ASSERT_TRUE(chats.is_ok());
  EXPECT_TRUE(chats->empty());
  auto chat = storage_->chats().find(alice.chat_id);
  ASSERT_TRUE(chat.is_ok());
  EXPECT_EQ(chat->name, "");
  EXPECT_EQ(chat->email, "");
  EXPECT_EQ(chat->person_id, 0);
  auto lines = storage_->chats().messages(alice.chat_id);
  ASSERT_TRUE(lines.is_ok());
  for (const auto& l : *lines) {
    EXPECT_EQ(l.body.find("alice@example.com"), std::string::npos);
    EXPECT_NE(l.name, "Alice Example");
  }

  // The export finds nothing any more.
  nlohmann::json after = export_json(*storage_, subject_of(*storage_, "alice@example.com"));
  for (std::string_view section : personal::builtin_registry().sections()) {
    EXPECT_TRUE(after["data"][std::string(section)].empty()) << section;
  }
  auto visitor_subject = privacy::subject_for_visitor(alice.visitor);
  ASSERT_TRUE(visitor_subject.is_ok());
  nlohmann::json by_visitor = export_json(*storage_, *visitor_subject);
  for (std::string_view section : personal::builtin_registry().sections()) {
    EXPECT_TRUE(by_visitor["data"][std::string(section)].empty()) << section;
  }

  // The other person keeps everything.
  nlohmann::json other = export_json(*storage_, subject_of(*storage_, "bob@example.com"));
  for (const auto& section : planted_sections()) {
    EXPECT_FALSE(other["data"][section].empty()) << section;
  }
  auto bob_votes = storage_->feedback().vote_counts(bob.article_id);
  ASSERT_TRUE(bob_votes.is_ok());
  EXPECT_EQ(bob_votes->up, 1);
}

TEST_P(StorageConformanceTest, PrivacyEraseOfAVisitorLeavesTheAccount) {
  // A visitor that never signed in: its page views, vote, comment and chat.
  const std::string visitor(32, 'V');
  PageView view;
  view.visitor_id = visitor;
  view.path = "/kb/guest";
  view.at_ms = kNewMs;
  ASSERT_TRUE(storage_->page_views().record_page_views({view}).is_ok());
  ASSERT_TRUE(storage_->feedback().cast_vote(7, "v:" + visitor, -1, 0).is_ok());
  Comment c;
  c.article_id = 7;
  c.voter = "v:" + visitor;
  c.name = "Guest";
  c.body = "guest comment";
  c.status = CommentStatus::kPending;
  c.created_ms = kNewMs;
  ASSERT_TRUE(storage_->feedback().add_comment(c).is_ok());
  ASSERT_TRUE(storage_->insights().record_deflection(visitor, 7, kNewMs).is_ok());
  Planted alice = plant_person(*storage_, "alice@example.com", "Alice Example", 1);

  auto subject = privacy::subject_for_visitor(visitor);
  ASSERT_TRUE(subject.is_ok());
  auto counts = privacy::erase(*storage_, *subject);
  ASSERT_TRUE(counts.is_ok()) << counts.status().to_string();
  EXPECT_EQ((*counts)["page_views"], 1);
  EXPECT_EQ((*counts)["votes"], 1);
  EXPECT_EQ((*counts)["comments"], 1);
  EXPECT_EQ((*counts)["visitors"], 1);
  EXPECT_EQ((*counts)["ticket_deflections"], 1);
  EXPECT_EQ((*counts)["people"], 0);
  EXPECT_EQ(storage_->feedback().find_comment(c.id).status().code(), Code::kNotFound);
  EXPECT_TRUE(people().find_by_email("alice@example.com").is_ok());
  nlohmann::json kept = export_json(*storage_, subject_of(*storage_, "alice@example.com"));
  for (const auto& section : planted_sections()) EXPECT_FALSE(kept["data"][section].empty()) << section;
  EXPECT_EQ(privacy::subject_for_visitor("").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(privacy::subject_for_email(*storage_, "not-an-address").status().code(), Code::kInvalidArgument);
  (void)alice;
}

TEST_P(StorageConformanceTest, PrivacyEraseOfAGuestScrubsTheNameTheyGaveAndTheirAddressInAnyCase) {
  NewTicket ticket;
  ticket.ref = "REF-GUEST";
  ticket.requester_name = "Frank Miller";
  ticket.requester_email = "Frank@Example.com";
  ticket.subject = "Frank Miller cannot log in";
  ticket.body = "I am Frank Miller, reach me at frank@example.com or FRANK@EXAMPLE.COM. Frankly, Millers rock.";
  ticket.lang = "en";
  ticket.created_ms = kOldMs;
  auto created = storage_->tickets().create(ticket);
  ASSERT_TRUE(created.is_ok()) << created.status().to_string();
  NewChat chat;
  chat.visitor_id = std::string(32, 'F');
  chat.name = "Frank Miller";
  chat.email = "frank@example.com";
  chat.lang = "en";
  chat.created_ms = kOldMs;
  auto started = storage_->chats().create(chat);
  ASSERT_TRUE(started.is_ok()) << started.status().to_string();
  ChatMessage line;
  line.chat_id = started->id;
  line.author = ChatAuthor::kVisitor;
  line.name = "Frank Miller";
  line.body = "frank miller here, FRANK@example.com";
  line.client_id = "c-guest";
  line.at_ms = kOldMs;
  ASSERT_TRUE(storage_->chats().add_message(line).is_ok());

  auto counts = privacy::erase(*storage_, subject_of(*storage_, "frank@example.com"));
  ASSERT_TRUE(counts.is_ok()) << counts.status().to_string();
  EXPECT_EQ((*counts)["tickets.scrubbed"], 1);
  EXPECT_EQ((*counts)["ticket_messages.scrubbed"], 1);
  EXPECT_EQ((*counts)["chat_messages.scrubbed"], 1);
  auto kept = storage_->tickets().find_by_ref("REF-GUEST");
  ASSERT_TRUE(kept.is_ok());
  EXPECT_EQ(kept->subject, "[erased] cannot log in");
  auto messages = storage_->tickets().messages(created->id);
  ASSERT_TRUE(messages.is_ok());
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ(messages->front().body, "I am [erased], reach me at [erased] or [erased]. Frankly, Millers rock.");
  auto lines = storage_->chats().messages(started->id);
  ASSERT_TRUE(lines.is_ok());
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ(lines->front().body, "[erased] here, [erased]");
}

TEST_P(StorageConformanceTest, PrivacyPruneRemovesWhatIsOlderAndNothingElse) {
  Planted alice = plant_person(*storage_, "alice@example.com", "Alice Example", 1);
  // Visitors without an account: one old, one recent.
  PageView old_view;
  old_view.visitor_id = std::string(32, 'O');
  old_view.path = "/kb/old";
  old_view.at_ms = kOldMs;
  PageView new_view;
  new_view.visitor_id = std::string(32, 'N');
  new_view.path = "/kb/new";
  new_view.at_ms = kNewMs;
  ASSERT_TRUE(storage_->page_views().record_page_views({old_view, new_view}).is_ok());
  AuditEvent recent;
  recent.at_ms = kNewMs;
  recent.event = "login";
  recent.ip = "198.51.100.77";
  ASSERT_TRUE(audit().append(recent).is_ok());
  QuarantinedMail old_mail;
  old_mail.received_ms = kOldMs;
  old_mail.reason = "old and unread";
  old_mail.raw = "Subject: x\r\n\r\nnobody's";
  ASSERT_TRUE(storage_->mail().quarantine(old_mail).is_ok());

  auto counts = privacy::prune(*storage_, {kCutoffMs, kCutoffMs});
  ASSERT_TRUE(counts.is_ok()) << counts.status().to_string();
  EXPECT_EQ((*counts)["page_views"], 2);  // alice's old view and the old visitor's
  EXPECT_EQ((*counts)["visitors"], 1);    // only the old visitor without an account
  // Alice's suggestion opened before the cutoff.
  EXPECT_EQ((*counts)["ticket_deflections"], 1);
  EXPECT_EQ((*counts)["mail_quarantine"], 1);  // the old one; Alice's recent one stays
  auto quarantined = storage_->mail().quarantined(100);
  ASSERT_TRUE(quarantined.is_ok());
  ASSERT_EQ(quarantined->size(), 1u);
  EXPECT_EQ(quarantined->front().reason, "unreadable " + alice.marker);

  auto old_left = storage_->page_views().recent_page_views(old_view.visitor_id, 10);
  ASSERT_TRUE(old_left.is_ok());
  EXPECT_TRUE(old_left->empty());
  auto new_left = storage_->page_views().recent_page_views(new_view.visitor_id, 10);
  ASSERT_TRUE(new_left.is_ok());
  EXPECT_EQ(new_left->size(), 1u);
  auto alice_left = storage_->page_views().recent_page_views(alice.visitor, 10);
  ASSERT_TRUE(alice_left.is_ok());
  ASSERT_EQ(alice_left->size(), 1u);
  EXPECT_EQ(alice_left->front().path, "/kb/later-" + alice.marker);

  // Old addresses are cut to their network; recent ones stay.
  auto session = sessions().find("session-" + alice.marker);
  ASSERT_TRUE(session.is_ok());
  EXPECT_EQ(session->ip, "203.0.113.0");
  auto token = remember().find_by_selector("sel-" + alice.marker);
  ASSERT_TRUE(token.is_ok());
  EXPECT_EQ(token->ip, "2001:db8:1::");
  auto events = audit().list({});
  ASSERT_TRUE(events.is_ok());
  for (const auto& e : *events) {
    if (e.at_ms == kNewMs) {
      EXPECT_EQ(e.ip, "198.51.100.77");
    } else {
      EXPECT_EQ(e.ip, "203.0.113.0");
    }
  }
  auto chat = storage_->chats().find(alice.chat_id);
  ASSERT_TRUE(chat.is_ok());

  // Everything else is untouched: the account, its visitor, votes, comments, tickets, chats.
  nlohmann::json doc = export_json(*storage_, subject_of(*storage_, "alice@example.com"));
  for (const auto& section : planted_sections()) EXPECT_FALSE(doc["data"][section].empty()) << section;
  EXPECT_EQ(doc["data"]["chats"][0]["email"], "alice@example.com");
  ASSERT_EQ(doc["data"]["deflections"].size(), 1u);
  EXPECT_EQ(doc["data"]["deflections"][0]["opened_ms"], kNewMs);
  EXPECT_EQ(doc["data"]["attachments"].size(), 3u);

  // A second run finds nothing left to do.
  auto again = privacy::prune(*storage_, {kCutoffMs, kCutoffMs});
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(privacy::describe(*again), "nothing");
}

// Every table of the schema has been looked at for personal data: either a handler in
// storage/personal/ exports, erases and prunes it, or it holds none. A feature that adds
// a table decides which, here and in docs/privacy.md — this test fails until it does.
TEST_P(StorageConformanceTest, PrivacyEveryTableIsHandledOrHoldsNoPersonalData) {
  static const std::set<std::string> kHandled = {
      "people",           "visitors",       "sessions",          "remember_tokens",     "password_resets",
      "audit_log",        "outbox",         "page_views",        "votes",               "comments",
      "tickets",          "ticket_messages", "ticket_access_tokens", "chats",            "chat_messages",
      "kb_articles",      "ticket_deflections", "ticket_attachments", "attachment_blobs", "two_factor",
      "recovery_codes",   "agent_group_members", "canned_replies", "mail_messages",     "mail_quarantine",
      "api_idempotency", "webhook_deliveries", "agent_notify_prefs"};
  static const std::set<std::string> kNoPersonalData = {
      "agent_groups",  "settings",        "kb_categories", "kb_category_texts", "kb_translations",
      "content_revision", "schema_migrations", "ticket_milestones", "api_keys", "webhooks",
      "sla_targets", "sla_schedule"};
  // Full-text indexes are rebuilt by triggers from the tables above and follow their erasure.
  const auto derived = [](const std::string& table) {
    return table.rfind("kb_fts", 0) == 0 || table.rfind("ticket_search", 0) == 0;
  };
  const std::string_view list_tables =
      storage_->backend() == "sqlite"
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
          : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE'";
  std::vector<std::string> tables;
  Status listed = storage_->personal_sql().read([&](PersonalSql& sql) {
    return sql.each_row(list_tables, {}, [&](const SqlRow& row) {
      tables.push_back(row.text(0));
      return Status::ok();
    });
  });
  ASSERT_TRUE(listed.is_ok()) << listed.to_string();
  EXPECT_GT(tables.size(), kHandled.size());
  for (const std::string& table : tables) {
    EXPECT_TRUE(kHandled.count(table) + kNoPersonalData.count(table) == 1 || derived(table))
        << "table " << table << " is neither handled in storage/personal/ nor listed as holding no personal data";
  }
}

TEST(PersonalDataIps, AddressesAreCutToTheirNetwork) {
  EXPECT_EQ(personal::truncate_ip("203.0.113.7"), "203.0.113.0");
  EXPECT_EQ(personal::truncate_ip("2001:db8:1:2::5"), "2001:db8:1::");
  EXPECT_EQ(personal::truncate_ip("::1"), "::");
  EXPECT_EQ(personal::truncate_ip("not an address"), "");
  EXPECT_EQ(personal::truncate_ip(""), "");
}

TEST(PersonalSqlParameters, AreRenumberedDenselyOutsideLiterals) {
  NumberedSql n = number_parameters("SELECT '?9' WHERE a = ?3 AND b = ?1 OR c = ?3 LIMIT ?6", '$');
  EXPECT_EQ(n.text, "SELECT '?9' WHERE a = $1 AND b = $2 OR c = $1 LIMIT $3");
  EXPECT_EQ(n.sources, (std::vector<int>{3, 1, 6}));
}

}  // namespace deskd::storage::conformance
