#pragma once
#include "storage/attachment_store.h"
#include "storage/postgres/database.h"

namespace deskd::storage::postgres {

// Inserts `items` (their SHA-256 hex digests in `digests`, same order) as
// attachments of ticket message `message_id` of ticket `ticket_id` on `c`,
// inside the caller's transaction: blobs not yet stored, then one row each.
// The caller has checked names and types (AttachmentStore::add's contract)
// and that the message exists. For writes that must commit a message and its
// files together (the mail intake).
Result<std::vector<Attachment>> insert_attachments(Connection& c, int64_t ticket_id, int64_t message_id,
                                                   const std::vector<NewAttachment>& items,
                                                   const std::vector<std::string>& digests, int64_t created_ms);

// AttachmentStore over `attachment_blobs` and `ticket_attachments` (migration
// 0010). Thread-safe; `db` must outlive it. The contract is the one documented
// on AttachmentStore. Bytes travel hex-encoded (parameters are text) into
// BYTEA; a blob stored by a concurrent transaction is kept (ON CONFLICT DO
// NOTHING waits for it).
class PgAttachmentStore final : public AttachmentStore {
 public:
  explicit PgAttachmentStore(Database& db) : db_(db) {}

  Result<std::vector<Attachment>> add(int64_t message_id, const std::vector<NewAttachment>& items,
                                      int64_t created_ms) override;
  Result<Attachment> find(int64_t id) override;
  Result<std::vector<Attachment>> list_for_ticket(int64_t ticket_id) override;
  Result<std::string> content(std::string_view sha256) override;
  Result<std::string> content_range(std::string_view sha256, int64_t offset, int64_t max_bytes) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::postgres
