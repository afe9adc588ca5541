#include "agent/reports.h"

#include "accounts/login.h"
#include "agent/report_figures.h"
#include "agent/svg_chart.h"
#include "i18n/format.h"
#include "pipeline/render.h"

namespace deskd::agent {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

const accounts::LoginArea kLogin{Area::kAgent, "/agent", "agent.login_heading"};
constexpr int kDayChoices[] = {7, 30, 90};

std::optional<int> parse_days(std::string_view raw) {
  if (raw.empty()) return 30;
  for (int d : kDayChoices)
    if (raw == std::to_string(d)) return d;
  return std::nullopt;
}

// The figures for the last `days` UTC days, today included; renders the
// storage failure and returns nullopt.
std::optional<ReportFigures> load(RequestContext& ctx, int days) {
  const int64_t today = ctx.svc.clock.now_ms() / kDayMs;
  const int64_t first_day = today - days + 1;
  const int64_t from = first_day * kDayMs;
  const int64_t to = (today + 1) * kDayMs;
  auto& insights = ctx.svc.storage.insights();
  auto tickets = insights.ticket_times(from, to);
  auto resolved = insights.resolutions(from, to);
  auto chats = insights.chats_answered(from, to);
  auto deflection = insights.deflections(from, to);
  auto breaches = ctx.svc.storage.sla().breaches(from, to, ctx.svc.clock.now_ms());
  const Status failed = !breaches     ? breaches.status()
                        : !tickets    ? tickets.status()
                        : !resolved   ? resolved.status()
                        : !chats      ? chats.status()
                        : !deflection ? deflection.status()
                                      : Status::ok();
  if (!failed.is_ok()) {
    pipeline::render_status(ctx, failed);
    return std::nullopt;
  }
  ReportFigures f = compute_report(first_day, days, *tickets, *resolved, *chats, *deflection);
  add_sla_breaches(f, *breaches);
  return f;
}

std::string duration_text(RequestContext& ctx, const std::optional<int64_t>& ms) {
  if (!ms) return ctx.t("desk.reports.no_data");
  const int64_t minutes = *ms / 60'000;
  if (minutes < 120) return ctx.svc.catalogs.format(ctx.lang, "desk.reports.minutes", {{"n", std::to_string(minutes)}});
  const int64_t hours = minutes / 60;
  if (hours < 48) return ctx.svc.catalogs.format(ctx.lang, "desk.reports.hours", {{"n", std::to_string(hours)}});
  return ctx.svc.catalogs.format(ctx.lang, "desk.reports.days", {{"n", std::to_string(hours / 24)}});
}

void show_reports(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  const std::optional<int> days = parse_days(ctx.query.get("days"));
  if (!days) {
    pipeline::render_error(ctx, 400, "desk.reports.bad_days");
    return;
  }
  std::optional<ReportFigures> f = load(ctx, *days);
  if (!f) return;
  std::vector<std::string> labels;
  ChartSeries opened{ctx.t("desk.reports.opened"), "series-a", {}};
  ChartSeries resolved{ctx.t("desk.reports.resolved"), "series-b", {}};
  ChartSeries chats{ctx.t("desk.reports.chats_answered"), "series-c", {}};
  ChartSeries breaches{ctx.t("reports.sla_breaches"), "series-c", {}};
  for (const auto& d : f->days) {
    labels.push_back(iso_day(d.day).substr(5));  // "11-30"
    opened.values.push_back(d.opened);
    resolved.values.push_back(d.resolved);
    chats.values.push_back(d.chats_answered);
    breaches.values.push_back(d.sla_breaches);
  }
  pipeline::Page page(ctx, "desk_reports.tpl", ctx.t("desk.reports.heading"));
  auto& b = page.body();
  for (int d : kDayChoices) {
    auto* o = b.AddSectionDictionary("RANGE");
    o->SetIntValue("DAYS", d);
    o->SetValue("LABEL", ctx.svc.catalogs.format(ctx.lang, "desk.reports.last_days", {{"n", std::to_string(d)}}));
    if (d == *days) o->ShowSection("CURRENT");
  }
  b.SetIntValue("DAYS", *days);
  b.SetValue("OPENED", i18n::format_number(ctx.lang, f->opened));
  b.SetValue("RESOLVED", i18n::format_number(ctx.lang, f->resolved));
  b.SetValue("CHATS", i18n::format_number(ctx.lang, f->chats_answered));
  b.SetValue("SLA_BREACHES", i18n::format_number(ctx.lang, f->sla_breaches));
  b.SetValue("FIRST_RESPONSE", duration_text(ctx, f->median_first_response_ms));
  b.SetValue("RESOLUTION", duration_text(ctx, f->median_resolution_ms));
  b.SetValue("DEFLECTION_VISITORS", i18n::format_number(ctx.lang, f->deflection.visitors));
  b.SetValue("DEFLECTED", i18n::format_number(ctx.lang, f->deflection.deflected));
  b.SetValue("TICKETS_CHART", bar_chart_svg(ctx.t("desk.reports.tickets_chart"), labels, {opened, resolved, breaches}));
  b.SetValue("CHATS_CHART", bar_chart_svg(ctx.t("desk.reports.chats_chart"), labels, {chats}));
  page.finish(200);
}

void export_csv(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  const std::optional<int> days = parse_days(ctx.query.get("days"));
  if (!days) {
    pipeline::render_error(ctx, 400, "desk.reports.bad_days");
    return;
  }
  std::optional<ReportFigures> f = load(ctx, *days);
  if (!f) return;
  ctx.res.status = 200;
  ctx.res.set_header("Content-Type", "text/csv; charset=utf-8");
  ctx.res.set_header("Content-Disposition", "attachment; filename=\"deskd-report-" + std::to_string(*days) + "d.csv\"");
  ctx.res.set_header("Cache-Control", "no-store");
  ctx.res.body = report_csv(*f);
}

}  // namespace

void register_report_routes(pipeline::App& app) {
  app.get(Area::kAgent, "/agent/reports", show_reports);
  app.get(Area::kAgent, "/agent/reports.csv", export_csv);
}

}  // namespace deskd::agent
