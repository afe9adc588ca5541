#include "pipeline/render.h"

#include <ctemplate/template_emitter.h>
#include <ctemplate/template_modifiers.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>

#include "pipeline/context.h"

namespace deskd::pipeline {

std::string template_key(std::string_view catalog_key) {
  std::string out = "T_";
  for (char c : catalog_key)
    out += (c == '.' || c == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Renderer::Renderer(std::unique_ptr<ctemplate::TemplateCache> cache) : cache_(std::move(cache)) {
  std::random_device random;
  char nonce[17];
  std::snprintf(nonce, sizeof nonce, "%08x%08x", random(), random());
  marker_prefix_ = std::string("dpHole") + nonce;
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
      if (!referenced.count(marker)) continue;
      Global& g = list.emplace_back();
      g.name = std::move(marker);
      g.value = text;
      g.key.do_not_use_directly_ = {g.name.data(), g.name.size(), ctemplate::kIllegalTemplateId};
      ctemplate::StaticTemplateStringInitializer id(&g.key);  // computes and registers the id once
    }
  }
  return r;
}

Renderer::~Renderer() = default;

std::string Renderer::expand(const std::string& name, ctemplate::TemplateDictionary& dict,
                             std::string_view lang) const {
  if (auto it = strings_.find(lang); it != strings_.end()) {
    for (const Global& g : it->second)
      dict.SetTemplateGlobalValueWithoutCopy(ctemplate::TemplateString(g.key), g.value);
  }
  std::string out;
  cache_->ExpandWithData(name, ctemplate::STRIP_BLANK_LINES, &dict, nullptr, &out);
  return out;
}

std::string Renderer::marker(int hole) const {
  return marker_prefix_ + static_cast<char>('a' + hole);
}

namespace {

// A quoted attribute whose value is a URL: ctemplate checks a value at its
// start (rejecting javascript: and the like), which a filled-in hole would skip.
bool opens_url_attribute(std::string_view before) {
  for (std::string_view attr : {"href=\"", "src=\"", "action=\"", "formaction=\""}) {
    if (before.ends_with(attr)) return true;
  }
  return false;
}

// True when `value` is the same after the escaping: only letters, digits and
// characters neither escaping touches ('-' and '_'; in HTML also '.' and '/').
// Tokens, visitor ids and most paths are; they skip ctemplate's emitter, which
// costs a virtual call per character.
bool escapes_to_itself(std::string_view value, PreparedPage::Escape escape) {
  const bool html = escape == PreparedPage::Escape::kHtml;
  for (const char c : value) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '_' || (html && (c == '.' || c == '/'));
    if (!plain) return false;
  }
  return true;
}

void append_escaped(std::string& out, std::string_view value, PreparedPage::Escape escape) {
  if (escapes_to_itself(value, escape)) {
    out.append(value);
    return;
  }
  ctemplate::StringEmitter emitter(&out);
  const ctemplate::TemplateModifier& modifier =
      escape == PreparedPage::Escape::kHtml ? static_cast<const ctemplate::TemplateModifier&>(ctemplate::html_escape)
                                            : ctemplate::url_query_escape;
  modifier.Modify(value.data(), value.size(), nullptr, &emitter, "");
}

}  // namespace

// --- PageRequest ---------------------------------------------------------

const std::optional<std::string>& PageRequest::flash() {
  if (!flash_read_) {
    flash_read_ = true;
    flash_ = ctx.take_flash();
  }
  return flash_;
}

std::string PageRequest::variant() {
  std::string v;
  if (ctx.person) v += 's';
  if (ctx.person && ctx.person->role == storage::Role::kAdmin) v += 'a';
  if (ctx.area == Area::kPortal && consent_pending(ctx)) v += 'c';
  if (ctx.visitor) v += 'v';
  if (!ctx.optional_cookies_allowed()) v += 'n';
  if (flash()) v += 'f';
  return v;
}

std::string PageRequest::value(Hole hole) {
  switch (hole) {
    case Hole::kCsrf: return ctx.csrf_token();
    case Hole::kVisitor: return ctx.visitor.value_or(std::string());
    case Hole::kPath: return ctx.req.target.size() <= 1024 ? ctx.path : "/";
    case Hole::kReturnTo: return safe_return_to(ctx.req.target, "/");
    case Hole::kEmail: return ctx.person ? ctx.person->email : std::string();
    case Hole::kSignedInAs:
      return ctx.person ? ctx.svc.catalogs.format(ctx.lang, "account.signed_in_as", {{"email", ctx.person->email}})
                        : std::string();
    case Hole::kFlash: return flash() ? ctx.t(*flash()) : std::string();
  }
  return {};
}

