#pragma once
// HTML rendering with ctemplate: every template under web/templates is parsed
// once at start (auto-escaping HTML context), then the cache is frozen.
// Every page is layout.tpl with the page's body template included as BODY.
// Thread-safe after load().
#include <ctemplate/template.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "i18n/catalog.h"

namespace deskd::pipeline {

class RequestContext;

class Renderer {
 public:
  // Loads every *.tpl in `dir`; fails naming the first template that does not parse.
  static Result<std::unique_ptr<Renderer>> load(const std::string& dir, const i18n::Catalogs& catalogs);
  ~Renderer();

  // Expands `name` with `dict` (translations of `lang` are visible as T_<KEY>).
  std::string expand(const std::string& name, ctemplate::TemplateDictionary& dict, std::string_view lang) const;

 private:
  explicit Renderer(std::unique_ptr<ctemplate::TemplateCache> cache) : cache_(std::move(cache)) {}
  std::unique_ptr<ctemplate::TemplateCache> cache_;
  // Per language: ("T_LOGIN_HEADING", text) pairs for every catalog key.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>, std::less<>> strings_;
};

// "login.heading" -> "T_LOGIN_HEADING"
std::string template_key(std::string_view catalog_key);

// Builds one HTML page of the current interface: the layout (html lang, nav,
// language menu, the signed-in person's logout form with a CSRF token, flash)
// around a body template. Use body() to fill the body's dictionary.
class Page {
 public:
  Page(RequestContext& ctx, std::string body_template, std::string title);
  ctemplate::TemplateDictionary& body() { return *body_; }
  ctemplate::TemplateDictionary& root() { return root_; }
  // Renders into ctx.res with this status.
  void finish(int status = 200);

 private:
  RequestContext& ctx_;
  ctemplate::TemplateDictionary root_;
  ctemplate::TemplateDictionary* body_;
};

}  // namespace deskd::pipeline
