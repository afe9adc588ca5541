#pragma once
// Page views (SPEC §1.6): what visitors read, written in batches by the
// page-view writer (helpcenter/page_view_writer.h) off the request path: high
// volume, one transaction per batch, and no write here bumps a content
// revision (nothing cached is derived from the views themselves).
// Visitors are keyed by their dp_v value; person id 0 means "nobody". Times
// are Unix milliseconds.
//
// Threading: every call may block; implementations are thread-safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

struct PageView {
  int64_t id = 0;
  std::string visitor_id;  // dp_v value; "" when only a person is known
  int64_t person_id = 0;
  std::string path;
  std::string title;
  int64_t at_ms = 0;
  int64_t article_id = 0;  // 0 when the page is not an article (not stored; for view counters)
};

class PageViewStore {
 public:
  virtual ~PageViewStore() = default;

  // Stores a batch in one transaction. Each view with a visitor id creates or
  // refreshes its visitor (last_seen_ms); a view without a person id takes the
  // person its visitor is attached to. Views with neither visitor nor person,
  // or with an empty path, are InvalidArgument (nothing is stored).
  virtual Status record_page_views(const std::vector<PageView>& batch) = 0;
  // Newest first, at most `limit` (>= 0).
  virtual Result<std::vector<PageView>> recent_page_views(std::string_view visitor_id, int limit) = 0;
};

}  // namespace deskd::storage
