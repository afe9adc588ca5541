-- GET the URL's path on every request, with the cookies in $BENCH_COOKIE
-- (none when unset). Used for every read-only page scenario.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")
