#include "session/manager.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "core/crypto.h"
#include "storage/sqlite/sqlite_storage.h"

namespace deskd::session {
namespace {

namespace fs = std::filesystem;

// A SessionManager over a fresh SQLite file, a ManualClock and a SeededRandom.
class SessionManagerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(crypto_init()); }

  void SetUp() override {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("deskd-session-" + std::to_string(rd()) + "-" + std::to_string(rd()) + ".db");
    auto storage = storage::sqlite::open_sqlite_storage(path_.string(), clock_);
    ASSERT_TRUE(storage.is_ok()) << storage.status().to_string();
    storage_ = std::move(*storage);
    manager_ = std::make_unique<SessionManager>(store(), clock_, random_, hub_);
  }

  void TearDown() override {
    manager_.reset();
    storage_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix, ec);
  }

  storage::SessionStore& store() { return storage_->sessions(); }
  SessionManager& sm() { return *manager_; }

  Session make(Interface iface, int64_t person_id = 0) {
    NewSession spec;
    spec.iface = iface;
    spec.person_id = person_id;
    spec.ip = "203.0.113.7";
    spec.user_agent = "test-agent/1.0";
    auto s = sm().create(spec);
    EXPECT_TRUE(s.is_ok()) << s.status().to_string();
    return s.is_ok() ? *s : Session{};
  }

  // The row as the store has it, or nullopt when absent.
  std::optional<storage::SessionRecord> row(const Session& s) {
    auto r = store().find(hash_hex(s.id));
    if (!r.is_ok()) {
      EXPECT_EQ(r.status().code(), Code::kNotFound) << r.status().to_string();
      return std::nullopt;
    }
    return *r;
  }

  int64_t rows() {
    auto n = store().count();
    EXPECT_TRUE(n.is_ok());
    return n.is_ok() ? *n : -1;
  }

  fs::path path_;
  ManualClock clock_;
  SeededRandom random_{20240601};
  SettingsHub hub_{Settings{}};
  std::unique_ptr<storage::Storage> storage_;
  std::unique_ptr<SessionManager> manager_;
};

constexpr int64_t kS = 1000;

TEST_F(SessionManagerTest, IdsAre43Base64urlCharsAndOnlyTheirHashIsStored) {
  Session s = make(Interface::kPortal, 5);
  EXPECT_EQ(s.id.size(), 43u);
  EXPECT_TRUE(SessionManager::well_formed_id(s.id));
  EXPECT_EQ(base64url_decode(s.id).value_or("").size(), 32u);
  EXPECT_EQ(s.id_hash, hash_hex(s.id));
  EXPECT_NE(s.id_hash, s.id);
  EXPECT_GT(s.row_id, 0);

  auto rec = row(s);
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(rec->id_hash, hash_hex(s.id));
  EXPECT_EQ(rec->row_id, s.row_id);
  EXPECT_EQ(rec->interface, Interface::kPortal);
  EXPECT_EQ(rec->person_id, 5);
  EXPECT_EQ(rec->created_ms, clock_.now_ms());
  EXPECT_EQ(rec->last_seen_ms, clock_.now_ms());
  EXPECT_EQ(rec->ip, "203.0.113.7");
  EXPECT_EQ(rec->user_agent, "test-agent/1.0");
  EXPECT_EQ(rec->data, "{}");
  for (const std::string* field : {&rec->id_hash, &rec->ip, &rec->user_agent, &rec->data})
    EXPECT_EQ(field->find(s.id), std::string::npos) << *field;
}

TEST_F(SessionManagerTest, EachCreateDrawsAFreshId) {
  Session a = make(Interface::kPortal);
  Session b = make(Interface::kPortal);
  EXPECT_NE(a.id, b.id);
  EXPECT_NE(a.id_hash, b.id_hash);
  EXPECT_EQ(rows(), 2);
}

TEST_F(SessionManagerTest, LongClientStringsAreTruncated) {
  NewSession spec;
  spec.ip = std::string(100, '1');
  spec.user_agent = std::string(1000, 'u');
  auto s = sm().create(spec);
  ASSERT_TRUE(s.is_ok());
  auto rec = row(*s);
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(rec->ip.size(), 64u);
  EXPECT_EQ(rec->user_agent.size(), 256u);
}

