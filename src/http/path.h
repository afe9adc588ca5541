#pragma once
// The one canonical form of a request path (SPEC §7), decided before anything
// else reads the path. A path is canonical when it starts with one '/', has no
// empty segment except an optional trailing slash, no "." or ".." segment (also
// percent-encoded), no encoded '/' or '\\', no backslash, and decodes to valid
// UTF-8 without control characters. Routing, the area of a request and every
// authorization decision use only the canonical, decoded path.
#include <string>
#include <string_view>

namespace deskd::http {

enum class PathForm {
  kCanonical,     // `path` is the decoded path to route
  kNonCanonical,  // `path` is the canonical spelling (still percent-encoded) to redirect to
  kInvalid,       // no canonical reading exists: answer 400
};

struct CanonicalPath {
  PathForm form = PathForm::kInvalid;
  std::string path;
};

// `raw` is the request-target's path as received (before the '?', still
// percent-encoded). Pure function, thread-safe.
CanonicalPath canonicalize_path(std::string_view raw);

}  // namespace deskd::http
