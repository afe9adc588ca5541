#include "storage/postgres/kb_store.h"

#include <algorithm>
#include <map>
#include <set>

#include "storage/postgres/kb_text.h"

namespace deskd::storage::postgres {
namespace {

constexpr int kMaxSearchLimit = 100;
constexpr std::string_view kCategoryTreeLock = "deskd.kb.categories";

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
  Result<bool> found = row_exists(c, "SELECT 1 FROM kb_categories WHERE id = $1", id);
  if (!found) return found.status();
  return *found ? Status::ok() : invalid_argument("unknown category " + std::to_string(id));
}

Status check_parent(Connection& c, int64_t id, int64_t parent_id) {
  if (parent_id == 0) return Status::ok();
  if (parent_id == id) return invalid_argument("a category cannot be its own parent");
  if (Status s = check_category(c, parent_id); !s.is_ok()) return s;
  if (id == 0) return Status::ok();
  // Walk up from the new parent; meeting `id` would close a cycle.
  Result<Statement> up = c.prepare("SELECT coalesce(parent_id, 0) FROM kb_categories WHERE id = $1");
  if (!up) return up.status();
  int64_t at = parent_id;
  for (int depth = 0; at != 0 && depth < 10000; ++depth) {
    up->bind(1, at);
    Result<bool> row = up->step();
    if (!row) return row.status();
    if (!*row) break;
    at = up->column_int64(0);
    if (at == id) return invalid_argument("a category cannot move below its own descendant");
  }
  return Status::ok();
}

Statement& bind_parent(Statement& s, int index, int64_t parent_id) {
  return parent_id == 0 ? s.bind_null(index) : s.bind(index, parent_id);
}

Status insert_texts(Connection& c, int64_t category_id, const std::vector<KbCategoryText>& texts) {
  Result<Statement> stmt = c.prepare(
      "INSERT INTO kb_category_texts (category_id, lang, title, slug, description) VALUES ($1, $2, $3, $4, $5)");
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
      "INSERT INTO kb_translations (article_id, lang, title, slug, body_md, body_text, updated_ms, search) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::tsvector)");
  if (!stmt) return stmt.status();
  return stmt->bind(1, article_id)
      .bind(2, t.lang)
      .bind(3, t.title)
      .bind(4, t.slug)
      .bind(5, t.body_md)
      .bind(6, t.body_text)
      .bind(7, now_ms)
      .bind(8, kb_tsvector(t.title, t.body_text))
      .run();
}

KbTranslation read_translation(const Statement& stmt, int first) {
  KbTranslation t;
  t.lang = stmt.column_text(first);
  t.title = stmt.column_text(first + 1);
  t.slug = stmt.column_text(first + 2);
  t.body_md = stmt.column_text(first + 3);
  t.body_text = stmt.column_text(first + 4);
  t.updated_ms = stmt.column_int64(first + 5);
  return t;
}

