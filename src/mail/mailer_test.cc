#include "mail/mailer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <vector>

#include "core/clock.h"
#include "core/degraded.h"
#include "core/random.h"
#include "mail/mime_parser.h"
#include "storage/sqlite/sqlite_storage.h"

namespace deskd::mail {
namespace {

// Records every send; fails while `failing` is set.
class FakeSender final : public Sender {
 public:
  Status send(const Envelope& e, std::string_view message) override {
    ++calls;
    if (failing) return unavailable("connection refused");
    sent.push_back({std::string(e.from), std::string(e.to), std::string(message)});
    return Status::ok();
  }
  struct Sent {
    std::string from, to, message;
  };
  std::vector<Sent> sent;
  int calls = 0;
  bool failing = false;
};

class MailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("deskd-mailer-" + std::to_string(rd()) + ".db");
    auto s = storage::sqlite::open_sqlite_storage(path_.string(), clock_);
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    storage_ = std::move(*s);
  }
  void TearDown() override {
    storage_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  int64_t enqueue(const std::string& to, const std::string& subject) {
    storage::OutboxMail m;
    m.created_ms = clock_.now_ms();
    m.to = to;
    m.subject = subject;
    m.body = "body of " + subject;
    m.kind = "test";
    EXPECT_TRUE(storage_->outbox().enqueue(m).is_ok());
    return m.id;
  }
  storage::OutboxMail mail(int64_t id) {
    auto recent = storage_->outbox().recent(100);
    for (auto& m : *recent)
      if (m.id == id) return m;
    ADD_FAILURE() << "no mail " << id;
    return {};
  }
  MailerOptions options() {
    MailerOptions o;
    o.from = "Helpdesk <help@example.com>";
    o.base_backoff_ms = 1'000;
    o.max_backoff_ms = 8'000;
    return o;
  }

  ManualClock clock_;
  SeededRandom random_{7};
  std::filesystem::path path_;
  std::unique_ptr<storage::Storage> storage_;
  FakeSender sender_;
};

TEST_F(MailerTest, SendsPendingMailsOldestFirstAndMarksThemSent) {
  const int64_t a = enqueue("a@example.com", "first");
  const int64_t b = enqueue("b@example.com", "second");
  Mailer mailer(storage_->outbox(), sender_, clock_, random_, options());
  EXPECT_EQ(mailer.drain_once(), 2u);
  ASSERT_EQ(sender_.sent.size(), 2u);
  EXPECT_EQ(sender_.sent[0].to, "a@example.com");
  EXPECT_EQ(sender_.sent[0].from, "help@example.com");
  EXPECT_NE(sender_.sent[0].message.find("From: Helpdesk <help@example.com>\r\n"), std::string::npos);
  EXPECT_NE(sender_.sent[0].message.find("Subject: first\r\n"), std::string::npos);
  EXPECT_NE(sender_.sent[0].message.find("@example.com>\r\n"), std::string::npos);  // Message-ID domain
  EXPECT_EQ(sender_.sent[1].to, "b@example.com");
  EXPECT_EQ(mail(a).sent_ms, clock_.now_ms());
  EXPECT_EQ(mail(b).sent_ms, clock_.now_ms());
  EXPECT_EQ(mailer.drain_once(), 0u);
  EXPECT_EQ(sender_.calls, 2);
}

TEST_F(MailerTest, FailedMailIsRetriedWithDoublingBackoff) {
  const int64_t id = enqueue("a@example.com", "flaky");
  Mailer mailer(storage_->outbox(), sender_, clock_, random_, options());
  sender_.failing = true;
  EXPECT_EQ(mailer.drain_once(), 0u);
  EXPECT_EQ(mail(id).attempts, 1);
  EXPECT_EQ(mail(id).last_error, "connection refused");
  clock_.advance_ms(999);
  mailer.drain_once();
  EXPECT_EQ(sender_.calls, 1) << "retried before the 1 s backoff";
  clock_.advance_ms(1);
  mailer.drain_once();
  EXPECT_EQ(sender_.calls, 2);
  clock_.advance_ms(1'999);
  mailer.drain_once();
  EXPECT_EQ(sender_.calls, 2) << "second backoff is 2 s";
  sender_.failing = false;
  clock_.advance_ms(1);
  EXPECT_EQ(mailer.drain_once(), 1u);
  EXPECT_GT(mail(id).sent_ms, 0);
  EXPECT_EQ(mail(id).attempts, 2);
}

TEST_F(MailerTest, GivesUpAfterTenAttempts) {
  const int64_t id = enqueue("a@example.com", "doomed");
  Mailer mailer(storage_->outbox(), sender_, clock_, random_, options());
  sender_.failing = true;
  const uint64_t failed_before = degraded_count(Degraded::kMailSendFailed);
  const uint64_t given_up_before = degraded_count(Degraded::kMailGivenUp);
  for (int i = 0; i < 30; ++i) {
    mailer.drain_once();
    clock_.advance_ms(10'000);
  }
  EXPECT_EQ(sender_.calls, Mailer::kMaxAttempts);
  EXPECT_EQ(mail(id).attempts, Mailer::kMaxAttempts);
  EXPECT_EQ(mail(id).sent_ms, 0);
  EXPECT_EQ(degraded_count(Degraded::kMailSendFailed), failed_before + Mailer::kMaxAttempts);
  EXPECT_EQ(degraded_count(Degraded::kMailGivenUp), given_up_before + 1);
}

TEST_F(MailerTest, SentMailsCountNothingDegraded) {
  enqueue("a@example.com", "fine");
  const uint64_t failed_before = degraded_count(Degraded::kMailSendFailed);
  const uint64_t outbox_before = degraded_count(Degraded::kMailOutboxFailed);
  Mailer mailer(storage_->outbox(), sender_, clock_, random_, options());
  EXPECT_EQ(mailer.drain_once(), 1u);
  EXPECT_EQ(degraded_count(Degraded::kMailSendFailed), failed_before);
  EXPECT_EQ(degraded_count(Degraded::kMailOutboxFailed), outbox_before);
}

TEST_F(MailerTest, BackgroundThreadDrainsAndStopDrainsOnceMore) {
  Mailer mailer(storage_->outbox(), sender_, clock_, random_, [&] {
    MailerOptions o = options();
    o.interval_ms = 3'600'000;  // the thread never wakes on its own during the test
    return o;
  }());
  mailer.start();
  enqueue("late@example.com", "queued just before shutdown");
  mailer.stop();
  ASSERT_EQ(sender_.sent.size(), 1u);
  EXPECT_EQ(sender_.sent[0].to, "late@example.com");
  mailer.stop();  // idempotent
}

// A mail's attachment_ids go out as MIME parts read from the attachment
// store when it is sent; a non-ASCII name is RFC 2231-encoded and comes back
// intact through the parser; an attachment deleted since is left out.
TEST_F(MailerTest, AttachmentsAreReadFromTheStoreWhenSent) {
  storage::NewTicket spec;
  spec.ref = "FILE-0001";
  spec.requester_name = "Ann";
  spec.requester_email = "ann@example.com";
  spec.subject = "files";
  spec.body = "see";
  spec.created_ms = 1000;
  auto t = storage_->tickets().create(spec);
  ASSERT_TRUE(t.is_ok()) << t.status().to_string();
  const int64_t message_id = (*storage_->tickets().messages(t->id))[0].id;
  const std::string pdf("%PDF-1.4\0\xff\xfe binary", 18);
  auto files = storage_->attachments().add(
      message_id, {{"Übersicht März.pdf", "application/pdf", "", pdf}, {"notes.txt", "text/plain", "", "line\n"}},
      1000);
  ASSERT_TRUE(files.is_ok()) << files.status().to_string();

  storage::OutboxMail m;
  m.created_ms = clock_.now_ms();
  m.to = "ann@example.com";
  m.subject = "reply";
  m.body = "here they are";
  m.kind = "ticket_reply";
  m.attachment_ids = {(*files)[0].id, 999999, (*files)[1].id};  // 999999: deleted since
  ASSERT_TRUE(storage_->outbox().enqueue(m).is_ok());
  EXPECT_EQ(mail(m.id).attachment_ids, m.attachment_ids) << "the ids survive the outbox";

  MailerOptions o = options();
  o.attachments = &storage_->attachments();
  Mailer mailer(storage_->outbox(), sender_, clock_, random_, o);
  EXPECT_EQ(mailer.drain_once(), 1u);
  ASSERT_EQ(sender_.sent.size(), 1u);
  const std::string& raw = sender_.sent[0].message;
  // RFC 2231 (GMime picks the smallest charset that holds the name).
  EXPECT_NE(raw.find("filename*=iso-8859-1''%DCbersicht%20M%E4rz.pdf"), std::string::npos) << raw;
  Result<ParsedMail> parsed = parse_mail(raw);
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->text, "here they are");
  ASSERT_EQ(parsed->attachments.size(), 2u);
  EXPECT_EQ(parsed->attachments[0].filename, "Übersicht März.pdf");
  EXPECT_EQ(parsed->attachments[0].content_type, "application/pdf");
  EXPECT_EQ(parsed->attachments[0].data, pdf);
  EXPECT_EQ(parsed->attachments[1].filename, "notes.txt");
  EXPECT_EQ(parsed->attachments[1].data, "line\n");
}

}  // namespace
}  // namespace deskd::mail
