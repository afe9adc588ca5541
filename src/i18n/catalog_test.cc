#include "i18n/catalog.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

namespace deskd::i18n {
namespace {

namespace fs = std::filesystem;

std::string locales_dir() {
  const char* web = std::getenv("DESKD_WEB_DIR");
  return (web && *web ? std::string(web) : std::string("../web")) + "/locales";
}

// The shipped web/locales catalogs.
class ShippedCatalogsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = Catalogs::load(locales_dir(), {"en", "da", "de"}, "en");
    ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
    shipped_.emplace(std::move(loaded).value());
  }
  std::optional<Catalogs> shipped_;
};

// A scratch directory of catalog files, removed afterwards.
class TempLocales {
 public:
  TempLocales() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("deskd_i18n_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  ~TempLocales() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void write(const std::string& lang, const std::string& content) {
    std::ofstream(dir_ / (lang + ".json"), std::ios::binary) << content;
  }
  std::string dir() const { return dir_.string(); }

 private:
  fs::path dir_;
};

std::set<std::string> keys_of(const std::map<std::string, std::string, std::less<>>& m) {
  std::set<std::string> keys;
  for (const auto& [k, v] : m) keys.insert(k);
  return keys;
}

TEST_F(ShippedCatalogsTest, LoadsTheShippedLanguages) {
  const Catalogs& c = *shipped_;
  EXPECT_EQ(c.languages(), (std::vector<std::string>{"en", "da", "de"}));
  EXPECT_EQ(c.default_language(), "en");
  EXPECT_TRUE(c.has_language("da"));
  EXPECT_FALSE(c.has_language("fr"));
  EXPECT_FALSE(c.has_language("DA"));
  EXPECT_EQ(c.text("en", "site.name"), "Help Center");
  EXPECT_EQ(c.text("da", "nav.kb"), "Vidensbase");
  EXPECT_EQ(c.text("de", "login.password"), "Passwort");
}

TEST_F(ShippedCatalogsTest, EveryKeyIsInEveryCatalogAndTranslated) {
  const Catalogs& c = *shipped_;
  const auto en = keys_of(c.all("en"));
  EXPECT_EQ(keys_of(c.all("da")), en);
  EXPECT_EQ(keys_of(c.all("de")), en);
  const std::vector<std::string> required = {"site.name",
                                             "site.tagline",
                                             "nav.home",
                                             "nav.kb",
                                             "nav.new_ticket",
                                             "nav.tickets",
                                             "nav.login",
                                             "nav.logout",
                                             "nav.register",
                                             "nav.language",
                                             "nav.cookies",
                                             "nav.account",
                                             "search.placeholder",
                                             "search.button",
                                             "home.categories",
                                             "home.popular",
                                             "home.newest",
                                             "home.welcome",
                                             "login.heading",
                                             "login.email",
                                             "login.password",
                                             "login.remember_me",
                                             "login.submit",
                                             "login.failed",
                                             "login.throttled",
                                             "login.disabled_area",
                                             "agent.login_heading",
                                             "agent.home_heading",
                                             "agent.signed_in_as",
                                             "admin.login_heading",
                                             "admin.home_heading",
                                             "account.signed_in_as",
                                             "account.signed_out",
                                             "account.logged_in",
                                             "csrf.heading",
                                             "csrf.explanation",
                                             "csrf.origin",
                                             "error.400",
                                             "error.403",
                                             "error.404",
                                             "error.404_body",
                                             "error.405",
                                             "error.413",
                                             "error.429",
                                             "error.431",
                                             "error.500",
                                             "error.503",
                                             "error.back_home",
                                             "error.invalid_form",
                                             "cookies.heading",
                                             "cookies.intro",
                                             "cookies.table_intro",
                                             "cookies.col_name",
                                             "cookies.col_description",
                                             "cookies.col_type",
                                             "cookies.col_applies",
                                             "cookies.essential",
                                             "cookies.optional",
                                             "cookies.session",
                                             "cookies.multi_session",
                                             "cookie.applies.users_agents",
                                             "cookie.applies.users",
                                             "cookie.purpose.session",
                                             "cookie.purpose.remember",
                                             "cookie.purpose.language",
                                             "cookie.purpose.csrf",
                                             "cookie.purpose.visitor",
                                             "cookie.purpose.loader",
                                             "cookie.purpose.consent",
                                             "consent.text",
                                             "consent.accept",
                                             "consent.essential",
                                             "comments.count",
                                             "language.changed"};
  for (const auto& lang : c.languages()) {
    for (const auto& key : required) {
      ASSERT_TRUE(c.all(lang).contains(key)) << lang << " lacks " << key;
      EXPECT_FALSE(c.text(lang, key).empty()) << lang << " " << key;
    }
  }
  // Spot checks that the translations are not English copies.
  for (const char* key : {"nav.home", "login.failed", "csrf.explanation", "error.404", "consent.accept"}) {
    EXPECT_NE(c.text("da", key), c.text("en", key)) << key;
    EXPECT_NE(c.text("de", key), c.text("en", key)) << key;
  }
  for (const auto& lang : c.languages()) {
    for (const auto& [key, text] : c.all(lang)) {
      EXPECT_EQ(text.find("Deskpro"), std::string::npos) << lang << " " << key;
    }
  }
}

