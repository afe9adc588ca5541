-- Visitor engagement: visitors (dp_v), page views, article votes and comments.
-- article_id refers to the knowledge base's articles (migration 0004) without
-- a foreign key: votes, comments and page views are written without reading
-- the article table, and the article routes check that an article exists
-- before anything is recorded. person_id NULL = nobody.

CREATE TABLE visitors (
  id           TEXT    PRIMARY KEY,
  person_id    INTEGER REFERENCES people (id) ON DELETE SET NULL,
  created_ms   INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL
);
CREATE INDEX visitors_person ON visitors (person_id);

CREATE TABLE page_views (
  id         INTEGER PRIMARY KEY,
  visitor_id TEXT,
  person_id  INTEGER,
  path       TEXT    NOT NULL,
  title      TEXT    NOT NULL DEFAULT '',
  at_ms      INTEGER NOT NULL
);
CREATE INDEX page_views_visitor_at ON page_views (visitor_id, at_ms);
CREATE INDEX page_views_person_at ON page_views (person_id, at_ms);

-- voter: "v:<dp_v>", "p:<person id>" or "s:<session id hash>".
CREATE TABLE votes (
  article_id INTEGER NOT NULL,
  voter      TEXT    NOT NULL,
  person_id  INTEGER,
  value      INTEGER NOT NULL CHECK (value IN (-1, 1)),
  updated_ms INTEGER NOT NULL,
  PRIMARY KEY (article_id, voter)
);
CREATE INDEX votes_voter ON votes (voter);

CREATE TABLE comments (
  id           INTEGER PRIMARY KEY,
  article_id   INTEGER NOT NULL,
  person_id    INTEGER,
  voter        TEXT    NOT NULL,
  name         TEXT    NOT NULL DEFAULT '',
  email        TEXT    NOT NULL DEFAULT '',
  body         TEXT    NOT NULL,
  lang         TEXT    NOT NULL DEFAULT '',
  status       TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  created_ms   INTEGER NOT NULL,
  moderated_by INTEGER NOT NULL DEFAULT 0,
  moderated_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_article_status ON comments (article_id, status, created_ms);
CREATE INDEX comments_status_created ON comments (status, created_ms);
CREATE INDEX comments_voter ON comments (voter);
