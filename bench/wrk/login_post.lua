-- POST a login form on every request: body from $BENCH_BODY (url-encoded
-- email, password, _dp_csrf_token), cookies from $BENCH_COOKIE (the matching
-- pre-login `_dp_csrf_token`). wrk keeps no cookies, so the same pre-login pair
-- stays valid although every successful login rotates it. Success is exactly a
-- 303; anything else (a re-rendered form, a 403) counts as an error.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or ""
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

function init(args)
  unexpected = 0
end

function response(status, headers, body)
  if status ~= 303 then
    unexpected = unexpected + 1
  end
end
