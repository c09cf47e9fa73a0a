-- wrk script: each connection walks root -> services -> requirements with a fresh session id and a
-- fresh phone number per journey, as Africa's Talking posts them (cumulative `text`).
--   wrk -t8 -c8 -d10s -s bench/hops.lua 'http://127.0.0.1:PORT/ussd?token=...'
-- Run one connection per thread (-tN -cN): wrk calls request() and response() per thread, not per
-- connection, so with one connection a thread its journeys' hops go strictly in order.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local KEYS = {"", "1", "1*2"}
local EXPECT = {"CON ", "CON ", "CON "}
local step, journey, session, phone = 0, 0, "", ""
bad = 0

function init(args)
  run = tonumber(args[1] or "0") % 100  -- the bench numbers its runs: no phone dials twice
  if os.getenv("HOPS_CHECK_SAPA") == "1" then
    EXPECT = {"CON Selamat datang", "CON Pilih layanan", "CON Syarat SKTM"}
  end
  math.randomseed(os.time() * 1000 + id)
  prefix = string.format("%06x", math.random(0, 0xffffff))  -- session ids: fresh across runs too
end

-- HOPS_DELAY_MS paces each connection (bench/broadcast.py: a steady rate, not as fast as possible).
local pause = tonumber(os.getenv("HOPS_DELAY_MS") or "")
if pause then
  function delay() return pause end
end

function request()
  step = step + 1
  if step > #KEYS then step = 1 end
  if step == 1 then
    journey = journey + 1
    session = string.format("ATUid_%s%02d%09d", prefix, id, journey)
    -- +62 8, then run, thread and journey: a number that never dialled before (12 digits after +62)
    phone = string.format("+628%02d%02d%07d", run, id, journey)
  end
  local body = "sessionId=" .. session .. "&serviceCode=%2A384%2A123%23&phoneNumber=%2B" ..
               string.sub(phone, 2) .. "&networkCode=51010&text=" .. string.gsub(KEYS[step], "%*", "%%2A")
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

function response(status, headers, body)
  if status ~= 200 or string.sub(body, 1, #EXPECT[step]) ~= EXPECT[step] then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do wrong = wrong + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "socket_errors": %d, "non_2xx": %d, "wrong_screens": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.timeout, e.status, wrong))
end
