#pragma once
// Shared by the fuzz targets: an invariant check that stops the run with a
// message (libFuzzer then saves the input as a crash reproducer), and the
// directory of web/ (locales) the targets that render text need.
#include <cstdio>
#include <cstdlib>
#include <string>

#define FUZZ_CHECK(cond)                                                          \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                               \
    }                                                                             \
  } while (0)

namespace deskd::fuzz {

// DESKD_WEB_DIR when set, else the source tree's web/ (compiled in).
inline std::string web_dir() {
  if (const char* env = std::getenv("DESKD_WEB_DIR"); env && *env) return env;
  return DESKD_FUZZ_WEB_DIR;
}

}  // namespace deskd::fuzz
