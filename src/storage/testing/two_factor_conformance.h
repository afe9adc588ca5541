#pragma once
// Backend-independent conformance tests for storage::TwoFactorStore, run by
// every backend's StorageConformanceTest instantiation (include this header in
// the same translation unit as storage_conformance.h). The contract is the one
// documented in storage/two_factor_store.h.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "storage/testing/storage_conformance.h"
#include "storage/two_factor_store.h"

namespace deskd::storage::conformance {

inline std::vector<std::string> code_hashes(const std::string& prefix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

TEST_P(StorageConformanceTest, TwoFactorBeginFindConfirm) {
  TwoFactorStore& tf = storage_->two_factor();
  const Person p = create_person("totp@example.com", Role::kAgent);
  EXPECT_EQ(tf.find(p.id).status().code(), Code::kNotFound);
  EXPECT_EQ(tf.begin(p.id, "", 10).code(), Code::kInvalidArgument);
  EXPECT_EQ(tf.begin(p.id + 999, "JBSWY3DPEHPK3PXP", 10).code(), Code::kInvalidArgument);

  ASSERT_TRUE(tf.begin(p.id, "JBSWY3DPEHPK3PXP", 10).is_ok());
  Result<TwoFactor> found = tf.find(p.id);
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  EXPECT_EQ(found->person_id, p.id);
  EXPECT_EQ(found->secret, "JBSWY3DPEHPK3PXP");
  EXPECT_EQ(found->created_ms, 10);
  EXPECT_EQ(found->confirmed_ms, 0);
  EXPECT_EQ(found->recovery_codes_left, 0);

  // An unconfirmed enrolment may be restarted with a new secret.
  ASSERT_TRUE(tf.begin(p.id, "KRSXG5CTMVRXEZLU", 20).is_ok());
  EXPECT_EQ(tf.find(p.id)->secret, "KRSXG5CTMVRXEZLU");
  // No code is accepted before the enrolment is confirmed.
  EXPECT_EQ(tf.use_step(p.id, 5).code(), Code::kNotFound);
  EXPECT_EQ(tf.replace_recovery_codes(p.id, code_hashes("x", 2)).code(), Code::kNotFound);

  ASSERT_TRUE(tf.confirm(p.id, 100, code_hashes("h", 10), 30).is_ok());
  found = tf.find(p.id);
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->confirmed_ms, 30);
  EXPECT_EQ(found->last_step, 100);
  EXPECT_EQ(found->recovery_codes_left, 10);
  EXPECT_EQ(tf.confirm(p.id, 101, code_hashes("h", 10), 40).code(), Code::kConflict);
  // A confirmed secret cannot be replaced without removing it first.
  EXPECT_EQ(tf.begin(p.id, "MFRGGZDFMZTWQ2LK", 50).code(), Code::kConflict);
  EXPECT_EQ(tf.find(p.id)->secret, "KRSXG5CTMVRXEZLU");
  EXPECT_EQ(tf.confirm(p.id + 999, 1, {}, 40).code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, TwoFactorStepsOnlyMoveForward) {
  TwoFactorStore& tf = storage_->two_factor();
  const Person p = create_person("steps@example.com", Role::kAdmin);
  ASSERT_TRUE(tf.begin(p.id, "JBSWY3DPEHPK3PXP", 10).is_ok());
  ASSERT_TRUE(tf.confirm(p.id, 100, {}, 20).is_ok());
  EXPECT_EQ(tf.use_step(p.id, 100).code(), Code::kConflict);  // the code that confirmed
  EXPECT_EQ(tf.use_step(p.id, 99).code(), Code::kConflict);
  EXPECT_TRUE(tf.use_step(p.id, 101).is_ok());
  EXPECT_EQ(tf.use_step(p.id, 101).code(), Code::kConflict);  // replay
  EXPECT_TRUE(tf.use_step(p.id, 103).is_ok());
  EXPECT_EQ(tf.use_step(p.id, 102).code(), Code::kConflict);
  EXPECT_EQ(tf.find(p.id)->last_step, 103);
  EXPECT_EQ(tf.use_step(p.id + 999, 200).code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, TwoFactorRacingUsesOfOneStepHaveOneWinner) {
  TwoFactorStore& tf = storage_->two_factor();
  const Person p = create_person("race@example.com", Role::kAgent);
  ASSERT_TRUE(tf.begin(p.id, "JBSWY3DPEHPK3PXP", 10).is_ok());
  ASSERT_TRUE(tf.confirm(p.id, 1, code_hashes("r", 1), 20).is_ok());
  std::atomic<int> steps_won{0}, codes_won{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      if (tf.use_step(p.id, 7).is_ok()) ++steps_won;
      if (tf.use_recovery_code(p.id, "r0", 30).is_ok()) ++codes_won;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(steps_won.load(), 1);
  EXPECT_EQ(codes_won.load(), 1);
}

TEST_P(StorageConformanceTest, TwoFactorRecoveryCodesAreSingleUseAndPerPerson) {
  TwoFactorStore& tf = storage_->two_factor();
  const Person a = create_person("a-codes@example.com", Role::kAgent);
  const Person b = create_person("b-codes@example.com", Role::kAgent);
  ASSERT_TRUE(tf.begin(a.id, "JBSWY3DPEHPK3PXP", 10).is_ok());
  ASSERT_TRUE(tf.confirm(a.id, 1, code_hashes("a", 3), 20).is_ok());
  ASSERT_TRUE(tf.begin(b.id, "KRSXG5CTMVRXEZLU", 10).is_ok());
  ASSERT_TRUE(tf.confirm(b.id, 1, code_hashes("b", 3), 20).is_ok());

  EXPECT_EQ(tf.use_recovery_code(a.id, "b0", 30).code(), Code::kConflict);  // b's code
  EXPECT_TRUE(tf.use_recovery_code(a.id, "a1", 30).is_ok());
  EXPECT_EQ(tf.use_recovery_code(a.id, "a1", 31).code(), Code::kConflict);  // used
  EXPECT_EQ(tf.find(a.id)->recovery_codes_left, 2);
  EXPECT_EQ(tf.find(b.id)->recovery_codes_left, 3);

  // New codes replace every old one, used or not.
  ASSERT_TRUE(tf.replace_recovery_codes(a.id, code_hashes("n", 10)).is_ok());
  EXPECT_EQ(tf.find(a.id)->recovery_codes_left, 10);
  EXPECT_EQ(tf.use_recovery_code(a.id, "a0", 32).code(), Code::kConflict);
  EXPECT_TRUE(tf.use_recovery_code(a.id, "n9", 32).is_ok());
}

TEST_P(StorageConformanceTest, TwoFactorRemoveEndsEverything) {
  TwoFactorStore& tf = storage_->two_factor();
  const Person p = create_person("remove@example.com", Role::kAgent);
  EXPECT_EQ(tf.remove(p.id).code(), Code::kNotFound);
  ASSERT_TRUE(tf.begin(p.id, "JBSWY3DPEHPK3PXP", 10).is_ok());
  ASSERT_TRUE(tf.confirm(p.id, 1, code_hashes("c", 2), 20).is_ok());
  ASSERT_TRUE(tf.remove(p.id).is_ok());
  EXPECT_EQ(tf.find(p.id).status().code(), Code::kNotFound);
  EXPECT_EQ(tf.use_recovery_code(p.id, "c0", 30).code(), Code::kConflict);
  // A fresh enrolment starts from nothing.
  ASSERT_TRUE(tf.begin(p.id, "MFRGGZDFMZTWQ2LK", 40).is_ok());
  EXPECT_EQ(tf.find(p.id)->recovery_codes_left, 0);
  EXPECT_EQ(tf.find(p.id)->last_step, 0);
}

}  // namespace deskd::storage::conformance
