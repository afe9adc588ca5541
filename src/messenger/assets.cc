#include "messenger/assets.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"
#include "http/static_files.h"
#include "pipeline/app.h"

namespace deskd::messenger {
namespace {

constexpr const char* kLoaderCacheControl = "public, max-age=300";
constexpr const char* kImmutableCacheControl = "public, max-age=31536000, immutable";

Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_argument("cannot read " + path.string());
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::string short_hash(std::string_view body) {
  return hash_hex(body).substr(0, 10);
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

http::Response cacheable(std::string_view body, std::string_view content_type, std::string_view etag,
                         const char* cache_control, std::string_view if_none_match) {
  http::Response res;
  res.set_header("Cache-Control", cache_control);
  res.set_header("ETag", std::string(etag));
  if (http::none_match_hits(if_none_match, etag)) {
    res.status = 304;
    return res;
  }
  res.set_header("Content-Type", std::string(content_type));
  res.body = std::string(body);
  return res;
}

}  // namespace

std::string js_string_body(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
                       c == '.' || c == ':' || c == '/' || c == '_' || c == '-';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      char esc[7];
      std::snprintf(esc, sizeof esc, "\\u%04x", c);
      out += esc;
    }
  }
  return out;
}

Result<Assets> Assets::load(const std::string& dir) {
  namespace fs = std::filesystem;
  auto loader = read_file(fs::path(dir) / "loader.js");
  if (!loader.is_ok()) return loader.status();
  auto widget = read_file(fs::path(dir) / "widget.js");
  if (!widget.is_ok()) return widget.status();
  auto css = read_file(fs::path(dir) / "widget.css");
  if (!css.is_ok()) return css.status();
  if (loader->find(kOriginPlaceholder) == std::string::npos || loader->find(kTtlPlaceholder) == std::string::npos)
    return invalid_argument(dir + "/loader.js lacks " + std::string(kOriginPlaceholder) + " or " +
                            std::string(kTtlPlaceholder));
  if (widget->find(kCssPlaceholder) == std::string::npos)
    return invalid_argument(dir + "/widget.js lacks " + std::string(kCssPlaceholder));

  Assets a;
  a.loader_source_ = std::move(*loader);
  const std::string css_hash = short_hash(*css);
  const std::string css_name = "widget." + css_hash + ".css";
  a.css_path_ = std::string(kAssetsPrefix) + css_name;
  a.hashed_[css_name] = File{std::move(*css), http::content_type_for(css_name), "\"" + css_hash + "\""};
  std::string bundle = std::move(*widget);
  replace_all(bundle, kCssPlaceholder, a.css_path_);
  a.version_ = short_hash(bundle);
  const std::string js_name = "widget." + a.version_ + ".js";
  a.hashed_[js_name] = File{std::move(bundle), http::content_type_for(js_name), "\"" + a.version_ + "\""};
  return a;
}

std::string Assets::assets_url(std::string_view origin) const {
  return std::string(origin) + std::string(kAssetsPrefix) + "widget." + version_ + ".js";
}

http::Response Assets::loader(std::string_view origin, int64_t ttl_s, std::string_view if_none_match) const {
  std::string body = loader_source_;
  replace_all(body, kOriginPlaceholder, js_string_body(origin));
  replace_all(body, kTtlPlaceholder, std::to_string(ttl_s < 0 ? 0 : ttl_s));
  const std::string etag = "\"" + short_hash(body) + "\"";
  return cacheable(body, http::content_type_for(kLoaderPath), etag, kLoaderCacheControl, if_none_match);
}

http::Response Assets::asset(std::string_view name, std::string_view if_none_match) const {
  auto it = hashed_.find(name);
  if (it == hashed_.end()) {
    http::Response res;
    res.status = 404;
    res.set_header("Content-Type", "text/plain; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
    res.body = "Not found\n";
    return res;
  }
  const File& f = it->second;
  return cacheable(f.body, f.content_type, f.etag, kImmutableCacheControl, if_none_match);
}

void register_asset_routes(pipeline::App& app, const Assets& assets) {
  app.get(pipeline::Area::kMessenger, std::string(kLoaderPath), [&assets](pipeline::RequestContext& ctx) {
    ctx.res = assets.loader(ctx.public_origin, ctx.settings->messenger_loader_ttl_s, ctx.req.header("If-None-Match"));
  });
  app.get(pipeline::Area::kMessenger, std::string(kAssetsPrefix) + "{name}", [&assets](pipeline::RequestContext& ctx) {
    ctx.res = assets.asset(ctx.params["name"], ctx.req.header("If-None-Match"));
  });
}

}  // namespace deskd::messenger
