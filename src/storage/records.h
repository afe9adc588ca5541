#pragma once
// Plain records exchanged with the stores. Times are Unix milliseconds.
#include <cstdint>
#include <optional>
#include <string>

namespace deskd::storage {

enum class Role { kUser, kAgent, kAdmin };
const char* role_name(Role role);                       // "user" | "agent" | "admin"
std::optional<Role> parse_role(std::string_view name);  // inverse of role_name

struct Person {
  int64_t id = 0;
  std::string email;          // stored lower-cased; unique
  std::string name;
  Role role = Role::kUser;
  std::string password_hash;  // argon2id string from crypto_pwhash_str
  std::string language;       // "" = not chosen
  bool disabled = false;
  int64_t created_ms = 0;
};

struct NewPerson {
  std::string email;
  std::string name;
  Role role = Role::kUser;
  std::string password_hash;
  std::string language;
};

// One server-side session. The cookie carries the id; only its hash is stored.
struct SessionRecord {
  int64_t row_id = 0;          // public handle for listing/revoking, never the id
  std::string id_hash;         // hash_hex(id)
  std::string interface;       // "portal" | "agent" | "admin"
  int64_t person_id = 0;       // 0 = anonymous session (portal form state)
  bool via_remember = false;   // started by a Remember-Me login ("weaker")
  int64_t created_ms = 0;
  int64_t last_seen_ms = 0;
  std::string ip;
  std::string user_agent;
  std::string data;            // JSON object: flash messages, form state
};

struct AuditEvent {
  int64_t id = 0;
  int64_t at_ms = 0;
  std::string event;           // e.g. "login", "login_failed", "logout", "session_revoked"
  int64_t person_id = 0;       // 0 = none/unknown
  std::string email;           // as typed, for failures
  std::string ip;
  std::string detail;          // free text / JSON
};

struct AuditFilter {
  std::optional<int64_t> person_id;
  std::optional<std::string> event;
  std::optional<int64_t> since_ms;
  std::optional<int64_t> until_ms;
  int limit = 100;
};

}  // namespace deskd::storage
