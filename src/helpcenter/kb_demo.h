#pragma once
// Demo knowledge-base content for `deskd serve --demo`: categories and
// articles in English, Danish and German from web/demo/kb.json. Idempotent:
// does nothing when the knowledge base has any category. Runs at start-up,
// before the server accepts requests.
#include <cstdint>
#include <string>

#include "core/status.h"
#include "i18n/catalog.h"
#include "storage/store.h"

namespace deskd::helpcenter {

// Seeds from the JSON file at `json_path`; `author_id` (a person) writes every
// article. InvalidArgument naming the problem when the file is unreadable or
// malformed.
Status seed_kb_demo(storage::Storage& storage, const i18n::Catalogs& catalogs, const std::string& json_path,
                    int64_t author_id);

}  // namespace deskd::helpcenter
