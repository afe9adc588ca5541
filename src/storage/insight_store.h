#pragma once
// The agent desk's read models: ticket search, the people directory, report
// figures and Help Center ticket deflection (migration 0014, maintained by
// triggers so the ticket write paths need not know about them).
//
// Threading: every call may block; call from worker threads. Implementations
// are thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/feedback_store.h"
#include "storage/page_view_store.h"
#include "storage/records.h"
#include "storage/ticket_store.h"

namespace deskd::storage {

// Limits on what a search query may ask for; longer input is cut, extra words
// are ignored (never an error).
inline constexpr size_t kMaxSearchInput = 256;  // bytes of the query looked at
inline constexpr size_t kMaxSearchTerms = 8;
inline constexpr size_t kMaxSearchTermBytes = 64;

// The words of a search query, as both backends match them: runs of ASCII
// letters and digits and of non-ASCII bytes (any other letter), ASCII
// lower-cased. Every other character — FTS and tsquery syntax included — only
// separates words, so no input can reach the query language. Empty when the
// input holds no word.
std::vector<std::string> ticket_search_terms(std::string_view text);

struct TicketSearch {
  // Every term must occur (as a word prefix) in the ticket's ref, subject,
  // requester name or e-mail, or in one of its messages. Empty = any ticket.
  std::vector<std::string> terms;  // from ticket_search_terms
  std::optional<TicketStatus> status;
  int limit = 50;
  int offset = 0;
};

// One person of the directory with how many tickets they requested.
struct DirectoryEntry {
  Person person;
  int64_t tickets = 0;
};

struct DirectoryQuery {
  std::string text;  // "" = everybody; else a case-insensitive substring of the e-mail or name
  int limit = 50;
  int offset = 0;
};

// A ticket's times for the reports.
struct TicketTimes {
  int64_t ticket_id = 0;
  int64_t created_ms = 0;
  std::optional<int64_t> first_response_ms;  // the first agent reply
  std::optional<int64_t> resolved_ms;        // last became resolved/closed; nullopt when not
};

struct DeflectionCounts {
  int64_t visitors = 0;   // distinct visitors who opened a suggested article
  int64_t deflected = 0;  // ... of whom no ticket was created from their browser since
};

// Contract (pinned by storage/testing/insight_conformance.h):
//  - search_tickets: newest activity (updated_ms) first; InvalidArgument for a
//    negative limit or offset or a term that ticket_search_terms would not
//    produce (empty, too long, a non-word character).
//  - directory: ordered by e-mail domain, then e-mail; disabled people included.
//  - merge_people: everything of `merged` (tickets requested or written,
//    chats, comments, votes, page views, visitors) moves to `keep`; where both
//    voted on an article, keep's vote stays; guest tickets sent from merged's
//    e-mail join keep; then `merged` is disabled. NotFound for an unknown
//    person; InvalidArgument when both are the same.
//  - ticket_times: tickets created in [from_ms, to_ms), oldest first;
//    resolutions: resolved_ms values in [from_ms, to_ms); chats_answered:
//    accepted_ms of chats accepted in [from_ms, to_ms).
//  - deflections counted for suggestions opened in [from_ms, to_ms).
class InsightStore {
 public:
  virtual ~InsightStore() = default;
  virtual Result<std::vector<Ticket>> search_tickets(const TicketSearch& search) = 0;

  virtual Result<std::vector<DirectoryEntry>> directory(const DirectoryQuery& query) = 0;
  // Newest first.
  virtual Result<std::vector<Comment>> comments_by_person(int64_t person_id, int limit) = 0;
  // Page views of the person and of every visitor (dp_v) attached to them; newest first.
  virtual Result<std::vector<PageView>> page_views_for_person(int64_t person_id, int limit) = 0;
  virtual Status merge_people(int64_t keep_id, int64_t merged_id) = 0;

  virtual Result<std::vector<TicketTimes>> ticket_times(int64_t from_ms, int64_t to_ms) = 0;
  virtual Result<std::vector<int64_t>> resolutions(int64_t from_ms, int64_t to_ms) = 0;
  virtual Result<std::vector<int64_t>> chats_answered(int64_t from_ms, int64_t to_ms) = 0;

  // InvalidArgument for an empty visitor id.
  virtual Status record_deflection(std::string_view visitor_id, int64_t article_id, int64_t opened_ms) = 0;
  virtual Result<DeflectionCounts> deflections(int64_t from_ms, int64_t to_ms) = 0;
};

// Whether `term` is one ticket_search_terms could have produced.
bool valid_search_term(std::string_view term);

}  // namespace deskd::storage
