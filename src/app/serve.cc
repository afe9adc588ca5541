#include "app/serve.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "admin/routes.h"
#include "agent/desk_notifier.h"
#include "agent/routes.h"
#include "api/routes.h"
#include "app/allocator.h"
#include "app/demo.h"
#include "app/ops_routes.h"
#include "cluster/cluster_sync.h"
#include "cluster/redis_bus.h"
#include "cluster/redis_pubsub.h"
#include "core/crypto.h"
#include "core/degraded.h"
#include "core/periodic_worker.h"
#include "core/thread_pool.h"
#include "helpcenter/content_cache.h"
#include "helpcenter/page_view_writer.h"
#include "helpcenter/visitor_history.h"
#include "http/server.h"
#include "inbox/imap_poller.h"
#include "mail/log_sender.h"
#include "mail/mailer.h"
#include "mail/smtp_sender.h"
#include "messenger/messenger.h"
#include "messenger/visitor_chats.h"
#include "pipeline/app.h"
#include "pipeline/render.h"
#include "portal/routes.h"
#include "privacy/retention_job.h"
#include "sla/business_clock.h"
#include "webhooks/dispatcher.h"

namespace deskd::app {
namespace {

constexpr const char* kCsrfKeySetting = "internal.csrf_key";
constexpr const char* kVisitorKeySetting = "internal.visitor_key";

// A 32-byte server key (CSRF MAC, visitor-id MAC), created once and kept in
// the database under `setting` so every node of a cluster shares it.
Result<std::string> server_key(storage::Storage& storage, Random& random, const char* setting) {
  auto stored = storage.settings().load_all();
  if (!stored.is_ok()) return stored.status();
  if (auto it = stored->find(setting); it == stored->end()) {
    if (Status s = storage.settings().put_if_absent(setting, random.token(32)); !s.is_ok()) return s;
    stored = storage.settings().load_all();
    if (!stored.is_ok()) return stored.status();
  }
  auto key = base64url_decode(stored->at(setting));
  if (!key || key->size() != 32) return internal(std::string("stored ") + setting + " is malformed");
  return *key;
}

// /metrics series of each abuse limit (docs/security.md, "Abuse limits").
void add_rate_limit_metrics(http::Metrics& metrics, const security::RateLimits& limits) {
  for (const auto& [name, limiter] : limits.named()) {
    const std::string prefix = "deskd_rate_limit_" + name;
    metrics.add_counter(prefix + "_refused_total",
                        "Events refused by the " + name + " limit (429 answers; page views: served, not recorded).",
                        [l = limiter] { return static_cast<double>(l->refused()); });
    metrics.add_gauge(prefix + "_keys", "Keys (client addresses, visitors, API keys) the " + name + " limit remembers.",
                      [l = limiter] { return static_cast<double>(l->size()); });
    metrics.add_counter(prefix + "_evicted_total",
                        "Client addresses the " + name + " limit forgot while they were still limited (it was full).",
                        [l = limiter] { return static_cast<double>(l->evicted()); });
  }
}

// /metrics series of the link to the other nodes (docs/operations.md).
void add_cluster_metrics(http::Metrics& metrics, const cluster::RedisBus& bus) {
  metrics.add_gauge("deskd_redis_connected", "1 while this node is subscribed to Redis, else 0.",
                    [&bus] { return bus.connected() ? 1.0 : 0.0; });
  metrics.add_counter("deskd_redis_reconnects_total", "Times the Redis subscription came back after a loss.",
                      [&bus] { return static_cast<double>(bus.reconnects()); });
  metrics.add_counter("deskd_cluster_messages_published_total", "Messages this node sent to the other nodes.",
                      [&bus] { return static_cast<double>(bus.published()); });
  metrics.add_counter("deskd_cluster_messages_received_total", "Messages from other nodes this node acted on.",
                      [&bus] { return static_cast<double>(bus.received()); });
}

// Flushes session touches every few seconds; every minute sweeps expired
// sessions and hands the heap's free pages back to the kernel.
class Maintenance {
 public:
  explicit Maintenance(session::SessionManager& sessions)
      : sessions_(sessions), worker_(std::chrono::seconds(5), [this] { tick(); }) {
    worker_.start();
  }

