#pragma once
// The audit log: security-relevant events, append-only.
//
// Threading: every call may block (disk, network); call from the worker pool.
// Implementations are thread-safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/records.h"

namespace deskd::storage {

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  virtual Status append(const AuditEvent& event) = 0;
  // Newest first.
  virtual Result<std::vector<AuditEvent>> list(const AuditFilter& filter) = 0;
};

}  // namespace deskd::storage
