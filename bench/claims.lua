-- wrk script: each connection is one member claiming a coupon of the same
-- template over and over (the coupon centre's claim form). Run with as
-- many threads as connections so each member's claims are one after
-- another. BENCH_PREP names the table claims_prep.py wrote.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local data = dofile(os.getenv("BENCH_PREP"))
  local cookie = data.members[(id % #data.members) + 1]
  body = "template_id=" .. data.template
  headers = {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  claimed, failed = 0, 0
end

function request()
  return wrk.format("POST", "/api/coupons/claim", headers, body)
end

function response(status, headers, body)
  if status == 200 then
    claimed = claimed + 1
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local claimed_all, failed_all = 0, 0
  for _, thread in ipairs(threads) do
    claimed_all = claimed_all + thread:get("claimed")
    failed_all = failed_all + thread:get("failed")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("coupons claimed %d in %.1f s: %.0f claims/s; refused %d\n",
    claimed_all, seconds, claimed_all / seconds, failed_all))
  io.write(string.format("latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
