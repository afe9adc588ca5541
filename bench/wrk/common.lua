-- Shared by every scenario script (loaded with dofile). Adds the request
-- cookies from $BENCH_COOKIE (and an Authorization header from
-- $BENCH_AUTHORIZATION) and prints one machine-readable summary line
-- for bench/report.py:
--   BENCH_RESULT {"requests":…,"latency_us":{"p50":…},…}
-- A scenario script that checks response codes counts mismatches in the
-- per-thread global `unexpected`; they are summed here and reported as errors.

local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

-- An API key for /api/ scenarios ("Bearer dk_..."), from $BENCH_AUTHORIZATION.
local authorization = os.getenv("BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local unexpected = 0
  for _, thread in ipairs(threads) do
    unexpected = unexpected + (thread:get("unexpected") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,' ..
    '"status_errors":%d,"unexpected_status":%d,' ..
    '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.timeout, e.status, unexpected,
    latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max))
end
