// The Help Center read path (SPEC §8) through the whole pipeline: every
// statement SQLite runs is counted (a trace callback on every connection), so
// a storage query that creeps onto an anonymous page view fails these tests.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <random>
#include <regex>
#include <thread>

#include "core/crypto.h"
#include "core/random.h"
#include "core/thread_pool.h"
#include "helpcenter/content_cache.h"
#include "helpcenter/kb_demo.h"
#include "helpcenter/kb_pages.h"
#include "pipeline/app.h"
#include "pipeline/render.h"
#include "portal/routes.h"
#include "security/csrf.h"
#include "security/password.h"
#include "security/rate_limit.h"
#include "security/throttle.h"
#include "security/visitor_token.h"
#include "session/manager.h"
#include "session/remember.h"
#include "storage/sqlite/sqlite_storage.h"

namespace deskd::portal {
namespace {

std::atomic<int64_t> g_statements{0};

int count_statement(unsigned, void*, void*, void*) {
  g_statements.fetch_add(1);
  return 0;
}

// Registered for every SQLite connection the process opens from now on.
int trace_connection(sqlite3* db, const char**, const struct sqlite3_api_routines*) {
  sqlite3_trace_v2(db, SQLITE_TRACE_STMT, count_statement, nullptr);
  return SQLITE_OK;
}

class CountingRecorder final : public pipeline::PageViewRecorder {
 public:
  bool record(storage::PageView view) override {
    std::lock_guard lock(mu_);
    views_.push_back(std::move(view));
    return true;
  }
  size_t count() {
    std::lock_guard lock(mu_);
    return views_.size();
  }

 private:
  std::mutex mu_;
  std::vector<storage::PageView> views_;
};

struct Answer {
  http::Response response;
  int64_t statements = 0;
  bool inline_answer = false;  // answered on the thread that called App::handle (the I/O thread)
};

class ReadPathTest : public ::testing::Test {
 protected:
  static constexpr const char* kListen = "127.0.0.1:8080";  // the server's own name (Host)

  static void SetUpTestSuite() {
    ASSERT_TRUE(crypto_init());
    sqlite3_auto_extension(reinterpret_cast<void (*)()>(trace_connection));
  }

  void SetUp() override {
    web_ = std::getenv("DESKD_WEB_DIR");
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("deskd-readpath-" + std::to_string(std::uniform_int_distribution<uint64_t>()(rd)) + ".db");
    auto opened = storage::sqlite::open_sqlite_storage(path_.string(), clock_);
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    storage_ = std::move(*opened);
    auto catalogs = i18n::Catalogs::load(web_ + "/locales", {"en", "da", "de"}, "en");
    ASSERT_TRUE(catalogs.is_ok());
    catalogs_ = std::make_unique<i18n::Catalogs>(std::move(*catalogs));
    auto renderer = pipeline::Renderer::load(web_ + "/templates", *catalogs_);
    ASSERT_TRUE(renderer.is_ok());
    renderer_ = std::move(*renderer);
    auto files = http::StaticFiles::load(web_ + "/static");
    ASSERT_TRUE(files.is_ok());
    static_files_ = std::make_unique<http::StaticFiles>(std::move(*files));

    auto agent = storage_->people().create({"agent@example.com", "Agent", storage::Role::kAgent, "", ""});
    ASSERT_TRUE(agent.is_ok());
    ASSERT_TRUE(helpcenter::seed_kb_demo(*storage_, *catalogs_, web_ + "/demo/kb.json", agent->id).is_ok());
    auto reader = storage_->people().create({"reader@example.com", "Reader", storage::Role::kUser, "", ""});
    ASSERT_TRUE(reader.is_ok());
    reader_ = *reader;

    hub_ = std::make_unique<SettingsHub>(Settings{});
    sessions_ = std::make_unique<session::SessionManager>(storage_->sessions(), clock_, random_, *hub_);
    remember_ = std::make_unique<session::RememberMe>(storage_->remember(), clock_, random_);
    std::string key(32, '\0');
    random_.fill(key.data(), key.size());
    csrf_ = std::make_unique<security::Csrf>(key, random_);
    passwords_ = std::make_unique<security::PasswordHasher>(security::fast_test_password_params());
    throttle_ = std::make_unique<security::LoginThrottle>(clock_);
    rate_limits_ = std::make_unique<security::RateLimits>(clock_, config_.limits);
    std::string visitor_key(32, '\0');
    random_.fill(visitor_key.data(), visitor_key.size());
    visitor_tokens_ = std::make_unique<security::VisitorTokens>(visitor_key);
    services_ = std::make_unique<pipeline::Services>(pipeline::Services{
        config_, *hub_, *storage_, *sessions_, *remember_, *csrf_, *passwords_, *throttle_, *catalogs_, *renderer_,
        *static_files_, metrics_, clock_, random_, *rate_limits_, *visitor_tokens_});
    services_->page_views = &views_;
    content_ = std::make_unique<helpcenter::ContentCache>(*storage_);
    ASSERT_TRUE(content_->load().is_ok());  // no poll thread: it would query on its own
    pool_ = std::make_unique<ThreadPool>(1, 16);
    app_ = std::make_unique<pipeline::App>(*services_, *pool_);
    app_->set_listen_address(kListen);
    register_routes(*app_, *content_);
  }

