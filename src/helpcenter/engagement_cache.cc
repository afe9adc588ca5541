#include "helpcenter/engagement_cache.h"

#include <algorithm>

namespace deskd::helpcenter {

std::optional<int> ArticleEngagement::vote_of(const std::string& key) const {
  if (auto it = voters.find(key); it != voters.end()) return it->second;
  if (!all_voters) return std::nullopt;
  return 0;
}

std::optional<bool> ArticleEngagement::has_pending(const std::vector<std::string>& reader_keys) const {
  if (reader_keys.empty()) return false;
  const bool mine = std::any_of(reader_keys.begin(), reader_keys.end(), [&](const std::string& key) {
    const int64_t person = storage::person_of_key(key);
    return pending_voters.contains(key) || (person != 0 && pending_people.contains(person));
  });
  if (mine) return true;
  if (!all_pending_authors) return std::nullopt;
  return false;
}

Result<std::shared_ptr<const ArticleEngagement>> EngagementCache::get(int64_t article_id) {
  uint64_t epoch = 0;
  {
    std::lock_guard lock(mu_);
    if (auto it = entries_.find(article_id); it != entries_.end()) return it->second;
    epoch = epoch_;
  }
  auto loaded = load(article_id);
  if (!loaded.is_ok()) return loaded.status();
  std::lock_guard lock(mu_);
  // A write that committed while this read ran may be missing from it: keep
  // the result for this request only.
  if (epoch_ != epoch) return loaded;
  if (auto it = entries_.find(article_id); it != entries_.end()) return it->second;  // a racing read won
  const size_t items = (*loaded)->items();
  if (entries_.size() >= kMaxArticles || items_ + items > max_items_) {
    entries_.clear();
    items_ = 0;
  }
  if (items > max_items_) return loaded;  // too big to keep at all
  items_ += items;
  return entries_.emplace(article_id, std::move(*loaded)).first->second;
}

std::shared_ptr<const ArticleEngagement> EngagementCache::peek(int64_t article_id) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(article_id);
  return it == entries_.end() ? nullptr : it->second;
}

void EngagementCache::invalidate(const std::vector<int64_t>& article_ids) {
  std::lock_guard lock(mu_);
  ++epoch_;
  if (article_ids.empty()) {
    entries_.clear();
    items_ = 0;
    return;
  }
  for (int64_t id : article_ids) {
    if (auto it = entries_.find(id); it != entries_.end()) {
      items_ -= it->second->items();
      entries_.erase(it);
    }
  }
}

size_t EngagementCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

size_t EngagementCache::items() const {
  std::lock_guard lock(mu_);
  return items_;
}

Result<std::shared_ptr<const ArticleEngagement>> EngagementCache::load(int64_t article_id) {
  loads_.fetch_add(1);
  auto entry = std::make_shared<ArticleEngagement>();
  entry->stamp = next_stamp_.fetch_add(1);
  auto counts = store_.vote_counts(article_id);
  if (!counts.is_ok()) return counts.status();
  entry->votes = *counts;
  auto votes = store_.article_votes(article_id, kMaxCachedVoters + 1);
  if (!votes.is_ok()) return votes.status();
  entry->all_voters = votes->size() <= static_cast<size_t>(kMaxCachedVoters);
  if (entry->all_voters) {
    entry->voters.reserve(votes->size());
    for (auto& v : *votes) entry->voters.emplace(std::move(v.voter), v.value);
  }
  auto approved = store_.approved_comments(article_id);
  if (!approved.is_ok()) return approved.status();
  entry->approved = std::move(*approved);
  auto authors = store_.pending_authors(article_id, kMaxCachedPendingAuthors + 1);
  if (!authors.is_ok()) return authors.status();
  entry->all_pending_authors = authors->size() <= static_cast<size_t>(kMaxCachedPendingAuthors);
  if (entry->all_pending_authors) {
    for (auto& a : *authors) {
      if (a.person_id != 0) entry->pending_people.insert(a.person_id);
      entry->pending_voters.insert(std::move(a.voter));
    }
  }
  return std::shared_ptr<const ArticleEngagement>(std::move(entry));
}

}  // namespace deskd::helpcenter
