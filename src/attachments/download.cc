#include "attachments/download.h"

#include <algorithm>
#include <cstring>

#include "attachments/names.h"

namespace deskd::attachments {
namespace {

// The stored bytes after a first slice already read: serves that slice, then
// reads the rest a slice at a time (each read blocks on storage; the server
// calls it on a worker).
class StoredBytes final : public http::BodySource {
 public:
  StoredBytes(storage::AttachmentStore& store, std::string sha256, int64_t size, std::string first)
      : store_(store), sha256_(std::move(sha256)), size_(size), pending_(std::move(first)) {}

  std::optional<uint64_t> length() const override { return static_cast<uint64_t>(size_); }

  Result<size_t> read(char* out, size_t capacity) override {
    if (pending_at_ == pending_.size()) {
      if (offset_ >= size_) return size_t{0};
      const int64_t want = std::min<int64_t>({kDownloadSliceBytes, size_ - offset_, static_cast<int64_t>(capacity)});
      Result<std::string> next = store_.content_range(sha256_, offset_, want);
      if (!next) return next.status();
      if (next->empty()) return unavailable("attachment bytes ended before their size");
      pending_ = std::move(*next);
      pending_at_ = 0;
    }
    const size_t n = std::min(capacity, pending_.size() - pending_at_);
    std::memcpy(out, pending_.data() + pending_at_, n);
    pending_at_ += n;
    offset_ += static_cast<int64_t>(n);
    return n;
  }

 private:
  storage::AttachmentStore& store_;
  const std::string sha256_;
  const int64_t size_;
  std::string pending_;   // read from storage, not yet handed out
  size_t pending_at_ = 0;
  int64_t offset_ = 0;  // bytes handed out so far
};

}  // namespace

Result<http::Response> download_response(storage::AttachmentStore& store, const storage::Attachment& attachment) {
  Result<std::string> first = store.content_range(attachment.sha256, 0, kDownloadSliceBytes);
  if (!first) return first.status();
  http::Response res;
  const bool in_place = displays_inline(attachment.content_type, *first);
  res.status = 200;
  // Only a verified image keeps its declared type; anything else is opaque
  // bytes, so even a browser that ignored the disposition would not render it.
  res.set_header("Content-Type", in_place ? attachment.content_type : std::string(kOctetStream));
  res.set_header("Content-Disposition", content_disposition(attachment.filename, in_place));
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy", std::string(kDownloadCsp));
  res.set_header("Cache-Control", "private, no-cache");
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
  res.set_header("X-Attachment-SHA256", attachment.sha256);
  if (static_cast<int64_t>(first->size()) >= attachment.size) {
    res.body = std::move(*first);
  } else {
    res.stream = std::make_shared<StoredBytes>(store, attachment.sha256, attachment.size, std::move(*first));
  }
  return res;
}

}  // namespace deskd::attachments
