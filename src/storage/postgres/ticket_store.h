#pragma once
#include "storage/postgres/database.h"
#include "storage/ticket_store.h"

namespace deskd::storage::postgres {

// "SELECT <every tickets column> FROM tickets t ": append WHERE/ORDER BY;
// read_ticket (storage/record_rows.h) reads its rows. Shared by the stores
// that list tickets.
inline const std::string kSelectTicket = "SELECT " + std::string(kTicketColumns) + " FROM tickets t ";

// TicketStore over the `tickets`, `ticket_messages` and `ticket_access_tokens`
// tables (migrations 0006, 0012). Thread-safe; `db` must outlive it. The contract is
// the one documented on TicketStore. Concurrent replies to one ticket each
// insert their message and bump the ticket row (GREATEST(updated_ms, ...)),
// which PostgreSQL serialises on that row; none is lost.
// The writes of TicketStore::create and add_message (same contract), inside
// a transaction the caller holds on `c`; the mail store joins them with its
// own rows.
Result<Ticket> insert_ticket(Connection& c, const NewTicket& ticket);
Result<TicketMessage> insert_ticket_message(Connection& c, const NewTicketMessage& message);

class PgTicketStore final : public TicketStore {
 public:
  explicit PgTicketStore(Database& db) : db_(db) {}

  Result<Ticket> create(const NewTicket& ticket) override;
  Result<Ticket> find_by_ref(std::string_view ref) override;
  Result<Ticket> find_by_access_token(std::string_view token_hash) override;
  Result<std::vector<Ticket>> list_for_person(int64_t person_id, int limit, int offset) override;
  Result<std::vector<Ticket>> list_for_email(std::string_view email, int limit, int offset) override;
  Result<std::vector<Ticket>> list(const TicketQuery& query) override;
  Result<std::map<TicketStatus, int64_t>> count_by_status() override;
  Result<TicketMessage> add_message(const NewTicketMessage& message) override;
  Status set_status(int64_t ticket_id, TicketStatus status, int64_t now_ms) override;
  Result<std::vector<TicketMessage>> messages(int64_t ticket_id) override;
  Result<std::vector<TicketMessage>> staff_thread(int64_t ticket_id) override;
  Result<std::map<TicketView, int64_t>> count_views(int64_t agent_id, int64_t now_ms) override;
  Result<int64_t> update(const std::vector<int64_t>& ticket_ids, const TicketChange& change, int64_t now_ms) override;
  Status add_access_token(int64_t ticket_id, std::string_view token_hash, int64_t created_ms) override;

 private:
  Result<std::vector<Ticket>> select(std::string_view where_order, const Binder& bind);
  Result<Ticket> select_one(std::string_view where, const Binder& bind);

  Database& db_;
};

}  // namespace deskd::storage::postgres
