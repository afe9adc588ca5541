#include "session/remember.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <latch>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/crypto.h"
#include "storage/sqlite/sqlite_storage.h"

namespace deskd::session {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kGraceMs = 60'000;

// RememberMe over a fresh SQLite file, a ManualClock and a SeededRandom.
class RememberTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(crypto_init()); }

  void SetUp() override {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("deskd-remember-" + std::to_string(rd()) + "-" + std::to_string(rd()) + ".db");
    auto storage = storage::sqlite::open_sqlite_storage(path_.string(), clock_);
    ASSERT_TRUE(storage.is_ok()) << storage.status().to_string();
    storage_ = std::move(*storage);
    remember_ = std::make_unique<RememberMe>(storage_->remember(), clock_, random_, kGraceMs);
    person_ = add_person("ann@example.com");
  }

  void TearDown() override {
    remember_.reset();
    storage_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix, ec);
  }

  int64_t add_person(const std::string& email) {
    storage::NewPerson p;
    p.email = email;
    p.password_hash = "$argon2id$x";
    auto created = storage_->people().create(p);
    EXPECT_TRUE(created.is_ok()) << created.status().to_string();
    return created.is_ok() ? created->id : 0;
  }

  std::string issue(int64_t days = 30) {
    auto v =
        remember_->issue(person_, storage::RememberAudience::kUser, days, "198.51.100.4", "Mozilla/5.0 Firefox/128.0");
    EXPECT_TRUE(v.is_ok()) << v.status().to_string();
    return v.is_ok() ? *v : std::string();
  }

  static std::string selector_of(const std::string& cookie) { return cookie.substr(0, cookie.find('.')); }
  static std::string validator_of(const std::string& cookie) { return cookie.substr(cookie.find('.') + 1); }

  size_t tokens_of(int64_t person_id) { return storage_->remember().list_by_person(person_id)->size(); }

  ManualClock clock_;
  SeededRandom random_{42};
  fs::path path_;
  std::unique_ptr<storage::Storage> storage_;
  std::unique_ptr<RememberMe> remember_;
  int64_t person_ = 0;
};

TEST_F(RememberTest, IssuedCookieIsSelectorDotValidatorAndOnlyHashesAreStored) {
  const std::string cookie = issue();
  ASSERT_EQ(cookie.size(), 16u + 1 + 43u);
  EXPECT_TRUE(RememberMe::well_formed(cookie));
  auto row = storage_->remember().find_by_selector(selector_of(cookie));
  ASSERT_TRUE(row.is_ok());
  EXPECT_EQ(row->validator_hash, hash_hex(validator_of(cookie)));
  EXPECT_EQ(row->previous_validator_hash, "");
  EXPECT_EQ(row->person_id, person_);
  EXPECT_EQ(row->audience, storage::RememberAudience::kUser);
  EXPECT_EQ(row->expires_ms, clock_.now_ms() + 30 * 86'400'000LL);
  EXPECT_EQ(row->ip, "198.51.100.4");
}