TEST_F(SessionManagerTest, FindReturnsTheLiveSession) {
  Session s = make(Interface::kAgent, 9);
  clock_.advance_s(10);
  auto found = sm().find(Interface::kAgent, s.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, s.id);
  EXPECT_EQ(found->id_hash, s.id_hash);
  EXPECT_EQ(found->iface, Interface::kAgent);
  EXPECT_EQ(found->person_id, 9);
  EXPECT_EQ(found->row_id, s.row_id);
  EXPECT_EQ(found->last_seen_ms, clock_.now_ms());
}

TEST_F(SessionManagerTest, UnknownAndMalformedIdsAreNeverAdopted) {
  Session real = make(Interface::kPortal);
  SeededRandom other(7);
  const std::string unknown = other.token(32);  // well formed, never issued
  ASSERT_TRUE(SessionManager::well_formed_id(unknown));
  const std::string malformed[] = {
      "",
      "short",
      real.id.substr(0, 42),
      real.id + "A",
      real.id.substr(0, 42) + "+",
      real.id.substr(0, 42) + "=",
      real.id.substr(0, 42) + "/",
      real.id.substr(0, 42) + " ",
      std::string(43, '.'),
      real.id_hash,  // the stored hash is not a credential
  };
  for (Interface iface : kAllInterfaces) {
    EXPECT_FALSE(sm().find(iface, unknown).has_value());
    for (const auto& id : malformed) {
      EXPECT_FALSE(SessionManager::well_formed_id(id)) << id;
      EXPECT_FALSE(sm().find(iface, id).has_value()) << id;
    }
  }
  EXPECT_EQ(rows(), 1);
  EXPECT_FALSE(store().find(hash_hex(unknown)).is_ok());
  EXPECT_TRUE(sm().find(Interface::kPortal, real.id).has_value());
}

TEST_F(SessionManagerTest, InterfacesAreIsolated) {
  Session portal = make(Interface::kPortal, 3);
  Session agent = make(Interface::kAgent, 3);
  Session admin = make(Interface::kAdmin, 3);
  EXPECT_FALSE(sm().find(Interface::kAgent, portal.id).has_value());
  EXPECT_FALSE(sm().find(Interface::kAdmin, portal.id).has_value());
  EXPECT_FALSE(sm().find(Interface::kPortal, agent.id).has_value());
  EXPECT_FALSE(sm().find(Interface::kAdmin, agent.id).has_value());
  EXPECT_FALSE(sm().find(Interface::kPortal, admin.id).has_value());
  EXPECT_FALSE(sm().find(Interface::kAgent, admin.id).has_value());
  // Also after the cache has been revalidated from the store.
  clock_.advance_ms(SessionManager::kRevalidateMs);
  EXPECT_FALSE(sm().find(Interface::kAdmin, agent.id).has_value());
  EXPECT_FALSE(sm().find(Interface::kAgent, portal.id).has_value());
  // A wrong-interface lookup does not harm the session.
  EXPECT_TRUE(sm().find(Interface::kPortal, portal.id).has_value());
  EXPECT_TRUE(sm().find(Interface::kAgent, agent.id).has_value());
  EXPECT_TRUE(sm().find(Interface::kAdmin, admin.id).has_value());
  EXPECT_EQ(rows(), 3);
}

struct Timeouts {
  Interface iface;
  int64_t idle_s;
  int64_t absolute_s;
};
// SPEC 1.1 defaults.
constexpr Timeouts kDefaults[] = {
    {Interface::kPortal, 3600, 7 * 86400},
    {Interface::kAgent, 3600, 12 * 3600},
    {Interface::kAdmin, 900, 8 * 3600},
};

TEST_F(SessionManagerTest, IdleTimeoutPerInterface) {
  for (const auto& t : kDefaults) {
    SCOPED_TRACE(std::string(interface_name(t.iface)));
    Session s = make(t.iface);
    clock_.advance_s(t.idle_s);  // exactly the idle limit: still alive
    ASSERT_TRUE(sm().find(t.iface, s.id).has_value());
    clock_.advance_s(t.idle_s);  // idle again, measured from the last request
    ASSERT_TRUE(sm().find(t.iface, s.id).has_value());
    clock_.advance_ms(t.idle_s * kS + 1);
    EXPECT_FALSE(sm().find(t.iface, s.id).has_value());
    EXPECT_FALSE(row(s).has_value()) << "an expired session is destroyed";
    EXPECT_FALSE(sm().find(t.iface, s.id).has_value());
  }
}

