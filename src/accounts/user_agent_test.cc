#include "accounts/user_agent.h"

#include <gtest/gtest.h>

namespace deskd::accounts {
namespace {

TEST(UserAgentTest, SummarisesCommonBrowsers) {
  EXPECT_EQ(browser_summary("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
            "Firefox on Linux");
  EXPECT_EQ(browser_summary("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            "Chrome/126.0.0.0 Safari/537.36"),
            "Chrome on Windows");
  EXPECT_EQ(browser_summary("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0"),
            "Edge on Windows");
  EXPECT_EQ(browser_summary("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"),
            "Safari on iPhone");
  EXPECT_EQ(browser_summary("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                            "Version/17.5 Safari/605.1.15"),
            "Safari on macOS");
  EXPECT_EQ(browser_summary("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                            "Chrome/126.0.0.0 Mobile Safari/537.36"),
            "Chrome on Android");
  EXPECT_EQ(browser_summary("curl/7.88.1"), "curl");
}

TEST(UserAgentTest, UnknownIsEmpty) {
  EXPECT_EQ(browser_summary(""), "");
  EXPECT_EQ(browser_summary("SomeBot"), "");
}

}  // namespace
}  // namespace deskd::accounts
