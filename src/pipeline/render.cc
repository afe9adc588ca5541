#include "pipeline/render.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "i18n/format.h"
#include "pipeline/context.h"

namespace deskd::pipeline {

std::string template_key(std::string_view catalog_key) {
  std::string out = "T_";
  for (char c : catalog_key)
    out += (c == '.' || c == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Result<std::unique_ptr<Renderer>> Renderer::load(const std::string& dir, const i18n::Catalogs& catalogs) {
  namespace fs = std::filesystem;
  auto cache = std::make_unique<ctemplate::TemplateCache>();
  cache->SetTemplateRootDirectory(dir);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return invalid_argument("template directory not found: " + dir);
  std::set<std::string, std::less<>> referenced;  // every {{T_...}} marker in any template
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".tpl")) continue;
    if (!cache->LoadTemplate(name, ctemplate::STRIP_BLANK_LINES))
      return invalid_argument("template does not parse: " + entry.path().string());
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (size_t at = text.find("{{T_"); at != std::string::npos; at = text.find("{{T_", at + 4)) {
      const size_t end = text.find_first_of(":}", at + 2);
      if (end != std::string::npos) referenced.insert(text.substr(at + 2, end - at - 2));
    }
  }
  cache->Freeze();
  std::unique_ptr<Renderer> r(new Renderer(std::move(cache)));
  // Only strings some template shows are set on each render: the catalogs also
  // hold strings used from code and by the Messenger widget (about half).
  for (const auto& lang : catalogs.languages()) {
    auto& list = r->strings_[lang];
    for (const auto& [key, text] : catalogs.all(lang)) {
      std::string marker = template_key(key);
      if (referenced.count(marker)) list.emplace_back(std::move(marker), text);
    }
  }
  return r;
}

Renderer::~Renderer() = default;

std::string Renderer::expand(const std::string& name, ctemplate::TemplateDictionary& dict,
                             std::string_view lang) const {
  if (auto it = strings_.find(lang); it != strings_.end()) {
    for (const auto& [k, v] : it->second) dict.SetTemplateGlobalValueWithoutCopy(k, v);
  }
  std::string out;
  cache_->ExpandWithData(name, ctemplate::STRIP_BLANK_LINES, &dict, nullptr, &out);
  return out;
}

namespace {

// Consent mode and this browser has not chosen yet (nor chooses in this response).
bool consent_pending(RequestContext& ctx) {
  if (ctx.settings->optional_cookies != OptionalCookies::kConsent) return false;
  if (ctx.jar.pending_value(cookies::CookieId::kConsent)) return false;
  return !ctx.cookie(cookies::CookieId::kConsent, [](std::string_view v) { return v == "all" || v == "essential"; });
}

}  // namespace

Page::Page(RequestContext& ctx, std::string body_template, std::string title) : ctx_(ctx), root_("page") {
  root_.SetValue("LANG", ctx.lang);
  root_.SetValue("TITLE", title);
  root_.SetValue("AREA", interface_label(ctx.area));
  root_.SetValue("CSS_URL", ctx.svc.static_files.url("deskd.css"));
  body_ = root_.AddIncludeDictionary("BODY");
  body_->SetFilename(body_template);
  body_->SetValue("LANG", ctx.lang);
}

void Page::finish(int status) {
  const std::string prefix = ctx_.area == Area::kAgent ? "/agent" : ctx_.area == Area::kAdmin ? "/admin" : "";
  root_.SetValue("HOME_URL", prefix.empty() ? "/" : prefix + "/");
  if (ctx_.area == Area::kPortal) {
    auto* nav = root_.AddSectionDictionary("PORTAL_NAV");
    if (ctx_.person) nav->ShowSection("PORTAL_SIGNED_IN");
  } else if (ctx_.area == Area::kAgent && ctx_.person) {
    auto* nav = root_.AddSectionDictionary("AGENT_NAV");
    if (ctx_.person->role == storage::Role::kAdmin) nav->ShowSection("ADMIN_LINK");
  }
  if (ctx_.person) {
    auto* s = root_.AddSectionDictionary("SIGNED_IN");
    s->SetValue("EMAIL", ctx_.person->email);
    s->SetValue("LOGOUT_ACTION", prefix + "/logout");
    s->SetValue("CSRF", ctx_.csrf_token());
    s->SetValue("SIGNED_IN_AS",
                ctx_.svc.catalogs.format(ctx_.lang, "account.signed_in_as", {{"email", ctx_.person->email}}));
  } else if (ctx_.area == Area::kPortal) {
    root_.ShowSection("SIGNED_OUT");
  }
  if (ctx_.area == Area::kPortal) {
    // The Messenger widget (docs/messenger.md): the page hands the loader the
    // visitor id, since the server-set dp_v is HttpOnly; without optional
    // cookies the loader and widget write none.
    auto* m = root_.AddSectionDictionary("MESSENGER");
    if (ctx_.visitor) m->SetValueAndShowSection("VISITOR", *ctx_.visitor, "HAS_VISITOR");
    if (!ctx_.optional_cookies_allowed()) m->ShowSection("NO_CONSENT");
    const std::string here = ctx_.req.target.size() <= 1024 ? ctx_.path : "/";
    for (const auto& code : ctx_.settings->languages) {
      auto* l = root_.AddSectionDictionary("LANGUAGE");
      l->SetValue("CODE", code);
      l->SetValue("NAME", i18n::language_name(code));
      l->SetValue("RETURN_TO", here);
      if (code == ctx_.lang) l->ShowSection("CURRENT");
    }
  }
  if (ctx_.area == Area::kPortal && consent_pending(ctx_)) {
    auto* c = root_.AddSectionDictionary("CONSENT");
    c->SetValue("CSRF", ctx_.csrf_token());
    c->SetValue("RETURN_TO", pipeline::safe_return_to(ctx_.req.target, "/"));
  }
  if (auto flash = ctx_.take_flash()) root_.SetValueAndShowSection("FLASH_TEXT", ctx_.t(*flash), "FLASH");
  ctx_.res.status = status;
  ctx_.res.set_header("Content-Type", "text/html; charset=utf-8");
  ctx_.res.body = ctx_.svc.renderer.expand("layout.tpl", root_, ctx_.lang);
}

}  // namespace deskd::pipeline
