#include "session/manager.h"

#include "core/crypto.h"
#include "core/degraded.h"

namespace deskd::session {
namespace {

constexpr size_t kIdBytes = 32;
constexpr size_t kIdChars = 43;

Session from_record(const storage::SessionRecord& r, std::string id) {
  Session s;
  s.id = std::move(id);
  s.id_hash = r.id_hash;
  s.iface = r.interface;
  s.row_id = r.row_id;
  s.person_id = r.person_id;
  s.via_remember = r.via_remember;
  s.created_ms = r.created_ms;
  s.last_seen_ms = r.last_seen_ms;
  s.ip = r.ip;
  s.user_agent = r.user_agent;
  s.data = r.data.empty() ? "{}" : r.data;
  return s;
}

}  // namespace

SessionManager::SessionManager(storage::SessionStore& store, const Clock& clock, Random& random,
                               const SettingsHub& settings)
    : store_(store), clock_(clock), random_(random), settings_(settings) {}

bool SessionManager::well_formed_id(std::string_view id) {
  return id.size() == kIdChars && is_base64url(id);
}

InterfaceTimeouts SessionManager::timeouts(Interface iface) const {
  auto s = settings_.get();
  switch (iface) {
    case Interface::kPortal: return s->portal;
    case Interface::kAgent: return s->agent;
    case Interface::kAdmin: return s->admin;
  }
  return s->portal;
}

bool SessionManager::expired(const Session& s, int64_t now) const {
  const auto t = timeouts(s.iface);
  return now - s.last_seen_ms > t.idle_s * 1000 || now - s.created_ms > t.absolute_s * 1000;
}

void SessionManager::cache_put(const Session& s, int64_t written_ms, int64_t now) {
  std::lock_guard lock(mu_);
  if (cache_.size() >= kMaxCached) {
    // Bounded memory: drop an arbitrary half; dropped entries are re-read on demand.
    size_t drop = cache_.size() / 2;
    for (auto it = cache_.begin(); it != cache_.end() && drop > 0; --drop) it = cache_.erase(it);
  }
  Session copy = s;
  copy.id.clear();  // the cache never holds raw ids
  cache_[s.id_hash] = Cached{std::move(copy), written_ms, now};
}

void SessionManager::cache_drop(const std::string& id_hash) {
  std::lock_guard lock(mu_);
  cache_.erase(id_hash);
  pending_touches_.erase(id_hash);
}

std::optional<Session> SessionManager::peek(Interface iface, std::string_view id) {
  if (!well_formed_id(id)) return std::nullopt;
  const std::string id_hash = hash_hex(id);
  const int64_t now = clock_.now_ms();
  const InterfaceTimeouts limits = timeouts(iface);  // before the lock: it reads the settings
  std::lock_guard lock(mu_);
  auto it = cache_.find(id_hash);
  if (it == cache_.end() || now - it->second.validated_ms >= kRevalidateMs) return std::nullopt;
  Cached& cached = it->second;
  const Session& s = cached.session;
  if (s.iface != iface || now - s.last_seen_ms > limits.idle_s * 1000 || now - s.created_ms > limits.absolute_s * 1000)
    return std::nullopt;
  // The same in-memory touch as find().
  cached.session.last_seen_ms = now;
  if (now - cached.written_ms >= kTouchIntervalMs) {
    pending_touches_[id_hash] = now;
    cached.written_ms = now;
  }
  Session found = cached.session;
  found.id = std::string(id);
  return found;
}

std::optional<Session> SessionManager::find(Interface iface, std::string_view id) {
  if (!well_formed_id(id)) return std::nullopt;
  const std::string id_hash = hash_hex(id);
  const int64_t now = clock_.now_ms();
  std::optional<Session> found;
  int64_t cached_last_seen = 0;  // of a stale entry: newer than the store by up to kTouchIntervalMs
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(id_hash); it != cache_.end()) {
      if (now - it->second.validated_ms < kRevalidateMs) {
        found = it->second.session;
      } else {
        cached_last_seen = it->second.session.last_seen_ms;
      }
    }
  }
  if (!found) {
    auto rec = store_.find(id_hash);
    if (!rec.is_ok()) {
      cache_drop(id_hash);
      return std::nullopt;
    }
    found = from_record(*rec, "");
    int64_t written = found->last_seen_ms;
    {
      std::lock_guard lock(mu_);
      // Keep a newer in-memory last_seen that has not been written yet.
      if (auto p = pending_touches_.find(id_hash); p != pending_touches_.end()) written = std::max(written, p->second);
    }
    found->last_seen_ms = std::max(written, cached_last_seen);
    cache_put(*found, written, now);
  }
  if (found->iface != iface) return std::nullopt;
  if (expired(*found, now)) {
    // Refused either way; a row left behind is deleted by the next sweep().
    ok_or_degraded(Degraded::kSessionEndFailed, destroy(*found), "deleting an expired session");
    return std::nullopt;
  }
  found->id = std::string(id);
  found->last_seen_ms = now;
  std::lock_guard lock(mu_);
  if (auto it = cache_.find(id_hash); it != cache_.end()) {
    it->second.session.last_seen_ms = now;
    if (now - it->second.written_ms >= kTouchIntervalMs) {
      pending_touches_[id_hash] = now;
      it->second.written_ms = now;
    }
  }
  return found;
}

