// Personal-data handler of ticket attachments (ticket_attachments and the
// content-addressed attachment_blobs). The export lists the files of the
// subject's tickets and of the messages the person wrote as an agent — name,
// type, size and SHA-256, never the bytes. Erase deletes the files the subject
// uploaded (their requester messages, and their replies as an agent); files
// others attached to the subject's tickets stay with the kept conversation.
// Bytes no attachment refers to any more are then deleted.
//
// Registered after the ticket handler, so it is erased before it: the
// subject's tickets are found through the links that handler clears.
#include "storage/personal/match.h"
#include "storage/personal/personal_data.h"

namespace deskd::storage::personal {

#define UPLOADED_BY_SUBJECT                                                                                     \
  "(SELECT m.id FROM ticket_messages m WHERE (m.author_kind = 'user' AND m.ticket_id IN " DESKD_SUBJECT_TICKETS \
  ") OR (m.author_id = ?1 AND ?1 <> 0))"

// Message m of ticket t belongs to the subject's tickets or was written by the person.
#define ON_SUBJECT_MESSAGES "(" DESKD_TICKET_MATCH("t.") " OR (m.author_id = ?1 AND ?1 <> 0))"

std::unique_ptr<Handler> attachment_handler() {
  return make_table_handler({
      .name = "ticket_attachments",
      .exports = {{"attachments",
                   "SELECT a.id, t.ref, m.author_kind, a.filename, a.content_type, a.size, a.sha256, a.created_ms "
                   "FROM ticket_attachments a JOIN tickets t ON t.id = a.ticket_id "
                   "JOIN ticket_messages m ON m.id = a.message_id "
                   "WHERE " ON_SUBJECT_MESSAGES " AND a.id > ?5 ORDER BY a.id LIMIT ?6",
                   {{"ticket", Kind::kText},
                    {"uploaded_by", Kind::kText},
                    {"filename", Kind::kText},
                    {"content_type", Kind::kText},
                    {"size", Kind::kInt},
                    {"sha256", Kind::kText},
                    {"created_ms", Kind::kInt}}}},
      .erase = {{"ticket_attachments", "DELETE FROM ticket_attachments WHERE message_id IN " UPLOADED_BY_SUBJECT},
                // The same bytes attached by someone else are still referred to and stay.
                {"attachment_blobs",
                 "DELETE FROM attachment_blobs WHERE NOT EXISTS "
                 "(SELECT 1 FROM ticket_attachments a WHERE a.sha256 = attachment_blobs.sha256)"}},
  });
}

}  // namespace deskd::storage::personal
