-- GET with a different portal session on every request: cycles through the
-- session ids (one per line) in the file named by BENCH_IDS_FILE
-- (bench/scale.sh writes it with deskd_bench_seed).
local ids = {}
local next_id = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_IDS_FILE")) do
    ids[#ids + 1] = line
  end
end

function request()
  next_id = next_id % #ids + 1
  return wrk.format("GET", nil, { Cookie = "dpsid-portal=" .. ids[next_id] })
end
