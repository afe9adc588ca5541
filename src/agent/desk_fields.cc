#include "agent/desk_fields.h"

#include "helpcenter/tickets_render.h"

namespace deskd::agent {
namespace {

using ctemplate::TemplateDictionary;

void add_option(TemplateDictionary& dict, const char* section, std::string_view value, std::string_view label,
                std::string_view chosen) {
  auto* o = dict.AddSectionDictionary(section);
  o->SetValue("VALUE", std::string(value));
  o->SetValue("LABEL", std::string(label));
  if (value == chosen) o->ShowSection("SELECTED");
}

// "", "none", or a positive id; nullopt when malformed.
std::optional<std::optional<std::optional<int64_t>>> parse_ref_field(std::string_view raw) {
  using Inner = std::optional<std::optional<int64_t>>;
  if (raw.empty()) return Inner();
  if (raw == "none") return Inner(std::optional<int64_t>());
  if (auto id = http::parse_positive_id(raw, 18)) return Inner(std::optional<int64_t>(*id));
  return std::nullopt;
}

}  // namespace

std::string DeskDirectory::group_name(std::optional<int64_t> id) const {
  if (!id) return {};
  for (const auto& g : groups) {
    if (g.id == *id) return g.name;
  }
  return std::to_string(*id);
}

std::string DeskDirectory::staff_name(std::optional<int64_t> id) const {
  if (!id) return {};
  for (const auto& s : staff) {
    if (s.person_id == *id) return s.name.empty() ? s.email : s.name;
  }
  return std::to_string(*id);
}

Result<DeskDirectory> load_directory(storage::Storage& storage) {
  Result<std::vector<storage::AgentGroup>> groups = storage.desk().list_groups();
  if (!groups) return groups.status();
  Result<std::vector<storage::GroupMember>> staff = storage.desk().staff();
  if (!staff) return staff.status();
  return DeskDirectory{std::move(*groups), std::move(*staff)};
}

std::string priority_label(const pipeline::RequestContext& ctx, storage::TicketPriority priority) {
  return ctx.t(std::string("desk.priority.") + storage::ticket_priority_name(priority));
}

std::string_view parse_change(const http::Form& form, int64_t self, storage::TicketChange& out) {
  out = {};
  if (std::string_view raw = form.get("status"); !raw.empty()) {
    out.status = storage::parse_ticket_status(raw);
    if (!out.status) return "tickets.error.status";
  }
  if (std::string_view raw = form.get("priority"); !raw.empty()) {
    out.priority = storage::parse_ticket_priority(raw);
    if (!out.priority) return "desk.error.priority";
  }
  auto group = parse_ref_field(form.get("group"));
  if (!group) return "desk.error.group";
  out.group_id = *group;
  if (form.get("assignee") == "me") {
    out.assignee_id = std::optional<int64_t>(self);
  } else {
    auto assignee = parse_ref_field(form.get("assignee"));
    if (!assignee) return "desk.error.assignee";
    out.assignee_id = *assignee;
  }
  return {};
}

std::string describe_change(const storage::TicketChange& change) {
  std::string out;
  auto add = [&](std::string_view name, std::string value) {
    if (!out.empty()) out += ' ';
    out += std::string(name) + "=" + value;
  };
  auto id_text = [](const std::optional<int64_t>& id) { return id ? std::to_string(*id) : std::string("none"); };
  if (change.status) add("status", storage::ticket_status_name(*change.status));
  if (change.priority) add("priority", storage::ticket_priority_name(*change.priority));
  if (change.group_id) add("group", id_text(*change.group_id));
  if (change.assignee_id) add("assignee", id_text(*change.assignee_id));
  return out;
}

FieldChoice choice_of(const storage::Ticket& t) {
  return {storage::ticket_status_name(t.status), storage::ticket_priority_name(t.priority),
          t.group_id ? std::to_string(*t.group_id) : "none", t.assignee_id ? std::to_string(*t.assignee_id) : "none"};
}

void add_field_options(TemplateDictionary& dict, const pipeline::RequestContext& ctx, const DeskDirectory& dir,
                       const FieldChoice& chosen, bool keep_option) {
  if (keep_option) {
    const std::string keep = ctx.t("desk.keep");
    add_option(dict, "STATUS_OPTION", "", keep, chosen.status);
    add_option(dict, "PRIORITY_OPTION", "", keep, chosen.priority);
    add_option(dict, "GROUP_OPTION", "", keep, chosen.group);
    add_option(dict, "ASSIGNEE_OPTION", "", keep, chosen.assignee);
  }
  for (storage::TicketStatus s : storage::kAllTicketStatuses) {
    add_option(dict, "STATUS_OPTION", storage::ticket_status_name(s),
               helpcenter::ticket_status_label(ctx, s, helpcenter::TicketViewer::kAgent), chosen.status);
  }
  for (storage::TicketPriority p : storage::kAllTicketPriorities) {
    add_option(dict, "PRIORITY_OPTION", storage::ticket_priority_name(p), priority_label(ctx, p), chosen.priority);
  }
  add_option(dict, "GROUP_OPTION", "none", ctx.t("desk.no_group"), chosen.group);
  for (const auto& g : dir.groups) add_option(dict, "GROUP_OPTION", std::to_string(g.id), g.name, chosen.group);
  if (keep_option) add_option(dict, "ASSIGNEE_OPTION", "me", ctx.t("desk.assign_me"), chosen.assignee);
  add_option(dict, "ASSIGNEE_OPTION", "none", ctx.t("desk.unassigned"), chosen.assignee);
  for (const auto& s : dir.staff) {
    add_option(dict, "ASSIGNEE_OPTION", std::to_string(s.person_id), s.name.empty() ? s.email : s.name,
               chosen.assignee);
  }
}

}  // namespace deskd::agent
