#include "storage/postgres/pg_storage.h"

#include "storage/postgres/account_stores.h"
#include "storage/postgres/attachment_store.h"
#include "storage/postgres/chat_store.h"
#include "storage/postgres/content_revision_store.h"
#include "storage/postgres/desk_store.h"
#include "storage/postgres/feedback_store.h"
#include "storage/postgres/insight_store.h"
#include "storage/postgres/kb_store.h"
#include "storage/postgres/mail_store.h"
#include "storage/postgres/page_view_store.h"
#include "storage/postgres/people_store.h"
#include "storage/postgres/personal_sql.h"
#include "storage/postgres/session_store.h"
#include "storage/postgres/sla_store.h"
#include "storage/postgres/ticket_store.h"
#include "storage/postgres/two_factor_store.h"
#include "storage/postgres/api_key_store.h"
#include "storage/postgres/webhook_store.h"

namespace deskd::storage::postgres {
namespace {

// Owns the Database; the stores borrow it and are destroyed first.
class PgStorage final : public Storage {
 public:
  explicit PgStorage(std::unique_ptr<Database> db)
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
  std::string_view backend() const override { return "postgres"; }
  std::vector<BackendMetric> metrics() override {
    Database* db = db_.get();
    auto gauge = [db](int64_t PoolCounts::*field) {
      return [db, field] { return static_cast<double>(db->pool_counts().*field); };
    };
    auto count = [db](uint64_t PoolCounts::*field) {
      return [db, field] { return static_cast<double>(db->pool_counts().*field); };
    };
    return {
        {"deskd_postgres_connections_open", "PostgreSQL connections open (leased or idle).", gauge(&PoolCounts::open)},
        {"deskd_postgres_connections_leased", "PostgreSQL connections in use.", gauge(&PoolCounts::leased)},
        {"deskd_postgres_pool_waits_total", "Leases that waited for a free PostgreSQL connection.",
         count(&PoolCounts::waits), true},
        {"deskd_postgres_pool_timeouts_total", "Leases that gave up waiting for a connection (answered Unavailable).",
         count(&PoolCounts::timeouts), true},
        {"deskd_postgres_connections_broken_total", "PostgreSQL connections closed because the server was gone.",
         count(&PoolCounts::broken), true},
        {"deskd_postgres_connect_failures_total", "Failed attempts to open a PostgreSQL connection.",
         count(&PoolCounts::connect_failures), true},
        {"deskd_storage_unreadable_values_total",
         "Stored values no enum names (rows read as an error, logged; see docs/operations.md).",
         [] { return static_cast<double>(unreadable_stored_values()); }, true},
    };
  }

 private:
  std::unique_ptr<Database> db_;
  PgPeopleStore people_;
  PgSessionStore sessions_;
  PgSettingsStore settings_;
  PgAuditStore audit_;
  PgRememberStore remember_;
  PgOutboxStore outbox_;
  PgPasswordResetStore password_resets_;
  PgContentRevisions revisions_;
  PgKbStore kb_;
  PgPageViewStore page_views_;
  PgFeedbackStore feedback_;
  PgTicketStore tickets_;
  PgChatStore chats_;
  PgInsightStore insights_;
  PgTwoFactorStore two_factor_;
  PgApiKeyStore api_keys_;
  PgWebhookStore webhooks_;
  PgAttachmentStore attachments_;
  PgDeskStore desk_;
  PgSlaStore sla_;
  PgNotifyStore notify_;
  PgPersonalSql personal_sql_;
  PgMailStore mail_;
};

}  // namespace

Result<std::unique_ptr<Storage>> open_postgres_storage(const std::string& url, const Clock& clock,
                                                       DatabaseOptions options) {
  Result<std::unique_ptr<Database>> db = Database::open(url, clock, embedded_migrations(), options);
  if (!db) return db.status();
  return Result<std::unique_ptr<Storage>>(std::make_unique<PgStorage>(std::move(*db)));
}

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

}  // namespace deskd::storage::postgres
