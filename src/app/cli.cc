#include "app/cli.h"

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdlib>

#include "app/api_key_add.h"
#include "app/privacy_cli.h"
#include "app/mail_receive.h"
#include "app/serve.h"
#include "app/storage_copy.h"
#include "app/user_add.h"

namespace deskd::app {
namespace {

void add_common(CLI::App* cmd, CommonOptions& common) {
  cmd->add_option("--data", common.data_dir, "Data directory (embedded SQLite database)")->capture_default_str();
  cmd->add_option("--config", common.config_file,
                  "TOML configuration file; every key can be overridden by DESKD_<SECTION>_<KEY>");
}

void setup_logging() {
  spdlog::set_pattern("ts=%Y-%m-%dT%H:%M:%S.%e%z level=%l %v");
  const char* level = std::getenv("DESKD_LOG_LEVEL");
  spdlog::set_level(level ? spdlog::level::from_str(level) : spdlog::level::info);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "deskd - a self-hosted helpdesk: Help Center, Messenger live chat, Agent and Admin interfaces.\n"
      "Settings: see docs/operations.md; environment DESKD_<SECTION>_<KEY> overrides the config file."};
  cli.require_subcommand(1);

  ServeOptions serve_opts;
  auto* serve_cmd = cli.add_subcommand("serve", "Run the helpdesk server");
  add_common(serve_cmd, serve_opts.common);
  serve_cmd->add_option("--listen", serve_opts.listen,
                        "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free port)");
  serve_cmd->add_flag("--demo", serve_opts.demo, "Seed demo content and accounts (credentials are printed)");

  ServeOptions routes_opts;
  routes_opts.print_routes = true;
  auto* routes_cmd = cli.add_subcommand(
      "routes", "List every route: method, pattern, area, who may use it (anyone, or a member of the area)");
  add_common(routes_cmd, routes_opts.common);

  UserAddOptions user_opts;
  auto* user_cmd = cli.add_subcommand("user", "Manage accounts");
  user_cmd->require_subcommand(1);
  auto* add_cmd = user_cmd->add_subcommand("add", "Create an account");
  add_common(add_cmd, user_opts.common);
  add_cmd->add_option("--email", user_opts.email, "E-mail address (login name)")->required();
  add_cmd->add_option("--role", user_opts.role, "user, agent or admin")
      ->check(CLI::IsMember({"user", "agent", "admin"}))
      ->capture_default_str();
  add_cmd->add_option("--name", user_opts.name, "Display name");
  add_cmd->add_flag("--password-stdin", user_opts.password_stdin, "Read the password from standard input")->required();

  ApiKeyAddOptions key_opts;
  auto* api_key_cmd = cli.add_subcommand("api-key", "Manage REST API keys (docs/api.md)");
  api_key_cmd->require_subcommand(1);
  auto* key_add_cmd =
      api_key_cmd->add_subcommand("add", "Create an API key and print it, alone, on stdout (it is shown only once)");
  add_common(key_add_cmd, key_opts.common);
  key_add_cmd->add_option("--name", key_opts.name, "What the key is for (shown in the Admin interface)")->required();
  key_add_cmd
      ->add_option("--scopes", key_opts.scopes,
                   "Comma-separated: tickets:read, tickets:write, kb:read, kb:write, people:read")
      ->required();
  key_add_cmd->add_option("--expires-days", key_opts.expires_days, "Days until the key stops working (default: never)")
      ->check(CLI::Range(1, 3650));

  StorageCopyOptions copy_opts;
  auto* storage_cmd = cli.add_subcommand("storage", "Manage the storage backend");
  storage_cmd->require_subcommand(1);
  auto* copy_cmd = storage_cmd->add_subcommand(
      "copy",
      "Copy a whole helpdesk into a new, empty database (SQLite -> PostgreSQL or back), checking every table's "
      "row count. Stop every deskd node first.");
  copy_cmd->add_option("--from", copy_opts.from, "Source: sqlite:///PATH or postgresql://USER:PASS@HOST:PORT/DB")
      ->required();
  copy_cmd->add_option("--to", copy_opts.to, "Destination (migrated, must hold no helpdesk yet)")->required();
  PrivacyOptions privacy_opts;
  auto* privacy_cmd = cli.add_subcommand("privacy", "A person's or visitor's data: export, erase; retention pruning");
  privacy_cmd->require_subcommand(1);
  auto* export_cmd =
      privacy_cmd->add_subcommand("export", "Print everything linked to a person or visitor as JSON on stdout");
  auto* erase_cmd = privacy_cmd->add_subcommand(
      "erase", "Delete or anonymise everything linked to a person or visitor (ticket content is kept, anonymised)");
  for (auto* cmd : {export_cmd, erase_cmd}) {
    add_common(cmd, privacy_opts.common);
    auto* email = cmd->add_option("--email", privacy_opts.email, "The person's e-mail address");
    auto* visitor = cmd->add_option("--visitor", privacy_opts.visitor, "A visitor id (the dp_v cookie's value)");
    email->excludes(visitor);
  }
  auto* prune_cmd = privacy_cmd->add_subcommand(
      "prune", "Run the retention pruning now (privacy.visitor_retention_days, privacy.ip_retention_days)");
  add_common(prune_cmd, privacy_opts.common);
  MailReceiveOptions receive_opts;
  auto* mail_cmd = cli.add_subcommand("mail", "The e-mail channel");
  mail_cmd->require_subcommand(1);
  auto* receive_cmd = mail_cmd->add_subcommand(
      "receive",
      "Store one RFC 5322 message read from standard input (for an MTA pipe). Exit 0: stored; 65: unparseable, "
      "kept in the quarantine (/admin/mail); 75: storage unavailable, retry later");
  add_common(receive_cmd, receive_opts.common);

  CLI11_PARSE(cli, argc, argv);
  setup_logging();
  if (serve_cmd->parsed()) return serve(serve_opts);
  if (add_cmd->parsed()) return user_add(user_opts);
  if (key_add_cmd->parsed()) return api_key_add(key_opts);
  if (routes_cmd->parsed()) return serve(routes_opts);
  if (copy_cmd->parsed()) return storage_copy(copy_opts);
  if (export_cmd->parsed()) return privacy_export(privacy_opts);
  if (erase_cmd->parsed()) return privacy_erase(privacy_opts);
  if (prune_cmd->parsed()) return privacy_prune(privacy_opts);
  if (receive_cmd->parsed()) return mail_receive(receive_opts);
  return 2;
}

}  // namespace deskd::app