  void TearDown() override {
    direct_app_.reset();
    app_.reset();
    pool_.reset();
    content_.reset();
    direct_content_.reset();
    services_.reset();
    sessions_.reset();
    remember_.reset();
    storage_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix, ec);
  }

  // A second App over the same services whose Help Center renders every page
  // directly: the reference for prepared pages.
  void start_direct_app() {
    helpcenter::ContentCacheOptions options;
    options.prepared_pages = false;
    direct_content_ = std::make_unique<helpcenter::ContentCache>(*storage_, options);
    ASSERT_TRUE(direct_content_->load().is_ok());
    direct_app_ = std::make_unique<pipeline::App>(*services_, *pool_);
    direct_app_->set_listen_address(kListen);
    register_routes(*direct_app_, *direct_content_);
  }

  // The page without what must differ between two answers: masked CSRF
  // tokens, and the visitor id a browser without cookies is given.
  static std::string comparable(const std::string& html) {
    static const std::regex kToken("name=\"_dp_csrf_token\" value=\"[A-Za-z0-9_-]+\"");
    static const std::regex kVisitor("data-visitor=\"[^\"]*\"");
    return std::regex_replace(std::regex_replace(html, kToken, "name=\"_dp_csrf_token\" value=\"TOKEN\""), kVisitor,
                              "data-visitor=\"V\"");
  }

  // "" when equal, else the text around the first difference.
  static std::string difference(const std::string& a, const std::string& b) {
    if (a == b) return {};
    size_t at = 0;
    while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
    const size_t from = at < 80 ? 0 : at - 80;
    return "at byte " + std::to_string(at) + ":\n" + a.substr(from, 160) + "\n---\n" + b.substr(from, 160);
  }

  Answer get(const std::string& target, const std::string& cookie = "", pipeline::App* app = nullptr) {
    http::Request req;
    req.method = "GET";
    req.target = target;
    const size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = target.substr(q + 1);
    req.headers = {{"Host", kListen}};
    if (!cookie.empty()) req.headers.emplace_back("Cookie", cookie);
    req.peer_ip = "127.0.0.1";
    std::promise<http::Response> done;
    const int64_t before = g_statements.load();
    const std::thread::id caller = std::this_thread::get_id();
    bool inline_answer = false;
    (app ? app : app_.get())->handle(std::move(req), [&](http::Response res) {
      inline_answer = std::this_thread::get_id() == caller;
      done.set_value(std::move(res));
    });
    Answer answer{done.get_future().get(), 0, inline_answer};
    answer.statements = g_statements.load() - before;
    return answer;
  }

  // "name=value" of the cookie `name` the response sets, or "".
  static std::string set_cookie(const http::Response& res, std::string_view name) {
    for (const auto& [header, value] : res.headers) {
      if (header == "Set-Cookie" && value.starts_with(std::string(name) + "=")) return value.substr(0, value.find(';'));
    }
    return {};
  }

  // The visitor id the page hands the Messenger loader (the dp_v identity,
  // whatever the cookie's format).
  static std::string visitor_id(const std::string& html) {
    static const std::regex kVisitor("data-visitor=\"([^\"]+)\"");
    std::smatch m;
    return std::regex_search(html, m, kVisitor) ? m[1].str() : std::string();
  }

