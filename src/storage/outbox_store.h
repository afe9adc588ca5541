#pragma once
// Threading: every call may block (disk, network); call from the worker pool.
// Implementations are thread-safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/records.h"

namespace deskd::storage {

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

}  // namespace deskd::storage
