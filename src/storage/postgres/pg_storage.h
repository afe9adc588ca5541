#pragma once
// The PostgreSQL storage backend (SPEC §9): storage.url =
// postgresql://USER:PASS@HOST:PORT/DB. Several deskd nodes may share one
// database; PostgreSQL is the source of truth for everything acknowledged.
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "storage/postgres/database.h"
#include "storage/store.h"

namespace deskd::storage::postgres {

// Connects to `url` (libpq URI or key=value string) and migrates the schema
// (once per database and schema, under an advisory lock, however many nodes
// start together). Times the stores set themselves come from `clock`, which
// must outlive the returned Storage. Unavailable when the server cannot be
// reached; the URL's password never appears in messages.
Result<std::unique_ptr<Storage>> open_postgres_storage(const std::string& url, const Clock& clock,
                                                       DatabaseOptions options = {});

// True for the URLs this backend takes: postgresql:// and postgres://.
bool is_postgres_url(std::string_view url);

}  // namespace deskd::storage::postgres
