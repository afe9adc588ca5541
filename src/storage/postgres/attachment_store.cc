#include "storage/postgres/attachment_store.h"

#include "core/crypto.h"

namespace deskd::storage::postgres {
namespace {

const std::string kSelect = "SELECT " + std::string(kAttachmentColumns) + " FROM ticket_attachments ";

}  // namespace

Result<std::vector<Attachment>> insert_attachments(Connection& c, int64_t ticket_id, int64_t message_id,
                                                   const std::vector<NewAttachment>& items,
                                                   const std::vector<std::string>& digests, int64_t created_ms) {
  std::vector<Attachment> out;
  if (items.empty()) return out;
  if (digests.size() != items.size()) return internal("one digest per attachment expected");
  Result<Statement> blob = c.prepare(
      "INSERT INTO attachment_blobs (sha256, size, data, created_ms) VALUES ($1, $2, decode($3, 'hex'), $4) "
      "ON CONFLICT (sha256) DO NOTHING");
  if (!blob) return blob.status();
  Result<Statement> row = c.prepare(
      "INSERT INTO ticket_attachments (ticket_id, message_id, filename, content_type, content_id, sha256, size, "
      "created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
  if (!row) return row.status();
  for (size_t i = 0; i < items.size(); ++i) {
    const NewAttachment& item = items[i];
    const auto size = static_cast<int64_t>(item.bytes.size());
    Status s = blob->bind(1, digests[i]).bind(2, size).bind(3, hex_encode(item.bytes)).bind(4, created_ms).run();
    if (!s.is_ok()) return s;
    row->bind(1, ticket_id)
        .bind(2, message_id)
        .bind(3, item.filename)
        .bind(4, item.content_type)
        .bind(5, item.content_id)
        .bind(6, digests[i])
        .bind(7, size)
        .bind(8, created_ms);
    Result<bool> inserted = row->step();
    if (!inserted) return inserted.status();
    if (!*inserted) return internal("INSERT ... RETURNING gave no row");
    Attachment a;
    a.id = row->column_int64(0);
    a.ticket_id = ticket_id;
    a.message_id = message_id;
    a.filename = item.filename;
    a.content_type = item.content_type;
    a.content_id = item.content_id;
    a.sha256 = digests[i];
    a.size = size;
    a.created_ms = created_ms;
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<Attachment>> PgAttachmentStore::add(int64_t message_id, const std::vector<NewAttachment>& items,
                                                       int64_t created_ms) {
  if (items.empty()) return std::vector<Attachment>{};
  if (Status s = check_new_attachments(items); !s.is_ok()) return s;
  std::vector<std::string> digests;
  digests.reserve(items.size());
  for (const auto& item : items) digests.push_back(sha256_hex(item.bytes));

  Result<std::vector<Attachment>> out = internal("attachments not written");
  Status status = db_.write([&](Connection& c) {
    int64_t ticket_id = 0;
    {
      Result<Statement> msg = c.prepare("SELECT ticket_id FROM ticket_messages WHERE id = $1");
      if (!msg) return msg.status();
      msg->bind(1, message_id);
      Result<bool> row = msg->step();
      if (!row) return row.status();
      if (!*row) return not_found("no such ticket message " + std::to_string(message_id));
      ticket_id = msg->column_int64(0);
    }
    out = insert_attachments(c, ticket_id, message_id, items, digests, created_ms);
    return out.status();
  });
  if (!status.is_ok()) return status;
  return out;
}

Result<Attachment> PgAttachmentStore::find(int64_t id) {
  return query_one(
      db_, std::string(kSelect) + "WHERE id = $1", [&](Statement& s) { s.bind(1, id); }, &read_attachment,
      "no such attachment");
}

Result<std::vector<Attachment>> PgAttachmentStore::list_for_ticket(int64_t ticket_id) {
  return query_rows(
      db_, std::string(kSelect) + "WHERE ticket_id = $1 ORDER BY message_id, id",
      [&](Statement& s) { s.bind(1, ticket_id); }, &read_attachment);
}

Result<std::string> PgAttachmentStore::content(std::string_view sha256) {
  std::optional<std::string> data;
  Status status = for_each_row(
      db_, "SELECT encode(data, 'hex') FROM attachment_blobs WHERE sha256 = $1",
      [&](Statement& s) { s.bind(1, sha256); },
      [&](const Statement& stmt) {
        data = hex_decode(stmt.column_text(0));
        return data ? Status::ok() : internal("attachment bytes came back malformed");
      });
  if (!status.is_ok()) return status;
  if (!data) return not_found("no attachment bytes for that digest");
  return std::move(*data);
}

Result<std::string> PgAttachmentStore::content_range(std::string_view sha256, int64_t offset, int64_t max_bytes) {
  if (offset < 0 || max_bytes < 0) return invalid_argument("negative attachment range");
  std::optional<std::string> data;
  Status status = for_each_row(
      db_, "SELECT encode(substring(data FROM $2 FOR $3), 'hex') FROM attachment_blobs WHERE sha256 = $1",
      [&](Statement& s) { s.bind(1, sha256).bind(2, offset + 1).bind(3, max_bytes); },
      [&](const Statement& stmt) {
        data = hex_decode(stmt.column_text(0));
        return data ? Status::ok() : internal("attachment bytes came back malformed");
      });
  if (!status.is_ok()) return status;
  if (!data) return not_found("no attachment bytes for that digest");
  return std::move(*data);
}

}  // namespace deskd::storage::postgres
