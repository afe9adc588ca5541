#pragma once
// The registry of personal-data handlers (SPEC §13): every table that keeps
// something about a person or a visitor has a handler that says how to export
// the subject's rows, how to erase or anonymise them, and what retention
// prunes. The privacy export, `deskd privacy erase` and the daily prune walk
// the registry, so a feature that adds such a table adds its handler here
// (storage/personal/builtin.cc) and nothing else changes.
//
// Handlers are written once in the SQL both backends share (storage/personal_sql.h).
// Every statement may use these numbered parameters:
//   subject statements (export, erase):
//     ?1 person id (0 = no account)   ?2 e-mail, lower-cased ("" = none)
//     ?3 one visitor id ("" = none)    ?4 the subject's name ("" = none)
//     ?5 paging key (rows with key > ?5)   ?6 page size
//   prune statements:
//     ?1 visitor cutoff ms (rows older are pruned)   ?2 IP cutoff ms
// A person's visitor ids are found through visitors.person_id, so ?3 is only
// needed for a visitor without an account (`--visitor ID`).
//
// Order: export walks the handlers in registration order, erase in reverse
// (the account is registered first and erased last, after the rows that find
// the subject through it).
//
// Threading: handlers are immutable after start-up; calls block on storage.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"
#include "storage/personal_sql.h"

namespace deskd::storage::personal {

struct Subject {
  int64_t person_id = 0;   // 0 = no account
  std::string email;       // lower-cased; "" = none
  std::string name;        // scrubbed from text the helpdesk keeps; "" = none
  std::string visitor_id;  // a visitor without an account; "" = none
};

struct Cutoffs {
  int64_t visitor_before_ms = 0;  // page views and account-less visitors older than this go
  int64_t ip_before_ms = 0;       // IP addresses older than this are truncated
};

using FieldValue = std::variant<int64_t, std::string>;
struct Field {
  std::string_view name;
  FieldValue value;
};
using ExportRow = std::vector<Field>;
// Receives the subject's rows, each with the export section it belongs to
// ("tickets", "page_views", ...). A failure stops the export.
using RowSink = std::function<Status(std::string_view section, const ExportRow& row)>;

// Rows changed per table (erase) or per table and action (prune).
using Counts = std::map<std::string, int64_t>;

class Handler {
 public:
  virtual ~Handler() = default;
  // Stable name for docs and logs, e.g. "tickets".
  virtual std::string_view name() const = 0;
  // The export sections this handler writes, in order (each may be empty).
  virtual std::vector<std::string_view> sections() const = 0;
  // Streams the subject's rows through `sink`, a page at a time (no memory
  // proportional to the subject's history).
  virtual Status export_rows(PersonalSqlAccess& db, const Subject& subject, const RowSink& sink) const = 0;
  // Deletes or anonymises the subject's rows; runs inside the erase transaction.
  virtual Status erase(PersonalSql& sql, const Subject& subject, Counts& counts) const = 0;
  // Retention: runs inside one prune transaction per handler.
  virtual Status prune(PersonalSql& sql, const Cutoffs& cutoffs, Counts& counts) const = 0;
};

class Registry {
 public:
  void add(std::unique_ptr<Handler> handler) { handlers_.push_back(std::move(handler)); }
  const std::vector<std::unique_ptr<Handler>>& handlers() const { return handlers_; }
  // Every export section of every handler, in export order.
  std::vector<std::string_view> sections() const;

