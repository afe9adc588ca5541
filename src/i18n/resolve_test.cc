#include "i18n/resolve.h"

#include <gtest/gtest.h>

namespace deskd::i18n {
namespace {

const LanguageSettings kDemo{{"en", "da", "de"}, "en"};

TEST(IsLanguageCodeTest, AcceptsOnlyShortLowercaseCodes) {
  for (const char* ok : {"en", "da", "fil", "pt-BR", "zh-Hant", "es-419", "en-us"}) {
    EXPECT_TRUE(is_language_code(ok)) << ok;
  }
  for (const char* bad : {"", "e", "EN", "Da", "engl", "en-", "en-x", "en-abcde", "en_US", "en-U$", "../x", "da/",
                          "da ", "d1", "en-US-x"}) {
    EXPECT_FALSE(is_language_code(bad)) << bad;
  }
}

TEST(NegotiateTest, HonoursQValues) {
  EXPECT_EQ(negotiate("da;q=0.1, de;q=0.9", kDemo), "de");
  EXPECT_EQ(negotiate("de", kDemo), "de");
  EXPECT_EQ(negotiate("fr, da;q=0.5, en;q=0.4", kDemo), "da");
  EXPECT_EQ(negotiate("en;q=0.8,da", kDemo), "da");  // no q means 1
  EXPECT_EQ(negotiate("da;q=0.500, de;q=0.501", kDemo), "de");
  EXPECT_EQ(negotiate("da;Q=0.2, de; q=0.1", kDemo), "da");
  EXPECT_EQ(negotiate("en-US,en;q=0.9,da;q=0.8", kDemo), "en");
}

TEST(NegotiateTest, TiesKeepHeaderOrder) {
  EXPECT_EQ(negotiate("de;q=0.5, da;q=0.5", kDemo), "de");
  EXPECT_EQ(negotiate("da, de", kDemo), "da");
  EXPECT_EQ(negotiate("de;q=1.0, da;q=1", kDemo), "de");
}

TEST(NegotiateTest, ExcludesZeroAndWildcard) {
  EXPECT_EQ(negotiate("da;q=0", kDemo), std::nullopt);
  EXPECT_EQ(negotiate("da;q=0.000, de;q=0.001", kDemo), "de");
  EXPECT_EQ(negotiate("*", kDemo), std::nullopt);
  EXPECT_EQ(negotiate("*, de;q=0.1", kDemo), "de");
  EXPECT_EQ(negotiate("fr, it;q=0.5", kDemo), std::nullopt);
  EXPECT_EQ(negotiate("", kDemo), std::nullopt);
}

TEST(NegotiateTest, MatchesPrimarySubtagCaseInsensitively) {
  EXPECT_EQ(negotiate("da-DK", kDemo), "da");
  EXPECT_EQ(negotiate("DE-at;q=0.7, fr", kDemo), "de");
  EXPECT_EQ(negotiate("DA", kDemo), "da");
  EXPECT_EQ(negotiate("dan", kDemo), std::nullopt);
  const LanguageSettings regional{{"en", "pt-BR"}, "en"};
  EXPECT_EQ(negotiate("pt-br", regional), "pt-BR");
  EXPECT_EQ(negotiate("fr, en-GB;q=0.2", regional), "en");
}

TEST(NegotiateTest, SkipsGarbage) {
  EXPECT_EQ(negotiate("da;q=2, de", kDemo), "de");
  EXPECT_EQ(negotiate("da;q=1.5, de;q=0.1", kDemo), "de");
  EXPECT_EQ(negotiate("da;q=0.1234, de;q=0.1", kDemo), "de");
  EXPECT_EQ(negotiate("da;q=, de;q=0.1", kDemo), "de");
  EXPECT_EQ(negotiate("da;q=abc, de;q=0.1", kDemo), "de");
  EXPECT_EQ(negotiate("da;q, de;q=0.1", kDemo), "de");
  EXPECT_EQ(negotiate("d@, <script>, de;q=0.1", kDemo), "de");
  EXPECT_EQ(negotiate(",,, ;;;, =, da", kDemo), "da");
  EXPECT_EQ(negotiate("da-toolongsubtag", kDemo), std::nullopt);
  EXPECT_EQ(negotiate(std::string("da\0", 3), kDemo), std::nullopt);
  EXPECT_EQ(negotiate("\xff\xfe, de", kDemo), "de");
  EXPECT_EQ(negotiate("da;foo=bar;q=0.3, de;q=0.2", kDemo), "da");
}

TEST(NegotiateTest, CapsWorkOnLongHeaders) {
  std::string header;
  for (size_t i = 0; i < kMaxAcceptEntries; ++i) header += "fr;q=0.9, ";
  EXPECT_EQ(negotiate(header + "de", kDemo), std::nullopt);  // the 51st entry is not examined
  std::string shorter;
  for (size_t i = 0; i + 1 < kMaxAcceptEntries; ++i) shorter += "fr, ";
  EXPECT_EQ(negotiate(shorter + "de;q=0.1", kDemo), "de");
  const std::string huge(1 << 20, 'a');
  EXPECT_EQ(negotiate(huge, kDemo), std::nullopt);
  EXPECT_EQ(negotiate(std::string(1 << 20, ',') + "da", kDemo), "da");  // empty elements do not count
}

TEST(StripLanguagePrefixTest, SplitsEnabledPrefixes) {
  auto m = strip_language_prefix("/da/kb/x", kDemo);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->lang, "da");
  EXPECT_EQ(m->rest, "/kb/x");
  m = strip_language_prefix("/da", kDemo);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->lang, "da");
  EXPECT_EQ(m->rest, "/");
  m = strip_language_prefix("/de/", kDemo);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->lang, "de");
  EXPECT_EQ(m->rest, "/");
  for (const char* no : {"/", "", "da/kb", "/fr/kb", "/DA/kb", "/dax", "/kb/da", "/da-DK/kb", "//da/"}) {
    EXPECT_FALSE(strip_language_prefix(no, kDemo)) << no;
  }
}

