#include "mail/message.h"

#include <gtest/gtest.h>

#include "mail/mime_parser.h"

namespace deskd::mail {
namespace {

constexpr int64_t kDate = 1'796'116'703'000;  // Tue, 01 Dec 2026 09:18:23 UTC

Message make(std::string from, std::string to, std::string subject, std::string body, int64_t date_ms,
             std::string message_id) {
  Message m;
  m.from = std::move(from);
  m.to = std::move(to);
  m.subject = std::move(subject);
  m.body = std::move(body);
  m.date_ms = date_ms;
  m.message_id = std::move(message_id);
  return m;
}

std::string header_block(const std::string& rendered) {
  return rendered.substr(0, rendered.find("\r\n\r\n") + 2);
}

TEST(MessageTest, RendersHeadersAndBase64Body) {
  Message m = make("deskd@help.example.com", "ann@example.com", "Reset your password", "Hello Ann,\nclick here.\n",
                   kDate, "<abc@help.example.com>");
  const std::string out = render(m);
  const std::string head = header_block(out);
  EXPECT_NE(head.find("From: deskd@help.example.com\r\n"), std::string::npos) << out;
  EXPECT_NE(head.find("To: ann@example.com\r\n"), std::string::npos) << out;
  EXPECT_NE(head.find("Subject: Reset your password\r\n"), std::string::npos) << out;
  EXPECT_NE(head.find("Date: Tue, 01 Dec 2026 09:18:23 +0000\r\n"), std::string::npos) << out;
  EXPECT_NE(head.find("Message-ID: <abc@help.example.com>\r\n"), std::string::npos) << out;
  EXPECT_NE(head.find("MIME-Version: 1.0\r\n"), std::string::npos) << out;
  EXPECT_NE(head.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos) << out;
  EXPECT_NE(head.find("Content-Transfer-Encoding: base64\r\n"), std::string::npos) << out;
  // "Hello Ann,\r\nclick here.\r\n"
  EXPECT_NE(out.find("\r\n\r\nSGVsbG8gQW5uLA0KY2xpY2sgaGVyZS4NCg==\r\n"), std::string::npos) << out;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\n') {
      ASSERT_TRUE(i > 0 && out[i - 1] == '\r') << "bare LF at " << i;
    }
  }
}

TEST(MessageTest, ThreadingHeadersAndReplyTo) {
  Message m = make("Help <help@x.test>", "ann@x.test", "[#K7QX-4P2M] Printer", "Fixed.", kDate, "<out2@x.test>");
  m.reply_to = "support@x.test";
  m.in_reply_to = "<in1@client.test>";
  m.references = {"<out1@x.test>", "<in1@client.test>", "bad id with spaces"};
  const std::string head = header_block(render(m));
  EXPECT_NE(head.find("Reply-To: support@x.test\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("In-Reply-To: <in1@client.test>\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("References: <out1@x.test> <in1@client.test>\r\n"), std::string::npos) << head;
  Result<ParsedMail> back = parse_mail(render(m));
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(back->message_id, "out2@x.test");
  EXPECT_EQ(back->in_reply_to, "in1@client.test");
  EXPECT_EQ(back->references, (std::vector<std::string>{"out1@x.test", "in1@client.test"}));
  EXPECT_EQ(back->subject, "[#K7QX-4P2M] Printer");
  EXPECT_EQ(back->from_name, "Help");
  EXPECT_EQ(back->reply_to_address, "support@x.test");
}

TEST(MessageTest, NonAsciiSubjectAndNameRoundTripThroughEncodedWords) {
  Message m = make(
      "Bekr\xc3\xa6"
      "ft <a@x.test>",
      "b@x.test",
      "Bekr\xc3\xa6"
      "ft dit login \xe2\x9c\x93",
      "\xc3\xb8", kDate, "<i@x.test>");
  const std::string out = render(m);
  for (unsigned char c : header_block(out)) ASSERT_LT(c, 0x80) << "raw 8-bit byte in a header";
  Result<ParsedMail> back = parse_mail(out);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->subject,
            "Bekr\xc3\xa6"
            "ft dit login \xe2\x9c\x93");
  EXPECT_EQ(back->from_name,
            "Bekr\xc3\xa6"
            "ft");
  EXPECT_EQ(back->text, "\xc3\xb8");
}