TEST_F(SessionManagerTest, IdleIsMeasuredFromTheLastRequestAfterRevalidation) {
  for (const auto& t : kDefaults) {
    SCOPED_TRACE(std::string(interface_name(t.iface)));
    Session s = make(t.iface);
    clock_.advance_s(50);  // a request under the write-behind interval: only the cache knows it
    ASSERT_TRUE(sm().find(t.iface, s.id).has_value());
    clock_.advance_s(t.idle_s - 1);  // the cache entry is stale and re-read from the store here
    EXPECT_TRUE(sm().find(t.iface, s.id).has_value());
  }
}

TEST_F(SessionManagerTest, AbsoluteTimeoutPerInterface) {
  for (const auto& t : kDefaults) {
    SCOPED_TRACE(std::string(interface_name(t.iface)));
    Session s = make(t.iface);
    const int64_t created = clock_.now_ms();
    const int64_t step_ms = t.idle_s * kS / 2;
    while (clock_.now_ms() + step_ms <= created + t.absolute_s * kS) {
      clock_.advance_ms(step_ms);
      ASSERT_TRUE(sm().find(t.iface, s.id).has_value()) << (clock_.now_ms() - created) / kS << " s";
      ASSERT_TRUE(sm().flush().is_ok());
    }
    clock_.advance_ms(created + t.absolute_s * kS - clock_.now_ms());
    ASSERT_TRUE(sm().find(t.iface, s.id).has_value()) << "exactly at the absolute limit";
    clock_.advance_ms(1);
    EXPECT_FALSE(sm().find(t.iface, s.id).has_value());
    EXPECT_FALSE(row(s).has_value());
  }
}

TEST_F(SessionManagerTest, TouchIsWrittenBehind) {
  Session s = make(Interface::kPortal);
  const int64_t created = clock_.now_ms();
  for (int i = 0; i < 5; ++i) {
    clock_.advance_s(10);
    ASSERT_TRUE(sm().find(Interface::kPortal, s.id).has_value());
  }
  ASSERT_TRUE(sm().flush().is_ok());
  EXPECT_EQ(row(s)->last_seen_ms, created) << "no write within a minute";

  clock_.advance_s(10);  // 60 s since the last write
  ASSERT_TRUE(sm().find(Interface::kPortal, s.id).has_value());
  const int64_t touched = clock_.now_ms();
  EXPECT_EQ(row(s)->last_seen_ms, created) << "nothing is written before flush()";
  ASSERT_TRUE(sm().flush().is_ok());
  EXPECT_EQ(row(s)->last_seen_ms, touched);

  clock_.advance_s(30);
  ASSERT_TRUE(sm().find(Interface::kPortal, s.id).has_value());
  ASSERT_TRUE(sm().flush().is_ok());
  EXPECT_EQ(row(s)->last_seen_ms, touched) << "at most one write a minute";
}

TEST_F(SessionManagerTest, RotateKillsTheOldId) {
  Session old = make(Interface::kPortal);
  old.data = R"({"flash":"saved"})";
  ASSERT_TRUE(sm().save_data(old).is_ok());
  auto fresh = sm().rotate(old, 42, true);
  ASSERT_TRUE(fresh.is_ok()) << fresh.status().to_string();
  EXPECT_NE(fresh->id, old.id);
  EXPECT_EQ(fresh->id.size(), 43u);
  EXPECT_EQ(fresh->iface, Interface::kPortal);
  EXPECT_EQ(fresh->person_id, 42);
  EXPECT_TRUE(fresh->via_remember);
  EXPECT_EQ(fresh->data, R"({"flash":"saved"})");
  EXPECT_EQ(fresh->ip, "203.0.113.7");

  EXPECT_FALSE(sm().find(Interface::kPortal, old.id).has_value());
  EXPECT_FALSE(row(old).has_value());
  auto found = sm().find(Interface::kPortal, fresh->id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->person_id, 42);
  EXPECT_TRUE(found->via_remember);
  EXPECT_EQ(found->data, R"({"flash":"saved"})");
  EXPECT_EQ(rows(), 1);
}

