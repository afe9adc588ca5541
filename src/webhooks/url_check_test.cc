#include "webhooks/url_check.h"

#include <gtest/gtest.h>

namespace deskd::webhooks {
namespace {

TEST(UrlCheckTest, AcceptsHttpAndHttpsUrls) {
  CheckedUrl u = check_url("https://hooks.example.com/deskd?x=1", false);
  EXPECT_EQ(u.problem, "");
  EXPECT_EQ(u.scheme, "https");
  EXPECT_EQ(u.host, "hooks.example.com");
  EXPECT_EQ(u.port, 443);
  EXPECT_FALSE(u.host_is_address);
  u = check_url("http://93.184.216.34:8080/in", false);
  EXPECT_EQ(u.problem, "");
  EXPECT_EQ(u.port, 8080);
  EXPECT_TRUE(u.host_is_address);
  u = check_url("https://[2606:4700:4700::1111]/x", false);
  EXPECT_EQ(u.problem, "");
  EXPECT_EQ(u.host, "2606:4700:4700::1111");
  EXPECT_TRUE(u.host_is_address);
}

TEST(UrlCheckTest, RefusesOtherSchemesAndMalformedUrls) {
  for (const char* url : {"", "ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "example.com/hook",
                          "//example.com/", "https://", "https:///path", "https://exa mple.com/", "https://e.com/\n",
                          "javascript:alert(1)", "https://example.com:99999/", "https://[fe80::1%25eth0]/"}) {
    EXPECT_EQ(check_url(url, true).problem, "webhooks.error.url") << url;
  }
  EXPECT_EQ(check_url("https://example.com/" + std::string(kMaxUrlBytes, 'a'), true).problem, "webhooks.error.url");
}

TEST(UrlCheckTest, RefusesCredentials) {
  for (const char* url : {"https://user:pass@example.com/", "https://user@example.com/", "http://:pw@example.com/"}) {
    EXPECT_EQ(check_url(url, true).problem, "webhooks.error.credentials") << url;
  }
  EXPECT_EQ(check_url("https://example.com/a@b", true).problem, "");
}

TEST(UrlCheckTest, PrivateAddressesOnlyWhenAllowed) {
  for (const char* url : {"http://127.0.0.1:9000/", "http://localhost/", "http://LOCALHOST./x", "http://a.localhost/",
                          "http://[::1]/", "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data/",
                          "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/"}) {
    EXPECT_EQ(check_url(url, false).problem, "webhooks.error.private") << url;
    EXPECT_EQ(check_url(url, true).problem, "") << url;
  }
}

}  // namespace
}  // namespace deskd::webhooks
