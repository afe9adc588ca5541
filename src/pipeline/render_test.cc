#include "pipeline/render.h"

#include <gtest/gtest.h>

#include <ctemplate/template_emitter.h>
#include <ctemplate/template_modifiers.h>

#include <cstdlib>

namespace deskd::pipeline {
namespace {

class PreparedPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string web = std::getenv("DESKD_WEB_DIR");
    auto catalogs = i18n::Catalogs::load(web + "/locales", {"en"}, "en");
    ASSERT_TRUE(catalogs.is_ok());
    catalogs_ = std::make_unique<i18n::Catalogs>(std::move(*catalogs));
    auto renderer = Renderer::load(web + "/templates", *catalogs_);
    ASSERT_TRUE(renderer.is_ok());
    renderer_ = std::move(*renderer);
  }
  std::string hole(Hole h, std::string_view escaped_probe) const {
    return renderer_->marker(static_cast<int>(h)) + std::string(escaped_probe);
  }

  std::unique_ptr<i18n::Catalogs> catalogs_;
  std::unique_ptr<Renderer> renderer_;
};

TEST_F(PreparedPageTest, MarkersAreLettersAndDigitsAndDifferPerProcess) {
  const std::string m = renderer_->marker(0);
  for (char c : m) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << m;
  EXPECT_GE(m.size(), 20u);
  EXPECT_NE(renderer_->marker(0), renderer_->marker(1));
  auto other = Renderer::load(std::string(std::getenv("DESKD_WEB_DIR")) + "/templates", *catalogs_);
  ASSERT_TRUE(other.is_ok());
  EXPECT_NE((*other)->marker_prefix(), renderer_->marker_prefix());
}

TEST_F(PreparedPageTest, ProbesAreEscapedTheWaySplitExpects) {
  auto escaped = [](const ctemplate::TemplateModifier& modifier) {
    std::string out;
    ctemplate::StringEmitter emitter(&out);
    modifier.Modify(PreparedPage::kProbe.data(), PreparedPage::kProbe.size(), nullptr, &emitter, "");
    return out;
  };
  EXPECT_EQ(escaped(ctemplate::html_escape), "&amp;&lt;");
  EXPECT_EQ(escaped(ctemplate::url_query_escape), "%26%3C");
}

// PreparedPage::respond copies a hole value made only of these characters
// without running ctemplate's escaping: it must leave each of them alone.
TEST_F(PreparedPageTest, CharactersCopiedWithoutEscapingAreTheOnesCtemplateLeavesAlone) {
  auto escaped = [](const ctemplate::TemplateModifier& modifier, const std::string& in) {
    std::string out;
    ctemplate::StringEmitter emitter(&out);
    modifier.Modify(in.data(), in.size(), nullptr, &emitter, "");
    return out;
  };
  const std::string both = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
  EXPECT_EQ(escaped(ctemplate::url_query_escape, both), both);
  EXPECT_EQ(escaped(ctemplate::html_escape, both + "./"), both + "./");
}

TEST_F(PreparedPageTest, SplitsAtMarkersAndKeepsTheEscapingTheTemplateApplied) {
  const std::string html = "<p>" + hole(Hole::kSignedInAs, "&amp;&lt;") +
                           "</p><a href=\"/x?r=" + hole(Hole::kPath, "%26%3C") + "\"><input value=\"" +
                           hole(Hole::kCsrf, "&amp;&lt;") + "\">";
  auto page = PreparedPage::split(html, *renderer_, 200);
  ASSERT_TRUE(page.is_ok()) << page.status().to_string();
  const auto& gaps = (*page)->gaps();
  ASSERT_EQ(gaps.size(), 3u);
  EXPECT_EQ(gaps[0].hole, Hole::kSignedInAs);
  EXPECT_EQ(gaps[0].escape, PreparedPage::Escape::kHtml);
  EXPECT_EQ(gaps[1].hole, Hole::kPath);
  EXPECT_EQ(gaps[1].escape, PreparedPage::Escape::kUrlQuery);
  EXPECT_EQ(gaps[2].hole, Hole::kCsrf);
}

TEST_F(PreparedPageTest, RefusesHolesWhoseEscapingItCannotReproduce) {
  // Unescaped (:none), JavaScript-escaped, and at the start of a URL attribute
  // (where ctemplate also checks the URL's scheme).
  for (const std::string& html :
       {"<p>" + hole(Hole::kFlash, "&<") + "</p>", "<script>var x='" + hole(Hole::kFlash, "\\x26\\x3c") + "'</script>",
        "<a href=\"" + hole(Hole::kPath, "&amp;&lt;") + "\">",
        "<form action=\"" + hole(Hole::kPath, "&amp;&lt;") + "\">",
        "<p>" + renderer_->marker_prefix() + "z&amp;&lt;</p>"}) {
    EXPECT_EQ(PreparedPage::split(html, *renderer_, 200).status().code(), Code::kInvalidArgument) << html;
  }
  auto plain = PreparedPage::split("<p>no holes</p>", *renderer_, 404);
  ASSERT_TRUE(plain.is_ok());
  EXPECT_TRUE((*plain)->gaps().empty());
  EXPECT_EQ((*plain)->bytes(), 15u);
}

TEST_F(PreparedPageTest, PageCacheServesWhileStampAndSettingsMatchAndStartsOverWhenFull) {
  PageCache cache(1000);
  auto settings = std::make_shared<const Settings>();
  int builds = 0;
  auto page_of = [&](size_t bytes) {
    return [this, &builds, bytes]() -> std::shared_ptr<const PreparedPage> {
      ++builds;
      return *PreparedPage::split(std::string(bytes, 'x'), *renderer_, 200);
    };
  };
  auto first = cache.get("k", {1, 0}, settings, page_of(100));
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(cache.get("k", {1, 0}, settings, page_of(100)), first);
  EXPECT_EQ(builds, 1);
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_NE(cache.get("k", {1, 7}, settings, page_of(100)), first);  // another stamp
  EXPECT_EQ(builds, 2);
  auto replaced = std::make_shared<const Settings>();  // the admin changed a setting
  cache.get("k", {1, 7}, replaced, page_of(100));
  EXPECT_EQ(builds, 3);
  EXPECT_EQ(cache.bytes(), 101u);  // one entry per key: page plus key
  cache.get("big", {1, 0}, replaced, page_of(950));
  EXPECT_EQ(cache.bytes(), 953u);  // did not fit beside "k": started over
  cache.get("k", {1, 7}, replaced, page_of(100));
  EXPECT_EQ(builds, 5);
  EXPECT_EQ(cache.get("none", {1, 0}, replaced, [] { return std::shared_ptr<const PreparedPage>(); }), nullptr);
  cache.clear();
  EXPECT_EQ(cache.bytes(), 0u);
}

}  // namespace
}  // namespace deskd::pipeline
