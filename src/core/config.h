#pragma once
// Infrastructure configuration (TOML file, each key overridable by an
// environment variable DESKD_<SECTION>_<KEY>) and the first values of the
// helpdesk settings, which afterwards live in the database (see core/settings.h).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace deskd {

struct Limits {
  size_t max_header_bytes = 16 * 1024;     // whole request head; over it: 431
  size_t max_body_bytes = 1024 * 1024;     // default per-route body limit; over it: 413
  size_t max_form_body_bytes = 64 * 1024;  // body limit of form posts
  int read_timeout_s = 15;                 // a request must arrive within this
  int idle_timeout_s = 60;                 // keep-alive idle
  int write_timeout_s = 30;
  size_t max_connections = 10000;
  // Connection admission (http/connection_table.h): open connections per peer
  // address (trusted proxies exempt); over it the connection gets 503 and is closed.
  size_t max_connections_per_ip = 256;
  // Once open connections exceed 3/4 of max_connections, a connection waits at
  // most this long for its next request (and older waiting ones are closed first).
  int pressure_idle_timeout_s = 5;

  // Abuse limits (docs/security.md, "Abuse limits"). A rate of N per hour is
  // per client address (IPv6 by /64): a burst of N, then one more every
  // hour / N. A limit of 0 is off.
  int64_t visitor_ids_per_ip_per_hour = 300;   // POST /messenger/api/visitor
  int64_t chats_per_ip_per_hour = 60;          // POST /messenger/api/chats
  int64_t open_chats_per_visitor = 3;          // queued or active chats of one visitor id
  int64_t open_chats_per_ip = 20;              // queued or active chats started from one address
  int64_t tickets_per_ip_per_hour = 20;        // POST /new-ticket and /messenger/api/offline
  int64_t registrations_per_ip_per_hour = 10;  // POST /register
  int64_t comments_per_ip_per_hour = 30;       // POST /kb/articles/{id}/comments
  int64_t votes_per_ip_per_hour = 600;         // POST /kb/articles/{id}/vote (a new visitor is a new ballot)
  // Help Center page views recorded per visitor (the dp_v id, else the signed-in
  // person) per minute: a burst of N, then one more every minute / N. Views
  // beyond it are served but neither stored nor counted, so one cookie
  // reloading a page cannot grow page_views without bound.
  int64_t page_views_per_visitor_per_minute = 600;
  // Messages one Messenger visitor id posts per minute, over all its chats: a
  // burst of N, then one more every minute / N (a person types slower).
  int64_t chat_messages_per_visitor_per_minute = 30;
  // REST API requests per key per minute (api.rate_limit_per_minute; 0 = off):
  // a burst of N, then one more every minute / N.
  int64_t api_rate_limit_per_minute = 600;
  size_t rate_limit_max_keys = 100000;         // addresses remembered per limit (least recently used go first)
  int64_t wal_size_limit_bytes = 64 << 20;     // SQLite journal_size_limit; 0 = truncate the WAL after every checkpoint
  int wal_checkpoint_interval_s = 30;          // background WAL checkpoint (TRUNCATE when the pool is idle)
};

// Webhook delivery (SPEC §12, docs/webhooks.md). Infrastructure only: an
// admin cannot open the way to internal addresses from the Admin interface.
struct WebhookConfig {
  bool allow_private = false;      // deliver to loopback/private/link-local addresses too
  int retry_base_s = 30;           // wait after the first failed attempt; doubles per failure (at most 1 h)
  int disable_after_failures = 50; // failed attempts in a row that disable a webhook; 0 = never
  int timeout_s = 10;              // per delivery attempt
};

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string public_url;  // e.g. https://help.example.com; absolute URLs and the own origin come from it
  // Host header values (host or host:port) this helpdesk answers besides the
  // public URL's host and the listen address; any other Host gets 400.
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> trusted_proxies;  // addresses whose X-Forwarded-* we honour
  std::vector<std::string> metrics_allow = {"127.0.0.1", "::1"};
  std::string storage_url;  // "" = sqlite:<data>/deskd.db
  int storage_pool_size = 8;  // PostgreSQL: connections per node (storage.pool_size, 1-256)
  std::string redis_url;      // "" = one node, no Redis; else redis://HOST:PORT/N (cluster/redis_url.h)
  std::string mail_smtp_url;
  std::string mail_from = "deskd@localhost";  // envelope sender and From: of outgoing mail
  // Reply-To of ticket mail: the address whose mail reaches `deskd mail receive`
  // or the polled mailbox; "" = mail.from.
  std::string mail_reply_address;
  std::string mail_imap_url;  // imaps://USER:PASS@HOST/INBOX (imap:// allowed); "" = no polling
  int mail_imap_poll_s = 60;
  // Bytes of files one outgoing ticket mail carries (before base64); the files
  // beyond it are sent as download links instead. 0 = links only.
  int64_t mail_max_attachment_bytes = 10 * 1024 * 1024;
  int worker_threads = 0;                     // blocking pool size; 0 = max(2, cores)
  int io_threads = 0;                         // 0 = 1 per core, at most 2
  int shutdown_timeout_s = 10;                // SIGTERM: longest wait for in-flight requests and sockets
  Limits limits;
  WebhookConfig webhooks;
  // Helpdesk settings (sessions.*, auth.*, cookies.*, i18n.*, messenger.*) given in
  // the file or environment: their first value, seeded into the database.
  std::map<std::string, std::string> helpdesk;
};

// Reads environment variables; injectable for tests.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_env();

// Loads `path` (may be empty = no file), then applies DESKD_* overrides from env.
// InvalidArgument with a readable message for an unreadable file, bad TOML, an
// unknown key or a value of the wrong type.
Result<Config> load_config(const std::string& path, const EnvLookup& env);

// "a, b ,c" -> {"a","b","c"}
std::vector<std::string> split_list(std::string_view text);

}  // namespace deskd
