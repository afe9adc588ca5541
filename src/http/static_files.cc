#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"

namespace deskd::http {

bool none_match_hits(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

std::string content_type_for(std::string_view name) {
  auto ends = [&](std::string_view ext) { return name.ends_with(ext); };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".json")) return "application/json";
  if (ends(".html")) return "text/html; charset=utf-8";
  return "application/octet-stream";
}

Result<StaticFiles> StaticFiles::load(const std::string& dir) {
  namespace fs = std::filesystem;
  StaticFiles files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return invalid_argument("static directory not found: " + dir);
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string rel = fs::relative(entry.path(), dir).generic_string();
    std::string body = buf.str();
    std::string hash = hash_hex(body).substr(0, 10);
    File file{body, content_type_for(rel), "\"" + hash + "\"", false};
    files.by_path_["/static/" + rel] = file;
    std::string stem = rel, ext;
    if (auto dot = rel.rfind('.'); dot != std::string::npos && rel.find('/', dot) == std::string::npos) {
      stem = rel.substr(0, dot);
      ext = rel.substr(dot);
    }
    std::string hashed = "/static/" + stem + "." + hash + ext;
    file.immutable = true;
    files.by_path_[hashed] = std::move(file);
    files.hashed_url_[rel] = hashed;
  }
  return files;
}

std::string StaticFiles::url(std::string_view name) const {
  auto it = hashed_url_.find(name);
  return it == hashed_url_.end() ? "/static/" + std::string(name) : it->second;
}

Response StaticFiles::serve(const Request& req) const {
  Response res;
  auto it = by_path_.find(req.path);
  if (it == by_path_.end() || (req.method != "GET" && req.method != "HEAD")) {
    res.status = it == by_path_.end() ? 404 : 405;
    res.set_header("Content-Type", "text/plain; charset=utf-8");
    res.body = res.status == 404 ? "Not found\n" : "Method not allowed\n";
    if (res.status == 405) res.set_header("Allow", "GET, HEAD");
    return res;
  }
  const File& f = it->second;
  res.set_header("ETag", f.etag);
  res.set_header("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "public, no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  if (none_match_hits(req.header("If-None-Match"), f.etag)) {
    res.status = 304;
    return res;
  }
  res.set_header("Content-Type", f.content_type);
  res.body = f.body;
  return res;
}

}  // namespace deskd::http
