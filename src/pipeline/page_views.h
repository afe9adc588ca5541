#pragma once
// Where request handlers hand page views (SPEC §1.6, §2). Page views are
// analytics: an implementation queues them and writes them in batches, so a
// view never costs the request a synchronous disk write. Defined here so the
// pipeline does not depend on the feature module that implements it.
#include "storage/page_view_store.h"

namespace deskd::pipeline {

class PageViewRecorder {
 public:
  virtual ~PageViewRecorder() = default;
  // Queues one view (its article_id, when non-zero, also bumps that article's
  // view counter). Never blocks on storage. False when the view was dropped
  // (queue full or recorder stopped). Thread-safe.
  virtual bool record(storage::PageView view) = 0;
};

}  // namespace deskd::pipeline
