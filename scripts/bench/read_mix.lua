-- wrk script of scripts/load-test.sh: one part of the read mix, chosen by $PERMITWATCH_MIX.
--   pages   random bbox pages of /collections/sources/items (a box of 0.02-0.25 degrees at a
--           random place inside the data's extent, limit 10, 100, 500 or 1000)
--   others  items by a random existing id, the catalog (/queries), a catalog query
--           (sources-near a random place) and the weekly report of a random prefecture, in turn
-- $PERMITWATCH_EXTENT is "minlon,minlat,maxlon,maxlat"; $PERMITWATCH_IDS and
-- $PERMITWATCH_PREFECTURES are files of one id or code a line. Every response that is not 2xx
-- is counted (wrk itself counts only 4xx/5xx, and only in its summary); done() writes the
-- counts and the latency percentiles as JSON to $PERMITWATCH_RESULT for the script to merge.
local mix = os.getenv("PERMITWATCH_MIX") or "pages"
local extent = {}
for number in string.gmatch(os.getenv("PERMITWATCH_EXTENT") or "113,22,114,23", "[^,]+") do
  extent[#extent + 1] = tonumber(number)
end

local function lines(path)
  local list = {}
  if path then
    for line in io.lines(path) do
      if #line > 0 then list[#list + 1] = line end
    end
  end
  return list
end

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

-- Per thread; non2xx is a global so that done() can read it with thread:get.
local ids, prefectures, turn
non2xx = 0
function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
  ids = lines(os.getenv("PERMITWATCH_IDS"))
  prefectures = lines(os.getenv("PERMITWATCH_PREFECTURES"))
  turn = 0
  non2xx = 0
end

local limits = {10, 100, 500, 1000}
local function between(a, b) return a + (b - a) * math.random() end

function request()
  if mix == "pages" then
    local size = between(0.02, 0.25)
    local lon = between(extent[1], extent[3] - size)
    local lat = between(extent[2], extent[4] - size)
    return wrk.format("GET", string.format("/collections/sources/items?bbox=%.4f,%.4f,%.4f,%.4f&limit=%d",
      lon, lat, lon + size, lat + size, limits[math.random(#limits)]))
  end
  turn = turn + 1
  local kind = turn % 4
  if kind == 0 then
    return wrk.format("GET", "/collections/sources/items/" .. ids[math.random(#ids)])
  elseif kind == 1 then
    return wrk.format("GET", "/queries")
  elseif kind == 2 then
    return wrk.format("GET", string.format("/queries/sources-near?at=%.4f,%.4f&radius=2000",
      between(extent[1], extent[3]), between(extent[2], extent[4])))
  else
    return wrk.format("GET", "/reports/weekly?f=json&area=" .. prefectures[math.random(#prefectures)])
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx <= 3 then io.stderr:write("non-2xx: " .. status .. " " .. (body or ""):sub(1, 200) .. "\n") end
  end
end

function done(summary, latency, requests)
  local counted = 0
  for _, thread in ipairs(threads) do counted = counted + (thread:get("non2xx") or 0) end
  local percentiles = {}
  for i = 1, 999 do
    percentiles[#percentiles + 1] = string.format("[%.1f,%d]", i / 10, latency:percentile(i / 10))
  end
  percentiles[#percentiles + 1] = string.format("[99.99,%d]", latency:percentile(99.99))
  percentiles[#percentiles + 1] = string.format("[100,%d]", latency.max)
  local e = summary.errors
  local json = string.format(
    '{"mix":"%s","requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"percentiles_us":[%s]}',
    mix, summary.requests, summary.duration, summary.bytes, counted, e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(percentiles, ","))
  local path = os.getenv("PERMITWATCH_RESULT")
  if path then
    local f = io.open(path, "w")
    f:write(json)
    f:close()
  end
end
