#pragma once
// HTML rendering with ctemplate: every template under web/templates is parsed
// once at start (auto-escaping HTML context), then the cache is frozen.
// Every page is layout.tpl with the page's body template included as BODY.
//
// A page is rendered one of two ways, from the same code and templates:
//  - directly (Page::finish): expanded for this request;
//  - prepared (Page::prepare, PreparedPage::respond): expanded once per key
//    (page, language, layout variant, ...) with markers where the few
//    per-request values go (the Hole enum), split at the markers, and per
//    request only the holes are filled in, escaped as ctemplate would have
//    escaped them there. No dictionary is built for such a request.
// What decides whether two requests may share a prepared page: everything a
// page's code reads from the request is either part of the key (language,
// language prefix, PageRequest::variant(), what the handler adds) or set
// through Page::hole().
//
// Thread-safe after load(), except where a class says otherwise.
#include <ctemplate/template.h>

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/settings.h"
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

  // The marker a prepared page carries for hole number `hole`: letters and
  // digits only (every escaping leaves them alone), unguessable, so content
  // cannot fake one.
  std::string marker(int hole) const;
  const std::string& marker_prefix() const { return marker_prefix_; }

 private:
  // One catalog string as a template global: its name's ctemplate id is
  // computed once here, not hashed again on every render.
  struct Global {
    std::string name;  // "T_LOGIN_HEADING"; key points into it
    ctemplate::StaticTemplateString key;
    std::string value;
  };
  explicit Renderer(std::unique_ptr<ctemplate::TemplateCache> cache);
  std::unique_ptr<ctemplate::TemplateCache> cache_;
  // Per language: every catalog string some template shows. A deque keeps
  // each Global (and so the name its key points into) in place.
  std::map<std::string, std::deque<Global>, std::less<>> strings_;
  std::string marker_prefix_;
};

// "login.heading" -> "T_LOGIN_HEADING"
std::string template_key(std::string_view catalog_key);

// What differs between requests that share a prepared page.
enum class Hole : uint8_t {
  kCsrf,        // a freshly masked CSRF token for a form (issues the cookie when needed)
  kVisitor,     // the dp_v visitor id
  kPath,        // the path without language prefix ("/" when the target is oversize): language menu
  kReturnTo,    // the request target as a safe return_to: consent banner
  kEmail,       // the signed-in person's e-mail
  kSignedInAs,  // "Signed in as <email>" in the page language
  kFlash,       // the flash message in the page language
};
inline constexpr int kHoleCount = 7;

// One request's side of a page: the layout variant (which sections of
// layout.tpl it shows) and the values of the holes. Reads the flash message
// (taking it out of the session) the first time it is needed. Used on the
// request's thread only.
class PageRequest {
 public:
  explicit PageRequest(RequestContext& ctx) : ctx(ctx) {}

  // Letters naming the layout's per-request sections this request shows
  // (signed in, admin link, consent banner, visitor id, no consent, flash),
  // for a prepared page's key.
  std::string variant();
  // The value of `hole` for this request, unescaped.
  std::string value(Hole hole);
  const std::optional<std::string>& flash();

  RequestContext& ctx;

 private:
  bool flash_read_ = false;
  std::optional<std::string> flash_;
};

// A page expanded once, split at its holes. Immutable; shared by requests.
class PreparedPage {
 public:
  // How a hole's value is escaped: as ctemplate escaped the marker there.
  enum class Escape : uint8_t { kHtml, kUrlQuery };
  struct Gap {
    Hole hole;
    Escape escape;
  };

  // Splits `html` (expanded with Renderer::marker() values followed by
  // kProbe) at the markers. InvalidArgument when a marker sits where neither
  // escaping was applied, or at the start of a URL attribute (whose URL
  // check a filled-in value would skip).
  static Result<std::shared_ptr<const PreparedPage>> split(std::string_view html, const Renderer& renderer, int status);
  // What follows each marker in a page being prepared: its escaped form tells
  // which escaping the template applies at that spot.
  static constexpr std::string_view kProbe = "&<";

  // Writes the page into the request's response: its status, Content-Type and
  // the text with every hole filled for this request.
  void respond(PageRequest& request) const;
  size_t bytes() const { return bytes_; }
  const std::vector<Gap>& gaps() const { return gaps_; }

