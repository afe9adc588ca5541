#pragma once
#include <string>

#include "app/environment.h"

namespace deskd::app {

struct ServeOptions {
  CommonOptions common;
  std::string listen;  // overrides server.listen when set
  bool demo = false;
  bool print_routes = false;  // print every route (App::describe_routes) and exit instead of serving
};

// Runs the helpdesk until SIGTERM/SIGINT. Returns the process exit code.
int serve(const ServeOptions& opts);

}  // namespace deskd::app