  // The dp_v cookie a first visit gets.
  std::string visitor_cookie() {
    std::string cookie = set_cookie(get("/").response, "dp_v");
    EXPECT_FALSE(cookie.empty()) << "no dp_v cookie on a first visit";
    return cookie;
  }

  std::string portal_cookie() {
    auto s = sessions_->create({session::Interface::kPortal, reader_.id, false, "127.0.0.1", "test", "{}"});
    EXPECT_TRUE(s.is_ok());
    return s.is_ok() ? "dpsid-portal=" + s->id : "";
  }

  std::string web_;
  std::filesystem::path path_;
  SystemClock clock_;
  SodiumRandom random_;
  Config config_;
  http::Metrics metrics_;
  CountingRecorder views_;
  storage::Person reader_;
  std::unique_ptr<storage::Storage> storage_;
  std::unique_ptr<i18n::Catalogs> catalogs_;
  std::unique_ptr<pipeline::Renderer> renderer_;
  std::unique_ptr<http::StaticFiles> static_files_;
  std::unique_ptr<SettingsHub> hub_;
  std::unique_ptr<session::SessionManager> sessions_;
  std::unique_ptr<session::RememberMe> remember_;
  std::unique_ptr<security::Csrf> csrf_;
  std::unique_ptr<security::PasswordHasher> passwords_;
  std::unique_ptr<security::LoginThrottle> throttle_;
  std::unique_ptr<security::RateLimits> rate_limits_;
  std::unique_ptr<security::VisitorTokens> visitor_tokens_;
  std::unique_ptr<pipeline::Services> services_;
  std::unique_ptr<helpcenter::ContentCache> content_;
  std::unique_ptr<ThreadPool> pool_;
  std::unique_ptr<pipeline::App> app_;
  std::unique_ptr<helpcenter::ContentCache> direct_content_;
  std::unique_ptr<pipeline::App> direct_app_;
};

constexpr const char* kArticle = "/kb/articles/9-resetting-your-password";

TEST_F(ReadPathTest, AnAnonymousArticleViewRunsNoQueryAndRecordsTheView) {
  const std::string visitor = visitor_cookie();
  ASSERT_EQ(get(kArticle, visitor).response.status, 200);  // the first view reads the article's votes and comments
  const size_t views = views_.count();
  for (int i = 0; i < 3; ++i) {
    Answer a = get(kArticle, visitor);
    EXPECT_EQ(a.response.status, 200);
    EXPECT_NE(a.response.body.find("Resetting your password"), std::string::npos);
    EXPECT_NE(a.response.body.find("name=\"_dp_csrf_token\""), std::string::npos);
    EXPECT_EQ(a.statements, 0) << "a storage query on the anonymous article path";
  }
  EXPECT_EQ(views_.count(), views + 3);  // handed to the batched writer, not written here
  // A first visit (no cookie at all) is as cheap, and sets dp_v.
  Answer fresh = get(kArticle);
  EXPECT_EQ(fresh.statements, 0);
  EXPECT_FALSE(set_cookie(fresh.response, "dp_v").empty());
}

TEST_F(ReadPathTest, AnonymousListPagesRunNoQuery) {
  const std::string visitor = visitor_cookie();
  for (const char* page : {"/", "/kb", "/kb/general", "/da/", "/da/kb/articles/9", "/de/kb"}) {
    get(page, visitor);
    Answer a = get(page, visitor);
    EXPECT_LT(a.response.status, 400) << page;
    EXPECT_EQ(a.statements, 0) << page;
  }
}

TEST_F(ReadPathTest, ARepeatedSearchRunsNoQuery) {
  const std::string visitor = visitor_cookie();
  Answer first = get("/search?q=password", visitor);
  EXPECT_EQ(first.response.status, 200);
  EXPECT_GT(first.statements, 0);  // the full-text search itself
  Answer again = get("/search?q=password", visitor);
  EXPECT_EQ(again.statements, 0);
  EXPECT_EQ(again.response.body.size(), first.response.body.size());
}

TEST_F(ReadPathTest, ASignedInArticleViewReadsOnlyThePerson) {
  const std::string portal = portal_cookie();
  get(kArticle, portal);
  Answer a = get(kArticle, portal);
  EXPECT_EQ(a.response.status, 200);
  EXPECT_NE(a.response.body.find("action=\"/logout\""), std::string::npos);
  EXPECT_LE(a.statements, 1) << "more than the signed-in person's lookup";
}

TEST_F(ReadPathTest, AVoteShowsAtOnceAndTheArticleIsCachedAgainAfterOneRead) {
  const std::string visitor = visitor_cookie();
  get(kArticle, visitor);
  const std::string id = visitor_id(get(kArticle, visitor).response.body);
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(storage_->feedback().cast_vote(9, "v:" + id, 1, 0).is_ok());
  Answer voted = get(kArticle, visitor);
  EXPECT_NE(voted.response.body.find("vote vote-up mine"), std::string::npos);
  EXPECT_NE(voted.response.body.find("aria-pressed=\"true\""), std::string::npos);
  Answer again = get(kArticle, visitor);
  EXPECT_EQ(again.statements, 0);
  Answer other = get(kArticle, visitor_cookie());
  EXPECT_EQ(other.response.body.find("vote vote-up mine"), std::string::npos);
  EXPECT_NE(other.response.body.find("data-vote=\"up\">1<"), std::string::npos);
}

TEST_F(ReadPathTest, PreparedPagesAreByteForByteTheDirectlyRenderedOnes) {
  start_direct_app();
  const std::string visitor = visitor_cookie();
  const std::string portal = portal_cookie();
  const std::string id = visitor_id(get(kArticle, visitor).response.body);
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(storage_->feedback().cast_vote(9, "v:" + id, -1, 0).is_ok());
  storage::Comment approved;
  approved.article_id = 9;
  approved.voter = "v:someone";
  approved.name = "<b>Ann</b>";
  approved.body = "Thanks & <script>alert(1)</script>";
  approved.created_ms = 1'700'000'000'000;
  ASSERT_TRUE(storage_->feedback().add_comment(approved).is_ok());
  ASSERT_TRUE(storage_->feedback().moderate(approved.id, storage::CommentStatus::kApproved, 1).is_ok());
  for (const std::string& cookie : {std::string(), visitor, portal}) {
    for (const char* page : {"/", "/?logged_out=1", "/kb", "/kb/general", kArticle, "/da/kb/articles/9",
                             "/kb/articles/1-hvilke-cookies-bruger-deskd", "/de/kb/articles/1", "/search?q=password",
                             "/search?q=%3Cscript%3E", "/search?q=", "/kb/articles/9-resetting-your-password?x=%22"}) {
      Answer direct = get(page, cookie, direct_app_.get());
      get(page, cookie);  // prepares it
      Answer prepared = get(page, cookie);
      EXPECT_EQ(prepared.response.status, direct.response.status) << page << " " << cookie;
      EXPECT_EQ(difference(comparable(prepared.response.body), comparable(direct.response.body)), "")
          << page << " " << cookie;
    }
  }
  // The own vote shows for its voter only; the planted script never unescaped.
  Answer mine = get(kArticle, visitor);
  EXPECT_NE(mine.response.body.find("vote vote-down mine"), std::string::npos);
  EXPECT_EQ(mine.response.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(mine.response.body.find("&lt;script&gt;alert(1)"), std::string::npos);
}

TEST_F(ReadPathTest, PagesInMemoryAreAnsweredOnTheIoThreadForVisitorsWhoAreNotSignedIn) {
  const std::string visitor = visitor_cookie();
  const size_t views = views_.count();

  // The article's votes and comments are not in memory yet: the attempt on the
  // calling thread declines untouched (no view recorded twice) and a worker answers.
  Answer cold = get(kArticle, visitor);
  EXPECT_EQ(cold.response.status, 200);
  EXPECT_FALSE(cold.inline_answer);
  EXPECT_EQ(views_.count(), views + 1);
  Answer warm = get(kArticle, visitor);
  EXPECT_EQ(warm.response.status, 200);
  EXPECT_TRUE(warm.inline_answer);
  EXPECT_EQ(warm.statements, 0);
  EXPECT_EQ(views_.count(), views + 2);
  EXPECT_EQ(comparable(warm.response.body), comparable(cold.response.body));

  // A signed-in visitor's first view goes to a worker, which reads their
  // person from storage; from then on the I/O thread answers from memory.
  const std::string portal = portal_cookie();
  Answer signed_in = get(kArticle, portal);
  EXPECT_EQ(signed_in.response.status, 200);
  EXPECT_FALSE(signed_in.inline_answer);
  Answer signed_in_again = get(kArticle, portal);
  EXPECT_TRUE(signed_in_again.inline_answer);
  EXPECT_EQ(signed_in_again.statements, 0);
  EXPECT_NE(signed_in_again.response.body.find("action=\"/logout\""), std::string::npos);
  EXPECT_EQ(comparable(signed_in_again.response.body), comparable(signed_in.response.body));

  // A query the search has not answered runs the full-text search on a worker; a repeat is in memory.
  Answer miss = get("/search?q=password", visitor);
  EXPECT_EQ(miss.response.status, 200);
  EXPECT_FALSE(miss.inline_answer);
  Answer hit = get("/search?q=password", visitor);
  EXPECT_TRUE(hit.inline_answer);
  EXPECT_EQ(hit.statements, 0);
  EXPECT_EQ(comparable(hit.response.body), comparable(miss.response.body));

  for (const char* page : {"/", "/kb", "/da/kb"}) {
    Answer list = get(page, visitor);
    EXPECT_EQ(list.response.status, 200) << page;
    EXPECT_TRUE(list.inline_answer) << page;
  }
  // A first visit (no cookie at all) is answered in memory too, with its new dp_v.
  Answer first = get("/kb");
  EXPECT_TRUE(first.inline_answer);
  EXPECT_FALSE(set_cookie(first.response, "dp_v").empty());
}

TEST_F(ReadPathTest, SignedInPagesFromMemoryShowEveryChangeMadeThroughThisNodeAtOnce) {
  auto session = sessions_->create({session::Interface::kPortal, reader_.id, false, "127.0.0.1", "test", "{}"});
  ASSERT_TRUE(session.is_ok());
  const std::string portal = "dpsid-portal=" + session->id;
  get(kArticle, portal);
  ASSERT_TRUE(get(kArticle, portal).inline_answer);

  // The saved language changes (a GET): the next page reads the person again and is in Danish.
  EXPECT_EQ(get("/change-language?lang=da&return_to=/kb", portal).response.status, 303);
  Answer danish = get(kArticle, portal);
  EXPECT_FALSE(danish.inline_answer);
  EXPECT_NE(danish.response.body.find("<html lang=\"da\""), std::string::npos);
  Answer danish_again = get(kArticle, portal);
  EXPECT_TRUE(danish_again.inline_answer);
  EXPECT_NE(danish_again.response.body.find("<html lang=\"da\""), std::string::npos);

  // A flash message waits in the session: a worker shows it (taking it out writes the session).
  session::Session with_flash = *session;
  with_flash.data = R"({"flash":"account.saved"})";
  ASSERT_TRUE(sessions_->save_data(with_flash).is_ok());
  EXPECT_FALSE(get(kArticle, portal).inline_answer);

  // The session ends: the next page is a worker's, signed out, and clears the cookie.
  ASSERT_TRUE(sessions_->destroy(*session).is_ok());
  Answer ended = get(kArticle, portal);
  EXPECT_FALSE(ended.inline_answer);
  EXPECT_EQ(ended.response.status, 200);
  EXPECT_EQ(ended.response.body.find("action=\"/logout\""), std::string::npos);
  EXPECT_EQ(set_cookie(ended.response, "dpsid-portal"), "dpsid-portal=");
}

TEST_F(ReadPathTest, CookiesThatMayNeedStorageSendAPageToAWorker) {
  const std::string visitor = visitor_cookie();
  get(kArticle, visitor);
  ASSERT_TRUE(get(kArticle, visitor).inline_answer);
  // A Remember-Me cookie without a session: its sign-in writes storage.
  EXPECT_FALSE(get(kArticle, visitor + "; dpreme=" + std::string(22, 'a') + "." + std::string(43, 'b')).inline_answer);
  // Another area's session: the CSRF binding looks it up.
  EXPECT_FALSE(get(kArticle, visitor + "; dpsid-agent=" + std::string(43, 'c')).inline_answer);
  // A portal session this node does not know.
  EXPECT_FALSE(get(kArticle, visitor + "; dpsid-portal=" + std::string(43, 'd')).inline_answer);
  // A signed-in visitor with a Remember-Me cookie too: the session decides, in memory.
  const std::string portal = portal_cookie();
  get(kArticle, portal);
  EXPECT_TRUE(get(kArticle, portal + "; dpreme=" + std::string(22, 'a') + "." + std::string(43, 'b')).inline_answer);
}

}  // namespace
}  // namespace deskd::portal
