-- The agent desk's read models (storage/insight_store.h): ticket search,
-- report milestones and Help Center ticket deflection. Everything here is
-- maintained by triggers, so no ticket write path has to know about it.

-- One search document per ticket, rowid = ticket id: its ref, subject,
-- requester name and e-mail and every message body. A query reads only rowids
-- (no content lookups), so a word found in most tickets stays cheap; a new
-- message rebuilds its ticket's document (cost: the ticket's text).
CREATE VIRTUAL TABLE ticket_search USING fts5(
  text,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO ticket_search (rowid, text)
  SELECT t.id, t.ref || ' ' || t.subject || ' ' || t.requester_name || ' ' || t.requester_email || ' ' ||
         coalesce((SELECT group_concat(m.body, ' ') FROM ticket_messages m WHERE m.ticket_id = t.id), '')
  FROM tickets t;

CREATE TRIGGER ticket_search_ticket_insert AFTER INSERT ON tickets BEGIN
  DELETE FROM ticket_search WHERE rowid = NEW.id;
  INSERT INTO ticket_search (rowid, text)
    SELECT t.id, t.ref || ' ' || t.subject || ' ' || t.requester_name || ' ' || t.requester_email || ' ' ||
         coalesce((SELECT group_concat(m.body, ' ') FROM ticket_messages m WHERE m.ticket_id = t.id), '')
    FROM tickets t WHERE t.id = NEW.id;
END;
CREATE TRIGGER ticket_search_ticket_update AFTER UPDATE OF ref, subject, requester_name, requester_email ON tickets BEGIN
  DELETE FROM ticket_search WHERE rowid = NEW.id;
  INSERT INTO ticket_search (rowid, text)
    SELECT t.id, t.ref || ' ' || t.subject || ' ' || t.requester_name || ' ' || t.requester_email || ' ' ||
         coalesce((SELECT group_concat(m.body, ' ') FROM ticket_messages m WHERE m.ticket_id = t.id), '')
    FROM tickets t WHERE t.id = NEW.id;
END;
CREATE TRIGGER ticket_search_ticket_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM ticket_search WHERE rowid = OLD.id;
END;
CREATE TRIGGER ticket_search_message_insert AFTER INSERT ON ticket_messages BEGIN
  DELETE FROM ticket_search WHERE rowid = NEW.ticket_id;
  INSERT INTO ticket_search (rowid, text)
    SELECT t.id, t.ref || ' ' || t.subject || ' ' || t.requester_name || ' ' || t.requester_email || ' ' ||
         coalesce((SELECT group_concat(m.body, ' ') FROM ticket_messages m WHERE m.ticket_id = t.id), '')
    FROM tickets t WHERE t.id = NEW.ticket_id;
END;
CREATE TRIGGER ticket_search_message_update AFTER UPDATE OF body ON ticket_messages BEGIN
  DELETE FROM ticket_search WHERE rowid = NEW.ticket_id;
  INSERT INTO ticket_search (rowid, text)
    SELECT t.id, t.ref || ' ' || t.subject || ' ' || t.requester_name || ' ' || t.requester_email || ' ' ||
         coalesce((SELECT group_concat(m.body, ' ') FROM ticket_messages m WHERE m.ticket_id = t.id), '')
    FROM tickets t WHERE t.id = NEW.ticket_id;
END;
CREATE TRIGGER ticket_search_message_delete AFTER DELETE ON ticket_messages BEGIN
  DELETE FROM ticket_search WHERE rowid = OLD.ticket_id;
  INSERT INTO ticket_search (rowid, text)
    SELECT t.id, t.ref || ' ' || t.subject || ' ' || t.requester_name || ' ' || t.requester_email || ' ' ||
         coalesce((SELECT group_concat(m.body, ' ') FROM ticket_messages m WHERE m.ticket_id = t.id), '')
    FROM tickets t WHERE t.id = OLD.ticket_id;
END;

-- When a ticket first got an agent's reply and when it was last resolved
-- (status resolved or closed; a reopened ticket has no resolved_ms).
CREATE TABLE ticket_milestones (
  ticket_id         INTEGER PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
  first_response_ms INTEGER,
  resolved_ms       INTEGER
);
CREATE INDEX ticket_milestones_resolved ON ticket_milestones (resolved_ms);
INSERT INTO ticket_milestones (ticket_id, first_response_ms, resolved_ms)
  SELECT t.id,
         (SELECT min(m.created_ms) FROM ticket_messages m WHERE m.ticket_id = t.id AND m.author_kind = 'agent'),
         CASE WHEN t.status IN ('resolved', 'closed') THEN t.updated_ms END
  FROM tickets t;
CREATE TRIGGER ticket_milestones_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO ticket_milestones (ticket_id) VALUES (NEW.id);
END;
CREATE TRIGGER ticket_milestones_first_response AFTER INSERT ON ticket_messages
  WHEN NEW.author_kind = 'agent' BEGIN
  UPDATE ticket_milestones SET first_response_ms = NEW.created_ms
    WHERE ticket_id = NEW.ticket_id AND first_response_ms IS NULL;
END;
CREATE TRIGGER ticket_milestones_status AFTER UPDATE OF status ON tickets
  WHEN (NEW.status IN ('resolved', 'closed')) <> (OLD.status IN ('resolved', 'closed')) BEGIN
  UPDATE ticket_milestones
    SET resolved_ms = CASE WHEN NEW.status IN ('resolved', 'closed') THEN NEW.updated_ms END
    WHERE ticket_id = NEW.id;
END;
CREATE INDEX tickets_created ON tickets (created_ms);
CREATE INDEX chats_accepted ON chats (accepted_ms);

-- A visitor (dp_v) opened a Help Center article that the new-ticket form
-- suggested. "Deflected" = no ticket from that visitor since.
CREATE TABLE ticket_deflections (
  id         INTEGER PRIMARY KEY,
  visitor_id TEXT    NOT NULL,
  article_id INTEGER NOT NULL,
  opened_ms  INTEGER NOT NULL
);
CREATE INDEX ticket_deflections_opened ON ticket_deflections (opened_ms);
CREATE INDEX tickets_visitor_created ON tickets (visitor_id, created_ms);
CREATE INDEX comments_person_created ON comments (person_id, created_ms);
