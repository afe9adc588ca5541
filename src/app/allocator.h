#pragma once
// glibc's allocator, tuned for a server that answers many small requests: each
// page answer allocates and frees more small blocks of one size than glibc's
// per-thread cache keeps by default (7), so most of them went through the
// locked arena and its consolidation. deskd runs itself with
// glibc.malloc.tcache_count=128, measured on the anonymous article page:
// 16.5 -> 14.7 us of CPU per request (docs/performance.md). And with
// glibc.malloc.arena_max=2: by default every worker thread gets an arena of
// its own, and memory freed in one is kept there; in the soak (bench/soak.sh)
// the heap kept free grew 1.8 -> 12 MB in 30 minutes with per-thread arenas.
#include "http/metrics.h"

namespace deskd::app {

// Call first thing in main(), before any thread or descriptor exists: when
// GLIBC_TUNABLES does not set both yet, adds what is missing and re-executes the
// same binary with the same arguments (the tunables are read only at process
// start). Does nothing when the operator set both, when LD_PRELOAD is
// set (valgrind, heaptrack and the like own the allocator then), or when the
// re-execution fails (the defaults stay). Not for a library or a test binary.
void tune_allocator(char** argv);

// Gauges of glibc's heap (mallinfo2, all arenas): bytes in use by the program
// and bytes freed but kept by the allocator. RSS minus both is code, stacks and
// mapped files. Nothing is added outside glibc, or when another allocator
// (AddressSanitizer's, an LD_PRELOAD'ed one) holds the heap.
void add_heap_metrics(http::Metrics& metrics);

// Hands the whole pages inside the heap's free chunks back to the kernel
// (glibc's malloc_trim(0), every arena). glibc returns on its own only the
// free memory at the top of an arena; what is freed between live blocks stays
// in the RSS, and over hours of varied traffic that is most of what grows.
// The heap keeps the chunks (deskd_heap_free_bytes is unchanged), the pages
// are faulted in again when reused. Walks each arena under its lock (well under
// a millisecond for the few MB a server keeps free): call from a maintenance
// thread about once a minute, never per request. No-op outside glibc.
void release_free_heap();

}  // namespace deskd::app
