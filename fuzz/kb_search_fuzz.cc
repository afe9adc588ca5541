// Help Center search queries (GET /search?q=, the Messenger's article search):
// the visitor's text through SqliteKbStore::search against a real SQLite
// database with the project's schema, FTS5 index and deskd_fold tokenizer,
// then the hits' snippets through marked_html() as the page renders them.
//
// Invariants: the MATCH expression built from any query is valid FTS5 syntax
// (search() would hide an FTS error as "no hits"); search() succeeds; snippet
// HTML carries no markup but <mark>.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.h"
#include "fuzz_check.h"
#include "helpcenter/kb_snippet.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/kb_store.h"
#include "storage/sqlite/sqlite_storage.h"

using namespace deskd;
using storage::sqlite::Database;

namespace {

// The store through the backend's public interface; a second Database handle
// on the same file runs the raw MATCH check.
struct World {
  std::filesystem::path dir;
  SystemClock clock;
  std::unique_ptr<storage::Storage> storage;
  storage::KbStore* kb = nullptr;
  std::unique_ptr<Database> db;

  World() {
    char tmpl[] = "/tmp/deskd-fuzz-kb-XXXXXX";
    if (!mkdtemp(tmpl)) std::abort();
    dir = tmpl;
    const std::string path = (dir / "kb.db").string();
    auto opened = storage::sqlite::open_sqlite_storage(path, clock);
    if (!opened.is_ok()) {
      std::fprintf(stderr, "open: %s\n", opened.status().to_string().c_str());
      std::abort();
    }
    storage = std::move(*opened);
    kb = &storage->kb();
    auto raw = storage::sqlite::open_database(path, clock);  // with the KB search tokenizer
    FUZZ_CHECK(raw.is_ok());
    db = std::move(*raw);
    seed();
  }
  ~World() {
    db.reset();
    storage.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  void seed() {
    storage::KbCategory cat;
    cat.texts = {{"en", "Getting started", "getting-started", "First steps"},
                 {"da", "Kom i gang", "kom-i-gang", "Første skridt"}};
    FUZZ_CHECK(kb->create_category(cat).is_ok());
    const struct {
      const char* lang;
      const char* title;
      const char* body;
    } articles[] = {
        {"en", "Reset your password", "Open Sign in, choose Forgot password and follow the e-mail link."},
        {"en", "Chat with support", "Use the Messenger bubble. An agent answers within minutes; AND OR NOT NEAR."},
        {"da", "Nulstil din adgangskode", "Åbn Log ind, vælg Glemt adgangskode og følg linket i e-mailen."},
        {"de", "Passwort zurücksetzen", "Öffnen Sie Anmelden, wählen Sie Passwort vergessen. Straße, Größe."},
        {"en", "Cookies \"quoted\" and * stars", "Naïve café résumé — 東京 データ 🙂 a\"b c*d e:f ^g (h) {i} -j +k"},
    };
    for (const auto& a : articles) {
      storage::KbArticle article;
      article.category_id = cat.id;
      article.status = storage::KbStatus::kPublished;
      article.translations = {{a.lang, a.title, "slug", a.body, a.body, 0}};
      FUZZ_CHECK(kb->create_article(article).is_ok());
      FUZZ_CHECK(kb->set_status(article.id, storage::KbStatus::kPublished).is_ok());
    }
  }
};

World& world() {
  static World w;
  return w;
}

void check_marked(std::string_view text) {
  std::string html = helpcenter::marked_html(text);
  for (std::string_view tag : {"<mark>", "</mark>"})
    for (size_t at; (at = html.find(tag)) != std::string::npos;) html.erase(at, tag.size());
  FUZZ_CHECK(html.find_first_of("<>\"'") == std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1024) return 0;  // /search refuses queries over 200 characters first
  World& w = world();
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  const char* lang = size % 3 == 0 ? "en" : size % 3 == 1 ? "da" : "de";

  const std::string match = storage::sqlite::kb_match_expression(query);
  if (!match.empty()) {
    Status s = w.db->read([&](storage::sqlite::Connection& c) {
      auto stmt = c.prepare("SELECT count(*) FROM kb_fts WHERE kb_fts MATCH ?");
      if (!stmt) return stmt.status();
      stmt->bind(1, match);
      auto row = stmt->step();
      return row.is_ok() ? Status::ok() : row.status();
    });
    if (!s.is_ok()) std::fprintf(stderr, "MATCH %s: %s\n", match.c_str(), s.to_string().c_str());
    FUZZ_CHECK(s.is_ok());
  }
  auto hits = w.kb->search(lang, query, 21, 0);
  FUZZ_CHECK(hits.is_ok());
  for (const auto& hit : *hits) {
    check_marked(hit.title);
    check_marked(hit.snippet);
  }
  check_marked(query);
  return 0;
}
