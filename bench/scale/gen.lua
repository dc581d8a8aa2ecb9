-- gen.lua: deterministic synthetic news corpus for the scale benchmark.
--
--   newslua bench/scale/gen.lua DATA_DIR OUT_DIR N [SEED]
--
-- Builds a pool of real sentences from DATA_DIR/bbc and DATA_DIR/reuters21578
-- (via newslua.load + newslua.sentences), then writes N articles as JSON
-- Lines, 1000 per file (OUT_DIR/part-00000.jsonl ...): each article gets
-- 6..30 sentences drawn from the pool, a title from its first sentence, one
-- of 40 outlets and a publication date spread over 2000-01-01..2024-12-31.
-- Same arguments, same bytes: the generator uses its own seeded LCG.
local nl = require "newslua"

local data, out, n, seed = arg[1], arg[2], tonumber(arg[3] or ""), tonumber(arg[4] or "42")
if not (data and out and n) then
  io.stderr:write("usage: gen.lua DATA_DIR OUT_DIR N [SEED]\n")
  os.exit(2)
end

local state = seed
local function rand(m) -- 1..m, 48-bit LCG (drand48 constants)
  state = (state * 0x5DEECE66D + 0xB) % 0x1000000000000
  return (state >> 17) % m + 1
end

local pool = {}
local function add_corpus(path)
  local arts = nl.load(path)
  if not arts then return end
  for _, a in ipairs(arts) do
    local body = a.body or ""
    for _, s in ipairs(nl.sentences(body)) do
      local t = s.text
      if #t > 20 and #t < 400 then pool[#pool + 1] = t end
    end
  end
end
add_corpus(data .. "/bbc")
add_corpus(data .. "/reuters21578")
if #pool == 0 then
  io.stderr:write("gen.lua: no sentences found under ", data, "\n")
  os.exit(1)
end

local outlets = {}
for i = 1, 40 do outlets[i] = string.format("Outlet %02d", i) end

local function date(dayno) -- days since 2000-01-01 -> YYYY-MM-DD
  local t = os.time { year = 2000, month = 1, day = 1, hour = 12 } + dayno * 86400
  return os.date("!%Y-%m-%d", t)
end

os.execute("mkdir -p '" .. out .. "'")
local f, bytes = nil, 0
for i = 1, n do
  if (i - 1) % 1000 == 0 then
    if f then f:close() end
    f = assert(io.open(string.format("%s/part-%05d.jsonl", out, (i - 1) // 1000), "w"))
  end
  local k = 5 + rand(25)
  local sents = {}
  for j = 1, k do sents[j] = pool[rand(#pool)] end
  local title = sents[1]:sub(1, 90)
  local line = nl.json_encode {
    title = title,
    text = table.concat(sents, " "),
    date_publish = date(rand(9131) - 1) .. " 12:00:00",
    source_domain = outlets[rand(#outlets)],
    url = string.format("https://example.org/a/%d", i),
  }
  bytes = bytes + #line + 1
  f:write(line, "\n")
end
if f then f:close() end
io.stderr:write(string.format("gen.lua: %d articles, %.1f MB, %d pool sentences\n", n, bytes / 1e6, #pool))
