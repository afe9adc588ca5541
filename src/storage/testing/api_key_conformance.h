#pragma once
// Backend-independent conformance tests for storage::ApiKeyStore, run by every
// backend's StorageConformanceTest instantiation (include this header in the
// same translation unit as storage_conformance.h). The contract is the one
// documented in storage/api_key_store.h.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "storage/api_key_store.h"
#include "storage/testing/storage_conformance.h"

namespace deskd::storage::conformance {

inline NewApiKey new_api_key(const std::string& hash, std::vector<ApiScope> scopes, int64_t created_ms) {
  NewApiKey k;
  k.name = "CRM " + hash;
  k.prefix = "dk_abcdef";
  k.key_hash = hash;
  k.scopes = std::move(scopes);
  k.created_ms = created_ms;
  return k;
}

TEST_P(StorageConformanceTest, ApiKeyCreateFindListRevoke) {
  ApiKeyStore& keys = storage_->api_keys();
  EXPECT_EQ(keys.find_by_hash("h1").status().code(), Code::kNotFound);
  EXPECT_EQ(keys.create(new_api_key("", {ApiScope::kKbRead}, 10)).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(keys.create(new_api_key("h1", {}, 10)).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(keys.create(new_api_key("h1", {ApiScope::kKbRead}, 0)).status().code(), Code::kInvalidArgument);

  NewApiKey first = new_api_key("h1", {ApiScope::kPeopleRead, ApiScope::kTicketsRead, ApiScope::kTicketsRead}, 10);
  first.expires_ms = 5000;
  Result<ApiKey> a = keys.create(first);
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  EXPECT_GT(a->id, 0);
  EXPECT_EQ(a->scopes, (std::vector<ApiScope>{ApiScope::kTicketsRead, ApiScope::kPeopleRead}));
  EXPECT_EQ(keys.create(new_api_key("h1", {ApiScope::kKbRead}, 11)).status().code(), Code::kConflict);
  Result<ApiKey> b = keys.create(new_api_key("h2", {ApiScope::kKbWrite}, 20));
  ASSERT_TRUE(b.is_ok());

  Result<ApiKey> found = keys.find_by_hash("h1");
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->id, a->id);
  EXPECT_EQ(found->name, "CRM h1");
  EXPECT_EQ(found->prefix, "dk_abcdef");
  EXPECT_EQ(found->scopes, a->scopes);
  EXPECT_EQ(found->created_ms, 10);
  EXPECT_EQ(found->expires_ms, 5000);
  EXPECT_EQ(found->revoked_ms, 0);
  EXPECT_EQ(found->last_used_ms, 0);
  EXPECT_TRUE(found->usable_at(4999));
  EXPECT_FALSE(found->usable_at(5000));
  EXPECT_TRUE(found->has_scope(ApiScope::kPeopleRead));
  EXPECT_FALSE(found->has_scope(ApiScope::kTicketsWrite));

  Result<std::vector<ApiKey>> all = keys.list();
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, b->id);  // newest first
  EXPECT_EQ((*all)[1].id, a->id);

  ASSERT_TRUE(keys.touch(a->id, 100).is_ok());
  ASSERT_TRUE(keys.touch(a->id, 50).is_ok());  // never backwards
  EXPECT_EQ(keys.find_by_hash("h1")->last_used_ms, 100);
  EXPECT_EQ(keys.touch(a->id + b->id + 100, 1).code(), Code::kNotFound);

  ASSERT_TRUE(keys.revoke(a->id, 200).is_ok());
  ASSERT_TRUE(keys.revoke(a->id, 300).is_ok());
  found = keys.find_by_hash("h1");
  ASSERT_TRUE(found.is_ok());  // revoked keys are still found; the caller refuses them
  EXPECT_EQ(found->revoked_ms, 200);
  EXPECT_FALSE(found->usable_at(150));
  EXPECT_EQ(keys.revoke(a->id + b->id + 100, 1).code(), Code::kNotFound);
  EXPECT_EQ(keys.find_by_hash("h2")->revoked_ms, 0);
}

TEST_P(StorageConformanceTest, ApiKeyIdempotentAnswers) {
  ApiKeyStore& keys = storage_->api_keys();
  Result<ApiKey> a = keys.create(new_api_key("ha", {ApiScope::kTicketsWrite}, 10));
  Result<ApiKey> b = keys.create(new_api_key("hb", {ApiScope::kTicketsWrite}, 10));
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_EQ(keys.find_answer(a->id, "k1").status().code(), Code::kNotFound);
  EXPECT_EQ(keys.complete_answer(a->id, "k1", 201, "{}").code(), Code::kNotFound);

  ASSERT_TRUE(keys.reserve_answer(a->id, "k1", "req-hash", 1000).is_ok());
  EXPECT_EQ(keys.reserve_answer(a->id, "k1", "other", 1001).code(), Code::kConflict);
  // Another key's Idempotency-Key space is its own.
  ASSERT_TRUE(keys.reserve_answer(b->id, "k1", "other", 1001).is_ok());
  Result<ApiAnswer> running = keys.find_answer(a->id, "k1");
  ASSERT_TRUE(running.is_ok());
  EXPECT_EQ(running->status, 0);
  EXPECT_EQ(running->request_hash, "req-hash");
  EXPECT_EQ(running->created_ms, 1000);

  ASSERT_TRUE(keys.complete_answer(a->id, "k1", 201, R"({"ref":"X"})").is_ok());
  Result<ApiAnswer> done = keys.find_answer(a->id, "k1");
  ASSERT_TRUE(done.is_ok());
  EXPECT_EQ(done->status, 201);
  EXPECT_EQ(done->body, R"({"ref":"X"})");
  EXPECT_EQ(keys.find_answer(b->id, "k1")->request_hash, "other");

  ASSERT_TRUE(keys.release_answer(b->id, "k1").is_ok());
  EXPECT_EQ(keys.find_answer(b->id, "k1").status().code(), Code::kNotFound);
  ASSERT_TRUE(keys.release_answer(b->id, "k1").is_ok());  // idempotent
  ASSERT_TRUE(keys.reserve_answer(b->id, "k1", "again", 3000).is_ok());

  Result<int64_t> pruned = keys.prune_answers(2000);
  ASSERT_TRUE(pruned.is_ok());
  EXPECT_EQ(*pruned, 1);
  EXPECT_EQ(keys.find_answer(a->id, "k1").status().code(), Code::kNotFound);
  EXPECT_TRUE(keys.find_answer(b->id, "k1").is_ok());
}

TEST_P(StorageConformanceTest, ApiKeyReserveLetsOneRacerWin) {
  ApiKeyStore& keys = storage_->api_keys();
  Result<ApiKey> a = keys.create(new_api_key("hr", {ApiScope::kTicketsWrite}, 10));
  ASSERT_TRUE(a.is_ok());
  std::atomic<int> won{0};
  std::vector<std::thread> racers;
  for (int i = 0; i < 4; ++i) {
    racers.emplace_back([&] {
      if (keys.reserve_answer(a->id, "same", "h", 10).is_ok()) ++won;
    });
  }
  for (auto& t : racers) t.join();
  EXPECT_EQ(won.load(), 1);
}

}  // namespace deskd::storage::conformance
