#include "security/origin_check.h"

#include <gtest/gtest.h>

namespace deskd::security {
namespace {

constexpr std::string_view kOwn = "http://help.example.com:8080";

OriginInput post(std::string_view sec_fetch_site, std::string_view origin, std::string_view referer) {
  return {.method = "POST", .sec_fetch_site = sec_fetch_site, .origin = origin, .referer = referer, .own_origin = kOwn};
}

TEST(IsSafeMethod, ExactlyGetHeadOptions) {
  EXPECT_TRUE(is_safe_method("GET"));
  EXPECT_TRUE(is_safe_method("HEAD"));
  EXPECT_TRUE(is_safe_method("OPTIONS"));
  for (std::string_view m : {"POST", "PUT", "PATCH", "DELETE", "get", "Get", "head", "options", "TRACE", "CONNECT", "",
                             "GET ", " GET", "GETX"}) {
    EXPECT_FALSE(is_safe_method(m)) << m;
  }
}

TEST(OriginOfUrl, NormalisesSchemeHostAndDefaultPorts) {
  EXPECT_EQ(origin_of_url("https://Example.com:443/x?y"), "https://example.com");
  EXPECT_EQ(origin_of_url("HTTP://EXAMPLE.COM:80"), "http://example.com");
  EXPECT_EQ(origin_of_url("http://example.com:443/"), "http://example.com:443");
  EXPECT_EQ(origin_of_url("https://example.com:80"), "https://example.com:80");
  EXPECT_EQ(origin_of_url("http://help.example.com:8080/kb?q=1#top"), "http://help.example.com:8080");
  EXPECT_EQ(origin_of_url("http://example.com:08080"), "http://example.com:8080");
  EXPECT_EQ(origin_of_url("http://example.com:/path"), "http://example.com");
  EXPECT_EQ(origin_of_url("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(origin_of_url("http://[::1]:8080/x"), "http://[::1]:8080");
  EXPECT_EQ(origin_of_url("https://[2001:DB8::1]"), "https://[2001:db8::1]");
  EXPECT_EQ(origin_of_url("http://example.com?x"), "http://example.com");
  EXPECT_EQ(origin_of_url("http://example.com#x"), "http://example.com");
}

TEST(OriginOfUrl, EmptyWhenUnparsable) {
  for (std::string_view bad : {"",
                               "null",
                               "example.com",
                               "//example.com",
                               "ftp://example.com",
                               "javascript://example.com",
                               "file:///etc/passwd",
                               "http://",
                               "http:///x",
                               "http://:8080",
                               "http://example.com:65536",
                               "http://example.com:-1",
                               "http://example.com:80a",
                               "http://example.com:123456",
                               "http://user@example.com",
                               "http://user:pw@example.com/",
                               "http://exa mple.com",
                               "http://exa%6dple.com",
                               "http://[::1",
                               "http://[]",
                               "http://[::g]",
                               "http://ex\x01.com",
                               " http://example.com",
                               "http:/example.com",
                               "https:example.com"}) {
    EXPECT_EQ(origin_of_url(bad), "") << bad;
  }
}

TEST(CheckOrigin, SafeMethodsAreAlwaysAllowed) {
  for (std::string_view m : {"GET", "HEAD", "OPTIONS"}) {
    OriginInput in = post("cross-site", "https://evil.example", "https://evil.example/");
    in.method = m;
    EXPECT_EQ(check_origin(in), OriginVerdict::kAllow) << m;
  }
}

TEST(CheckOrigin, CrossSiteFetchIsRejected) {
  EXPECT_EQ(check_origin(post("cross-site", "", "")), OriginVerdict::kCrossSite);
  // Checked first: even a matching Origin does not rescue a cross-site request.
  EXPECT_EQ(check_origin(post("cross-site", kOwn, "")), OriginVerdict::kCrossSite);
  EXPECT_EQ(check_origin(post("same-origin", kOwn, "")), OriginVerdict::kAllow);
  EXPECT_EQ(check_origin(post("none", "", "")), OriginVerdict::kAllow);
  // same-site is not same-origin: the Origin check still decides.
  EXPECT_EQ(check_origin(post("same-site", "http://other.example.com:8080", "")), OriginVerdict::kBadOrigin);
  for (std::string_view m : {"PUT", "PATCH", "DELETE", "post"}) {
    OriginInput in = post("cross-site", "", "");
    in.method = m;
    EXPECT_EQ(check_origin(in), OriginVerdict::kCrossSite) << m;
  }
}

TEST(CheckOrigin, OriginMustBeOwnOrigin) {
  EXPECT_EQ(check_origin(post("", "http://help.example.com:8080", "")), OriginVerdict::kAllow);
  EXPECT_EQ(check_origin(post("", "http://HELP.Example.COM:8080", "")), OriginVerdict::kAllow);
  EXPECT_EQ(check_origin(post("", "http://help.example.com", "")), OriginVerdict::kBadOrigin);
  EXPECT_EQ(check_origin(post("", "http://help.example.com:8081", "")), OriginVerdict::kBadOrigin);
  EXPECT_EQ(check_origin(post("", "https://help.example.com:8080", "")), OriginVerdict::kBadOrigin);
  EXPECT_EQ(check_origin(post("", "http://evil.example.com:8080", "")), OriginVerdict::kBadOrigin);
  EXPECT_EQ(check_origin(post("", "http://help.example.com.evil.net:8080", "")), OriginVerdict::kBadOrigin);
  EXPECT_EQ(check_origin(post("", "null", "")), OriginVerdict::kBadOrigin);
  EXPECT_EQ(check_origin(post("", "garbage", "")), OriginVerdict::kBadOrigin);
  // The Origin decides; a matching Referer cannot override a foreign Origin, nor the reverse.
  EXPECT_EQ(check_origin(post("", "null", "http://help.example.com:8080/kb")), OriginVerdict::kBadOrigin);
  EXPECT_EQ(check_origin(post("", kOwn, "https://evil.example/")), OriginVerdict::kAllow);
}

TEST(CheckOrigin, DefaultPortsMatch) {
  OriginInput in = post("", "https://help.example.com", "");
  in.own_origin = "https://help.example.com:443";
  EXPECT_EQ(check_origin(in), OriginVerdict::kAllow);
  in.origin = "https://help.example.com:443";
  in.own_origin = "https://help.example.com";
  EXPECT_EQ(check_origin(in), OriginVerdict::kAllow);
  in.origin = "http://help.example.com";
  EXPECT_EQ(check_origin(in), OriginVerdict::kBadOrigin);
}

TEST(CheckOrigin, RefererIsCheckedWhenThereIsNoOrigin) {
  EXPECT_EQ(check_origin(post("", "", "http://help.example.com:8080/kb/articles/1?x=y")), OriginVerdict::kAllow);
  EXPECT_EQ(check_origin(post("", "", "http://Help.Example.com:8080/")), OriginVerdict::kAllow);
  EXPECT_EQ(check_origin(post("", "", "https://evil.example/form")), OriginVerdict::kBadReferer);
  EXPECT_EQ(check_origin(post("", "", "http://help.example.com:9090/")), OriginVerdict::kBadReferer);
  EXPECT_EQ(check_origin(post("", "", "not a url")), OriginVerdict::kBadReferer);
  EXPECT_EQ(check_origin(post("", "", "http://help.example.com:8080@evil.example/")), OriginVerdict::kBadReferer);
}

TEST(CheckOrigin, NeitherHeaderIsAllowed) {
  EXPECT_EQ(check_origin(post("", "", "")), OriginVerdict::kAllow);
}

TEST(CheckOrigin, UnparsableOwnOriginTrustsNoHeader) {
  OriginInput in = post("", "http://help.example.com:8080", "");
  in.own_origin = "";
  EXPECT_EQ(check_origin(in), OriginVerdict::kBadOrigin);
  in.origin = "";
  in.referer = "http://help.example.com:8080/";
  EXPECT_EQ(check_origin(in), OriginVerdict::kBadReferer);
}

}  // namespace
}  // namespace deskd::security