TEST(MessageTest, InvalidUtf8InHeadersIsReplacedNotSentRaw) {
  Message m = make("Bad \xff\xfe <a@x.test>", "b@x.test", "bad \xc3", "x", kDate, "<i@x.test>");
  const std::string out = render(m);
  for (unsigned char c : header_block(out)) ASSERT_LT(c, 0x80) << out;
  Result<ParsedMail> back = parse_mail(out);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->subject, "bad \xef\xbf\xbd");
}

TEST(MessageTest, HeaderValuesCannotInjectHeaders) {
  Message m = make("a@x.test", "victim@x.test\r\nBcc: all@x.test", "Hi\r\nBcc: evil@x.test", "", kDate, "<i@x.test>");
  m.reply_to = "r@x.test\nBcc: more@x.test";
  m.attachments.push_back({"a.txt\r\nBcc: file@x.test", "text/plain\r\nX-Evil: 1", "x"});
  const std::string out = render(m);
  EXPECT_EQ(out.find("\nBcc:"), std::string::npos) << out;
  EXPECT_EQ(out.find("\nX-Evil:"), std::string::npos) << out;
  Result<ParsedMail> back = parse_mail(out);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->subject, "Hi  Bcc: evil@x.test");
}

TEST(MessageTest, AttachmentsGoOutAsMultipartMixedAndComeBackByteForByte) {
  std::string png("\x89PNG\r\n\x1a\n\0\0\0", 11);
  Message m = make("a@x.test", "b@x.test", "s", "see attached", kDate, "<i@x.test>");
  m.attachments.push_back({"sk\xc3\xa6rm billede.png", "image/png", png});
  m.attachments.push_back({"notes.txt", "", "line 1\nline 2\n"});
  const std::string out = render(m);
  EXPECT_NE(out.find("Content-Type: multipart/mixed;"), std::string::npos) << out;
  Result<ParsedMail> back = parse_mail(out);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(back->text, "see attached");
  ASSERT_EQ(back->attachments.size(), 2u);
  EXPECT_EQ(back->attachments[0].filename, "sk\xc3\xa6rm billede.png");
  EXPECT_EQ(back->attachments[0].content_type, "image/png");
  EXPECT_EQ(back->attachments[0].data, png);
  EXPECT_EQ(back->attachments[1].filename, "notes.txt");
  EXPECT_EQ(back->attachments[1].content_type, "application/octet-stream");
  EXPECT_EQ(back->attachments[1].data, "line 1\nline 2\n");
}

TEST(MessageTest, BodyLinesAreAtMost76Chars) {
  Message m = make("a@x.test", "b@x.test", "s", std::string(200, 'x'), kDate, "<i@x.test>");
  const std::string out = render(m);
  const std::string body = out.substr(out.find("\r\n\r\n") + 4);
  for (size_t pos = 0; pos < body.size();) {
    const size_t end = body.find("\r\n", pos);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - pos, 76u);
    pos = end + 2;
  }
  Result<ParsedMail> back = parse_mail(out);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->text, std::string(200, 'x'));
}

TEST(MessageTest, BareAddressAndMessageId) {
  EXPECT_EQ(bare_address("Helpdesk <help@example.com>"), "help@example.com");
  EXPECT_EQ(bare_address(" help@example.com "), "help@example.com");
  EXPECT_EQ(make_message_id("r4nd", "Helpdesk <help@example.com>"), "<r4nd@example.com>");
  EXPECT_EQ(make_message_id("r4nd", "nobody"), "<r4nd@localhost>");
}

}  // namespace
}  // namespace deskd::mail
