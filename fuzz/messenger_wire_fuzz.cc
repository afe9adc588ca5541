// Messenger and agent WebSocket frames and Messenger API bodies (JSON,
// messenger/wire.h, messenger/socket_common.h): the frame is read the way both
// sockets read it, then every member the sockets and the HTTP API take is
// extracted and cleaned as they clean it.
//
// Invariants: a cleaned body or line is valid UTF-8 within its length limit,
// without control characters (bodies keep tab and newline); a message built
// from cleaned input serialises; every error frame is valid JSON.
#include <memory>
#include <string>

#include "fuzz_check.h"
#include "http/form.h"
#include "http/websocket.h"
#include "messenger/socket_common.h"
#include "messenger/wire.h"

using namespace deskd;
using nlohmann::json;

namespace {

class FakeConnection final : public http::WsConnection {
 public:
  bool send(std::string text) override {
    FUZZ_CHECK(messenger::parse_object(text).has_value());
    return true;
  }
  void close(uint16_t code, std::string reason) override { closed = code; }
  uint64_t id() const override { return 1; }
  bool open() const override { return closed == 0; }
  uint16_t closed = 0;
};

void check_clean(std::string_view s, bool body) {
  FUZZ_CHECK(http::valid_utf8(s));
  for (unsigned char c : s) {
    if (body && (c == '\n' || c == '\t')) continue;
    FUZZ_CHECK(c >= 0x20 && c != 0x7F);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > messenger::kMaxJsonBytes) return 0;  // the socket and the API refuse these first
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto conn = std::make_shared<FakeConnection>();
  auto frame = messenger::read_frame(conn, text);
  if (!frame) {
    FUZZ_CHECK(conn->closed == messenger::kCloseMalformed);
    // The HTTP API reads bodies without a type.
    frame = messenger::parse_object(text);
    if (!frame) return 0;
  }
  const json& j = *frame;
  for (const char* key : {"chat_id", "last_id", "agent_id", "id"}) (void)messenger::int_member(j, key);
  for (const char* key : {"status", "client_id", "name", "email", "subject", "type"}) {
    if (auto s = messenger::string_member(j, key)) {
      if (auto line = messenger::clean_line(*s, messenger::kMaxNameChars)) {
        check_clean(*line, false);
        FUZZ_CHECK(messenger::utf8_length(*line) <= messenger::kMaxNameChars);
      }
      (void)messenger::valid_client_id(*s);
    }
  }
  for (const char* key : {"body", "message"}) {
    auto s = messenger::string_member(j, key);
    if (!s) continue;
    auto body = messenger::clean_body(*s);
    if (!body) continue;
    check_clean(*body, true);
    const size_t n = messenger::utf8_length(*body);
    FUZZ_CHECK(n >= 1 && n <= messenger::kMaxMessageChars);
    storage::ChatMessage m;
    m.id = 1;
    m.chat_id = messenger::int_member(j, "chat_id").value_or(0);
    m.body = *body;
    if (auto cid = messenger::string_member(j, "client_id"); cid && messenger::valid_client_id(*cid))
      m.client_id = *cid;
    const std::string wire = messenger::message_json(m).dump();
    FUZZ_CHECK(messenger::parse_object(wire).has_value());
  }
  if (auto on = j.find("on"); on != j.end() && on->is_boolean()) (void)on->get<bool>();
  // Error frames echo the client's values back (client_id, chat_id).
  json extra = json::object();
  if (auto cid = messenger::string_member(j, "client_id")) extra["client_id"] = *cid;
  conn->send(messenger::error_frame("bad_request", "fuzz", std::move(extra)));
  return 0;
}
