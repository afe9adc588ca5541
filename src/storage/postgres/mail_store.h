#pragma once
#include "storage/mail_store.h"
#include "storage/postgres/database.h"

namespace deskd::storage::postgres {

// MailStore over `mail_messages` and `mail_quarantine` (migration 0011), joined
// with the ticket tables in one transaction where the contract asks for it.
// Thread-safe; `db` must outlive it.
class PgMailStore final : public MailStore {
 public:
  explicit PgMailStore(Database& db) : db_(db) {}

  Result<bool> known(std::string_view message_id) override;
  Result<Ticket> create_ticket(const NewTicket& ticket, const InboundMail& mail) override;
  Result<TicketMessage> add_message(const NewTicketMessage& message, const InboundMail& mail) override;
  Result<std::string> find_ticket_ref(const std::vector<std::string>& message_ids) override;
  Status record_outbound(int64_t ticket_id, std::string_view message_id, int64_t created_ms) override;
  Result<std::vector<std::string>> thread(int64_t ticket_id, int limit) override;
  Result<bool> is_participant(int64_t ticket_id, std::string_view address) override;
  Result<std::vector<int64_t>> inbound_messages(int64_t ticket_id) override;
  Result<int64_t> outbox_count(std::string_view kind, std::string_view address, int64_t since_ms) override;
  Status quarantine(QuarantinedMail& mail) override;
  Result<std::vector<QuarantinedMail>> quarantined(int limit) override;
  Result<QuarantinedMail> find_quarantined(int64_t id) override;
  Status remove_quarantined(int64_t id) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::postgres
