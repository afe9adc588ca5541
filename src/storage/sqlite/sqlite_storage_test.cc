#include "storage/sqlite/sqlite_storage.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <system_error>

#include "core/clock.h"
#include "storage/testing/chat_conformance.h"
#include "storage/testing/desk_conformance.h"
#include "storage/testing/sla_conformance.h"
#include "storage/testing/engage_conformance.h"
#include "storage/testing/insight_conformance.h"
#include "storage/testing/kb_conformance.h"
#include "storage/testing/personal_conformance.h"
#include "storage/testing/mail_conformance.h"
#include "storage/testing/storage_conformance.h"
#include "storage/testing/attachment_conformance.h"
#include "storage/testing/ticket_conformance.h"
#include "storage/testing/two_factor_conformance.h"
#include "storage/testing/api_key_conformance.h"
#include "storage/testing/webhook_conformance.h"

namespace deskd::storage::sqlite {
namespace {

using conformance::KbConformanceTest;
using conformance::StorageConformanceTest;
using conformance::StorageFactory;

std::filesystem::path fresh_db_path() {
  std::random_device rd;
  std::uniform_int_distribution<uint64_t> dist;
  return std::filesystem::temp_directory_path() / ("deskd-storage-" + std::to_string(dist(rd)) + ".db");
}

void remove_db_files(const std::filesystem::path& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ec);
}

// A Storage over a fresh temporary file that deletes the file when destroyed.
class TempFileStorage final : public Storage {
 public:
  TempFileStorage(std::filesystem::path path, std::unique_ptr<Storage> inner)
      : path_(std::move(path)), inner_(std::move(inner)) {}
  ~TempFileStorage() override {
    inner_.reset();
    remove_db_files(path_);
  }
  PeopleStore& people() override { return inner_->people(); }
  SessionStore& sessions() override { return inner_->sessions(); }
  SettingsStore& settings() override { return inner_->settings(); }
  AuditStore& audit() override { return inner_->audit(); }
  RememberStore& remember() override { return inner_->remember(); }
  OutboxStore& outbox() override { return inner_->outbox(); }
  PasswordResetStore& password_resets() override { return inner_->password_resets(); }
  KbStore& kb() override { return inner_->kb(); }
  PageViewStore& page_views() override { return inner_->page_views(); }
  FeedbackStore& feedback() override { return inner_->feedback(); }
  TicketStore& tickets() override { return inner_->tickets(); }
  ChatStore& chats() override { return inner_->chats(); }
  MailStore& mail() override { return inner_->mail(); }
  ContentRevisionStore& content_revisions() override { return inner_->content_revisions(); }
  InsightStore& insights() override { return inner_->insights(); }
  TwoFactorStore& two_factor() override { return inner_->two_factor(); }
  ApiKeyStore& api_keys() override { return inner_->api_keys(); }
  WebhookStore& webhooks() override { return inner_->webhooks(); }
  AttachmentStore& attachments() override { return inner_->attachments(); }
  DeskStore& desk() override { return inner_->desk(); }
  SlaStore& sla() override { return inner_->sla(); }
  NotifyStore& notify() override { return inner_->notify(); }
  PersonalSqlAccess& personal_sql() override { return inner_->personal_sql(); }
  std::string_view backend() const override { return inner_->backend(); }

 private:
  std::filesystem::path path_;
  std::unique_ptr<Storage> inner_;
};

std::unique_ptr<Storage> make_fresh_sqlite() {
  static const ManualClock kClock;
  std::filesystem::path path = fresh_db_path();
  Result<std::unique_ptr<Storage>> storage = open_sqlite_storage(path.string(), kClock);
  if (!storage) {
    ADD_FAILURE() << storage.status().to_string();
    remove_db_files(path);
    return nullptr;
  }
  return std::make_unique<TempFileStorage>(path, std::move(*storage));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StorageConformanceTest, ::testing::Values(StorageFactory{"sqlite", make_fresh_sqlite}),
                         conformance::storage_factory_name);
INSTANTIATE_TEST_SUITE_P(Sqlite, KbConformanceTest, ::testing::Values(StorageFactory{"sqlite", make_fresh_sqlite}),
                         conformance::storage_factory_name);

TEST(SqliteStorage, IsNamedSqliteAndStampsTimesFromItsClock) {
  ManualClock clock(1'700'000'000'123);
  std::filesystem::path path = fresh_db_path();
  {
    Result<std::unique_ptr<Storage>> storage = open_sqlite_storage(path.string(), clock);
    ASSERT_TRUE(storage.is_ok()) << storage.status().to_string();
    EXPECT_EQ((*storage)->backend(), "sqlite");
    NewPerson p;
    p.email = "clock@example.com";
    Result<Person> created = (*storage)->people().create(p);
    ASSERT_TRUE(created.is_ok());
    EXPECT_EQ(created->created_ms, 1'700'000'000'123);
  }
  remove_db_files(path);
}

TEST(SqliteStorage, DataSurvivesReopen) {
  std::filesystem::path path = fresh_db_path();
  {
    Result<std::unique_ptr<Storage>> storage = open_sqlite_storage(path.string());
    ASSERT_TRUE(storage.is_ok()) << storage.status().to_string();
    ASSERT_TRUE((*storage)->settings().put("i18n.default", "da").is_ok());
  }
  {
    Result<std::unique_ptr<Storage>> storage = open_sqlite_storage(path.string());
    ASSERT_TRUE(storage.is_ok()) << storage.status().to_string();
    Result<std::map<std::string, std::string>> all = (*storage)->settings().load_all();
    ASSERT_TRUE(all.is_ok());
    EXPECT_EQ(all->at("i18n.default"), "da");
  }
  remove_db_files(path);
}

TEST(SqliteStorage, UnopenablePathIsAStatus) {
  Result<std::unique_ptr<Storage>> storage = open_sqlite_storage("/nonexistent-deskd-dir/sub/deskd.db");
  ASSERT_FALSE(storage.is_ok());
  EXPECT_EQ(storage.status().code(), Code::kInternal);
}

}  // namespace
}  // namespace deskd::storage::sqlite
