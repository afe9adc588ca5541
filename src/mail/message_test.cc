#include "mail/message.h"

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace deskd::mail {
namespace {

constexpr int64_t kDate = 1'796'116'703'000;  // Tue, 01 Dec 2026 09:18:23 UTC

TEST(MessageTest, RendersHeadersAndBase64BodyByteForByte) {
  Message m{"deskd@help.example.com", "ann@example.com", "Reset your password", "Hello Ann,\nclick here.\n", kDate,
            "<abc@help.example.com>"};
  EXPECT_EQ(render(m),
            "From: deskd@help.example.com\r\n"
            "To: ann@example.com\r\n"
            "Subject: Reset your password\r\n"
            "Date: Tue, 01 Dec 2026 09:18:23 +0000\r\n"
            "Message-ID: <abc@help.example.com>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            "\r\n"
            "SGVsbG8gQW5uLA0KY2xpY2sgaGVyZS4NCg==\r\n");  // "Hello Ann,\r\nclick here.\r\n"
}

TEST(MessageTest, DateIsRfc5322InUtc) {
  EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(rfc5322_date(kDate), "Tue, 01 Dec 2026 09:18:23 +0000");
  EXPECT_EQ(rfc5322_date(951'782'400'999), "Tue, 29 Feb 2000 00:00:00 +0000");
}

TEST(MessageTest, AsciiSubjectStaysReadable) {
  EXPECT_EQ(encode_header_text("Password changed"), "Password changed");
  EXPECT_EQ(encode_header_text(""), "");
}

TEST(MessageTest, NonAsciiSubjectIsRfc2047Base64) {
  // "Bekræft" in UTF-8
  EXPECT_EQ(encode_header_text("Bekr\xc3\xa6"
                               "ft"),
            "=?UTF-8?B?QmVrcsOmZnQ=?=");
}

TEST(MessageTest, TextThatLooksEncodedIsEncodedToo) {
  EXPECT_EQ(encode_header_text("=?x?="), "=?UTF-8?B?PT94Pz0=?=");
}

TEST(MessageTest, LongSubjectSplitsIntoWordsOfAtMost75CharsOnCharacterBoundaries) {
  std::string subject;
  for (int i = 0; i < 40; ++i) subject += "\xc3\xb8";  // "ø" x 40 = 80 bytes
  const std::string encoded = encode_header_text(subject);
  std::string decoded;
  size_t pos = 0;
  int words = 0;
  while (pos < encoded.size()) {
    size_t end = encoded.find("\r\n ", pos);
    if (end == std::string::npos) end = encoded.size();
    const std::string word = encoded.substr(pos, end - pos);
    ASSERT_LE(word.size(), 75u) << word;
    ASSERT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
    const std::string b64 = word.substr(10, word.size() - 12);
    std::string std_b64 = b64;
    for (char& c : std_b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!std_b64.empty() && std_b64.back() == '=') std_b64.pop_back();
    auto chunk = base64url_decode(std_b64);
    ASSERT_TRUE(chunk.has_value()) << word;
    ASSERT_EQ(chunk->size() % 2, 0u) << "a word splits a two-byte character";
    decoded += *chunk;
    ++words;
    pos = end == encoded.size() ? end : end + 3;
  }
  EXPECT_EQ(decoded, subject);
  EXPECT_EQ(words, 2);
}

TEST(MessageTest, HeaderValuesCannotInjectHeaders) {
  Message m{"a@x.test", "victim@x.test\r\nBcc: all@x.test", "Hi\r\nBcc: evil@x.test", "", kDate, "<i@x.test>"};
  const std::string out = render(m);
  EXPECT_NE(out.find("To: victim@x.test  Bcc: all@x.test\r\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Subject: Hi  Bcc: evil@x.test\r\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("\r\nBcc:"), std::string::npos) << out;
}

TEST(MessageTest, BodyLinesAreAtMost76CharsAndEndInCrlf) {
  Message m{"a@x.test", "b@x.test", "s", std::string(200, 'x'), kDate, "<i@x.test>"};
  const std::string out = render(m);
  const std::string body = out.substr(out.find("\r\n\r\n") + 4);
  size_t lines = 0;
  for (size_t pos = 0; pos < body.size();) {
    const size_t end = body.find("\r\n", pos);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - pos, 76u);
    pos = end + 2;
    ++lines;
  }
  EXPECT_EQ(lines, 4u);  // 200 bytes -> 268 base64 chars
}

TEST(MessageTest, BareAddressAndMessageId) {
  EXPECT_EQ(bare_address("Helpdesk <help@example.com>"), "help@example.com");
  EXPECT_EQ(bare_address(" help@example.com "), "help@example.com");
  EXPECT_EQ(make_message_id("r4nd", "Helpdesk <help@example.com>"), "<r4nd@example.com>");
  EXPECT_EQ(make_message_id("r4nd", "nobody"), "<r4nd@localhost>");
}

}  // namespace
}  // namespace deskd::mail
