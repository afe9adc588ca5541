#pragma once
// Where the benchmarks read web/ (templates, locales, demo content): $DESKD_WEB_DIR,
// else the source tree's web/ baked in at configure time.
#include <cstdlib>
#include <string>

namespace deskd::bench {

inline std::string web_dir() {
  if (const char* env = std::getenv("DESKD_WEB_DIR"); env && *env) return env;
  return DESKD_BENCH_WEB_DIR;
}

}  // namespace deskd::bench
