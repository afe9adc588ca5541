#include "storage/postgres/chat_store.h"

#include <algorithm>

namespace deskd::storage::postgres {
namespace {

const std::string kSelectChat = "SELECT " + std::string(kChatColumns) + " FROM chats ";
const std::string kSelectMessage = "SELECT " + std::string(kChatMessageColumns) + " FROM chat_messages ";

constexpr std::string_view kMessageLock = "deskd.chat.messages";

// `sql` ends in "WHERE id = $1" (plus an optional locking clause).
Result<Chat> chat_on(Connection& c, int64_t chat_id, std::string_view lock = "") {
  Result<Statement> stmt = c.prepare(std::string(kSelectChat) + "WHERE id = $1" + std::string(lock));
  if (!stmt) return stmt.status();
  stmt->bind(1, chat_id);
  Result<bool> row = stmt->step();
  if (!row) return row.status();
  if (!*row) return not_found("no such chat");
  return read_chat(*stmt);
}

Result<std::optional<ChatMessage>> message_by_client_id(Connection& c, int64_t chat_id, std::string_view client_id) {
  Result<Statement> stmt = c.prepare(std::string(kSelectMessage) + "WHERE chat_id = $1 AND client_id = $2");
  if (!stmt) return stmt.status();
  stmt->bind(1, chat_id).bind(2, client_id);
  Result<bool> row = stmt->step();
  if (!row) return row.status();
  if (!*row) return std::optional<ChatMessage>();
  Result<ChatMessage> message = read_chat_message(*stmt);
  if (!message) return message.status();
  return std::optional<ChatMessage>(std::move(*message));
}

Statement& bind_optional_id(Statement& s, int index, int64_t id) {
  return id == 0 ? s.bind_null(index) : s.bind(index, id);
}

// LIMIT NULL is no limit, as SQLite's LIMIT -1.
Statement& bind_limit(Statement& s, int index, int limit) {
  return limit < 0 ? s.bind_null(index) : s.bind(index, int64_t{limit});
}

// Queued or active chats whose `column` equals `value`, on `c`.
Result<int64_t> count_open(Connection& c, std::string_view column, std::string_view value) {
  Result<Statement> stmt =
      c.prepare("SELECT count(*) FROM chats WHERE " + std::string(column) + " = $1 AND status <> 'ended'");
  if (!stmt) return stmt.status();
  stmt->bind(1, value);
  Result<bool> row = stmt->step();
  if (!row) return row.status();
  return *row ? stmt->column_int64(0) : 0;
}

}  // namespace

Status PgChatStore::register_visitor(std::string_view visitor_id, int64_t now_ms) {
  if (visitor_id.empty()) return invalid_argument("empty visitor id");
  return change_rows(db_,
                     "INSERT INTO visitors (id, person_id, created_ms, last_seen_ms) VALUES ($1, NULL, $2, $2) "
                     "ON CONFLICT (id) DO NOTHING",
                     [&](Statement& s) { s.bind(1, visitor_id).bind(2, now_ms); })
      .status();
}

Result<Chat> PgChatStore::create(const NewChat& chat) {
  if (chat.visitor_id.empty()) return invalid_argument("a chat needs a visitor");
  const bool cap_visitor = chat.max_open_per_visitor > 0;
  const bool cap_client = chat.max_open_per_client > 0 && !chat.client_key.empty();
  Chat out;
  Status st = db_.write([&](Connection& c) {
    if (cap_visitor) {
      if (Status s = lock_xact(c, "deskd.chat.visitor:" + chat.visitor_id); !s.is_ok()) return s;
      Result<int64_t> open = count_open(c, "visitor_id", chat.visitor_id);
      if (!open) return open.status();
      if (*open >= chat.max_open_per_visitor) return resource_exhausted(std::string(kOpenChatsPerVisitor));
    }
    if (cap_client) {
      if (Status s = lock_xact(c, "deskd.chat.client:" + chat.client_key); !s.is_ok()) return s;
      Result<int64_t> open = count_open(c, "client_key", chat.client_key);
      if (!open) return open.status();
      if (*open >= chat.max_open_per_client) return resource_exhausted(std::string(kOpenChatsPerClient));
    }
    Result<Statement> stmt = c.prepare(
        "INSERT INTO chats (visitor_id, person_id, name, email, status, created_ms, lang, client_key) "
        "VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7) RETURNING id");
    if (!stmt) return stmt.status();
    stmt->bind(1, chat.visitor_id);
    bind_optional_id(*stmt, 2, chat.person_id);
    Result<bool> row = stmt->bind(3, chat.name)
                           .bind(4, chat.email)
                           .bind(5, chat.created_ms)
                           .bind(6, chat.lang)
                           .bind(7, chat.client_key)
                           .step();
    if (!row) return row.status();
    Result<Chat> stored = chat_on(c, stmt->column_int64(0));
    if (!stored) return stored.status();
    out = std::move(*stored);
    return Status::ok();
  });
  if (!st.is_ok()) return st;
  return out;
}

Result<Chat> PgChatStore::find(int64_t chat_id) {
  Chat out;
  Status st = db_.read([&](Connection& c) {
    Result<Chat> found = chat_on(c, chat_id);
    if (!found) return found.status();
    out = std::move(*found);
    return Status::ok();
  });
  if (!st.is_ok()) return st;
  return out;
}

Result<ChatMessage> PgChatStore::add_message(const ChatMessage& message) {
  if (message.body.empty()) return invalid_argument("a message needs a body");
  ChatMessage out;
  Status st = db_.write([&](Connection& c) {
    if (Status s = lock_xact(c, kMessageLock); !s.is_ok()) return s;
    Result<Chat> chat = chat_on(c, message.chat_id, " FOR SHARE");
    if (!chat) return chat.status();
    if (!message.client_id.empty()) {
      Result<std::optional<ChatMessage>> existing = message_by_client_id(c, message.chat_id, message.client_id);
      if (!existing) return existing.status();
      if (*existing) {
        out = std::move(**existing);
        return Status::ok();
      }
    }
    if (chat->status == ChatStatus::kEnded) return conflict("the chat has ended");
    Result<Statement> stmt = c.prepare(
        "INSERT INTO chat_messages (chat_id, author, author_id, name, body, client_id, at_ms) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
    if (!stmt) return stmt.status();
    stmt->bind(1, message.chat_id).bind(2, chat_author_name(message.author));
    bind_optional_id(*stmt, 3, message.author_id);
    stmt->bind(4, message.name).bind(5, message.body);
    if (message.client_id.empty()) {
      stmt->bind_null(6);
    } else {
      stmt->bind(6, message.client_id);
    }
    Result<bool> row = stmt->bind(7, message.at_ms).step();
    if (!row) return row.status();
    out = message;
    out.id = stmt->column_int64(0);
    return Status::ok();
  });
  if (!st.is_ok()) return st;
  return out;
}

Result<std::vector<ChatMessage>> PgChatStore::messages(int64_t chat_id) {
  return messages_after({chat_id}, 0, -1);
}

Result<std::vector<ChatMessage>> PgChatStore::latest_messages(int64_t chat_id, int limit) {
  auto newest_first = query_rows(
      db_, std::string(kSelectMessage) + "WHERE chat_id = $1 ORDER BY id DESC LIMIT $2",
      [&](Statement& s) { bind_limit(s.bind(1, chat_id), 2, limit); }, &read_chat_message);
  if (!newest_first) return newest_first.status();
  std::reverse(newest_first->begin(), newest_first->end());
  return newest_first;
}

Result<std::vector<ChatMessage>> PgChatStore::messages_after(const std::vector<int64_t>& chat_ids, int64_t last_id,
                                                             int limit) {
  if (chat_ids.empty()) return std::vector<ChatMessage>{};
  return query_rows(
      db_, std::string(kSelectMessage) + "WHERE chat_id = ANY($1::bigint[]) AND id > $2 ORDER BY id LIMIT $3",
      [&](Statement& s) { bind_limit(s.bind(1, pg_bigint_array(chat_ids)).bind(2, last_id), 3, limit); },
      &read_chat_message);
}

Result<std::vector<Chat>> PgChatStore::select(std::string_view where_order, const Binder& bind) {
  return query_rows(db_, std::string(kSelectChat) + std::string(where_order), bind, &read_chat);
}

Result<std::vector<Chat>> PgChatStore::chats_for_visitor(std::string_view visitor_id, int limit) {
  return select("WHERE visitor_id = $1 ORDER BY created_ms DESC, id DESC LIMIT $2",
                [&](Statement& s) { bind_limit(s.bind(1, visitor_id), 2, limit); });
}

Result<std::vector<Chat>> PgChatStore::chats_for_person(int64_t person_id, int limit) {
  return select("WHERE person_id = $1 ORDER BY created_ms DESC, id DESC LIMIT $2",
                [&](Statement& s) { bind_limit(s.bind(1, person_id), 2, limit); });
}

Result<QueuePage> PgChatStore::queue(int limit) {
  QueuePage page;
  // Two statements on one lease (no transaction): a chat queued in between may
  // be counted in total but missing from the page, which the next delta fixes.
  Status st = db_.read([&](Connection& c) {
    Result<Statement> rows =
        c.prepare(std::string(kSelectChat) + "WHERE status = 'queued' ORDER BY created_ms DESC, id DESC LIMIT $1");
    if (!rows) return rows.status();
    bind_limit(*rows, 1, limit);
    for (;;) {
      Result<bool> row = rows->step();
      if (!row) return row.status();
      if (!*row) break;
      Result<Chat> chat = read_chat(*rows);
      if (!chat) return chat.status();
      page.chats.push_back(std::move(*chat));
    }
    Result<Statement> count = c.prepare("SELECT count(*) FROM chats WHERE status = 'queued'");
    if (!count) return count.status();
    Result<bool> row = count->step();
    if (!row) return row.status();
    page.total = *row ? count->column_int64(0) : 0;
    return Status::ok();
  });
  if (!st.is_ok()) return st;
  std::reverse(page.chats.begin(), page.chats.end());
  return page;
}

Result<int64_t> PgChatStore::queue_size() {
  return query_int(db_, "SELECT count(*) FROM chats WHERE status = 'queued'", [](Statement&) {});
}

Result<std::vector<Chat>> PgChatStore::active_for_agent(int64_t agent_id) {
  return select("WHERE status = 'active' AND agent_id = $1 ORDER BY accepted_ms, id",
                [&](Statement& s) { s.bind(1, agent_id); });
}

Result<std::vector<Chat>> PgChatStore::idle_since(int64_t cutoff_ms) {
  return select(
      "WHERE status <> 'ended' AND coalesce((SELECT max(at_ms) FROM chat_messages m WHERE m.chat_id = chats.id), "
      "created_ms) < $1 ORDER BY created_ms, id",
      [&](Statement& s) { s.bind(1, cutoff_ms); });
}

Result<Chat> PgChatStore::change(int64_t chat_id, std::string_view update, const Binder& bind,
                                 std::string_view conflict_message) {
  Chat out;
  Status st = db_.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare(update);
    if (!stmt) return stmt.status();
    bind(*stmt);
    if (Status s = stmt->run(); !s.is_ok()) return s;
    const bool changed = stmt->changes() > 0;
    Result<Chat> after = chat_on(c, chat_id);
    if (!after) return after.status();
    if (!changed) return conflict(std::string(conflict_message));
    out = std::move(*after);
    return Status::ok();
  });
  if (!st.is_ok()) return st;
  return out;
}

