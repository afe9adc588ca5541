// The intake against a real SQLite storage and the real catalogs: threading,
// duplicates, acknowledgements and the quarantine, as the stored rows show them.
#include "inbox/intake.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/random.h"
#include "storage/sqlite/sqlite_storage.h"

namespace deskd::inbox {
namespace {

std::string mail(std::string_view from, std::string_view subject, std::string_view body, std::string_view id,
                 std::string_view extra = "") {
  return "From: " + std::string(from) + "\r\nTo: support@help.test\r\nSubject: " + std::string(subject) +
         "\r\nMessage-ID: <" + std::string(id) + ">\r\n" + std::string(extra) +
         "Content-Type: text/plain; charset=utf-8\r\n\r\n" + std::string(body) + "\r\n";
}

class IntakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("deskd-intake-" + std::to_string(rd()) + ".db");
    auto s = storage::sqlite::open_sqlite_storage(path_.string(), clock_);
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    storage_ = std::move(*s);
    const char* web = std::getenv("DESKD_WEB_DIR");
    ASSERT_NE(web, nullptr);
    auto c = i18n::Catalogs::load(std::string(web) + "/locales", {"en", "da", "de"}, "en");
    ASSERT_TRUE(c.is_ok()) << c.status().to_string();
    catalogs_ = std::make_unique<i18n::Catalogs>(std::move(*c));
    options_.public_url = "https://help.test";
    options_.from = "Helpdesk <help@help.test>";
    options_.reply_address = "support@help.test";
  }
  void TearDown() override {
    storage_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }

  IntakeResult take(const std::string& raw) {
    IntakeDeps deps{*storage_, *catalogs_, clock_, random_};
    Result<IntakeResult> r = receive(deps, options_, raw, storage::MailSource::kPipe);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? *r : IntakeResult{};
  }
  std::vector<storage::TicketMessage> messages(const std::string& ref) {
    auto t = storage_->tickets().find_by_ref(ref);
    EXPECT_TRUE(t.is_ok());
    return t.is_ok() ? *storage_->tickets().messages(t->id) : std::vector<storage::TicketMessage>{};
  }
  std::vector<storage::OutboxMail> outbox() { return *storage_->outbox().pending(100); }

  std::filesystem::path path_;
  ManualClock clock_;
  SeededRandom random_{42};
  std::unique_ptr<storage::Storage> storage_;
  std::unique_ptr<i18n::Catalogs> catalogs_;
  IntakeOptions options_;
};

TEST_F(IntakeTest, NewSenderOpensAGuestTicketAndIsAcknowledgedWithALink) {
  IntakeResult r = take(mail("Ann <Ann@Example.org>", "Printer", "It is broken.", "a1@example.org"));
  EXPECT_EQ(r.outcome, Outcome::kNewTicket);
  EXPECT_TRUE(r.acknowledged);
  auto t = storage_->tickets().find_by_ref(r.ticket_ref);
  ASSERT_TRUE(t.is_ok());
  EXPECT_EQ(t->requester_email, "ann@example.org");
  EXPECT_EQ(t->requester_name, "Ann");
  EXPECT_FALSE(t->person_id.has_value());
  EXPECT_EQ(messages(r.ticket_ref)[0].body, "It is broken.");
  auto out = outbox();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].to, "ann@example.org");
  EXPECT_EQ(out[0].kind, "ticket_mail_ack");
  EXPECT_TRUE(out[0].subject.starts_with("[#" + r.ticket_ref + "] ")) << out[0].subject;
  EXPECT_EQ(out[0].in_reply_to, "<a1@example.org>");
  EXPECT_EQ(out[0].references, "<a1@example.org>");
  EXPECT_EQ(out[0].reply_to, "support@help.test");
  const std::string link = "https://help.test/tickets/" + r.ticket_ref + "?access=";
  const size_t at = out[0].body.find(link);
  ASSERT_NE(at, std::string::npos) << out[0].body;
  const std::string token = out[0].body.substr(at + link.size(), 43);
  EXPECT_EQ(storage_->tickets().find_by_access_token(hash_hex(token))->ref, r.ticket_ref);
}

