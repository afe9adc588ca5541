#pragma once
// What article pages show of visitor engagement (SPEC §2), kept in memory per
// article so a page view reads no storage: vote counts, who voted what (for
// the reader's own vote), approved comments and pending ones (each shown to
// its author only). An entry is read from storage on the first view after it
// was dropped; writes drop it (ContentCache forwards storage's change events).
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
  std::vector<storage::Comment> pending;   // oldest first; each for its author's eyes only

  // The vote under voter key `key` (+1 / -1), 0 when it did not vote, or
  // nullopt when the entry does not know every voter (ask storage).
  std::optional<int> vote_of(const std::string& key) const;
  // Pending comments written under one of `reader_keys` (a key "p:<id>" also
  // matches comments of person <id>), oldest first.
  std::vector<const storage::Comment*> pending_for(const std::vector<std::string>& reader_keys) const;

  bool all_voters = true;                       // false: more voters than kMaxCachedVoters
  std::unordered_map<std::string, int> voters;  // voter key -> +1 / -1
};

class EngagementCache {
 public:
  // Beyond this many voters on one article, own votes are read from storage.
  static constexpr int kMaxCachedVoters = 10'000;
  // Beyond this many articles the cache starts over.
  static constexpr size_t kMaxArticles = 50'000;

  explicit EngagementCache(storage::FeedbackStore& store) : store_(store) {}

  // The article's engagement; read from storage on a miss (blocking).
  Result<std::shared_ptr<const ArticleEngagement>> get(int64_t article_id);
  // The cached entry, or nullptr (never reads storage).
  std::shared_ptr<const ArticleEngagement> peek(int64_t article_id) const;
  // Drops these articles' entries; every entry when `article_ids` is empty.
  void invalidate(const std::vector<int64_t>& article_ids);

  size_t size() const;
  uint64_t loads() const { return loads_.load(); }

 private:
  Result<std::shared_ptr<const ArticleEngagement>> load(int64_t article_id);

  storage::FeedbackStore& store_;
  mutable std::mutex mu_;
  std::unordered_map<int64_t, std::shared_ptr<const ArticleEngagement>> entries_;  // guarded by mu_
  // Counts invalidations, so a read that raced with one is not cached.
  uint64_t epoch_ = 0;  // guarded by mu_
  std::atomic<uint64_t> next_stamp_{1};
  std::atomic<uint64_t> loads_{0};
};

}  // namespace deskd::helpcenter
