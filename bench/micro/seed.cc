// deskd_bench_seed: grows a deskd data directory for bench/scale.sh through the
// real stores, with deskd stopped.
//
//   deskd_bench_seed --data DIR [--email E --sessions N --ids-out FILE]
//                    [--page-views M --visitors V --articles A]
//                    [--email E --kb-articles K]
//                    [--tickets T]
//
// --sessions creates N portal sessions of the person with e-mail E through
// SessionManager::create (as a login does, minus argon2id) and appends their
// ids, one per line, to FILE. --page-views records M page views of V visitors
// (dp_v-shaped tokens) over article ids 1..A through PageViewStore in batches of
// 1000, as the page-view writer does. --kb-articles adds K published
// knowledge-base articles written by E, each in English, Danish and German
// with a body of about 1 KB, spread over 20 categories (made on first use),
// through KbStore as the editor writes them. --tickets adds T tickets from
// T / 10 guest requesters (subjects and bodies drawn from a small vocabulary,
// spread over the last 90 days), every other one answered by an agent and a
// third of them resolved, through TicketStore as the portal and the agent desk
// write them. Prints what it did and the time taken.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/random.h"
#include "core/settings.h"
#include "session/manager.h"
#include "storage/sqlite/sqlite_storage.h"

namespace deskd::bench {
namespace {

constexpr size_t kBatchRows = 1000;

int fail(const std::string& message) {
  std::fprintf(stderr, "deskd_bench_seed: %s\n", message.c_str());
  return 1;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int create_sessions(storage::Storage& storage, const Clock& clock, Random& random, const std::string& email,
                    int64_t count, const std::string& ids_out) {
  auto person = storage.people().find_by_email(email);
  if (!person.is_ok()) return fail("no person " + email + ": " + person.status().to_string());
  std::ofstream out(ids_out, std::ios::app);
  if (!out) return fail("cannot write " + ids_out);
  SettingsHub hub{Settings{}};
  session::SessionManager manager(storage.sessions(), clock, random, hub);
  session::NewSession spec;
  spec.person_id = person->id;
  spec.ip = "203.0.113.7";
  spec.user_agent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < count; ++i) {
    auto s = manager.create(spec);
    if (!s.is_ok()) return fail("session " + std::to_string(i) + ": " + s.status().to_string());
    out << s->id << '\n';
  }
  std::printf("sessions: %lld created in %.1f s\n", static_cast<long long>(count), seconds_since(start));
  return 0;
}

int record_page_views(storage::Storage& storage, const Clock& clock, Random& random, int64_t count, int64_t visitors,
                      int64_t articles) {
  std::vector<std::string> visitor_ids;
  visitor_ids.reserve(static_cast<size_t>(visitors));
  for (int64_t i = 0; i < visitors; ++i) visitor_ids.push_back(random.token(32));
  const auto start = std::chrono::steady_clock::now();
  std::vector<storage::PageView> batch;
  batch.reserve(kBatchRows);
  for (int64_t i = 0; i < count; ++i) {
    storage::PageView v;
    v.visitor_id = visitor_ids[static_cast<size_t>(i % visitors)];
    v.article_id = 1 + i % articles;
    v.path = "/kb/articles/" + std::to_string(v.article_id);
    v.title = "Article " + std::to_string(v.article_id);
    v.at_ms = clock.now_ms();
    batch.push_back(std::move(v));
    if (batch.size() == kBatchRows || i + 1 == count) {
      if (Status s = storage.page_views().record_page_views(batch); !s.is_ok())
        return fail("page views: " + s.to_string());
      batch.clear();
    }
  }
  std::printf("page views: %lld of %lld visitors recorded in %.1f s\n", static_cast<long long>(count),
              static_cast<long long>(visitors), seconds_since(start));
  return 0;
}

// About 150 words of text made of `vocabulary`, deterministic per seed.
std::string paragraph(std::mt19937& rng, const std::vector<std::string>& vocabulary) {
  std::uniform_int_distribution<size_t> pick(0, vocabulary.size() - 1);
  std::string out;
  for (int i = 0; i < 150; ++i) {
    if (i) out += i % 15 == 0 ? ".\n\n" : " ";
    out += vocabulary[pick(rng)];
  }
  return out + ".";
}

int create_kb_articles(storage::Storage& storage, const std::string& email, int64_t count) {
  auto person = storage.people().find_by_email(email);
  if (!person.is_ok()) return fail("no person " + email + ": " + person.status().to_string());
  auto& kb = storage.kb();
  constexpr int kCategories = 20;
  std::vector<int64_t> categories;
  auto tree = kb.list_categories();
  if (!tree.is_ok()) return fail(tree.status().to_string());
  for (const auto& c : *tree) {
    const auto* en = storage::find_text(c, "en");
    if (en && en->slug.starts_with("seeded-")) categories.push_back(c.id);
  }
  for (int i = static_cast<int>(categories.size()); i < kCategories; ++i) {
    storage::KbCategory c;
    c.position = 100 + i;
    const std::string n = std::to_string(i + 1);
    c.texts = {{"da", "Seedet kategori " + n, "seedet-" + n, "Artikler til skalering"},
               {"de", "Gesäte Kategorie " + n, "gesaet-" + n, "Artikel zum Skalieren"},
               {"en", "Seeded category " + n, "seeded-" + n, "Articles for scale runs"}};
    if (Status s = kb.create_category(c); !s.is_ok()) return fail("category: " + s.to_string());
    categories.push_back(c.id);
  }
  const std::vector<std::string> words = {
      "account",  "agent",     "article",  "browser",     "chat",     "cookie",  "device",  "email",
      "form",     "guest",     "helpdesk", "invoice",     "language", "login",   "message", "network",
      "order",    "password",  "privacy",  "reply",       "session",  "setting", "support", "ticket",
      "update",   "visitor",   "widget",   "adgang",      "kunde",    "sprog",   "Sitzung", "Konto",
      "Passwort", "Nachricht", "svar",     "indstilling", "Anfrage",  "hjælp",   "Straße",  "København"};
  const std::map<std::string, std::string> kTitles = {
      {"da", "Seedet artikel "}, {"de", "Gesäter Artikel "}, {"en", "Seeded article "}};
  std::mt19937 rng(42);
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < count; ++i) {
    storage::KbArticle a;
    a.category_id = categories[static_cast<size_t>(i % kCategories)];
    a.author_id = person->id;
    a.status = storage::KbStatus::kPublished;
    const std::string n = std::to_string(i + 1) + "-" + std::to_string(rng() % 100000);
    for (const auto& [lang, title] : kTitles) {
      storage::KbTranslation t;
      t.lang = lang;
      t.title = title + n;
      t.slug = "seeded-" + t.lang + "-" + n;
      t.body_md = paragraph(rng, words);
      t.body_text = t.body_md;
      a.translations.push_back(std::move(t));
    }
    if (Status s = kb.create_article(a); !s.is_ok()) return fail("article " + std::to_string(i) + ": " + s.to_string());
  }
  std::printf("kb articles: %lld created (3 languages each) in %.1f s\n", static_cast<long long>(count),
              seconds_since(start));
  return 0;
}

int create_tickets(storage::Storage& storage, const Clock& clock, int64_t count) {
  static const char* const kWords[] = {
      "printer", "invoice", "refund", "password", "login", "shipping", "delivery", "broken", "screen", "battery",
      "charger", "account", "subscription", "cancel", "upgrade", "discount", "warranty", "return", "order", "tracking",
      "email", "notification", "crash", "slow", "error", "payment", "card", "address", "export", "import",
      "report", "backup", "sync", "mobile", "desktop", "browser", "cookie", "language", "translation", "support"};
  constexpr size_t kWordCount = sizeof kWords / sizeof *kWords;
  std::mt19937_64 rng(42);
  auto words = [&](int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      if (i) out += ' ';
      out += kWords[rng() % kWordCount];
    }
    return out;
  };
  const int64_t now = clock.now_ms();
  constexpr int64_t kSpanMs = 90LL * 86'400'000;
  const auto start = std::chrono::steady_clock::now();
  auto& tickets = storage.tickets();
  const int64_t requesters = std::max<int64_t>(1, count / 10);
  for (int64_t i = 0; i < count; ++i) {
    storage::NewTicket t;
    char ref[16];
    std::snprintf(ref, sizeof ref, "B%03lld-%04lld", static_cast<long long>(i / 10000),
                  static_cast<long long>(i % 10000));
    t.ref = ref;
    const int64_t who = static_cast<int64_t>(rng() % static_cast<uint64_t>(requesters));
    t.requester_name = "Requester " + std::to_string(who);
    t.requester_email = "requester" + std::to_string(who) + "@org" + std::to_string(who % 97) + ".example";
    t.subject = words(4);
    t.body = words(40);
    t.lang = "en";
    t.created_ms = now - kSpanMs + kSpanMs * i / count;
    auto created = tickets.create(t);
    if (!created.is_ok()) return fail("ticket " + t.ref + ": " + created.status().to_string());
    if (i % 2 == 0) {
      storage::NewTicketMessage m;
      m.ticket_id = created->id;
      m.author = storage::TicketAuthor::kAgent;
      m.author_name = "Bench Agent";
      m.body = words(30);
      m.created_ms = t.created_ms + 3'600'000;
      if (auto r = tickets.add_message(m); !r.is_ok()) return fail("reply: " + r.status().to_string());
    }
    if (i % 3 == 0) {
      if (Status s = tickets.set_status(created->id, storage::TicketStatus::kResolved, t.created_ms + 86'400'000);
          !s.is_ok())
        return fail("status: " + s.to_string());
    }
  }
  std::printf("tickets: %lld created (%lld replies) in %.1f s\n", static_cast<long long>(count),
              static_cast<long long>((count + 1) / 2), seconds_since(start));
  return 0;
}

