#pragma once
#include "storage/sqlite/database.h"
#include "storage/outbox_store.h"

namespace deskd::storage::sqlite {

// OutboxStore over the `outbox` table. Thread-safe; `db` must outlive it.
//  - enqueue stores a new unsent mail: it ignores mail.sent_ms, attempts and
//    last_error and resets them in `mail` to 0 / 0 / ""; InvalidArgument for
//    an empty recipient.
//  - pending: unsent mails in enqueue (id) order, failed ones included.
//  - mark_sent, mark_failed: NotFound when no such mail; mark_sent needs a
//    positive sent_ms (0 means unsent), else InvalidArgument.
//  - pending, recent: InvalidArgument for a negative limit.
class SqliteOutboxStore final : public OutboxStore {
 public:
  explicit SqliteOutboxStore(Database& db) : db_(db) {}

  Status enqueue(OutboxMail& mail) override;
  Result<std::vector<OutboxMail>> pending(int limit) override;
  Result<std::vector<OutboxMail>> pending_below(int max_attempts, int limit) override;
  Status mark_sent(int64_t id, int64_t sent_ms) override;
  Status mark_failed(int64_t id, std::string_view error) override;
  Result<std::vector<OutboxMail>> recent(int limit) override;

 private:
  Result<std::vector<OutboxMail>> select(std::string_view sql, int limit);

  Database& db_;
};

}  // namespace deskd::storage::sqlite
