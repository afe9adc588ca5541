-- Tickets from the Help Center contact form and the Messenger's offline form.
-- person_id is NULL for guests; guests reach their tickets through mailed
-- access links of which only hash_hex(token) is stored.
CREATE TABLE tickets (
  id              INTEGER PRIMARY KEY,
  ref             TEXT    NOT NULL UNIQUE,
  person_id       INTEGER REFERENCES people (id) ON DELETE SET NULL,
  requester_name  TEXT    NOT NULL,
  requester_email TEXT    NOT NULL COLLATE NOCASE,
  subject         TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('open', 'pending', 'resolved', 'closed')),
  created_ms      INTEGER NOT NULL,
  updated_ms      INTEGER NOT NULL,
  lang            TEXT    NOT NULL DEFAULT '',
  visitor_id      TEXT,
  source          TEXT    NOT NULL CHECK (source IN ('web', 'messenger'))
);
CREATE INDEX tickets_person_created ON tickets (person_id, created_ms);
CREATE INDEX tickets_email_created ON tickets (requester_email, created_ms);
CREATE INDEX tickets_updated ON tickets (updated_ms);
CREATE INDEX tickets_status_updated ON tickets (status, updated_ms);

CREATE TABLE ticket_messages (
  id          INTEGER PRIMARY KEY,
  ticket_id   INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  author_kind TEXT    NOT NULL CHECK (author_kind IN ('user', 'agent')),
  author_id   INTEGER REFERENCES people (id) ON DELETE SET NULL,
  author_name TEXT    NOT NULL,
  body        TEXT    NOT NULL,
  created_ms  INTEGER NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);

CREATE TABLE ticket_access_tokens (
  id         INTEGER PRIMARY KEY,
  ticket_id  INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  token_hash TEXT    NOT NULL UNIQUE,
  created_ms INTEGER NOT NULL
);
CREATE INDEX ticket_access_tokens_ticket ON ticket_access_tokens (ticket_id);
