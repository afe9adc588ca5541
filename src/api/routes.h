#pragma once
// The REST API under /api/v1/ (SPEC §12, §14; docs/api.md). Every route is
// Access::kApiKey with the scope it needs: the pipeline authenticates the key,
// applies the per-key rate limit and checks the scope before a handler runs.
#include <string>

#include "core/status.h"
#include "pipeline/app.h"

namespace deskd::api {

// Registers every API route, and GET /api/v1/openapi.json serving the document
// at `openapi_path` (read once here; InvalidArgument when unreadable or not JSON).
Status register_routes(pipeline::App& app, const std::string& openapi_path);

void register_ticket_routes(pipeline::App& app);
void register_article_routes(pipeline::App& app);
void register_people_routes(pipeline::App& app);

}  // namespace deskd::api
