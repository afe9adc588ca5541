#pragma once
#include "storage/chat_store.h"
#include "storage/postgres/database.h"

namespace deskd::storage::postgres {

// ChatStore over the `chats` and `chat_messages` tables (migrations 0007,
// 0008) and the engagement store's `visitors`. Thread-safe; `db` must outlive
// it. The contract is the one documented on ChatStore. On PostgreSQL:
//  - create() counts open chats under advisory transaction locks on the
//    visitor and the client key (always in that order), so concurrent starts
//    on any node cannot pass a cap;
//  - add_message() inserts under one advisory transaction lock shared by all
//    chats, so message ids (the resume cursor) are assigned in commit order
//    and a reader of messages_after(last_id) never skips a message committed
//    later with a smaller id; it also holds the chat row FOR SHARE, so a
//    concurrent end() either comes first (Conflict) or after the message;
//  - accept/transfer/end are conditional UPDATEs (compare-and-swap).
class PgChatStore final : public ChatStore {
 public:
  explicit PgChatStore(Database& db) : db_(db) {}

  Status register_visitor(std::string_view visitor_id, int64_t now_ms) override;
  Result<Chat> create(const NewChat& chat) override;
  Result<Chat> find(int64_t chat_id) override;
  Result<ChatMessage> add_message(const ChatMessage& message) override;
  Result<std::vector<ChatMessage>> messages(int64_t chat_id) override;
  Result<std::vector<ChatMessage>> latest_messages(int64_t chat_id, int limit) override;
  Result<std::vector<ChatMessage>> messages_after(const std::vector<int64_t>& chat_ids, int64_t last_id,
                                                  int limit) override;
  Result<std::vector<Chat>> chats_for_visitor(std::string_view visitor_id, int limit) override;
  Result<std::vector<Chat>> chats_for_person(int64_t person_id, int limit) override;
  Result<QueuePage> queue(int limit) override;
  Result<int64_t> queue_size() override;
  Result<std::vector<Chat>> active_for_agent(int64_t agent_id) override;
  Result<std::vector<Chat>> idle_since(int64_t cutoff_ms) override;
  Result<Chat> accept(int64_t chat_id, int64_t agent_id, int64_t now_ms) override;
  Result<Chat> transfer(int64_t chat_id, int64_t from_agent, int64_t to_agent) override;
  Result<Chat> end(int64_t chat_id, std::string_view ended_by, int64_t now_ms) override;
  Result<int64_t> attach_visitor(std::string_view visitor_id, int64_t person_id) override;

 private:
  Result<std::vector<Chat>> select(std::string_view where_order, const Binder& bind);
  // Runs `update` (a conditional UPDATE of one chat) and returns the chat after
  // it; Conflict when it changed nothing although the chat exists.
  Result<Chat> change(int64_t chat_id, std::string_view update, const Binder& bind, std::string_view conflict_message);

  Database& db_;
};

}  // namespace deskd::storage::postgres
