#pragma once
// SPEC §13: a person's or a visitor's data — export it as one JSON document,
// erase it, and prune what retention no longer allows. Walks the registry of
// personal-data handlers (storage/personal/personal_data.h); the CLI
// (`deskd privacy ...`), the Admin actions and the daily retention job call
// these.
//
// Threading: every call blocks on storage; run it on a worker thread.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/settings.h"
#include "core/status.h"
#include "storage/personal/personal_data.h"
#include "storage/store.h"

namespace deskd::privacy {

using storage::personal::Counts;
using storage::personal::Cutoffs;
using storage::personal::Subject;

// The subject for an e-mail address: the account with that address (if any)
// and everything else that carries the address (guest tickets, comments,
// chats, mail). InvalidArgument for something that is not an address.
Result<Subject> subject_for_email(storage::Storage& storage, std::string_view email);
// The subject for one visitor id (dp_v): its page views, votes, comments,
// chats and tickets. InvalidArgument for an empty or oversize id.
Result<Subject> subject_for_visitor(std::string_view visitor_id);

// Writes the export as JSON through `out`, a piece at a time:
//   {"format":"deskd-privacy-export/1","generated_ms":N,
//    "subject":{"email":…,"person_id":…,"visitor_id":…},
//    "data":{"account":[…],"visitors":[…],…}}
// Every section of every handler is present (empty ones as []). Memory stays
// bounded by one page of rows. A failure of `out` stops the export.
Status write_export(storage::Storage& storage, const Subject& subject, int64_t now_ms,
                    const std::function<Status(std::string_view)>& out,
                    const storage::personal::Registry& registry = storage::personal::builtin_registry());

// Deletes or anonymises everything of the subject in one transaction; returns
// rows changed per table. Nothing of the subject is in the result.
Result<Counts> erase(storage::Storage& storage, const Subject& subject,
                     const storage::personal::Registry& registry = storage::personal::builtin_registry());

// The cutoffs the retention settings give at `now_ms`.
Cutoffs retention_cutoffs(const Settings& settings, int64_t now_ms);
// Runs every handler's retention pruning (one transaction per handler).
Result<Counts> prune(storage::Storage& storage, const Cutoffs& cutoffs,
                     const storage::personal::Registry& registry = storage::personal::builtin_registry());

// "page_views=3, visitors=1" (tables with changes only; "nothing" when none).
std::string describe(const Counts& counts);

}  // namespace deskd::privacy
