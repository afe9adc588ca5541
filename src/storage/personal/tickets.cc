// Personal-data handlers of tickets and chats. The helpdesk keeps the
// conversation (what was asked and answered) but not who asked: requester
// names, addresses, accounts, visitor links and access links go, and the
// subject's address and name (and the name the requester gave on that ticket
// or chat) are replaced by "[erased]" in kept text (scrub_text).
#include "storage/personal/match.h"
#include "storage/personal/personal_data.h"

namespace deskd::storage::personal {

#define TICKET_MATCH(t) DESKD_TICKET_MATCH(t)
#define SUBJECT_TICKETS DESKD_SUBJECT_TICKETS

std::unique_ptr<Handler> ticket_handler() {
  return make_table_handler({
      .name = "tickets",
      .exports = {{"tickets",
                   "SELECT id, ref, subject, status, requester_name, requester_email, lang, source, created_ms, "
                   "updated_ms FROM tickets WHERE " TICKET_MATCH("") " AND id > ?5 ORDER BY id LIMIT ?6",
                   {{"ref", Kind::kText},
                    {"subject", Kind::kText},
                    {"status", Kind::kText},
                    {"requester_name", Kind::kText},
                    {"requester_email", Kind::kText},
                    {"lang", Kind::kText},
                    {"source", Kind::kText},
                    {"created_ms", Kind::kInt},
                    {"updated_ms", Kind::kInt}}},
                  // Internal notes are left out of the requester's export, except
                  // those the person wrote as an agent (docs/privacy.md, "Internal notes").
                  {"messages",
                   "SELECT m.id, t.ref, m.kind, m.author_kind, m.author_name, m.body, m.created_ms "
                   "FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id "
                   "WHERE ((" TICKET_MATCH("t.") " AND m.kind = 'reply') OR (m.author_id = ?1 AND ?1 <> 0)) "
                   "AND m.id > ?5 ORDER BY m.id LIMIT ?6",
                   {{"ticket", Kind::kText},
                    {"kind", Kind::kText},
                    {"author_kind", Kind::kText},
                    {"author_name", Kind::kText},
                    {"body", Kind::kText},
                    {"created_ms", Kind::kInt}}}},
      // The requester's own name counts too: a guest has no account to name them.
      .scrub = {{"ticket_messages",
                 "SELECT m.id, m.body, t.requester_name FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id "
                 "WHERE m.ticket_id IN " SUBJECT_TICKETS " AND m.id > ?5 ORDER BY m.id LIMIT ?6",
                 "UPDATE ticket_messages SET body = ?2 WHERE id = ?1"},
                {"tickets",
                 "SELECT id, subject, requester_name FROM tickets WHERE " TICKET_MATCH("") " AND id > ?5 "
                 "ORDER BY id LIMIT ?6",
                 "UPDATE tickets SET subject = ?2 WHERE id = ?1"}},
      .erase =
          {
              {"ticket_messages.author",
               "UPDATE ticket_messages SET author_name = '[erased]' "
               "WHERE author_kind = 'user' AND ticket_id IN " SUBJECT_TICKETS},
              {"ticket_messages.author",
               "UPDATE ticket_messages SET author_name = '[erased]', author_id = NULL "
               "WHERE author_id = ?1 AND ?1 <> 0"},
              {"ticket_access_tokens", "DELETE FROM ticket_access_tokens WHERE ticket_id IN " SUBJECT_TICKETS},
              {"tickets",
               "UPDATE tickets SET requester_name = '[erased]', "
               "requester_email = 'erased-' || id || '@erased.invalid', "
               "person_id = NULL, visitor_id = NULL WHERE " TICKET_MATCH("")},
          },
  });
}

#define CHAT_MATCH(c)                                            \
  "((" c "person_id = ?1 AND ?1 <> 0) OR (?2 <> '' AND lower(" c \
  "email) = ?2) OR " DESKD_VISITOR_MATCH(c "visitor_id") ")"
#define SUBJECT_CHATS "(SELECT id FROM chats WHERE " CHAT_MATCH("") ")"

std::unique_ptr<Handler> chat_handler() {
  return make_table_handler({
      .name = "chats",
      .exports =
          {{"chats",
            "SELECT id, id, visitor_id, name, email, status, lang, created_ms, ended_ms FROM chats WHERE " CHAT_MATCH(
                "") " AND id > ?5 ORDER BY id LIMIT ?6",
            {{"id", Kind::kInt},
             {"visitor_id", Kind::kText},
             {"name", Kind::kText},
             {"email", Kind::kText},
             {"status", Kind::kText},
             {"lang", Kind::kText},
             {"created_ms", Kind::kInt},
             {"ended_ms", Kind::kInt}}},
           {"chat_messages",
            "SELECT m.id, m.chat_id, m.author, m.name, m.body, m.at_ms FROM chat_messages m "
            "JOIN chats c ON c.id = m.chat_id WHERE (" CHAT_MATCH(
                "c.") " OR (m.author = 'agent' AND m.author_id = ?1 AND ?1 <> 0)) AND m.id > ?5 ORDER BY m.id LIMIT ?6",
            {{"chat", Kind::kInt},
             {"author", Kind::kText},
             {"name", Kind::kText},
             {"body", Kind::kText},
             {"at_ms", Kind::kInt}}}},
      .scrub = {{"chat_messages",
                 "SELECT m.id, m.body, c.name FROM chat_messages m JOIN chats c ON c.id = m.chat_id "
                 "WHERE m.chat_id IN " SUBJECT_CHATS " AND m.id > ?5 ORDER BY m.id LIMIT ?6",
                 "UPDATE chat_messages SET body = ?2 WHERE id = ?1"}},
      .erase =
          {
              {"chat_messages.name",
               "UPDATE chat_messages SET name = '' WHERE author = 'visitor' AND chat_id IN " SUBJECT_CHATS},
              {"chat_messages.name",
               "UPDATE chat_messages SET name = '', author_id = NULL "
               "WHERE author = 'agent' AND author_id = ?1 AND ?1 <> 0"},
              {"chats",
               "UPDATE chats SET name = '', email = '', visitor_id = '', person_id = NULL, client_key = '' "
               "WHERE " CHAT_MATCH("")},
          },
      // The address key only caps open chats; an ended chat's is dropped with the IP retention.
      .prune = {{"chats.client_key",
                 "UPDATE chats SET client_key = '' WHERE client_key <> '' AND status = 'ended' AND created_ms < ?2"}},
  });
}

std::unique_ptr<Handler> article_handler() {
  return make_table_handler({
      .name = "kb_articles",
      .exports =
          {{"articles",
            "SELECT id, id, status, created_ms, updated_ms FROM kb_articles "
            "WHERE author_id = ?1 AND ?1 <> 0 AND id > ?5 ORDER BY id LIMIT ?6",
            {{"id", Kind::kInt}, {"status", Kind::kText}, {"created_ms", Kind::kInt}, {"updated_ms", Kind::kInt}}}},
      .erase = {{"kb_articles", "UPDATE kb_articles SET author_id = NULL WHERE author_id = ?1 AND ?1 <> 0"},
                {"content_revision", "UPDATE content_revision SET revision = revision + 1 WHERE scope = 'kb'"}},
  });
}

}  // namespace deskd::storage::personal
