#include "helpcenter/markdown.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "cookies/registry.h"

namespace deskd::helpcenter {
namespace {

// A catalog with the cookie-table strings, the purposes carrying characters
// that Markdown and HTML would otherwise interpret.
class MarkdownTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("deskd-md-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "en.json") << R"({
      "cookies.col_name": "Name", "cookies.col_description": "Description",
      "cookies.col_type": "Type", "cookies.col_applies": "Applies | To",
      "cookies.essential": "Essential", "cookies.optional": "Optional",
      "cookies.session": "Session", "cookies.multi_session": "Multi-session",
      "cookie.applies.users_agents": "Users, Agents", "cookie.applies.users": "Users",
      "cookie.purpose.session": "Session <b>ids</b> | *three*",
      "cookie.purpose.remember": "Remember", "cookie.purpose.language": "Language",
      "cookie.purpose.csrf": "CSRF", "cookie.purpose.visitor": "Visitor",
      "cookie.purpose.loader": "Loader", "cookie.purpose.consent": "Consent"
    })";
    auto loaded = i18n::Catalogs::load(dir_.string(), {"en"}, "en");
    ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
    catalogs_ = std::make_unique<i18n::Catalogs>(*loaded);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string html(std::string_view md) { return render_markdown(md, *catalogs_, "en"); }

  std::filesystem::path dir_;
  std::unique_ptr<i18n::Catalogs> catalogs_;
};

TEST_F(MarkdownTest, RendersCommonMark) {
  EXPECT_EQ(html("# Title\n\nSome *emphasis* and `code`."),
            "<h1>Title</h1>\n<p>Some <em>emphasis</em> and <code>code</code>.</p>\n");
  EXPECT_EQ(html("- one\n- two\n"), "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
  EXPECT_EQ(html("~~gone~~"), "<p><del>gone</del></p>\n");
  EXPECT_EQ(html("See https://example.com/help now"),
            "<p>See <a href=\"https://example.com/help\">https://example.com/help</a> now</p>\n");
}

TEST_F(MarkdownTest, RendersTables) {
  EXPECT_EQ(html("| a | b |\n| --- | --- |\n| 1 | 2 |\n"),
            "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n"
            "<td>2</td>\n</tr>\n</tbody>\n</table>\n");
}

TEST_F(MarkdownTest, RawHtmlNeverReachesThePage) {
  const std::string out = html(
      "<script>alert(1)</script>\n\nText <img src=x onerror=alert(2)> more\n\n"
      "<div onclick=\"x()\">block</div>\n");
  EXPECT_EQ(out.find("<script"), std::string::npos) << out;
  EXPECT_EQ(out.find("<img"), std::string::npos) << out;
  EXPECT_EQ(out.find("onerror"), std::string::npos) << out;
  EXPECT_EQ(out.find("<div"), std::string::npos) << out;
  EXPECT_NE(out.find("raw HTML omitted"), std::string::npos) << out;
}

TEST_F(MarkdownTest, UnsafeLinkSchemesAreDropped) {
  EXPECT_EQ(html("[click](javascript:alert(1))"), "<p><a href=\"\">click</a></p>\n");
  EXPECT_EQ(html("[x](JavaScript:alert(1))"), "<p><a href=\"\">x</a></p>\n");
  EXPECT_EQ(html("[x](vbscript:msgbox)"), "<p><a href=\"\">x</a></p>\n");
  EXPECT_EQ(html("![i](javascript:alert(1))"), "<p><img src=\"\" alt=\"i\" /></p>\n");
  EXPECT_EQ(html("<javascript:alert(1)>"), "<p><a href=\"\">javascript:alert(1)</a></p>\n");
  EXPECT_EQ(html("[ok](https://example.com/?a=1&b=\"2\")"),
            "<p><a href=\"https://example.com/?a=1&amp;b=%222%22\">ok</a></p>\n");
}

TEST_F(MarkdownTest, TextIsEscaped) {
  EXPECT_EQ(html("a < b & \"c\""), "<p>a &lt; b &amp; &quot;c&quot;</p>\n");
}

TEST_F(MarkdownTest, CookieTableLineBecomesTheRegistryTable) {
  const std::string out = html("Intro.\n\n[[cookie-table]]\n\nAfter.");
  EXPECT_NE(out.find("<p>Intro.</p>\n<table>\n<thead>\n<tr>\n<th>Name</th>\n<th>Description</th>\n<th>Type</th>\n"
                     "<th>Applies | To</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><code>dpsid-admin</code> "
                     "<code>dpsid-agent</code> <code>dpsid-portal</code></td>\n<td>Session &lt;b&gt;ids&lt;/b&gt; | "
                     "*three*</td>\n<td>Essential / Session</td>\n<td>Users, Agents</td>\n</tr>\n"),
            std::string::npos)
      << out;
  for (const auto& spec : cookies::registry()) {
    EXPECT_NE(out.find("<code>" + std::string(spec.name) + "</code>"), std::string::npos) << spec.name;
  }
  EXPECT_NE(out.find("</table>\n<p>After.</p>"), std::string::npos) << out;
  EXPECT_EQ(out.find("[[cookie-table]]"), std::string::npos);
}

TEST_F(MarkdownTest, CookieTableOnlyOnItsOwnLine) {
  EXPECT_EQ(html("see [[cookie-table]] here"), "<p>see [[cookie-table]] here</p>\n");
}

TEST_F(MarkdownTest, PlainTextDropsMarkup) {
  const std::string text = markdown_plain_text(
      "# Title\n\nSome **bold** <b>x</b> [link](https://e.com).\n\n"
      "[[cookie-table]]\n",
      *catalogs_, "en");
  EXPECT_NE(text.find("Title"), std::string::npos);
  EXPECT_NE(text.find("Some bold"), std::string::npos) << text;
  EXPECT_EQ(text.find("**"), std::string::npos) << text;
  EXPECT_NE(text.find("dp_last_lang"), std::string::npos) << text;
}

}  // namespace
}  // namespace deskd::helpcenter
