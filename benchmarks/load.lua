-- wrk script for benchmarks/load.py: rotate over the paths in the file named by the first
-- argument, count every answer that is not 2xx (wrk itself only counts 4xx/5xx), and print the
-- figures as one line of JSON that load.py reads.

local threads = {}
local started = 0

function setup(thread)
  thread:set("id", started)
  started = started + 1
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  -- Threads start apart in the list, so they do not ask for the same pages in step.
  index = math.floor(id * #paths / (tonumber(args[2]) or 1))
  non_2xx = 0
  codes = {}
end

function request()
  index = index % #paths + 1
  return wrk.format(nil, paths[index])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
    local key = tostring(status)
    codes[key] = (codes[key] or 0) + 1
  end
end

function done(summary, latency, requests)
  local non = 0
  local merged = {}
  for _, thread in ipairs(threads) do
    non = non + thread:get("non_2xx")
    for code, n in pairs(thread:get("codes")) do
      merged[code] = (merged[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(merged) do
    parts[#parts + 1] = string.format('"%s": %d', code, n)
  end
  local e = summary.errors
  io.write(string.format(
    'LOAD-JSON {"requests": %d, "duration_us": %d, "p50_us": %.1f, "p90_us": %.1f, '
      .. '"p99_us": %.1f, "max_us": %.1f, "non_2xx": %d, "codes": {%s}, "connect": %d, '
      .. '"read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, non, table.concat(parts, ", "), e.connect, e.read,
    e.write, e.timeout
  ))
end
