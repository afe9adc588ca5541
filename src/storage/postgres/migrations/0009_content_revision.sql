-- Revision numbers of what Help Center pages show (SPEC §8), one per scope,
-- bumped in the same transaction as every write that changes it:
--   kb      categories, articles, translations (view counts excluded)
--   engage  votes, comments (added or moderated), visitors attached to people
-- Nodes caching published content poll these rows to notice writes made
-- elsewhere (storage/content_revision.h). The bump's row lock, taken as the
-- last statement before COMMIT, orders a scope's writers so revisions commit
-- in increasing order.
CREATE TABLE content_revision (
  scope    TEXT   PRIMARY KEY CHECK (scope IN ('kb', 'engage')),
  revision BIGINT NOT NULL
);
INSERT INTO content_revision (scope, revision) VALUES ('kb', 1), ('engage', 1);
