#include "app/allocator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

namespace deskd::app {
namespace {

long resident_kb() {
  std::ifstream statm("/proc/self/statm");
  long size = 0;
  long resident = 0;
  statm >> size >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

TEST(AllocatorTest, ReleaseFreeHeapReturnsPagesFreedBetweenLiveBlocks) {
#ifdef __GLIBC__
  if (mallinfo2().uordblks == 0) GTEST_SKIP() << "another allocator (a sanitizer's) holds the heap";
  // 64 MiB in 64 KiB blocks (below the mmap threshold: from the arena), then
  // every other one freed: 32 MiB free between live blocks, which glibc keeps.
  constexpr size_t kBlock = 64 * 1024;
  std::vector<char*> blocks;
  for (int i = 0; i < 1024; ++i) {
    char* p = static_cast<char*>(std::malloc(kBlock));
    ASSERT_NE(p, nullptr);
    std::memset(p, 1, kBlock);
    blocks.push_back(p);
  }
  for (size_t i = 0; i < blocks.size(); i += 2) {
    std::free(blocks[i]);
    blocks[i] = nullptr;
  }
  const long before = resident_kb();
  release_free_heap();
  const long after = resident_kb();
  EXPECT_GT(before - after, 16 * 1024) << "RSS " << before << " kB -> " << after << " kB";
  for (char* p : blocks) std::free(p);
#else
  GTEST_SKIP() << "glibc only";
#endif
}

}  // namespace
}  // namespace deskd::app
