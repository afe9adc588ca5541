#pragma once
// Plain records exchanged with the stores. Times are Unix milliseconds.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deskd::storage {

enum class Role { kUser, kAgent, kAdmin };
const char* role_name(Role role);                       // "user" | "agent" | "admin"
std::optional<Role> parse_role(std::string_view name);  // inverse of role_name

// The interface a session belongs to; each has its own cookie (SPEC §1.1).
enum class SessionInterface { kPortal, kAgent, kAdmin };
const char* session_interface_name(SessionInterface interface);  // "portal" | "agent" | "admin"
std::optional<SessionInterface> parse_session_interface(std::string_view name);

// Who a Remember-Me token signs in (SPEC §1.2); the admin interface never
// honours Remember Me, so there is no admin audience.
enum class RememberAudience { kUser, kAgent };
const char* remember_audience_name(RememberAudience audience);  // "user" | "agent"
std::optional<RememberAudience> parse_remember_audience(std::string_view name);

struct Person {
  int64_t id = 0;
  std::string email;  // stored lower-cased; unique
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
  int64_t row_id = 0;         // public handle for listing/revoking, never the id
  std::string id_hash;        // hash_hex(id)
  SessionInterface interface = SessionInterface::kPortal;
  int64_t person_id = 0;      // 0 = anonymous session (portal form state)
  bool via_remember = false;  // started by a Remember-Me login ("weaker")
  int64_t created_ms = 0;
  int64_t last_seen_ms = 0;
  std::string ip;
  std::string user_agent;
  std::string data;  // JSON object: flash messages, form state
};

// A Remember-Me token (SPEC §1.2): the cookie carries selector.validator; the
// store keeps the selector and only hashes of the validators.
struct RememberToken {
  int64_t id = 0;
  std::string selector;                 // public lookup key (base64url, >= 72 bits)
  std::string validator_hash;           // hash_hex(current validator)
  std::string previous_validator_hash;  // hash_hex(validator before the last rotation), "" if none
  int64_t rotated_ms = 0;               // when previous_validator_hash was replaced
  // hash_hex of the validators rotated away before the previous one, newest
  // first, concatenated (64 characters each), at most kRetiredValidatorsKept
  // (storage/remember_store.h).
  std::string retired_validator_hashes;
  int64_t person_id = 0;
  RememberAudience audience = RememberAudience::kUser;
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
  int64_t last_used_ms = 0;
  std::string ip;
  std::string user_agent;
};

// An e-mail waiting to be sent (durable outbox; a sender drains it).
struct OutboxMail {
  int64_t id = 0;
  int64_t created_ms = 0;
  std::string to;
  std::string subject;
  std::string body;     // text/plain, UTF-8
  std::string kind;     // e.g. "remember_theft", "password_reset"
  int64_t sent_ms = 0;  // 0 = not sent yet
  int attempts = 0;
  std::string last_error;
  // Threading of ticket mail (SPEC §10); "" = header left out (the mailer
  // then makes a fresh Message-ID).
  std::string message_id;      // "<id@domain>"
  std::string in_reply_to;     // "<id@domain>"
  std::string references;      // "<a@x> <b@y>", oldest first
  std::string reply_to;        // an address
  std::vector<int64_t> attachment_ids;  // ticket_attachments the mail carries (migration 0019)
};

// OutboxMail::attachment_ids as stored: "12 13"; parsing skips what is not a positive id.
std::string join_ids(const std::vector<int64_t>& ids);
std::vector<int64_t> split_ids(std::string_view text);

// A password-reset link (single use, expiring). The mail carries the token;
// the store keeps only hash_hex(token).
struct PasswordReset {
  int64_t id = 0;
  std::string token_hash;  // hash_hex(token); unique
  int64_t person_id = 0;
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
  int64_t used_ms = 0;  // 0 = not used yet
};

struct AuditEvent {
  int64_t id = 0;
  int64_t at_ms = 0;
  std::string event;      // e.g. "login", "login_failed", "logout", "session_revoked"
  int64_t person_id = 0;  // 0 = none/unknown
  std::string email;      // as typed, for failures
  std::string ip;
  std::string detail;  // free text / JSON
};

struct AuditFilter {
  std::optional<int64_t> person_id;
  std::optional<std::string> event;
  std::optional<int64_t> since_ms;
  std::optional<int64_t> until_ms;
  int limit = 100;
};

}  // namespace deskd::storage