TEST(ResolveTest, FollowsThePriorityOrder) {
  ResolveInput in{"/da/kb", "de", "en", "de"};
  auto r = resolve(in, kDemo);
  EXPECT_EQ(r.lang, "da");
  EXPECT_EQ(r.source, Source::kPrefix);
  EXPECT_EQ(r.path, "/kb");

  in.path = "/kb";
  r = resolve(in, kDemo);
  EXPECT_EQ(r.lang, "de");
  EXPECT_EQ(r.source, Source::kPerson);
  EXPECT_EQ(r.path, "/kb");

  in.person = std::nullopt;
  in.cookie = "da";
  r = resolve(in, kDemo);
  EXPECT_EQ(r.lang, "da");
  EXPECT_EQ(r.source, Source::kCookie);

  in.cookie = std::nullopt;
  r = resolve(in, kDemo);
  EXPECT_EQ(r.lang, "de");
  EXPECT_EQ(r.source, Source::kAcceptLanguage);

  in.accept_language = "";
  r = resolve(in, kDemo);
  EXPECT_EQ(r.lang, "en");
  EXPECT_EQ(r.source, Source::kDefault);
  EXPECT_EQ(r.path, "/kb");
}

TEST(ResolveTest, IgnoresValuesThatAreNotEnabledCodes) {
  const LanguageSettings s{{"en", "da", "de"}, "da"};
  for (const char* bad : {"fr", "DA", "da-DK", "<script>", "", "da;", "en\r\nSet-Cookie: x"}) {
    ResolveInput in{"/kb", bad, bad, "fr"};
    auto r = resolve(in, s);
    EXPECT_EQ(r.lang, "da") << bad;
    EXPECT_EQ(r.source, Source::kDefault) << bad;
  }
  ResolveInput in{"/fr/kb", "xx", "de", ""};
  auto r = resolve(in, s);
  EXPECT_EQ(r.lang, "de");
  EXPECT_EQ(r.source, Source::kCookie);
  EXPECT_EQ(r.path, "/fr/kb");
}

}  // namespace
}  // namespace deskd::i18n
