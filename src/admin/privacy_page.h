#pragma once
// Privacy actions (SPEC §13): GET /admin/privacy shows two forms;
// POST /admin/privacy/export (email or visitor) answers a JSON download of
// everything linked to that person or visitor; POST /admin/privacy/erase
// (email or visitor, and `confirm` repeating it exactly) deletes or anonymises
// it, ends the person's sessions and Remember-Me tokens, and records a
// `privacy_erase` audit event that names no erased data. An admin cannot erase
// their own account or the last enabled admin (409).
#include "pipeline/app.h"

namespace deskd::admin {

void register_privacy(pipeline::App& app);

}  // namespace deskd::admin
