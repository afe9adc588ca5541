#pragma once
// What article pages show of visitor engagement (SPEC §2), kept in memory per
// article so a page view reads no storage: vote counts, who voted what (for
// the reader's own vote), approved comments, and who has pending ones (each is
// shown to its author only, read from storage for that reader: a flood of
// comments awaiting moderation costs a key each here, not its text). An entry
// is read from storage on the first view after it was dropped; writes drop it
// (ContentCache forwards storage's change events).
//
// Threading: thread-safe. get() may block on storage (a miss); everything
// else only takes a short lock.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "storage/feedback_store.h"

namespace deskd::helpcenter {

struct ArticleEngagement {
  // Unique per read from storage: anything derived from this entry (a
  // prepared page) is current while the article's entry has this stamp.
  uint64_t stamp = 0;
  storage::VoteCounts votes;
  std::vector<storage::Comment> approved;  // oldest first

  // The vote under voter key `key` (+1 / -1), 0 when it did not vote, or
  // nullopt when the entry does not know every voter (ask storage).
  std::optional<int> vote_of(const std::string& key) const;
  // Whether a pending comment was written under one of `reader_keys` (a key
  // "p:<id>" also matches comments of person <id>), or nullopt when the entry
  // does not know every author (ask storage).
  std::optional<bool> has_pending(const std::vector<std::string>& reader_keys) const;

  bool all_voters = true;                       // false: more voters than kMaxCachedVoters
  std::unordered_map<std::string, int> voters;  // voter key -> +1 / -1
  bool all_pending_authors = true;              // false: more than kMaxCachedPendingAuthors
  std::unordered_set<std::string> pending_voters;
  std::unordered_set<int64_t> pending_people;

  // What the entry counts against EngagementCache's item budget.
  size_t items() const { return voters.size() + pending_voters.size() + approved.size(); }
};

class EngagementCache {
 public:
  // Beyond this many voters on one article, own votes are read from storage.
  static constexpr int kMaxCachedVoters = 10'000;
  // Beyond this many authors of pending comments on one article, whether a
  // reader has one is read from storage.
  static constexpr int kMaxCachedPendingAuthors = 10'000;
  // Beyond this many articles, or this many items (voters, pending authors
  // and approved comments) over all articles, the cache starts over: a
  // bound on its memory whatever the traffic (about 200 bytes an item).
  static constexpr size_t kMaxArticles = 50'000;
  static constexpr size_t kMaxItems = 500'000;

  explicit EngagementCache(storage::FeedbackStore& store, size_t max_items = kMaxItems)
      : store_(store), max_items_(max_items) {}

  // The article's engagement; read from storage on a miss (blocking).
  Result<std::shared_ptr<const ArticleEngagement>> get(int64_t article_id);
  // The cached entry, or nullptr (never reads storage).
  std::shared_ptr<const ArticleEngagement> peek(int64_t article_id) const;
  // Drops these articles' entries; every entry when `article_ids` is empty.
  void invalidate(const std::vector<int64_t>& article_ids);

  size_t size() const;   // articles cached
  size_t items() const;  // their items, the sum of ArticleEngagement::items()
  uint64_t loads() const { return loads_.load(); }

 private:
  Result<std::shared_ptr<const ArticleEngagement>> load(int64_t article_id);

  storage::FeedbackStore& store_;
  const size_t max_items_;
  mutable std::mutex mu_;
  std::unordered_map<int64_t, std::shared_ptr<const ArticleEngagement>> entries_;  // guarded by mu_
  size_t items_ = 0;                                                               // guarded by mu_
  // Counts invalidations, so a read that raced with one is not cached.
  uint64_t epoch_ = 0;  // guarded by mu_
  std::atomic<uint64_t> next_stamp_{1};
  std::atomic<uint64_t> loads_{0};
};

}  // namespace deskd::helpcenter
