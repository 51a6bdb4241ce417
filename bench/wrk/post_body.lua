-- wrk script: every request is METHOD PATH with the JSON body read from the
-- file named by the first script argument (wrk ... -s post_body.lua -- FILE METHOD).
local body_file, method
function init(args)
  body_file = args[1]
  method = args[2] or "POST"
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = method
  wrk.headers["Content-Type"] = "application/json"
end

-- one machine-readable line for bench_server.py; errors.status counts
-- answers other than 2xx/3xx
function done(summary, latency, requests)
  local p = latency:percentile(99.0)
  io.write(string.format("JSON {\"requests\": %d, \"seconds\": %.3f, \"p50_us\": %.1f, \"p99_us\": %.1f, \"errors\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50.0), p,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
