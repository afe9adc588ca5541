#pragma once
// Backend-independent conformance tests for storage::Storage. Every backend
// runs the same suite; its test file includes this header (in exactly one
// translation unit) and instantiates it:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StorageConformanceTest,
//                            ::testing::Values(StorageFactory{"sqlite", make_fresh_sqlite}),
//                            storage_factory_name);
//
// The factory is called once per test and must return a fresh, empty Storage;
// anything it needs to clean up (files, schemas) it ties to that object. A
// factory that cannot run here (no test server) calls GTEST_SKIP() and
// returns nullptr.
//
// Contract details pinned here beyond the comments in store.h:
//  - remove / remove_by_row_id / update_data / set_* on a missing row: NotFound.
//  - touch_many skips unknown hashes and never moves last_seen_ms backwards.
//  - session lists are newest last_seen_ms first; people lists are by id.
//  - audit filters match since_ms <= at_ms < until_ms.
//  - remember tokens: insert for an unknown person is InvalidArgument;
//    remove_expired removes expires_ms <= now_ms; lists are newest
//    last_used_ms first.
//  - a stored enum value no enum names is Internal and counted
//    (unreadable_stored_values()), never read as a default.
//  - outbox: pending is in enqueue order and keeps failed mails; mark_sent /
//    mark_failed on a missing mail: NotFound.
//  - people: set_email / set_name on a missing person: NotFound.
//  - password resets: insert for an unknown person is InvalidArgument; resets
//    die with their person.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <latch>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "storage/record_rows.h"
#include "storage/store.h"

namespace deskd::storage::conformance {

struct StorageFactory {
  std::string name;  // a valid GoogleTest parameter name, e.g. "sqlite"
  std::function<std::unique_ptr<Storage>()> make;
};

inline void PrintTo(const StorageFactory& factory, std::ostream* os) {
  *os << factory.name;
}

inline std::string storage_factory_name(const ::testing::TestParamInfo<StorageFactory>& info) {
  return info.param.name;
}

class StorageConformanceTest : public ::testing::TestWithParam<StorageFactory> {
 protected:
  void SetUp() override {
    storage_ = GetParam().make();
    if (IsSkipped()) return;  // the factory skipped (e.g. no test server configured)
    ASSERT_NE(storage_, nullptr);
  }
  void TearDown() override { storage_.reset(); }

  PeopleStore& people() { return storage_->people(); }
  SessionStore& sessions() { return storage_->sessions(); }
  SettingsStore& settings() { return storage_->settings(); }
  AuditStore& audit() { return storage_->audit(); }
  RememberStore& remember() { return storage_->remember(); }
  OutboxStore& outbox() { return storage_->outbox(); }
  PasswordResetStore& resets() { return storage_->password_resets(); }

  Person create_person(const std::string& email, Role role = Role::kUser) {
    NewPerson p;
    p.email = email;
    p.name = "Name of " + email;
    p.role = role;
    p.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    Result<Person> created = people().create(p);
    EXPECT_TRUE(created.is_ok()) << created.status().to_string();
    return created.is_ok() ? *created : Person{};
  }

  SessionRecord insert_session(const std::string& id_hash, const std::string& interface, int64_t person_id,
                               int64_t created_ms, int64_t last_seen_ms) {
    SessionRecord r;
    r.id_hash = id_hash;
    r.interface = parse_session_interface(interface).value_or(SessionInterface::kPortal);
    EXPECT_TRUE(parse_session_interface(interface).has_value()) << interface;
    r.person_id = person_id;
    r.created_ms = created_ms;
    r.last_seen_ms = last_seen_ms;
    r.ip = "203.0.113.7";
    r.user_agent = "Mozilla/5.0 (X11; Linux x86_64)";
    r.data = "{}";
    Status s = sessions().insert(r);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    return r;
  }

  void append_event(int64_t at_ms, const std::string& event, int64_t person_id, const std::string& email = "") {
    AuditEvent e;
    e.at_ms = at_ms;
    e.event = event;
    e.person_id = person_id;
    e.email = email;
    e.ip = "198.51.100.1";
    e.detail = R"({"k":"v"})";
    Status s = audit().append(e);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
  }

  RememberToken insert_token(const std::string& selector, int64_t person_id, int64_t last_used_ms,
                             int64_t expires_ms = 9'000'000, const std::string& audience = "user") {
    RememberToken t;
    t.selector = selector;
    t.validator_hash = "vh-" + selector;
    t.person_id = person_id;
    t.audience = audience == "agent" ? RememberAudience::kAgent : RememberAudience::kUser;
    t.created_ms = 1'000;
    t.expires_ms = expires_ms;
    t.last_used_ms = last_used_ms;
    t.ip = "192.0.2.10";
    t.user_agent = "Mozilla/5.0 (Macintosh)";
    Status s = remember().insert(t);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    return t;
  }

  OutboxMail enqueue_mail(const std::string& to, const std::string& subject, int64_t created_ms = 1'000) {
    OutboxMail m;
    m.created_ms = created_ms;
    m.to = to;
    m.subject = subject;
    m.body = "Hello,\n\nbody of " + subject + "\n";
    m.kind = "password_reset";
    Status s = outbox().enqueue(m);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    return m;
  }

  static std::vector<std::string> selectors(const std::vector<RememberToken>& tokens) {
    std::vector<std::string> out;
    for (const RememberToken& t : tokens) out.push_back(t.selector);
    return out;
  }

  static std::vector<std::string> subjects(const std::vector<OutboxMail>& mails) {
    std::vector<std::string> out;
    for (const OutboxMail& m : mails) out.push_back(m.subject);
    return out;
  }

  std::vector<std::string> pending_subjects(int limit = 100) {
    Result<std::vector<OutboxMail>> list = outbox().pending(limit);
    EXPECT_TRUE(list.is_ok()) << list.status().to_string();
    return list.is_ok() ? subjects(*list) : std::vector<std::string>{};
  }

  static std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  }

  static std::vector<std::string> hashes(const std::vector<SessionRecord>& records) {
    std::vector<std::string> out;
    for (const SessionRecord& r : records) out.push_back(r.id_hash);
    return out;
  }

  static std::vector<std::string> events(const std::vector<AuditEvent>& list) {
    std::vector<std::string> out;
    for (const AuditEvent& e : list) out.push_back(e.event + "@" + std::to_string(e.at_ms));
    return out;
  }

  std::vector<std::string> audit_list(const AuditFilter& filter) {
    Result<std::vector<AuditEvent>> list = audit().list(filter);
    EXPECT_TRUE(list.is_ok()) << list.status().to_string();
    return list.is_ok() ? events(*list) : std::vector<std::string>{};
  }

