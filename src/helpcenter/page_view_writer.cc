#include "helpcenter/page_view_writer.h"
#include "core/degraded.h"

#include <spdlog/spdlog.h>

#include <map>

namespace deskd::helpcenter {

PageViewWriter::PageViewWriter(Sink sink, PageViewWriterOptions options)
    : sink_(std::move(sink)),
      options_(options),
      worker_(std::chrono::duration_cast<std::chrono::milliseconds>(options_.interval), [this] { flush_queued(); }) {}

PageViewWriter::~PageViewWriter() {
  stop();
}

void PageViewWriter::start() {
  worker_.start();
}

void PageViewWriter::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    stopped_ = true;  // record() drops from now on
  }
  worker_.stop();
  // Views queued when the thread never started, or after its last drain.
  flush_queued();
}

bool PageViewWriter::record(storage::PageView view) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    if (stopped_ || queue_.size() >= options_.max_queued) {
      dropped_.fetch_add(1);
      count_degraded(Degraded::kPageViewsDropped);
      return false;
    }
    queue_.push_back(std::move(view));
    wake = queue_.size() == options_.batch_rows;
  }
  if (wake) worker_.wake();
  return true;
}

size_t PageViewWriter::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void PageViewWriter::flush_queued() {
  std::vector<storage::PageView> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(queue_);
  }
  write_all(std::move(batch));
}

void PageViewWriter::write_all(std::vector<storage::PageView> views) {
  for (size_t begin = 0; begin < views.size(); begin += options_.batch_rows) {
    const size_t end = std::min(views.size(), begin + options_.batch_rows);
    std::vector<storage::PageView> batch(std::make_move_iterator(views.begin() + begin),
                                         std::make_move_iterator(views.begin() + end));
    if (Status s = sink_(batch); s.is_ok()) {
      written_.fetch_add(batch.size());
    } else {
      dropped_.fetch_add(batch.size());
      count_degraded(Degraded::kPageViewsDropped, batch.size());
      spdlog::warn("page views: {} views not written: {}", batch.size(), s.to_string());
    }
  }
}

PageViewWriter::Sink storage_sink(storage::Storage& storage) {
  return [&storage](const std::vector<storage::PageView>& batch) -> Status {
    if (Status s = storage.page_views().record_page_views(batch); !s.is_ok()) return s;
    std::map<int64_t, int64_t> per_article;
    for (const auto& v : batch)
      if (v.article_id > 0) ++per_article[v.article_id];
    if (per_article.empty()) return Status::ok();
    std::vector<storage::KbViewCount> counts;
    counts.reserve(per_article.size());
    for (const auto& [article_id, n] : per_article) counts.push_back({article_id, n});
    // The views themselves are stored; a failed counter update is only logged.
    if (Status s = storage.kb().add_views(counts); !s.is_ok())
      spdlog::warn("page views: article view counters not updated: {}", s.to_string());
    return Status::ok();
  };
}

}  // namespace deskd::helpcenter