TEST_F(SessionManagerTest, RotatePreservesTheInterface) {
  Session old = make(Interface::kAdmin);
  auto fresh = sm().rotate(old, 1, false);
  ASSERT_TRUE(fresh.is_ok());
  EXPECT_EQ(fresh->iface, Interface::kAdmin);
  EXPECT_EQ(row(*fresh)->interface, Interface::kAdmin);
  EXPECT_TRUE(sm().find(Interface::kAdmin, fresh->id).has_value());
  EXPECT_FALSE(sm().find(Interface::kAdmin, old.id).has_value());
}

TEST_F(SessionManagerTest, DestroyEndsTheSessionAtOnce) {
  Session s = make(Interface::kAgent, 4);
  ASSERT_TRUE(sm().find(Interface::kAgent, s.id).has_value());  // cached
  ASSERT_TRUE(sm().destroy(s).is_ok());
  EXPECT_FALSE(sm().find(Interface::kAgent, s.id).has_value());
  EXPECT_FALSE(row(s).has_value());
  EXPECT_TRUE(sm().destroy(s).is_ok()) << "destroying twice is fine";
}

TEST_F(SessionManagerTest, SaveDataIsStoredAndSeen) {
  auto s = make(Interface::kPortal);
  s.data = R"({"form":{"email":"a@b"}})";
  ASSERT_TRUE(sm().save_data(s).is_ok());
  EXPECT_EQ(row(s)->data, R"({"form":{"email":"a@b"}})");
  EXPECT_EQ(sm().find(Interface::kPortal, s.id)->data, R"({"form":{"email":"a@b"}})");
  clock_.advance_ms(SessionManager::kRevalidateMs);
  EXPECT_EQ(sm().find(Interface::kPortal, s.id)->data, R"({"form":{"email":"a@b"}})");
}

TEST_F(SessionManagerTest, EndPersonSessionsKeepsOne) {
  Session keep = make(Interface::kPortal, 5);
  Session other_portal = make(Interface::kPortal, 5);
  Session agent = make(Interface::kAgent, 5);
  Session someone_else = make(Interface::kPortal, 6);
  Session anonymous = make(Interface::kPortal, 0);
  for (const Session* s : {&keep, &other_portal, &agent}) ASSERT_TRUE(sm().find(s->iface, s->id).has_value());

  auto ended = sm().end_person_sessions(5, keep.id_hash);
  ASSERT_TRUE(ended.is_ok()) << ended.status().to_string();
  EXPECT_EQ(*ended, 2u);
  EXPECT_TRUE(sm().find(Interface::kPortal, keep.id).has_value());
  EXPECT_FALSE(sm().find(Interface::kPortal, other_portal.id).has_value());
  EXPECT_FALSE(sm().find(Interface::kAgent, agent.id).has_value());
  EXPECT_TRUE(sm().find(Interface::kPortal, someone_else.id).has_value());
  EXPECT_TRUE(sm().find(Interface::kPortal, anonymous.id).has_value());
  EXPECT_EQ(rows(), 3);

  auto all = sm().end_person_sessions(5, "");
  ASSERT_TRUE(all.is_ok());
  EXPECT_EQ(*all, 1u);
  EXPECT_FALSE(sm().find(Interface::kPortal, keep.id).has_value());
  EXPECT_EQ(rows(), 2);
}

TEST_F(SessionManagerTest, EndByRowId) {
  Session a = make(Interface::kAgent, 8);
  Session b = make(Interface::kAgent, 8);
  ASSERT_TRUE(sm().find(Interface::kAgent, a.id).has_value());  // cached
  ASSERT_TRUE(sm().end_by_row_id(a.row_id).is_ok());
  EXPECT_FALSE(sm().find(Interface::kAgent, a.id).has_value()) << "the cache must not keep it alive";
  EXPECT_FALSE(row(a).has_value());
  EXPECT_TRUE(sm().find(Interface::kAgent, b.id).has_value());
  EXPECT_TRUE(sm().end_by_row_id(a.row_id).is_ok()) << "already gone";
  EXPECT_TRUE(sm().end_by_row_id(999999).is_ok());
  EXPECT_EQ(rows(), 1);
}

