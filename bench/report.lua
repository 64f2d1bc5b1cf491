-- wrk script: print the numbers make bench needs (wrk's own --latency output has no p95).
-- With the argument "uncached" (`wrk ... URL -- uncached`) every request adds a parameter the
-- page ignores but the page cache keys on, so each one is built: how search is measured, since
-- readers seldom type the same words.
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end

init = function(args)
  uncached = args[1] == "uncached"
  sent = 0
end

request = function()
  if not uncached then
    return wrk.request()
  end
  sent = sent + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "bench=" .. id .. "-" .. sent)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
