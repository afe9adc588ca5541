#pragma once
// Method + path-pattern router. Patterns are literal segments, `{name}`
// parameters ("/kb/articles/{id}/vote") and, last only, one `{*name}` tail
// ("/static/{*file}"); a parameter matches one non-empty segment, a tail one or
// more. Literal segments win over parameters, parameters over tails. Paths are
// expected in canonical form (http/path.h): an empty segment never matches.
// Immutable after set-up, so concurrent lookups are safe.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace deskd::http {

using PathParams = std::map<std::string, std::string, std::less<>>;

// The segments of `path` after its leading '/'; a trailing '/' adds none, an
// interior "//" gives an empty segment (which no pattern matches).
std::vector<std::string_view> split_path(std::string_view path);

template <class Route>
class Router {
 public:
  struct Match {
    const Route* route = nullptr;  // nullptr: no route
    bool method_mismatch = false;  // the path exists but not for this method (405)
    std::string allow;             // with method_mismatch: the path's methods, for the Allow header
    PathParams params;
  };

  void add(std::string method, std::string_view pattern, Route route) {
    Node* node = &root_;
    std::vector<std::string> names;
    for (auto seg : split_path(pattern)) {
      if (seg.size() > 3 && seg.starts_with("{*") && seg.back() == '}') {
        if (!node->tail) node->tail = std::make_unique<Node>();
        names.emplace_back(seg.substr(2, seg.size() - 3));
        node = node->tail.get();
      } else if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        if (!node->param) node->param = std::make_unique<Node>();
        names.emplace_back(seg.substr(1, seg.size() - 2));
        node = node->param.get();
      } else {
        auto& child = node->literals[std::string(seg)];
        if (!child) child = std::make_unique<Node>();
        node = child.get();
      }
    }
    node->routes.insert_or_assign(std::move(method), Endpoint{std::move(route), std::move(names)});
  }

  // Calls fn(method, route) for every registered route, in no particular order.
  template <class Fn>
  void each(Fn&& fn) const {
    each_in(&root_, fn);
  }

  Match find(std::string_view method, std::string_view path) const {
    Match m;
    if (path.empty() || path.front() != '/') return m;
    auto segs = split_path(path);
    std::vector<std::string_view> values;
    const Node* node = match(&root_, segs, 0, values);
    if (!node || node->routes.empty()) return m;
    auto it = node->routes.find(std::string(method));
    if (it == node->routes.end() && method == "HEAD") it = node->routes.find("GET");
    if (it == node->routes.end()) {
      m.method_mismatch = true;
      for (const auto& [name, unused] : node->routes) {
        if (!m.allow.empty()) m.allow += ", ";
        m.allow += name;
        if (name == "GET") m.allow += ", HEAD";
      }
      return m;
    }
    m.route = &it->second.route;
    // Names come from the matched route's own pattern: routes sharing a
    // parameter position may name it differently.
    for (size_t i = 0; i < it->second.names.size() && i < values.size(); ++i)
      m.params[it->second.names[i]] = std::string(values[i]);
    return m;
  }

 private:
  struct Endpoint {
    Route route;
    std::vector<std::string> names;  // parameter names in path order
  };
  struct Node {
    std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
    std::unique_ptr<Node> param;
    std::unique_ptr<Node> tail;  // a `{*name}` child: the rest of the path
    std::map<std::string, Endpoint> routes;
  };

  template <class Fn>
  static void each_in(const Node* node, Fn& fn) {
    for (const auto& [method, endpoint] : node->routes) fn(method, endpoint.route);
    for (const auto& [segment, child] : node->literals) each_in(child.get(), fn);
    if (node->param) each_in(node->param.get(), fn);
    if (node->tail) each_in(node->tail.get(), fn);
  }

  // Values are the parameter segments on the path to the returned node, in order
  // (a tail's value spans its segments and the '/' between them).
  static const Node* match(const Node* node, const std::vector<std::string_view>& segs, size_t i,
                           std::vector<std::string_view>& values) {
    if (i == segs.size()) return node->routes.empty() ? nullptr : node;
    if (auto it = node->literals.find(segs[i]); it != node->literals.end()) {
      if (const Node* found = match(it->second.get(), segs, i + 1, values)) return found;
    }
    if (node->param && !segs[i].empty()) {
      values.push_back(segs[i]);
      if (const Node* found = match(node->param.get(), segs, i + 1, values)) return found;
      values.pop_back();
    }
    if (node->tail && !node->tail->routes.empty() && i < segs.size()) {
      for (size_t k = i; k < segs.size(); ++k)
        if (segs[k].empty()) return nullptr;
      const char* begin = segs[i].data();
      const char* end = segs.back().data() + segs.back().size();
      values.emplace_back(begin, static_cast<size_t>(end - begin));
      return node->tail.get();
    }
    return nullptr;
  }

  Node root_;
};

}  // namespace deskd::http