TEST_F(ShippedCatalogsTest, PluralsChooseTheFormAndLocaliseTheNumber) {
  const Catalogs& c = *shipped_;
  EXPECT_EQ(c.plural("en", "comments.count", 0), "Comments (0)");
  EXPECT_EQ(c.plural("en", "comments.count", 1), "Comment (1)");
  EXPECT_EQ(c.plural("en", "comments.count", 2), "Comments (2)");
  EXPECT_EQ(c.plural("da", "comments.count", 0), "Kommentarer (0)");
  EXPECT_EQ(c.plural("da", "comments.count", 1), "Kommentar (1)");
  EXPECT_EQ(c.plural("de", "comments.count", 0), "Kommentare (0)");
  EXPECT_EQ(c.plural("de", "comments.count", 1), "Kommentar (1)");
  EXPECT_EQ(c.plural("en", "comments.count", 1234), "Comments (1,234)");
  EXPECT_EQ(c.plural("de", "comments.count", 1234), "Kommentare (1.234)");
  EXPECT_EQ(c.plural("da", "comments.count", -1), "Kommentarer (-1)");
  // Unknown language: default catalog and default number format.
  EXPECT_EQ(c.plural("fr", "comments.count", 1000), "Comments (1,000)");
  EXPECT_EQ(c.text("en", "comments.count"), "Comments ({n})");
  EXPECT_EQ(c.all("da").at("comments.count"), "Kommentarer ({n})");
}

TEST_F(ShippedCatalogsTest, FallsBackToDefaultThenKey) {
  const Catalogs& c = *shipped_;
  EXPECT_EQ(c.text("fr", "nav.home"), "Home");
  EXPECT_EQ(c.text("", "nav.home"), "Home");
  EXPECT_EQ(&c.all("zz"), &c.all("en"));
  const std::string& missing = c.text("da", "no.such.key");
  EXPECT_EQ(missing, "no.such.key");
  EXPECT_EQ(&c.text("de", "no.such.key"), &missing);  // stable reference
  Catalogs copy = c;
  EXPECT_EQ(&copy.text("en", "no.such.key"), &missing);
  EXPECT_EQ(c.plural("en", "no.such.plural", 3), "no.such.plural");
}

TEST_F(ShippedCatalogsTest, FormatReplacesPlaceholdersVerbatim) {
  const Catalogs& c = *shipped_;
  EXPECT_EQ(c.format("en", "login.throttled", {{"seconds", "30"}}),
            "Too many failed attempts. Please wait 30 seconds and try again.");
  EXPECT_EQ(c.format("de", "agent.signed_in_as", {{"email", "a@example.com"}}), "Angemeldet als a@example.com");
  // Values are inserted as given (the caller escapes) and never expanded again.
  EXPECT_EQ(c.format("en", "account.signed_in_as", {{"email", "<b>{email}</b>"}}), "Signed in as <b>{email}</b>");
  // A placeholder without a value stays as written.
  EXPECT_EQ(c.format("en", "account.signed_in_as", {}), "Signed in as {email}");
  EXPECT_EQ(c.format("en", "nav.home", {{"x", "y"}}), "Home");
}

