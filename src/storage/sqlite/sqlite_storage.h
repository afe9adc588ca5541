#pragma once
// The SQLite storage backend: one database file, WAL, a small connection pool.
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "storage/sqlite/database.h"
#include "storage/store.h"

namespace deskd::storage::sqlite {

// Opens (creating and migrating if needed) the deskd database at `path` with
// the per-connection setup its schema needs (the KB search tokenizer,
// kb_fold_tokenizer.h) added to `options`. For tools and tests that work on
// the Database itself; open_sqlite_storage() uses it.
Result<std::unique_ptr<Database>> open_database(const std::string& path, const Clock& clock,
                                                DatabaseOptions options = {});

// Opens (creating and migrating if needed) the database at `path`; the parent
// directory must exist. Times the stores set themselves (people.created_ms,
// settings.updated_ms, schema_migrations.applied_ms) come from `clock`, which
// must outlive the returned Storage. The overload without a clock uses the
// system clock. `options`: WAL size limit and the background checkpoint
// (database.h); the serving process asks for the checkpoint thread, tools do not.
Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path, const Clock& clock,
                                                     DatabaseOptions options = {});
Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path);

}  // namespace deskd::storage::sqlite
