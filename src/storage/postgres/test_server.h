#pragma once
// Test support: the PostgreSQL server named by DESKD_TEST_POSTGRES_URL
// (scripts/with_postgres.sh starts a throwaway one) and a fresh schema per
// test. Header-only; include it from tests only.
//
// Each ScratchSchema creates `deskd_t_<random>` and drops it (CASCADE) when
// destroyed; url() names the same server with search_path set to it, so
// every table a Storage creates lands in the schema and tests never see each
// other's rows, also when CTest runs them in parallel.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "core/clock.h"
#include "storage/postgres/pg_storage.h"
#include "storage/store.h"

namespace deskd::storage::postgres::testing {

inline constexpr const char* kSkipMessage =
    "DESKD_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (run them with scripts/with_postgres.sh CMD)";

inline std::optional<std::string> test_postgres_url() {
  const char* url = std::getenv("DESKD_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

// Runs one statement on a short-lived connection to `url`; "" on success,
// else the error.
inline std::string run_admin_sql(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);  // DROP ... CASCADE lists every table
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) error = PQerrorMessage(conn);
    PQclear(r);
  }
  PQfinish(conn);
  return error;
}

// `url` with search_path set to `schema` (URI or key=value form).
inline std::string url_with_schema(const std::string& url, const std::string& schema) {
  if (url.find("://") != std::string::npos) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
  }
  return url + " options='-csearch_path=" + schema + "'";
}

class ScratchSchema {
 public:
  explicit ScratchSchema(std::string base_url) : base_url_(std::move(base_url)) {
    std::random_device rd;
    std::uniform_int_distribution<uint64_t> dist;
    name_ = "deskd_t_" + std::to_string(dist(rd));
    error_ = run_admin_sql(base_url_, "CREATE SCHEMA " + name_);
  }
  ~ScratchSchema() {
    if (error_.empty()) (void)run_admin_sql(base_url_, "DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
  }
  ScratchSchema(const ScratchSchema&) = delete;
  ScratchSchema& operator=(const ScratchSchema&) = delete;

  const std::string& error() const { return error_; }  // "" when the schema exists
  const std::string& name() const { return name_; }
  std::string url() const { return url_with_schema(base_url_, name_); }

 private:
  std::string base_url_;
  std::string name_;
  std::string error_;
};

// A Storage over a fresh schema that drops the schema when destroyed.
class ScratchStorage final : public Storage {
 public:
  ScratchStorage(std::unique_ptr<ScratchSchema> schema, std::unique_ptr<Storage> inner)
      : schema_(std::move(schema)), inner_(std::move(inner)) {}
  ~ScratchStorage() override { inner_.reset(); }  // close the pool before the DROP
  PeopleStore& people() override { return inner_->people(); }
  SessionStore& sessions() override { return inner_->sessions(); }
  SettingsStore& settings() override { return inner_->settings(); }
  AuditStore& audit() override { return inner_->audit(); }
  RememberStore& remember() override { return inner_->remember(); }
  OutboxStore& outbox() override { return inner_->outbox(); }
  PasswordResetStore& password_resets() override { return inner_->password_resets(); }
  KbStore& kb() override { return inner_->kb(); }
  PageViewStore& page_views() override { return inner_->page_views(); }
  FeedbackStore& feedback() override { return inner_->feedback(); }
  TicketStore& tickets() override { return inner_->tickets(); }
  ChatStore& chats() override { return inner_->chats(); }
  MailStore& mail() override { return inner_->mail(); }
  ContentRevisionStore& content_revisions() override { return inner_->content_revisions(); }
  InsightStore& insights() override { return inner_->insights(); }
  TwoFactorStore& two_factor() override { return inner_->two_factor(); }
  ApiKeyStore& api_keys() override { return inner_->api_keys(); }
  WebhookStore& webhooks() override { return inner_->webhooks(); }
  AttachmentStore& attachments() override { return inner_->attachments(); }
  DeskStore& desk() override { return inner_->desk(); }
  SlaStore& sla() override { return inner_->sla(); }
  NotifyStore& notify() override { return inner_->notify(); }
  PersonalSqlAccess& personal_sql() override { return inner_->personal_sql(); }
  std::string_view backend() const override { return inner_->backend(); }
  std::vector<BackendMetric> metrics() override { return inner_->metrics(); }

 private:
  std::unique_ptr<ScratchSchema> schema_;  // destroyed after inner_
  std::unique_ptr<Storage> inner_;
};

inline void skip_without_server() {
  GTEST_SKIP() << kSkipMessage;
}

// The conformance factory: a fresh Storage in its own schema, or nullptr after
// GTEST_SKIP when no server is configured (the suites' SetUp then returns).
inline std::unique_ptr<Storage> make_fresh_postgres() {
  static const ManualClock kClock;
  std::optional<std::string> base = test_postgres_url();
  if (!base) {
    skip_without_server();
    return nullptr;
  }
  auto schema = std::make_unique<ScratchSchema>(*base);
  if (!schema->error().empty()) {
    ADD_FAILURE() << "cannot create a test schema: " << schema->error();
    return nullptr;
  }
  Result<std::unique_ptr<Storage>> storage = open_postgres_storage(schema->url(), kClock);
  if (!storage) {
    ADD_FAILURE() << storage.status().to_string();
    return nullptr;
  }
  return std::make_unique<ScratchStorage>(std::move(schema), std::move(*storage));
}

}  // namespace deskd::storage::postgres::testing
