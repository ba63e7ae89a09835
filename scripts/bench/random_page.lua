-- wrk script of scripts/postgis-page-benchmark.sh: 1,000-feature pages of
-- /collections/sources/items for random boxes (0.05-0.25 degrees, at a random place inside
-- $PERMITWATCH_EXTENT, "minlon,minlat,maxlon,maxlat"). done() prints the requests, the
-- non-2xx count, the pages whose numberReturned is not min(1000, numberMatched) (a count and
-- features from two snapshots), the first non-2xx answer's status and problem title, and the
-- latency percentiles on one line for the script to read.
local extent = {}
for number in string.gmatch(os.getenv("PERMITWATCH_EXTENT") or "113,22,114,23", "[^,]+") do
  extent[#extent + 1] = tonumber(number)
end

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

non2xx = 0
inconsistent = 0
first_failure = "none"
function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
  non2xx = 0
  inconsistent = 0
  first_failure = "none"
end

function request()
  local size = 0.05 + math.random() * 0.2
  local lon = extent[1] + math.random() * math.max(extent[3] - extent[1] - size, 0)
  local lat = extent[2] + math.random() * math.max(extent[4] - extent[2] - size, 0)
  local path = string.format("/collections/sources/items?bbox=%.6f,%.6f,%.6f,%.6f&limit=1000", lon, lat, lon + size, lat + size)
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_failure == "none" then
      local title = string.match(body or "", '"title":"([^"]*)"') or "no title"
      first_failure = status .. ":" .. string.gsub(title, "%s", "_")
    end
    return
  end
  local matched = tonumber(string.match(body, '"numberMatched":(%d+)'))
  local returned = tonumber(string.match(body, '"numberReturned":(%d+)'))
  if matched == nil or returned == nil or returned ~= math.min(matched, 1000) then inconsistent = inconsistent + 1 end
end

function done(summary, latency, requests)
  local failed, mismatched, failure = 0, 0, "none"
  for _, thread in ipairs(threads) do
    failed = failed + (thread:get("non2xx") or 0)
    mismatched = mismatched + (thread:get("inconsistent") or 0)
    if failure == "none" then failure = thread:get("first_failure") or "none" end
  end
  io.write(string.format("RESULT requests=%d seconds=%.2f non2xx=%d first_failure=%s inconsistent=%d socket_errors=%d p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, failed, failure, mismatched,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
