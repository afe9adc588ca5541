#pragma once
// Start-up helpers shared by the commands: configuration, data directory,
// storage and the helpdesk settings stored in it. Only app/ picks backends.
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/config.h"
#include "core/settings.h"
#include "storage/store.h"

namespace deskd::app {

struct CommonOptions {
  std::string data_dir = "./data";
  std::string config_file;
};

// Loads config (file + environment). Exits the process with a message on error.
Config load_config_or_exit(const CommonOptions& opts);
// Opens the storage named by config.storage_url (default: SQLite under data_dir),
// creating the data directory and migrating the schema. `serving`: the
// backend's background upkeep runs (SQLite: WAL checkpoints) until the Storage
// is destroyed; one-shot commands pass false.
Result<std::unique_ptr<storage::Storage>> open_storage(const Config& config, const CommonOptions& opts,
                                                       const Clock& clock, bool serving = false);
// Seeds first values of helpdesk settings from config, then reads them back.
Result<Settings> load_settings(storage::Storage& storage, const Config& config);
// The web/ directory (templates, locales, static): $DESKD_WEB_DIR or the build's default.
std::string web_dir();

}  // namespace deskd::app
