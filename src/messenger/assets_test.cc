#include "messenger/assets.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/crypto.h"

namespace deskd::messenger {
namespace {

namespace fs = std::filesystem;

class AssetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    dir_ = fs::temp_directory_path() / ("deskd-assets-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    write("loader.js", "var o='__DESKD_ORIGIN__',t=+'__DESKD_TTL__';");
    write("widget.js", "var css='__DESKD_CSS__';");
    write("widget.css", ".dm{color:red}");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& body) { std::ofstream(dir_ / name, std::ios::binary) << body; }
  Assets load() {
    auto a = Assets::load(dir_.string());
    EXPECT_TRUE(a.is_ok()) << a.status().to_string();
    return std::move(*a);
  }
  fs::path dir_;
};

TEST_F(AssetsTest, VersionIsTheHashOfTheBundleWithItsStylesheetPathWrittenIn) {
  Assets a = load();
  const std::string css_hash = hash_hex(".dm{color:red}").substr(0, 10);
  EXPECT_EQ(a.css_path(), "/messenger/assets/widget." + css_hash + ".css");
  const std::string bundle = "var css='/messenger/assets/widget." + css_hash + ".css';";
  EXPECT_EQ(a.version(), hash_hex(bundle).substr(0, 10));
  EXPECT_EQ(a.assets_url("https://help.example.com"),
            "https://help.example.com/messenger/assets/widget." + a.version() + ".js");

  http::Response js = a.asset("widget." + a.version() + ".js", "");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, bundle);
  EXPECT_EQ(js.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(js.header("ETag"), "\"" + a.version() + "\"");
}

TEST_F(AssetsTest, StylesheetIsServedUnderItsHashedName) {
  Assets a = load();
  http::Response css = a.asset(a.css_path().substr(kAssetsPrefix.size()), "");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.body, ".dm{color:red}");
  EXPECT_EQ(css.header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css.header("Cache-Control"), "public, max-age=31536000, immutable");
}

TEST_F(AssetsTest, ChangingTheStylesheetChangesTheBundleVersion) {
  const std::string before = load().version();
  write("widget.css", ".dm{color:blue}");
  EXPECT_NE(load().version(), before);
}

TEST_F(AssetsTest, OldOrUnknownNamesAre404) {
  Assets a = load();
  for (const char* name : {"widget.0000000000.js", "widget.js", "loader.js", "widget.css", "../widget.js", ""}) {
    http::Response r = a.asset(name, "");
    EXPECT_EQ(r.status, 404) << name;
    EXPECT_EQ(r.header("Cache-Control"), "no-store") << name;
  }
}

TEST_F(AssetsTest, MatchingIfNoneMatchAnswers304WithoutBody) {
  Assets a = load();
  const std::string name = "widget." + a.version() + ".js";
  const std::string etag = "\"" + a.version() + "\"";
  for (const std::string& header : {etag, "W/" + etag, "\"x\", " + etag, std::string("*")}) {
    http::Response r = a.asset(name, header);
    EXPECT_EQ(r.status, 304) << header;
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.header("ETag"), etag);
  }
  EXPECT_EQ(a.asset(name, "\"other\"").status, 200);
}

TEST_F(AssetsTest, LoaderHasOriginAndTtlWrittenInAndAShortCacheLifetime) {
  Assets a = load();
  http::Response r = a.loader("http://127.0.0.1:8080", 3600, "");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "var o='http://127.0.0.1:8080',t=+'3600';");
  EXPECT_EQ(r.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=300");
  EXPECT_EQ(a.loader("https://help.example.com", -5, "").body, "var o='https://help.example.com',t=+'0';");
}

TEST_F(AssetsTest, LoaderETagFollowsTheRenderedBody) {
  Assets a = load();
  http::Response one = a.loader("http://a.example", 60, "");
  http::Response two = a.loader("http://a.example", 120, "");
  EXPECT_NE(one.header("ETag"), two.header("ETag"));
  EXPECT_EQ(a.loader("http://a.example", 60, one.header("ETag")).status, 304);
  EXPECT_EQ(a.loader("http://a.example", 120, one.header("ETag")).status, 200);
}

TEST_F(AssetsTest, OriginCannotBreakOutOfTheStringLiteral) {
  Assets a = load();
  http::Response r = a.loader("http://x'+alert(1)+'</script>", 1, "");
  EXPECT_EQ(r.body, "var o='http://x\\u0027\\u002balert\\u00281\\u0029\\u002b\\u0027\\u003c/script\\u003e',t=+'1';");
  EXPECT_EQ(js_string_body("http://[::1]:8080"), "http://\\u005b::1\\u005d:8080");
}

TEST_F(AssetsTest, MissingFileOrPlaceholderFailsTheLoad) {
  write("loader.js", "var o='__DESKD_ORIGIN__';");
  auto no_ttl = Assets::load(dir_.string());
  ASSERT_FALSE(no_ttl.is_ok());
  EXPECT_NE(no_ttl.status().message().find("loader.js"), std::string::npos);

  write("loader.js", "var o='__DESKD_ORIGIN__',t=+'__DESKD_TTL__';");
  write("widget.js", "var css='';");
  auto no_css = Assets::load(dir_.string());
  ASSERT_FALSE(no_css.is_ok());
  EXPECT_NE(no_css.status().message().find("widget.js"), std::string::npos);

  fs::remove(dir_ / "widget.css");
  auto missing = Assets::load(dir_.string());
  ASSERT_FALSE(missing.is_ok());
  EXPECT_NE(missing.status().message().find("widget.css"), std::string::npos);
}

TEST(ShippedAssets, TheRepositoryFilesLoad) {
  ASSERT_TRUE(crypto_init());
  const char* web = std::getenv("DESKD_WEB_DIR");
  ASSERT_NE(web, nullptr) << "DESKD_WEB_DIR is set by CTest";
  auto a = Assets::load(std::string(web) + "/messenger");
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  EXPECT_EQ(a->version().size(), 10u);
  EXPECT_EQ(a->asset("widget." + a->version() + ".js", "").status, 200);
}

}  // namespace
}  // namespace deskd::messenger
