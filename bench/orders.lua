-- wrk script: each connection is one member who, over and over, puts one
-- unit of a SKU in the cart and places the order (two requests per
-- order, as a shopper's browser makes them). Run with as many threads as
-- connections, so each member's requests are strictly one after another.
-- BENCH_PREP names the table orders_prep.py wrote; BENCH_HOT=1 makes every
-- member buy the same SKU.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local data = dofile(os.getenv("BENCH_PREP"))
  skus = data.skus
  me = data.members[(id % #data.members) + 1]
  hot = os.getenv("BENCH_HOT") == "1"
  -- Checkout keys must differ between runs: a key already used answers
  -- with its first order and places nothing (as it should).
  run = os.getenv("BENCH_RUN") or tostring(os.time())
  headers = {
    ["Cookie"] = me.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  n, placed, failed, placing, place_next = 0, 0, 0, false, false
end

-- What comes next follows the last answer, not a count of requests: wrk
-- calls request() once more than it sends (thread 0's first request,
-- which it only inspects), and a count would then send a checkout before
-- any add.
function request()
  n = n + 1
  placing = place_next
  if not placing then
    sku = hot and skus[1] or skus[((id * 7919 + n) % #skus) + 1]
    return wrk.format("POST", "/api/cart/add", headers, "sku=" .. sku.code .. "&quantity=1")
  end
  local body = "key=bench-" .. run .. "-" .. id .. "-" .. n .. "&address_id=" .. me.address
    .. "&note=&expected_before_coupon=" .. sku.total
  return wrk.format("POST", "/api/orders/place", headers, body)
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
  elseif placing then
    placed = placed + 1
  end
  place_next = not placing and status == 200
end

function done(summary, latency, requests)
  local placed_all, failed_all = 0, 0
  for _, thread in ipairs(threads) do
    placed_all = placed_all + thread:get("placed")
    failed_all = failed_all + thread:get("failed")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("orders placed %d in %.1f s: %.0f orders/s; failed requests %d\n",
    placed_all, seconds, placed_all / seconds, failed_all))
  io.write(string.format("latency per request (add or place): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