TEST_F(IntakeTest, SameMessageIdTwiceIsOneMessage) {
  const std::string raw = mail("b@example.org", "Hi", "once", "dup@example.org");
  IntakeResult first = take(raw);
  IntakeResult second = take(raw);
  EXPECT_EQ(second.outcome, Outcome::kDuplicate);
  EXPECT_EQ(second.ticket_ref, first.ticket_ref);
  EXPECT_EQ(messages(first.ticket_ref).size(), 1u);
  EXPECT_EQ(outbox().size(), 1u);
}

TEST_F(IntakeTest, ReplyByHeadersJoinsAndTrimsTheQuote) {
  IntakeResult first = take(mail("c@example.org", "Export", "How?", "c1@example.org"));
  const std::string ack = outbox()[0].message_id;
  IntakeResult reply = take(mail("c@example.org", "Re: anything", "Found it.\r\n\r\nOn Mon, Helpdesk wrote:\r\n> How?",
                                 "c2@example.org", "In-Reply-To: " + ack + "\r\n"));
  EXPECT_EQ(reply.outcome, Outcome::kReply);
  EXPECT_EQ(reply.ticket_ref, first.ticket_ref);
  auto msgs = messages(first.ticket_ref);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[1].body, "Found it.");
  EXPECT_EQ(outbox().size(), 1u) << "replies are not acknowledged";
  // References alone (newest first) find it too, even from another address.
  IntakeResult cc = take(mail("colleague@example.org", "Re: Export", "+1", "c3@example.org",
                              "References: <unknown@x> <c2@example.org>\r\n"));
  EXPECT_EQ(cc.outcome, Outcome::kReply);
  EXPECT_EQ(cc.ticket_ref, first.ticket_ref);
}

TEST_F(IntakeTest, SubjectTagJoinsOnlyForRequesterOrParticipant) {
  IntakeResult owner = take(mail("d@example.org", "Printer", "broken", "d1@example.org"));
  const std::string tag = "Re: [#" + owner.ticket_ref + "] Printer";
  IntakeResult stranger = take(mail("e@example.org", tag, "me too", "e1@example.org"));
  EXPECT_EQ(stranger.outcome, Outcome::kNewTicket);
  EXPECT_NE(stranger.ticket_ref, owner.ticket_ref);
  IntakeResult again = take(mail("D@Example.org", tag, "still broken", "d2@example.org"));
  EXPECT_EQ(again.outcome, Outcome::kReply);
  EXPECT_EQ(again.ticket_ref, owner.ticket_ref);
  // The stranger who joined by headers is a participant from then on.
  take(mail("e@example.org", "Re: x", "cc reply", "e2@example.org", "In-Reply-To: <d1@example.org>\r\n"));
  IntakeResult tagged = take(mail("e@example.org", tag, "by tag now", "e3@example.org"));
  EXPECT_EQ(tagged.outcome, Outcome::kReply);
  EXPECT_EQ(tagged.ticket_ref, owner.ticket_ref);
}

TEST_F(IntakeTest, AutomaticMailIsNotAcknowledgedAndAcksAreCappedPerSender) {
  take(mail("robot@example.org", "Away", "ooo", "r1@example.org", "Auto-Submitted: auto-replied\r\n"));
  take(mail("help@help.test", "Loop", "our own mail", "r2@example.org"));
  EXPECT_TRUE(outbox().empty());
  for (int i = 0; i < kAcksPerSenderPerHour + 2; ++i) {
    take(mail("many@example.org", "n" + std::to_string(i), "x", "m" + std::to_string(i) + "@example.org"));
  }
  EXPECT_EQ(outbox().size(), static_cast<size_t>(kAcksPerSenderPerHour));
  clock_.advance_s(3601);
  EXPECT_TRUE(take(mail("many@example.org", "later", "x", "m-later@example.org")).acknowledged);
}

