-- Messenger chats and their messages. chat_messages.id is the resume cursor
-- clients send after a reconnect; (chat_id, client_id) makes retried sends
-- idempotent. Visitors are the engagement store's `visitors` rows.
CREATE TABLE chats (
  id          INTEGER PRIMARY KEY,
  visitor_id  TEXT    NOT NULL,
  person_id   INTEGER REFERENCES people (id) ON DELETE SET NULL,
  name        TEXT    NOT NULL DEFAULT '',
  email       TEXT    NOT NULL DEFAULT '',
  status      TEXT    NOT NULL CHECK (status IN ('queued', 'active', 'ended')),
  agent_id    INTEGER REFERENCES people (id) ON DELETE SET NULL,
  created_ms  INTEGER NOT NULL,
  accepted_ms INTEGER,
  ended_ms    INTEGER,
  ended_by    TEXT    NOT NULL DEFAULT '',
  lang        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX chats_visitor_created ON chats (visitor_id, created_ms);
CREATE INDEX chats_person_created ON chats (person_id, created_ms);
CREATE INDEX chats_status_agent ON chats (status, agent_id);

CREATE TABLE chat_messages (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  chat_id   INTEGER NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  author    TEXT    NOT NULL CHECK (author IN ('visitor', 'agent', 'system')),
  author_id INTEGER,
  name      TEXT    NOT NULL DEFAULT '',
  body      TEXT    NOT NULL,
  client_id TEXT,
  at_ms     INTEGER NOT NULL,
  UNIQUE (chat_id, client_id)
);
CREATE INDEX chat_messages_chat ON chat_messages (chat_id, id);
