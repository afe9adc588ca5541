-- Abuse limits (docs/security.md): the client address a chat was started from,
-- as an opaque key (a hash of the address; IPv6 by /64), so the open chats of
-- one address can be capped without storing the address itself.
ALTER TABLE chats ADD COLUMN client_key TEXT NOT NULL DEFAULT '';
CREATE INDEX chats_client_status ON chats (client_key, status);
CREATE INDEX chats_status_created ON chats (status, created_ms);
