#include "mail/mime_parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "mail/mail_text.h"

#ifndef DESKD_MAIL_CORPUS
#error "DESKD_MAIL_CORPUS must name tests/mail/corpus"
#endif

namespace deskd::mail {
namespace {

std::string corpus(const std::string& name) {
  std::ifstream in(std::string(DESKD_MAIL_CORPUS) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ParsedMail parsed(const std::string& name) {
  Result<ParsedMail> m = parse_mail(corpus(name));
  EXPECT_TRUE(m.is_ok()) << name << ": " << m.status().to_string();
  return m.is_ok() ? *m : ParsedMail{};
}

TEST(MimeCorpusTest, OutlookQuotedPrintableLatin1) {
  ParsedMail m = parsed("outlook_qp_latin1.eml");
  EXPECT_EQ(m.from_name, "J\xc3\xb6rg M\xc3\xbcller");
  EXPECT_EQ(m.from_address, "joerg.mueller@contoso.example");
  EXPECT_EQ(m.subject, "Drucker gest\xc3\xb6rt im B\xc3\xbcro");
  EXPECT_EQ(m.message_id, "AM0PR01MB1234ABCD@AM0PR01MB1234.eurprd01.prod.outlook.example");
  EXPECT_TRUE(
      m.text.starts_with("Hallo,\n\nder Drucker im B\xc3\xbcro druckt seit heute morgen nur noch leere Seiten. "
                         "K\xc3\xb6nnen Sie helfen?"))
      << m.text;
  EXPECT_NE(m.text.find("-----Original Message-----"), std::string::npos);
  EXPECT_EQ(without_quoted_reply(m.text),
            "Hallo,\n\nder Drucker im B\xc3\xbcro druckt seit heute morgen nur noch leere Seiten. "
            "K\xc3\xb6nnen Sie helfen?\n\nGr\xc3\xbc\xc3\x9f"
            "e\nJ\xc3\xb6rg");
  EXPECT_FALSE(m.automatic);
  EXPECT_TRUE(m.attachments.empty());
}

TEST(MimeCorpusTest, GmailReplyWithUtf8HeadersAndThreading) {
  ParsedMail m = parsed("gmail_reply_utf8.eml");
  EXPECT_EQ(m.from_name, "\xc3\x85sa Lindstr\xc3\xb6m");
  EXPECT_EQ(m.subject, "Re: [#K7QX-4P2M] Export \xc3\xa4\xc3\xb6\xc3\xbc");
  EXPECT_EQ(m.in_reply_to, "out-2@help.example.com");
  EXPECT_EQ(m.references, (std::vector<std::string>{"out-1@help.example.com", "out-2@help.example.com"}));
  EXPECT_EQ(without_quoted_reply(m.text),
            "Thanks, that worked! \xf0\x9f\x91\x8d\nOne more question: can I export the report?");
  EXPECT_NE(m.text.find("> Please restart the app."), std::string::npos);
}

TEST(MimeCorpusTest, AppleMailNestedMultipartsInlineImageAndRfc2231Name) {
  ParsedMail m = parsed("apple_mail_nested.eml");
  EXPECT_EQ(m.text, "Here is what I see after login.\n");
  ASSERT_EQ(m.attachments.size(), 2u) << "the plain alternative gives the text; the HTML one's image is kept";
  EXPECT_EQ(m.attachments[0].filename, "screenshot.png");
  EXPECT_EQ(m.attachments[0].content_type, "image/png");
  EXPECT_EQ(m.attachments[0].content_id, "img1@apple");
  EXPECT_TRUE(m.attachments[0].inline_part);
  EXPECT_TRUE(m.attachments[0].data.starts_with("\x89PNG"));
  EXPECT_EQ(m.attachments[1].filename, "Rechnung M\xc3\xa4rz.pdf");
  EXPECT_EQ(m.attachments[1].content_type, "application/pdf");
  EXPECT_TRUE(m.attachments[1].data.starts_with("%PDF-1.4"));
  EXPECT_FALSE(m.attachments[1].inline_part);
}

TEST(MimeCorpusTest, WinmailDatIsKeptAsAnAttachment) {
  ParsedMail m = parsed("outlook_winmail.eml");
  EXPECT_EQ(m.text, "Please see the attached invoice.\n");
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "winmail.dat");
  EXPECT_EQ(m.attachments[0].content_type, "application/ms-tnef");
  EXPECT_EQ(m.attachments[0].size, 68u);
}

TEST(MimeCorpusTest, HtmlOnlyBecomesTextWithoutScriptsOrStyles) {
  ParsedMail m = parsed("html_only.eml");
  EXPECT_EQ(m.text, "Where is my order & invoice?\n\nOrder #1234 <urgent>");
}

TEST(MimeCorpusTest, ZeroByteAttachment) {
  ParsedMail m = parsed("zero_byte_attachment.eml");
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "empty.log");
  EXPECT_EQ(m.attachments[0].size, 0u);
  EXPECT_FALSE(m.attachments[0].over_limit);
}

TEST(MimeCorpusTest, UnknownCharsetKeepsAsciiAndReplacesTheRest) {
  ParsedMail m = parsed("unknown_charset.eml");
  EXPECT_NE(m.text.find("plain ascii stays."), std::string::npos) << m.text;
  EXPECT_EQ(valid_utf8_or_replaced(m.text), m.text);
  EXPECT_EQ(valid_utf8_or_replaced(m.subject), m.subject);
}

TEST(MimeCorpusTest, MalformedBoundariesGiveAClearOutcome) {
  Result<ParsedMail> m = parse_mail(corpus("malformed_boundaries.eml"));
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  EXPECT_EQ(m->from_address, "broken@example.org");
}

TEST(MimeCorpusTest, AutomaticMailIsRecognised) {
  EXPECT_TRUE(parsed("auto_reply.eml").automatic);
  std::string bulk = "From: a@x.test\r\nPrecedence: bulk\r\nSubject: s\r\n\r\nb\r\n";
  EXPECT_TRUE(parse_mail(bulk)->automatic);
  std::string daemon = "From: MAILER-DAEMON@x.test\r\nSubject: s\r\n\r\nb\r\n";
  EXPECT_TRUE(parse_mail(daemon)->automatic);
  std::string human = "From: a@x.test\r\nAuto-Submitted: no\r\nSubject: s\r\n\r\nb\r\n";
  EXPECT_FALSE(parse_mail(human)->automatic);
}

TEST(MimeCorpusTest, NoFromAddressIsRefused) {
  Result<ParsedMail> m = parse_mail(corpus("no_from.eml"));
  ASSERT_FALSE(m.is_ok());
  EXPECT_EQ(m.status().code(), Code::kInvalidArgument);
  EXPECT_FALSE(parse_mail("").is_ok());
  // Found by fuzz/mime_fuzz.cc: an 8-bit address would go back out raw in an ASCII header.
  Result<ParsedMail> eight_bit = parse_mail("From: news@====\xc3\xbd===\r\nSubject: s\r\n\r\nb\r\n");
  ASSERT_FALSE(eight_bit.is_ok());
  EXPECT_EQ(eight_bit.status().message(), "From address is not ASCII");
  EXPECT_FALSE(parse_mail("\x00\x01\x02garbage").is_ok());
}

TEST(MimeCorpusTest, InternationalisedDomainIsKeptInItsAsciiForm) {
  // GMime hands the address back decoded ("ann@m\u00fcnchen.de"); a reply goes out in
  // an ASCII header, so the sender is kept as Punycode whichever form they wrote.
  for (const std::string domain : {"xn--mnchen-3ya.de", "m\xc3\xbcnchen.de", "XN--MNCHEN-3YA.DE"}) {
    Result<ParsedMail> m =
        parse_mail("From: Ann <ann@" + domain + ">\r\nReply-To: help@" + domain + "\r\nSubject: s\r\n\r\nb\r\n");
    ASSERT_TRUE(m.is_ok()) << domain << ": " << m.status().to_string();
    EXPECT_EQ(m->from_address, "ann@xn--mnchen-3ya.de");
    EXPECT_EQ(m->reply_to_address, "help@xn--mnchen-3ya.de");
  }
}

TEST(MimeCorpusTest, DomainThatWouldBeRewrittenOnReplyIsRefused) {
  // Found by fuzz/mime_fuzz.cc: "xn--exam" is not valid Punycode, and GMime writes a
  // reply to it as "xn--kxa5c", a different domain. Refuse rather than answer elsewhere.
  Result<ParsedMail> m = parse_mail("From:\xff\xff\xff\xff\xff\xff Zed <zed@xN--exam;--");
  ASSERT_FALSE(m.is_ok());
  EXPECT_EQ(m.status().message(), "no From address");
  // Found the same way: "new@" has no domain to reply to.
  for (const char* raw : {"From: new@\r\xc2\xa0", "From: new@\r\n\r\nb\r\n", "From: @x.test\r\n\r\nb\r\n"}) {
    Result<ParsedMail> no_domain = parse_mail(raw);
    EXPECT_FALSE(no_domain.is_ok()) << raw;
  }
}

TEST(MimeLimitsTest, OverLimitAttachmentKeepsItsSizeNotItsBytes) {
  std::string raw =
      "From: a@x.test\r\nSubject: big\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
      "Content-Type: text/plain\r\n\r\nbig one\r\n--b\r\nContent-Type: application/octet-stream\r\n"
      "Content-Disposition: attachment; filename=big.bin\r\n\r\n" +
      std::string(2048, 'x') + "\r\n--b--\r\n";
  MimeLimits limits;
  limits.max_attachment_bytes = 1024;
  Result<ParsedMail> m = parse_mail(raw, limits);
  ASSERT_TRUE(m.is_ok());
  ASSERT_EQ(m->attachments.size(), 1u);
  EXPECT_TRUE(m->attachments[0].over_limit);
  EXPECT_EQ(m->attachments[0].size, 2048u);
  EXPECT_TRUE(m->attachments[0].data.empty());
}

TEST(MimeLimitsTest, TenThousandPartsAreRefusedQuickly) {
  std::string raw = "From: a@x.test\r\nSubject: parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (int i = 0; i < 10'000; ++i) raw += "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n";
  raw += "--b--\r\n";
  const auto start = std::chrono::steady_clock::now();
  Result<ParsedMail> m = parse_mail(raw);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_FALSE(m.is_ok());
  EXPECT_EQ(m.status().message(), "too many MIME parts");
}

TEST(MimeLimitsTest, DeepNestingIsRefused) {
  std::string raw = "From: a@x.test\r\nSubject: deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n";
  for (int i = 1; i < 60; ++i) {
    raw += "--b" + std::to_string(i - 1) + "\r\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i) +
           "\r\n\r\n";
  }
  Result<ParsedMail> m = parse_mail(raw);
  ASSERT_FALSE(m.is_ok());
  EXPECT_EQ(m.status().message(), "MIME parts nested too deeply");
}

TEST(MimeLimitsTest, OneMegabyteHeaderIsRefused) {
  std::string raw = "From: a@x.test\r\nX-Big: " + std::string(1 << 20, 'a') + "\r\nSubject: s\r\n\r\nbody\r\n";
  Result<ParsedMail> m = parse_mail(raw);
  ASSERT_FALSE(m.is_ok());
  EXPECT_EQ(m.status().message(), "header block larger than the limit");
}

TEST(MimeLimitsTest, OversizeMessageIsRefused) {
  MimeLimits limits;
  limits.max_message_bytes = 100;
  EXPECT_FALSE(parse_mail("From: a@x.test\r\n\r\n" + std::string(200, 'x'), limits).is_ok());
}

TEST(MailTextTest, QuotedReplyTrimming) {
  EXPECT_EQ(without_quoted_reply("Yes.\n\nOn Tue, 1 Dec 2026, Help <h@x> wrote:\n> old\n"), "Yes.");
  EXPECT_EQ(without_quoted_reply("Yes.\nOn Tue, 1 Dec 2026 at 10:00, Help Desk\n<h@x> wrote:\n> old\n"), "Yes.");
  EXPECT_EQ(without_quoted_reply("Top.\n> a\n>\n> b\n"), "Top.");
  EXPECT_EQ(without_quoted_reply("> only a quote\n"), "> only a quote");
  EXPECT_EQ(without_quoted_reply("A > B is fine\nsecond line"), "A > B is fine\nsecond line");
  EXPECT_EQ(without_quoted_reply("Hi\nFrom: x\nDate: y\n\nold"), "Hi");
}

TEST(MailTextTest, Utf8Replacement) {
  EXPECT_EQ(valid_utf8_or_replaced("ok \xc3\xa6"), "ok \xc3\xa6");
  EXPECT_EQ(valid_utf8_or_replaced("a\xff"
                                   "b"),
            "a\xef\xbf\xbd"
            "b");
  EXPECT_EQ(valid_utf8_or_replaced("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate
  EXPECT_EQ(valid_utf8_or_replaced(std::string("a\0b", 3)), "ab");
}

}  // namespace
}  // namespace deskd::mail