TEST_F(SessionManagerTest, SweepRemovesExpiredRows) {
  Session admin = make(Interface::kAdmin);
  Session portal = make(Interface::kPortal);
  Session agent = make(Interface::kAgent);
  ASSERT_TRUE(sm().sweep().is_ok());
  EXPECT_EQ(rows(), 3);

  // Admin idle (900 s) plus the write-behind allowance has passed; the others are within 3600 s.
  clock_.advance_ms((900 + 60) * kS + 1);
  ASSERT_TRUE(sm().sweep().is_ok());
  EXPECT_FALSE(row(admin).has_value());
  EXPECT_TRUE(row(portal).has_value());
  EXPECT_TRUE(row(agent).has_value());
  EXPECT_FALSE(sm().find(Interface::kAdmin, admin.id).has_value());

  // Keep the agent alive; let the portal session idle out.
  ASSERT_TRUE(sm().find(Interface::kAgent, agent.id).has_value());
  clock_.advance_ms((3600 + 60) * kS - (900 + 60) * kS);
  ASSERT_TRUE(sm().sweep().is_ok());
  EXPECT_FALSE(row(portal).has_value());
  EXPECT_TRUE(row(agent).has_value());
  EXPECT_TRUE(sm().find(Interface::kAgent, agent.id).has_value());
  EXPECT_EQ(rows(), 1);
}

TEST_F(SessionManagerTest, SweepKeepsSessionsTouchedOnlyInMemory) {
  Session s = make(Interface::kAdmin);
  clock_.advance_s(59);  // under the write-behind interval: the store still has the creation time
  ASSERT_TRUE(sm().find(Interface::kAdmin, s.id).has_value());
  clock_.advance_s(900);  // 959 s after creation, 900 s after the last request
  ASSERT_TRUE(sm().sweep().is_ok());
  EXPECT_TRUE(row(s).has_value());
  EXPECT_TRUE(sm().find(Interface::kAdmin, s.id).has_value());
}

TEST_F(SessionManagerTest, SweepRemovesSessionsPastTheAbsoluteLimit) {
  Settings short_lived;
  short_lived.agent = {3600, 7200};
  hub_.replace(short_lived);
  Session s = make(Interface::kAgent);
  clock_.advance_s(3000);
  ASSERT_TRUE(sm().find(Interface::kAgent, s.id).has_value());
  clock_.advance_s(3000);
  ASSERT_TRUE(sm().find(Interface::kAgent, s.id).has_value());
  clock_.advance_s(1201);
  ASSERT_TRUE(sm().sweep().is_ok());
  EXPECT_FALSE(row(s).has_value());
}

TEST_F(SessionManagerTest, SettingsChangeTakesEffectWithoutRestart) {
  Session portal = make(Interface::kPortal);
  Session agent = make(Interface::kAgent);
  clock_.advance_s(400);
  ASSERT_TRUE(sm().find(Interface::kPortal, portal.id).has_value());
  ASSERT_TRUE(sm().find(Interface::kAgent, agent.id).has_value());

  Settings shorter;
  shorter.portal.idle_s = 300;
  shorter.agent.absolute_s = 600;
  hub_.replace(shorter);
  clock_.advance_s(301);
  EXPECT_FALSE(sm().find(Interface::kPortal, portal.id).has_value()) << "new idle limit applies";
  EXPECT_FALSE(sm().find(Interface::kAgent, agent.id).has_value()) << "new absolute limit applies";

  Settings longer;
  longer.admin.idle_s = 3600;
  hub_.replace(longer);
  Session admin = make(Interface::kAdmin);
  clock_.advance_s(1800);  // beyond the default 900 s
  EXPECT_TRUE(sm().find(Interface::kAdmin, admin.id).has_value());
}

TEST_F(SessionManagerTest, RowDeletedInTheStoreDisappearsAfterRevalidation) {
  Session s = make(Interface::kPortal);
  ASSERT_TRUE(sm().find(Interface::kPortal, s.id).has_value());
  ASSERT_TRUE(store().remove(s.id_hash).is_ok());  // e.g. ended by another node
  clock_.advance_ms(SessionManager::kRevalidateMs - 1);
  EXPECT_TRUE(sm().find(Interface::kPortal, s.id).has_value()) << "served from the cache within the bound";
  clock_.advance_ms(1);
  EXPECT_FALSE(sm().find(Interface::kPortal, s.id).has_value());
  EXPECT_EQ(sm().cached(), 0u);
  EXPECT_EQ(rows(), 0);
}

