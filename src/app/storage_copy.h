#pragma once
// `deskd storage copy --from URL --to URL` (SPEC §9, docs/operations.md
// "Moving to PostgreSQL"): see storage/table_copy.h.
#include <string>

namespace deskd::app {

struct StorageCopyOptions {
  std::string from;
  std::string to;
};

// Prints one line per table and a summary on stdout; errors on stderr.
// Returns 0 when every table's rows were copied and counted, else 1.
int storage_copy(const StorageCopyOptions& opts);

}  // namespace deskd::app
