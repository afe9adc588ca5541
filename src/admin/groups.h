#pragma once
// Agent groups (SPEC §11), managed by admins on one page:
//   GET  /admin/groups                              groups, their members, the forms
//   POST /admin/groups                              (name) create
//   POST /admin/groups/{id}/rename                  (name)
//   POST /admin/groups/{id}/delete                  its tickets keep no group
//   POST /admin/groups/{id}/members                 (email) add an agent or admin
//   POST /admin/groups/{id}/members/{person}/remove
// Every change is audited (group_created, group_renamed, group_deleted,
// group_member_added, group_member_removed).
#include "pipeline/app.h"

namespace deskd::admin {

void register_groups(pipeline::App& app);

}  // namespace deskd::admin
