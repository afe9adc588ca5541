#pragma once
// The batched page-view writer (SPEC §1.6, §2): request threads queue views in
// memory; ONE writer thread flushes the queue every `interval` or as soon as
// `batch_rows` are waiting, each batch in one storage transaction. The queue
// is bounded: beyond `max_queued` new views are dropped and counted. stop()
// flushes what is queued. A crash loses what was queued and not yet flushed
// (at most one interval's worth); see docs/architecture.md.
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <vector>

#include "core/periodic_worker.h"
#include "core/status.h"
#include "pipeline/page_views.h"
#include "storage/store.h"

namespace deskd::helpcenter {

struct PageViewWriterOptions {
  std::chrono::milliseconds interval{250};
  size_t batch_rows = 1000;
  size_t max_queued = 100'000;
};

class PageViewWriter final : public pipeline::PageViewRecorder {
 public:
  // Writes one batch (at most batch_rows views); called on the writer thread only.
  using Sink = std::function<Status(const std::vector<storage::PageView>&)>;

  PageViewWriter(Sink sink, PageViewWriterOptions options = {});
  ~PageViewWriter() override;  // stop()
  PageViewWriter(const PageViewWriter&) = delete;
  PageViewWriter& operator=(const PageViewWriter&) = delete;

  // Starts the writer thread. Views recorded before start() wait in the queue.
  void start();
  // Flushes everything queued, then joins the writer thread; later record()
  // calls are dropped. Idempotent.
  void stop();

  bool record(storage::PageView view) override;  // thread-safe, never blocks on storage

  uint64_t written() const { return written_.load(); }
  // Views dropped because the queue was full or the writer had stopped, plus
  // views of batches the sink failed to write.
  uint64_t dropped() const { return dropped_.load(); }
  size_t queued() const;

 private:
  void flush_queued();  // on the worker's thread, or in stop() after it ended
  void write_all(std::vector<storage::PageView> views);

  const Sink sink_;
  const PageViewWriterOptions options_;
  mutable std::mutex mu_;
  std::vector<storage::PageView> queue_;  // guarded by mu_
  bool stopped_ = false;                  // guarded by mu_
  std::atomic<uint64_t> written_{0};
  std::atomic<uint64_t> dropped_{0};
  PeriodicWorker worker_;  // last: its thread reads the members above; woken when a batch is full
};

// The production sink: the views go to storage.page_views().record_page_views,
// then each article's count to storage.kb().add_views (a failure there is
// logged; the batch still counts as written).
PageViewWriter::Sink storage_sink(storage::Storage& storage);

}  // namespace deskd::helpcenter
