#pragma once
// The Storage aggregate: one accessor per store. Each store's interface and
// records live in a header of their own (storage/<name>_store.h); this header
// includes them all. Feature code talks only to these interfaces; only app/
// picks a concrete backend (SQLite or PostgreSQL).
//
// Threading: every call may block (disk, network). Call them from the blocking
// worker pool, never from an I/O thread. Implementations are thread-safe.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/attachment_store.h"
#include "storage/audit_store.h"
#include "storage/chat_store.h"
#include "storage/content_revision.h"
#include "storage/desk_store.h"
#include "storage/feedback_store.h"
#include "storage/insight_store.h"
#include "storage/kb_store.h"
#include "storage/mail_store.h"
#include "storage/outbox_store.h"
#include "storage/page_view_store.h"
#include "storage/password_reset_store.h"
#include "storage/people_store.h"
#include "storage/personal_sql.h"
#include "storage/records.h"
#include "storage/remember_store.h"
#include "storage/session_store.h"
#include "storage/settings_store.h"
#include "storage/notify_store.h"
#include "storage/sla_store.h"
#include "storage/ticket_store.h"
#include "storage/two_factor_store.h"
#include "storage/api_key_store.h"
#include "storage/webhook_store.h"

namespace deskd::storage {

// One number a backend reports for /metrics; `read` is called at scrape time
// from any thread and must be cheap and thread-safe.
struct BackendMetric {
  std::string name;
  std::string help;
  std::function<double()> read;
  bool counter = false;  // only grows (Prometheus counter), else a gauge
};

// The whole storage backend. Owned by app/; outlives every request.
class Storage {
 public:
  virtual ~Storage() = default;
  virtual PeopleStore& people() = 0;
  virtual SessionStore& sessions() = 0;
  virtual SettingsStore& settings() = 0;
  virtual AuditStore& audit() = 0;
  virtual RememberStore& remember() = 0;
  virtual OutboxStore& outbox() = 0;
  virtual PasswordResetStore& password_resets() = 0;
  virtual KbStore& kb() = 0;
  virtual PageViewStore& page_views() = 0;
  virtual FeedbackStore& feedback() = 0;
  virtual TicketStore& tickets() = 0;
  virtual ChatStore& chats() = 0;
  virtual MailStore& mail() = 0;
  virtual ContentRevisionStore& content_revisions() = 0;
  virtual InsightStore& insights() = 0;
  virtual TwoFactorStore& two_factor() = 0;
  virtual ApiKeyStore& api_keys() = 0;
  virtual AttachmentStore& attachments() = 0;
  virtual DeskStore& desk() = 0;
  virtual WebhookStore& webhooks() = 0;
  virtual SlaStore& sla() = 0;
  virtual NotifyStore& notify() = 0;
  // Backend-neutral SQL for the privacy handlers (storage/personal/).
  virtual PersonalSqlAccess& personal_sql() = 0;
  // Backend name for logs and /metrics ("sqlite", "postgres").
  virtual std::string_view backend() const = 0;
  // The backend's own health numbers (SQLite: WAL size and checkpoints); the
  // readers stay valid as long as the Storage.
  virtual std::vector<BackendMetric> metrics() { return {}; }
};

}  // namespace deskd::storage
