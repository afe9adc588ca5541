// Personal-data handlers of the account tables: people, sessions, Remember-Me
// tokens, password resets, the audit log and the mail outbox. Secrets (password
// hashes, token hashes, session data, mail bodies with live links) are never
// exported.
#include "storage/personal/personal_data.h"

namespace deskd::storage::personal {

#define NOT_TRUNCATED "ip <> '' AND ip NOT LIKE '%.0' AND ip NOT LIKE '%::'"

std::unique_ptr<Handler> account_handler() {
  return make_table_handler({
      .name = "people",
      .exports = {{"account",
                   "SELECT id, email, name, role, language, CASE WHEN disabled THEN 1 ELSE 0 END, created_ms "
                   "FROM people WHERE id = ?1",
                   {{"id", Kind::kInt},
                    {"email", Kind::kText},
                    {"name", Kind::kText},
                    {"role", Kind::kText},
                    {"language", Kind::kText},
                    {"disabled", Kind::kInt},
                    {"created_ms", Kind::kInt}},
                   false}},
      // Foreign keys clear what still points at the account (ON DELETE SET
      // NULL / CASCADE); the handlers before this one already anonymised it.
      .erase = {{"people", "DELETE FROM people WHERE id = ?1"}},
  });
}

std::unique_ptr<Handler> session_handler() {
  return make_table_handler({
      .name = "sessions",
      .exports = {{"sessions",
                   "SELECT row_id, interface, created_ms, last_seen_ms, ip, user_agent FROM sessions "
                   "WHERE person_id = ?1 AND ?1 <> 0 AND row_id > ?5 ORDER BY row_id LIMIT ?6",
                   {{"interface", Kind::kText},
                    {"created_ms", Kind::kInt},
                    {"last_seen_ms", Kind::kInt},
                    {"ip", Kind::kText},
                    {"user_agent", Kind::kText}}}},
      .erase = {{"sessions", "DELETE FROM sessions WHERE person_id = ?1 AND ?1 <> 0"}},
      .ips = {{"sessions",
               "SELECT row_id, ip FROM sessions WHERE created_ms < ?1 AND " NOT_TRUNCATED
               " AND row_id > ?2 ORDER BY row_id LIMIT ?3",
               "UPDATE sessions SET ip = ?2 WHERE row_id = ?1"}},
  });
}

std::unique_ptr<Handler> remember_handler() {
  return make_table_handler({
      .name = "remember_tokens",
      .exports = {{"remembered_devices",
                   "SELECT id, audience, created_ms, expires_ms, last_used_ms, ip, user_agent FROM remember_tokens "
                   "WHERE person_id = ?1 AND id > ?5 ORDER BY id LIMIT ?6",
                   {{"audience", Kind::kText},
                    {"created_ms", Kind::kInt},
                    {"expires_ms", Kind::kInt},
                    {"last_used_ms", Kind::kInt},
                    {"ip", Kind::kText},
                    {"user_agent", Kind::kText}}}},
      .erase = {{"remember_tokens", "DELETE FROM remember_tokens WHERE person_id = ?1"}},
      .ips = {{"remember_tokens",
               "SELECT id, ip FROM remember_tokens WHERE last_used_ms < ?1 AND " NOT_TRUNCATED
               " AND id > ?2 ORDER BY id LIMIT ?3",
               "UPDATE remember_tokens SET ip = ?2 WHERE id = ?1"}},
  });
}

std::unique_ptr<Handler> password_reset_handler() {
  return make_table_handler({
      .name = "password_resets",
      .exports = {{"password_resets",
                   "SELECT id, created_ms, expires_ms, used_ms FROM password_resets "
                   "WHERE person_id = ?1 AND id > ?5 ORDER BY id LIMIT ?6",
                   {{"created_ms", Kind::kInt}, {"expires_ms", Kind::kInt}, {"used_ms", Kind::kInt}}}},
      .erase = {{"password_resets", "DELETE FROM password_resets WHERE person_id = ?1"}},
  });
}

// Audit rows stay (what happened, when) but lose who: person, typed e-mail,
// address and free-text detail.
std::unique_ptr<Handler> audit_handler() {
  return make_table_handler({
      .name = "audit_log",
      .exports = {{"audit",
                   "SELECT id, at_ms, event, email, ip, detail FROM audit_log "
                   "WHERE ((person_id = ?1 AND ?1 <> 0) OR (?2 <> '' AND lower(email) = ?2)) "
                   "AND id > ?5 ORDER BY id LIMIT ?6",
                   {{"at_ms", Kind::kInt},
                    {"event", Kind::kText},
                    {"email", Kind::kText},
                    {"ip", Kind::kText},
                    {"detail", Kind::kText}}}},
      .erase = {{"audit_log",
                 "UPDATE audit_log SET person_id = 0, email = '', ip = '', detail = '' "
                 "WHERE (person_id = ?1 AND ?1 <> 0) OR (?2 <> '' AND lower(email) = ?2)"}},
      .ips = {{"audit_log",
               "SELECT id, ip FROM audit_log WHERE at_ms < ?1 AND " NOT_TRUNCATED " AND id > ?2 ORDER BY id LIMIT ?3",
               "UPDATE audit_log SET ip = ?2 WHERE id = ?1"}},
  });
}

// Mail to the subject: subject lines and kinds are exported; bodies are not
// (they carry live sign-in, reset and ticket links).
std::unique_ptr<Handler> outbox_handler() {
  return make_table_handler({
      .name = "outbox",
      .exports = {{"mail",
                   "SELECT id, created_ms, recipient, subject, kind, sent_ms FROM outbox "
                   "WHERE ?2 <> '' AND lower(recipient) = ?2 AND id > ?5 ORDER BY id LIMIT ?6",
                   {{"created_ms", Kind::kInt},
                    {"recipient", Kind::kText},
                    {"subject", Kind::kText},
                    {"kind", Kind::kText},
                    {"sent_ms", Kind::kInt}}}},
      .erase = {{"outbox", "DELETE FROM outbox WHERE ?2 <> '' AND lower(recipient) = ?2"}},
  });
}

}  // namespace deskd::storage::personal
