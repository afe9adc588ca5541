#pragma once
// Server-side parsing of request Cookie headers (RFC 6265bis §5.6, as a server
// reads them). A RequestCookies owns its data; the string_views it returns stay
// valid while it lives. Immutable after parse(), so const use is thread-safe.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deskd::cookies {

inline constexpr size_t kMaxRequestPairs = 200;

class RequestCookies {
 public:
  // Parses every Cookie header value, in order, as if joined with "; ". Splits on ';',
  // trims SP/HTAB around names and values, drops pairs without '=' or with an empty
  // name, keeps quotes as part of the value, ignores values over kMaxValueBytes (but
  // remembers their names) and keeps at most kMaxRequestPairs pairs. Total on any bytes.
  static RequestCookies parse(const std::vector<std::string_view>& header_values);

  // Every value sent under exactly `name` (case-sensitive), in request order.
  std::vector<std::string_view> values(std::string_view name) const;
  bool present(std::string_view name) const;
  // True when the browser sent this name at all, also with an oversize value
  // (so a cookie we refuse to read can still be cleared).
  bool sent(std::string_view name) const { return present(name) || sent_oversize(name); }

  // The value to trust for a security cookie: nullopt when absent, when any value
  // sent under `name` was oversize, or when any of its values fails `valid`
  // (so a duplicated name can never select a more privileged reading); otherwise
  // the first value.
  std::optional<std::string_view> pick(std::string_view name, const std::function<bool(std::string_view)>& valid) const;

  // Number of named pairs kept.
  size_t size() const { return pairs_.size(); }

 private:
  struct Pair {
    std::string name;
    std::string value;
  };

  void add(std::string_view pair);
  bool sent_oversize(std::string_view name) const;

  std::vector<Pair> pairs_;
  std::vector<std::string> oversize_names_;
  bool full_ = false;
};

}  // namespace deskd::cookies
