#pragma once
// Idempotency-Key on REST API POSTs: a client that retries a POST with the
// same key (per API key) and the same request gets the first answer again
// (header Idempotent-Replayed: true) and nothing is created twice. The same
// key with a different method, path or body answers 422; while the first
// request still runs, 409. Answers are stored durably (storage/api_key_store.h)
// before they are sent, so a retry after a crash or on another node replays
// too; answers of 5xx and 429 are not kept (the retry runs again). Keys are
// forgotten after 24 hours.
#include "pipeline/app.h"

namespace deskd::api {

inline constexpr size_t kMaxIdempotencyKey = 255;
inline constexpr int64_t kIdempotencyKeepMs = 24LL * 60 * 60 * 1000;

// `fn` behind the Idempotency-Key check. Requests without the header run `fn` as is.
pipeline::HandlerFn with_idempotency(pipeline::HandlerFn fn);

}  // namespace deskd::api
