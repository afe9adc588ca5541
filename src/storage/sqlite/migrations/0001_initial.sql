-- Initial schema: people, server-side sessions, settings, audit log.

CREATE TABLE people (
  id            INTEGER PRIMARY KEY,
  email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  name          TEXT    NOT NULL DEFAULT '',
  role          TEXT    NOT NULL CHECK (role IN ('user', 'agent', 'admin')),
  password_hash TEXT    NOT NULL DEFAULT '',
  language      TEXT    NOT NULL DEFAULT '',
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_ms    INTEGER NOT NULL
);

-- person_id is 0 for anonymous portal sessions, hence no foreign key.
CREATE TABLE sessions (
  row_id       INTEGER PRIMARY KEY,
  id_hash      TEXT    NOT NULL UNIQUE,
  interface    TEXT    NOT NULL,
  person_id    INTEGER NOT NULL DEFAULT 0,
  via_remember INTEGER NOT NULL DEFAULT 0 CHECK (via_remember IN (0, 1)),
  created_ms   INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  ip           TEXT    NOT NULL DEFAULT '',
  user_agent   TEXT    NOT NULL DEFAULT '',
  data         TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX sessions_person ON sessions (person_id);
CREATE INDEX sessions_interface_last_seen ON sessions (interface, last_seen_ms);

CREATE TABLE settings (
  key        TEXT    PRIMARY KEY,
  value      TEXT    NOT NULL,
  updated_ms INTEGER NOT NULL
);

CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at_ms     INTEGER NOT NULL,
  event     TEXT    NOT NULL,
  person_id INTEGER NOT NULL DEFAULT 0,
  email     TEXT    NOT NULL DEFAULT '',
  ip        TEXT    NOT NULL DEFAULT '',
  detail    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at_ms);
CREATE INDEX audit_log_person_at ON audit_log (person_id, at_ms);
CREATE INDEX audit_log_event_at ON audit_log (event, at_ms);
