#pragma once
// The agent desk's ticket fields — status, priority, group, assignee — as
// forms carry them and pages show them; shared by the ticket list (bulk
// actions) and the ticket page.
#include <ctemplate/template.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "http/form.h"
#include "pipeline/context.h"
#include "storage/store.h"

namespace deskd::agent {

// The groups and the staff a ticket can be given to, loaded once per page.
struct DeskDirectory {
  std::vector<storage::AgentGroup> groups;
  std::vector<storage::GroupMember> staff;

  // "" for nullopt; the id in decimal when it names nobody listed (deleted since).
  std::string group_name(std::optional<int64_t> id) const;
  std::string staff_name(std::optional<int64_t> id) const;
};

Result<DeskDirectory> load_directory(storage::Storage& storage);

std::string priority_label(const pipeline::RequestContext& ctx, storage::TicketPriority priority);

// Reads a change from the fields `status`, `priority`, `group`, `assignee`:
// "" (or absent) leaves a field unchanged; group/assignee "none" clears it;
// assignee "me" is `self`; otherwise a status/priority name or a positive id.
// Returns "" or the catalog key of the first bad field. Whether an id names
// a group or an active agent is the store's check (InvalidArgument).
std::string_view parse_change(const http::Form& form, int64_t self, storage::TicketChange& out);

// For the audit log: "status=closed priority=high group=3 assignee=none",
// naming only the changed fields.
std::string describe_change(const storage::TicketChange& change);

// What a field select shows as chosen: a value as the form would post it.
struct FieldChoice {
  std::string status;
  std::string priority;
  std::string group;
  std::string assignee;
};

// The current values of `t` as a FieldChoice ("none" for an absent group or assignee).
FieldChoice choice_of(const storage::Ticket& t);

// Adds STATUS_OPTION, PRIORITY_OPTION, GROUP_OPTION and ASSIGNEE_OPTION
// sections (VALUE, LABEL, SELECTED) to `dict`. With `keep_option` each list
// starts with an empty "leave unchanged" option (bulk actions) and the
// assignee list offers "me".
void add_field_options(ctemplate::TemplateDictionary& dict, const pipeline::RequestContext& ctx,
                       const DeskDirectory& dir, const FieldChoice& chosen, bool keep_option);

}  // namespace deskd::agent
