#include "pipeline/json_answer.h"

#include <gtest/gtest.h>

namespace deskd::pipeline {
namespace {

TEST(JsonAnswer, ErrorsHaveOneShapeAndAStableCodePerStatus) {
  const std::pair<int, const char*> expected[] = {
      {400, "bad_request"},       {401, "unauthorized"},  {403, "forbidden"},    {404, "not_found"},
      {405, "method_not_allowed"}, {409, "conflict"},     {413, "payload_too_large"},
      {415, "unsupported_media_type"}, {422, "unprocessable"}, {429, "rate_limited"},
      {503, "unavailable"},       {418, "error"},         {500, "internal"}};
  for (const auto& [status, code] : expected) {
    http::Response res = api_error_response(status, "why");
    EXPECT_EQ(res.status, status);
    EXPECT_EQ(res.header("Content-Type"), "application/json");
    EXPECT_EQ(res.body, std::string(R"({"error":{"code":")") + code + R"(","message":"why"}})" + "\n");
  }
}

TEST(JsonAnswer, AnEmptyMessageIsTheReasonPhraseAndBadUtf8NeverThrows) {
  EXPECT_EQ(api_error_response(404).body, R"({"error":{"code":"not_found","message":"Not Found"}})" "\n");
  http::Response res = api_error_response(400, "field \"\xff\xfe\" is bad");
  auto parsed = nlohmann::json::parse(res.body, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded());
  EXPECT_EQ(parsed["error"]["code"], "bad_request");
}

}  // namespace
}  // namespace deskd::pipeline