// --- PreparedPage --------------------------------------------------------

Result<std::shared_ptr<const PreparedPage>> PreparedPage::split(std::string_view html, const Renderer& renderer,
                                                                int status) {
  auto page = std::make_shared<PreparedPage>();
  page->status_ = status;
  page->bytes_ = html.size();
  const std::string& prefix = renderer.marker_prefix();
  page->text_.emplace_back();
  size_t pos = 0;
  for (size_t at = html.find(prefix); at != std::string_view::npos; at = html.find(prefix, pos)) {
    page->text_.back().append(html.substr(pos, at - pos));
    const size_t code = at + prefix.size();
    const int hole = code < html.size() ? html[code] - 'a' : -1;
    if (hole < 0 || hole >= kHoleCount) return invalid_argument("malformed hole marker");
    const std::string_view rest = html.substr(code + 1);
    Gap gap{static_cast<Hole>(hole), Escape::kHtml};
    size_t probe = 0;
    if (rest.starts_with("&amp;&lt;")) {
      probe = 9;
    } else if (rest.starts_with("%26%3C") || rest.starts_with("%26%3c")) {
      gap.escape = Escape::kUrlQuery;
      probe = 6;
    } else {
      return invalid_argument("a hole sits where the template escapes neither as HTML nor as a URL query: " +
                              std::string(rest.substr(0, 16)));
    }
    if (opens_url_attribute(page->text_.back())) return invalid_argument("a hole opens a URL attribute");
    page->gaps_.push_back(gap);
    page->text_.emplace_back();
    pos = code + 1 + probe;
  }
  page->text_.back().append(html.substr(pos));
  return std::shared_ptr<const PreparedPage>(std::move(page));
}

void PreparedPage::respond(PageRequest& request) const {
  RequestContext& ctx = request.ctx;
  std::array<std::optional<std::string>, kHoleCount> values;  // each computed once per response
  std::string& out = ctx.res.body;
  out.clear();
  out.reserve(bytes_ + 64 * gaps_.size());
  for (size_t i = 0; i < gaps_.size(); ++i) {
    out += text_[i];
    auto& value = values[static_cast<size_t>(gaps_[i].hole)];
    if (!value) value = request.value(gaps_[i].hole);
    append_escaped(out, *value, gaps_[i].escape);
  }
  out += text_.back();
  ctx.res.status = status_;
  ctx.res.set_header("Content-Type", "text/html; charset=utf-8");
}

// --- Page ----------------------------------------------------------------

Page::Page(RequestContext& ctx, std::string body_template, std::string title)
    : own_request_(std::in_place, ctx), request_(*own_request_), ctx_(ctx), mode_(Mode::kDirect), root_("page") {
  root_.SetValue("LANG", ctx.lang);
  root_.SetValue("TITLE", title);
  root_.SetValue("AREA", interface_label(ctx.area));
  root_.SetValue("CSS_URL", ctx.svc.static_files.url("deskd.css"));
  body_ = root_.AddIncludeDictionary("BODY");
  body_->SetFilename(body_template);
  body_->SetValue("LANG", ctx.lang);
}

Page::Page(PageRequest& request, std::string body_template, std::string title, Mode mode)
    : request_(request), ctx_(request.ctx), mode_(mode), root_("page") {
  root_.SetValue("LANG", ctx_.lang);
  root_.SetValue("TITLE", title);
  root_.SetValue("AREA", interface_label(ctx_.area));
  root_.SetValue("CSS_URL", ctx_.svc.static_files.url("deskd.css"));
  body_ = root_.AddIncludeDictionary("BODY");
  body_->SetFilename(body_template);
  body_->SetValue("LANG", ctx_.lang);
}

void Page::hole(ctemplate::TemplateDictionary& dict, std::string_view name, Hole hole) {
  const ctemplate::TemplateString key(name.data(), name.size());
  if (mode_ == Mode::kDirect) {
    dict.SetValue(key, request_.value(hole));
    return;
  }
  std::string marker = ctx_.svc.renderer.marker(static_cast<int>(hole));
  marker += PreparedPage::kProbe;
  dict.SetValue(key, marker);
}

bool consent_pending(RequestContext& ctx) {
  if (ctx.settings->optional_cookies != OptionalCookies::kConsent) return false;
  if (ctx.jar.pending_value(cookies::CookieId::kConsent)) return false;
  return !ctx.cookie(cookies::CookieId::kConsent, [](std::string_view v) { return v == "all" || v == "essential"; });
}

