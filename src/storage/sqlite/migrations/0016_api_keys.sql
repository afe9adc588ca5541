-- REST API keys (SPEC §12): only hash_hex(key) is stored; `prefix` is the
-- first characters of the key, shown in the Admin list so a key can be told
-- apart. Scopes are space-separated names. 0 = never / not yet for the times.
CREATE TABLE api_keys (
  id           INTEGER PRIMARY KEY,
  name         TEXT    NOT NULL,
  prefix       TEXT    NOT NULL,
  key_hash     TEXT    NOT NULL UNIQUE,
  scopes       TEXT    NOT NULL,
  created_ms   INTEGER NOT NULL,
  expires_ms   INTEGER NOT NULL DEFAULT 0,
  revoked_ms   INTEGER NOT NULL DEFAULT 0,
  last_used_ms INTEGER NOT NULL DEFAULT 0
);

-- The answers of POSTs made with an Idempotency-Key, per API key: a retry with
-- the same key and body gets the stored answer; status 0 = still running.
CREATE TABLE api_idempotency (
  api_key_id      INTEGER NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  idempotency_key TEXT    NOT NULL,
  request_hash    TEXT    NOT NULL,
  status          INTEGER NOT NULL DEFAULT 0,
  body            TEXT    NOT NULL DEFAULT '',
  created_ms      INTEGER NOT NULL,
  PRIMARY KEY (api_key_id, idempotency_key)
);
CREATE INDEX api_idempotency_created ON api_idempotency (created_ms);
