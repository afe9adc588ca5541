-- Knowledge base: nested ordered categories and articles, both with
-- per-language texts, and a full-text index over article translations.
-- parent_id NULL = top level; author_id NULL = the author's account is gone.
CREATE TABLE kb_categories (
  id        INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES kb_categories (id),
  position  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX kb_categories_parent ON kb_categories (parent_id, position);

CREATE TABLE kb_category_texts (
  category_id INTEGER NOT NULL REFERENCES kb_categories (id) ON DELETE CASCADE,
  lang        TEXT    NOT NULL,
  title       TEXT    NOT NULL,
  slug        TEXT    NOT NULL,
  description TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (category_id, lang),
  UNIQUE (lang, slug)
);

CREATE TABLE kb_articles (
  id          INTEGER PRIMARY KEY,
  category_id INTEGER NOT NULL REFERENCES kb_categories (id),
  author_id   INTEGER REFERENCES people (id) ON DELETE SET NULL,
  status      TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  created_ms  INTEGER NOT NULL,
  updated_ms  INTEGER NOT NULL,
  view_count  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX kb_articles_category ON kb_articles (category_id, status, created_ms);
CREATE INDEX kb_articles_popular ON kb_articles (status, view_count);
CREATE INDEX kb_articles_newest ON kb_articles (status, created_ms);

CREATE TABLE kb_translations (
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  lang       TEXT    NOT NULL,
  title      TEXT    NOT NULL,
  slug       TEXT    NOT NULL,
  body_md    TEXT    NOT NULL DEFAULT '',
  body_text  TEXT    NOT NULL DEFAULT '',
  updated_ms INTEGER NOT NULL,
  UNIQUE (article_id, lang)
);
CREATE INDEX kb_translations_lang ON kb_translations (lang, article_id);

-- External-content index over kb_translations (title, body_text), kept in sync
-- by the triggers below. deskd_fold wraps unicode61 and also folds letters it
-- keeps (ø -> o/oe, æ -> ae, ß -> ss, ...); it is registered on every
-- connection deskd opens (storage/sqlite/kb_fold_tokenizer.h).
CREATE VIRTUAL TABLE kb_fts USING fts5(
  title, body_text,
  content = 'kb_translations', content_rowid = 'id',
  tokenize = 'deskd_fold unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE TRIGGER kb_translations_ai AFTER INSERT ON kb_translations BEGIN
  INSERT INTO kb_fts (rowid, title, body_text) VALUES (new.id, new.title, new.body_text);
END;
CREATE TRIGGER kb_translations_ad AFTER DELETE ON kb_translations BEGIN
  INSERT INTO kb_fts (kb_fts, rowid, title, body_text) VALUES ('delete', old.id, old.title, old.body_text);
END;
CREATE TRIGGER kb_translations_au AFTER UPDATE OF title, body_text ON kb_translations BEGIN
  INSERT INTO kb_fts (kb_fts, rowid, title, body_text) VALUES ('delete', old.id, old.title, old.body_text);
  INSERT INTO kb_fts (rowid, title, body_text) VALUES (new.id, new.title, new.body_text);
END;
