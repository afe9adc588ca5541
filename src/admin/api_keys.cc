#include "admin/api_keys.h"

#include "accounts/fields.h"
#include "admin/shell.h"
#include "admin/when.h"
#include "http/form.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"
#include "security/api_key.h"

namespace deskd::admin {

Result<IssuedApiKey> issue_api_key(storage::ApiKeyStore& store, Random& random, int64_t now_ms, std::string_view name,
                                   const std::vector<storage::ApiScope>& scopes, std::optional<int> expires_days) {
  const std::string trimmed = accounts::trimmed(name);
  size_t characters = 0;
  for (unsigned char c : trimmed) characters += (c & 0xC0) != 0x80;
  if (trimmed.empty() || !http::valid_utf8(trimmed) || characters > kMaxApiKeyName)
    return invalid_argument("the name must be 1 to 100 characters");
  for (unsigned char c : trimmed) {
    if (c < 0x20 || c == 0x7f) return invalid_argument("the name must not hold control characters");
  }
  if (scopes.empty()) return invalid_argument("choose at least one scope");
  if (expires_days && (*expires_days < 1 || *expires_days > kMaxApiKeyDays))
    return invalid_argument("expiry must be 1 to 3650 days");
  const security::MintedApiKey minted = security::mint_api_key(random);
  storage::NewApiKey spec;
  spec.name = trimmed;
  spec.prefix = minted.prefix;
  spec.key_hash = minted.hash;
  spec.scopes = scopes;
  spec.created_ms = now_ms;
  spec.expires_ms = expires_days ? now_ms + int64_t{*expires_days} * 24 * 60 * 60 * 1000 : 0;
  Result<storage::ApiKey> stored = store.create(spec);
  if (!stored) return stored.status();
  return IssuedApiKey{minted.key, std::move(*stored)};
}

std::optional<std::vector<storage::ApiScope>> parse_scope_list(std::string_view text, std::string& unknown) {
  std::vector<storage::ApiScope> scopes;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(", ", start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(start, end - start);
    if (!item.empty()) {
      auto scope = storage::parse_api_scope(item);
      if (!scope) {
        unknown = std::string(item);
        return std::nullopt;
      }
      scopes.push_back(*scope);
    }
    start = end + 1;
  }
  return scopes;
}

namespace {

using pipeline::RequestContext;

// What a re-rendered page shows besides the list.
struct View {
  std::string notice_key;
  bool is_error = false;
  std::string new_key;  // a key just issued: shown this once
  std::string new_key_name;
  int status = 200;
  bool keep_typed = false;
};

void render(RequestContext& ctx, const View& view) {
  Result<std::vector<storage::ApiKey>> keys = ctx.svc.storage.api_keys().list();
  if (!keys) return pipeline::render_status(ctx, keys.status());
  ctx.res = http::Response{};
  pipeline::Page html(ctx, "admin_api_keys.tpl", ctx.t("admin.api_keys.heading"));
  auto& b = html.body();
  add_nav(b, ctx, Section::kApiKeys);
  if (!view.notice_key.empty()) {
    b.SetValueAndShowSection("ALERT_TEXT", ctx.t(view.notice_key), view.is_error ? "ERROR" : "NOTICE_ALERT");
  }
  if (!view.new_key.empty()) {
    auto* s = b.AddSectionDictionary("NEW_KEY");
    s->SetValue("KEY", view.new_key);
    s->SetValue("KEY_NAME", view.new_key_name);
  }
  const std::string csrf = ctx.csrf_token();
  b.SetValue("CSRF", csrf);
  if (view.keep_typed) {
    b.SetValue("NAME_VALUE", std::string(ctx.form.get("name").substr(0, 4 * kMaxApiKeyName)));
    b.SetValue("DAYS_VALUE", std::string(ctx.form.get("expires_days").substr(0, 6)));
  }
  for (storage::ApiScope scope : storage::kAllApiScopes) {
    auto* option = b.AddSectionDictionary("SCOPE_OPTION");
    option->SetValue("SCOPE", storage::api_scope_name(scope));
    if (view.keep_typed) {
      for (const auto& [name, value] : ctx.form.fields) {
        if (name == "scopes" && value == storage::api_scope_name(scope)) option->ShowSection("CHECKED");
      }
    }
  }
  if (keys->empty()) b.ShowSection("NO_KEYS");
  const int64_t now = ctx.svc.clock.now_ms();
  for (const auto& k : *keys) {
    auto* row = b.AddSectionDictionary("KEY_ROW");
    row->SetIntValue("ID", k.id);
    row->SetValue("NAME", k.name);
    row->SetValue("PREFIX", k.prefix);
    row->SetValue("SCOPES", storage::api_scopes_text(k.scopes));
    row->SetValue("CREATED", format_when(ctx.lang, k.created_ms));
    row->SetValue("EXPIRES", k.expires_ms ? format_when(ctx.lang, k.expires_ms) : ctx.t("admin.api_keys.never"));
    row->SetValue("LAST_USED", k.last_used_ms ? format_when(ctx.lang, k.last_used_ms) : ctx.t("admin.api_keys.unused"));
    const char* state = k.revoked_ms         ? "admin.api_keys.state_revoked"
                        : !k.usable_at(now)  ? "admin.api_keys.state_expired"
                                             : "admin.api_keys.state_active";
    row->SetValue("STATE", ctx.t(state));
    if (k.revoked_ms == 0) {
      auto* revoke = row->AddSectionDictionary("REVOKE");
      revoke->SetValue("REVOKE_ACTION", "/admin/api-keys/" + std::to_string(k.id) + "/revoke");
      revoke->SetValue("CSRF", csrf);
    }
  }
  html.finish(view.status);
  // The page may carry a key shown once: never cached.
  ctx.res.set_header("Cache-Control", "no-store");
}

void show(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  render(ctx, {});
}

void rerender(RequestContext& ctx, std::string_view notice, int status) {
  View v;
  v.notice_key = std::string(notice);
  v.is_error = true;
  v.status = status;
  v.keep_typed = true;
  render(ctx, v);
}

void create(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  std::vector<storage::ApiScope> scopes;
  for (const auto& [name, value] : ctx.form.fields) {
    if (name != "scopes") continue;
    auto scope = storage::parse_api_scope(value);
    if (!scope) return rerender(ctx, "admin.api_keys.error_scopes", 400);
    scopes.push_back(*scope);
  }
  if (scopes.empty()) return rerender(ctx, "admin.api_keys.error_scopes", 400);
  std::optional<int> days;
  if (std::string_view raw = ctx.form.get("expires_days"); !raw.empty()) {
    auto parsed = http::parse_positive_id(raw, 4);
    if (!parsed || *parsed > kMaxApiKeyDays) return rerender(ctx, "admin.api_keys.error_days", 400);
    days = static_cast<int>(*parsed);
  }
  Result<IssuedApiKey> issued =
      issue_api_key(ctx.svc.storage.api_keys(), ctx.svc.random, ctx.svc.clock.now_ms(), ctx.form.get("name"), scopes, days);
  if (issued.status().code() == Code::kInvalidArgument) return rerender(ctx, "admin.api_keys.error_name", 400);
  if (!issued) return pipeline::render_status(ctx, issued.status());
  pipeline::audit(ctx, "api_key_created", ctx.person->id, ctx.person->email,
                  issued->record.name + " (" + issued->record.prefix + "…) " + storage::api_scopes_text(scopes));
  View v;
  v.notice_key = "admin.api_keys.created_notice";
  v.new_key = issued->key;
  v.new_key_name = issued->record.name;
  render(ctx, v);
}

void revoke(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  std::optional<int64_t> id = id_param(ctx, "id");
  if (!id) return pipeline::render_error(ctx, 404);
  Status s = ctx.svc.storage.api_keys().revoke(*id, ctx.svc.clock.now_ms());
  if (!s.is_ok()) return pipeline::render_status(ctx, s);
  pipeline::audit(ctx, "api_key_revoked", ctx.person->id, ctx.person->email, "key " + std::to_string(*id));
  ctx.flash("admin.api_keys.revoked");
  ctx.redirect("/admin/api-keys");
}

}  // namespace

void register_api_keys(pipeline::App& app) {
  app.get(pipeline::Area::kAdmin, "/admin/api-keys", show);
  app.post(pipeline::Area::kAdmin, "/admin/api-keys", create, rerender);
  app.post(pipeline::Area::kAdmin, "/admin/api-keys/{id}/revoke", revoke);
}

}  // namespace deskd::admin
