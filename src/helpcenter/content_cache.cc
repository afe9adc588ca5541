#include "helpcenter/content_cache.h"

#include <spdlog/spdlog.h>

namespace deskd::helpcenter {

ContentCache::ContentCache(storage::Storage& storage, ContentCacheOptions options)
    : storage_(storage),
      options_(options),
      engagement_(storage.feedback()),
      pages_(options.page_cache_bytes),
      search_pages_(options.search_cache_bytes) {}

ContentCache::~ContentCache() {
  stop();
  if (listener_ != 0) storage_.content_revisions().remove_listener(listener_);
}

Status ContentCache::load() {
  auto revision = storage_.content_revisions().read();
  if (!revision.is_ok()) return revision.status();
  {
    std::lock_guard lock(seen_mu_);
    seen_engagement_ = revision->engagement;
  }
  if (Status s = rebuild(0, true); !s.is_ok()) return s;
  listener_ =
      storage_.content_revisions().add_listener([this](const storage::ContentChange& change) { on_change(change); });
  return Status::ok();
}

void ContentCache::start() {
  std::lock_guard lock(poll_mu_);
  if (poller_.joinable()) return;
  stopping_ = false;
  poller_ = std::thread([this] { poll_loop(); });
}

void ContentCache::stop() {
  {
    std::lock_guard lock(poll_mu_);
    stopping_ = true;
  }
  poll_cv_.notify_all();
  if (poller_.joinable()) poller_.join();
}

void ContentCache::poll_now() {
  {
    std::lock_guard lock(poll_mu_);
    poll_now_ = true;
  }
  poll_cv_.notify_all();
}

void ContentCache::on_change(const storage::ContentChange& change) {
  if (change.scope == storage::ContentScope::kKnowledgeBase) {
    if (Status s = rebuild(change.revision, false); !s.is_ok())
      spdlog::warn("knowledge base snapshot not rebuilt after revision {}: {}", change.revision, s.to_string());
    return;
  }
  engagement_.invalidate(change.article_ids);
  std::lock_guard lock(seen_mu_);
  // With a gap, a write elsewhere came in between: the poll will see the
  // newer revision and drop every entry.
  if (change.revision == seen_engagement_ + 1) seen_engagement_ = change.revision;
}

void ContentCache::on_revision(const storage::ContentRevision& seen) {
  if (seen.knowledge_base > snapshot()->revision()) {
    if (Status s = rebuild(seen.knowledge_base, false); !s.is_ok())
      spdlog::warn("knowledge base snapshot not rebuilt for revision {}: {}", seen.knowledge_base, s.to_string());
  }
  std::lock_guard lock(seen_mu_);
  if (seen.engagement > seen_engagement_) {
    engagement_.invalidate({});
    seen_engagement_ = seen.engagement;
  }
}

Status ContentCache::invalidate() {
  engagement_.invalidate({});
  return rebuild(0, true);
}

Status ContentCache::rebuild(int64_t wanted, bool force) {
  std::lock_guard lock(rebuild_mu_);
  auto current = snapshot_.load();
  if (!force && current && current->revision() >= wanted) return Status::ok();
  const auto start = std::chrono::steady_clock::now();
  auto content = storage_.kb().published();
  if (!content.is_ok()) return content.status();
  auto next = KbSnapshot::build(std::move(*content));
  if (!force && current && next->revision() < current->revision()) return Status::ok();
  swap_in(std::move(next));
  builds_.fetch_add(1);
  last_build_us_.store(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count());
  return Status::ok();
}

void ContentCache::refresh_popularity() {
  auto views = storage_.kb().published_view_counts();
  if (!views.is_ok()) {
    spdlog::warn("article view counts not read: {}", views.status().to_string());
    return;
  }
  std::lock_guard lock(rebuild_mu_);
  if (auto next = snapshot_.load()->with_views(*views)) swap_in(std::move(next));
}

void ContentCache::swap_in(std::shared_ptr<const KbSnapshot> next) {
  const uint64_t content = next->content_generation();
  auto previous = snapshot_.exchange(std::move(next));
  // Pages of older content can no longer be served (their stamp is stale):
  // free them now. New popular lists leave the other pages valid.
  if (previous && previous->content_generation() == content) return;
  pages_.clear();
  search_pages_.clear();
}

void ContentCache::poll_loop() {
  auto next_popularity = std::chrono::steady_clock::now() + options_.popularity_interval;
  std::unique_lock lock(poll_mu_);
  while (true) {
    poll_cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || poll_now_; });
    if (stopping_) break;
    poll_now_ = false;
    lock.unlock();
    if (auto revision = storage_.content_revisions().read(); revision.is_ok()) {
      on_revision(*revision);
    } else {
      spdlog::warn("content revision poll: {}", revision.status().to_string());
    }
    if (std::chrono::steady_clock::now() >= next_popularity) {
      refresh_popularity();
      next_popularity = std::chrono::steady_clock::now() + options_.popularity_interval;
    }
    lock.lock();
  }
}

}  // namespace deskd::helpcenter
