-- wrk script: a payment provider delivering the same signed notice again
-- and again (providers retry until they see a 2xx). Every delivery is
-- verified and looked up; none may pay twice. BENCH_NOTICE names the
-- files orders_prep.py wrote.
local prefix = os.getenv("BENCH_NOTICE")
local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

wrk.method = "POST"
wrk.body = slurp(prefix .. ".notice")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Shop-Signature"] = slurp(prefix .. ".signature")
