-- Webhooks (SPEC §12, docs/webhooks.md; storage/webhook_store.h).
--
-- Every event is written by a trigger into webhook_deliveries, one row per
-- enabled webhook that subscribes to it, IN THE TRANSACTION OF THE CHANGE: a
-- ticket, reply or comment that committed always has its deliveries, whatever
-- wrote it (portal, agent desk, mail intake, the API), and a rolled-back change
-- has none. The row holds a snapshot of the data at the time of the event.
--
-- events: the subscribed event names, space-separated with a leading and a
-- trailing space (' ticket.created chat.ended '), so a trigger finds one with
-- instr(events, ' ticket.created ').
CREATE TABLE webhooks (
  id                   INTEGER PRIMARY KEY,
  url                  TEXT    NOT NULL,
  events               TEXT    NOT NULL,
  secret               TEXT    NOT NULL,
  enabled              INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_ms           INTEGER NOT NULL,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  disabled_reason      TEXT    NOT NULL DEFAULT '' CHECK (disabled_reason IN ('', 'admin', 'failures')),
  disabled_ms          INTEGER NOT NULL DEFAULT 0
);

-- status: pending (due at next_try_ms), delivered, failed (given up).
-- claimed_until_ms: a node delivering the row holds it until then; another
-- node claims it only after that (conditional UPDATE).
CREATE TABLE webhook_deliveries (
  id               INTEGER PRIMARY KEY,
  webhook_id       INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_id         TEXT    NOT NULL UNIQUE,
  event            TEXT    NOT NULL,
  data             TEXT    NOT NULL,
  created_ms       INTEGER NOT NULL,
  status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_try_ms      INTEGER NOT NULL,
  claimed_until_ms INTEGER NOT NULL DEFAULT 0,
  last_http_status INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT    NOT NULL DEFAULT '',
  finished_ms      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_try_ms);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);

-- The JSON objects the events carry, one place per kind of thing. Times are
-- ISO 8601 UTC with milliseconds; people appear by e-mail address.
CREATE VIEW webhook_ticket_json AS
  SELECT t.id AS id, json_object(
    'ref', t.ref, 'subject', t.subject, 'status', t.status, 'priority', t.priority,
    'group', (SELECT g.name FROM agent_groups g WHERE g.id = t.group_id),
    'assignee', (SELECT p.email FROM people p WHERE p.id = t.assignee_id),
    'requester', t.requester_email, 'requester_name', t.requester_name, 'source', t.source,
    'created_at', strftime('%Y-%m-%dT%H:%M:%fZ', t.created_ms / 1000.0, 'unixepoch'),
    'updated_at', strftime('%Y-%m-%dT%H:%M:%fZ', t.updated_ms / 1000.0, 'unixepoch')) AS doc
  FROM tickets t;

CREATE VIEW webhook_chat_json AS
  SELECT c.id AS id, json_object(
    'id', c.id, 'status', c.status, 'name', c.name, 'email', c.email, 'lang', c.lang,
    'agent', (SELECT p.email FROM people p WHERE p.id = c.agent_id),
    'created_at', strftime('%Y-%m-%dT%H:%M:%fZ', c.created_ms / 1000.0, 'unixepoch'),
    'ended_at', CASE WHEN c.ended_ms IS NULL THEN NULL
                     ELSE strftime('%Y-%m-%dT%H:%M:%fZ', c.ended_ms / 1000.0, 'unixepoch') END,
    'ended_by', c.ended_by,
    'messages', (SELECT count(*) FROM chat_messages m WHERE m.chat_id = c.id AND m.author <> 'system')) AS doc
  FROM chats c;

-- ticket.created: with the ticket's first message (the ticket row exists by then).
CREATE TRIGGER webhook_ticket_created AFTER INSERT ON ticket_messages
  WHEN NOT EXISTS (SELECT 1 FROM ticket_messages m WHERE m.ticket_id = NEW.ticket_id AND m.id <> NEW.id) BEGIN
  INSERT INTO webhook_deliveries (webhook_id, event_id, event, data, created_ms, next_try_ms)
    SELECT w.id, 'evt_' || lower(hex(randomblob(16))), 'ticket.created',
           json_object('ticket', json(v.doc), 'message', json_object(
             'id', NEW.id, 'kind', NEW.kind, 'author', NEW.author_kind, 'author_name', NEW.author_name,
             'body', NEW.body,
             'created_at', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_ms / 1000.0, 'unixepoch'))),
           NEW.created_ms, NEW.created_ms
    FROM webhooks w, webhook_ticket_json v
    WHERE v.id = NEW.ticket_id AND w.enabled = 1 AND instr(w.events, ' ticket.created ') > 0;
