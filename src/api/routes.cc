#include "api/routes.h"

#include <fstream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

namespace deskd::api {

Status register_routes(pipeline::App& app, const std::string& openapi_path) {
  std::ifstream in(openapi_path, std::ios::binary);
  if (!in) return invalid_argument("cannot read " + openapi_path);
  std::ostringstream text;
  text << in.rdbuf();
  if (nlohmann::json::parse(text.str(), nullptr, false).is_discarded())
    return invalid_argument(openapi_path + " is not valid JSON");
  auto document = std::make_shared<const std::string>(text.str());
  // The API's description is public, like the API's existence: no key needed.
  pipeline::Route r;
  r.pattern = "/api/v1/openapi.json";
  r.area = pipeline::Area::kApi;
  r.access = pipeline::Access::kAnyone;
  r.handle = [document](pipeline::RequestContext& ctx) {
    ctx.res = http::Response{};
    ctx.res.status = 200;
    ctx.res.set_header("Content-Type", "application/json");
    ctx.res.body = *document;
  };
  app.add("GET", std::move(r));
  register_ticket_routes(app);
  register_article_routes(app);
  register_people_routes(app);
  return Status::ok();
}

}  // namespace deskd::api