TEST(CatalogsTest, FormatHandlesBracesThatAreNotPlaceholders) {
  TempLocales t;
  t.write("en", R"({"a": "{} {x {y} }{ {1a_B}", "b": "end {"})");
  auto c = Catalogs::load(t.dir(), {"en"}, "en");
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->format("en", "a", {{"y", "Y"}, {"1a_B", "Z"}}), "{} {x Y }{ Z");
  EXPECT_EQ(c->format("en", "b", {{"y", "Y"}}), "end {");
}

TEST(CatalogsTest, DuplicateLanguagesAreIgnored) {
  TempLocales t;
  t.write("en", R"({"k": "v"})");
  auto c = Catalogs::load(t.dir(), {"en", "en"}, "en");
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->languages(), (std::vector<std::string>{"en"}));
}

void expect_invalid(const Result<Catalogs>& r, const std::string& needle) {
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().message();
}

TEST(CatalogsTest, LoadErrorsNameTheFile) {
  TempLocales t;
  t.write("en", R"({"a": "A", "b": {"one": "{n} b", "other": "{n} bs"}})");
  expect_invalid(Catalogs::load(t.dir(), {"en", "da"}, "en"), t.dir() + "/da.json: cannot open");

  t.write("da", R"({"a": "A", "b": )");
  expect_invalid(Catalogs::load(t.dir(), {"en", "da"}, "en"), t.dir() + "/da.json: invalid JSON");

  t.write("da", R"(["a"])");
  expect_invalid(Catalogs::load(t.dir(), {"en", "da"}, "en"), t.dir() + "/da.json: the top level");

  t.write("da", R"({"a": "A"})");
  expect_invalid(Catalogs::load(t.dir(), {"en", "da"}, "en"), t.dir() + "/da.json: missing 1 key(s)");
  expect_invalid(Catalogs::load(t.dir(), {"en", "da"}, "en"), ": b");

  t.write("da", R"({"a": "A", "b": 3})");
  expect_invalid(Catalogs::load(t.dir(), {"en", "da"}, "en"), t.dir() + "/da.json: key 'b'");
  t.write("da", R"({"a": "A", "b": {"one": "x"}})");
  expect_invalid(Catalogs::load(t.dir(), {"en", "da"}, "en"), t.dir() + "/da.json: key 'b'");
  t.write("da", R"({"a": "A", "b": {"other": "x", "few": "y"}})");
  expect_invalid(Catalogs::load(t.dir(), {"en", "da"}, "en"), t.dir() + "/da.json: key 'b'");
  t.write("da", R"({"a": "A", "b": {"other": "x", "one": 1}})");
  expect_invalid(Catalogs::load(t.dir(), {"en", "da"}, "en"), t.dir() + "/da.json: key 'b'");
  t.write("da", R"({"a": "A", "": "x", "b": "{n}"})");
  expect_invalid(Catalogs::load(t.dir(), {"en", "da"}, "en"), t.dir() + "/da.json: empty key");

  t.write("da", R"({"a": "A {name}", "b": "{n}"})");
  expect_invalid(Catalogs::load(t.dir(), {"en", "da"}, "en"), t.dir() + "/da.json: key 'a' uses placeholders {name}");

  t.write("da", "{\"a\": \"\xff\", \"b\": \"{n}\"}");
  expect_invalid(Catalogs::load(t.dir(), {"en", "da"}, "en"), t.dir() + "/da.json: invalid JSON");

  // A non-default catalog may add keys; a string may translate a plural key.
  t.write("da", R"({"a": "A", "b": "{n} b'er", "extra": "x"})");
  auto ok = Catalogs::load(t.dir(), {"en", "da"}, "en");
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(ok->plural("da", "b", 1), "1 b'er");
  EXPECT_EQ(ok->plural("en", "b", 1), "1 b");
  EXPECT_EQ(ok->text("en", "extra"), "extra");
}

TEST(CatalogsTest, RejectsBadLanguageListsBeforeTouchingFiles) {
  TempLocales t;
  t.write("en", R"({"a": "A"})");
  expect_invalid(Catalogs::load(t.dir(), {"en", "../en"}, "en"), "'../en' is not a language code");
  expect_invalid(Catalogs::load(t.dir(), {"en"}, "da"), "default language 'da'");
  expect_invalid(Catalogs::load(t.dir(), {}, "en"), "default language 'en'");
}

}  // namespace
}  // namespace deskd::i18n
