#include "messenger/wire.h"

#include "core/text.h"
#include "http/form.h"

namespace deskd::messenger {

using nlohmann::json;

json chat_json(const storage::Chat& chat, std::string_view agent_name, Audience audience) {
  json j = {{"id", chat.id},
            {"status", storage::chat_status_name(chat.status)},
            {"created_ms", chat.created_ms},
            {"accepted_ms", chat.accepted_ms},
            {"ended_ms", chat.ended_ms},
            {"ended_by", chat.ended_by},
            {"lang", chat.lang},
            {"name", chat.name}};
  if (chat.agent_id != 0) {
    j["agent"] = {{"id", chat.agent_id}, {"name", agent_name}};
  } else {
    j["agent"] = nullptr;
  }
  if (audience == Audience::kAgent) {
    j["visitor"] = chat.visitor_id;
    j["email"] = chat.email;
    j["person_id"] = chat.person_id;
  }
  return j;
}

json message_json(const storage::ChatMessage& m) {
  json j = {{"id", m.id},     {"chat_id", m.chat_id}, {"author", storage::chat_author_name(m.author)},
            {"name", m.name}, {"body", m.body},       {"at_ms", m.at_ms}};
  if (!m.client_id.empty()) j["client_id"] = m.client_id;
  return j;
}

std::optional<json> parse_object(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::optional<std::string> string_member(const json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<int64_t> int_member(const json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

size_t utf8_length(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

namespace {

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7F;
}

}  // namespace

std::optional<std::string> clean_body(std::string_view body) {
  if (!http::valid_utf8(body)) return std::nullopt;
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(body[i]);
    if (c == '\r') {
      if (i + 1 < body.size() && body[i + 1] == '\n') continue;
      out += '\n';
      continue;
    }
    if (is_control(c) && c != '\n' && c != '\t') return std::nullopt;
    out += static_cast<char>(c);
  }
  std::string trimmed(trim_space(out));
  const size_t n = utf8_length(trimmed);
  if (n == 0 || n > kMaxMessageChars) return std::nullopt;
  return trimmed;
}

std::optional<std::string> clean_line(std::string_view text, size_t max_chars) {
  if (!http::valid_utf8(text)) return std::nullopt;
  for (unsigned char c : text)
    if (is_control(c)) return std::nullopt;
  std::string trimmed(trim_space(text));
  if (utf8_length(trimmed) > max_chars) return std::nullopt;
  return trimmed;
}

bool valid_client_id(std::string_view id) {
  if (id.size() > kMaxClientIdBytes) return false;
  for (unsigned char c : id)
    if (c <= 0x20 || c >= 0x7F) return false;
  return true;
}

void write_json(pipeline::RequestContext& ctx, int status, const json& body) {
  ctx.res.status = status;
  ctx.res.set_header("Content-Type", "application/json; charset=utf-8");
  ctx.res.set_header("Cache-Control", "no-store");
  ctx.res.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
}

void write_error(pipeline::RequestContext& ctx, int status, std::string_view code, std::string_view message) {
  write_json(ctx, status, json{{"error", code}, {"message", message}});
}

}  // namespace deskd::messenger
