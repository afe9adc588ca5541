#include "storage/ticket_store.h"

namespace deskd::storage {

const char* ticket_status_name(TicketStatus status) {
  switch (status) {
    case TicketStatus::kOpen: return "open";
    case TicketStatus::kPending: return "pending";
    case TicketStatus::kResolved: return "resolved";
    case TicketStatus::kClosed: return "closed";
  }
  return "open";
}

std::optional<TicketStatus> parse_ticket_status(std::string_view name) {
  for (TicketStatus s : kAllTicketStatuses) {
    if (name == ticket_status_name(s)) return s;
  }
  return std::nullopt;
}

const char* ticket_author_name(TicketAuthor author) {
  return author == TicketAuthor::kAgent ? "agent" : "user";
}

const char* ticket_channel_name(TicketChannel channel) {
  switch (channel) {
    case TicketChannel::kPortal: return "portal";
    case TicketChannel::kMail: return "mail";
    case TicketChannel::kChat: return "chat";
    case TicketChannel::kAgent: return "agent";
    case TicketChannel::kApi: return "api";
  }
  return "portal";
}

std::optional<TicketChannel> parse_ticket_channel(std::string_view name) {
  for (TicketChannel c : {TicketChannel::kPortal, TicketChannel::kMail, TicketChannel::kChat, TicketChannel::kAgent,
                          TicketChannel::kApi}) {
    if (name == ticket_channel_name(c)) return c;
  }
  return std::nullopt;
}

const char* ticket_priority_name(TicketPriority priority) {
  switch (priority) {
    case TicketPriority::kLow: return "low";
    case TicketPriority::kNormal: return "normal";
    case TicketPriority::kHigh: return "high";
    case TicketPriority::kUrgent: return "urgent";
  }
  return "normal";
}

std::optional<TicketPriority> parse_ticket_priority(std::string_view name) {
  for (TicketPriority p : kAllTicketPriorities) {
    if (name == ticket_priority_name(p)) return p;
  }
  return std::nullopt;
}

const char* ticket_message_kind_name(TicketMessageKind kind) {
  return kind == TicketMessageKind::kNote ? "note" : "reply";
}

std::optional<TicketMessageKind> parse_ticket_message_kind(std::string_view name) {
  for (TicketMessageKind k : {TicketMessageKind::kReply, TicketMessageKind::kNote})
    if (name == ticket_message_kind_name(k)) return k;
  return std::nullopt;
}

std::optional<TicketAuthor> parse_ticket_author(std::string_view name) {
  for (TicketAuthor a : {TicketAuthor::kUser, TicketAuthor::kAgent})
    if (name == ticket_author_name(a)) return a;
  return std::nullopt;
}

const char* ticket_view_name(TicketView view) {
  switch (view) {
    case TicketView::kAll: return "all";
    case TicketView::kMine: return "mine";
    case TicketView::kUnassigned: return "unassigned";
    case TicketView::kMyGroups: return "my-groups";
    case TicketView::kAllOpen: return "open";
    case TicketView::kOverdue: return "overdue";
  }
  return "all";
}

std::optional<TicketView> parse_ticket_view(std::string_view name) {
  for (TicketView v : kAllTicketViews) {
    if (name == ticket_view_name(v)) return v;
  }
  return std::nullopt;
}

const char* ticket_sort_name(TicketSort sort) {
  switch (sort) {
    case TicketSort::kUpdated: return "updated";
    case TicketSort::kNewest: return "newest";
    case TicketSort::kOldest: return "oldest";
    case TicketSort::kPriority: return "priority";
  }
  return "updated";
}

std::optional<TicketSort> parse_ticket_sort(std::string_view name) {
  for (TicketSort s : {TicketSort::kUpdated, TicketSort::kNewest, TicketSort::kOldest, TicketSort::kPriority}) {
    if (name == ticket_sort_name(s)) return s;
  }
  return std::nullopt;
}

}  // namespace deskd::storage
