#pragma once
// glibc's allocator, tuned for a server that answers many small requests: each
// page answer allocates and frees more small blocks of one size than glibc's
// per-thread cache keeps by default (7), so most of them went through the
// locked arena and its consolidation. deskd runs itself with
// glibc.malloc.tcache_count=128, measured on the anonymous article page:
// 16.5 -> 14.7 us of CPU per request (docs/performance.md).
#include "http/metrics.h"

namespace deskd::app {

// Call first thing in main(), before any thread or descriptor exists: when
// GLIBC_TUNABLES does not set tcache_count yet, adds it and re-executes the
// same binary with the same arguments (the tunables are read only at process
// start). Does nothing when the operator set tcache_count, when LD_PRELOAD is
// set (valgrind, heaptrack and the like own the allocator then), or when the
// re-execution fails (the defaults stay). Not for a library or a test binary.
void tune_allocator(char** argv);

// Gauges of glibc's heap (mallinfo2, all arenas): bytes in use by the program
// and bytes freed but kept by the allocator. RSS minus both is code, stacks and
// mapped files. Nothing is added outside glibc.
void add_heap_metrics(http::Metrics& metrics);

}  // namespace deskd::app
