#include "storage/sqlite/kb_store.h"

#include <algorithm>
#include <map>
#include <set>

namespace deskd::storage::sqlite {
namespace {

constexpr size_t kMaxMatchWords = 16;
constexpr size_t kMaxWordBytes = 64;
constexpr int kMaxSearchLimit = 100;

Status validate_texts(const KbCategory& category) {
  if (category.texts.empty()) return invalid_argument("a category needs at least one language");
  std::set<std::string_view> langs;
  for (const auto& text : category.texts) {
    if (text.lang.empty() || text.title.empty() || text.slug.empty())
      return invalid_argument("a category text needs a language, a title and a slug");
    if (!langs.insert(text.lang).second) return invalid_argument("two category texts for language " + text.lang);
  }
  return Status::ok();
}

Status validate_translations(const KbArticle& article) {
  if (article.translations.empty()) return invalid_argument("an article needs at least one translation");
  std::set<std::string_view> langs;
  for (const auto& t : article.translations) {
    if (t.lang.empty() || t.title.empty() || t.slug.empty())
      return invalid_argument("a translation needs a language, a title and a slug");
    if (!langs.insert(t.lang).second) return invalid_argument("two translations for language " + t.lang);
  }
  return Status::ok();
}

Status check_category(Connection& c, int64_t id) {
  Result<bool> found = row_exists(c, "SELECT 1 FROM kb_categories WHERE id = ?", id);
  if (!found) return found.status();
  return *found ? Status::ok() : invalid_argument("unknown category " + std::to_string(id));
}

Status check_parent(Connection& c, int64_t id, int64_t parent_id) {
  if (parent_id == 0) return Status::ok();
  if (parent_id == id) return invalid_argument("a category cannot be its own parent");
  if (Status s = check_category(c, parent_id); !s.is_ok()) return s;
  if (id == 0) return Status::ok();
  // Walk up from the new parent; meeting `id` would close a cycle.
  Result<Statement> up = c.prepare("SELECT coalesce(parent_id, 0) FROM kb_categories WHERE id = ?");
  if (!up) return up.status();
  int64_t at = parent_id;
  for (int depth = 0; at != 0 && depth < 10000; ++depth) {
    up->reset();
    up->bind(1, at);
    Result<bool> row = up->step();
    if (!row) return row.status();
    if (!*row) break;
    at = up->column_int64(0);
    if (at == id) return invalid_argument("a category cannot move below its own descendant");
  }
  return Status::ok();
}

Status insert_texts(Connection& c, int64_t category_id, const std::vector<KbCategoryText>& texts) {
  Result<Statement> stmt =
      c.prepare("INSERT INTO kb_category_texts (category_id, lang, title, slug, description) VALUES (?, ?, ?, ?, ?)");
  if (!stmt) return stmt.status();
  for (const auto& text : texts) {
    Status s = stmt->bind(1, category_id)
                   .bind(2, text.lang)
                   .bind(3, text.title)
                   .bind(4, text.slug)
                   .bind(5, text.description)
                   .run();
    if (s.code() == Code::kConflict) return conflict("category slug '" + text.slug + "' is taken in " + text.lang);
    if (!s.is_ok()) return s;
  }
  return Status::ok();
}

Status insert_translation(Connection& c, int64_t article_id, const KbTranslation& t, int64_t now_ms) {
  Result<Statement> stmt = c.prepare(
      "INSERT INTO kb_translations (article_id, lang, title, slug, body_md, body_text, updated_ms) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return stmt.status();
  return stmt->bind(1, article_id)
      .bind(2, t.lang)
      .bind(3, t.title)
      .bind(4, t.slug)
      .bind(5, t.body_md)
      .bind(6, t.body_text)
      .bind(7, now_ms)
      .run();
}

Result<std::vector<KbTranslation>> read_translations(Connection& c, int64_t article_id) {
  Result<Statement> stmt = c.prepare(
      "SELECT lang, title, slug, body_md, body_text, updated_ms FROM kb_translations WHERE article_id = ? "
      "ORDER BY lang");
  if (!stmt) return stmt.status();
  stmt->bind(1, article_id);
  std::vector<KbTranslation> out;
  for (;;) {
    Result<bool> row = stmt->step();
    if (!row) return row.status();
    if (!*row) return out;
    KbTranslation t;
    t.lang = stmt->column_text(0);
    t.title = stmt->column_text(1);
    t.slug = stmt->column_text(2);
    t.body_md = stmt->column_text(3);
    t.body_text = stmt->column_text(4);
    t.updated_ms = stmt->column_int64(5);
    out.push_back(std::move(t));
  }
}

constexpr std::string_view kArticleColumns =
    "SELECT a.id, a.category_id, coalesce(a.author_id, 0), coalesce(p.name, ''), a.status, a.created_ms, "
    "a.updated_ms, a.view_count FROM kb_articles a LEFT JOIN people p ON p.id = a.author_id ";

// The article rows `stmt` (a kArticleColumns query) yields, without translations.
Result<std::vector<KbArticle>> read_article_rows(Statement& stmt) {
  std::vector<KbArticle> out;
  for (;;) {
    Result<bool> row = stmt.step();
    if (!row) return row.status();
    if (!*row) break;
    KbArticle a;
    a.id = stmt.column_int64(0);
    a.category_id = stmt.column_int64(1);
    a.author_id = stmt.column_int64(2);
    a.author_name = stmt.column_text(3);
    if (Status s = read_stored_enum(stmt, 4, &parse_kb_status, "kb_articles", a.id, "status", a.status); !s.is_ok())
      return s;
    a.created_ms = stmt.column_int64(5);
    a.updated_ms = stmt.column_int64(6);
    a.view_count = stmt.column_int64(7);
    out.push_back(std::move(a));
  }
  stmt.reset();
  return out;
}

Result<std::vector<KbArticle>> read_articles(Connection& c, Statement& stmt) {
  auto rows = read_article_rows(stmt);
  if (!rows) return rows.status();
  std::vector<KbArticle> out = std::move(*rows);
  for (auto& a : out) {
    Result<std::vector<KbTranslation>> translations = read_translations(c, a.id);
    if (!translations) return translations.status();
    a.translations = std::move(*translations);
  }
  return out;
}

Result<std::map<int64_t, KbCategory>> read_categories(Connection& c, std::string_view where, int64_t id) {
  std::map<int64_t, KbCategory> out;
  {
    Result<Statement> stmt =
        c.prepare(std::string("SELECT id, coalesce(parent_id, 0), position FROM kb_categories ") + std::string(where));
    if (!stmt) return stmt.status();
    if (!where.empty()) stmt->bind(1, id);
    for (;;) {
      Result<bool> row = stmt->step();
      if (!row) return row.status();
      if (!*row) break;
      KbCategory category;
      category.id = stmt->column_int64(0);
      category.parent_id = stmt->column_int64(1);
      category.position = stmt->column_int64(2);
      out.emplace(category.id, std::move(category));
    }
  }
  Result<Statement> texts =
      c.prepare(std::string("SELECT category_id, lang, title, slug, description FROM kb_category_texts ") +
                (where.empty() ? std::string() : std::string("WHERE category_id = ? ")) + "ORDER BY category_id, lang");
  if (!texts) return texts.status();
  if (!where.empty()) texts->bind(1, id);
  for (;;) {
    Result<bool> row = texts->step();
    if (!row) return row.status();
    if (!*row) break;
    auto it = out.find(texts->column_int64(0));
    if (it == out.end()) continue;
    it->second.texts.push_back(
        {texts->column_text(1), texts->column_text(2), texts->column_text(3), texts->column_text(4)});
  }
  return out;
}

Result<std::vector<KbCategory>> read_tree(Connection& c) {
  auto read = read_categories(c, "", 0);
  if (!read) return read.status();
  const std::map<int64_t, KbCategory>& all = *read;
  std::map<int64_t, std::vector<const KbCategory*>> children;
  for (const auto& [id, category] : all) {
    const int64_t parent = all.count(category.parent_id) ? category.parent_id : 0;
    children[parent].push_back(&category);
  }
  for (auto& [parent, list] : children) {
    std::sort(list.begin(), list.end(), [](const KbCategory* a, const KbCategory* b) {
      return a->position != b->position ? a->position < b->position : a->id < b->id;
    });
  }
  std::vector<KbCategory> out;
  out.reserve(all.size());
  std::vector<const KbCategory*> stack;
  auto push_children = [&](int64_t parent) {
    auto it = children.find(parent);
    if (it == children.end()) return;
    for (auto child = it->second.rbegin(); child != it->second.rend(); ++child) stack.push_back(*child);
  };
  push_children(0);
  while (!stack.empty()) {
    const KbCategory* next = stack.back();
    stack.pop_back();
    out.push_back(*next);
    push_children(next->id);
  }
  return out;
}

// Runs `fn` on `c` inside one read transaction, so every statement sees the
// same state of the database.
Status read_consistently(Connection& c, const std::function<Status(Connection&)>& fn) {
  if (Status s = c.exec("BEGIN"); !s.is_ok()) return s;
  Status status = fn(c);
  Status end = c.exec(status.is_ok() ? "COMMIT" : "ROLLBACK");
  return status.is_ok() ? end : status;
}

KbSearchHit read_search_hit(const Statement& stmt) {
  return {stmt.column_int64(0), stmt.column_text(2), stmt.column_text(1), stmt.column_text(3)};
}

bool word_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

std::string kb_match_expression(std::string_view query) {
  std::string out;
  size_t words = 0;
  for (size_t i = 0; i < query.size() && words < kMaxMatchWords;) {
    if (!word_byte(static_cast<unsigned char>(query[i]))) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < query.size() && word_byte(static_cast<unsigned char>(query[end]))) ++end;
    size_t n = end - i;
    if (n > kMaxWordBytes) {
      n = kMaxWordBytes;  // cut on a UTF-8 character boundary
      while (n > 0 && (static_cast<unsigned char>(query[i + n]) & 0xC0) == 0x80) --n;
    }
    const std::string_view word = query.substr(i, n);
    if (!word.empty()) {
      if (!out.empty()) out += ' ';
      out += '"';
      out += word;
      out += "\"*";
      ++words;
    }
    i = end;
  }
  return out;
}

Status SqliteKbStore::write(const std::function<Status(Connection&)>& fn) {
  return revisions_.write(ContentScope::kKnowledgeBase, [&](Connection& c, std::vector<int64_t>&) { return fn(c); });
}

Status SqliteKbStore::create_category(KbCategory& category) {
  if (Status s = validate_texts(category); !s.is_ok()) return s;
  std::sort(category.texts.begin(), category.texts.end(), [](auto& a, auto& b) { return a.lang < b.lang; });
  int64_t id = 0;
  Status status = write([&](Connection& c) {
    if (Status s = check_parent(c, 0, category.parent_id); !s.is_ok()) return s;
    Result<Statement> stmt = c.prepare("INSERT INTO kb_categories (parent_id, position) VALUES (?, ?)");
    if (!stmt) return stmt.status();
    if (category.parent_id == 0) {
      stmt->bind_null(1);
    } else {
      stmt->bind(1, category.parent_id);
    }
    if (Status s = stmt->bind(2, category.position).run(); !s.is_ok()) return s;
    id = c.last_insert_rowid();
    return insert_texts(c, id, category.texts);
  });
  if (!status.is_ok()) return status;
  category.id = id;
  return Status::ok();
}

Status SqliteKbStore::update_category(const KbCategory& category) {
  if (Status s = validate_texts(category); !s.is_ok()) return s;
  return write([&](Connection& c) {
    Result<bool> found = row_exists(c, "SELECT 1 FROM kb_categories WHERE id = ?", category.id);
    if (!found) return found.status();
    if (!*found) return not_found("no such category");
    if (Status s = check_parent(c, category.id, category.parent_id); !s.is_ok()) return s;
    Result<Statement> stmt = c.prepare("UPDATE kb_categories SET parent_id = ?, position = ? WHERE id = ?");
    if (!stmt) return stmt.status();
    if (category.parent_id == 0) {
      stmt->bind_null(1);
    } else {
      stmt->bind(1, category.parent_id);
    }
    if (Status s = stmt->bind(2, category.position).bind(3, category.id).run(); !s.is_ok()) return s;
    Result<Statement> clear = c.prepare("DELETE FROM kb_category_texts WHERE category_id = ?");
    if (!clear) return clear.status();
    if (Status s = clear->bind(1, category.id).run(); !s.is_ok()) return s;
    return insert_texts(c, category.id, category.texts);
  });
}

Result<KbCategory> SqliteKbStore::find_category(int64_t id) {
  std::map<int64_t, KbCategory> found;
  Status status = db_.read([&](Connection& c) {
    auto read = read_categories(c, "WHERE id = ?", id);
    if (!read) return read.status();
    found = std::move(*read);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  if (found.empty()) return not_found("no such category");
  return std::move(found.begin()->second);
}

Result<KbCategory> SqliteKbStore::find_category_by_slug(std::string_view lang, std::string_view slug) {
  Result<int64_t> id = query_int(db_, "SELECT category_id FROM kb_category_texts WHERE lang = ? AND slug = ?",
                                 [&](Statement& s) { s.bind(1, lang).bind(2, slug); });
  if (!id) return id.status();
  if (*id == 0) return not_found("no such category slug");
  return find_category(*id);
}

Result<std::vector<KbCategory>> SqliteKbStore::list_categories() {
  std::vector<KbCategory> out;
  Status status = db_.read([&](Connection& c) {
    auto tree = read_tree(c);
    if (!tree) return tree.status();
    out = std::move(*tree);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return out;
}

Status SqliteKbStore::create_article(KbArticle& article) {
  if (Status s = validate_translations(article); !s.is_ok()) return s;
  std::sort(article.translations.begin(), article.translations.end(), [](auto& a, auto& b) { return a.lang < b.lang; });
  const int64_t now = db_.clock().now_ms();
  int64_t id = 0;
  Status status = write([&](Connection& c) {
    if (Status s = check_category(c, article.category_id); !s.is_ok()) return s;
    if (article.author_id != 0) {
      Result<bool> author = row_exists(c, "SELECT 1 FROM people WHERE id = ?", article.author_id);
      if (!author) return author.status();
      if (!*author) return invalid_argument("unknown author");
    }
    Result<Statement> stmt = c.prepare(
        "INSERT INTO kb_articles (category_id, author_id, status, created_ms, updated_ms, view_count) "
        "VALUES (?, ?, ?, ?, ?, 0)");
    if (!stmt) return stmt.status();
    stmt->bind(1, article.category_id);
    if (article.author_id == 0) {
      stmt->bind_null(2);
    } else {
      stmt->bind(2, article.author_id);
    }
    Status s = stmt->bind(3, std::string_view(kb_status_name(article.status))).bind(4, now).bind(5, now).run();
    if (!s.is_ok()) return s;
    id = c.last_insert_rowid();
    for (const auto& t : article.translations) {
      if (Status ts = insert_translation(c, id, t, now); !ts.is_ok()) return ts;
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  article.id = id;
  article.created_ms = article.updated_ms = now;
  article.view_count = 0;
  for (auto& t : article.translations) t.updated_ms = now;
  return Status::ok();
}

Status SqliteKbStore::update_article(const KbArticle& article) {
  if (Status s = validate_translations(article); !s.is_ok()) return s;
  const int64_t now = db_.clock().now_ms();
  return write([&](Connection& c) {
    Result<bool> found = row_exists(c, "SELECT 1 FROM kb_articles WHERE id = ?", article.id);
    if (!found) return found.status();
    if (!*found) return not_found("no such article");
    if (Status s = check_category(c, article.category_id); !s.is_ok()) return s;
    Result<Statement> stmt =
        c.prepare("UPDATE kb_articles SET category_id = ?, status = ?, updated_ms = ? WHERE id = ?");
    if (!stmt) return stmt.status();
    Status s = stmt->bind(1, article.category_id)
                   .bind(2, std::string_view(kb_status_name(article.status)))
                   .bind(3, now)
                   .bind(4, article.id)
                   .run();
    if (!s.is_ok()) return s;
    Result<std::vector<KbTranslation>> stored = read_translations(c, article.id);
    if (!stored) return stored.status();
    for (const auto& old : *stored) {
      if (find_translation(article, old.lang) != nullptr) continue;
      Result<Statement> del = c.prepare("DELETE FROM kb_translations WHERE article_id = ? AND lang = ?");
      if (!del) return del.status();
      if (Status ds = del->bind(1, article.id).bind(2, old.lang).run(); !ds.is_ok()) return ds;
    }
    for (const auto& t : article.translations) {
      const auto old = std::find_if(stored->begin(), stored->end(), [&](auto& o) { return o.lang == t.lang; });
      if (old == stored->end()) {
        if (Status is = insert_translation(c, article.id, t, now); !is.is_ok()) return is;
        continue;
      }
      if (old->title == t.title && old->slug == t.slug && old->body_md == t.body_md && old->body_text == t.body_text)
        continue;
      Result<Statement> up = c.prepare(
          "UPDATE kb_translations SET title = ?, slug = ?, body_md = ?, body_text = ?, updated_ms = ? "
          "WHERE article_id = ? AND lang = ?");
      if (!up) return up.status();
      Status us = up->bind(1, t.title)
                      .bind(2, t.slug)
                      .bind(3, t.body_md)
                      .bind(4, t.body_text)
                      .bind(5, now)
                      .bind(6, article.id)
                      .bind(7, t.lang)
                      .run();
      if (!us.is_ok()) return us;
    }
    return Status::ok();
  });
}

Status SqliteKbStore::set_status(int64_t id, KbStatus status) {
  const int64_t now = db_.clock().now_ms();
  return write([&](Connection& c) {
    Result<Statement> stmt = c.prepare("UPDATE kb_articles SET status = ?, updated_ms = ? WHERE id = ?");
    if (!stmt) return stmt.status();
    Status s = stmt->bind(1, std::string_view(kb_status_name(status))).bind(2, now).bind(3, id).run();
    if (!s.is_ok()) return s;
    return c.changes() == 0 ? not_found("no such article") : Status::ok();
  });
}

Result<KbArticle> SqliteKbStore::find_article(int64_t id) {
  std::vector<KbArticle> found;
  Status status = db_.read([&](Connection& c) {
    Result<Statement> stmt = c.prepare(std::string(kArticleColumns) + "WHERE a.id = ?");
    if (!stmt) return stmt.status();
    stmt->bind(1, id);
    auto read = read_articles(c, *stmt);
    if (!read) return read.status();
    found = std::move(*read);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  if (found.empty()) return not_found("no such article");
  return std::move(found.front());
}

Result<std::vector<KbArticle>> SqliteKbStore::list_articles(const KbArticleQuery& query) {
  if (query.limit < 0 || query.offset < 0) return invalid_argument("limit and offset must not be negative");
  std::string sql(kArticleColumns);
  sql +=
      "WHERE (?1 = 0 OR a.category_id = ?1) AND (?2 = 0 OR a.status = 'published') AND "
      "(?3 = '' OR EXISTS (SELECT 1 FROM kb_translations t WHERE t.article_id = a.id AND t.lang = ?3)) ";
  switch (query.order) {
    case KbOrder::kOldest: sql += "ORDER BY a.created_ms, a.id "; break;
    case KbOrder::kNewest: sql += "ORDER BY a.created_ms DESC, a.id DESC "; break;
    case KbOrder::kPopular: sql += "ORDER BY a.view_count DESC, a.created_ms DESC, a.id DESC "; break;
  }
  sql += "LIMIT ?4 OFFSET ?5";
  std::vector<KbArticle> out;
  Status status = db_.read([&](Connection& c) {
    Result<Statement> stmt = c.prepare(sql);
    if (!stmt) return stmt.status();
    stmt->bind(1, query.category_id)
        .bind_bool(2, query.published_only)
        .bind(3, query.lang)
        .bind(4, int64_t{query.limit})
        .bind(5, int64_t{query.offset});
    auto read = read_articles(c, *stmt);
    if (!read) return read.status();
    out = std::move(*read);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return out;
}

Result<std::vector<KbSearchHit>> SqliteKbStore::search(std::string_view lang, std::string_view query, int limit,
                                                       int offset) {
  std::vector<KbSearchHit> hits;
  const std::string match = kb_match_expression(query);
  if (match.empty() || limit <= 0) return hits;
  limit = std::min(limit, kMaxSearchLimit);
  offset = std::max(offset, 0);
  Result<std::vector<KbSearchHit>> found = query_rows(
      db_,
      "SELECT t.article_id, t.slug, highlight(kb_fts, 0, ?1, ?2), snippet(kb_fts, 1, ?1, ?2, '…', 24) "
      "FROM kb_fts JOIN kb_translations t ON t.id = kb_fts.rowid JOIN kb_articles a ON a.id = t.article_id "
      "WHERE kb_fts MATCH ?3 AND t.lang = ?4 AND a.status = 'published' "
      "ORDER BY bm25(kb_fts, 4.0, 1.0), t.article_id LIMIT ?5 OFFSET ?6",
      [&](Statement& s) {
        s.bind(1, kKbMarkOpen)
            .bind(2, kKbMarkClose)
            .bind(3, match)
            .bind(4, lang)
            .bind(5, int64_t{limit})
            .bind(6, int64_t{offset});
      },
      &read_search_hit);
  // An FTS error while matching (SQLITE_ERROR) means "no hits" for a visitor's query.
  if (found.status().code() == Code::kInternal) return std::vector<KbSearchHit>{};
  return found;
}

Status SqliteKbStore::add_views(const std::vector<KbViewCount>& views) {
  if (views.empty()) return Status::ok();
  return db_.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare("UPDATE kb_articles SET view_count = view_count + ? WHERE id = ?");
    if (!stmt) return stmt.status();
    for (const auto& v : views) {
      if (v.count <= 0) continue;
      if (Status s = stmt->bind(1, v.count).bind(2, v.article_id).run(); !s.is_ok()) return s;
    }
    return Status::ok();
  });
}

Result<KbPublished> SqliteKbStore::published() {
  KbPublished out;
  Status status = db_.read([&](Connection& c) {
    return read_consistently(c, [&](Connection& c) {
      Result<Statement> revision = c.prepare("SELECT revision FROM content_revision WHERE scope = 'kb'");
      if (!revision) return revision.status();
      Result<bool> row = revision->step();
      if (!row) return row.status();
      out.revision = *row ? revision->column_int64(0) : 0;
      revision->reset();

      auto tree = read_tree(c);
      if (!tree) return tree.status();
      out.categories = std::move(*tree);

      Result<Statement> articles =
          c.prepare(std::string(kArticleColumns) + "WHERE a.status = 'published' ORDER BY a.id");
      if (!articles) return articles.status();
      auto read = read_article_rows(*articles);
      if (!read) return read.status();
      out.articles = std::move(*read);

      Result<Statement> texts = c.prepare(
          "SELECT t.article_id, t.lang, t.title, t.slug, t.body_md, t.updated_ms FROM kb_translations t "
          "JOIN kb_articles a ON a.id = t.article_id WHERE a.status = 'published' ORDER BY t.article_id, t.lang");
      if (!texts) return texts.status();
      auto article = out.articles.begin();
      for (;;) {
        Result<bool> next = texts->step();
        if (!next) return next.status();
        if (!*next) break;
        const int64_t id = texts->column_int64(0);
        while (article != out.articles.end() && article->id < id) ++article;
        if (article == out.articles.end() || article->id != id) continue;
        KbTranslation t;
        t.lang = texts->column_text(1);
        t.title = texts->column_text(2);
        t.slug = texts->column_text(3);
        t.body_md = texts->column_text(4);
        t.updated_ms = texts->column_int64(5);
        article->translations.push_back(std::move(t));
      }
      return Status::ok();
    });
  });
  if (!status.is_ok()) return status;
  return out;
}

Result<std::vector<KbViewCount>> SqliteKbStore::published_view_counts() {
  return query_rows(
      db_, "SELECT id, view_count FROM kb_articles WHERE status = 'published' ORDER BY id", [](Statement&) {},
      +[](const Statement& row) {
        return KbViewCount{row.column_int64(0), row.column_int64(1)};
      });
}

}  // namespace deskd::storage::sqlite
