#include "app/api_key_add.h"

#include <cstdio>

#include "admin/api_keys.h"
#include "core/crypto.h"

namespace deskd::app {

int api_key_add(const ApiKeyAddOptions& opts) {
  if (!crypto_init()) return 1;
  std::string unknown;
  auto scopes = admin::parse_scope_list(opts.scopes, unknown);
  if (!scopes) {
    std::fprintf(stderr, "deskd: unknown scope \"%s\" (tickets:read, tickets:write, kb:read, kb:write, people:read)\n",
                 unknown.c_str());
    return 2;
  }
  Config config = load_config_or_exit(opts.common);
  SystemClock clock;
  SodiumRandom random;
  auto storage = open_storage(config, opts.common, clock);
  if (!storage.is_ok()) {
    std::fprintf(stderr, "deskd: storage: %s\n", storage.status().message().c_str());
    return 1;
  }
  const int64_t now = clock.now_ms();
  Result<admin::IssuedApiKey> issued =
      admin::issue_api_key((*storage)->api_keys(), random, now, opts.name, *scopes,
                           opts.expires_days > 0 ? std::optional<int>(opts.expires_days) : std::nullopt);
  if (!issued) {
    std::fprintf(stderr, "deskd: %s\n", issued.status().message().c_str());
    return issued.status().code() == Code::kInvalidArgument ? 2 : 1;
  }
  storage::AuditEvent e;
  e.at_ms = now;
  e.event = "api_key_created";
  e.email = "deskd api-key add";
  e.detail = issued->record.name + " (" + issued->record.prefix + "…) " + storage::api_scopes_text(*scopes);
  if (Status s = (*storage)->audit().append(e); !s.is_ok()) {
    std::fprintf(stderr, "deskd: warning: audit row not written: %s\n", s.message().c_str());
  }
  std::printf("%s\n", issued->key.c_str());
  return 0;
}

}  // namespace deskd::app
