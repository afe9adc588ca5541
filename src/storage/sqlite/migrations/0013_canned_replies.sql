-- Canned replies of the agent desk: shared (owner_id NULL) or personal.
CREATE TABLE canned_replies (
  id         INTEGER PRIMARY KEY,
  owner_id   INTEGER REFERENCES people (id) ON DELETE CASCADE,
  title      TEXT    NOT NULL,
  body       TEXT    NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE INDEX canned_replies_owner ON canned_replies (owner_id);
