-- wrk counts every response it reads as a success, a 500 or a redirect to the login page included.
-- This counts the responses whose status is not 2xx, over all threads, and prints the total last.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("not_2xx")
  end
  io.write(string.format("not-2xx responses: %d\n", total))
end
