// Session lookup: SessionManager::find of a cached id over the real SQLite
// store in a temporary file, with `range(0)` sessions created beforehand.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/random.h"
#include "core/settings.h"
#include "session/manager.h"
#include "storage/sqlite/sqlite_storage.h"

namespace deskd::session {
namespace {

namespace fs = std::filesystem;

// Owns the temporary database; removes it on destruction.
class SessionBed {
 public:
  explicit SessionBed(int64_t sessions) {
    crypto_init();
    path_ = fs::temp_directory_path() /
            ("deskd-bench-session-" + std::to_string(getpid()) + "-" + std::to_string(sessions) + ".db");
    auto storage = storage::sqlite::open_sqlite_storage(path_.string(), clock_);
    if (!storage.is_ok()) return;
    storage_ = std::move(*storage);
    manager_ = std::make_unique<SessionManager>(storage_->sessions(), clock_, random_, hub_);
    NewSession spec;
    spec.person_id = 1;
    spec.ip = "203.0.113.7";
    spec.user_agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0";
    for (int64_t i = 0; i < sessions; ++i) {
      auto s = manager_->create(spec);
      if (!s.is_ok()) return;
      ids_.push_back(s->id);
    }
  }
  ~SessionBed() {
    manager_.reset();
    storage_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix, ec);
  }
  bool ok() const { return manager_ && !ids_.empty(); }
  SessionManager& manager() { return *manager_; }
  const std::vector<std::string>& ids() const { return ids_; }

 private:
  fs::path path_;
  ManualClock clock_;
  SodiumRandom random_;
  SettingsHub hub_{Settings{}};
  std::unique_ptr<storage::Storage> storage_;
  std::unique_ptr<SessionManager> manager_;
  std::vector<std::string> ids_;
};

void BM_SessionFindCached(benchmark::State& state) {
  SessionBed bed(state.range(0));
  if (!bed.ok()) {
    state.SkipWithError("could not create the sessions");
    return;
  }
  const auto& ids = bed.ids();
  size_t i = 0;
  bool found = true;
  for (auto _ : state) {
    found &= bed.manager().find(Interface::kPortal, ids[i]).has_value();
    if (++i == ids.size()) i = 0;
  }
  if (!found) state.SkipWithError("a live session was not found");
}
BENCHMARK(BM_SessionFindCached)->Arg(1)->Arg(10'000)->Unit(benchmark::kNanosecond);

// An id the server never issued: hashed, missed in the cache, missed in SQLite.
void BM_SessionFindUnknown(benchmark::State& state) {
  SessionBed bed(1);
  if (!bed.ok()) {
    state.SkipWithError("could not create the session");
    return;
  }
  const std::string unknown(43, 'A');
  for (auto _ : state) benchmark::DoNotOptimize(bed.manager().find(Interface::kPortal, unknown));
}
BENCHMARK(BM_SessionFindUnknown);

}  // namespace
}  // namespace deskd::session
