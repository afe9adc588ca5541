-- Remember-Me tokens (SPEC §1.2) and the durable e-mail outbox.

-- The cookie carries selector.validator; only hashes of validators are stored.
-- previous_validator_hash / rotated_ms let a just-rotated token's old
-- validator be told apart from a stolen one.
CREATE TABLE remember_tokens (
  id                      INTEGER PRIMARY KEY,
  selector                TEXT    NOT NULL UNIQUE,
  validator_hash          TEXT    NOT NULL,
  previous_validator_hash TEXT    NOT NULL DEFAULT '',
  rotated_ms              INTEGER NOT NULL DEFAULT 0,
  person_id               INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  audience                TEXT    NOT NULL CHECK (audience IN ('user', 'agent')),
  created_ms              INTEGER NOT NULL,
  expires_ms              INTEGER NOT NULL,
  last_used_ms            INTEGER NOT NULL,
  ip                      TEXT    NOT NULL DEFAULT '',
  user_agent              TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX remember_tokens_person ON remember_tokens (person_id);
CREATE INDEX remember_tokens_expires ON remember_tokens (expires_ms);

-- sent_ms = 0 while a mail waits to be sent.
CREATE TABLE outbox (
  id         INTEGER PRIMARY KEY,
  created_ms INTEGER NOT NULL,
  recipient  TEXT    NOT NULL,
  subject    TEXT    NOT NULL,
  body       TEXT    NOT NULL,
  kind       TEXT    NOT NULL,
  sent_ms    INTEGER NOT NULL DEFAULT 0,
  attempts   INTEGER NOT NULL DEFAULT 0,
  last_error TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX outbox_sent_id ON outbox (sent_ms, id);
