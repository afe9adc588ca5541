#pragma once
// The interfaces a request can belong to. The area of a request is the area of
// the route that answers it (pipeline/app.h), never a reading of the path.

namespace deskd::pipeline {

// kMessenger: the cross-origin Messenger API under /messenger/ — no cookies are
// read or written there and no CSRF check applies; its handlers authenticate
// the visitor by the X-DP-Visitor header and check Origin themselves.
// kApi: the REST API under /api/ — no cookies read or written, no CSRF; the
// pipeline authenticates an API key (Authorization: Bearer) and every answer,
// errors included, is JSON.
enum class Area { kPortal, kAgent, kAdmin, kMessenger, kOps, kApi };

}  // namespace deskd::pipeline