TEST_F(IntakeTest, UnparseableMailIsQuarantinedAndReprocessableAfterwards) {
  IntakeResult r = take("Subject: no sender\r\n\r\nbody\r\n");
  EXPECT_EQ(r.outcome, Outcome::kQuarantined);
  EXPECT_EQ(r.reason, "no From address");
  auto q = storage_->mail().quarantined(10);
  ASSERT_TRUE(q.is_ok());
  ASSERT_EQ(q->size(), 1u);
  EXPECT_EQ((*q)[0].raw, "Subject: no sender\r\n\r\nbody\r\n");
  IntakeDeps deps{*storage_, *catalogs_, clock_, random_};
  EXPECT_EQ(process(deps, options_, (*q)[0].raw).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(storage_->mail().quarantined(10)->size(), 1u) << "process() never quarantines";
}

// Files of a mail (inline images and winmail.dat included) are stored with
// the ticket message, once by SHA-256; the body does not repeat them.
TEST_F(IntakeTest, AttachmentsAreStoredWithTheMessage) {
  const std::string raw =
      "From: f@example.org\r\nSubject: files\r\nMessage-ID: <f1@example.org>\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee file\r\n"
      "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"..\\\\x\r\n a.pdf\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n"
      "--b\r\nContent-Type: application/ms-tnef; name=winmail.dat\r\nContent-Disposition: attachment\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\neJ8+IgAA\r\n--b--\r\n";
  IntakeResult r = take(raw);
  ASSERT_EQ(r.outcome, Outcome::kNewTicket);
  const auto msgs = messages(r.ticket_ref);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, "see file");
  auto files = storage_->attachments().list_for_ticket(msgs[0].ticket_id);
  ASSERT_TRUE(files.is_ok());
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].message_id, msgs[0].id);
  EXPECT_EQ((*files)[0].filename.find_first_of("\r\n\\/"), std::string::npos) << (*files)[0].filename;
  EXPECT_EQ((*files)[0].content_type, "application/pdf");
  EXPECT_EQ((*files)[0].sha256, sha256_hex("%PDF"));
  EXPECT_EQ((*files)[1].filename, "winmail.dat");
  EXPECT_EQ((*files)[1].content_type, "application/ms-tnef");
  EXPECT_EQ(*storage_->attachments().content((*files)[1].sha256), std::string("x\x9f>\"\0\0", 6));

  // The same mail again (a crash after commit, an MTA retry): nothing doubles.
  EXPECT_EQ(take(raw).outcome, Outcome::kDuplicate);
  EXPECT_EQ(storage_->attachments().list_for_ticket(msgs[0].ticket_id)->size(), 2u);
}

// tickets.attachment_max_bytes (as stored now) drops a larger file with a
// note on the message; the mail and the smaller files are kept.
TEST_F(IntakeTest, OverLimitAttachmentIsDroppedWithANote) {
  ASSERT_TRUE(storage_->settings().put("tickets.attachment_max_bytes", "10").is_ok());
  const std::string raw =
      "From: f@example.org\r\nSubject: big\r\nMessage-ID: <big1@example.org>\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhere\r\n"
      "--b\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=big.csv\r\n\r\n"
      "0123456789abcdef\r\n"
      "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=small.txt\r\n\r\nsmall\r\n"
      "--b--\r\n";
  IntakeResult r = take(raw);
  ASSERT_EQ(r.outcome, Outcome::kNewTicket);
  const auto msgs = messages(r.ticket_ref);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_NE(msgs[0].body.find("here"), std::string::npos);
  EXPECT_NE(msgs[0].body.find("[attachment over the size limit, not kept: big.csv, 16 bytes]"), std::string::npos)
      << msgs[0].body;
  auto files = storage_->attachments().list_for_ticket(msgs[0].ticket_id);
  ASSERT_TRUE(files.is_ok());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].filename, "small.txt");
}

}  // namespace
}  // namespace deskd::inbox
