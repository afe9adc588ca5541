-- SLA targets and due times, and the agent desk's notifications (issue 15
-- items 4 and 6; docs/agent-desk.md "SLA" and "Notifications").

-- First-response and resolution targets per priority, in (business) minutes.
-- A missing row or a NULL target means no target. No rows are seeded.
CREATE TABLE sla_targets (
  priority               TEXT    PRIMARY KEY CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  first_response_minutes INTEGER CHECK (first_response_minutes > 0),
  resolution_minutes     INTEGER CHECK (resolution_minutes > 0)
);

-- The optional weekly business-hours schedule (one row at most; none = 24/7).
-- week: seven "HH:MM-HH:MM" or "closed", Monday first, space-separated.
CREATE TABLE sla_schedule (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  enabled   INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  time_zone TEXT    NOT NULL,
  week      TEXT    NOT NULL
);

-- Due times are computed when a ticket is created (and again when its
-- priority changes); the first agent reply is recorded by a trigger. The
-- *_notified flags make each breach notified once, whichever node claims it.
ALTER TABLE tickets ADD COLUMN sla_first_response_due_ms INTEGER;
ALTER TABLE tickets ADD COLUMN sla_resolution_due_ms INTEGER;
ALTER TABLE tickets ADD COLUMN sla_first_replied_ms INTEGER;
ALTER TABLE tickets ADD COLUMN sla_first_response_notified INTEGER NOT NULL DEFAULT 0
  CHECK (sla_first_response_notified IN (0, 1));
ALTER TABLE tickets ADD COLUMN sla_resolution_notified INTEGER NOT NULL DEFAULT 0
  CHECK (sla_resolution_notified IN (0, 1));
UPDATE tickets SET sla_first_replied_ms =
  (SELECT min(m.created_ms) FROM ticket_messages m
    WHERE m.ticket_id = tickets.id AND m.author_kind = 'agent' AND m.kind = 'reply');
CREATE INDEX tickets_sla_first_response_due ON tickets (sla_first_response_due_ms)
  WHERE sla_first_replied_ms IS NULL AND status IN ('open', 'pending');
CREATE INDEX tickets_sla_resolution_due ON tickets (sla_resolution_due_ms)
  WHERE status IN ('open', 'pending');

CREATE TRIGGER tickets_sla_first_reply AFTER INSERT ON ticket_messages
  WHEN NEW.author_kind = 'agent' AND NEW.kind = 'reply' BEGIN
  UPDATE tickets SET sla_first_replied_ms = NEW.created_ms
    WHERE id = NEW.ticket_id AND sla_first_replied_ms IS NULL;
END;

-- Messages not yet looked at by the notifier (a new ticket's first message,
-- a requester's reply). Existing messages are not notified after an upgrade.
ALTER TABLE ticket_messages ADD COLUMN notify_pending INTEGER NOT NULL DEFAULT 1 CHECK (notify_pending IN (0, 1));
UPDATE ticket_messages SET notify_pending = 0;
CREATE INDEX ticket_messages_notify_pending ON ticket_messages (id) WHERE notify_pending = 1;

-- An agent's choice to be notified by e-mail (no row = yes).
CREATE TABLE agent_notify_prefs (
  person_id INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  email     INTEGER NOT NULL CHECK (email IN (0, 1))
);
