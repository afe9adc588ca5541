#pragma once
#include <optional>
#include <string>

#include "app/environment.h"

namespace deskd::app {

struct ApiKeyAddOptions {
  CommonOptions common;
  std::string name;
  std::string scopes;  // "tickets:read,kb:read"
  int expires_days = 0;  // 0 = never
};

// `deskd api-key add`: issues a REST API key and prints it, alone, on stdout
// (the only time it is shown). Audited like a key created in the Admin
// interface. Returns the process exit code (2 for bad arguments).
int api_key_add(const ApiKeyAddOptions& opts);

}  // namespace deskd::app
