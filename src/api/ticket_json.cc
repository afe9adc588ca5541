#include "api/ticket_json.h"

#include "api/common.h"

namespace deskd::api {

using nlohmann::json;

Result<Directory> Directory::load(storage::Storage& storage) {
  Directory d;
  d.storage = &storage;
  auto groups = storage.desk().list_groups();
  if (!groups) return groups.status();
  for (const auto& g : *groups) d.group_names[g.id] = g.name;
  auto staff = storage.desk().staff();
  if (!staff) return staff.status();
  for (const auto& s : *staff) d.people_emails[s.person_id] = s.email;
  return d;
}

std::string Directory::email_of(int64_t id) {
  if (auto it = people_emails.find(id); it != people_emails.end()) return it->second;
  auto person = storage->people().find_by_id(id);
  std::string email = person.is_ok() ? person->email : std::string();
  people_emails[id] = email;
  return email;
}

namespace {

json optional_text(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

}  // namespace

json ticket_summary(const storage::Ticket& t, Directory& dir) {
  json j;
  j["ref"] = t.ref;
  j["subject"] = t.subject;
  j["status"] = storage::ticket_status_name(t.status);
  j["priority"] = storage::ticket_priority_name(t.priority);
  j["group"] = nullptr;
  if (t.group_id) {
    auto it = dir.group_names.find(*t.group_id);
    j["group"] = it == dir.group_names.end() ? json(nullptr) : json(it->second);
  }
  j["assignee"] = t.assignee_id ? optional_text(dir.email_of(*t.assignee_id)) : json(nullptr);
  j["requester"] = t.requester_email;
  j["requester_name"] = t.requester_name;
  j["created_at"] = timestamp(t.created_ms);
  j["updated_at"] = timestamp(t.updated_ms);
  return j;
}

json message_json(const storage::TicketMessage& m, const storage::Ticket& t,
                  const std::vector<storage::Attachment>& files, Directory& dir) {
  json j;
  j["id"] = m.id;
  j["kind"] = storage::ticket_message_kind_name(m.kind);
  // The author's e-mail when the author is a person (or the requester);
  // otherwise the name they wrote under (e.g. an API key).
  std::string author;
  if (m.author_id) author = dir.email_of(*m.author_id);
  if (author.empty() && m.author == storage::TicketAuthor::kUser) author = t.requester_email;
  if (author.empty()) author = m.author_name;
  j["author"] = author;
  j["author_name"] = m.author_name;
  j["body"] = m.body;
  j["created_at"] = timestamp(m.created_ms);
  json attachments = json::array();
  for (const auto& f : files) {
    if (f.message_id != m.id) continue;
    attachments.push_back({{"name", f.filename}, {"size", f.size}, {"sha256", f.sha256}});
  }
  j["attachments"] = std::move(attachments);
  return j;
}

json ticket_detail(const storage::Ticket& t, const std::vector<storage::TicketMessage>& thread,
                   const std::vector<storage::Attachment>& files, Directory& dir) {
  json j = ticket_summary(t, dir);
  json messages = json::array();
  for (const auto& m : thread) messages.push_back(message_json(m, t, files, dir));
  j["messages"] = std::move(messages);
  return j;
}

}  // namespace deskd::api
