-- Files attached to ticket messages. The bytes are stored once per SHA-256
-- (attachment_blobs, content-addressed); each attachment row links them to one
-- message with the name and type it arrived with.
CREATE TABLE attachment_blobs (
  sha256     TEXT    PRIMARY KEY,
  size       INTEGER NOT NULL,
  data       BLOB    NOT NULL,
  created_ms INTEGER NOT NULL
);

CREATE TABLE ticket_attachments (
  id           INTEGER PRIMARY KEY,
  ticket_id    INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  message_id   INTEGER NOT NULL REFERENCES ticket_messages (id) ON DELETE CASCADE,
  filename     TEXT    NOT NULL,
  content_type TEXT    NOT NULL,
  content_id   TEXT    NOT NULL DEFAULT '',
  sha256       TEXT    NOT NULL REFERENCES attachment_blobs (sha256),
  size         INTEGER NOT NULL,
  created_ms   INTEGER NOT NULL
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id, message_id, id);
CREATE INDEX ticket_attachments_message ON ticket_attachments (message_id);
CREATE INDEX ticket_attachments_sha256 ON ticket_attachments (sha256);
