#include "messenger/wire.h"

#include <gtest/gtest.h>

#include "messenger/cors.h"

namespace deskd::messenger {
namespace {

using storage::Chat;
using storage::ChatMessage;

TEST(WireTest, ChatJsonHidesVisitorDetailsFromVisitors) {
  Chat c;
  c.id = 5;
  c.visitor_id = "AAAAAAAAAAAAAAAAAAAAAA";
  c.name = "Ada";
  c.email = "ada@example.com";
  c.status = storage::ChatStatus::kActive;
  c.agent_id = 9;
  c.created_ms = 100;
  c.accepted_ms = 200;
  c.lang = "de";
  EXPECT_EQ(chat_json(c, "Bob", Audience::kVisitor).dump(),
            R"({"accepted_ms":200,"agent":{"id":9,"name":"Bob"},"created_ms":100,"ended_by":"","ended_ms":0,)"
            R"("id":5,"lang":"de","name":"Ada","status":"active"})");
  auto agent_view = chat_json(c, "Bob", Audience::kAgent);
  EXPECT_EQ(agent_view["visitor"], "AAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(agent_view["email"], "ada@example.com");
  c.agent_id = 0;
  EXPECT_TRUE(chat_json(c, "", Audience::kVisitor)["agent"].is_null());
}

TEST(WireTest, MessageJsonCarriesClientIdOnlyWhenSet) {
  ChatMessage m;
  m.id = 3;
  m.chat_id = 5;
  m.author = storage::ChatAuthor::kAgent;
  m.name = "Bob";
  m.body = "Hi <b>";
  m.at_ms = 7;
  EXPECT_EQ(message_json(m).dump(), R"({"at_ms":7,"author":"agent","body":"Hi <b>","chat_id":5,"id":3,"name":"Bob"})");
  m.client_id = "c-1";
  EXPECT_EQ(message_json(m)["client_id"], "c-1");
}

TEST(WireTest, ParseObjectNeverThrows) {
  EXPECT_TRUE(parse_object(R"({"a":1})").has_value());
  EXPECT_FALSE(parse_object("[1]").has_value());
  EXPECT_FALSE(parse_object("{").has_value());
  EXPECT_FALSE(parse_object("").has_value());
  EXPECT_FALSE(parse_object("\xff").has_value());
  auto j = *parse_object(R"({"s":"x","n":4,"f":1.5,"z":null})");
  EXPECT_EQ(*string_member(j, "s"), "x");
  EXPECT_EQ(*string_member(j, "missing"), "");
  EXPECT_EQ(*string_member(j, "z"), "");
  EXPECT_FALSE(string_member(j, "n").has_value());
  EXPECT_EQ(*int_member(j, "n"), 4);
  EXPECT_FALSE(int_member(j, "f").has_value());
  EXPECT_FALSE(int_member(j, "s").has_value());
}

TEST(WireTest, MessageBodiesAreCleanedAndLimited) {
  EXPECT_EQ(*clean_body("  hello\r\nworld \n"), "hello\nworld");
  EXPECT_EQ(*clean_body("tab\there"), "tab\there");
  EXPECT_FALSE(clean_body("   ").has_value());
  EXPECT_FALSE(clean_body("").has_value());
  EXPECT_FALSE(clean_body("bell\a").has_value());
  EXPECT_FALSE(clean_body("\xc3\x28").has_value());
  EXPECT_TRUE(clean_body(std::string(5000, 'x')).has_value());
  EXPECT_FALSE(clean_body(std::string(5001, 'x')).has_value());
  std::string danish;
  for (int i = 0; i < 5000; ++i) danish += "\xc3\xb8";  // ø: 5000 characters, 10000 bytes
  EXPECT_TRUE(clean_body(danish).has_value());
  EXPECT_FALSE(clean_body(danish + "\xc3\xb8").has_value());
}

TEST(WireTest, LinesAndClientIds) {
  EXPECT_EQ(*clean_line("  Ada Lovelace ", 100), "Ada Lovelace");
  EXPECT_EQ(*clean_line("", 100), "");
  EXPECT_FALSE(clean_line("two\nlines", 100).has_value());
  EXPECT_FALSE(clean_line(std::string(101, 'a'), 100).has_value());
  EXPECT_TRUE(valid_client_id(""));
  EXPECT_TRUE(valid_client_id("abc-123_X"));
  EXPECT_FALSE(valid_client_id("has space"));
  EXPECT_FALSE(valid_client_id(std::string(65, 'a')));
  EXPECT_FALSE(valid_client_id("\xc3\xb8"));
}

TEST(CorsTest, OwnOriginAndListedOriginsOnly) {
  const std::vector<std::string> allowed = {"https://shop.example.com", "http://blog.example:8080/"};
  EXPECT_TRUE(origin_allowed("https://help.example.com", "https://help.example.com", allowed));
  EXPECT_TRUE(origin_allowed("https://shop.example.com", "https://help.example.com", allowed));
  EXPECT_TRUE(origin_allowed("HTTPS://Shop.Example.com", "https://help.example.com", allowed));
  EXPECT_TRUE(origin_allowed("http://blog.example:8080", "https://help.example.com", allowed));
  EXPECT_FALSE(origin_allowed("http://shop.example.com", "https://help.example.com", allowed));
  EXPECT_FALSE(origin_allowed("https://shop.example.com.evil.com", "https://help.example.com", allowed));
  EXPECT_FALSE(origin_allowed("null", "https://help.example.com", allowed));
  EXPECT_FALSE(origin_allowed("", "https://help.example.com", allowed));
  EXPECT_FALSE(origin_allowed("https://evil.example", "", {}));
}

}  // namespace
}  // namespace deskd::messenger
