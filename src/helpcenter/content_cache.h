#pragma once
// This node's live copy of published Help Center content (SPEC §8): the
// current KbSnapshot, swapped atomically when content changes, and the
// per-article engagement cache.
//
// How a change arrives:
//  - a write through this node's storage: on_change(), called by storage
//    after the commit (ContentRevisionStore listener). A knowledge-base change
//    rebuilds the snapshot before the writing request answers, so an editor
//    sees the edit on their next page; an engagement change drops the
//    touched articles' entries.
//  - a write elsewhere (another node, a tool on the database): the background
//    poll reads the stored revisions every poll_interval and calls
//    on_revision(), so every node serves an edit within about one interval.
//  - whatever later carries revisions between nodes (Redis) calls
//    on_revision() or on_change() too; invalidate() reloads everything.
// View counters are no content change: the popular lists are refreshed from
// storage every popularity_interval.
//
// Threading: every member is thread-safe. snapshot() never blocks on storage
// (an atomic load); on_change(), on_revision(), invalidate() and load() read
// storage on the caller's thread, so never call them on an I/O thread.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "core/status.h"
#include "helpcenter/engagement_cache.h"
#include "helpcenter/kb_snapshot.h"
#include "pipeline/render.h"
#include "storage/store.h"

namespace deskd::helpcenter {

struct ContentCacheOptions {
  std::chrono::milliseconds poll_interval{500};
  std::chrono::milliseconds popularity_interval{30'000};
  size_t page_cache_bytes = 64 << 20;
  size_t search_cache_bytes = 8 << 20;
  // false: every page is rendered directly (pipeline/render.h), the reference
  // prepared pages are compared with in tests.
  bool prepared_pages = true;
};

class ContentCache {
 public:
  explicit ContentCache(storage::Storage& storage, ContentCacheOptions options = {});
  ~ContentCache();  // stop(), and stops listening to storage
  ContentCache(const ContentCache&) = delete;
  ContentCache& operator=(const ContentCache&) = delete;

  // Reads the first snapshot and becomes storage's content listener. Call once
  // at start-up, before requests.
  Status load();
  // Starts the background poll (revisions, popularity). stop() joins it; both
  // idempotent.
  void start();
  void stop();

  // The current snapshot: never null after load(). Keep the pointer for the
  // whole request so the page is built from one revision.
  std::shared_ptr<const KbSnapshot> snapshot() const { return snapshot_.load(); }
  EngagementCache& engagement() { return engagement_; }
  // Prepared Help Center pages, stamped with the snapshot's generation (the
  // home page) or content generation (the others; an article also with its
  // engagement stamp); search result pages apart, so a flood of distinct
  // queries cannot push the article pages out. Emptied when new content is
  // swapped in. nullptr when prepared pages are off.
  pipeline::PageCache* pages() { return options_.prepared_pages ? &pages_ : nullptr; }
  pipeline::PageCache* search_pages() { return options_.prepared_pages ? &search_pages_ : nullptr; }

  // Hooks for change notices (see above).
  void on_change(const storage::ContentChange& change);
  void on_revision(const storage::ContentRevision& seen);
  // Wakes the background poll now instead of at the next interval (another
  // node said content changed). Never blocks on storage; any thread.
  void poll_now();
  // Rebuilds the snapshot and drops every engagement entry, whatever the
  // revisions say.
  Status invalidate();

  // For /metrics.
  uint64_t builds() const { return builds_.load(); }
  double last_build_ms() const { return last_build_us_.load() / 1000.0; }

 private:
  // Reads and swaps in a new snapshot unless the current one is already at
  // `wanted` or newer (force: always).
  Status rebuild(int64_t wanted, bool force);
  void refresh_popularity();
  void poll_loop();
  void swap_in(std::shared_ptr<const KbSnapshot> next);

  storage::Storage& storage_;
  const ContentCacheOptions options_;
  std::atomic<std::shared_ptr<const KbSnapshot>> snapshot_;
  EngagementCache engagement_;
  pipeline::PageCache pages_;
  pipeline::PageCache search_pages_;
  std::mutex rebuild_mu_;  // one rebuild or popularity refresh at a time

  std::mutex seen_mu_;
  int64_t seen_engagement_ = 0;  // guarded by seen_mu_: engagement revision the cache reflects

  int listener_ = 0;  // storage listener id; set by load()
  std::atomic<uint64_t> builds_{0};
  std::atomic<int64_t> last_build_us_{0};

  std::mutex poll_mu_;
  std::condition_variable poll_cv_;
  bool stopping_ = false;  // guarded by poll_mu_
  bool poll_now_ = false;  // guarded by poll_mu_
  std::thread poller_;
};

}  // namespace deskd::helpcenter
