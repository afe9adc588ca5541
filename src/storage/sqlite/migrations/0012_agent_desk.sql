-- The agent desk: groups of staff, and each ticket's priority, group and
-- assignee; messages become replies (seen by the requester) or internal notes.
CREATE TABLE agent_groups (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  created_ms INTEGER NOT NULL
);

CREATE TABLE agent_group_members (
  group_id  INTEGER NOT NULL REFERENCES agent_groups (id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, person_id)
);
CREATE INDEX agent_group_members_person ON agent_group_members (person_id);

ALTER TABLE tickets ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal'
  CHECK (priority IN ('low', 'normal', 'high', 'urgent'));
ALTER TABLE tickets ADD COLUMN group_id INTEGER REFERENCES agent_groups (id) ON DELETE SET NULL;
ALTER TABLE tickets ADD COLUMN assignee_id INTEGER REFERENCES people (id) ON DELETE SET NULL;
CREATE INDEX tickets_assignee_updated ON tickets (assignee_id, updated_ms);
CREATE INDEX tickets_group_updated ON tickets (group_id, updated_ms);

ALTER TABLE ticket_messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'reply' CHECK (kind IN ('reply', 'note'));
