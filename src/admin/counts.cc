#include "admin/counts.h"

namespace deskd::admin {
namespace {

constexpr int kChunk = 500;

// Calls `visit` for every row `list(limit, offset)` yields, chunk by chunk,
// until visit returns true (found) or the rows end.
template <class List, class Visit>
Status scan(List list, Visit visit) {
  for (int offset = 0;; offset += kChunk) {
    auto rows = list(kChunk, offset);
    if (!rows.is_ok()) return rows.status();
    for (const auto& row : *rows)
      if (visit(row)) return Status::ok();
    if (rows->size() < static_cast<size_t>(kChunk)) return Status::ok();
  }
}

}  // namespace

Result<PeopleCounts> count_people(storage::PeopleStore& people) {
  PeopleCounts c;
  Status s = scan([&](int limit, int offset) { return people.list(limit, offset); },
                  [&](const storage::Person& p) {
                    switch (p.role) {
                      case storage::Role::kUser: ++c.users; break;
                      case storage::Role::kAgent: ++c.agents; break;
                      case storage::Role::kAdmin: ++c.admins; break;
                    }
                    if (p.disabled) ++c.disabled;
                    if (p.role == storage::Role::kAdmin && !p.disabled) ++c.enabled_admins;
                    return false;
                  });
  if (!s.is_ok()) return s;
  return c;
}

Result<int64_t> count_remember_tokens(storage::RememberStore& remember) {
  int64_t n = 0;
  Status s = scan([&](int limit, int offset) { return remember.list_all(limit, offset); },
                  [&](const storage::RememberToken&) {
                    ++n;
                    return false;
                  });
  if (!s.is_ok()) return s;
  return n;
}

Result<storage::SessionRecord> find_session_row(storage::SessionStore& sessions, int64_t row_id) {
  std::optional<storage::SessionRecord> found;
  Status s = scan([&](int limit, int offset) { return sessions.list_all(limit, offset); },
                  [&](const storage::SessionRecord& r) {
                    if (r.row_id == row_id) found = r;
                    return found.has_value();
                  });
  if (!s.is_ok()) return s;
  if (!found) return not_found("session row " + std::to_string(row_id));
  return *found;
}

Result<storage::RememberToken> find_remember_token(storage::RememberStore& remember, int64_t id) {
  std::optional<storage::RememberToken> found;
  Status s = scan([&](int limit, int offset) { return remember.list_all(limit, offset); },
                  [&](const storage::RememberToken& t) {
                    if (t.id == id) found = t;
                    return found.has_value();
                  });
  if (!s.is_ok()) return s;
  if (!found) return not_found("remember token " + std::to_string(id));
  return *found;
}

}  // namespace deskd::admin
