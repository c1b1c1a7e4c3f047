-- A rotation of requests read from the file named by BENCH_REQUESTS: one
-- request a line, "PATH<TAB>TOKEN" (TOKEN may be empty). Requests are
-- formatted once in init(); request() hands them out in order, so every
-- connection cycles through every path and token.
local reqs = {}
local n = 0
local i = 0

function init(args)
  local file = assert(io.open(os.getenv("BENCH_REQUESTS"), "r"))
  for line in file:lines() do
    local path, token = line:match("^([^\t]+)\t?(.*)$")
    if path then
      local headers = {}
      if token and token ~= "" then
        headers["Authorization"] = "Bearer " .. token
      end
      n = n + 1
      reqs[n] = wrk.format("GET", path, headers)
    end
  end
  file:close()
  assert(n > 0, "no requests in " .. os.getenv("BENCH_REQUESTS"))
end

function request()
  i = i % n + 1
  return reqs[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_WRK requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "mean_us=%.1f err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
end
