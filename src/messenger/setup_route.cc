// GET /messenger/setup (docs/messenger.md, "Setup"): where the current widget
// bundle is, how long the loader may cache that, and the widget's config.
#include "messenger/cors.h"
#include "messenger/messenger.h"
#include "messenger/wire.h"

namespace deskd::messenger {
namespace {

using nlohmann::json;

constexpr std::string_view kWidgetStringsPrefix = "messenger.widget.";

// The widget's strings in ctx.lang, keyed without the "messenger.widget." prefix.
json widget_strings(const pipeline::RequestContext& ctx) {
  json strings = json::object();
  const auto& all = ctx.svc.catalogs.all(ctx.lang);
  for (auto it = all.lower_bound(kWidgetStringsPrefix); it != all.end() && it->first.starts_with(kWidgetStringsPrefix);
       ++it) {
    strings[it->first.substr(kWidgetStringsPrefix.size())] = it->second;
  }
  return strings;
}

void setup(Runtime& rt, pipeline::RequestContext& ctx) {
  if (!apply_cors(ctx)) return;
  std::string ws = ctx.public_origin;
  if (ws.starts_with("https://")) {
    ws.replace(0, 5, "wss");
  } else if (ws.starts_with("http://")) {
    ws.replace(0, 4, "ws");
  }
  json config = {{"api", ctx.public_origin + "/messenger/api"},
                 {"ws", ws + "/messenger/ws"},
                 {"lang", ctx.lang},
                 {"agents_online", rt.hub.agents_online()},
                 {"strings", widget_strings(ctx)}};
  write_json(ctx, 200,
             json{{"assets_url", rt.assets.assets_url(ctx.public_origin)},
                  {"version", rt.assets.version()},
                  {"ttl_s", ctx.settings->messenger_loader_ttl_s},
                  {"config", std::move(config)}});
}

}  // namespace

void register_setup_route(pipeline::App& app, Runtime& rt) {
  app.get(pipeline::Area::kMessenger, "/messenger/setup", [&rt](pipeline::RequestContext& ctx) { setup(rt, ctx); });
}

}  // namespace deskd::messenger
