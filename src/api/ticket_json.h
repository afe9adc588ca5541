#pragma once
// The API's ticket object (SPEC §14): ref, subject, status, priority, group,
// assignee and requester (e-mail addresses), created_at, updated_at and, for
// one ticket, its messages with their attachments.
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "storage/store.h"

namespace deskd::api {

// Group names and staff e-mail addresses by id, read once per answer.
struct Directory {
  std::map<int64_t, std::string> group_names;
  std::map<int64_t, std::string> people_emails;  // staff, plus whoever else was looked up
  storage::Storage* storage = nullptr;

  static Result<Directory> load(storage::Storage& storage);
  // The e-mail of person `id` (looked up once when not staff); "" when gone.
  std::string email_of(int64_t id);
};

nlohmann::json ticket_summary(const storage::Ticket& t, Directory& dir);
nlohmann::json message_json(const storage::TicketMessage& m, const storage::Ticket& t,
                            const std::vector<storage::Attachment>& files, Directory& dir);
// The summary plus "messages" (replies and internal notes, oldest first).
nlohmann::json ticket_detail(const storage::Ticket& t, const std::vector<storage::TicketMessage>& thread,
                             const std::vector<storage::Attachment>& files, Directory& dir);

}  // namespace deskd::api