Result<Chat> PgChatStore::accept(int64_t chat_id, int64_t agent_id, int64_t now_ms) {
  return change(
      chat_id,
      "UPDATE chats SET status = 'active', agent_id = $1, accepted_ms = $2 WHERE id = $3 AND status = 'queued'",
      [&](Statement& s) { s.bind(1, agent_id).bind(2, now_ms).bind(3, chat_id); }, "the chat is not queued");
}

Result<Chat> PgChatStore::transfer(int64_t chat_id, int64_t from_agent, int64_t to_agent) {
  return change(
      chat_id, "UPDATE chats SET agent_id = $1 WHERE id = $2 AND status = 'active' AND agent_id = $3",
      [&](Statement& s) { s.bind(1, to_agent).bind(2, chat_id).bind(3, from_agent); },
      "the chat is not active with this agent");
}

Result<Chat> PgChatStore::end(int64_t chat_id, std::string_view ended_by, int64_t now_ms) {
  return change(
      chat_id, "UPDATE chats SET status = 'ended', ended_by = $1, ended_ms = $2 WHERE id = $3 AND status <> 'ended'",
      [&](Statement& s) { s.bind(1, ended_by).bind(2, now_ms).bind(3, chat_id); }, "the chat has already ended");
}

Result<int64_t> PgChatStore::attach_visitor(std::string_view visitor_id, int64_t person_id) {
  if (visitor_id.empty() || person_id <= 0) return invalid_argument("attach_visitor needs a visitor and a person");
  return change_rows(db_, "UPDATE chats SET person_id = $1 WHERE visitor_id = $2 AND person_id IS NULL",
                     [&](Statement& s) { s.bind(1, person_id).bind(2, visitor_id); });
}

}  // namespace deskd::storage::postgres