Result<Session> SessionManager::create(const NewSession& spec) {
  Session s;
  s.id = random_.token(kIdBytes);
  s.id_hash = hash_hex(s.id);
  s.iface = spec.iface;
  s.person_id = spec.person_id;
  s.via_remember = spec.via_remember;
  s.created_ms = s.last_seen_ms = clock_.now_ms();
  s.ip = spec.ip.substr(0, 64);
  s.user_agent = spec.user_agent.substr(0, 256);
  s.data = spec.data;
  storage::SessionRecord rec;
  rec.id_hash = s.id_hash;
  rec.interface = s.iface;
  rec.person_id = s.person_id;
  rec.via_remember = s.via_remember;
  rec.created_ms = s.created_ms;
  rec.last_seen_ms = s.last_seen_ms;
  rec.ip = s.ip;
  rec.user_agent = s.user_agent;
  rec.data = s.data;
  if (Status st = store_.insert(rec); !st.is_ok()) return st;
  s.row_id = rec.row_id;
  cache_put(s, s.last_seen_ms, s.created_ms);
  return s;
}

Result<Session> SessionManager::rotate(const Session& old, int64_t person_id, bool via_remember) {
  NewSession spec{old.iface, person_id, via_remember, old.ip, old.user_agent, old.data};
  auto fresh = create(spec);
  if (!fresh.is_ok()) return fresh;
  if (!old.id_hash.empty()) {
    if (Status st = destroy(old); !st.is_ok()) return st;
  }
  return fresh;
}

Status SessionManager::destroy(const Session& s) {
  // The store first: a lookup racing with this cannot re-read the row into the
  // cache after the cache entry was dropped.
  Status st = store_.remove(s.id_hash);
  if (!st.is_ok() && st.code() != Code::kNotFound) return st;  // already gone is the goal
  cache_drop(s.id_hash);
  watchers_.ended(s.id_hash);
  if (end_listener_) end_listener_({s.id_hash}, 0);
  return Status::ok();
}

Status SessionManager::save_data(const Session& s) {
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(s.id_hash); it != cache_.end()) it->second.session.data = s.data;
  }
  return store_.update_data(s.id_hash, s.data);
}

Result<size_t> SessionManager::end_person_sessions(int64_t person_id, std::string_view keep_id_hash) {
  auto removed = store_.remove_by_person(person_id, keep_id_hash);
  if (!removed.is_ok()) return removed.status();
  for (const auto& h : *removed) cache_drop(h);
  watchers_.ended(*removed);
  if (end_listener_ && !removed->empty()) end_listener_(*removed, 0);
  return removed->size();
}

Status SessionManager::end_by_row_id(int64_t row_id) {
  Status st = store_.remove_by_row_id(row_id);
  if (!st.is_ok() && st.code() != Code::kNotFound) return st;
  drop_row(row_id);
  watchers_.ended_row(row_id);
  if (end_listener_) end_listener_({}, row_id);
  return Status::ok();
}

void SessionManager::drop_row(int64_t row_id) {
  std::lock_guard lock(mu_);
  for (auto it = cache_.begin(); it != cache_.end(); ++it) {
    if (it->second.session.row_id == row_id) {
      pending_touches_.erase(it->first);
      cache_.erase(it);
      break;
    }
  }
}

void SessionManager::set_end_listener(EndListener listener) {
  end_listener_ = std::move(listener);
}

void SessionManager::forget(const std::vector<std::string>& id_hashes) {
  for (const auto& h : id_hashes) cache_drop(h);
  watchers_.ended(id_hashes);
}

void SessionManager::forget_row(int64_t row_id) {
  drop_row(row_id);
  watchers_.ended_row(row_id);
}

SessionWatch SessionManager::watch(const Session& s, std::function<void()> on_end) {
  return watchers_.watch(s.id_hash, s.row_id, std::move(on_end));
}

Status SessionManager::flush() {
  std::vector<std::pair<std::string, int64_t>> batch;
  {
    std::lock_guard lock(mu_);
    batch.assign(pending_touches_.begin(), pending_touches_.end());
    pending_touches_.clear();
  }
  if (batch.empty()) return Status::ok();
  return store_.touch_many(batch);
}

Status SessionManager::sweep() {
  if (Status st = flush(); !st.is_ok()) return st;
  const int64_t now = clock_.now_ms();
  for (Interface iface : kAllInterfaces) {
    const auto t = timeouts(iface);
    // Stored last_seen lags the real one by up to kTouchIntervalMs (write-behind).
    auto removed = store_.remove_expired(iface, now - t.idle_s * 1000 - kTouchIntervalMs, now - t.absolute_s * 1000);
    if (!removed.is_ok()) return removed.status();
    for (const auto& h : *removed) cache_drop(h);
    watchers_.ended(*removed);
  }
  return Status::ok();
}

size_t SessionManager::cached() const {
  std::lock_guard lock(mu_);
  return cache_.size();
}

}  // namespace deskd::session
