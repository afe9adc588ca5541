#include "app/allocator.h"

#include <unistd.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <cstdlib>
#include <string>
#include <utility>

namespace deskd::app {

void tune_allocator(char** argv) {
#ifdef __GLIBC__
  constexpr std::pair<const char*, const char*> kTunables[] = {{"glibc.malloc.tcache_count", "128"},
                                                               {"glibc.malloc.arena_max", "2"}};
  const char* current = std::getenv("GLIBC_TUNABLES");
  const char* preload = std::getenv("LD_PRELOAD");
  if (preload != nullptr && *preload != '\0') return;
  std::string value = current != nullptr ? current : "";
  bool added = false;
  for (const auto& [name, setting] : kTunables) {
    if (value.find(name) != std::string::npos) continue;  // the operator's setting wins
    value += std::string(value.empty() ? "" : ":") + name + "=" + setting;
    added = true;
  }
  if (!added) return;
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Still here: the binary could not be executed again; go on with the defaults.
#else
  (void)argv;
#endif
}

#ifdef __GLIBC__
namespace {

// Bytes malloc'd and not yet freed, in every arena and in mmap'd chunks.
// mallinfo2 walks every arena under its lock: cheap at scrape intervals.
size_t heap_in_use_bytes() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

}  // namespace
#endif

void release_free_heap() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

void add_heap_metrics(http::Metrics& metrics) {
#ifdef __GLIBC__
  // Under another allocator (a sanitizer's, one preloaded) glibc's arenas are
  // empty: no gauge beats a gauge that reads 0.
  if (heap_in_use_bytes() == 0) return;
  metrics.add_gauge("deskd_heap_in_use_bytes", "Heap the program holds (malloc'd, not freed), all arenas.",
                    [] { return static_cast<double>(heap_in_use_bytes()); });
  metrics.add_gauge("deskd_heap_free_bytes",
                    "Heap freed by the program but kept by the allocator (fragmentation, per-thread caches).",
                    [] { return static_cast<double>(mallinfo2().fordblks); });
#else
  (void)metrics;
#endif
}

}  // namespace deskd::app
