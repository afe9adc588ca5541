#include "storage/sqlite/sqlite_storage.h"

#include "storage/sqlite/attachment_store.h"
#include "storage/sqlite/audit_store.h"
#include "storage/sqlite/chat_store.h"
#include "storage/sqlite/content_revision_store.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/desk_store.h"
#include "storage/sqlite/feedback_store.h"
#include "storage/sqlite/insight_store.h"
#include "storage/sqlite/kb_fold_tokenizer.h"
#include "storage/sqlite/kb_store.h"
#include "storage/sqlite/mail_store.h"
#include "storage/sqlite/outbox_store.h"
#include "storage/sqlite/page_view_store.h"
#include "storage/sqlite/password_reset_store.h"
#include "storage/sqlite/people_store.h"
#include "storage/sqlite/personal_sql.h"
#include "storage/sqlite/remember_store.h"
#include "storage/sqlite/session_store.h"
#include "storage/sqlite/settings_store.h"
#include "storage/sqlite/sla_store.h"
#include "storage/sqlite/mail_store.h"
#include "storage/sqlite/ticket_store.h"
#include "storage/sqlite/two_factor_store.h"
#include "storage/sqlite/api_key_store.h"
#include "storage/sqlite/webhook_store.h"

namespace deskd::storage::sqlite {
namespace {

// Owns the Database; the stores borrow it and are destroyed first.
class SqliteStorage final : public Storage {
 public:
  explicit SqliteStorage(std::unique_ptr<Database> db)
      : db_(std::move(db)),
        people_(*db_),
        sessions_(*db_),
        settings_(*db_),
        audit_(*db_),
        remember_(*db_),
        outbox_(*db_),
        password_resets_(*db_),
        revisions_(*db_),
        kb_(*db_, revisions_),
        page_views_(*db_),
        feedback_(*db_, revisions_),
        tickets_(*db_),
        chats_(*db_),
        insights_(*db_),
        two_factor_(*db_),
        api_keys_(*db_),
        webhooks_(*db_),
        attachments_(*db_),
        desk_(*db_),
        sla_(*db_),
        notify_(*db_),
        personal_sql_(*db_),
        mail_(*db_) {}

  PeopleStore& people() override { return people_; }
  SessionStore& sessions() override { return sessions_; }
  SettingsStore& settings() override { return settings_; }
  AuditStore& audit() override { return audit_; }
  RememberStore& remember() override { return remember_; }
  OutboxStore& outbox() override { return outbox_; }
  PasswordResetStore& password_resets() override { return password_resets_; }
  KbStore& kb() override { return kb_; }
  PageViewStore& page_views() override { return page_views_; }
  FeedbackStore& feedback() override { return feedback_; }
  TicketStore& tickets() override { return tickets_; }
  ChatStore& chats() override { return chats_; }
  MailStore& mail() override { return mail_; }
  ContentRevisionStore& content_revisions() override { return revisions_; }
  InsightStore& insights() override { return insights_; }
  TwoFactorStore& two_factor() override { return two_factor_; }
  ApiKeyStore& api_keys() override { return api_keys_; }
  WebhookStore& webhooks() override { return webhooks_; }
  AttachmentStore& attachments() override { return attachments_; }
  DeskStore& desk() override { return desk_; }
  SlaStore& sla() override { return sla_; }
  NotifyStore& notify() override { return notify_; }
  PersonalSqlAccess& personal_sql() override { return personal_sql_; }
  std::string_view backend() const override { return "sqlite"; }
  std::vector<BackendMetric> metrics() override {
    Database* db = db_.get();
    auto count = [db](uint64_t CheckpointCounts::*field) {
      return [db, field] { return static_cast<double>(db->checkpoint_counts().*field); };
    };
    return {
        {"deskd_sqlite_wal_bytes", "Size of the SQLite WAL file.",
         [db] { return static_cast<double>(db->wal_bytes()); }},
        {"deskd_sqlite_memory_bytes",
         "Heap SQLite holds (page caches, schemas, statements); its page caches are bounded by "
         "Database::kMaxConnections x PRAGMA cache_size.",
         [] { return static_cast<double>(sqlite3_memory_used()); }},
        {"deskd_sqlite_checkpoints_passive_total", "Background PASSIVE WAL checkpoints.",
         count(&CheckpointCounts::passive), true},
        {"deskd_sqlite_checkpoints_truncate_total",
         "Background TRUNCATE WAL checkpoints (WAL over its limit, pool idle).", count(&CheckpointCounts::truncated),
         true},
        {"deskd_sqlite_checkpoints_busy_total", "Background WAL checkpoints that found readers or a writer in the way.",
         count(&CheckpointCounts::busy), true},
        {"deskd_sqlite_checkpoints_failed_total", "Background WAL checkpoints that failed (logged).",
         count(&CheckpointCounts::failed), true},
        {"deskd_storage_unreadable_values_total",
         "Stored values no enum names (rows read as an error, logged; see docs/operations.md).",
         [] { return static_cast<double>(unreadable_stored_values()); }, true},
    };
  }

 private:
  std::unique_ptr<Database> db_;
  SqlitePeopleStore people_;
  SqliteSessionStore sessions_;
  SqliteSettingsStore settings_;
  SqliteAuditStore audit_;
  SqliteRememberStore remember_;
  SqliteOutboxStore outbox_;
  SqlitePasswordResetStore password_resets_;
  SqliteContentRevisions revisions_;
  SqliteKbStore kb_;
  SqlitePageViewStore page_views_;
  SqliteFeedbackStore feedback_;
  SqliteTicketStore tickets_;
  SqliteChatStore chats_;
  SqliteInsightStore insights_;
  SqliteTwoFactorStore two_factor_;
  SqliteApiKeyStore api_keys_;
  SqliteWebhookStore webhooks_;
  SqliteAttachmentStore attachments_;
  SqliteDeskStore desk_;
  SqliteSlaStore sla_;
  SqliteNotifyStore notify_;
  SqlitePersonalSql personal_sql_;
  SqliteMailStore mail_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_database(const std::string& path, const Clock& clock, DatabaseOptions options) {
  options.on_connect = [setup = std::move(options.on_connect)](sqlite3* db) {
    if (setup) {
      if (Status s = setup(db); !s.is_ok()) return s;
    }
    return register_kb_fold_tokenizer(db);
  };
  return Database::open(path, clock, embedded_migrations(), std::move(options));
}

Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path, const Clock& clock,
                                                     DatabaseOptions options) {
  Result<std::unique_ptr<Database>> db = open_database(path, clock, std::move(options));
  if (!db) return db.status();
  return Result<std::unique_ptr<Storage>>(std::make_unique<SqliteStorage>(std::move(*db)));
}

Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path) {
  static const SystemClock kSystemClock;
  return open_sqlite_storage(path, kSystemClock);
}

}  // namespace deskd::storage::sqlite
