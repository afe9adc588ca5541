#pragma once
// Static assets (CSS, JS, images) held in memory. Each file is served at
// /static/<name> (ETag, revalidated) and at its content-hashed name
// /static/<stem>.<hash>.<ext> (Cache-Control: public, max-age=31536000, immutable).
// Immutable after load; thread-safe reads; no blocking work per request.
#include <map>
#include <string>

#include "core/status.h"
#include "http/message.h"

namespace deskd::http {

class StaticFiles {
 public:
  static Result<StaticFiles> load(const std::string& dir);
  // URL of the hashed copy of `name` (e.g. "deskd.css" -> "/static/deskd.3fa2c1e0b9.css").
  std::string url(std::string_view name) const;
  // Answers a GET/HEAD of a /static/ path: 200, 304 (If-None-Match) or 404.
  Response serve(const Request& req) const;

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
    bool immutable = false;
  };
  std::map<std::string, File, std::less<>> by_path_;
  std::map<std::string, std::string, std::less<>> hashed_url_;
};

// Content-Type for a file name, by extension (text types with charset=utf-8).
std::string content_type_for(std::string_view name);

// True when an If-None-Match header value (RFC 9110 13.1.2: "*" or a
// comma-separated list of entity tags) names `etag`, compared weakly (a W/
// prefix is ignored).
bool none_match_hits(std::string_view if_none_match, std::string_view etag);

}  // namespace deskd::http
