// Personal-data handlers of the staff tables: two-factor sign-in, agent group
// membership and personal canned replies. The TOTP secret and the recovery
// code hashes are never exported — only whether two-factor is on and since when.
#include "storage/personal/personal_data.h"

namespace deskd::storage::personal {

std::unique_ptr<Handler> two_factor_handler() {
  return make_table_handler({
      .name = "two_factor",
      .exports = {{"two_factor",
                   "SELECT CASE WHEN confirmed_ms > 0 THEN 1 ELSE 0 END, created_ms, confirmed_ms FROM two_factor "
                   "WHERE person_id = ?1 AND ?1 <> 0",
                   {{"enabled", Kind::kInt}, {"created_ms", Kind::kInt}, {"confirmed_ms", Kind::kInt}},
                   false}},
      .erase = {{"recovery_codes", "DELETE FROM recovery_codes WHERE person_id = ?1 AND ?1 <> 0"},
                {"two_factor", "DELETE FROM two_factor WHERE person_id = ?1 AND ?1 <> 0"}},
  });
}

std::unique_ptr<Handler> agent_group_handler() {
  return make_table_handler({
      .name = "agent_group_members",
      .exports = {{"agent_groups",
                   "SELECT g.id, g.id, g.name FROM agent_group_members m JOIN agent_groups g ON g.id = m.group_id "
                   "WHERE m.person_id = ?1 AND ?1 <> 0 AND g.id > ?5 ORDER BY g.id LIMIT ?6",
                   {{"id", Kind::kInt}, {"name", Kind::kText}}}},
      .erase = {{"agent_group_members", "DELETE FROM agent_group_members WHERE person_id = ?1 AND ?1 <> 0"}},
  });
}

// Shared canned replies (no owner) belong to the desk, not to whoever wrote them.
std::unique_ptr<Handler> canned_reply_handler() {
  return make_table_handler({
      .name = "canned_replies",
      .exports = {{"canned_replies",
                   "SELECT id, id, title, body, updated_ms FROM canned_replies "
                   "WHERE owner_id = ?1 AND ?1 <> 0 AND id > ?5 ORDER BY id LIMIT ?6",
                   {{"id", Kind::kInt}, {"title", Kind::kText}, {"body", Kind::kText}, {"updated_ms", Kind::kInt}}}},
      .erase = {{"canned_replies", "DELETE FROM canned_replies WHERE owner_id = ?1 AND ?1 <> 0"}},
  });
}

// An agent's notification preference (/agent/account): only stored once changed.
std::unique_ptr<Handler> notify_pref_handler() {
  return make_table_handler({
      .name = "agent_notify_prefs",
      .exports = {{"notification_settings",
                   "SELECT email FROM agent_notify_prefs WHERE person_id = ?1 AND ?1 <> 0",
                   {{"email", Kind::kInt}},
                   /*paged=*/false}},
      .erase = {{"agent_notify_prefs", "DELETE FROM agent_notify_prefs WHERE person_id = ?1 AND ?1 <> 0"}},
  });
}

}  // namespace deskd::storage::personal
