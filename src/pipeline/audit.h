#pragma once
// Audit log writes from request handlers. Failures to write are logged, never
// shown to the visitor (the action itself already happened or failed).
#include <string_view>

#include "pipeline/context.h"

namespace deskd::pipeline {

void audit(RequestContext& ctx, std::string_view event, int64_t person_id, std::string_view email,
           std::string_view detail = {});

}  // namespace deskd::pipeline
