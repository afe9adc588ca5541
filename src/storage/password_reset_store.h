#pragma once
// Threading: every call may block (disk, network); call from the worker pool.
// Implementations are thread-safe.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "storage/records.h"

namespace deskd::storage {

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

}  // namespace deskd::storage
