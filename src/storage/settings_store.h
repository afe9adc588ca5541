#pragma once
// Threading: every call may block (disk, network); call from the worker pool.
// Implementations are thread-safe.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"
#include "storage/records.h"

namespace deskd::storage {

// Helpdesk settings (sessions.*, auth.*, cookies.*, i18n.*, messenger.*) as text.
class SettingsStore {
 public:
  virtual ~SettingsStore() = default;
  virtual Result<std::map<std::string, std::string>> load_all() = 0;
  virtual Status put(std::string_view key, std::string_view value) = 0;
  // Inserts only when the key is absent (first value from file/environment).
  virtual Status put_if_absent(std::string_view key, std::string_view value) = 0;
};

}  // namespace deskd::storage
