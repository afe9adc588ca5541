-- The e-mail channel (SPEC §10). mail_messages holds every Message-ID deskd
-- received ('in') or sent ('out') with its ticket: it threads replies and makes
-- the same Message-ID twice one message. original_body keeps an inbound mail's
-- whole text (the ticket message holds it without the quoted earlier mail).
CREATE TABLE mail_messages (
  id                INTEGER PRIMARY KEY,
  message_id        TEXT    NOT NULL UNIQUE,
  ticket_id         INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  ticket_message_id INTEGER REFERENCES ticket_messages (id) ON DELETE SET NULL,
  direction         TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
  sender            TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
  original_body     TEXT    NOT NULL DEFAULT '',
  created_ms        INTEGER NOT NULL
);
CREATE INDEX mail_messages_ticket ON mail_messages (ticket_id, id);

-- Inbound mail that could not be processed, kept byte for byte (base64) until
-- an admin reprocesses or deletes it.
CREATE TABLE mail_quarantine (
  id          INTEGER PRIMARY KEY,
  received_ms INTEGER NOT NULL,
  source      TEXT    NOT NULL CHECK (source IN ('pipe', 'imap')),
  reason      TEXT    NOT NULL,
  raw_base64  TEXT    NOT NULL
);
CREATE INDEX mail_quarantine_received ON mail_quarantine (received_ms, id);

-- Threading headers of outgoing ticket mail ('' = header left out).
ALTER TABLE outbox ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN in_reply_to TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN references_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';
