#pragma once
// The Messenger's JSON shapes (docs/messenger.md): chats and messages as the
// widget and the agent console see them, JSON answers and errors for the HTTP
// API, and the input limits every message passes.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/context.h"
#include "storage/chat_store.h"

namespace deskd::messenger {

inline constexpr size_t kMaxJsonBytes = 16 * 1024;  // HTTP bodies and WebSocket frames
inline constexpr size_t kMaxMessageChars = 5000;    // UTF-8 code points
inline constexpr size_t kMaxNameChars = 100;
inline constexpr size_t kMaxEmailBytes = 254;
inline constexpr size_t kMaxClientIdBytes = 64;

// Which side a chat is shown to: visitors never see the visitor id or e-mail
// of anybody else, agents see everything.
enum class Audience { kVisitor, kAgent };

// {"id","status","created_ms","accepted_ms","ended_ms","ended_by","lang",
//  "agent":{"id","name"}|null, "name"} (+ "visitor","email","person_id" for agents).
nlohmann::json chat_json(const storage::Chat& chat, std::string_view agent_name, Audience audience);
// {"id","chat_id","author","name","body","at_ms"} (+ "client_id" when set).
nlohmann::json message_json(const storage::ChatMessage& message);

// A JSON object from untrusted text (never throws); nullopt when the text is
// not valid JSON or not an object.
std::optional<nlohmann::json> parse_object(std::string_view text);
// The string member `key` ("" when absent); nullopt when present but not a string.
std::optional<std::string> string_member(const nlohmann::json& object, std::string_view key);
// The integer member `key`; nullopt when absent or not an integer.
std::optional<int64_t> int_member(const nlohmann::json& object, std::string_view key);

// Message bodies: valid UTF-8, 1-5000 code points after trimming, no control
// characters other than tab and newline (CRLF becomes LF). nullopt otherwise.
std::optional<std::string> clean_body(std::string_view body);
// A one-line field (name): valid UTF-8, at most max_chars code points, no
// control characters; trimmed. nullopt otherwise.
std::optional<std::string> clean_line(std::string_view text, size_t max_chars);
// client_id: 1-64 printable ASCII characters, or empty.
bool valid_client_id(std::string_view id);
size_t utf8_length(std::string_view text);

// Answers with JSON (application/json; charset=utf-8).
void write_json(pipeline::RequestContext& ctx, int status, const nlohmann::json& body);
// {"error": code, "message": text} with a 4xx status.
void write_error(pipeline::RequestContext& ctx, int status, std::string_view code, std::string_view message);

}  // namespace deskd::messenger