 private:
  std::vector<std::unique_ptr<Handler>> handlers_;
};

// The handlers of every table deskd keeps personal data in. Built once; thread-safe.
const Registry& builtin_registry();

// --- building blocks for handlers -------------------------------------------

enum class Kind { kInt, kText };
struct Column {
  std::string_view name;
  Kind kind;
};

// One paged export query: `sql` selects the paging key first (an integer,
// not exported) then `columns`, and must end with
// "AND <key> > ?5 ORDER BY <key> LIMIT ?6". With paged = false, it selects
// `columns` only and runs once (for tables whose rows per subject are few).
struct ExportQuery {
  std::string_view section;
  std::string_view sql;
  std::vector<Column> columns;
  bool paged = true;
};

// An IP column to truncate after the IP retention: `select` returns (key, ip)
// of rows older than ?1 whose ip is not truncated yet, with key > ?2, ordered
// by key, at most ?3; `update` sets ip = ?2 where key = ?1.
struct IpColumn {
  std::string_view table;
  std::string_view select;
  std::string_view update;
};

// Kept text that names the subject, scrubbed (scrub_text) before the erase
// statements run: `select` (subject parameters) returns (key, text, a further
// name of that row's requester) of the subject's rows with key > ?5, ordered
// by key, at most ?6; `update` sets the text to ?2 where key = ?1.
struct ScrubColumn {
  std::string_view table;  // counted as "<table>.scrubbed"
  std::string_view select;
  std::string_view update;
};

// `text` with every whole-word occurrence of each needle replaced by
// "[erased]": ASCII letters match in any case (an address typed in capitals is
// still that address), a needle must not touch a letter, digit or non-ASCII
// byte on either side ("Bo" is not erased from "Books"), and needles shorter
// than two bytes are ignored.
std::string scrub_text(std::string_view text, const std::vector<std::string_view>& needles);

// A handler declared as data: export queries, kept text to scrub, erase
// statements (subject parameters), prune statements (prune parameters) and IP
// columns.
struct TableSpec {
  std::string_view name;
  std::vector<ExportQuery> exports;
  std::vector<ScrubColumn> scrub;  // run first, in order
  std::vector<std::pair<std::string_view, std::string_view>> erase;  // (count key, statement), run in order
  std::vector<std::pair<std::string_view, std::string_view>> prune;  // (count key, statement)
  std::vector<IpColumn> ips;
};
std::unique_ptr<Handler> make_table_handler(TableSpec spec);

// The parameter list of subject statements (see the top of this file).
SqlParams subject_params(const Subject& subject, int64_t after_key = 0, int64_t page_size = 0);

// An address cut to its network: IPv4 to /24 (a.b.c.0), IPv6 to /48
// ("2001:db8:1::"); anything that is not an address becomes "".
std::string truncate_ip(std::string_view ip);

// The built-in handlers, one per aggregate (builtin.cc registers them in order).
std::unique_ptr<Handler> account_handler();         // people
std::unique_ptr<Handler> visitor_handler();         // visitors
std::unique_ptr<Handler> session_handler();         // sessions
std::unique_ptr<Handler> remember_handler();        // remember_tokens
std::unique_ptr<Handler> password_reset_handler();  // password_resets
std::unique_ptr<Handler> audit_handler();           // audit_log
std::unique_ptr<Handler> outbox_handler();          // outbox
std::unique_ptr<Handler> page_view_handler();       // page_views
std::unique_ptr<Handler> vote_handler();            // votes
std::unique_ptr<Handler> comment_handler();         // comments
std::unique_ptr<Handler> ticket_handler();          // tickets, ticket_messages, ticket_access_tokens
std::unique_ptr<Handler> chat_handler();            // chats, chat_messages
std::unique_ptr<Handler> article_handler();         // kb_articles (authorship)
std::unique_ptr<Handler> deflection_handler();      // ticket_deflections
std::unique_ptr<Handler> attachment_handler();      // ticket_attachments, attachment_blobs
std::unique_ptr<Handler> two_factor_handler();      // two_factor, recovery_codes
std::unique_ptr<Handler> agent_group_handler();     // agent_group_members
std::unique_ptr<Handler> canned_reply_handler();    // canned_replies (personal ones)
std::unique_ptr<Handler> notify_pref_handler();     // agent_notify_prefs
std::unique_ptr<Handler> mail_message_handler();    // mail_messages
std::unique_ptr<Handler> mail_quarantine_handler(); // mail_quarantine
std::unique_ptr<Handler> api_idempotency_handler(); // api_idempotency (kept API answers)
std::unique_ptr<Handler> webhook_delivery_handler(); // webhook_deliveries (event snapshots)

}  // namespace deskd::storage::personal
