#include "security/rate_limit.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace deskd::security {
namespace {

constexpr int64_t kMinuteMs = 60 * 1000;
constexpr int64_t kHourMs = 60 * kMinuteMs;

int64_t interval_of(const RateLimit& l) {
  return l.events > 0 ? std::max<int64_t>(1, l.window_ms * 1000 / l.events) : 0;
}

}  // namespace

RateLimiter::RateLimiter(const deskd::Clock& clock, RateLimit limit, size_t max_keys)
    : clock_(clock),
      limit_(limit),
      max_keys_(std::max<size_t>(1, max_keys)),
      interval_us_(interval_of(limit)),
      tolerance_us_(limit.events > 0 ? interval_us_ * (limit.events - 1) : 0) {}

RateDecision RateLimiter::hit(std::string_view key) {
  if (!enabled()) {
    ++admitted_;
    return {};
  }
  const int64_t now = clock_.now_ms() * 1000;
  std::lock_guard lock(mu_);
  forget_refilled(now);
  auto it = entries_.find(key);
  const int64_t tat = it == entries_.end() ? now : std::max(it->second.tat_us, now);
  if (tat - now > tolerance_us_) {
    ++refused_;
    const int64_t wait_us = tat - now - tolerance_us_;
    return {false, std::max<int64_t>(1, (wait_us + 999) / 1000)};
  }
  if (it != entries_.end()) {
    it->second.tat_us = tat + interval_us_;
    order_.splice(order_.end(), order_, it->second.order);
  } else {
    if (entries_.size() >= max_keys_) {
      auto oldest = entries_.find(order_.front());
      if (oldest->second.tat_us > now) ++evicted_;  // it was still holding its client back
      entries_.erase(oldest);
      order_.pop_front();
    }
    order_.emplace_back(key);
    entries_.emplace(std::string(key), Entry{tat + interval_us_, std::prev(order_.end())});
  }
  ++admitted_;
  return {};
}

void RateLimiter::forget_refilled(int64_t now_us) {
  // At most two per event: each event adds at most one key, so the refilled
  // ones never pile up, and no single event pays for a long backlog.
  for (int i = 0; i < 2 && !order_.empty(); ++i) {
    auto oldest = entries_.find(order_.front());
    if (oldest->second.tat_us > now_us) return;
    entries_.erase(oldest);
    order_.pop_front();
  }
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

std::string client_address_key(std::string_view ip) {
  char text[INET6_ADDRSTRLEN] = {};
  if (ip.size() >= sizeof text) return std::string(ip);
  std::memcpy(text, ip.data(), ip.size());
  unsigned char v6[16];
  if (inet_pton(AF_INET6, text, v6) != 1) return std::string(ip);
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char out[INET6_ADDRSTRLEN] = {};
  if (std::memcmp(v6, kMapped, sizeof kMapped) == 0) {
    if (inet_ntop(AF_INET, v6 + 12, out, sizeof out) == nullptr) return std::string(ip);
    return out;
  }
  std::memset(v6 + 8, 0, 8);
  if (inet_ntop(AF_INET6, v6, out, sizeof out) == nullptr) return std::string(ip);
  return std::string(out) + "/64";
}

RateLimits::RateLimits(const deskd::Clock& clock, const Limits& limits)
    : visitor_ids(clock, {limits.visitor_ids_per_ip_per_hour, kHourMs}, limits.rate_limit_max_keys),
      chat_starts(clock, {limits.chats_per_ip_per_hour, kHourMs}, limits.rate_limit_max_keys),
      tickets(clock, {limits.tickets_per_ip_per_hour, kHourMs}, limits.rate_limit_max_keys),
      registrations(clock, {limits.registrations_per_ip_per_hour, kHourMs}, limits.rate_limit_max_keys),
      comments(clock, {limits.comments_per_ip_per_hour, kHourMs}, limits.rate_limit_max_keys),
      votes(clock, {limits.votes_per_ip_per_hour, kHourMs}, limits.rate_limit_max_keys),
      api_keys(clock, {limits.api_rate_limit_per_minute, kMinuteMs}, limits.rate_limit_max_keys),
      page_views(clock, {limits.page_views_per_visitor_per_minute, kMinuteMs}, limits.rate_limit_max_keys),
      chat_messages(clock, {limits.chat_messages_per_visitor_per_minute, kMinuteMs}, limits.rate_limit_max_keys) {}

std::vector<std::pair<std::string, const RateLimiter*>> RateLimits::named() const {
  return {{"visitor_ids", &visitor_ids},     {"chat_starts", &chat_starts}, {"tickets", &tickets},
          {"registrations", &registrations}, {"comments", &comments},       {"votes", &votes},
          {"api_keys", &api_keys},           {"page_views", &page_views},   {"chat_messages", &chat_messages}};
}

}  // namespace deskd::security
