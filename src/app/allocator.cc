#include "app/allocator.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace deskd::app {

void tune_allocator(char** argv) {
#ifdef __GLIBC__
  constexpr const char* kName = "glibc.malloc.tcache_count";
  const char* current = std::getenv("GLIBC_TUNABLES");
  if (current != nullptr && std::strstr(current, kName) != nullptr) return;
  const char* preload = std::getenv("LD_PRELOAD");
  if (preload != nullptr && *preload != '\0') return;
  std::string value = current != nullptr && *current != '\0' ? std::string(current) + ":" : std::string();
  value += std::string(kName) + "=128";
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Still here: the binary could not be executed again; go on with the defaults.
#else
  (void)argv;
#endif
}

}  // namespace deskd::app
