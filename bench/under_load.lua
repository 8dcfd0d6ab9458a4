-- wrk script for bench/under_load.py: random article paths from URLS_FILE,
-- and a count of page cache hits and misses (the X-Cache response header).
local threads = {}

function setup(thread)
  thread:set("seed", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(seed * 7919 + os.time())
  paths = {}
  local f = assert(io.open(os.getenv("URLS_FILE"), "r"))
  for line in f:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  f:close()
  hits, misses = 0, 0
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  if headers["X-Cache"] == "hit" then hits = hits + 1 else misses = misses + 1 end
end

function done(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
  end
  io.write(string.format("CACHE hits=%d misses=%d\n", h, m))
end
