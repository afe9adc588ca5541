-- Password-reset links (single use, expiring). Only hash_hex(token) is stored.
CREATE TABLE password_resets (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT    NOT NULL UNIQUE,
  person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  used_ms    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX password_resets_person ON password_resets (person_id);
