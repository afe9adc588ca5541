// The TOML configuration file and DESKD_* environment overrides
// (core/config.h), then the helpdesk settings they seed (core/settings.h).
// Input: the TOML text, optionally followed by a line "\x00ENV" and lines
// "NAME=value" used as the environment.
//
// Invariant: no input throws or crashes; a config that loads seeds settings
// that parse (the server would otherwise fail after start-up).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "core/config.h"
#include "core/settings.h"
#include "fuzz_check.h"

using namespace deskd;

namespace {

struct World {
  std::filesystem::path dir;
  std::string file;
  World() {
    char tmpl[] = "/tmp/deskd-fuzz-config-XXXXXX";
    if (!mkdtemp(tmpl)) std::abort();
    dir = tmpl;
    file = (dir / "deskd.toml").string();
  }
  ~World() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

World& world() {
  static World w;
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = world();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string> env;
  if (const size_t mark = input.find(std::string_view("\0ENV\n", 5)); mark != std::string_view::npos) {
    std::string_view rest = input.substr(mark + 5);
    input = input.substr(0, mark);
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      const std::string_view line = rest.substr(0, nl);
      if (const size_t eq = line.find('='); eq != std::string_view::npos)
        env[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
  }
  FILE* f = std::fopen(w.file.c_str(), "wb");
  FUZZ_CHECK(f != nullptr);
  FUZZ_CHECK(std::fwrite(input.data(), 1, input.size(), f) == input.size());
  std::fclose(f);

  const EnvLookup lookup = [&env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  auto config = load_config(w.file, lookup);
  if (!config.is_ok()) return 0;
  auto settings = parse_settings(config->helpdesk);
  if (!settings.is_ok()) std::fprintf(stderr, "%s\n", settings.status().to_string().c_str());
  FUZZ_CHECK(settings.is_ok());
  (void)split_list(config->listen);
  return 0;
}
