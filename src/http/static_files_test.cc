#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <string>

#include "core/crypto.h"

namespace deskd::http {
namespace {

namespace fs = std::filesystem;

constexpr char kCss[] = "body { color: #123; }\n";
constexpr char kJs[] = "console.log('widget');\n";

class StaticFilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(crypto_init()); }

  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("deskd-static-" + std::to_string(rd()));
    fs::create_directories(dir_ / "messenger");
    std::ofstream(dir_ / "deskd.css", std::ios::binary) << kCss;
    std::ofstream(dir_ / "messenger" / "widget.js", std::ios::binary) << kJs;
    std::ofstream(dir_ / "LICENSE", std::ios::binary) << "MIT";
    auto loaded = StaticFiles::load(dir_.string());
    ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
    files_ = std::make_unique<StaticFiles>(std::move(*loaded));
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Response get(std::string path, std::string method = "GET", std::string if_none_match = "") const {
    Request req;
    req.method = std::move(method);
    req.path = path;
    req.target = std::move(path);
    if (!if_none_match.empty()) req.headers.emplace_back("If-None-Match", std::move(if_none_match));
    return files_->serve(req);
  }

  static std::string etag_of(std::string_view body) { return "\"" + hash_hex(body).substr(0, 10) + "\""; }

  fs::path dir_;
  std::unique_ptr<StaticFiles> files_;
};

TEST_F(StaticFilesTest, HashedUrlNamesTheContent) {
  const std::string hash = hash_hex(kCss).substr(0, 10);
  EXPECT_EQ(files_->url("deskd.css"), "/static/deskd." + hash + ".css");
  EXPECT_EQ(files_->url("messenger/widget.js"), "/static/messenger/widget." + hash_hex(kJs).substr(0, 10) + ".js");
  EXPECT_EQ(files_->url("LICENSE"), "/static/LICENSE." + hash_hex("MIT").substr(0, 10));
  EXPECT_EQ(files_->url("missing.css"), "/static/missing.css");
}

TEST_F(StaticFilesTest, HashedUrlIsServedImmutable) {
  Response res = get(files_->url("deskd.css"));
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, kCss);
  EXPECT_EQ(res.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(res.header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(res.header("ETag"), etag_of(kCss));
  EXPECT_EQ(res.header("X-Content-Type-Options"), "nosniff");

  Response js = get(files_->url("messenger/widget.js"));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, kJs);
  EXPECT_EQ(js.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(js.header("Content-Type"), "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, PlainUrlIsRevalidatedWithETag) {
  Response res = get("/static/deskd.css");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, kCss);
  EXPECT_EQ(res.header("Cache-Control"), "public, no-cache");
  EXPECT_EQ(res.header("ETag"), etag_of(kCss));
  EXPECT_EQ(res.header("Content-Type"), "text/css; charset=utf-8");
}

TEST_F(StaticFilesTest, MatchingIfNoneMatchIs304WithoutBody) {
  const std::string etag = etag_of(kCss);
  for (const std::string& path : {std::string("/static/deskd.css"), files_->url("deskd.css")}) {
    Response res = get(path, "GET", etag);
    EXPECT_EQ(res.status, 304) << path;
    EXPECT_EQ(res.body, "") << path;
    EXPECT_EQ(res.header("ETag"), etag) << path;
    EXPECT_FALSE(res.header("Cache-Control").empty()) << path;
  }
}

TEST_F(StaticFilesTest, IfNoneMatchListsWeakTagsAndStar) {
  const std::string etag = etag_of(kCss);
  EXPECT_EQ(get("/static/deskd.css", "GET", "\"0000000000\", " + etag).status, 304);
  EXPECT_EQ(get("/static/deskd.css", "GET", "W/" + etag).status, 304);  // e.g. after a compressing proxy
  EXPECT_EQ(get("/static/deskd.css", "GET", "*").status, 304);
  EXPECT_EQ(get("/static/deskd.css", "HEAD", etag).status, 304);
}

TEST_F(StaticFilesTest, StaleIfNoneMatchGetsTheFile) {
  Response res = get("/static/deskd.css", "GET", "\"0000000000\"");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, kCss);
  EXPECT_EQ(get("/static/deskd.css", "GET", "\"" + etag_of(kCss) + "\"").status, 200);   // double-quoted garbage
  EXPECT_EQ(get("/static/deskd.css", "GET", hash_hex(kCss).substr(0, 10)).status, 200);  // unquoted is not a tag
}

TEST_F(StaticFilesTest, HeadIsAnswered) {
  Response res = get("/static/deskd.css", "HEAD");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.header("ETag"), etag_of(kCss));
}

TEST_F(StaticFilesTest, UnknownPathsAre404) {
  for (const char* path : {"/static/nope.css", "/static/", "/static/deskd.0000000000.css", "/static/../deskd.css",
                           "/static/messenger", "/deskd.css"}) {
    Response res = get(path);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(res.header("Cache-Control"), "") << path;
    EXPECT_EQ(res.body.find(kCss), std::string::npos) << path;
  }
}

TEST_F(StaticFilesTest, UnsafeMethodsAre405) {
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    Response res = get("/static/deskd.css", method);
    EXPECT_EQ(res.status, 405) << method;
    EXPECT_EQ(res.header("Allow"), "GET, HEAD") << method;
    EXPECT_EQ(res.body.find(kCss), std::string::npos) << method;
  }
  EXPECT_EQ(get("/static/nope.css", "POST").status, 404);
}

TEST_F(StaticFilesTest, MissingDirectoryIsAnError) {
  auto r = StaticFiles::load((dir_ / "nope").string());
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
}

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(content_type_for("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("a.png"), "image/png");
  EXPECT_EQ(content_type_for("favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("a.json"), "application/json");
  EXPECT_EQ(content_type_for("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("a.exe"), "application/octet-stream");
  EXPECT_EQ(content_type_for("LICENSE"), "application/octet-stream");
}

}  // namespace
}  // namespace deskd::http