END;

-- ticket.replied: every later reply (internal notes are not sent).
CREATE TRIGGER webhook_ticket_replied AFTER INSERT ON ticket_messages
  WHEN NEW.kind = 'reply'
   AND EXISTS (SELECT 1 FROM ticket_messages m WHERE m.ticket_id = NEW.ticket_id AND m.id <> NEW.id) BEGIN
  INSERT INTO webhook_deliveries (webhook_id, event_id, event, data, created_ms, next_try_ms)
    SELECT w.id, 'evt_' || lower(hex(randomblob(16))), 'ticket.replied',
           json_object('ticket', json(v.doc), 'message', json_object(
             'id', NEW.id, 'kind', NEW.kind, 'author', NEW.author_kind, 'author_name', NEW.author_name,
             'body', NEW.body,
             'created_at', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_ms / 1000.0, 'unixepoch'))),
           NEW.created_ms, NEW.created_ms
    FROM webhooks w, webhook_ticket_json v
    WHERE v.id = NEW.ticket_id AND w.enabled = 1 AND instr(w.events, ' ticket.replied ') > 0;
END;

-- ticket.updated: status, priority, group or assignee changed; `previous`
-- holds the values before.
CREATE TRIGGER webhook_ticket_updated AFTER UPDATE OF status, priority, group_id, assignee_id ON tickets
  WHEN OLD.status IS NOT NEW.status OR OLD.priority IS NOT NEW.priority
    OR OLD.group_id IS NOT NEW.group_id OR OLD.assignee_id IS NOT NEW.assignee_id BEGIN
  INSERT INTO webhook_deliveries (webhook_id, event_id, event, data, created_ms, next_try_ms)
    SELECT w.id, 'evt_' || lower(hex(randomblob(16))), 'ticket.updated',
           json_object('ticket', json(v.doc), 'previous', json_object(
             'status', OLD.status, 'priority', OLD.priority,
             'group', (SELECT g.name FROM agent_groups g WHERE g.id = OLD.group_id),
             'assignee', (SELECT p.email FROM people p WHERE p.id = OLD.assignee_id))),
           NEW.updated_ms, NEW.updated_ms
    FROM webhooks w, webhook_ticket_json v
    WHERE v.id = NEW.id AND w.enabled = 1 AND instr(w.events, ' ticket.updated ') > 0;
END;

CREATE TRIGGER webhook_chat_started AFTER INSERT ON chats BEGIN
  INSERT INTO webhook_deliveries (webhook_id, event_id, event, data, created_ms, next_try_ms)
    SELECT w.id, 'evt_' || lower(hex(randomblob(16))), 'chat.started', json_object('chat', json(v.doc)),
           NEW.created_ms, NEW.created_ms
    FROM webhooks w, webhook_chat_json v
    WHERE v.id = NEW.id AND w.enabled = 1 AND instr(w.events, ' chat.started ') > 0;
END;

CREATE TRIGGER webhook_chat_ended AFTER UPDATE OF status ON chats
  WHEN NEW.status = 'ended' AND OLD.status <> 'ended' BEGIN
  INSERT INTO webhook_deliveries (webhook_id, event_id, event, data, created_ms, next_try_ms)
    SELECT w.id, 'evt_' || lower(hex(randomblob(16))), 'chat.ended', json_object('chat', json(v.doc)),
           coalesce(NEW.ended_ms, NEW.created_ms), coalesce(NEW.ended_ms, NEW.created_ms)
    FROM webhooks w, webhook_chat_json v
    WHERE v.id = NEW.id AND w.enabled = 1 AND instr(w.events, ' chat.ended ') > 0;
END;

-- comment.created: also a comment waiting for moderation (status tells).
CREATE TRIGGER webhook_comment_created AFTER INSERT ON comments BEGIN
  INSERT INTO webhook_deliveries (webhook_id, event_id, event, data, created_ms, next_try_ms)
    SELECT w.id, 'evt_' || lower(hex(randomblob(16))), 'comment.created',
           json_object('comment', json_object(
             'id', NEW.id, 'article_id', NEW.article_id, 'status', NEW.status, 'name', NEW.name,
             'email', NEW.email, 'lang', NEW.lang, 'body', NEW.body,
             'created_at', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_ms / 1000.0, 'unixepoch'))),
           NEW.created_ms, NEW.created_ms
    FROM webhooks w
    WHERE w.enabled = 1 AND instr(w.events, ' comment.created ') > 0;
END;