TEST_F(SessionManagerTest, AnotherNodeSeesSessionsButNotRawIds) {
  // A second manager over the same store (another deskd node) finds the session by its id.
  SessionManager other(store(), clock_, random_, hub_);
  Session s = make(Interface::kAgent, 2);
  auto found = other.find(Interface::kAgent, s.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->person_id, 2);
  EXPECT_EQ(found->row_id, s.row_id);
  EXPECT_FALSE(other.find(Interface::kPortal, s.id).has_value());
}

TEST_F(SessionManagerTest, CachedCountFollowsCreateAndDestroy) {
  Session s = make(Interface::kPortal);
  EXPECT_EQ(sm().cached(), 1u);
  auto found = sm().find(Interface::kPortal, s.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, s.id);  // the caller gets the id it presented back
  ASSERT_TRUE(sm().destroy(s).is_ok());
  EXPECT_EQ(sm().cached(), 0u);
}

// ---- watch(): every way a session ends runs its callbacks (issue #14) -----------

class SessionEndWatchTest : public SessionManagerTest {
 protected:
  // Watches `s`; the returned counter counts the callback's runs.
  std::shared_ptr<int> watch(const Session& s) {
    auto runs = std::make_shared<int>(0);
    watches_.push_back(sm().watch(s, [runs] { ++*runs; }));
    return runs;
  }
  std::vector<SessionWatch> watches_;
};

TEST_F(SessionEndWatchTest, DestroyRunsOnlyThatSessionsCallbackOnce) {
  Session a = make(Interface::kAgent, 4), b = make(Interface::kAgent, 4);
  auto ra = watch(a), rb = watch(b);
  ASSERT_TRUE(sm().destroy(a).is_ok());
  EXPECT_EQ(*ra, 1);
  EXPECT_EQ(*rb, 0);
  ASSERT_TRUE(sm().destroy(a).is_ok());  // already gone: nothing left to run
  EXPECT_EQ(*ra, 1);
}

TEST_F(SessionEndWatchTest, RotationEndsTheOldId) {
  Session old = make(Interface::kAgent, 4);
  auto runs = watch(old);
  auto fresh = sm().rotate(old, 4, false);
  ASSERT_TRUE(fresh.is_ok());
  EXPECT_EQ(*runs, 1);
  auto fresh_runs = watch(*fresh);
  EXPECT_EQ(*fresh_runs, 0);
}

TEST_F(SessionEndWatchTest, EndPersonSessionsSparesTheKeptOneAndOtherPeople) {
  Session kept = make(Interface::kPortal, 4), agent = make(Interface::kAgent, 4), admin = make(Interface::kAdmin, 4);
  Session someone_else = make(Interface::kAgent, 5);
  auto r_kept = watch(kept), r_agent = watch(agent), r_admin = watch(admin), r_else = watch(someone_else);
  auto ended = sm().end_person_sessions(4, kept.id_hash);
  ASSERT_TRUE(ended.is_ok());
  EXPECT_EQ(*ended, 2u);
  EXPECT_EQ(*r_kept, 0);
  EXPECT_EQ(*r_agent, 1);
  EXPECT_EQ(*r_admin, 1);
  EXPECT_EQ(*r_else, 0);
}

TEST_F(SessionEndWatchTest, EndByRowIdFindsTheWatcherEvenWhenNotCached) {
  SessionManager other(store(), clock_, random_, hub_);
  auto s = other.create(NewSession{Interface::kAgent, 4});  // in other's cache, not in sm()'s
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(sm().cached(), 0u);
  auto runs = watch(*s);
  ASSERT_TRUE(sm().end_by_row_id(s->row_id).is_ok());
  EXPECT_EQ(*runs, 1);
  EXPECT_FALSE(sm().find(Interface::kAgent, s->id).has_value());
}

