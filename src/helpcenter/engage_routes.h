#pragma once
// Help Center engagement routes (SPEC §1.3, §1.6, §2):
//   POST /kb/articles/{id}/vote      value=up|down; 303 to the article (#votes),
//                                    or JSON {"up":N,"down":M,"mine":"up"} for
//                                    Accept: application/json
//   POST /kb/articles/{id}/comments  body (+ name, email for guests); stored
//                                    pending, 303 to the article (#comments)
//   POST /cookie-consent             choice=all|essential, return_to
// One vote per voter (person, else visitor token, else session) per article.
#include "pipeline/app.h"

namespace deskd::helpcenter {

void register_engage_routes(pipeline::App& app);

}  // namespace deskd::helpcenter
