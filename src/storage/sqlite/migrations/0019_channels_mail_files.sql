-- Issue 16. Where each ticket came from: 'portal' (Help Center forms), 'mail'
-- (inbound e-mail), 'chat' (the Messenger), 'agent' (opened by staff), 'api'.
-- tickets.source ('web' | 'messenger', migration 0006) stays for the readers
-- that know it; its CHECK cannot be widened without rebuilding the table.
ALTER TABLE tickets ADD COLUMN channel TEXT NOT NULL DEFAULT 'portal'
  CHECK (channel IN ('portal', 'mail', 'chat', 'agent', 'api'));
UPDATE tickets SET channel = 'chat' WHERE source = 'messenger';
UPDATE tickets SET channel = 'mail'
 WHERE id IN (SELECT m.ticket_id FROM mail_messages m
               WHERE m.direction = 'in'
                 AND m.ticket_message_id = (SELECT min(tm.id) FROM ticket_messages tm WHERE tm.ticket_id = m.ticket_id));

-- The files an outgoing mail carries: ticket_attachments ids, space-separated
-- ('' = none). The mailer reads their bytes when it sends.
ALTER TABLE outbox ADD COLUMN attachment_ids TEXT NOT NULL DEFAULT '';