 private:
  void tick() {
    const bool minute = ++ticks_ % 12 == 0;
    ok_or_degraded(Degraded::kSessionMaintenanceFailed, minute ? sessions_.sweep() : sessions_.flush(),
                   "session maintenance");
    if (minute) release_free_heap();
  }
  session::SessionManager& sessions_;
  int ticks_ = 0;          // the worker's thread only
  PeriodicWorker worker_;  // last: stopped (joined) first on destruction
};

// Testing knob (docs/operations.md): DESKD_TEST_REMEMBER_GRACE_MS shortens the
// Remember-Me grace window so tests can replay a rotated-away validator.
int64_t remember_grace_ms() {
  const char* v = std::getenv("DESKD_TEST_REMEMBER_GRACE_MS");
  if (!v || !*v) return session::RememberMe::kDefaultGraceMs;
  char* end = nullptr;
  const long long ms = std::strtoll(v, &end, 10);
  if (*end != '\0' || ms < 0 || ms > session::RememberMe::kDefaultGraceMs) return session::RememberMe::kDefaultGraceMs;
  spdlog::warn("DESKD_TEST_REMEMBER_GRACE_MS={}: Remember-Me grace window shortened for testing", ms);
  return ms;
}

// Testing knob (docs/operations.md): DESKD_TEST_SLA_MINUTE_MS shortens an
// SLA minute (24/7 schedule only) so tests can breach targets in seconds.
void apply_sla_minute_knob() {
  const char* v = std::getenv("DESKD_TEST_SLA_MINUTE_MS");
  if (!v || !*v) return;
  char* end = nullptr;
  const long long ms = std::strtoll(v, &end, 10);
  if (*end != '\0' || ms < 1 || ms > 60'000) return;
  spdlog::warn("DESKD_TEST_SLA_MINUTE_MS={}: SLA minutes shortened for testing", ms);
  sla::set_minute_ms_for_testing(ms);
}

int fail(const std::string& what, const Status& s) {
  std::fprintf(stderr, "deskd: %s: %s\n", what.c_str(), s.message().c_str());
  return 1;
}

}  // namespace

int serve(const ServeOptions& opts) {
  if (!crypto_init()) {
    std::fprintf(stderr, "deskd: libsodium failed to initialise\n");
    return 1;
  }
  Config config = load_config_or_exit(opts.common);
  if (!opts.listen.empty()) config.listen = opts.listen;
  auto listen = http::parse_listen(config.listen);
  if (!listen.is_ok()) return fail("--listen", listen.status());

  SystemClock clock;
  SodiumRandom random;
  apply_sla_minute_knob();
  // Several nodes (SPEC §9): a wrong or unreachable redis.url stops the start
  // with a message naming it, never a silent single-node helpdesk. Once
  // running, losing Redis only degrades (cluster/redis_bus.h).
  std::unique_ptr<cluster::RedisBus> bus;
  if (!config.redis_url.empty()) {
    auto endpoint = cluster::parse_redis_url(config.redis_url);
    if (!endpoint.is_ok()) return fail("configuration", endpoint.status());
    bus = std::make_unique<cluster::RedisBus>(*endpoint, random.token(9));
    if (Status s = bus->probe(); !s.is_ok()) return fail("redis", s);
  }
  auto storage = open_storage(config, opts.common, clock, /*serving=*/true);
  if (!storage.is_ok()) return fail("storage", storage.status());
  auto settings = load_settings(**storage, config);
  if (!settings.is_ok()) return fail("settings", settings.status());
  SettingsHub settings_hub(*settings);
  auto key = server_key(**storage, random, kCsrfKeySetting);
  if (!key.is_ok()) return fail("csrf key", key.status());
  auto visitor_key = server_key(**storage, random, kVisitorKeySetting);
  if (!visitor_key.is_ok()) return fail("visitor key", visitor_key.status());

  const std::string web = web_dir();
  auto catalogs = i18n::Catalogs::load(web + "/locales", {"en", "da", "de"}, "en");
  if (!catalogs.is_ok()) return fail("message catalogs", catalogs.status());
  auto renderer = pipeline::Renderer::load(web + "/templates", *catalogs);
  if (!renderer.is_ok()) return fail("templates", renderer.status());
  auto static_files = http::StaticFiles::load(web + "/static");
  if (!static_files.is_ok()) return fail("static files", static_files.status());

  security::PasswordHasher passwords(security::default_password_params());
  if (opts.demo) {
    if (Status s = seed_demo(**storage, passwords, random, opts.common.data_dir); !s.is_ok())
      return fail("demo content", s);
  }
  security::Csrf csrf(std::move(*key), random);
  security::LoginThrottle throttle(clock);
  security::RateLimits rate_limits(clock, config.limits);
  security::VisitorTokens visitor_tokens(std::move(*visitor_key));
  session::SessionManager sessions((*storage)->sessions(), clock, random, settings_hub);
  session::RememberMe remember((*storage)->remember(), clock, random, remember_grace_ms());
  http::Metrics metrics;
  storage::Storage& store = **storage;
  std::unique_ptr<mail::Sender> mail_sender;
  if (config.mail_smtp_url.empty()) {
    mail_sender = std::make_unique<mail::LogSender>();
  } else {
    mail::SmtpSender::global_init();
    mail_sender = std::make_unique<mail::SmtpSender>(config.mail_smtp_url);
  }
  mail::Mailer mailer(store.outbox(), *mail_sender, clock, random,
                      mail::MailerOptions{.from = config.mail_from, .attachments = &store.attachments()});
  mailer.start();
  // Webhooks (SPEC §12): the deliveries the database triggers write, POSTed
  // by one background thread (docs/webhooks.md).
  mail::SmtpSender::global_init();  // curl's global state
  webhooks::CurlPoster webhook_poster(webhooks::PosterOptions{.allow_private = config.webhooks.allow_private,
                                                              .timeout_ms = int64_t{config.webhooks.timeout_s} * 1000});
  webhooks::Dispatcher webhook_dispatcher(
      store.webhooks(), store.audit(), webhook_poster, clock,
      webhooks::DispatcherOptions{.base_backoff_ms = int64_t{config.webhooks.retry_base_s} * 1000,
                                  .disable_after = config.webhooks.disable_after_failures});
  webhook_dispatcher.start();
  // Inbound mail from a mailbox (SPEC §10); `deskd mail receive` serves MTA pipes.
  std::unique_ptr<inbox::ImapPoller> imap_poller;
  inbox::IntakeDeps intake_deps{store, *catalogs, clock, random};
  if (!config.mail_imap_url.empty() && !opts.print_routes) {
    mail::SmtpSender::global_init();  // curl's global state, for IMAP too
    imap_poller = std::make_unique<inbox::ImapPoller>(intake_deps, inbox::intake_options(config), config.mail_imap_url,
                                                      int64_t{config.mail_imap_poll_s} * 1000);
    imap_poller->start();
  }
  metrics.add_gauge("deskd_sessions_active", "Live sessions in storage (all interfaces).", [&store] {
    auto n = store.sessions().count();
    return n.is_ok() ? static_cast<double>(*n) : -1.0;
  });
  metrics.add_gauge("deskd_sessions_cached", "Sessions held in the in-process cache.",
                    [&sessions] { return static_cast<double>(sessions.cached()); });
  add_rate_limit_metrics(metrics, rate_limits);
  add_heap_metrics(metrics);
  for (auto& m : store.metrics()) {
    if (m.counter) {
      metrics.add_counter(std::move(m.name), std::move(m.help), std::move(m.read));
    } else {
      metrics.add_gauge(std::move(m.name), std::move(m.help), std::move(m.read));
    }
  }

  pipeline::Services services{config,    settings_hub, store,       sessions,      remember,      csrf,
                              passwords, throttle,     *catalogs,   **renderer,    *static_files, metrics,
                              clock,     random,       rate_limits, visitor_tokens};
  helpcenter::PageViewWriter page_views(helpcenter::storage_sink(store));
  page_views.start();
  services.page_views = &page_views;
  services.visitor_sign_in_hooks.push_back(helpcenter::attach_visitor_history(store));
  services.visitor_sign_in_hooks.push_back(messenger::attach_visitor_chats(store));
  metrics.add_gauge("deskd_page_views_queued", "Page views waiting for the batched writer.",
                    [&page_views] { return static_cast<double>(page_views.queued()); });
  metrics.add_gauge("deskd_page_views_dropped", "Page views dropped (queue full or write failed) since start.",
                    [&page_views] { return static_cast<double>(page_views.dropped()); });
  // Published Help Center content in memory (SPEC §8), after the demo seed.
  helpcenter::ContentCache content(store);
  if (Status s = content.load(); !s.is_ok()) return fail("knowledge base", s);
  content.start();
  metrics.add_gauge("deskd_kb_snapshot_revision", "Knowledge-base content revision this node serves.",
                    [&content] { return static_cast<double>(content.snapshot()->revision()); });
  metrics.add_gauge("deskd_kb_snapshot_builds", "Knowledge-base snapshots built since start.",
                    [&content] { return static_cast<double>(content.builds()); });
  metrics.add_gauge("deskd_kb_snapshot_build_ms", "Time the last knowledge-base snapshot took to build.",
                    [&content] { return content.last_build_ms(); });
  metrics.add_gauge("deskd_kb_engagement_cached", "Articles whose votes and comments are held in memory.",
                    [&content] { return static_cast<double>(content.engagement().size()); });
  metrics.add_gauge("deskd_kb_engagement_cached_items",
                    "Voters, pending comment authors and approved comments held in memory (bounded).",
                    [&content] { return static_cast<double>(content.engagement().items()); });
  const size_t workers =
      config.worker_threads > 0 ? config.worker_threads : std::max<size_t>(4, std::thread::hardware_concurrency() * 2);
  auto pool = std::make_unique<ThreadPool>(workers, 4096);
  std::unique_ptr<cluster::RedisPubSub> shared_chat;
  std::unique_ptr<cluster::ClusterSync> cluster_sync;
  if (bus) {
    shared_chat = std::make_unique<cluster::RedisPubSub>(*bus);
    cluster_sync = std::make_unique<cluster::ClusterSync>(cluster::ClusterParts{
        .bus = *bus,
        .storage = store,
        .content = content,
        .settings = settings_hub,
        .reload_settings = [&store, &config] { return load_settings(store, config); },
        .sessions = sessions,
        .throttle = throttle,
    });
    add_cluster_metrics(metrics, *bus);
  }
  auto chat = messenger::Messenger::create(services, *pool, web + "/messenger", shared_chat.get());
  if (!chat.is_ok()) return fail("messenger", chat.status());
  if (cluster_sync) cluster_sync->attach_chat((*chat)->hub());
  pipeline::App app(services, *pool);
  register_ops_routes(app);
  portal::register_routes(app, content);
  agent::register_routes(app);
  (*chat)->register_routes(app);
  admin::register_routes(app);
  if (Status s = api::register_routes(app, web + "/api/openapi.json"); !s.is_ok()) return fail("REST API", s);
  if (opts.print_routes) {
    for (const auto& line : app.describe_routes()) std::printf("%s\n", line.c_str());
    return 0;
  }

  http::ServerOptions server_options;
  server_options.host = listen->first;
  server_options.port = listen->second;
  server_options.limits = config.limits;
  server_options.io_threads = config.io_threads > 0 ? config.io_threads : 1;
  server_options.uncapped_peers = config.trusted_proxies;
  server_options.shutdown_timeout = std::chrono::seconds(config.shutdown_timeout_s);
  server_options.body_limit = [&app](std::string_view method, std::string_view path) {
    return app.body_limit(method, path);
  };
  server_options.error_page = [&app](int status, const http::Request& head) {
    return app.protocol_error_page(status, head);
  };
  server_options.answer_now = [&app](const http::Request& req) { return app.answer_now(req); };
  server_options.run_blocking = [&pool](std::function<void()> task) { return pool->submit(std::move(task)); };
  http::Server server(
      server_options,
      [&app](http::Request req, http::Responder done) { app.run_on_worker(std::move(req), std::move(done)); }, metrics);
  auto bound = server.listen();
  if (!bound.is_ok()) return fail("listen", bound.status());
  if (bus) bus->start();
  if (cluster_sync) cluster_sync->start();
  app.set_listen_address(*bound);
  std::printf("listening on http://%s\n", bound->c_str());
  std::fflush(stdout);
  spdlog::info("deskd serving on http://{} (storage: {}, data: {}, redis: {})", *bound, store.backend(),
               opts.common.data_dir, bus ? "node " + bus->node_id() : std::string("off"));
  {
    Maintenance maintenance(sessions);
    privacy::RetentionJob retention(store, settings_hub, clock);
    // Desk notifications and SLA breaches (docs/agent-desk.md); live frames
    // go through the messenger's PubSub, so over Redis when configured.
    agent::DeskNotifier notifier(
        {store, *catalogs, clock, config.public_url.empty() ? "http://" + *bound : config.public_url,
         [&hub = (*chat)->hub()](int64_t agent_id, std::string frame) { hub.to_agent(agent_id, std::move(frame)); }});
    metrics.add_counter("deskd_desk_notify_failures_total",
                        "Desk notifications or SLA breach notices lost to a storage error (logged).",
                        [&notifier] { return static_cast<double>(notifier.failures()); });
    notifier.start();
    server.run([] {});
    notifier.stop();
  }
  pool.reset();          // finish queued requests before the server and services go away
  if (bus) bus->stop();  // no cluster message reaches the parts below once they stop
  if (cluster_sync) cluster_sync->stop();
  content.stop();
  page_views.stop();  // flushes the views those requests queued
  if (Status s = sessions.flush(); !s.is_ok()) spdlog::warn("final session flush: {}", s.to_string());
  if (imap_poller) imap_poller->stop();
  webhook_dispatcher.stop();
  mailer.stop();
  spdlog::info("deskd stopped");
  return 0;
}

}  // namespace deskd::app
