#pragma once
// Files attached to ticket messages (portal forms, agent replies, inbound and
// outbound mail): records and the AttachmentStore interface. Times are Unix
// milliseconds.
//
// The bytes live in the configured storage (so every node of a cluster serves
// them), content-addressed by SHA-256: the same bytes attached twice are stored
// once. Each attachment is a row linking those bytes to one ticket message,
// with the name and type it arrived with.
//
// Threading: every call may block; call from worker threads. Implementations
// are thread-safe. Authorization is the caller's job (attachments/access.h):
// the store answers anyone who asks.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

// One file as it arrives, before it is stored.
struct NewAttachment {
  std::string filename;      // display name, already made safe (attachments::safe_filename)
  std::string content_type;  // "type/subtype", lower-case; "application/octet-stream" when unknown
  std::string content_id;    // MIME Content-ID of an inline mail part, without <>; "" for none
  std::string bytes;         // the content; may be empty (a 0-byte file)
};

struct Attachment {
  int64_t id = 0;
  int64_t ticket_id = 0;
  int64_t message_id = 0;
  std::string filename;
  std::string content_type;
  std::string content_id;
  std::string sha256;  // lower-case hex of the bytes
  int64_t size = 0;    // bytes
  int64_t created_ms = 0;
};

// Contract (pinned by storage/testing/attachment_conformance.h):
//  - add stores, in one transaction, every item's bytes under their SHA-256
//    (bytes already stored under that digest are kept, never rewritten) and
//    one attachment row per item linked to `message_id` and its ticket, in the
//    given order. NotFound for an unknown message (nothing is stored);
//    InvalidArgument for an empty filename or content type. An empty `items`
//    stores nothing and returns an empty list.
//  - find: NotFound for an unknown id.
//  - list_for_ticket: every attachment of the ticket's messages, by message id
//    then attachment id; empty for an unknown ticket.
//  - content: the bytes stored under `sha256` (lower-case hex); NotFound when
//    none are.
//  - content_range: bytes [offset, offset + max_bytes) of the same, cut at the
//    end ("" from the end on), reading only that part where the backend can
//    (SQLite incremental blob I/O; PostgreSQL substring of the TOASTed value),
//    so a download streams in slices. NotFound when no bytes are stored under
//    `sha256`; InvalidArgument for a negative offset or max_bytes.
// InvalidArgument unless every item has a filename and a content type (what
// add() and MailStore's writes refuse before writing anything).
Status check_new_attachments(const std::vector<NewAttachment>& items);

class AttachmentStore {
 public:
  virtual ~AttachmentStore() = default;
  virtual Result<std::vector<Attachment>> add(int64_t message_id, const std::vector<NewAttachment>& items,
                                              int64_t created_ms) = 0;
  virtual Result<Attachment> find(int64_t id) = 0;
  virtual Result<std::vector<Attachment>> list_for_ticket(int64_t ticket_id) = 0;
  virtual Result<std::string> content(std::string_view sha256) = 0;
  virtual Result<std::string> content_range(std::string_view sha256, int64_t offset, int64_t max_bytes) = 0;
};

}  // namespace deskd::storage