  std::unique_ptr<Storage> storage_;
};

// ---- backend ----

TEST_P(StorageConformanceTest, NamesItsBackend) {
  EXPECT_FALSE(storage_->backend().empty());
}

// ---- people ----

TEST_P(StorageConformanceTest, CreatePersonAssignsIdAndStoresLowerCasedEmail) {
  NewPerson p;
  p.email = "Ada.Lovelace@Example.COM";
  p.name = "Ada Lovelace";
  p.role = Role::kAgent;
  p.password_hash = "$argon2id$hash";
  p.language = "da";
  Result<Person> created = people().create(p);
  ASSERT_TRUE(created.is_ok()) << created.status().to_string();
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->email, "ada.lovelace@example.com");
  EXPECT_GT(created->created_ms, 0);

  Result<Person> found = people().find_by_id(created->id);
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  EXPECT_EQ(found->id, created->id);
  EXPECT_EQ(found->email, "ada.lovelace@example.com");
  EXPECT_EQ(found->name, "Ada Lovelace");
  EXPECT_EQ(found->role, Role::kAgent);
  EXPECT_EQ(found->password_hash, "$argon2id$hash");
  EXPECT_EQ(found->language, "da");
  EXPECT_FALSE(found->disabled);
  EXPECT_EQ(found->created_ms, created->created_ms);
}

TEST_P(StorageConformanceTest, DuplicateEmailIsConflictInAnyCase) {
  Person first = create_person("grace@example.com");
  NewPerson same;
  same.email = "grace@example.com";
  EXPECT_EQ(people().create(same).status().code(), Code::kConflict);
  same.email = "GRACE@Example.Com";
  EXPECT_EQ(people().create(same).status().code(), Code::kConflict);
  Result<std::vector<Person>> all = people().list(10, 0);
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().id, first.id);
}

TEST_P(StorageConformanceTest, FindByEmailIgnoresCase) {
  Person p = create_person("Linus@Example.org");
  Result<Person> found = people().find_by_email("LINUS@example.ORG");
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  EXPECT_EQ(found->id, p.id);
  EXPECT_EQ(found->email, "linus@example.org");
}

TEST_P(StorageConformanceTest, MissingPersonIsNotFound) {
  create_person("someone@example.com");
  EXPECT_EQ(people().find_by_id(987654).status().code(), Code::kNotFound);
  EXPECT_EQ(people().find_by_email("nobody@example.com").status().code(), Code::kNotFound);
  EXPECT_EQ(people().set_password_hash(987654, "x").code(), Code::kNotFound);
  EXPECT_EQ(people().set_language(987654, "de").code(), Code::kNotFound);
  EXPECT_EQ(people().set_role(987654, Role::kAdmin).code(), Code::kNotFound);
  EXPECT_EQ(people().set_disabled(987654, true).code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, UpdatesPasswordLanguageRoleAndDisabled) {
  Person p = create_person("agent@example.com");
  Person other = create_person("other@example.com");
  ASSERT_TRUE(people().set_password_hash(p.id, "$argon2id$new").is_ok());
  ASSERT_TRUE(people().set_language(p.id, "de").is_ok());
  ASSERT_TRUE(people().set_role(p.id, Role::kAdmin).is_ok());
  ASSERT_TRUE(people().set_disabled(p.id, true).is_ok());

  Result<Person> found = people().find_by_id(p.id);
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->password_hash, "$argon2id$new");
  EXPECT_EQ(found->language, "de");
  EXPECT_EQ(found->role, Role::kAdmin);
  EXPECT_TRUE(found->disabled);

  ASSERT_TRUE(people().set_disabled(p.id, false).is_ok());
  ASSERT_TRUE(people().set_role(p.id, Role::kUser).is_ok());
  found = people().find_by_id(p.id);
  ASSERT_TRUE(found.is_ok());
  EXPECT_FALSE(found->disabled);
  EXPECT_EQ(found->role, Role::kUser);

  Result<Person> untouched = people().find_by_id(other.id);
  ASSERT_TRUE(untouched.is_ok());
  EXPECT_EQ(untouched->password_hash, other.password_hash);
  EXPECT_EQ(untouched->language, "");
  EXPECT_EQ(untouched->role, Role::kUser);
  EXPECT_FALSE(untouched->disabled);
}

TEST_P(StorageConformanceTest, ListsPeopleByIdWithLimitAndOffset) {
  std::vector<int64_t> ids;
  for (const char* email : {"a@x.test", "b@x.test", "c@x.test", "d@x.test", "e@x.test"}) {
    ids.push_back(create_person(email).id);
  }
  auto page = [&](int limit, int offset) {
    std::vector<int64_t> out;
    Result<std::vector<Person>> list = people().list(limit, offset);
    EXPECT_TRUE(list.is_ok()) << list.status().to_string();
    if (list.is_ok()) {
      for (const Person& p : *list) out.push_back(p.id);
    }
    return out;
  };
  EXPECT_EQ(page(2, 0), (std::vector<int64_t>{ids[0], ids[1]}));
  EXPECT_EQ(page(2, 2), (std::vector<int64_t>{ids[2], ids[3]}));
  EXPECT_EQ(page(2, 4), (std::vector<int64_t>{ids[4]}));
  EXPECT_TRUE(page(10, 5).empty());
  EXPECT_TRUE(page(0, 0).empty());
}

// ---- sessions ----

