#include "storage/sqlite/two_factor_store.h"

namespace deskd::storage::sqlite {
namespace {

constexpr const char* kConfirmedSql = "SELECT 1 FROM two_factor WHERE person_id = ? AND confirmed_ms > 0";

// On a connection inside write(): the person's recovery codes become `hashes`.
Status store_codes(Connection& c, int64_t person_id, const std::vector<std::string>& hashes) {
  Result<Statement> del = c.prepare("DELETE FROM recovery_codes WHERE person_id = ?");
  if (!del) return del.status();
  if (Status s = del->bind(1, person_id).run(); !s.is_ok()) return s;
  for (const auto& hash : hashes) {
    if (hash.empty()) return invalid_argument("recovery code hash is empty");
    Result<Statement> ins = c.prepare("INSERT INTO recovery_codes (person_id, code_hash) VALUES (?, ?)");
    if (!ins) return ins.status();
    if (Status s = ins->bind(1, person_id).bind(2, hash).run(); !s.is_ok()) return s;
  }
  return Status::ok();
}

}  // namespace

Status SqliteTwoFactorStore::begin(int64_t person_id, std::string_view secret, int64_t now_ms) {
  if (secret.empty()) return invalid_argument("two-factor secret is empty");
  return db_.write([&](Connection& c) {
    Result<bool> person = row_exists(c, "SELECT 1 FROM people WHERE id = ?", person_id);
    if (!person) return person.status();
    if (!*person) return invalid_argument("two-factor secret for unknown person " + std::to_string(person_id));
    Result<Statement> stmt = c.prepare(
        "INSERT INTO two_factor (person_id, secret, created_ms) VALUES (?, ?, ?) "
        "ON CONFLICT (person_id) DO UPDATE SET secret = excluded.secret, created_ms = excluded.created_ms, "
        "last_step = 0 WHERE two_factor.confirmed_ms = 0");
    if (!stmt) return stmt.status();
    if (Status s = stmt->bind(1, person_id).bind(2, secret).bind(3, now_ms).run(); !s.is_ok()) return s;
    if (c.changes() == 1) return Status::ok();
    return conflict("two-factor sign-in is already confirmed");
  });
}

Result<TwoFactor> SqliteTwoFactorStore::find(int64_t person_id) {
  return query_one(
      db_, "SELECT " + std::string(kTwoFactorColumns) + " FROM two_factor t WHERE person_id = ?",
      [&](Statement& s) { s.bind(1, person_id); }, &read_two_factor, "no two-factor secret");
}

Status SqliteTwoFactorStore::confirm(int64_t person_id, int64_t step,
                                     const std::vector<std::string>& recovery_code_hashes, int64_t now_ms) {
  if (now_ms <= 0) return invalid_argument("confirmed time must be positive");
  return db_.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare(
        "UPDATE two_factor SET confirmed_ms = ?, last_step = ? WHERE person_id = ? AND confirmed_ms = 0");
    if (!stmt) return stmt.status();
    if (Status s = stmt->bind(1, now_ms).bind(2, step).bind(3, person_id).run(); !s.is_ok()) return s;
    if (c.changes() != 1) {
      Result<bool> present = row_exists(c, "SELECT 1 FROM two_factor WHERE person_id = ?", person_id);
      if (!present) return present.status();
      return *present ? conflict("two-factor sign-in is already confirmed") : not_found("no two-factor secret");
    }
    return store_codes(c, person_id, recovery_code_hashes);
  });
}

Status SqliteTwoFactorStore::replace_recovery_codes(int64_t person_id,
                                                    const std::vector<std::string>& recovery_code_hashes) {
  return db_.write([&](Connection& c) {
    Result<bool> confirmed = row_exists(c, kConfirmedSql, person_id);
    if (!confirmed) return confirmed.status();
    if (!*confirmed) return not_found("no confirmed two-factor secret");
    return store_codes(c, person_id, recovery_code_hashes);
  });
}

Status SqliteTwoFactorStore::use_step(int64_t person_id, int64_t step) {
  return db_.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare(
        "UPDATE two_factor SET last_step = ? WHERE person_id = ? AND confirmed_ms > 0 AND last_step < ?");
    if (!stmt) return stmt.status();
    if (Status s = stmt->bind(1, step).bind(2, person_id).bind(3, step).run(); !s.is_ok()) return s;
    if (c.changes() == 1) return Status::ok();
    Result<bool> confirmed = row_exists(c, kConfirmedSql, person_id);
    if (!confirmed) return confirmed.status();
    return *confirmed ? conflict("two-factor code already used") : not_found("no confirmed two-factor secret");
  });
}

Status SqliteTwoFactorStore::use_recovery_code(int64_t person_id, std::string_view code_hash, int64_t now_ms) {
  if (now_ms <= 0) return invalid_argument("used time must be positive");
  Result<int64_t> changed = change_rows(
      db_,
      "UPDATE recovery_codes SET used_ms = ? WHERE used_ms = 0 AND id = "
      "(SELECT id FROM recovery_codes WHERE person_id = ? AND code_hash = ? AND used_ms = 0 LIMIT 1)",
      [&](Statement& s) { s.bind(1, now_ms).bind(2, person_id).bind(3, code_hash); });
  if (!changed) return changed.status();
  return *changed == 1 ? Status::ok() : conflict("no such unused recovery code");
}

Status SqliteTwoFactorStore::remove(int64_t person_id) {
  return db_.write([&](Connection& c) {
    Result<Statement> codes = c.prepare("DELETE FROM recovery_codes WHERE person_id = ?");
    if (!codes) return codes.status();
    if (Status s = codes->bind(1, person_id).run(); !s.is_ok()) return s;
    Result<Statement> secret = c.prepare("DELETE FROM two_factor WHERE person_id = ?");
    if (!secret) return secret.status();
    if (Status s = secret->bind(1, person_id).run(); !s.is_ok()) return s;
    return c.changes() == 1 ? Status::ok() : not_found("no two-factor secret");
  });
}

}  // namespace deskd::storage::sqlite
