-- TOTP two-factor sign-in (SPEC §12). The secret is kept as is (a verifier
-- needs it); recovery codes only as hash_hex(code).
CREATE TABLE two_factor (
  person_id    INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  secret       TEXT     NOT NULL,
  created_ms   INTEGER NOT NULL,
  confirmed_ms INTEGER NOT NULL DEFAULT 0,
  last_step    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE recovery_codes (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  code_hash  TEXT    NOT NULL,
  used_ms    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX recovery_codes_person ON recovery_codes (person_id, code_hash);
