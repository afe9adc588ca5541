#pragma once
// Revision numbers of what Help Center pages show (SPEC §8). Storage keeps one
// number per scope and bumps it in the same transaction as every write that
// changes what a visitor could see:
//   kKnowledgeBase  categories, articles and their translations (view
//                   counters excluded: popularity is refreshed on a timer)
//   kEngagement     votes, comments (added or moderated), a visitor attached
//                   to a person (its votes change hands)
// A node that caches published content compares these numbers with the ones
// its caches were built from (a cheap poll catches writes of other nodes);
// the listener tells the node that wrote at once.
//
// Threading: read() may block; implementations are thread-safe.
#include <cstdint>
#include <functional>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

enum class ContentScope { kKnowledgeBase, kEngagement };

struct ContentRevision {
  int64_t knowledge_base = 0;
  int64_t engagement = 0;
};

// One committed write.
struct ContentChange {
  ContentScope scope = ContentScope::kKnowledgeBase;
  int64_t revision = 0;              // the scope's revision this write committed
  std::vector<int64_t> article_ids;  // kEngagement: the articles it touched; empty = possibly any
};

using ContentListener = std::function<void(const ContentChange&)>;

class ContentRevisionStore {
 public:
  virtual ~ContentRevisionStore() = default;
  // The stored revisions (one small read).
  virtual Result<ContentRevision> read() = 0;
  // `listener` is called after every write made through this Storage that
  // bumped a revision: on the writing thread, after the commit, with no
  // connection held (it may read storage). Replaces any earlier listener; an
  // empty function removes it. Thread-safe.
  virtual void set_listener(ContentListener listener) = 0;
};

}  // namespace deskd::storage
