#pragma once
// Storage interfaces, one per aggregate. Feature code talks only to these;
// only app/ picks a concrete backend (SQLite today, PostgreSQL later).
//
// Threading: every call may block (disk, network). Call them from the blocking
// worker pool, never from an I/O thread. Implementations are thread-safe.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/attachment_store.h"
#include "storage/chat_store.h"
#include "storage/mail_store.h"
#include "storage/content_revision.h"
#include "storage/desk_store.h"
#include "storage/engage_store.h"
#include "storage/insight_store.h"
#include "storage/kb_store.h"
#include "storage/personal_sql.h"
#include "storage/records.h"
#include "storage/notify_store.h"
#include "storage/sla_store.h"
#include "storage/ticket_store.h"
#include "storage/two_factor_store.h"

namespace deskd::storage {

class PeopleStore {
 public:
  virtual ~PeopleStore() = default;
  // Conflict when the (case-insensitive) e-mail exists.
  virtual Result<Person> create(const NewPerson& person) = 0;
  virtual Result<Person> find_by_id(int64_t id) = 0;
  // Case-insensitive; NotFound when absent.
  virtual Result<Person> find_by_email(std::string_view email) = 0;
  virtual Status set_password_hash(int64_t id, std::string_view hash) = 0;
  virtual Status set_language(int64_t id, std::string_view language) = 0;
  // Stored lower-cased; Conflict when another person has the (case-insensitive) e-mail.
  virtual Status set_email(int64_t id, std::string_view email) = 0;
  virtual Status set_name(int64_t id, std::string_view name) = 0;
  virtual Status set_role(int64_t id, Role role) = 0;
  virtual Status set_disabled(int64_t id, bool disabled) = 0;
  virtual Result<std::vector<Person>> list(int limit, int offset) = 0;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  // Fills record.row_id on success.
  virtual Status insert(SessionRecord& record) = 0;
  virtual Result<SessionRecord> find(std::string_view id_hash) = 0;
  virtual Status update_data(std::string_view id_hash, std::string_view data) = 0;
  // Write-behind of last_seen for many sessions in one transaction.
  virtual Status touch_many(const std::vector<std::pair<std::string, int64_t>>& id_hash_last_seen) = 0;
  virtual Status remove(std::string_view id_hash) = 0;
  virtual Status remove_by_row_id(int64_t row_id) = 0;
  // Removes every session of the person except `keep_id_hash` (may be empty);
  // returns the removed id hashes so caches can drop them.
  virtual Result<std::vector<std::string>> remove_by_person(int64_t person_id, std::string_view keep_id_hash) = 0;
  virtual Result<std::vector<SessionRecord>> list_by_person(int64_t person_id) = 0;
  virtual Result<std::vector<SessionRecord>> list_all(int limit, int offset) = 0;
  // Deletes sessions of `interface` idle since before idle_cutoff_ms or created
  // before absolute_cutoff_ms; returns removed id hashes.
  virtual Result<std::vector<std::string>> remove_expired(std::string_view interface, int64_t idle_cutoff_ms,
                                                          int64_t absolute_cutoff_ms) = 0;
  virtual Result<int64_t> count() = 0;
};

class RememberStore {
 public:
  virtual ~RememberStore() = default;
  // Fills token.id. Conflict when the selector exists.
  virtual Status insert(RememberToken& token) = 0;
  virtual Result<RememberToken> find_by_selector(std::string_view selector) = 0;
  // Compare-and-swap rotation: when the row's validator_hash still equals
  // expected_hash, sets previous_validator_hash = expected_hash,
  // validator_hash = new_hash, rotated_ms = last_used_ms = now_ms and returns
  // OK; Conflict when another request rotated it first; NotFound when gone.
  virtual Status rotate(int64_t id, std::string_view expected_hash, std::string_view new_hash, int64_t now_ms) = 0;
  virtual Status remove(int64_t id) = 0;  // NotFound when gone
  virtual Result<size_t> remove_by_person(int64_t person_id) = 0;
  virtual Result<size_t> remove_expired(int64_t now_ms) = 0;
  // Newest use first.
  virtual Result<std::vector<RememberToken>> list_by_person(int64_t person_id) = 0;
  virtual Result<std::vector<RememberToken>> list_all(int limit, int offset) = 0;
};

// Durable e-mail outbox: a mail is stored before anyone is told it was sent.
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  virtual Status enqueue(OutboxMail& mail) = 0;  // fills id
  // Oldest unsent first, at most `limit`.
  virtual Result<std::vector<OutboxMail>> pending(int limit) = 0;
  // Like pending, but only mails that failed fewer than `max_attempts` times.
  virtual Result<std::vector<OutboxMail>> pending_below(int max_attempts, int limit) = 0;
  virtual Status mark_sent(int64_t id, int64_t sent_ms) = 0;
  virtual Status mark_failed(int64_t id, std::string_view error) = 0;  // attempts + 1
  // Newest first; for tests and the admin view.
  virtual Result<std::vector<OutboxMail>> recent(int limit) = 0;
};

// Password-reset links; only hashes of the tokens are stored.
class PasswordResetStore {
 public:
  virtual ~PasswordResetStore() = default;
  // Fills reset.id. Conflict when the token hash exists; InvalidArgument for an
  // unknown person or an empty hash.
  virtual Status insert(PasswordReset& reset) = 0;
  virtual Result<PasswordReset> find_by_hash(std::string_view token_hash) = 0;
  // Compare-and-swap: sets used_ms only while the row is unused. Conflict when
  // already used; NotFound when gone.
  virtual Status mark_used(int64_t id, int64_t used_ms) = 0;
  // Removes every reset of the person (used or not) except `keep_id` (0 = none);
  // returns how many.
  virtual Result<size_t> remove_by_person(int64_t person_id, int64_t keep_id) = 0;
};

// Helpdesk settings (sessions.*, auth.*, cookies.*, i18n.*, messenger.*) as text.
class SettingsStore {
 public:
  virtual ~SettingsStore() = default;
  virtual Result<std::map<std::string, std::string>> load_all() = 0;
  virtual Status put(std::string_view key, std::string_view value) = 0;
  // Inserts only when the key is absent (first value from file/environment).
  virtual Status put_if_absent(std::string_view key, std::string_view value) = 0;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  virtual Status append(const AuditEvent& event) = 0;
  // Newest first.
  virtual Result<std::vector<AuditEvent>> list(const AuditFilter& filter) = 0;
};

// The whole storage backend. Owned by app/; outlives every request.
// One number a backend reports for /metrics; `read` is called at scrape time
// from any thread and must be cheap and thread-safe.
struct BackendMetric {
  std::string name;
  std::string help;
  std::function<double()> read;
  bool counter = false;  // only grows (Prometheus counter), else a gauge
};

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
  virtual EngageStore& engage() = 0;
  virtual TicketStore& tickets() = 0;
  virtual ChatStore& chats() = 0;
  virtual MailStore& mail() = 0;
  virtual ContentRevisionStore& content_revisions() = 0;
  virtual InsightStore& insights() = 0;
  virtual TwoFactorStore& two_factor() = 0;
  virtual AttachmentStore& attachments() = 0;
  virtual DeskStore& desk() = 0;
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
