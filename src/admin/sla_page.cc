#include "admin/sla_page.h"

#include <charconv>

#include "admin/shell.h"
#include "http/form.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"
#include "storage/sla_store.h"

namespace deskd::admin {
namespace {

using pipeline::Area;
using pipeline::RequestContext;
using storage::TicketPriority;

constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string field(std::string_view prefix, std::string_view suffix) {
  return std::string(prefix) + std::string(suffix);
}

// Minutes typed in a target field into `out`: empty = no target (nullopt); a
// number 1..kMaxTargetMinutes. False for anything else (refused).
bool parse_minutes(std::string_view raw, std::optional<int>& out) {
  out.reset();
  if (raw.empty()) return true;
  int value = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
  if (ec != std::errc{} || end != raw.data() + raw.size() || value < 1 || value > sla::kMaxTargetMinutes)
    return false;
  out = value;
  return true;
}

// The policy a posted form describes, or the catalog key of its first problem.
std::optional<storage::SlaPolicy> parse_policy(const http::Form& form, std::string_view& problem) {
  storage::SlaPolicy policy;
  for (TicketPriority p : storage::kAllTicketPriorities) {
    const std::string name = storage::ticket_priority_name(p);
    std::optional<int> first, resolution;
    if (!parse_minutes(form.get(field("first_response_", name)), first) ||
        !parse_minutes(form.get(field("resolution_", name)), resolution)) {
      problem = "admin.sla.error_target";
      return std::nullopt;
    }
    if (first || resolution) policy.targets[p] = {first, resolution};
  }
  policy.schedule.enabled = form.get("business_hours") == "on";
  policy.schedule.time_zone = std::string(form.get("time_zone").substr(0, 64));
  if (policy.schedule.time_zone.empty()) policy.schedule.time_zone = "UTC";
  for (int d = 0; d < 7; ++d) {
    const std::string_view open = form.get(field(kDays[d], "_open"));
    const std::string_view close = form.get(field(kDays[d], "_close"));
    if (open.empty() && close.empty()) continue;
    auto o = sla::parse_clock(open);
    auto c = sla::parse_clock(close);
    if (!o || !c || *o >= *c) {
      problem = "admin.sla.error_hours";
      return std::nullopt;
    }
    policy.schedule.days[d] = {*o, *c};
  }
  if (Status s = sla::validate(policy.schedule); !s.is_ok()) {
    problem = policy.schedule.enabled && s.message().find("time zone") == std::string::npos ? "admin.sla.error_no_day"
                                                                                              : "admin.sla.error_zone";
    return std::nullopt;
  }
  return policy;
}

std::string minutes_text(const std::optional<int>& m) {
  return m ? std::to_string(*m) : std::string();
}

// The page; a re-render after a failed post shows the form as typed.
void render_sla(RequestContext& ctx, std::string_view error_key, int status) {
  Result<storage::SlaPolicy> policy = ctx.svc.storage.sla().policy();
  if (!policy) return pipeline::render_status(ctx, policy.status());
  const bool typed = ctx.req.method == "POST";
  auto shown = [&](const std::string& name, std::string stored) {
    return typed ? std::string(ctx.form.get(name).substr(0, 64)) : stored;
  };
  ctx.res = http::Response{};
  pipeline::Page html(ctx, "admin_sla.tpl", ctx.t("admin.sla.heading"));
  auto& b = html.body();
  add_nav(b, ctx, Section::kSla);
  if (!error_key.empty()) b.SetValueAndShowSection("ALERT_TEXT", ctx.t(error_key), "ERROR");
  b.SetValue("CSRF", ctx.csrf_token());
  for (TicketPriority p : storage::kAllTicketPriorities) {
    const std::string name = storage::ticket_priority_name(p);
    const storage::SlaTarget target = policy->targets.count(p) ? policy->targets.at(p) : storage::SlaTarget{};
    auto* row = b.AddSectionDictionary("TARGET");
    row->SetValue("PRIORITY", ctx.t("desk.priority." + name));
    row->SetValue("FIRST_NAME", "first_response_" + name);
    row->SetValue("FIRST_VALUE", shown("first_response_" + name, minutes_text(target.first_response_minutes)));
    row->SetValue("RESOLUTION_NAME", "resolution_" + name);
    row->SetValue("RESOLUTION_VALUE", shown("resolution_" + name, minutes_text(target.resolution_minutes)));
  }
  const sla::Schedule& s = policy->schedule;
  if (typed ? ctx.form.get("business_hours") == "on" : s.enabled) b.ShowSection("BUSINESS_HOURS_ON");
  b.SetValue("TIME_ZONE", shown("time_zone", s.time_zone));
  for (int d = 0; d < 7; ++d) {
    auto* row = b.AddSectionDictionary("DAY");
    row->SetValue("DAY_LABEL", ctx.t(field("admin.sla.day_", kDays[d])));
    row->SetValue("OPEN_NAME", field(kDays[d], "_open"));
    row->SetValue("CLOSE_NAME", field(kDays[d], "_close"));
    const bool open = s.days[d].is_open();
    row->SetValue("OPEN_VALUE", shown(field(kDays[d], "_open"), open ? sla::format_clock(s.days[d].open_minute) : ""));
    row->SetValue("CLOSE_VALUE",
                  shown(field(kDays[d], "_close"), open ? sla::format_clock(s.days[d].close_minute) : ""));
  }
  html.finish(status);
}

void show_sla(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  render_sla(ctx, {}, 200);
}

void save_sla(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  std::string_view problem;
  std::optional<storage::SlaPolicy> policy = parse_policy(ctx.form, problem);
  if (!policy) return render_sla(ctx, problem, 400);
  Status s = ctx.svc.storage.sla().save_policy(*policy);
  if (s.code() == Code::kInvalidArgument) return render_sla(ctx, "admin.sla.error_target", 400);
  if (!s.is_ok()) return pipeline::render_status(ctx, s);
  std::string detail;
  for (const auto& [p, t] : policy->targets) {
    detail += std::string(storage::ticket_priority_name(p)) + "=" + minutes_text(t.first_response_minutes) + "/" +
              minutes_text(t.resolution_minutes) + " ";
  }
  detail += policy->schedule.enabled ? "hours=" + policy->schedule.time_zone + " " +
                                           sla::format_week(policy->schedule.days)
                                     : "hours=24/7";
  pipeline::audit(ctx, "sla_updated", ctx.person->id, ctx.person->email, detail);
  ctx.flash("admin.sla.flash_saved");
  ctx.redirect("/admin/sla");
}

void rerender(RequestContext& ctx, std::string_view notice_key, int status) {
  if (!signed_in_admin(ctx)) return pipeline::render_resubmit(ctx, notice_key);
  render_sla(ctx, notice_key, status);
}

}  // namespace

void register_sla(pipeline::App& app) {
  app.get(Area::kAdmin, "/admin/sla", show_sla);
  app.post(Area::kAdmin, "/admin/sla", save_sla, rerender);
}

}  // namespace deskd::admin
