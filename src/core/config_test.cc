#include "core/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

namespace deskd {
namespace {

// A TOML file in the temp directory, removed when the test ends.
class TempToml {
 public:
  explicit TempToml(const std::string& text) {
    std::random_device rd;
    path_ = (std::filesystem::temp_directory_path() / ("deskd-config-" + std::to_string(rd()) + ".toml")).string();
    std::ofstream(path_) << text;
  }
  ~TempToml() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const EnvLookup kNoEnv = env_of({});

Status load_error(const std::string& toml, std::map<std::string, std::string> env = {}) {
  TempToml file(toml);
  auto c = load_config(file.path(), env_of(std::move(env)));
  EXPECT_FALSE(c.is_ok());
  return c.status();
}

TEST(ConfigTest, DefaultsWithoutFileOrEnvironment) {
  auto c = load_config("", kNoEnv);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
  EXPECT_EQ(c->public_url, "");
  EXPECT_TRUE(c->trusted_proxies.empty());
  EXPECT_EQ(c->metrics_allow, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(c->storage_url, "");
  EXPECT_EQ(c->limits.max_header_bytes, 16u * 1024);
  EXPECT_EQ(c->limits.max_body_bytes, 1024u * 1024);
  EXPECT_TRUE(c->helpdesk.empty());
}

TEST(ConfigTest, LoadsEveryInfrastructureKeyFromToml) {
  TempToml file(R"(
[server]
listen = "0.0.0.0:9000"
public_url = "https://help.example.com"
trusted_proxies = ["10.0.0.1", "10.0.0.2"]
metrics_allow = "127.0.0.1, 10.9.9.9"
io_threads = 2
worker_threads = 8
shutdown_timeout_s = 25

[storage]
url = "sqlite:/var/lib/deskd/deskd.db"

[redis]
url = "redis://127.0.0.1:6379/0"

[mail]
smtp_url = "smtp://mail.example.com:25"

[limits]
max_header_bytes = 8192
max_body_bytes = 2097152
max_form_body_bytes = 32768
read_timeout_s = 10
idle_timeout_s = 30
write_timeout_s = 20
max_connections = 500
)");
  auto c = load_config(file.path(), kNoEnv);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->listen, "0.0.0.0:9000");
  EXPECT_EQ(c->public_url, "https://help.example.com");
  EXPECT_EQ(c->trusted_proxies, (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
  EXPECT_EQ(c->metrics_allow, (std::vector<std::string>{"127.0.0.1", "10.9.9.9"}));
  EXPECT_EQ(c->io_threads, 2);
  EXPECT_EQ(c->worker_threads, 8);
  EXPECT_EQ(c->shutdown_timeout_s, 25);
  EXPECT_EQ(c->storage_url, "sqlite:/var/lib/deskd/deskd.db");
  EXPECT_EQ(c->redis_url, "redis://127.0.0.1:6379/0");
  EXPECT_EQ(c->mail_smtp_url, "smtp://mail.example.com:25");
  EXPECT_EQ(c->limits.max_header_bytes, 8192u);
  EXPECT_EQ(c->limits.max_body_bytes, 2097152u);
  EXPECT_EQ(c->limits.max_form_body_bytes, 32768u);
  EXPECT_EQ(c->limits.read_timeout_s, 10);
  EXPECT_EQ(c->limits.idle_timeout_s, 30);
  EXPECT_EQ(c->limits.write_timeout_s, 20);
  EXPECT_EQ(c->limits.max_connections, 500u);
  EXPECT_TRUE(c->helpdesk.empty());
}

TEST(ConfigTest, HelpdeskKeysBecomeTextWithArraysJoined) {
  TempToml file(R"(
[sessions]
portal_idle_s = 1800
admin_absolute_s = 7200

[auth]
remember_days = 14
remember_users = false

[cookies]
optional = "consent"
prefix = "__Host-"

[i18n]
default_language = "da"
languages = ["da", "en"]

[messenger]
allowed_origins = ["https://shop.example.com", "https://blog.example.com"]
loader_ttl_s = 600
)");
  auto c = load_config(file.path(), kNoEnv);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  const std::map<std::string, std::string> expected = {
      {"sessions.portal_idle_s", "1800"},
      {"sessions.admin_absolute_s", "7200"},
      {"auth.remember_days", "14"},
      {"auth.remember_users", "false"},
      {"cookies.optional", "consent"},
      {"cookies.prefix", "__Host-"},
      {"i18n.default_language", "da"},
      {"i18n.languages", "da,en"},
      {"messenger.allowed_origins", "https://shop.example.com,https://blog.example.com"},
      {"messenger.loader_ttl_s", "600"},
  };
  EXPECT_EQ(c->helpdesk, expected);
}

TEST(ConfigTest, EnvironmentOverridesFileAndDefaults) {
  TempToml file(R"(
[server]
listen = "0.0.0.0:9000"
trusted_proxies = ["10.0.0.1"]

[cookies]
optional = "off"
)");
  auto c = load_config(file.path(), env_of({
                                        {"DESKD_SERVER_TRUSTED_PROXIES", "127.0.0.1, ::1"},
                                        {"DESKD_COOKIES_OPTIONAL", "consent"},
                                        {"DESKD_SESSIONS_PORTAL_IDLE_S", "900"},
                                        {"DESKD_LIMITS_MAX_BODY_BYTES", "4096"},
                                        {"DESKD_STORAGE_URL", "sqlite:/tmp/x.db"},
                                    }));
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->listen, "0.0.0.0:9000");  // not overridden
  EXPECT_EQ(c->trusted_proxies, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(c->helpdesk.at("cookies.optional"), "consent");
  EXPECT_EQ(c->helpdesk.at("sessions.portal_idle_s"), "900");
  EXPECT_EQ(c->limits.max_body_bytes, 4096u);
  EXPECT_EQ(c->storage_url, "sqlite:/tmp/x.db");
}

TEST(ConfigTest, EnvironmentAloneWithoutFile) {
  auto c = load_config("", env_of({{"DESKD_SERVER_LISTEN", "127.0.0.1:0"}, {"DESKD_AUTH_REMEMBER_AGENTS", "off"}}));
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->listen, "127.0.0.1:0");
  EXPECT_EQ(c->helpdesk, (std::map<std::string, std::string>{{"auth.remember_agents", "off"}}));
}

TEST(ConfigTest, StoragePoolSizeHasADefaultAndARange) {
  auto d = load_config("", kNoEnv);
  ASSERT_TRUE(d.is_ok());
  EXPECT_EQ(d->storage_pool_size, 8);
  auto c = load_config("", env_of({{"DESKD_STORAGE_POOL_SIZE", "32"}, {"DESKD_REDIS_URL", "redis://127.0.0.1:6379/0"}}));
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->storage_pool_size, 32);
  EXPECT_EQ(c->redis_url, "redis://127.0.0.1:6379/0");
  for (const char* bad : {"0", "257", "many"}) {
    auto b = load_config("", env_of({{"DESKD_STORAGE_POOL_SIZE", bad}}));
    ASSERT_FALSE(b.is_ok()) << bad;
    EXPECT_NE(b.status().message().find("storage.pool_size"), std::string::npos) << b.status().message();
  }
}

TEST(ConfigTest, WebhookKeysHaveDefaultsAndRanges) {
  auto d = load_config("", kNoEnv);
  ASSERT_TRUE(d.is_ok());
  EXPECT_FALSE(d->webhooks.allow_private);
  EXPECT_EQ(d->webhooks.retry_base_s, 30);
  EXPECT_EQ(d->webhooks.disable_after_failures, 50);
  EXPECT_EQ(d->webhooks.timeout_s, 10);
  TempToml file("[webhooks]\nallow_private = true\nretry_base_s = 1\ndisable_after_failures = 3\n");
  auto c = load_config(file.path(), env_of({{"DESKD_WEBHOOKS_TIMEOUT_S", "5"}}));
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_TRUE(c->webhooks.allow_private);
  EXPECT_EQ(c->webhooks.retry_base_s, 1);
  EXPECT_EQ(c->webhooks.disable_after_failures, 3);
  EXPECT_EQ(c->webhooks.timeout_s, 5);
  auto off = load_config(file.path(), env_of({{"DESKD_WEBHOOKS_ALLOW_PRIVATE", "false"}}));
  ASSERT_TRUE(off.is_ok());
  EXPECT_FALSE(off->webhooks.allow_private);
  EXPECT_NE(load_error("[webhooks]\nallow_private = \"yes\"\n").message().find("webhooks.allow_private"),
            std::string::npos);
  EXPECT_NE(load_error("[webhooks]\nretry_base_s = 0\n").message().find("webhooks.retry_base_s"), std::string::npos);
}

TEST(ConfigTest, UnrelatedEnvironmentVariablesAreIgnored) {
  auto c = load_config("", env_of({{"DESKD_SERVER_NOPE", "x"}, {"HOME", "/root"}}));
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
}

TEST(ConfigTest, UnreadableFile) {
  auto c = load_config("/nonexistent/deskd.toml", kNoEnv);
  ASSERT_FALSE(c.is_ok());
  EXPECT_EQ(c.status().code(), Code::kInvalidArgument);
  EXPECT_NE(c.status().message().find("/nonexistent/deskd.toml"), std::string::npos) << c.status().message();
}

TEST(ConfigTest, UnknownKeyIsNamed) {
  Status s = load_error("[server]\nlisten = \"x:1\"\nlistn = \"y\"\n");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_NE(s.message().find("unknown setting 'server.listn'"), std::string::npos) << s.message();
}

TEST(ConfigTest, UnknownSectionIsRejected) {
  Status s = load_error("[database]\nurl = \"x\"\n");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_NE(s.message().find("database.url"), std::string::npos) << s.message();
}

TEST(ConfigTest, TopLevelKeyOutsideSectionIsRejected) {
  Status s = load_error("listen = \"127.0.0.1:1\"\n");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_NE(s.message().find("'listen' must be a [section]"), std::string::npos) << s.message();
}

TEST(ConfigTest, BadTomlReportsTheLine) {
  Status s = load_error("[server]\nlisten = \"127.0.0.1:1\"\nio_threads = = 3\n");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_NE(s.message().find("line 3"), std::string::npos) << s.message();
}

// Found by fuzz/config_fuzz.cc: toml++ 3.3 reaches __builtin_unreachable() on
// some non-ASCII characters where it looks for whitespace (U+0200 at the top
// level, U+00A7 after a line-ending backslash), so non-ASCII text outside
// comments never reaches it.
TEST(ConfigTest, NonAsciiOutsideCommentsIsRefusedBeforeTomlParsing) {
  for (const char* text : {"\xc8\x80", "[server]\nlisten = \"127.0.0.1:1\"\n\xc8\x80 = 1\n",
                           "[mail]\nfrom = \"\"\"\\\n\xc2\xa7\"\"\"\n", "[mail]\nfrom = \"S\xc3\xb8ren <a@b.dk>\"\n",
                           "[limits]\nread_timeout_s = 5\xe2\x80\x80\n", "[server]\n\"k\xc3\xa9y\" = 1\n"}) {
    Status s = load_error(text);
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << text;
    EXPECT_NE(s.message().find("non-ASCII text outside a comment"), std::string::npos) << s.message();
  }
  Status s = load_error("[server]\nlisten = \"127.0.0.1:1\"\nio_threads = \"\xc3\xa9\"\n");
  EXPECT_NE(s.message().find("at line 3"), std::string::npos) << s.message();
}

TEST(ConfigTest, NonAsciiCommentsAndByteOrderMarkAreFine) {
  TempToml file(
      "\xEF\xBB\xBF# S\xc3\xb8ren's helpdesk \xe2\x80\x94 \xc8\x80\n"
      "[server]\nlisten = \"127.0.0.1:9\" # \xc2\xa7 \"\n"
      "public_url = \"https://h.example/#\" # \xc2\xa7\n"
      "allowed_hosts = [\"a.example\", '''b.example'''] # \xc2\xa7\n"
      "trusted_proxies = \"\"\"10.0.0.1\"\"\" # \xc2\xa7\n");
  auto c = load_config(file.path(), kNoEnv);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->listen, "127.0.0.1:9");
  EXPECT_EQ(c->public_url, "https://h.example/#");
  EXPECT_EQ(c->allowed_hosts, (std::vector<std::string>{"a.example", "b.example"}));
  EXPECT_EQ(c->trusted_proxies, (std::vector<std::string>{"10.0.0.1"}));
}

TEST(ConfigTest, UnclosedSectionIsBadToml) {
  Status s = load_error("[server\nlisten = \"x\"\n");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_FALSE(s.message().empty());
}

TEST(ConfigTest, WrongTypes) {
  Status f = load_error("[server]\nio_threads = 1.5\n");
  EXPECT_EQ(f.code(), Code::kInvalidArgument);
  EXPECT_NE(f.message().find("'server.io_threads' has an unsupported type"), std::string::npos) << f.message();

  Status t = load_error("[server]\nlisten = { host = \"a\" }\n");
  EXPECT_EQ(t.code(), Code::kInvalidArgument);
  EXPECT_NE(t.message().find("server.listen"), std::string::npos) << t.message();

  Status nested = load_error("[server]\ntrusted_proxies = [[\"a\"], 1.5]\n");
  EXPECT_EQ(nested.code(), Code::kInvalidArgument);

  Status text = load_error("[limits]\nmax_header_bytes = \"lots\"\n");
  EXPECT_EQ(text.code(), Code::kInvalidArgument);
  EXPECT_NE(text.message().find("'limits.max_header_bytes' must be an integer"), std::string::npos) << text.message();

  Status bool_for_int = load_error("[limits]\nmax_connections = true\n");
  EXPECT_EQ(bool_for_int.code(), Code::kInvalidArgument);
  EXPECT_NE(bool_for_int.message().find("limits.max_connections"), std::string::npos) << bool_for_int.message();

  Status float_for_int = load_error("[server]\nworker_threads = 2.0\n");
  EXPECT_EQ(float_for_int.code(), Code::kInvalidArgument);

  Status boolean = load_error("[auth]\nremember_users = \"perhaps\"\n");
  EXPECT_EQ(boolean.code(), Code::kInvalidArgument);
  EXPECT_NE(boolean.message().find("auth.remember_users"), std::string::npos) << boolean.message();
}

TEST(ConfigTest, OutOfRangeInfrastructureValues) {
  Status low = load_error("[limits]\nmax_header_bytes = 100\n");
  EXPECT_EQ(low.code(), Code::kInvalidArgument);
  EXPECT_NE(low.message().find("[1024, 1048576], got '100'"), std::string::npos) << low.message();

  Status negative = load_error("[limits]\nmax_connections = -1\n");
  EXPECT_EQ(negative.code(), Code::kInvalidArgument);

  Status high = load_error("[server]\nio_threads = 65\n");
  EXPECT_EQ(high.code(), Code::kInvalidArgument);
  EXPECT_NE(high.message().find("server.io_threads"), std::string::npos) << high.message();

  // A stop must have some time to drain; 0 would cut every request off.
  Status no_drain = load_error("[server]\nshutdown_timeout_s = 0\n");
  EXPECT_EQ(no_drain.code(), Code::kInvalidArgument);
  EXPECT_NE(no_drain.message().find("server.shutdown_timeout_s"), std::string::npos) << no_drain.message();
}

TEST(ConfigTest, OutOfRangeHelpdeskValues) {
  Status days = load_error("[auth]\nremember_days = 400\n");
  EXPECT_EQ(days.code(), Code::kInvalidArgument);
  EXPECT_NE(days.message().find("auth.remember_days"), std::string::npos) << days.message();

  Status idle = load_error("[sessions]\nadmin_idle_s = 10\n");
  EXPECT_EQ(idle.code(), Code::kInvalidArgument);
  EXPECT_NE(idle.message().find("sessions.admin_idle_s"), std::string::npos) << idle.message();
}

TEST(ConfigTest, InvalidEnvironmentValuesAreRejected) {
  auto opt = load_config("", env_of({{"DESKD_COOKIES_OPTIONAL", "maybe"}}));
  ASSERT_FALSE(opt.is_ok());
  EXPECT_EQ(opt.status().code(), Code::kInvalidArgument);
  EXPECT_NE(opt.status().message().find("cookies.optional"), std::string::npos) << opt.status().message();

  auto limit = load_config("", env_of({{"DESKD_LIMITS_READ_TIMEOUT_S", "10s"}}));
  ASSERT_FALSE(limit.is_ok());
  EXPECT_EQ(limit.status().code(), Code::kInvalidArgument);
  EXPECT_NE(limit.status().message().find("limits.read_timeout_s"), std::string::npos) << limit.status().message();

  auto empty = load_config("", env_of({{"DESKD_SERVER_IO_THREADS", ""}}));
  EXPECT_FALSE(empty.is_ok());
}

TEST(ConfigTest, ConnectionAdmissionKeys) {
  auto d = load_config("", kNoEnv);
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  EXPECT_EQ(d->limits.max_connections_per_ip, 256u);
  EXPECT_EQ(d->limits.pressure_idle_timeout_s, 5);
  TempToml file("[limits]\nmax_connections_per_ip = 32\npressure_idle_timeout_s = 2\n");
  auto c = load_config(file.path(), env_of({{"DESKD_LIMITS_PRESSURE_IDLE_TIMEOUT_S", "3"}}));
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->limits.max_connections_per_ip, 32u);
  EXPECT_EQ(c->limits.pressure_idle_timeout_s, 3);
  EXPECT_FALSE(load_config("", env_of({{"DESKD_LIMITS_MAX_CONNECTIONS_PER_IP", "0"}})).is_ok());
  EXPECT_FALSE(load_config("", env_of({{"DESKD_LIMITS_PRESSURE_IDLE_TIMEOUT_S", "0"}})).is_ok());
}

TEST(ConfigTest, AbuseLimitsHaveDefaultsAndComeFromFileOrEnvironment) {
  auto d = load_config("", kNoEnv);
  ASSERT_TRUE(d.is_ok());
  EXPECT_EQ(d->limits.visitor_ids_per_ip_per_hour, 300);
  EXPECT_EQ(d->limits.chats_per_ip_per_hour, 60);
  EXPECT_EQ(d->limits.open_chats_per_visitor, 3);
  EXPECT_EQ(d->limits.open_chats_per_ip, 20);
  EXPECT_EQ(d->limits.tickets_per_ip_per_hour, 20);
  EXPECT_EQ(d->limits.registrations_per_ip_per_hour, 10);
  EXPECT_EQ(d->limits.comments_per_ip_per_hour, 30);
  EXPECT_EQ(d->limits.votes_per_ip_per_hour, 600);
  EXPECT_EQ(d->limits.page_views_per_visitor_per_minute, 600);
  EXPECT_EQ(d->limits.chat_messages_per_visitor_per_minute, 30);
  EXPECT_EQ(d->limits.rate_limit_max_keys, 100000u);
  EXPECT_EQ(d->limits.wal_size_limit_bytes, 64 << 20);
  EXPECT_EQ(d->limits.wal_checkpoint_interval_s, 30);

  TempToml file(
      "[limits]\nvisitor_ids_per_ip_per_hour = 5\nopen_chats_per_ip = 0\nwal_size_limit_bytes = 1048576\n"
      "votes_per_ip_per_hour = 40\n");
  auto c = load_config(file.path(), env_of({{"DESKD_LIMITS_TICKETS_PER_IP_PER_HOUR", "2"},
                                            {"DESKD_LIMITS_VISITOR_IDS_PER_IP_PER_HOUR", "7"},
                                            {"DESKD_LIMITS_WAL_CHECKPOINT_INTERVAL_S", "1"},
                                            {"DESKD_LIMITS_PAGE_VIEWS_PER_VISITOR_PER_MINUTE", "0"},
                                            {"DESKD_LIMITS_COMMENTS_PER_IP_PER_HOUR", "0"},
                                            {"DESKD_LIMITS_CHAT_MESSAGES_PER_VISITOR_PER_MINUTE", "4"}}));
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->limits.visitor_ids_per_ip_per_hour, 7);
  EXPECT_EQ(c->limits.page_views_per_visitor_per_minute, 0);
  EXPECT_EQ(c->limits.comments_per_ip_per_hour, 0);
  EXPECT_EQ(c->limits.votes_per_ip_per_hour, 40);
  EXPECT_EQ(c->limits.chat_messages_per_visitor_per_minute, 4);
  EXPECT_EQ(c->limits.open_chats_per_ip, 0);
  EXPECT_EQ(c->limits.tickets_per_ip_per_hour, 2);
  EXPECT_EQ(c->limits.wal_size_limit_bytes, 1048576);
  EXPECT_EQ(c->limits.wal_checkpoint_interval_s, 1);

  for (const char* bad : {"-1", "ten", "2000000"}) {
    auto r = load_config("", env_of({{"DESKD_LIMITS_CHATS_PER_IP_PER_HOUR", bad}}));
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(load_config("", env_of({{"DESKD_LIMITS_WAL_CHECKPOINT_INTERVAL_S", "0"}})).is_ok());
}

TEST(SplitListTest, TrimsAndDropsEmptyItems) {
  using V = std::vector<std::string>;
  EXPECT_EQ(split_list("a, b ,c"), (V{"a", "b", "c"}));
  EXPECT_EQ(split_list(""), V{});
  EXPECT_EQ(split_list(" "), V{});
  EXPECT_EQ(split_list(",,"), V{});
  EXPECT_EQ(split_list("single"), V{"single"});
  EXPECT_EQ(split_list("\ta ,, b\t,"), (V{"a", "b"}));
  EXPECT_EQ(split_list("a b,c"), (V{"a b", "c"}));
  EXPECT_EQ(split_list("::1,127.0.0.1"), (V{"::1", "127.0.0.1"}));
}

}  // namespace
}  // namespace deskd