 private:
  std::vector<std::string> text_;  // gaps_.size() + 1 pieces
  std::vector<Gap> gaps_;
  size_t bytes_ = 0;
  int status_ = 200;
};

// Builds one HTML page of the current interface: the layout (html lang, nav,
// language menu, the signed-in person's logout form with a CSRF token, flash)
// around a body template. Use body() to fill the body's dictionary, and
// hole() for every value that differs between requests sharing a prepared
// page.
// Consent mode, and this browser has not chosen yet (nor chooses in this response).
bool consent_pending(RequestContext& ctx);

class Page {
 public:
  enum class Mode { kDirect, kPrepare };
  // A page rendered directly for ctx.
  Page(RequestContext& ctx, std::string body_template, std::string title);
  // A page for `request` (which must outlive the Page), rendered directly or prepared.
  Page(PageRequest& request, std::string body_template, std::string title, Mode mode);
  Page(const Page&) = delete;
  Page& operator=(const Page&) = delete;

  ctemplate::TemplateDictionary& body() { return *body_; }
  ctemplate::TemplateDictionary& root() { return root_; }
  RequestContext& ctx() { return ctx_; }
  // Sets `name` in `dict` to the hole's value (kDirect) or to its marker (kPrepare).
  void hole(ctemplate::TemplateDictionary& dict, std::string_view name, Hole hole);

  // kDirect: renders into ctx.res with this status.
  void finish(int status = 200);
  // kPrepare: expands and splits the page; nullptr (logged) when a hole sits
  // where its value could not be escaped like the template does.
  std::shared_ptr<const PreparedPage> prepare(int status = 200);

 private:
  void fill_layout();

  std::optional<PageRequest> own_request_;
  PageRequest& request_;
  RequestContext& ctx_;
  const Mode mode_;
  ctemplate::TemplateDictionary root_;
  ctemplate::TemplateDictionary* body_;
};

// Opaque numbers a caller derives from what a prepared page shows (a content
// snapshot, an article's engagement): the page is reused while they match.
struct PageStamp {
  uint64_t content = 0;
  uint64_t detail = 0;
  bool operator==(const PageStamp&) const = default;
};

// Prepared pages by key. An entry serves while its stamp and its Settings
// object (languages, consent mode) are the caller's. Bounded by bytes: when
// full it starts over. Thread-safe.
class PageCache {
 public:
  explicit PageCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The page under `key` for `stamp`, or nullptr when it is missing or stale.
  std::shared_ptr<const PreparedPage> find(const std::string& key, PageStamp stamp,
                                           const std::shared_ptr<const Settings>& settings) const;
  // The page under `key` for `stamp`; `build` runs (on the caller's thread, no
  // lock held) when it is missing or stale. nullptr when build() gives nullptr.
  std::shared_ptr<const PreparedPage> get(const std::string& key, PageStamp stamp,
                                          const std::shared_ptr<const Settings>& settings,
                                          const std::function<std::shared_ptr<const PreparedPage>()>& build);
  void clear();

  size_t bytes() const;
  uint64_t hits() const;
  uint64_t misses() const;

 private:
  struct Entry {
    PageStamp stamp;
    std::shared_ptr<const Settings> settings;
    std::shared_ptr<const PreparedPage> page;
  };
  const size_t max_bytes_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
  size_t bytes_ = 0;                                // guarded by mu_
  mutable uint64_t hits_ = 0;                       // guarded by mu_
  mutable uint64_t misses_ = 0;                     // guarded by mu_
};

// The key serve_page() files a page under: `key` plus the request's
// language, language prefix and layout variant.
std::string page_key(PageRequest& request, std::string_view key);

// Serves a page through `cache`: the key is page_key(request, key); `fill` fills the body (and
// may add to the layout) of a Page in either mode. Without a cache, or when
// preparing fails, the page is rendered directly. When `fill` fails nothing
// is written or cached and its status is returned, for the caller to answer.
Status serve_page(PageRequest& request, PageCache* cache, std::string_view key, PageStamp stamp,
                  std::string body_template, std::string title, const std::function<Status(Page&)>& fill,
                  int status = 200);

}  // namespace deskd::pipeline
