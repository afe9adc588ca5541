#pragma once
// Remember-Me tokens (SPEC §1.2): selectors and hashes of validators.
//
// Threading: every call may block (disk, network); call from the worker pool.
// Implementations are thread-safe.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/records.h"

namespace deskd::storage {

// How far back theft detection reaches: validators rotated away before the
// previous one that a token row remembers (each a 64-character hash_hex).
inline constexpr size_t kRetiredValidatorsKept = 32;
inline constexpr size_t kValidatorHashChars = 64;  // hash_hex
inline constexpr size_t kRetiredValidatorHashChars = kRetiredValidatorsKept * kValidatorHashChars;

class RememberStore {
 public:
  virtual ~RememberStore() = default;
  // Fills token.id. Conflict when the selector exists.
  virtual Status insert(RememberToken& token) = 0;
  virtual Result<RememberToken> find_by_selector(std::string_view selector) = 0;
  // Compare-and-swap rotation: when the row's validator_hash still equals
  // expected_hash, moves the old previous_validator_hash to the front of
  // retired_validator_hashes (keeping the newest kRetiredValidatorsKept), sets
  // previous_validator_hash = expected_hash, validator_hash = new_hash,
  // rotated_ms = last_used_ms = now_ms and returns OK; Conflict when another
  // request rotated it first; NotFound when gone.
  virtual Status rotate(int64_t id, std::string_view expected_hash, std::string_view new_hash, int64_t now_ms) = 0;
  virtual Status remove(int64_t id) = 0;  // NotFound when gone
  virtual Result<size_t> remove_by_person(int64_t person_id) = 0;
  virtual Result<size_t> remove_expired(int64_t now_ms) = 0;
  // Newest use first.
  virtual Result<std::vector<RememberToken>> list_by_person(int64_t person_id) = 0;
  virtual Result<std::vector<RememberToken>> list_all(int limit, int offset) = 0;
};

}  // namespace deskd::storage
