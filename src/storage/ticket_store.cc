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

}  // namespace deskd::storage