// Two nodes over one store (cluster/cluster_sync.h): what one node ends reaches
// the other through the end listener and forget(), not 30 s later.
TEST_F(SessionEndWatchTest, AnEndReportedByAnotherNodeDropsTheCachedCopyAndRunsWatchers) {
  SessionManager node_a(store(), clock_, random_, hub_);
  std::vector<std::string> reported;
  int64_t reported_row = -1;
  node_a.set_end_listener([&](const std::vector<std::string>& hashes, int64_t row_id) {
    reported.insert(reported.end(), hashes.begin(), hashes.end());
    reported_row = row_id;
  });
  auto s = node_a.create(NewSession{Interface::kAgent, 4});
  ASSERT_TRUE(s.is_ok());
  ASSERT_TRUE(sm().find(Interface::kAgent, s->id).has_value());  // cached on this node ("B")
  auto runs = watch(*s);
  ASSERT_TRUE(node_a.destroy(*s).is_ok());
  EXPECT_EQ(reported, std::vector<std::string>{s->id_hash});
  EXPECT_EQ(reported_row, 0);
  EXPECT_TRUE(sm().find(Interface::kAgent, s->id).has_value()) << "without the message: cached until revalidation";
  sm().forget(reported);
  EXPECT_EQ(*runs, 1);
  EXPECT_FALSE(sm().find(Interface::kAgent, s->id).has_value());

  auto t = node_a.create(NewSession{Interface::kAgent, 4});
  ASSERT_TRUE(t.is_ok());
  ASSERT_TRUE(sm().find(Interface::kAgent, t->id).has_value());
  auto t_runs = watch(*t);
  reported.clear();
  ASSERT_TRUE(node_a.end_by_row_id(t->row_id).is_ok());
  EXPECT_TRUE(reported.empty());
  EXPECT_EQ(reported_row, t->row_id);
  sm().forget_row(reported_row);
  EXPECT_EQ(*t_runs, 1);
  EXPECT_FALSE(sm().find(Interface::kAgent, t->id).has_value());
}

TEST_F(SessionEndWatchTest, EndPersonSessionsReportsEveryEndedHash) {
  std::vector<std::string> reported;
  sm().set_end_listener([&](const std::vector<std::string>& hashes, int64_t) {
    reported.insert(reported.end(), hashes.begin(), hashes.end());
  });
  Session kept = make(Interface::kPortal, 4), agent = make(Interface::kAgent, 4);
  ASSERT_TRUE(sm().end_person_sessions(4, kept.id_hash).is_ok());
  EXPECT_EQ(reported, std::vector<std::string>{agent.id_hash});
}

TEST_F(SessionEndWatchTest, ExpiryEndsTheSessionOnFindAndOnSweep) {
  const auto idle_s = hub_.get()->agent.idle_s;
  Session found_late = make(Interface::kAgent, 4), swept = make(Interface::kAgent, 5);
  auto r_found = watch(found_late), r_swept = watch(swept);
  clock_.advance_ms(idle_s * kS + SessionManager::kTouchIntervalMs + 1);
  EXPECT_FALSE(sm().find(Interface::kAgent, found_late.id).has_value());
  EXPECT_EQ(*r_found, 1);
  EXPECT_EQ(*r_swept, 0);
  ASSERT_TRUE(sm().sweep().is_ok());
  EXPECT_EQ(*r_swept, 1);
}

TEST_F(SessionEndWatchTest, AResetWatchNeverRuns) {
  Session s = make(Interface::kAgent, 4);
  int runs = 0;
  SessionWatch w = sm().watch(s, [&runs] { ++runs; });
  w.reset();
  ASSERT_TRUE(sm().destroy(s).is_ok());
  EXPECT_EQ(runs, 0);
}

TEST_F(SessionEndWatchTest, ACallbackMayEndItsOwnWatchAndTouchTheManager) {
  // What an agent socket does: the callback closes the socket, whose close handler
  // drops the watch and may look up sessions; no lock is held while it runs.
  Session s = make(Interface::kAgent, 4), other = make(Interface::kAgent, 4);
  auto w = std::make_shared<SessionWatch>();
  bool other_alive = false;
  *w = sm().watch(s, [&, w] {
    w->reset();
    other_alive = sm().find(Interface::kAgent, other.id).has_value();
  });
  ASSERT_TRUE(sm().destroy(s).is_ok());
  EXPECT_TRUE(other_alive);
}

}  // namespace
}  // namespace deskd::session
