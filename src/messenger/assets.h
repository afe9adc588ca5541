#pragma once
// The Messenger's browser code (docs/messenger.md), held in memory:
//   GET /messenger/loader.js           the loader, with the helpdesk origin and
//                                      messenger.loader_ttl_s written in;
//                                      Cache-Control: public, max-age=300
//   GET /messenger/assets/{name}       the content-hashed widget bundle and its
//                                      stylesheet (widget.<hash>.js, widget.<hash>.css);
//                                      immutable for a year, ETag; any other name
//                                      (an old hash) is 404
// Sources are web/messenger/loader.js, widget.js and widget.css, served as
// written. Immutable after load(); every method is thread-safe and never blocks.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"
#include "http/message.h"

namespace deskd::pipeline {
class App;
}

namespace deskd::messenger {

inline constexpr std::string_view kLoaderPath = "/messenger/loader.js";
inline constexpr std::string_view kAssetsPrefix = "/messenger/assets/";
// Placeholders replaced when the files are served.
inline constexpr std::string_view kOriginPlaceholder = "__DESKD_ORIGIN__";  // loader.js
inline constexpr std::string_view kTtlPlaceholder = "__DESKD_TTL__";        // loader.js
inline constexpr std::string_view kCssPlaceholder = "__DESKD_CSS__";        // widget.js: stylesheet path

class Assets {
 public:
  // Reads loader.js, widget.js and widget.css from `dir` (web/messenger).
  // InvalidArgument naming the file when one is missing or lacks its placeholders.
  static Result<Assets> load(const std::string& dir);

  // The widget bundle's content hash (first 10 hex digits of hash_hex): the
  // `version` of /messenger/setup. It covers the stylesheet too.
  const std::string& version() const { return version_; }
  // Absolute URL of the widget bundle on `origin` ("https://help.example.com"):
  // the `assets_url` of /messenger/setup.
  std::string assets_url(std::string_view origin) const;
  // Path of the bundle's stylesheet ("/messenger/assets/widget.<hash>.css").
  const std::string& css_path() const { return css_path_; }

  // loader.js for a page of `origin`'s helpdesk with `ttl_s` written in
  // (negative values count as 0); 304 when `if_none_match` names its ETag.
  http::Response loader(std::string_view origin, int64_t ttl_s, std::string_view if_none_match) const;
  // A hashed asset by file name: 200, 304 (If-None-Match) or 404.
  http::Response asset(std::string_view name, std::string_view if_none_match) const;

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
  };
  std::string loader_source_;
  std::string version_;
  std::string css_path_;
  std::map<std::string, File, std::less<>> hashed_;  // "widget.<hash>.js" -> file
};

// Registers GET /messenger/loader.js and GET /messenger/assets/{name} in the
// cookie-free Messenger area. `assets` must outlive `app`.
void register_asset_routes(pipeline::App& app, const Assets& assets);

// `text` as the body of a single-quoted JavaScript string literal: every
// byte outside [A-Za-z0-9 .:/_-] becomes a \u00XX escape (origins are ASCII).
std::string js_string_body(std::string_view text);

}  // namespace deskd::messenger
