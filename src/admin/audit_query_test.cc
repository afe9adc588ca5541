#include "admin/audit_query.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace deskd::admin {
namespace {

http::Form form(std::vector<std::pair<std::string, std::string>> fields) {
  return http::Form{std::move(fields)};
}

bool has_notice(const AuditQuery& q, std::string_view key) {
  return std::find(q.notices.begin(), q.notices.end(), key) != q.notices.end();
}

TEST(AuditQuery, EmptyQueryHasNoFilters) {
  AuditQuery q = parse_audit_query(form({}));
  EXPECT_FALSE(q.person_id || q.person_email || q.event || q.since_ms || q.until_ms);
  EXPECT_EQ(q.page.number, 1);
  EXPECT_TRUE(q.notices.empty());
}

TEST(AuditQuery, PersonByNumberOrEmail) {
  EXPECT_EQ(parse_audit_query(form({{"person", "42"}})).person_id, 42);
  EXPECT_EQ(parse_audit_query(form({{"person", "#7"}})).person_id, 7);
  AuditQuery q = parse_audit_query(form({{"person", "  Agent@Example.COM "}}));
  EXPECT_EQ(q.person_email, "agent@example.com");
  EXPECT_FALSE(q.person_id);
  EXPECT_EQ(q.person_text, "agent@example.com");
}

TEST(AuditQuery, BadPersonIsDroppedWithNotice) {
  for (const char* bad : {"bob", "0", "@", "a@", "a b@c.d", "-5"}) {
    AuditQuery q = parse_audit_query(form({{"person", bad}}));
    EXPECT_FALSE(q.person_id || q.person_email) << bad;
    EXPECT_TRUE(q.person_text.empty()) << bad;
    EXPECT_TRUE(has_notice(q, "admin.audit.bad_person")) << bad;
  }
}

TEST(AuditQuery, EventNames) {
  EXPECT_EQ(parse_audit_query(form({{"event", "login_failed"}})).event, "login_failed");
  AuditQuery q = parse_audit_query(form({{"event", "<script>"}}));
  EXPECT_FALSE(q.event);
  EXPECT_TRUE(q.event_text.empty());
  EXPECT_TRUE(has_notice(q, "admin.audit.bad_event"));
  EXPECT_FALSE(is_event_name("Login"));
  EXPECT_FALSE(is_event_name(std::string(65, 'a')));
  EXPECT_TRUE(is_event_name("password_reset2"));
  for (const auto& name : audit_event_names()) EXPECT_TRUE(is_event_name(name)) << name;
  EXPECT_EQ(audit_event_names().size(), 23u);
}

TEST(AuditQuery, DaysIncludeTheWholeUntilDay) {
  AuditQuery q = parse_audit_query(form({{"since", "2024-03-01"}, {"until", "2024-03-01"}}));
  EXPECT_EQ(q.since_ms, 1'709'251'200'000);
  EXPECT_EQ(q.until_ms, 1'709'251'200'000 + 86'400'000);
  EXPECT_TRUE(q.notices.empty());
}

TEST(AuditQuery, BadDatesAndRangesAreDroppedWithNotices) {
  AuditQuery q = parse_audit_query(form({{"since", "yesterday"}, {"until", "2024-02-30"}}));
  EXPECT_FALSE(q.since_ms || q.until_ms);
  EXPECT_TRUE(has_notice(q, "admin.audit.bad_since"));
  EXPECT_TRUE(has_notice(q, "admin.audit.bad_until"));
  AuditQuery r = parse_audit_query(form({{"since", "2024-03-02"}, {"until", "2024-03-01"}}));
  EXPECT_TRUE(r.since_ms.has_value());
  EXPECT_FALSE(r.until_ms);
  EXPECT_TRUE(r.until_text.empty());
  EXPECT_TRUE(has_notice(r, "admin.audit.bad_range"));
}

TEST(AuditQuery, PageAndParamsForLinks) {
  AuditQuery q = parse_audit_query(form({{"person", "a@b.co"}, {"event", "login"}, {"page", "3"}}));
  EXPECT_EQ(q.page.number, 3);
  EXPECT_EQ(page_url("/admin/audit", q.params(), "page", 4), "/admin/audit?person=a%40b.co&event=login&page=4");
  AuditQuery bad = parse_audit_query(form({{"page", "999999"}}));
  EXPECT_EQ(bad.page.number, 1);
  EXPECT_TRUE(has_notice(bad, "admin.audit.bad_page"));
}

}  // namespace
}  // namespace deskd::admin
