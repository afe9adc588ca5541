#pragma once
// Server-side sessions (SPEC §1.1): only hashes of the session ids are stored.
//
// Threading: every call may block (disk, network); call from the worker pool.
// Implementations are thread-safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include <utility>

#include "core/status.h"
#include "storage/records.h"

namespace deskd::storage {

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
  virtual Result<std::vector<std::string>> remove_expired(SessionInterface interface, int64_t idle_cutoff_ms,
                                                          int64_t absolute_cutoff_ms) = 0;
  virtual Result<int64_t> count() = 0;
};

}  // namespace deskd::storage