TEST_P(StorageConformanceTest, InsertSessionFillsRowIdAndFindReturnsEveryField) {
  SessionRecord r;
  r.id_hash = "hash-a";
  r.interface = SessionInterface::kAgent;
  r.person_id = 42;
  r.via_remember = true;
  r.created_ms = 1'000;
  r.last_seen_ms = 2'000;
  r.ip = "2001:db8::1";
  r.user_agent = "curl/8.0";
  r.data = R"({"flash":"Saved"})";
  ASSERT_TRUE(sessions().insert(r).is_ok());
  EXPECT_GT(r.row_id, 0);

  Result<SessionRecord> found = sessions().find("hash-a");
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  EXPECT_EQ(found->row_id, r.row_id);
  EXPECT_EQ(found->id_hash, "hash-a");
  EXPECT_EQ(found->interface, SessionInterface::kAgent);
  EXPECT_EQ(found->person_id, 42);
  EXPECT_TRUE(found->via_remember);
  EXPECT_EQ(found->created_ms, 1'000);
  EXPECT_EQ(found->last_seen_ms, 2'000);
  EXPECT_EQ(found->ip, "2001:db8::1");
  EXPECT_EQ(found->user_agent, "curl/8.0");
  EXPECT_EQ(found->data, R"({"flash":"Saved"})");

  SessionRecord second = insert_session("hash-b", "portal", 0, 1'000, 1'000);
  EXPECT_NE(second.row_id, r.row_id);
  Result<SessionRecord> anonymous = sessions().find("hash-b");
  ASSERT_TRUE(anonymous.is_ok());
  EXPECT_EQ(anonymous->person_id, 0);
  EXPECT_FALSE(anonymous->via_remember);
}

TEST_P(StorageConformanceTest, DuplicateSessionHashIsConflict) {
  insert_session("dup", "portal", 1, 10, 10);
  SessionRecord again;
  again.id_hash = "dup";
  again.interface = SessionInterface::kAgent;
  EXPECT_EQ(sessions().insert(again).code(), Code::kConflict);
  Result<int64_t> n = sessions().count();
  ASSERT_TRUE(n.is_ok());
  EXPECT_EQ(*n, 1);
}

TEST_P(StorageConformanceTest, MissingSessionIsNotFound) {
  EXPECT_EQ(sessions().find("nope").status().code(), Code::kNotFound);
  EXPECT_EQ(sessions().update_data("nope", "{}").code(), Code::kNotFound);
  EXPECT_EQ(sessions().remove("nope").code(), Code::kNotFound);
  EXPECT_EQ(sessions().remove_by_row_id(987654).code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, UpdateDataReplacesOnlyThatSession) {
  insert_session("s1", "portal", 0, 10, 10);
  insert_session("s2", "portal", 0, 10, 10);
  ASSERT_TRUE(sessions().update_data("s1", R"({"form":{"subject":"Hi"}})").is_ok());
  EXPECT_EQ(sessions().find("s1")->data, R"({"form":{"subject":"Hi"}})");
  EXPECT_EQ(sessions().find("s2")->data, "{}");
}

TEST_P(StorageConformanceTest, TouchManyUpdatesLastSeenAndSkipsUnknownOnes) {
  insert_session("t1", "portal", 1, 100, 100);
  insert_session("t2", "agent", 1, 100, 100);
  insert_session("t3", "admin", 2, 100, 500);
  Status touched = sessions().touch_many({{"t1", 300}, {"gone", 999}, {"t2", 400}, {"t3", 200}});
  ASSERT_TRUE(touched.is_ok()) << touched.to_string();
  EXPECT_EQ(sessions().find("t1")->last_seen_ms, 300);
  EXPECT_EQ(sessions().find("t2")->last_seen_ms, 400);
  EXPECT_EQ(sessions().find("t3")->last_seen_ms, 500);  // never moves backwards
  EXPECT_EQ(sessions().find("gone").status().code(), Code::kNotFound);
  EXPECT_TRUE(sessions().touch_many({}).is_ok());
}

TEST_P(StorageConformanceTest, RemoveAndRemoveByRowId) {
  insert_session("r1", "portal", 1, 10, 10);
  SessionRecord r2 = insert_session("r2", "portal", 1, 10, 10);
  insert_session("r3", "portal", 1, 10, 10);
  ASSERT_TRUE(sessions().remove("r1").is_ok());
  ASSERT_TRUE(sessions().remove_by_row_id(r2.row_id).is_ok());
  EXPECT_EQ(sessions().find("r1").status().code(), Code::kNotFound);
  EXPECT_EQ(sessions().find("r2").status().code(), Code::kNotFound);
  EXPECT_TRUE(sessions().find("r3").is_ok());
  EXPECT_EQ(sessions().remove("r1").code(), Code::kNotFound);
  EXPECT_EQ(*sessions().count(), 1);
}

TEST_P(StorageConformanceTest, RemoveByPersonKeepsOneAndReturnsRemovedHashes) {
  insert_session("p1-a", "portal", 1, 10, 10);
  insert_session("p1-b", "agent", 1, 10, 20);
  insert_session("p1-c", "admin", 1, 10, 30);
  insert_session("p2-a", "portal", 2, 10, 10);
  insert_session("anon", "portal", 0, 10, 10);

  Result<std::vector<std::string>> removed = sessions().remove_by_person(1, "p1-b");
  ASSERT_TRUE(removed.is_ok()) << removed.status().to_string();
  EXPECT_EQ(sorted(*removed), (std::vector<std::string>{"p1-a", "p1-c"}));
  EXPECT_TRUE(sessions().find("p1-b").is_ok());
  EXPECT_TRUE(sessions().find("p2-a").is_ok());
  EXPECT_TRUE(sessions().find("anon").is_ok());

  removed = sessions().remove_by_person(1, "");
  ASSERT_TRUE(removed.is_ok());
  EXPECT_EQ(*removed, (std::vector<std::string>{"p1-b"}));
  removed = sessions().remove_by_person(1, "");
  ASSERT_TRUE(removed.is_ok());
  EXPECT_TRUE(removed->empty());
  EXPECT_EQ(*sessions().count(), 2);
}

TEST_P(StorageConformanceTest, ListsSessionsNewestFirst) {
  insert_session("old", "portal", 7, 10, 100);
  insert_session("new", "agent", 7, 10, 300);
  insert_session("mid", "admin", 7, 10, 200);
  insert_session("elsewhere", "portal", 8, 10, 250);

  Result<std::vector<SessionRecord>> mine = sessions().list_by_person(7);
  ASSERT_TRUE(mine.is_ok());
  EXPECT_EQ(hashes(*mine), (std::vector<std::string>{"new", "mid", "old"}));
  EXPECT_TRUE(sessions().list_by_person(9)->empty());

  Result<std::vector<SessionRecord>> all = sessions().list_all(10, 0);
  ASSERT_TRUE(all.is_ok());
  EXPECT_EQ(hashes(*all), (std::vector<std::string>{"new", "elsewhere", "mid", "old"}));
  EXPECT_EQ(hashes(*sessions().list_all(2, 1)), (std::vector<std::string>{"elsewhere", "mid"}));
  EXPECT_TRUE(sessions().list_all(2, 4)->empty());
}

TEST_P(StorageConformanceTest, RemoveExpiredByIdleCutoff) {
  insert_session("idle", "portal", 1, 1'000, 1'000);
  insert_session("fresh", "portal", 1, 1'000, 5'000);
  insert_session("edge", "portal", 1, 1'000, 3'000);
  insert_session("agent-idle", "agent", 1, 1'000, 1'000);

  Result<std::vector<std::string>> removed = sessions().remove_expired(SessionInterface::kPortal, 3'000, 0);
  ASSERT_TRUE(removed.is_ok()) << removed.status().to_string();
  EXPECT_EQ(*removed, (std::vector<std::string>{"idle"}));
  EXPECT_TRUE(sessions().find("edge").is_ok());  // last_seen == cutoff is not idle yet
  EXPECT_TRUE(sessions().find("fresh").is_ok());
  EXPECT_TRUE(sessions().find("agent-idle").is_ok());  // other interface untouched
}

TEST_P(StorageConformanceTest, RemoveExpiredByAbsoluteCutoff) {
  insert_session("ancient", "admin", 1, 1'000, 9'000);
  insert_session("young", "admin", 1, 4'000, 9'000);
  insert_session("portal-ancient", "portal", 1, 1'000, 9'000);

  Result<std::vector<std::string>> removed = sessions().remove_expired(SessionInterface::kAdmin, 0, 2'000);
  ASSERT_TRUE(removed.is_ok());
  EXPECT_EQ(*removed, (std::vector<std::string>{"ancient"}));
  EXPECT_TRUE(sessions().find("young").is_ok());
  EXPECT_TRUE(sessions().find("portal-ancient").is_ok());

  removed = sessions().remove_expired(SessionInterface::kAdmin, 0, 2'000);
  ASSERT_TRUE(removed.is_ok());
  EXPECT_TRUE(removed->empty());
}

TEST_P(StorageConformanceTest, CountsSessions) {
  EXPECT_EQ(*sessions().count(), 0);
  insert_session("c1", "portal", 0, 1, 1);
  insert_session("c2", "agent", 3, 1, 1);
  EXPECT_EQ(*sessions().count(), 2);
  ASSERT_TRUE(sessions().remove("c1").is_ok());
  EXPECT_EQ(*sessions().count(), 1);
}

// ---- settings ----

TEST_P(StorageConformanceTest, SettingsPutOverwritesAndLoadAllReturnsEverything) {
  Result<std::map<std::string, std::string>> empty = settings().load_all();
  ASSERT_TRUE(empty.is_ok());
  EXPECT_TRUE(empty->empty());

  ASSERT_TRUE(settings().put("sessions.portal.idle_s", "3600").is_ok());
  ASSERT_TRUE(settings().put("cookies.optional", "on").is_ok());
  ASSERT_TRUE(settings().put("cookies.optional", "consent").is_ok());
  ASSERT_TRUE(settings().put("i18n.default", "").is_ok());
  Result<std::map<std::string, std::string>> all = settings().load_all();
  ASSERT_TRUE(all.is_ok());
  EXPECT_EQ(*all, (std::map<std::string, std::string>{
                      {"cookies.optional", "consent"}, {"i18n.default", ""}, {"sessions.portal.idle_s", "3600"}}));
}

TEST_P(StorageConformanceTest, SettingsPutIfAbsentKeepsExistingValue) {
  ASSERT_TRUE(settings().put("auth.remember_days", "14").is_ok());
  ASSERT_TRUE(settings().put_if_absent("auth.remember_days", "30").is_ok());
  ASSERT_TRUE(settings().put_if_absent("auth.remember_users", "true").is_ok());
  ASSERT_TRUE(settings().put_if_absent("auth.remember_users", "false").is_ok());
  Result<std::map<std::string, std::string>> all = settings().load_all();
  ASSERT_TRUE(all.is_ok());
  EXPECT_EQ(*all, (std::map<std::string, std::string>{{"auth.remember_days", "14"}, {"auth.remember_users", "true"}}));
}

// ---- audit ----

TEST_P(StorageConformanceTest, AuditAppendStoresEveryFieldAndListsNewestFirst) {
  append_event(1'000, "login", 5, "ada@example.com");
  append_event(3'000, "logout", 5);
  append_event(2'000, "login_failed", 0, "Typo@Example.com");

  Result<std::vector<AuditEvent>> list = audit().list(AuditFilter{});
  ASSERT_TRUE(list.is_ok()) << list.status().to_string();
  EXPECT_EQ(events(*list), (std::vector<std::string>{"logout@3000", "login_failed@2000", "login@1000"}));
  const AuditEvent& failed = (*list)[1];
  EXPECT_GT(failed.id, 0);
  EXPECT_EQ(failed.person_id, 0);
  EXPECT_EQ(failed.email, "Typo@Example.com");  // as typed, not normalised
  EXPECT_EQ(failed.ip, "198.51.100.1");
  EXPECT_EQ(failed.detail, R"({"k":"v"})");
  EXPECT_NE((*list)[0].id, (*list)[2].id);
}

TEST_P(StorageConformanceTest, AuditSameTimestampListsLaterAppendFirst) {
  append_event(5'000, "first", 1);
  append_event(5'000, "second", 1);
  EXPECT_EQ(audit_list(AuditFilter{}), (std::vector<std::string>{"second@5000", "first@5000"}));
}

TEST_P(StorageConformanceTest, AuditFiltersByPersonEventTimeAndLimit) {
  append_event(1'000, "login", 1);
  append_event(2'000, "login", 2);
  append_event(3'000, "logout", 1);
  append_event(4'000, "login", 1);
  append_event(5'000, "session_revoked", 2);

  AuditFilter by_person;
  by_person.person_id = 1;
  EXPECT_EQ(audit_list(by_person), (std::vector<std::string>{"login@4000", "logout@3000", "login@1000"}));

  AuditFilter by_event;
  by_event.event = "login";
  EXPECT_EQ(audit_list(by_event), (std::vector<std::string>{"login@4000", "login@2000", "login@1000"}));

  AuditFilter since;
  since.since_ms = 3'000;  // inclusive
  EXPECT_EQ(audit_list(since), (std::vector<std::string>{"session_revoked@5000", "login@4000", "logout@3000"}));

  AuditFilter until;
  until.until_ms = 3'000;  // exclusive
  EXPECT_EQ(audit_list(until), (std::vector<std::string>{"login@2000", "login@1000"}));

  AuditFilter window;
  window.since_ms = 2'000;
  window.until_ms = 5'000;
  EXPECT_EQ(audit_list(window), (std::vector<std::string>{"login@4000", "logout@3000", "login@2000"}));

  AuditFilter combined;
  combined.person_id = 1;
  combined.event = "login";
  combined.since_ms = 500;
  combined.until_ms = 4'500;
  EXPECT_EQ(audit_list(combined), (std::vector<std::string>{"login@4000", "login@1000"}));

  AuditFilter limited;
  limited.limit = 2;
  EXPECT_EQ(audit_list(limited), (std::vector<std::string>{"session_revoked@5000", "login@4000"}));

  AuditFilter nothing;
  nothing.event = "remember_theft";
  EXPECT_TRUE(audit_list(nothing).empty());
}

// ---- remember tokens ----

TEST_P(StorageConformanceTest, InsertRememberTokenFillsIdAndFindReturnsEveryField) {
  Person p = create_person("remember@example.com", Role::kAgent);
  RememberToken t;
  t.selector = "c2VsZWN0b3ItMQ";
  t.validator_hash = "0123abcd";
  t.person_id = p.id;
  t.audience = RememberAudience::kAgent;
  t.created_ms = 1'000;
  t.expires_ms = 2'592'001'000;
  t.last_used_ms = 1'500;
  t.ip = "2001:db8::7";
  t.user_agent = "Mozilla/5.0 (Windows NT 10.0)";
  ASSERT_TRUE(remember().insert(t).is_ok());
  EXPECT_GT(t.id, 0);

  Result<RememberToken> found = remember().find_by_selector("c2VsZWN0b3ItMQ");
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  EXPECT_EQ(found->id, t.id);
  EXPECT_EQ(found->selector, "c2VsZWN0b3ItMQ");
  EXPECT_EQ(found->validator_hash, "0123abcd");
  EXPECT_EQ(found->previous_validator_hash, "");
  EXPECT_EQ(found->rotated_ms, 0);
  EXPECT_EQ(found->person_id, p.id);
  EXPECT_EQ(found->audience, RememberAudience::kAgent);
  EXPECT_EQ(found->created_ms, 1'000);
  EXPECT_EQ(found->expires_ms, 2'592'001'000);
  EXPECT_EQ(found->last_used_ms, 1'500);
  EXPECT_EQ(found->ip, "2001:db8::7");
  EXPECT_EQ(found->user_agent, "Mozilla/5.0 (Windows NT 10.0)");

  RememberToken second = insert_token("sel-2", p.id, 1'000);
  EXPECT_NE(second.id, t.id);
}

TEST_P(StorageConformanceTest, DuplicateRememberSelectorIsConflictAndKeepsTheFirst) {
  Person p = create_person("dup-remember@example.com");
  Person other = create_person("other-remember@example.com");
  RememberToken first = insert_token("same", p.id, 100);
  RememberToken again;
  again.selector = "same";
  again.validator_hash = "another";
  again.person_id = other.id;
  again.audience = RememberAudience::kAgent;
  EXPECT_EQ(remember().insert(again).code(), Code::kConflict);
  Result<RememberToken> found = remember().find_by_selector("same");
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->id, first.id);
  EXPECT_EQ(found->validator_hash, "vh-same");
  EXPECT_EQ(found->person_id, p.id);
  EXPECT_TRUE(remember().list_by_person(other.id)->empty());
}

TEST_P(StorageConformanceTest, RememberInsertRejectsUnknownPerson) {
  Person p = create_person("audience@example.com");
  RememberToken t;
  t.selector = "orphan";
  t.validator_hash = "vh";
  t.person_id = p.id + 1000;
  t.audience = RememberAudience::kUser;
  EXPECT_EQ(remember().insert(t).code(), Code::kInvalidArgument);
  EXPECT_EQ(remember().find_by_selector("orphan").status().code(), Code::kNotFound);
  t.person_id = p.id;
  EXPECT_TRUE(remember().insert(t).is_ok());
  Result<RememberToken> found = remember().find_by_selector("orphan");
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->audience, RememberAudience::kUser);
}

// A stored value no enum names (a row written by a newer version or by hand)
// is an error that is counted, never read back as some default interface.
TEST_P(StorageConformanceTest, UnknownStoredSessionInterfaceIsAnErrorAndCounted) {
  insert_session("kiosk", "portal", 0, 10, 10);
  insert_session("fine", "agent", 0, 10, 10);
  Status changed = storage_->personal_sql().write([](PersonalSql& sql) {
    Result<int64_t> n = sql.run("UPDATE sessions SET interface = 'kiosk' WHERE id_hash = ?1", {std::string("kiosk")});
    if (!n) return n.status();
    return *n == 1 ? Status::ok() : internal("no row changed");
  });
  ASSERT_TRUE(changed.is_ok()) << changed.to_string();

  const uint64_t before = unreadable_stored_values();
  Result<SessionRecord> found = sessions().find("kiosk");
  EXPECT_EQ(found.status().code(), Code::kInternal);
  EXPECT_NE(found.status().message().find("kiosk"), std::string::npos) << found.status().to_string();
  EXPECT_EQ(unreadable_stored_values(), before + 1);
  // A list that meets the row fails as a whole rather than leave it out silently.
  EXPECT_EQ(sessions().list_all(10, 0).status().code(), Code::kInternal);
  EXPECT_EQ(unreadable_stored_values(), before + 2);
  // Other rows still read.
  Result<SessionRecord> fine = sessions().find("fine");
  ASSERT_TRUE(fine.is_ok());
  EXPECT_EQ(fine->interface, SessionInterface::kAgent);
}

TEST_P(StorageConformanceTest, MissingRememberTokenIsNotFound) {
  EXPECT_EQ(remember().find_by_selector("nope").status().code(), Code::kNotFound);
  EXPECT_EQ(remember().remove(987654).code(), Code::kNotFound);
  EXPECT_EQ(remember().rotate(987654, "old", "new", 5'000).code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, RotateSwapsValidatorKeepsPreviousAndStampsTimes) {
  Person p = create_person("rotate@example.com");
  RememberToken t = insert_token("rot", p.id, 1'000);
  Status s = remember().rotate(t.id, "vh-rot", "vh-rot-2", 7'000);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  Result<RememberToken> found = remember().find_by_selector("rot");
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->validator_hash, "vh-rot-2");
  EXPECT_EQ(found->previous_validator_hash, "vh-rot");
  EXPECT_EQ(found->rotated_ms, 7'000);
  EXPECT_EQ(found->last_used_ms, 7'000);
  EXPECT_EQ(found->created_ms, 1'000);
  EXPECT_EQ(found->expires_ms, 9'000'000);

  ASSERT_TRUE(remember().rotate(t.id, "vh-rot-2", "vh-rot-3", 8'000).is_ok());
  found = remember().find_by_selector("rot");
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->validator_hash, "vh-rot-3");
  EXPECT_EQ(found->previous_validator_hash, "vh-rot-2");
  EXPECT_EQ(found->rotated_ms, 8'000);
}

TEST_P(StorageConformanceTest, RotateRetiresOlderValidatorsNewestFirstAndKeepsTheNewestOnly) {
  Person p = create_person("retire@example.com");
  RememberToken t = insert_token("retire", p.id, 1'000);
  auto hash = [](size_t i) {
    std::string h = std::to_string(i);
    return std::string(64 - h.size(), 'a') + h;  // 64 characters, like hash_hex
  };
  std::string current = "vh-retire";
  ASSERT_TRUE(remember().rotate(t.id, current, hash(0), 2'000).is_ok());
  EXPECT_EQ(remember().find_by_selector("retire")->retired_validator_hashes, "");
  current = hash(0);
  for (size_t i = 1; i <= kRetiredValidatorsKept + 3; ++i) {
    ASSERT_TRUE(remember().rotate(t.id, current, hash(i), 2'000 + static_cast<int64_t>(i)).is_ok());
    current = hash(i);
  }
  Result<RememberToken> found = remember().find_by_selector("retire");
  ASSERT_TRUE(found.is_ok());
  const size_t n = kRetiredValidatorsKept + 3;  // hash(n) current, hash(n - 1) previous
  EXPECT_EQ(found->validator_hash, hash(n));
  EXPECT_EQ(found->previous_validator_hash, hash(n - 1));
  std::string expected = "vh-retire";
  for (size_t i = 0; i + 1 < n; ++i) expected = hash(i) + expected;
  EXPECT_EQ(found->retired_validator_hashes, expected.substr(0, kRetiredValidatorHashChars));
  EXPECT_EQ(found->retired_validator_hashes.substr(0, 64), hash(n - 2));
}

TEST_P(StorageConformanceTest, RotateWithStaleHashIsConflictAndLeavesTheRowUnchanged) {
  Person p = create_person("stale@example.com");
  RememberToken t = insert_token("stale", p.id, 1'000);
  ASSERT_TRUE(remember().rotate(t.id, "vh-stale", "vh-new", 2'000).is_ok());

  EXPECT_EQ(remember().rotate(t.id, "vh-stale", "vh-thief", 3'000).code(), Code::kConflict);
  EXPECT_EQ(remember().rotate(t.id, "never-issued", "vh-thief", 3'000).code(), Code::kConflict);
  Result<RememberToken> found = remember().find_by_selector("stale");
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->validator_hash, "vh-new");
  EXPECT_EQ(found->previous_validator_hash, "vh-stale");
  EXPECT_EQ(found->rotated_ms, 2'000);
  EXPECT_EQ(found->last_used_ms, 2'000);
}

TEST_P(StorageConformanceTest, RotateOfRemovedTokenIsNotFound) {
  Person p = create_person("removed@example.com");
  RememberToken t = insert_token("gone", p.id, 1'000);
  ASSERT_TRUE(remember().remove(t.id).is_ok());
  EXPECT_EQ(remember().rotate(t.id, "vh-gone", "vh-next", 2'000).code(), Code::kNotFound);
  EXPECT_EQ(remember().find_by_selector("gone").status().code(), Code::kNotFound);
  EXPECT_EQ(remember().remove(t.id).code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, RacingRotationsWithTheSameExpectedHashHaveExactlyOneWinner) {
  constexpr int kRounds = 10;
  constexpr int kThreads = 4;
  Person p = create_person("race@example.com");
  for (int round = 0; round < kRounds; ++round) {
    RememberToken t = insert_token("race-" + std::to_string(round), p.id, 1'000);
    std::vector<Code> codes(kThreads, Code::kOk);
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        codes[i] = remember().rotate(t.id, t.validator_hash, "winner-" + std::to_string(i), 2'000 + i).code();
      });
    }
    for (std::thread& thread : threads) thread.join();

    int winner = -1;
    for (int i = 0; i < kThreads; ++i) {
      if (codes[i] == Code::kOk) {
        EXPECT_EQ(winner, -1) << "round " << round << ": threads " << winner << " and " << i << " both won";
        winner = i;
      } else {
        EXPECT_EQ(codes[i], Code::kConflict) << "round " << round << " thread " << i << ": " << code_name(codes[i]);
      }
    }
    ASSERT_NE(winner, -1) << "round " << round << ": nobody won";
    Result<RememberToken> found = remember().find_by_selector(t.selector);
    ASSERT_TRUE(found.is_ok());
    EXPECT_EQ(found->validator_hash, "winner-" + std::to_string(winner));
    EXPECT_EQ(found->previous_validator_hash, t.validator_hash);
    EXPECT_EQ(found->rotated_ms, 2'000 + winner);
  }
}

TEST_P(StorageConformanceTest, RemoveRememberTokensOneByPersonAndExpired) {
  Person a = create_person("a-remember@example.com");
  Person b = create_person("b-remember@example.com");
  RememberToken a1 = insert_token("a1", a.id, 10);
  insert_token("a2", a.id, 20);
  insert_token("a3", a.id, 30);
  insert_token("b1", b.id, 10);

  ASSERT_TRUE(remember().remove(a1.id).is_ok());
  EXPECT_EQ(remember().find_by_selector("a1").status().code(), Code::kNotFound);

  Result<size_t> removed = remember().remove_by_person(a.id);
  ASSERT_TRUE(removed.is_ok()) << removed.status().to_string();
  EXPECT_EQ(*removed, 2u);
  EXPECT_TRUE(remember().list_by_person(a.id)->empty());
  EXPECT_TRUE(remember().find_by_selector("b1").is_ok());
  removed = remember().remove_by_person(a.id);
  ASSERT_TRUE(removed.is_ok());
  EXPECT_EQ(*removed, 0u);
}

TEST_P(StorageConformanceTest, RemoveExpiredRememberTokensAtOrBeforeNow) {
  Person p = create_person("expiry@example.com");
  insert_token("past", p.id, 10, 4'000);
  insert_token("edge", p.id, 10, 5'000);
  insert_token("future", p.id, 10, 5'001);

  Result<size_t> removed = remember().remove_expired(5'000);
  ASSERT_TRUE(removed.is_ok()) << removed.status().to_string();
  EXPECT_EQ(*removed, 2u);
  EXPECT_EQ(remember().find_by_selector("past").status().code(), Code::kNotFound);
  EXPECT_EQ(remember().find_by_selector("edge").status().code(), Code::kNotFound);
  EXPECT_TRUE(remember().find_by_selector("future").is_ok());
  removed = remember().remove_expired(5'000);
  ASSERT_TRUE(removed.is_ok());
  EXPECT_EQ(*removed, 0u);
}

TEST_P(StorageConformanceTest, ListsRememberTokensNewestUseFirst) {
  Person p = create_person("lists@example.com");
  Person q = create_person("lists-other@example.com");
  insert_token("old", p.id, 100);
  RememberToken mid = insert_token("mid", p.id, 200);
  insert_token("new", p.id, 300);
  insert_token("theirs", q.id, 250, 9'000'000, "agent");

  Result<std::vector<RememberToken>> mine = remember().list_by_person(p.id);
  ASSERT_TRUE(mine.is_ok()) << mine.status().to_string();
  EXPECT_EQ(selectors(*mine), (std::vector<std::string>{"new", "mid", "old"}));
  EXPECT_TRUE(remember().list_by_person(q.id + 1000)->empty());

  Result<std::vector<RememberToken>> all = remember().list_all(10, 0);
  ASSERT_TRUE(all.is_ok());
  EXPECT_EQ(selectors(*all), (std::vector<std::string>{"new", "theirs", "mid", "old"}));
  EXPECT_EQ(selectors(*remember().list_all(2, 1)), (std::vector<std::string>{"theirs", "mid"}));
  EXPECT_TRUE(remember().list_all(2, 4)->empty());

  ASSERT_TRUE(remember().rotate(mid.id, mid.validator_hash, "vh-mid-2", 400).is_ok());  // a use moves it up
  EXPECT_EQ(selectors(*remember().list_by_person(p.id)), (std::vector<std::string>{"mid", "new", "old"}));
}

// ---- outbox ----

TEST_P(StorageConformanceTest, EnqueueFillsIdAndStoresEveryField) {
  OutboxMail m;
  m.created_ms = 4'242;
  m.to = "Ada <ada@example.com>";
  m.subject = "Your account was used from a new device";
  m.body = "Hej Ada,\n\nsomeone reused an old Remember-Me cookie. Æøå ✓\n";
  m.kind = "remember_theft";
  m.sent_ms = 99;  // ignored: a new mail is unsent
  m.attempts = 3;
  m.last_error = "stale";
  ASSERT_TRUE(outbox().enqueue(m).is_ok());
  EXPECT_GT(m.id, 0);
  EXPECT_EQ(m.sent_ms, 0);
  EXPECT_EQ(m.attempts, 0);
  EXPECT_EQ(m.last_error, "");

  Result<std::vector<OutboxMail>> recent = outbox().recent(10);
  ASSERT_TRUE(recent.is_ok()) << recent.status().to_string();
  ASSERT_EQ(recent->size(), 1u);
  const OutboxMail& stored = recent->front();
  EXPECT_EQ(stored.id, m.id);
  EXPECT_EQ(stored.created_ms, 4'242);
  EXPECT_EQ(stored.to, "Ada <ada@example.com>");
  EXPECT_EQ(stored.subject, "Your account was used from a new device");
  EXPECT_EQ(stored.body, "Hej Ada,\n\nsomeone reused an old Remember-Me cookie. Æøå ✓\n");
  EXPECT_EQ(stored.kind, "remember_theft");
  EXPECT_EQ(stored.sent_ms, 0);
  EXPECT_EQ(stored.attempts, 0);
  EXPECT_EQ(stored.last_error, "");

  EXPECT_NE(enqueue_mail("b@example.com", "second").id, m.id);
}

TEST_P(StorageConformanceTest, PendingIsOldestFirstWithLimit) {
  EXPECT_TRUE(pending_subjects().empty());
  enqueue_mail("a@example.com", "one", 3'000);
  enqueue_mail("b@example.com", "two", 1'000);
  enqueue_mail("c@example.com", "three", 2'000);
  EXPECT_EQ(pending_subjects(), (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(pending_subjects(2), (std::vector<std::string>{"one", "two"}));
  EXPECT_TRUE(pending_subjects(0).empty());
}

TEST_P(StorageConformanceTest, MarkSentRemovesFromPending) {
  OutboxMail one = enqueue_mail("a@example.com", "one");
  enqueue_mail("b@example.com", "two");
  ASSERT_TRUE(outbox().mark_sent(one.id, 9'000).is_ok());
  EXPECT_EQ(pending_subjects(), (std::vector<std::string>{"two"}));
  Result<std::vector<OutboxMail>> recent = outbox().recent(10);
  ASSERT_TRUE(recent.is_ok());
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_EQ(recent->back().id, one.id);
  EXPECT_EQ(recent->back().sent_ms, 9'000);
  EXPECT_EQ(recent->front().sent_ms, 0);
}

TEST_P(StorageConformanceTest, MarkFailedCountsAttemptsAndKeepsTheMailPending) {
  OutboxMail one = enqueue_mail("a@example.com", "one");
  enqueue_mail("b@example.com", "two");
  ASSERT_TRUE(outbox().mark_failed(one.id, "connect: refused").is_ok());
  ASSERT_TRUE(outbox().mark_failed(one.id, "554 rejected").is_ok());
  Result<std::vector<OutboxMail>> pending = outbox().pending(10);
  ASSERT_TRUE(pending.is_ok());
  EXPECT_EQ(subjects(*pending), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ((*pending)[0].attempts, 2);
  EXPECT_EQ((*pending)[0].last_error, "554 rejected");
  EXPECT_EQ((*pending)[0].sent_ms, 0);
  EXPECT_EQ((*pending)[1].attempts, 0);
  EXPECT_EQ((*pending)[1].last_error, "");

  ASSERT_TRUE(outbox().mark_sent(one.id, 12'000).is_ok());
  pending = outbox().pending(10);
  ASSERT_TRUE(pending.is_ok());
  EXPECT_EQ(subjects(*pending), (std::vector<std::string>{"two"}));
}

TEST_P(StorageConformanceTest, MissingOutboxMailIsNotFound) {
  enqueue_mail("a@example.com", "one");
  EXPECT_EQ(outbox().mark_sent(987654, 1'000).code(), Code::kNotFound);
  EXPECT_EQ(outbox().mark_failed(987654, "boom").code(), Code::kNotFound);
  Result<std::vector<OutboxMail>> recent = outbox().recent(10);
  ASSERT_TRUE(recent.is_ok());
  ASSERT_EQ(recent->size(), 1u);
  EXPECT_EQ(recent->front().attempts, 0);
  EXPECT_EQ(recent->front().sent_ms, 0);
}

TEST_P(StorageConformanceTest, RecentIsNewestFirstWithLimit) {
  EXPECT_TRUE(outbox().recent(10)->empty());
  OutboxMail one = enqueue_mail("a@example.com", "one");
  enqueue_mail("b@example.com", "two");
  enqueue_mail("c@example.com", "three");
  ASSERT_TRUE(outbox().mark_sent(one.id, 5'000).is_ok());  // sent mails stay in recent
  EXPECT_EQ(subjects(*outbox().recent(10)), (std::vector<std::string>{"three", "two", "one"}));
  EXPECT_EQ(subjects(*outbox().recent(2)), (std::vector<std::string>{"three", "two"}));
}

TEST_P(StorageConformanceTest, PendingBelowSkipsMailsThatFailedTooOften) {
  OutboxMail tired = enqueue_mail("a@example.com", "tired");
  enqueue_mail("b@example.com", "fresh");
  OutboxMail sent = enqueue_mail("c@example.com", "sent");
  ASSERT_TRUE(outbox().mark_failed(tired.id, "e1").is_ok());
  ASSERT_TRUE(outbox().mark_failed(tired.id, "e2").is_ok());
  ASSERT_TRUE(outbox().mark_sent(sent.id, 5'000).is_ok());
  EXPECT_EQ(subjects(*outbox().pending_below(3, 10)), (std::vector<std::string>{"tired", "fresh"}));
  EXPECT_EQ(subjects(*outbox().pending_below(2, 10)), (std::vector<std::string>{"fresh"}));
  EXPECT_EQ(subjects(*outbox().pending_below(3, 1)), (std::vector<std::string>{"tired"}));
}

TEST_P(StorageConformanceTest, SetEmailLowerCasesAndRejectsDuplicatesInAnyCase) {
  Person p = create_person("old@example.com");
  Person other = create_person("taken@example.com");
  ASSERT_TRUE(people().set_email(p.id, "New.Address@Example.COM").is_ok());
  Result<Person> found = people().find_by_email("new.address@example.com");
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->id, p.id);
  EXPECT_EQ(found->email, "new.address@example.com");
  EXPECT_EQ(people().find_by_email("old@example.com").status().code(), Code::kNotFound);

  EXPECT_EQ(people().set_email(p.id, "TAKEN@example.com").code(), Code::kConflict);
  EXPECT_EQ(people().find_by_id(p.id)->email, "new.address@example.com");
  EXPECT_EQ(people().find_by_id(other.id)->email, "taken@example.com");
  EXPECT_TRUE(people().set_email(p.id, "new.address@example.com").is_ok());  // own address again
  EXPECT_EQ(people().set_email(987654, "x@example.com").code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, SetNameChangesOnlyThatPerson) {
  Person p = create_person("a@example.com");
  Person other = create_person("b@example.com");
  ASSERT_TRUE(people().set_name(p.id, "Åse Ødegård").is_ok());
  EXPECT_EQ(people().find_by_id(p.id)->name, "Åse Ødegård");
  EXPECT_EQ(people().find_by_id(other.id)->name, other.name);
  EXPECT_EQ(people().set_name(987654, "x").code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, PasswordResetInsertFindAndEveryField) {
  Person p = create_person("reset@example.com");
  PasswordReset r;
  r.token_hash = "hash-1";
  r.person_id = p.id;
  r.created_ms = 1'000;
  r.expires_ms = 3'601'000;
  ASSERT_TRUE(resets().insert(r).is_ok());
  EXPECT_GT(r.id, 0);
  Result<PasswordReset> found = resets().find_by_hash("hash-1");
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  EXPECT_EQ(found->id, r.id);
  EXPECT_EQ(found->token_hash, "hash-1");
  EXPECT_EQ(found->person_id, p.id);
  EXPECT_EQ(found->created_ms, 1'000);
  EXPECT_EQ(found->expires_ms, 3'601'000);
  EXPECT_EQ(found->used_ms, 0);
  EXPECT_EQ(resets().find_by_hash("hash-2").status().code(), Code::kNotFound);

  PasswordReset dup = r;
  EXPECT_EQ(resets().insert(dup).code(), Code::kConflict);
  PasswordReset orphan;
  orphan.token_hash = "hash-3";
  orphan.person_id = 987654;
  EXPECT_EQ(resets().insert(orphan).code(), Code::kInvalidArgument);
  PasswordReset empty;
  empty.person_id = p.id;
  EXPECT_EQ(resets().insert(empty).code(), Code::kInvalidArgument);
}

TEST_P(StorageConformanceTest, PasswordResetMarkUsedIsACompareAndSwap) {
  Person p = create_person("reset@example.com");
  PasswordReset r;
  r.token_hash = "hash-cas";
  r.person_id = p.id;
  r.created_ms = 1'000;
  r.expires_ms = 9'000;
  ASSERT_TRUE(resets().insert(r).is_ok());
  ASSERT_TRUE(resets().mark_used(r.id, 2'000).is_ok());
  EXPECT_EQ(resets().mark_used(r.id, 3'000).code(), Code::kConflict);
  EXPECT_EQ(resets().find_by_hash("hash-cas")->used_ms, 2'000);
  EXPECT_EQ(resets().mark_used(987654, 3'000).code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, RacingPasswordResetUsesHaveExactlyOneWinner) {
  Person p = create_person("race@example.com");
  PasswordReset r;
  r.token_hash = "hash-race";
  r.person_id = p.id;
  r.expires_ms = 9'000;
  ASSERT_TRUE(resets().insert(r).is_ok());
  constexpr int kThreads = 8;
  std::atomic<int> wins{0}, conflicts{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      Status s = resets().mark_used(r.id, 1'000 + i);
      if (s.is_ok()) ++wins;
      if (s.code() == Code::kConflict) ++conflicts;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
}

TEST_P(StorageConformanceTest, PasswordResetsRemoveByPersonKeepsOneAndOtherPeoples) {
  Person p = create_person("a@example.com");
  Person other = create_person("b@example.com");
  for (const char* h : {"h1", "h2"}) {
    PasswordReset r;
    r.token_hash = h;
    r.person_id = p.id;
    r.expires_ms = 9'000;
    ASSERT_TRUE(resets().insert(r).is_ok());
  }
  PasswordReset keep;
  keep.token_hash = "h3";
  keep.person_id = other.id;
  keep.expires_ms = 9'000;
  ASSERT_TRUE(resets().insert(keep).is_ok());
  const int64_t h2 = resets().find_by_hash("h2")->id;
  Result<size_t> removed = resets().remove_by_person(p.id, h2);
  ASSERT_TRUE(removed.is_ok());
  EXPECT_EQ(*removed, 1u);
  EXPECT_EQ(resets().find_by_hash("h1").status().code(), Code::kNotFound);
  EXPECT_TRUE(resets().find_by_hash("h2").is_ok());
  EXPECT_TRUE(resets().find_by_hash("h3").is_ok());
  EXPECT_EQ(*resets().remove_by_person(p.id, 0), 1u);
  EXPECT_EQ(resets().find_by_hash("h2").status().code(), Code::kNotFound);
  EXPECT_EQ(*resets().remove_by_person(p.id, 0), 0u);
}

}  // namespace deskd::storage::conformance
