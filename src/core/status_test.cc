#include "core/status.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace deskd {
namespace {

// Every Code with the status it must answer. kInternal is the last Code: a new
// one added after it fails the size check below, one added before it fails the
// loop (its status would not be in this table).
constexpr std::pair<Code, int> kExpected[] = {
    {Code::kOk, 200},
    {Code::kNotFound, 404},
    {Code::kInvalidArgument, 400},
    {Code::kConflict, 409},
    {Code::kUnauthenticated, 401},
    {Code::kPermissionDenied, 403},
    {Code::kResourceExhausted, 429},
    {Code::kUnavailable, 503},
    {Code::kInternal, 500},
};
static_assert(std::size(kExpected) == static_cast<size_t>(Code::kInternal) + 1, "every Code is in the table");

TEST(HttpStatusOfTest, EveryCodeHasItsStatus) {
  for (size_t i = 0; i < std::size(kExpected); ++i) {
    const auto [code, status] = kExpected[i];
    EXPECT_EQ(static_cast<size_t>(code), i) << "table out of enum order at " << code_name(code);
    EXPECT_EQ(http_status_of(code), status) << code_name(code);
  }
}

TEST(HttpStatusOfTest, TheDefectsOfIssue14) {
  // The HTML path answered these two with 500.
  EXPECT_EQ(http_status_of(Code::kConflict), 409);
  EXPECT_EQ(http_status_of(Code::kUnauthenticated), 401);
  EXPECT_EQ(http_status_of(Status(Code::kConflict, "chat ended").code()), 409);
}

TEST(HttpStatusOfTest, OnlyInternalIsA500) {
  std::set<int> seen;
  for (const auto& [code, status] : kExpected) {
    EXPECT_TRUE(seen.insert(status).second) << "two codes share " << status;
    EXPECT_EQ(status >= 500 && status != 503, code == Code::kInternal) << code_name(code);
  }
}

TEST(StatusTest, ToStringNamesTheCode) {
  EXPECT_EQ(Status::ok().to_string(), "OK");
  EXPECT_EQ(conflict("taken").to_string(), "Conflict: taken");
  EXPECT_EQ(unauthenticated("sign in").code(), Code::kUnauthenticated);
}

}  // namespace
}  // namespace deskd