// What every area's pages share: the home link, the signed-in box with its
// logout form, and a flash message; then the parts the area registered
// (Services::layout_parts). The layout's sections follow
// PageRequest::variant(); everything else it shows is the same for every
// request of this page and language, or a hole.
void Page::fill_layout() {
  const std::string prefix = ctx_.area == Area::kAgent ? "/agent" : ctx_.area == Area::kAdmin ? "/admin" : "";
  root_.SetValue("HOME_URL", prefix.empty() ? "/" : prefix + "/");
  if (ctx_.person) {
    auto* s = root_.AddSectionDictionary("SIGNED_IN");
    hole(*s, "EMAIL", Hole::kEmail);
    s->SetValue("LOGOUT_ACTION", prefix + "/logout");
    hole(*s, "CSRF", Hole::kCsrf);
    hole(*s, "SIGNED_IN_AS", Hole::kSignedInAs);
  }
  if (auto parts = ctx_.svc.layout_parts.find(ctx_.area); parts != ctx_.svc.layout_parts.end()) {
    for (const LayoutPart& part : parts->second) part(*this);
  }
  if (request_.flash()) {
    hole(root_, "FLASH_TEXT", Hole::kFlash);
    root_.ShowSection("FLASH");
  }
}

void Page::finish(int status) {
  fill_layout();
  ctx_.res.status = status;
  ctx_.res.set_header("Content-Type", "text/html; charset=utf-8");
  ctx_.res.body = ctx_.svc.renderer.expand("layout.tpl", root_, ctx_.lang);
}

std::shared_ptr<const PreparedPage> Page::prepare(int status) {
  fill_layout();
  const std::string html = ctx_.svc.renderer.expand("layout.tpl", root_, ctx_.lang);
  auto prepared = PreparedPage::split(html, ctx_.svc.renderer, status);
  if (!prepared.is_ok()) {
    spdlog::error("page {} cannot be prepared: {}", ctx_.route, prepared.status().to_string());
    return nullptr;
  }
  return *prepared;
}

// --- PageCache -----------------------------------------------------------

std::shared_ptr<const PreparedPage> PageCache::find(const std::string& key, PageStamp stamp,
                                                    const std::shared_ptr<const Settings>& settings) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || !(it->second.stamp == stamp) || it->second.settings != settings) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  return it->second.page;
}

std::shared_ptr<const PreparedPage> PageCache::get(const std::string& key, PageStamp stamp,
                                                   const std::shared_ptr<const Settings>& settings,
                                                   const std::function<std::shared_ptr<const PreparedPage>()>& build) {
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.stamp == stamp && it->second.settings == settings) {
      ++hits_;
      return it->second.page;
    }
    ++misses_;
  }
  auto page = build();
  if (!page) return nullptr;
  const size_t size = page->bytes() + key.size();
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    bytes_ -= it->second.page->bytes() + key.size();
    entries_.erase(it);
  }
  if (bytes_ + size > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  entries_.emplace(key, Entry{stamp, settings, page});
  bytes_ += size;
  return page;
}

void PageCache::clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
  bytes_ = 0;
}

size_t PageCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

uint64_t PageCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

uint64_t PageCache::misses() const {
  std::lock_guard lock(mu_);
  return misses_;
}

// --- serve_page ----------------------------------------------------------

std::string page_key(PageRequest& request, std::string_view key) {
  std::string full(key);
  full += '|';
  full += request.ctx.lang;
  full += request.ctx.lang_from_prefix ? "|p|" : "|-|";
  full += request.variant();
  return full;
}

Status serve_page(PageRequest& request, PageCache* cache, std::string_view key, PageStamp stamp,
                  std::string body_template, std::string title, const std::function<Status(Page&)>& fill, int status) {
  RequestContext& ctx = request.ctx;
  if (cache) {
    Status filled = Status::ok();
    auto prepared =
        cache->get(page_key(request, key), stamp, ctx.settings, [&]() -> std::shared_ptr<const PreparedPage> {
          Page page(request, body_template, title, Page::Mode::kPrepare);
          filled = fill(page);
          return filled.is_ok() ? page.prepare(status) : nullptr;
        });
    if (!filled.is_ok()) return filled;
    if (prepared) {
      prepared->respond(request);
      return Status::ok();
    }
  }
  Page page(request, std::move(body_template), std::move(title), Page::Mode::kDirect);
  if (Status s = fill(page); !s.is_ok()) return s;
  page.finish(status);
  return Status::ok();
}

}  // namespace deskd::pipeline
