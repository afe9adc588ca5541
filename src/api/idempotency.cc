#include "api/idempotency.h"

#include <spdlog/spdlog.h>

#include <atomic>

#include "core/crypto.h"
#include "core/degraded.h"
#include "pipeline/json_answer.h"

namespace deskd::api {
namespace {

using pipeline::RequestContext;

bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxIdempotencyKey) return false;
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) return false;  // visible ASCII
  }
  return true;
}

// Forgets answers older than kIdempotencyKeepMs, at most once an hour per process.
void prune_now_and_then(RequestContext& ctx, int64_t now) {
  static std::atomic<int64_t> last_prune_ms{0};
  int64_t last = last_prune_ms.load();
  if (now - last < 60 * 60 * 1000 || !last_prune_ms.compare_exchange_strong(last, now)) return;
  Result<int64_t> pruned = ctx.svc.storage.api_keys().prune_answers(now - kIdempotencyKeepMs);
  if (!pruned) spdlog::warn("pruning old idempotency keys failed: {}", pruned.status().to_string());
}

}  // namespace

pipeline::HandlerFn with_idempotency(pipeline::HandlerFn fn) {
  return [fn = std::move(fn)](RequestContext& ctx) {
    const std::string_view key = ctx.req.header("Idempotency-Key");
    if (key.empty() || !ctx.api_key) return fn(ctx);
    if (!valid_key(key)) {
      return pipeline::answer_api_error(ctx, 400, "Idempotency-Key must be 1 to 255 visible ASCII characters");
    }
    storage::ApiKeyStore& store = ctx.svc.storage.api_keys();
    const int64_t key_id = ctx.api_key->id;
    const int64_t now = ctx.svc.clock.now_ms();
    prune_now_and_then(ctx, now);
    const std::string request_hash = hash_hex(ctx.req.method + "\n" + ctx.path + "\n" + ctx.req.body);
    Status reserved = store.reserve_answer(key_id, key, request_hash, now);
    if (reserved.code() == Code::kConflict) {
      Result<storage::ApiAnswer> stored = store.find_answer(key_id, key);
      if (!stored) return pipeline::render_status(ctx, stored.status());
      if (!constant_time_equal(stored->request_hash, request_hash)) {
        return pipeline::answer_api_error(ctx, 422, "this Idempotency-Key was used with a different request");
      }
      if (stored->status == 0) {
        return pipeline::answer_api_error(ctx, 409, "a request with this Idempotency-Key is still running");
      }
      ctx.res = http::Response{};
      ctx.res.status = stored->status;
      ctx.res.set_header("Content-Type", "application/json");
      ctx.res.set_header("Idempotent-Replayed", "true");
      ctx.res.body = stored->body;
      return;
    }
    if (!reserved.is_ok()) return pipeline::render_status(ctx, reserved);
    try {
      fn(ctx);
    } catch (...) {
      ok_or_degraded(Degraded::kApiAnswerNotSaved, store.release_answer(key_id, key),
                     "releasing an Idempotency-Key after a failed request");
      throw;
    }
    const int status = ctx.res.status;
    if (status >= 500 || status == 429) {
      ok_or_degraded(Degraded::kApiAnswerNotSaved, store.release_answer(key_id, key),
                     "releasing an Idempotency-Key after a failed request");
      return;
    }
    ok_or_degraded(Degraded::kApiAnswerNotSaved, store.complete_answer(key_id, key, status, ctx.res.body),
                   "storing the answer of an Idempotency-Key");
  };
}

}  // namespace deskd::api