Result<std::vector<KbTranslation>> read_translations(Connection& c, int64_t article_id) {
  Result<Statement> stmt = c.prepare(
      "SELECT lang, title, slug, body_md, body_text, updated_ms FROM kb_translations WHERE article_id = $1 "
      "ORDER BY lang");
  if (!stmt) return stmt.status();
  stmt->bind(1, article_id);
  std::vector<KbTranslation> out;
  for (;;) {
    Result<bool> row = stmt->step();
    if (!row) return row.status();
    if (!*row) return out;
    out.push_back(read_translation(*stmt, 0));
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
  return out;
}

// The articles `stmt` yields, each with its translations (one more query for
// all of them).
Result<std::vector<KbArticle>> read_articles(Connection& c, Statement& stmt) {
  Result<std::vector<KbArticle>> rows = read_article_rows(stmt);
  if (!rows) return rows.status();
  std::vector<KbArticle> out = std::move(*rows);
  if (out.empty()) return out;
  std::map<int64_t, KbArticle*> by_id;
  std::string ids = "{";
  for (auto& a : out) {
    if (ids.size() > 1) ids += ',';
    ids += std::to_string(a.id);
    by_id[a.id] = &a;
  }
  ids += '}';
  Result<Statement> translations = c.prepare(
      "SELECT article_id, lang, title, slug, body_md, body_text, updated_ms FROM kb_translations "
      "WHERE article_id = ANY($1::bigint[]) ORDER BY article_id, lang");
  if (!translations) return translations.status();
  translations->bind(1, ids);
  for (;;) {
    Result<bool> row = translations->step();
    if (!row) return row.status();
    if (!*row) break;
    auto it = by_id.find(translations->column_int64(0));
    if (it != by_id.end()) it->second->translations.push_back(read_translation(*translations, 1));
  }
  return out;
}

Result<std::map<int64_t, KbCategory>> read_categories(Connection& c, std::optional<int64_t> only) {
  std::map<int64_t, KbCategory> out;
  {
    Result<Statement> stmt = c.prepare(only ? "SELECT id, coalesce(parent_id, 0), position FROM kb_categories "
                                              "WHERE id = $1"
                                            : "SELECT id, coalesce(parent_id, 0), position FROM kb_categories");
    if (!stmt) return stmt.status();
    if (only) stmt->bind(1, *only);
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
  if (out.empty()) return out;
  Result<Statement> texts =
      c.prepare(only ? "SELECT category_id, lang, title, slug, description FROM kb_category_texts "
                       "WHERE category_id = $1 ORDER BY category_id, lang"
                     : "SELECT category_id, lang, title, slug, description FROM kb_category_texts "
                       "ORDER BY category_id, lang");
  if (!texts) return texts.status();
  if (only) texts->bind(1, *only);
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

// Every category, parents before their children, siblings by position then id.
Result<std::vector<KbCategory>> read_tree(Connection& c) {
  auto read = read_categories(c, std::nullopt);
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

// Runs `fn` on `c` inside one read-only REPEATABLE READ transaction, so every
// statement sees the same snapshot of the database.
Status read_snapshot(Connection& c, const std::function<Status(Connection&)>& fn) {
  if (Status s = c.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s.is_ok()) return s;
  Status status = fn(c);
  if (!status.is_ok()) {
    if (!c.broken() && c.in_transaction()) (void)c.exec("ROLLBACK");
    return status;
  }
  return c.exec("COMMIT");
}

}  // namespace

Status PgKbStore::write(const std::function<Status(Connection&)>& fn) {
  return revisions_.write(ContentScope::kKnowledgeBase, [&](Connection& c, std::vector<int64_t>&) { return fn(c); });
}

Status PgKbStore::create_category(KbCategory& category) {
  if (Status s = validate_texts(category); !s.is_ok()) return s;
  std::sort(category.texts.begin(), category.texts.end(), [](auto& a, auto& b) { return a.lang < b.lang; });
  int64_t id = 0;
  Status status = write([&](Connection& c) {
    if (Status s = check_parent(c, 0, category.parent_id); !s.is_ok()) return s;
    Result<Statement> stmt = c.prepare("INSERT INTO kb_categories (parent_id, position) VALUES ($1, $2) RETURNING id");
    if (!stmt) return stmt.status();
    bind_parent(*stmt, 1, category.parent_id).bind(2, category.position);
    Result<bool> row = stmt->step();
    if (!row) return row.status();
    id = stmt->column_int64(0);
    return insert_texts(c, id, category.texts);
  });
  if (!status.is_ok()) return status;
  category.id = id;
  return Status::ok();
}

Status PgKbStore::update_category(const KbCategory& category) {
  if (Status s = validate_texts(category); !s.is_ok()) return s;
  return write([&](Connection& c) {
    if (Status s = lock_xact(c, kCategoryTreeLock); !s.is_ok()) return s;
    Result<bool> found = row_exists(c, "SELECT 1 FROM kb_categories WHERE id = $1", category.id);
    if (!found) return found.status();
    if (!*found) return not_found("no such category");
    if (Status s = check_parent(c, category.id, category.parent_id); !s.is_ok()) return s;
    Result<Statement> stmt = c.prepare("UPDATE kb_categories SET parent_id = $1, position = $2 WHERE id = $3");
    if (!stmt) return stmt.status();
    bind_parent(*stmt, 1, category.parent_id);
    if (Status s = stmt->bind(2, category.position).bind(3, category.id).run(); !s.is_ok()) return s;
    Result<Statement> clear = c.prepare("DELETE FROM kb_category_texts WHERE category_id = $1");
    if (!clear) return clear.status();
    if (Status s = clear->bind(1, category.id).run(); !s.is_ok()) return s;
    return insert_texts(c, category.id, category.texts);
  });
}

Result<KbCategory> PgKbStore::find_category(int64_t id) {
  std::map<int64_t, KbCategory> found;
  Status status = db_.read([&](Connection& c) {
    auto read = read_categories(c, id);
    if (!read) return read.status();
    found = std::move(*read);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  if (found.empty()) return not_found("no such category");
  return std::move(found.begin()->second);
}

Result<KbCategory> PgKbStore::find_category_by_slug(std::string_view lang, std::string_view slug) {
  Result<int64_t> id = query_int(db_, "SELECT category_id FROM kb_category_texts WHERE lang = $1 AND slug = $2",
                                 [&](Statement& s) { s.bind(1, lang).bind(2, slug); });
  if (!id) return id.status();
  if (*id == 0) return not_found("no such category slug");
  return find_category(*id);
}

Result<std::vector<KbCategory>> PgKbStore::list_categories() {
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

Status PgKbStore::create_article(KbArticle& article) {
  if (Status s = validate_translations(article); !s.is_ok()) return s;
  std::sort(article.translations.begin(), article.translations.end(), [](auto& a, auto& b) { return a.lang < b.lang; });
  const int64_t now = db_.clock().now_ms();
  int64_t id = 0;
  Status status = write([&](Connection& c) {
    if (Status s = check_category(c, article.category_id); !s.is_ok()) return s;
    if (article.author_id != 0) {
      Result<bool> author = row_exists(c, "SELECT 1 FROM people WHERE id = $1", article.author_id);
      if (!author) return author.status();
      if (!*author) return invalid_argument("unknown author");
    }
    Result<Statement> stmt = c.prepare(
        "INSERT INTO kb_articles (category_id, author_id, status, created_ms, updated_ms, view_count) "
        "VALUES ($1, $2, $3, $4, $4, 0) RETURNING id");
    if (!stmt) return stmt.status();
    stmt->bind(1, article.category_id);
    if (article.author_id == 0) {
      stmt->bind_null(2);
    } else {
      stmt->bind(2, article.author_id);
    }
    Result<bool> row = stmt->bind(3, kb_status_name(article.status)).bind(4, now).step();
    if (!row) return row.status();
    id = stmt->column_int64(0);
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

Status PgKbStore::update_article(const KbArticle& article) {
  if (Status s = validate_translations(article); !s.is_ok()) return s;
  const int64_t now = db_.clock().now_ms();
  return write([&](Connection& c) {
    Result<bool> found = row_exists(c, "SELECT 1 FROM kb_articles WHERE id = $1 FOR UPDATE", article.id);
    if (!found) return found.status();
    if (!*found) return not_found("no such article");
    if (Status s = check_category(c, article.category_id); !s.is_ok()) return s;
    Result<Statement> stmt =
        c.prepare("UPDATE kb_articles SET category_id = $1, status = $2, updated_ms = $3 WHERE id = $4");
    if (!stmt) return stmt.status();
    Status s = stmt->bind(1, article.category_id)
                   .bind(2, kb_status_name(article.status))
                   .bind(3, now)
                   .bind(4, article.id)
                   .run();
    if (!s.is_ok()) return s;
    Result<std::vector<KbTranslation>> stored = read_translations(c, article.id);
    if (!stored) return stored.status();
    for (const auto& old : *stored) {
      if (find_translation(article, old.lang) != nullptr) continue;
      Result<Statement> del = c.prepare("DELETE FROM kb_translations WHERE article_id = $1 AND lang = $2");
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
          "UPDATE kb_translations SET title = $1, slug = $2, body_md = $3, body_text = $4, updated_ms = $5, "
          "search = $6::tsvector WHERE article_id = $7 AND lang = $8");
      if (!up) return up.status();
      Status us = up->bind(1, t.title)
                      .bind(2, t.slug)
                      .bind(3, t.body_md)
                      .bind(4, t.body_text)
                      .bind(5, now)
                      .bind(6, kb_tsvector(t.title, t.body_text))
                      .bind(7, article.id)
                      .bind(8, t.lang)
                      .run();
      if (!us.is_ok()) return us;
    }
    return Status::ok();
  });
}

Status PgKbStore::set_status(int64_t id, KbStatus status) {
  const int64_t now = db_.clock().now_ms();
  return write([&](Connection& c) {
    Result<Statement> stmt = c.prepare("UPDATE kb_articles SET status = $1, updated_ms = $2 WHERE id = $3");
    if (!stmt) return stmt.status();
    if (Status s = stmt->bind(1, kb_status_name(status)).bind(2, now).bind(3, id).run(); !s.is_ok()) return s;
    return stmt->changes() == 0 ? not_found("no such article") : Status::ok();
  });
}

Result<KbArticle> PgKbStore::find_article(int64_t id) {
  std::vector<KbArticle> found;
  Status status = db_.read([&](Connection& c) {
    Result<Statement> stmt = c.prepare(std::string(kArticleColumns) + "WHERE a.id = $1");
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

Result<std::vector<KbArticle>> PgKbStore::list_articles(const KbArticleQuery& query) {
  if (query.limit < 0 || query.offset < 0) return invalid_argument("limit and offset must not be negative");
  std::string sql(kArticleColumns);
  sql +=
      "WHERE ($1::bigint = 0 OR a.category_id = $1) AND (NOT $2::boolean OR a.status = 'published') AND "
      "($3::text = '' OR EXISTS (SELECT 1 FROM kb_translations t WHERE t.article_id = a.id AND t.lang = $3)) ";
  switch (query.order) {
    case KbOrder::kOldest: sql += "ORDER BY a.created_ms, a.id "; break;
    case KbOrder::kNewest: sql += "ORDER BY a.created_ms DESC, a.id DESC "; break;
    case KbOrder::kPopular: sql += "ORDER BY a.view_count DESC, a.created_ms DESC, a.id DESC "; break;
  }
  sql += "LIMIT $4 OFFSET $5";
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

Result<std::vector<KbSearchHit>> PgKbStore::search(std::string_view lang, std::string_view query, int limit,
                                                   int offset) {
  std::vector<KbSearchHit> hits;
  const std::vector<std::string> terms = kb_query_terms(query);
  if (terms.empty() || limit <= 0) return hits;
  limit = std::min(limit, kMaxSearchLimit);
  offset = std::max(offset, 0);
  const std::string tsquery = kb_tsquery(terms);
  // Weights {D, C, B, A}: the title (A) counts four times the body (B), as
  // bm25(kb_fts, 4.0, 1.0) does for SQLite; normalisation 1 favours shorter
  // documents a little, as bm25 does.
  Status status = for_each_row(
      db_,
      "SELECT t.article_id, t.slug, t.title, t.body_text FROM kb_translations t "
      "JOIN kb_articles a ON a.id = t.article_id "
      "WHERE t.search @@ $1::tsquery AND t.lang = $2 AND a.status = 'published' "
      "ORDER BY ts_rank('{0.05, 0.1, 0.25, 1.0}', t.search, $1::tsquery, 1) DESC, t.article_id "
      "LIMIT $3 OFFSET $4",
      [&](Statement& s) { s.bind(1, tsquery).bind(2, lang).bind(3, int64_t{limit}).bind(4, int64_t{offset}); },
      [&](const Statement& row) {
        hits.push_back({row.column_int64(0), kb_highlight(row.column_text(2), terms), row.column_text(1),
                        kb_snippet(row.column_text(3), terms)});
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return hits;
}

Status PgKbStore::add_views(const std::vector<KbViewCount>& views) {
  // Summed per article and applied in id order, so concurrent batches from
  // several nodes lock rows in one order and cannot deadlock.
  std::map<int64_t, int64_t> totals;
  for (const auto& v : views) {
    if (v.count > 0) totals[v.article_id] += v.count;
  }
  if (totals.empty()) return Status::ok();
  return db_.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare("UPDATE kb_articles SET view_count = view_count + $1 WHERE id = $2");
    if (!stmt) return stmt.status();
    for (const auto& [article_id, count] : totals) {
      if (Status s = stmt->bind(1, count).bind(2, article_id).run(); !s.is_ok()) return s;
    }
    return Status::ok();
  });
}

Result<KbPublished> PgKbStore::published() {
  KbPublished out;
  Status status = db_.read([&](Connection& c) {
    out = KbPublished{};  // a retried lease starts over
    // One snapshot: the revision, tree and articles agree exactly (writers
    // bump the revision in the same transaction as their content).
    return read_snapshot(c, [&](Connection& c) {
      Result<Statement> revision = c.prepare("SELECT revision FROM content_revision WHERE scope = 'kb'");
      if (!revision) return revision.status();
      Result<bool> row = revision->step();
      if (!row) return row.status();
      out.revision = *row ? revision->column_int64(0) : 0;

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
          "SELECT t.article_id, t.lang, t.title, t.slug, t.body_md, '', t.updated_ms FROM kb_translations t "
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
        article->translations.push_back(read_translation(*texts, 1));
      }
      return Status::ok();
    });
  });
  if (!status.is_ok()) return status;
  return out;
}

Result<std::vector<KbViewCount>> PgKbStore::published_view_counts() {
  return query_rows(
      db_, "SELECT id, view_count FROM kb_articles WHERE status = 'published' ORDER BY id", [](Statement&) {},
      +[](const Statement& row) {
        return KbViewCount{row.column_int64(0), row.column_int64(1)};
      });
}

}  // namespace deskd::storage::postgres
