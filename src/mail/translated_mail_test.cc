// queue_translated_mail and its language rule against the real catalogs and a
// real SQLite outbox.
#include "mail/translated_mail.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "storage/sqlite/sqlite_storage.h"

namespace deskd::mail {
namespace {

class TranslatedMailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* web = std::getenv("DESKD_WEB_DIR");
    ASSERT_NE(web, nullptr);
    auto c = i18n::Catalogs::load(std::string(web) + "/locales", {"en", "da", "de"}, "da");
    ASSERT_TRUE(c.is_ok()) << c.status().to_string();
    catalogs_ = std::make_unique<i18n::Catalogs>(std::move(*c));
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("deskd-translated-" + std::to_string(rd()) + ".db");
    auto s = storage::sqlite::open_sqlite_storage(path_.string(), clock_);
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    storage_ = std::move(*s);
  }
  void TearDown() override {
    storage_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }

  ManualClock clock_;
  std::unique_ptr<i18n::Catalogs> catalogs_;
  std::filesystem::path path_;
  std::unique_ptr<storage::Storage> storage_;
};

// The recipient's stored language wins; without one (or one the site does not
// offer) the site default -- never the language of whoever triggered the mail.
TEST_F(TranslatedMailTest, RecipientLanguageIsTheStoredOneElseTheSiteDefault) {
  EXPECT_EQ(recipient_language(*catalogs_, "de"), "de");
  EXPECT_EQ(recipient_language(*catalogs_, "en"), "en");
  EXPECT_EQ(recipient_language(*catalogs_, ""), "da");
  EXPECT_EQ(recipient_language(*catalogs_, "fr"), "da");
  EXPECT_EQ(recipient_language(*catalogs_, "../en"), "da");
}

TEST_F(TranslatedMailTest, ComposesInTheLanguageAppliesAdjustAndEnqueues) {
  TranslatedMail m{"ann@example.com", "remember_theft", "mail.theft", recipient_language(*catalogs_, "de"),
                   {{"ip", "203.0.113.9"}}};
  Status s = queue_translated_mail(storage_->outbox(), *catalogs_, clock_, m,
                                   [](storage::OutboxMail& out) { out.reply_to = "support@example.com"; });
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  auto pending = storage_->outbox().pending(10);
  ASSERT_TRUE(pending.is_ok());
  ASSERT_EQ(pending->size(), 1u);
  const storage::OutboxMail& out = (*pending)[0];
  EXPECT_EQ(out.to, "ann@example.com");
  EXPECT_EQ(out.kind, "remember_theft");
  EXPECT_EQ(out.subject, catalogs_->text("de", "mail.theft.subject"));
  EXPECT_NE(out.subject, catalogs_->text("en", "mail.theft.subject"));
  EXPECT_NE(out.body.find("203.0.113.9"), std::string::npos) << out.body;
  EXPECT_EQ(out.reply_to, "support@example.com");
  EXPECT_EQ(out.created_ms, clock_.now_ms());
}

TEST_F(TranslatedMailTest, AFailedEnqueueIsReturned) {
  TranslatedMail m{"", "remember_theft", "mail.theft", "en", {}};  // no recipient: the outbox refuses
  EXPECT_EQ(queue_translated_mail(storage_->outbox(), *catalogs_, clock_, m).code(), Code::kInvalidArgument);
  EXPECT_TRUE(storage_->outbox().pending(10)->empty());
}

}  // namespace
}  // namespace deskd::mail
