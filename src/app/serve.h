#pragma once
#include <string>

#include "app/environment.h"

namespace deskd::app {

struct ServeOptions {
  CommonOptions common;
  std::string listen;  // overrides server.listen when set
  bool demo = false;
};

// Runs the helpdesk until SIGTERM/SIGINT. Returns the process exit code.
int serve(const ServeOptions& opts);

}  // namespace deskd::app
