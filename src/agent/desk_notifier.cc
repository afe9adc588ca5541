#include "agent/desk_notifier.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <nlohmann/json.hpp>

#include "sla/business_clock.h"

namespace deskd::agent {
namespace {

// Logs a failed step; true when `s` is ok.
bool ok_or_logged(const Status& s, std::string_view doing, std::atomic<uint64_t>& failures) {
  if (s.is_ok()) return true;
  failures.fetch_add(1, std::memory_order_relaxed);
  spdlog::error("desk notifier: {} failed: {}", doing, s.to_string());
  return false;
}

constexpr int kBatch = 100;  // events and breaches claimed per round, each

std::string ticket_path(std::string_view ref) {
  return "/agent/tickets/" + std::string(ref);
}

}  // namespace

DeskNotifier::DeskNotifier(DeskNotifierParts parts, std::chrono::milliseconds period)
    : parts_(std::move(parts)), period_(period) {}

DeskNotifier::~DeskNotifier() {
  stop();
}

void DeskNotifier::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] { loop(); });
}

void DeskNotifier::stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DeskNotifier::loop() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, period_, [this] { return stop_; })) {
    lock.unlock();
    run_once();
    lock.lock();
  }
}

std::vector<DeskNotifier::Recipient> DeskNotifier::team_of(const storage::Ticket& t, bool with_assignee) {
  std::vector<int64_t> ids;
  Result<std::vector<storage::GroupMember>> members =
      t.group_id ? parts_.storage.desk().members(*t.group_id) : parts_.storage.desk().staff();
  if (!ok_or_logged(members.status(), "reading a ticket's team", failures_)) return {};
  for (const auto& m : *members) ids.push_back(m.person_id);
  if (with_assignee && t.assignee_id && std::find(ids.begin(), ids.end(), *t.assignee_id) == ids.end())
    ids.push_back(*t.assignee_id);
  std::vector<Recipient> out;
  for (int64_t id : ids) {
    Result<storage::Person> p = parts_.storage.people().find_by_id(id);
    if (!p || p->disabled || p->role == storage::Role::kUser) continue;
    const std::string lang =
        parts_.catalogs.has_language(p->language) ? p->language : parts_.catalogs.default_language();
    out.push_back({p->id, p->email, lang});
  }
  return out;
}

void DeskNotifier::notify(const Recipient& r, const storage::Ticket& t, std::string_view kind,
                          std::string_view live_key, std::string_view mail_key,
                          std::vector<std::pair<std::string, std::string>> args) {
  args.emplace_back("link", parts_.origin + ticket_path(t.ref));
  const nlohmann::json frame{{"type", "desk_notification"},
                             {"kind", kind},
                             {"ref", t.ref},
                             {"subject", t.subject},
                             {"text", parts_.catalogs.format(r.language, live_key, args)},
                             {"url", ticket_path(t.ref)}};
  if (parts_.live) parts_.live(r.id, frame.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  Result<bool> by_mail = parts_.storage.notify().email_enabled(r.id);
  if (!ok_or_logged(by_mail.status(), "reading a notification preference", failures_) ||
      !*by_mail)
    return;
  storage::OutboxMail mail;
  mail.created_ms = parts_.clock.now_ms();
  mail.to = r.email;
  mail.kind = "desk_" + std::string(kind);
  mail.subject = parts_.catalogs.format(r.language, std::string(mail_key) + ".subject", args);
  mail.body = parts_.catalogs.format(r.language, std::string(mail_key) + ".body", args);
  ok_or_logged(parts_.storage.outbox().enqueue(mail), "queueing a notification mail", failures_);
}

void DeskNotifier::run_once() {
  Result<std::vector<storage::DeskEvent>> events = parts_.storage.notify().claim_events(kBatch);
  if (ok_or_logged(events.status(), "claiming desk events", failures_)) {
    for (const storage::DeskEvent& e : *events) {
      Result<storage::Ticket> t = parts_.storage.tickets().find_by_ref(e.ref);
      if (!ok_or_logged(t.status(), "reading a notified ticket", failures_)) continue;
      Result<std::vector<storage::TicketMessage>> thread = parts_.storage.tickets().messages(t->id);
      if (!ok_or_logged(thread.status(), "reading a notified message", failures_)) continue;
      auto m = std::find_if(thread->begin(), thread->end(),
                            [&](const storage::TicketMessage& x) { return x.id == e.message_id; });
      if (m == thread->end()) continue;
      const std::vector<std::pair<std::string, std::string>> args{
          {"name", m->author_name}, {"ref", t->ref}, {"subject", t->subject}, {"message", m->body}};
      if (e.kind == storage::DeskEventKind::kRequesterReply) {
        if (!t->assignee_id) continue;
        Result<storage::Person> a = parts_.storage.people().find_by_id(*t->assignee_id);
        if (!a || a->disabled || a->role == storage::Role::kUser) continue;
        const std::string lang =
            parts_.catalogs.has_language(a->language) ? a->language : parts_.catalogs.default_language();
        notify({a->id, a->email, lang}, *t, "reply", "desk.notify.reply_live", "desk.notify.mail_reply", args);
      } else if (!t->assignee_id) {
        for (const Recipient& r : team_of(*t, false))
          notify(r, *t, "new_ticket", "desk.notify.new_live", "desk.notify.mail_new", args);
      }
    }
  }
  Result<std::vector<storage::SlaBreach>> breaches = parts_.storage.sla().claim_breaches(parts_.clock.now_ms(), kBatch);
  if (!ok_or_logged(breaches.status(), "claiming SLA breaches", failures_) || breaches->empty())
    return;
  Result<storage::SlaPolicy> policy = parts_.storage.sla().policy();
  const std::string zone = policy.is_ok() ? policy->schedule.time_zone : "UTC";
  for (const storage::SlaBreach& b : *breaches) {
    Result<storage::Ticket> t = parts_.storage.tickets().find_by_ref(b.ref);
    if (!ok_or_logged(t.status(), "reading a breached ticket", failures_)) continue;
    spdlog::info("ticket {}: SLA {} target breached (due {})", t->ref, storage::sla_metric_name(b.metric), b.due_ms);
    for (const Recipient& r : team_of(*t, true)) {
      const std::string metric =
          parts_.catalogs.text(r.language, std::string("desk.notify.metric.") + storage::sla_metric_name(b.metric));
      notify(r, *t, "sla_breach", "desk.notify.breach_live", "desk.notify.mail_breach",
             {{"ref", t->ref},
              {"subject", t->subject},
              {"metric", metric},
              {"due", sla::format_local(b.due_ms, zone) + " (" + zone + ")"}});
    }
  }
}

}  // namespace deskd::agent
