#include "admin/people_rules.h"

#include <gtest/gtest.h>

namespace deskd::admin {
namespace {

using storage::Role;

bool has_error(const CheckedPerson& c, std::string_view field) {
  for (const auto& e : c.errors)
    if (e.field == field) return true;
  return false;
}

TEST(CheckNewPerson, NormalizesAValidForm) {
  CheckedPerson c = check_new_person({"  New.Agent@Example.com ", " Ann Æble ", "agent", "correct horse"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.person.email, "new.agent@example.com");
  EXPECT_EQ(c.person.name, "Ann Æble");
  EXPECT_EQ(c.person.role, Role::kAgent);
  EXPECT_TRUE(c.person.password_hash.empty());
}

TEST(CheckNewPerson, ReportsEachBadField) {
  CheckedPerson c = check_new_person({"not-an-email", std::string(201, 'x'), "root", "short"});
  EXPECT_TRUE(has_error(c, "email"));
  EXPECT_TRUE(has_error(c, "name"));
  EXPECT_TRUE(has_error(c, "role"));
  EXPECT_TRUE(has_error(c, "password"));
  for (const char* bad : {"a@b", "@example.com", "a@@example.com", "a b@example.com", "a@example.", ""}) {
    EXPECT_TRUE(has_error(check_new_person({bad, "", "user", "longenough"}), "email")) << bad;
  }
  EXPECT_TRUE(has_error(check_new_person({"a@example.com", "tab\tname", "user", "longenough"}), "name"));
  EXPECT_TRUE(has_error(check_new_person({"a@example.com", "", "user", std::string(1025, 'p')}), "password"));
  // Eight characters counted as characters, not bytes.
  EXPECT_FALSE(has_error(check_new_person({"a@example.com", "", "user", "æøåæøåæø"}), "password"));
  EXPECT_TRUE(has_error(check_new_person({"a@example.com", "", "user", "æøåæøåæ"}), "password"));
}

storage::Person person(Role role, bool disabled) {
  storage::Person p;
  p.id = 1;
  p.role = role;
  p.disabled = disabled;
  return p;
}

TEST(LeavesNoAdmin, TheLastEnabledAdminStays) {
  EXPECT_TRUE(leaves_no_admin(person(Role::kAdmin, false), Role::kAgent, false, 1));
  EXPECT_TRUE(leaves_no_admin(person(Role::kAdmin, false), Role::kAdmin, true, 1));
  EXPECT_FALSE(leaves_no_admin(person(Role::kAdmin, false), Role::kAgent, false, 2));
  EXPECT_FALSE(leaves_no_admin(person(Role::kAdmin, false), Role::kAdmin, false, 1));
  // People who are not counted as enabled admins can always change.
  EXPECT_FALSE(leaves_no_admin(person(Role::kAgent, false), Role::kUser, true, 1));
  EXPECT_FALSE(leaves_no_admin(person(Role::kAdmin, true), Role::kUser, true, 1));
}

}  // namespace
}  // namespace deskd::admin
