#pragma once
#include "storage/desk_store.h"
#include "storage/sqlite/database.h"

namespace deskd::storage::sqlite {

// DeskStore over `agent_groups` and `agent_group_members` and `canned_replies`
// (migrations 0012, 0013).
// Thread-safe; `db` must outlive it. The contract is the one documented on
// DeskStore.
class SqliteDeskStore final : public DeskStore {
 public:
  explicit SqliteDeskStore(Database& db) : db_(db) {}

  Result<AgentGroup> create_group(std::string_view name, int64_t now_ms) override;
  Status rename_group(int64_t group_id, std::string_view name) override;
  Status delete_group(int64_t group_id) override;
  Result<AgentGroup> find_group(int64_t group_id) override;
  Result<std::vector<AgentGroup>> list_groups() override;
  Status add_member(int64_t group_id, int64_t person_id) override;
  Status remove_member(int64_t group_id, int64_t person_id) override;
  Result<std::vector<GroupMember>> members(int64_t group_id) override;
  Result<std::vector<int64_t>> groups_of(int64_t person_id) override;
  Result<std::vector<GroupMember>> staff() override;
  Result<CannedReply> create_canned(std::optional<int64_t> owner_id, std::string_view title, std::string_view body,
                                    int64_t now_ms) override;
  Status update_canned(int64_t canned_id, std::string_view title, std::string_view body, int64_t now_ms) override;
  Status delete_canned(int64_t canned_id) override;
  Result<CannedReply> find_canned(int64_t canned_id) override;
  Result<std::vector<CannedReply>> canned_for(int64_t person_id) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::sqlite
