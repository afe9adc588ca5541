#pragma once
// The conversion of a parsed Beast request into the Beast-free Request the
// application sees (server.cc). Declared here so the HTTP head fuzz target
// (fuzz/http_head_fuzz.cc) runs the very code the server runs.
#include <cstdint>
#include <string>

#include "http/asio.h"
#include "http/message.h"

namespace deskd::http {

// Method, raw target, query, the percent-decoded path ("" when it does not
// decode to valid UTF-8), headers in arrival order, body, peer and whether it
// is a WebSocket upgrade. Pure; thread-safe.
Request to_request(const bhttp::request<bhttp::string_body>& msg, const std::string& peer, int64_t now_ms);

}  // namespace deskd::http
