#include "app/environment.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "storage/postgres/pg_storage.h"
#include "storage/sqlite/sqlite_storage.h"

namespace deskd::app {

Config load_config_or_exit(const CommonOptions& opts) {
  auto config = load_config(opts.config_file, process_env());
  if (!config.is_ok()) {
    std::fprintf(stderr, "deskd: configuration error: %s\n", config.status().message().c_str());
    std::exit(2);
  }
  return std::move(*config);
}

Result<std::unique_ptr<storage::Storage>> open_storage(const Config& config, const CommonOptions& opts,
                                                       const Clock& clock, bool serving) {
  std::string url = config.storage_url;
  std::string path;
  if (url.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(opts.data_dir, ec);
    if (ec) return unavailable("cannot create data directory " + opts.data_dir + ": " + ec.message());
    path = (std::filesystem::path(opts.data_dir) / "deskd.db").string();
  } else if (url.starts_with("sqlite:")) {
    path = url.substr(7);
  } else if (storage::postgres::is_postgres_url(url)) {
    storage::postgres::DatabaseOptions options;
    options.max_connections = config.storage_pool_size;
    auto opened = storage::postgres::open_postgres_storage(url, clock, options);
    if (!opened.is_ok()) return Status(opened.status().code(), "storage.url: " + opened.status().message());
    return opened;
  } else {
    return invalid_argument("storage.url must be sqlite:///PATH or postgresql://USER:PASS@HOST:PORT/DB, not '" +
                            storage::postgres::redact_url(url) + "'");
  }
  storage::sqlite::DatabaseOptions options;
  options.wal_size_limit_bytes = config.limits.wal_size_limit_bytes;
  options.checkpoint_interval_ms = serving ? int64_t{config.limits.wal_checkpoint_interval_s} * 1000 : 0;
  return storage::sqlite::open_sqlite_storage(path, clock, options);
}

Result<Settings> load_settings(storage::Storage& storage, const Config& config) {
  for (const auto& [key, value] : config.helpdesk) {
    if (Status s = storage.settings().put_if_absent(key, value); !s.is_ok()) return s;
  }
  auto stored = storage.settings().load_all();
  if (!stored.is_ok()) return stored.status();
  return parse_settings(*stored);
}

std::string web_dir() {
  if (const char* env = std::getenv("DESKD_WEB_DIR"); env && *env) return env;
  return DESKD_DEFAULT_WEB_DIR;
}

}  // namespace deskd::app
