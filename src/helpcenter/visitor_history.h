#pragma once
// The Help Center's part of a sign-in (SPEC §1.6): page views, votes and
// comments made under the visitor id become the person's.
#include "pipeline/services.h"

namespace deskd::helpcenter {

// A pipeline::Services::VisitorSignInHook over `storage` (which must outlive it).
pipeline::Services::VisitorSignInHook attach_visitor_history(storage::Storage& storage);

}  // namespace deskd::helpcenter