int run(int argc, char** argv) {
  std::map<std::string, std::string> opt{
      {"--sessions", "0"}, {"--page-views", "0"}, {"--visitors", "1000"}, {"--articles", "20"}, {"--kb-articles", "0"}, {"--tickets", "0"}};
  for (int i = 1; i + 1 < argc; i += 2) opt[argv[i]] = argv[i + 1];
  if (argc % 2 == 0) return fail("options come in --name value pairs");
  const int64_t sessions = std::atoll(opt["--sessions"].c_str());
  const int64_t page_views = std::atoll(opt["--page-views"].c_str());
  const int64_t visitors = std::atoll(opt["--visitors"].c_str());
  const int64_t articles = std::atoll(opt["--articles"].c_str());
  const int64_t kb_articles = std::atoll(opt["--kb-articles"].c_str());
  const int64_t ticket_count = std::atoll(opt["--tickets"].c_str());
  if (opt["--data"].empty()) return fail("--data DIR is required");
  if (sessions > 0 && (opt["--email"].empty() || opt["--ids-out"].empty()))
    return fail("--sessions needs --email and --ids-out");
  if (page_views > 0 && (visitors <= 0 || articles <= 0)) return fail("--visitors and --articles must be > 0");
  if (kb_articles > 0 && opt["--email"].empty()) return fail("--kb-articles needs --email");
  if (!crypto_init()) return fail("libsodium failed to initialise");

  SystemClock clock;
  SodiumRandom random;
  auto storage = storage::sqlite::open_sqlite_storage(opt["--data"] + "/deskd.db", clock);
  if (!storage.is_ok()) return fail(storage.status().to_string());
  if (sessions > 0) {
    if (int rc = create_sessions(**storage, clock, random, opt["--email"], sessions, opt["--ids-out"])) return rc;
  }
  if (page_views > 0) {
    if (int rc = record_page_views(**storage, clock, random, page_views, visitors, articles)) return rc;
  }
  if (kb_articles > 0) {
    if (int rc = create_kb_articles(**storage, opt["--email"], kb_articles)) return rc;
  }
  if (ticket_count > 0) return create_tickets(**storage, clock, ticket_count);
  return 0;
}

}  // namespace
}  // namespace deskd::bench

int main(int argc, char** argv) {
  return deskd::bench::run(argc, argv);
}