TEST_F(RememberTest, ConsumeSignsInAndRotatesToANewValidatorWithTheSameSelector) {
  const std::string cookie = issue();
  clock_.advance_s(3600);
  RememberResult r = remember_->consume(cookie);
  EXPECT_EQ(r.outcome, RememberOutcome::kSignedIn);
  EXPECT_EQ(r.person_id, person_);
  EXPECT_EQ(r.audience, storage::RememberAudience::kUser);
  ASSERT_TRUE(r.new_cookie.has_value());
  EXPECT_EQ(selector_of(*r.new_cookie), selector_of(cookie));
  EXPECT_NE(validator_of(*r.new_cookie), validator_of(cookie));
  EXPECT_TRUE(RememberMe::well_formed(*r.new_cookie));
  EXPECT_EQ(r.max_age_s, 30 * 86'400 - 3600);
  auto row = storage_->remember().find_by_selector(selector_of(cookie));
  ASSERT_TRUE(row.is_ok());
  EXPECT_EQ(row->validator_hash, hash_hex(validator_of(*r.new_cookie)));
  EXPECT_EQ(row->previous_validator_hash, hash_hex(validator_of(cookie)));
  EXPECT_EQ(row->last_used_ms, clock_.now_ms());

  // The new cookie works in turn and rotates again.
  RememberResult again = remember_->consume(*r.new_cookie);
  EXPECT_EQ(again.outcome, RememberOutcome::kSignedIn);
  ASSERT_TRUE(again.new_cookie.has_value());
  EXPECT_NE(*again.new_cookie, *r.new_cookie);
}

TEST_F(RememberTest, ATokenForAnotherAudienceIsLeftUntouched) {
  const std::string cookie = issue();  // a user's token
  auto before = storage_->remember().find_by_selector(selector_of(cookie));
  ASSERT_TRUE(before.is_ok());
  auto agents_only = [](storage::RememberAudience audience) { return audience == storage::RememberAudience::kAgent; };
  RememberResult r = remember_->consume(cookie, agents_only);
  EXPECT_EQ(r.outcome, RememberOutcome::kElsewhere);
  EXPECT_FALSE(r.new_cookie.has_value());
  auto after = storage_->remember().find_by_selector(selector_of(cookie));
  ASSERT_TRUE(after.is_ok());
  EXPECT_EQ(after->validator_hash, before->validator_hash);
  EXPECT_EQ(after->previous_validator_hash, before->previous_validator_hash);
  // Still good where it belongs.
  EXPECT_EQ(
      remember_->consume(cookie, [](storage::RememberAudience a) { return a == storage::RememberAudience::kUser; })
          .outcome,
      RememberOutcome::kSignedIn);
}

TEST_F(RememberTest, OldValidatorWithinTheGraceWindowSignsInWithoutANewCookie) {
  const std::string cookie = issue();
  RememberResult first = remember_->consume(cookie);
  ASSERT_EQ(first.outcome, RememberOutcome::kSignedIn);
  clock_.advance_ms(kGraceMs);
  RememberResult late_tab = remember_->consume(cookie);
  EXPECT_EQ(late_tab.outcome, RememberOutcome::kSignedIn);
  EXPECT_EQ(late_tab.person_id, person_);
  EXPECT_FALSE(late_tab.new_cookie.has_value());
  EXPECT_EQ(tokens_of(person_), 1u);
  // The winner's cookie is still the current one.
  EXPECT_EQ(remember_->consume(*first.new_cookie).outcome, RememberOutcome::kSignedIn);
}

TEST_F(RememberTest, OldValidatorAfterTheGraceWindowIsTheft) {
  const std::string cookie = issue();
  RememberResult first = remember_->consume(cookie);
  ASSERT_EQ(first.outcome, RememberOutcome::kSignedIn);
  clock_.advance_ms(kGraceMs + 1);
  RememberResult replay = remember_->consume(cookie);
  EXPECT_EQ(replay.outcome, RememberOutcome::kTheft);
  EXPECT_EQ(replay.person_id, person_);
  EXPECT_FALSE(replay.new_cookie.has_value());
}

TEST_F(RememberTest, AValidatorRotatedAwayTwiceNeverSignsInAndInsideTheWindowLocksNobodyOut) {
  const std::string cookie = issue();
  RememberResult first = remember_->consume(cookie);
  RememberResult second = remember_->consume(*first.new_cookie);
  ASSERT_EQ(second.outcome, RememberOutcome::kSignedIn);
  // Right after a rotation it may be a late request of the owner's own: refused, not theft.
  RememberResult replay = remember_->consume(cookie);
  EXPECT_EQ(replay.outcome, RememberOutcome::kInvalid);
  EXPECT_FALSE(replay.new_cookie.has_value());
  EXPECT_EQ(remember_->consume(*second.new_cookie).outcome, RememberOutcome::kSignedIn);
}

TEST_F(RememberTest, AValidatorRotatedAwayLongAgoIsTheft) {
  // The thief copied the cookie several sign-ins ago and replays it now.
  const std::string stolen = issue();
  std::string current = stolen;
  for (int i = 0; i < 5; ++i) {
    clock_.advance_ms(kGraceMs + 1);
    RememberResult r = remember_->consume(current);
    ASSERT_EQ(r.outcome, RememberOutcome::kSignedIn) << i;
    current = *r.new_cookie;
  }
  clock_.advance_ms(kGraceMs + 1);
  RememberResult replay = remember_->consume(stolen);
  EXPECT_EQ(replay.outcome, RememberOutcome::kTheft);
  EXPECT_EQ(replay.person_id, person_);
  EXPECT_FALSE(replay.new_cookie.has_value());
}

TEST_F(RememberTest, TheftDetectionReachesBackAsFarAsTheStoreKeeps) {
  std::vector<std::string> cookies{issue()};
  for (size_t i = 0; i < storage::kRetiredValidatorsKept + 2; ++i) {
    RememberResult r = remember_->consume(cookies.back());
    ASSERT_EQ(r.outcome, RememberOutcome::kSignedIn) << i;
    cookies.push_back(*r.new_cookie);
  }
  clock_.advance_ms(kGraceMs + 1);
  // cookies.back() is current, the one before it previous, then kRetiredValidatorsKept retired ones.
  const size_t oldest_kept = cookies.size() - 2 - storage::kRetiredValidatorsKept;
  EXPECT_EQ(remember_->consume(cookies[oldest_kept - 1]).outcome, RememberOutcome::kInvalid);
  EXPECT_EQ(remember_->consume(cookies[oldest_kept]).outcome, RememberOutcome::kTheft);
}

TEST_F(RememberTest, ParallelRequestsWithTheSameCookieAreAllSignedInAndExactlyOneRotates) {
  const std::string cookie = issue();
  constexpr int kThreads = 6;
  std::latch start(kThreads);
  std::atomic<int> signed_in{0}, new_cookies{0}, thefts{0};
  std::vector<std::string> issued(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      RememberResult r = remember_->consume(cookie);
      if (r.outcome == RememberOutcome::kSignedIn) ++signed_in;
      if (r.outcome == RememberOutcome::kTheft) ++thefts;
      if (r.new_cookie) {
        ++new_cookies;
        issued[i] = *r.new_cookie;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(signed_in.load(), kThreads);
  EXPECT_EQ(thefts.load(), 0);
  EXPECT_EQ(new_cookies.load(), 1);
  std::string winner;
  for (const auto& c : issued)
    if (!c.empty()) winner = c;
  auto row = storage_->remember().find_by_selector(selector_of(cookie));
  ASSERT_TRUE(row.is_ok());
  EXPECT_EQ(row->validator_hash, hash_hex(validator_of(winner)));
}

TEST_F(RememberTest, ExpiredTokenIsInvalidAndDeleted) {
  const std::string cookie = issue(1);
  clock_.advance_ms(86'400'000 - 1);
  RememberResult still = remember_->consume(cookie);
  ASSERT_EQ(still.outcome, RememberOutcome::kSignedIn);
  EXPECT_EQ(still.max_age_s, 0);
  clock_.advance_ms(1);
  EXPECT_EQ(remember_->consume(*still.new_cookie).outcome, RememberOutcome::kInvalid);
  EXPECT_EQ(tokens_of(person_), 0u);
}

TEST_F(RememberTest, MalformedValuesAreInvalidAndTouchNothing) {
  const std::string cookie = issue();
  const std::string sel = selector_of(cookie), val = validator_of(cookie);
  for (const std::string& bad : {std::string(), std::string("."), sel, sel + val, sel + "." + val + "x",
                                 sel + "." + val.substr(1), sel.substr(1) + "." + val + "A", sel + ":" + val,
                                 sel + "." + val.substr(0, 42) + "=", sel + "." + val.substr(0, 42) + "+",
                                 "%%%%%%%%%%%%%%%%." + val, std::string(5000, 'a'), sel + ".." + val.substr(1)}) {
    EXPECT_FALSE(RememberMe::well_formed(bad)) << bad;
    RememberResult r = remember_->consume(bad);
    EXPECT_EQ(r.outcome, RememberOutcome::kInvalid) << bad;
    EXPECT_FALSE(r.new_cookie.has_value());
  }
  // The real cookie was never rotated by any of them.
  EXPECT_EQ(storage_->remember().find_by_selector(sel)->validator_hash, hash_hex(val));
}

TEST_F(RememberTest, UnknownSelectorAndWrongValidatorAreInvalidNotTheft) {
  const std::string cookie = issue();
  std::string wrong = cookie;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(remember_->consume(wrong).outcome, RememberOutcome::kInvalid);
  std::string unknown = cookie;
  unknown[0] = unknown[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(remember_->consume(unknown).outcome, RememberOutcome::kInvalid);
  EXPECT_EQ(remember_->consume(cookie).outcome, RememberOutcome::kSignedIn);
}

TEST_F(RememberTest, RevokeNeedsTheCurrentOrJustRotatedValidatorAndDeletesTheToken) {
  const std::string cookie = issue();
  std::string wrong = cookie;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_TRUE(remember_->revoke(wrong).is_ok());
  EXPECT_EQ(tokens_of(person_), 1u) << "a guessed validator must not revoke";
  EXPECT_TRUE(remember_->revoke("garbage").is_ok());
  RememberResult r = remember_->consume(cookie);
  ASSERT_TRUE(r.new_cookie.has_value());
  EXPECT_TRUE(remember_->revoke(cookie).is_ok());  // the just-rotated validator (a parallel tab logging out)
  EXPECT_EQ(tokens_of(person_), 0u);
  EXPECT_EQ(remember_->consume(*r.new_cookie).outcome, RememberOutcome::kInvalid);
  EXPECT_TRUE(remember_->revoke(*r.new_cookie).is_ok());  // already gone: fine
}

TEST_F(RememberTest, RevokePersonDeletesOnlyThatPersonsTokens) {
  const int64_t other = add_person("bob@example.com");
  const std::string a1 = issue(), a2 = issue();
  auto b = remember_->issue(other, storage::RememberAudience::kAgent, 30, "", "");
  ASSERT_TRUE(b.is_ok());
  auto removed = remember_->revoke_person(person_);
  ASSERT_TRUE(removed.is_ok());
  EXPECT_EQ(*removed, 2u);
  EXPECT_EQ(remember_->consume(a1).outcome, RememberOutcome::kInvalid);
  EXPECT_EQ(remember_->consume(a2).outcome, RememberOutcome::kInvalid);
  RememberResult kept = remember_->consume(*b);
  EXPECT_EQ(kept.outcome, RememberOutcome::kSignedIn);
  EXPECT_EQ(kept.audience, storage::RememberAudience::kAgent);
}

}  // namespace
}  // namespace deskd::session
