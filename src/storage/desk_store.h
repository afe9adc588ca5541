#pragma once
// The agent desk's own records: groups of staff and their members. Tickets
// point at a group (TicketStore); this store owns the groups.
//
// Threading: every call may block; call from worker threads. Implementations
// are thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

struct AgentGroup {
  int64_t id = 0;
  std::string name;  // unique, case-insensitively
  int64_t created_ms = 0;
  int64_t member_count = 0;
};

// A canned reply: shared by the whole team (owner_id nullopt) or personal.
// Bodies hold placeholders ({{requester.name}}, {{ticket.ref}},
// {{agent.name}}) that the agent desk fills in; the store keeps them as typed.
struct CannedReply {
  int64_t id = 0;
  std::optional<int64_t> owner_id;
  std::string title;
  std::string body;
  int64_t updated_ms = 0;
};

struct GroupMember {
  int64_t person_id = 0;
  std::string name;
  std::string email;
};

// Contract (pinned by storage/testing/desk_conformance.h):
//  - create_group / rename_group: InvalidArgument for an empty name, Conflict
//    when another group has the name (case-insensitive).
//  - delete_group: its tickets keep existing without a group; its
//    memberships go. NotFound for an unknown group (also for rename).
//  - list_groups: by name (case-insensitive), with member counts.
//  - add_member: idempotent; NotFound for an unknown group; InvalidArgument
//    unless the person exists and is an agent or admin.
//  - remove_member: idempotent.
//  - members: by name then e-mail; groups_of: the person's group ids, ascending.
//  - canned replies: create/update InvalidArgument for an empty title or
//    body, or (create) an owner who is not an agent or admin; update, delete
//    and find NotFound for an unknown id. canned_for(person): the shared
//    replies and the person's own, by title (case-insensitive) then id.
//  - staff: every enabled agent and admin (those a ticket may be assigned
//    to), by name then e-mail.
class DeskStore {
 public:
  virtual ~DeskStore() = default;
  virtual Result<AgentGroup> create_group(std::string_view name, int64_t now_ms) = 0;
  virtual Status rename_group(int64_t group_id, std::string_view name) = 0;
  virtual Status delete_group(int64_t group_id) = 0;
  virtual Result<AgentGroup> find_group(int64_t group_id) = 0;
  virtual Result<std::vector<AgentGroup>> list_groups() = 0;
  virtual Status add_member(int64_t group_id, int64_t person_id) = 0;
  virtual Status remove_member(int64_t group_id, int64_t person_id) = 0;
  virtual Result<std::vector<GroupMember>> members(int64_t group_id) = 0;
  virtual Result<std::vector<int64_t>> groups_of(int64_t person_id) = 0;
  virtual Result<std::vector<GroupMember>> staff() = 0;
  virtual Result<CannedReply> create_canned(std::optional<int64_t> owner_id, std::string_view title,
                                            std::string_view body, int64_t now_ms) = 0;
  virtual Status update_canned(int64_t canned_id, std::string_view title, std::string_view body, int64_t now_ms) = 0;
  virtual Status delete_canned(int64_t canned_id) = 0;
  virtual Result<CannedReply> find_canned(int64_t canned_id) = 0;
  virtual Result<std::vector<CannedReply>> canned_for(int64_t person_id) = 0;
};

}  // namespace deskd::storage
