#include "core/config.h"

#include <toml++/toml.h>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/settings.h"

namespace deskd {
namespace {

// Infrastructure keys, "section.key"; helpdesk keys come from setting_catalog().
const std::vector<std::string>& infrastructure_keys() {
  static const std::vector<std::string> keys = {
      "server.listen",
      "server.public_url",
      "server.trusted_proxies",
      "server.allowed_hosts",
      "server.metrics_allow",
      "server.io_threads",
      "server.worker_threads",
      "server.shutdown_timeout_s",
      "storage.url",
      "storage.pool_size",
      "redis.url",
      "mail.smtp_url",
      "mail.from",
      "mail.reply_address",
      "mail.imap_url",
      "mail.imap_poll_s",
      "mail.max_attachment_bytes",
      "limits.max_header_bytes",
      "limits.max_body_bytes",
      "limits.max_form_body_bytes",
      "limits.read_timeout_s",
      "limits.idle_timeout_s",
      "limits.write_timeout_s",
      "limits.max_connections",
      "limits.max_connections_per_ip",
      "limits.pressure_idle_timeout_s",
      // Abuse limits (docs/security.md).
      "limits.visitor_ids_per_ip_per_hour",
      "limits.chats_per_ip_per_hour",
      "limits.open_chats_per_visitor",
      "limits.open_chats_per_ip",
      "limits.tickets_per_ip_per_hour",
      "limits.registrations_per_ip_per_hour",
      "limits.comments_per_ip_per_hour",
      "limits.votes_per_ip_per_hour",
      "limits.page_views_per_visitor_per_minute",
      "limits.chat_messages_per_visitor_per_minute",
      "limits.rate_limit_max_keys",
      "limits.wal_size_limit_bytes",
      "limits.wal_checkpoint_interval_s",
      "api.rate_limit_per_minute",
      "webhooks.allow_private",
      "webhooks.retry_base_s",
      "webhooks.disable_after_failures",
      "webhooks.timeout_s",
  };
  return keys;
}

bool is_known_key(const std::string& key) {
  for (const auto& k : infrastructure_keys())
    if (k == key) return true;
  return is_setting_key(key);
}

std::string env_name(const std::string& key) {
  std::string name = "DESKD_";
  for (char c : key) name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::optional<std::string> node_text(const toml::node& node) {
  // value_exact: value<T>() would convert, e.g. a boolean into "0"/"1".
  if (auto s = node.value_exact<std::string>()) return *s;
  if (auto i = node.value_exact<int64_t>()) return std::to_string(*i);
  if (auto b = node.value_exact<bool>()) return std::string(*b ? "true" : "false");
  if (const auto* arr = node.as_array()) {
    std::string joined;
    for (const auto& item : *arr) {
      auto text = node_text(item);
      if (!text) return std::nullopt;
      if (!joined.empty()) joined += ",";
      joined += *text;
    }
    return joined;
  }
  return std::nullopt;
}

// The line of the first non-ASCII byte outside a comment, or 0. toml++ 3.3
// (Debian 12) reaches __builtin_unreachable() when it tests some non-ASCII
// characters for whitespace (marzer/tomlplusplus#190, #295: in keys, after
// values, after a line-ending backslash), so such a file must never reach it.
// No setting needs non-ASCII text; comments may have any (toml++ skips them).
// Strings are tracked only to tell a '#' in a string from a comment.
size_t first_non_ascii_line(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
  enum class In { kCode, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral } in = In::kCode;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80 && in != In::kComment) return line;
    if (c == '\n') {
      ++line;
      if (in == In::kComment || in == In::kBasic || in == In::kLiteral) in = In::kCode;
      continue;
    }
    size_t run = 0;  // quotes in a row from here (at most 6 matter)
    if (c == '"' || c == '\'')
      while (run < 6 && i + run < text.size() && text[i + run] == c) ++run;
    switch (in) {
      case In::kCode:
        if (c == '#') in = In::kComment;
        if (c == '"' || c == '\'') {
          const bool multi = run >= 3;
          in = c == '"' ? (multi ? In::kMultiBasic : In::kBasic) : (multi ? In::kMultiLiteral : In::kLiteral);
          if (multi) i += 2;
        }
        break;
      case In::kComment: break;
      case In::kBasic:
      case In::kMultiBasic:
        if (c == '\\') {
          ++i;  // the escaped character
          if (i < text.size() && static_cast<unsigned char>(text[i]) >= 0x80) return line;
          if (i < text.size() && text[i] == '\n') ++line;
        } else if (c == '"' && (in == In::kBasic || run >= 3)) {
          // A multi-line string may end in up to two quotes of its own before its closing three.
          if (in == In::kMultiBasic) i += std::min<size_t>(run, 5) - 1;
          in = In::kCode;
        }
        break;
      case In::kLiteral:
      case In::kMultiLiteral:
        if (c == '\'' && (in == In::kLiteral || run >= 3)) {
          if (in == In::kMultiLiteral) i += std::min<size_t>(run, 5) - 1;
          in = In::kCode;
        }
        break;
    }
  }
  return 0;
}

Status flatten_file(const std::string& path, std::map<std::string, std::string>& out) {
  std::ifstream in(path);
  if (!in) return invalid_argument("cannot read config file " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  if (const size_t line = first_non_ascii_line(buf.view()); line != 0)
    return invalid_argument(path + ": non-ASCII text outside a comment at line " + std::to_string(line) +
                            " (settings are ASCII)");
  toml::table root;
  try {
    root = toml::parse(buf.str(), path);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << path << ": " << e.description() << " at line " << e.source().begin.line;
    return invalid_argument(msg.str());
  }
  for (const auto& [section, node] : root) {
    const auto* table = node.as_table();
    if (!table)
      return invalid_argument(path + ": top-level key '" + std::string(section.str()) + "' must be a [section]");
    for (const auto& [key, value] : *table) {
      std::string full = std::string(section.str()) + "." + std::string(key.str());
      if (!is_known_key(full)) return invalid_argument(path + ": unknown setting '" + full + "'");
      auto text = node_text(value);
      if (!text) return invalid_argument(path + ": setting '" + full + "' has an unsupported type");
      out[full] = *text;
    }
  }
  return Status::ok();
}

Status parse_int(const std::map<std::string, std::string>& v, const std::string& key, int64_t min, int64_t max,
                 auto& target) {
  auto it = v.find(key);
  if (it == v.end()) return Status::ok();
  char* end = nullptr;
  errno = 0;
  long long n = std::strtoll(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0' || errno != 0 || n < min || n > max)
    return invalid_argument("setting '" + key + "' must be an integer in [" + std::to_string(min) + ", " +
                            std::to_string(max) + "], got '" + it->second + "'");
  target = static_cast<std::remove_reference_t<decltype(target)>>(n);
  return Status::ok();
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    start = comma + 1;
  }
  return out;
}

Result<Config> load_config(const std::string& path, const EnvLookup& env) {
  std::map<std::string, std::string> values;
  if (!path.empty()) {
    if (Status s = flatten_file(path, values); !s.is_ok()) return s;
  }
  auto apply_env = [&](const std::string& key) {
    if (auto v = env(env_name(key))) values[key] = *v;
  };
  for (const auto& k : infrastructure_keys()) apply_env(k);
  for (const auto& info : setting_catalog()) apply_env(info.key);

  Config c;
  auto text = [&](const std::string& key, std::string& target) {
    if (auto it = values.find(key); it != values.end()) target = it->second;
  };
  text("server.listen", c.listen);
  text("server.public_url", c.public_url);
  if (auto it = values.find("server.trusted_proxies"); it != values.end()) c.trusted_proxies = split_list(it->second);
  if (auto it = values.find("server.allowed_hosts"); it != values.end()) c.allowed_hosts = split_list(it->second);
  if (auto it = values.find("server.metrics_allow"); it != values.end()) c.metrics_allow = split_list(it->second);
  text("storage.url", c.storage_url);
  text("redis.url", c.redis_url);
  text("mail.smtp_url", c.mail_smtp_url);
  text("mail.from", c.mail_from);
  text("mail.reply_address", c.mail_reply_address);
  text("mail.imap_url", c.mail_imap_url);
  for (Status s : {parse_int(values, "server.io_threads", 0, 64, c.io_threads),
                   parse_int(values, "server.worker_threads", 0, 256, c.worker_threads),
                   parse_int(values, "server.shutdown_timeout_s", 1, 3600, c.shutdown_timeout_s),
                   parse_int(values, "storage.pool_size", 1, 256, c.storage_pool_size),
                   parse_int(values, "mail.imap_poll_s", 1, 86400, c.mail_imap_poll_s),
                   parse_int(values, "mail.max_attachment_bytes", 0, 1 << 30, c.mail_max_attachment_bytes),
                   parse_int(values, "limits.max_header_bytes", 1024, 1 << 20, c.limits.max_header_bytes),
                   parse_int(values, "limits.max_body_bytes", 1024, 1 << 30, c.limits.max_body_bytes),
                   parse_int(values, "limits.max_form_body_bytes", 1024, 1 << 30, c.limits.max_form_body_bytes),
                   parse_int(values, "limits.read_timeout_s", 1, 3600, c.limits.read_timeout_s),
                   parse_int(values, "limits.idle_timeout_s", 1, 3600, c.limits.idle_timeout_s),
                   parse_int(values, "limits.write_timeout_s", 1, 3600, c.limits.write_timeout_s),
                   parse_int(values, "limits.max_connections", 1, 1000000, c.limits.max_connections),
                   parse_int(values, "limits.max_connections_per_ip", 1, 1000000, c.limits.max_connections_per_ip),
                   parse_int(values, "limits.pressure_idle_timeout_s", 1, 3600, c.limits.pressure_idle_timeout_s)}) {
    if (!s.is_ok()) return s;
  }
  // Abuse limits (docs/security.md): 0 turns a limit off.
  for (Status s :
       {parse_int(values, "limits.visitor_ids_per_ip_per_hour", 0, 1000000, c.limits.visitor_ids_per_ip_per_hour),
        parse_int(values, "limits.chats_per_ip_per_hour", 0, 1000000, c.limits.chats_per_ip_per_hour),
        parse_int(values, "limits.open_chats_per_visitor", 0, 1000, c.limits.open_chats_per_visitor),
        parse_int(values, "limits.open_chats_per_ip", 0, 1000000, c.limits.open_chats_per_ip),
        parse_int(values, "limits.tickets_per_ip_per_hour", 0, 1000000, c.limits.tickets_per_ip_per_hour),
        parse_int(values, "limits.registrations_per_ip_per_hour", 0, 1000000, c.limits.registrations_per_ip_per_hour),
        parse_int(values, "limits.comments_per_ip_per_hour", 0, 1000000, c.limits.comments_per_ip_per_hour),
        parse_int(values, "limits.votes_per_ip_per_hour", 0, 1000000, c.limits.votes_per_ip_per_hour),
        parse_int(values, "limits.page_views_per_visitor_per_minute", 0, 1000000,
                  c.limits.page_views_per_visitor_per_minute),
        parse_int(values, "limits.chat_messages_per_visitor_per_minute", 0, 1000000,
                  c.limits.chat_messages_per_visitor_per_minute),
        parse_int(values, "limits.rate_limit_max_keys", 1, 10000000, c.limits.rate_limit_max_keys),
        parse_int(values, "api.rate_limit_per_minute", 0, 1000000, c.limits.api_rate_limit_per_minute),
        parse_int(values, "limits.wal_size_limit_bytes", 0, int64_t{1} << 40, c.limits.wal_size_limit_bytes),
        parse_int(values, "limits.wal_checkpoint_interval_s", 1, 3600, c.limits.wal_checkpoint_interval_s)}) {
    if (!s.is_ok()) return s;
  }
  for (Status s : {parse_int(values, "webhooks.retry_base_s", 1, 3600, c.webhooks.retry_base_s),
                   parse_int(values, "webhooks.disable_after_failures", 0, 1000000, c.webhooks.disable_after_failures),
                   parse_int(values, "webhooks.timeout_s", 1, 120, c.webhooks.timeout_s)}) {
    if (!s.is_ok()) return s;
  }
  if (auto it = values.find("webhooks.allow_private"); it != values.end()) {
    if (it->second == "true" || it->second == "1") {
      c.webhooks.allow_private = true;
    } else if (it->second == "false" || it->second == "0") {
      c.webhooks.allow_private = false;
    } else {
      return invalid_argument("setting 'webhooks.allow_private' must be true or false, got '" + it->second + "'");
    }
  }
  for (const auto& info : setting_catalog()) {
    auto it = values.find(info.key);
    if (it == values.end()) continue;
    if (Status s = validate_setting(info.key, it->second); !s.is_ok()) return s;
    c.helpdesk[info.key] = it->second;
  }
  return c;
}

}  // namespace deskd
