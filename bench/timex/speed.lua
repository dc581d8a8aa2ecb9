-- speed.lua FILE [ROUNDS] -- newslua.dates throughput over FILE, whose
-- documents are separated by "\n\f\n" (bench/timex/extract.py).  Prints
-- one line: bytes, expressions, seconds, MB/s.  A benchmark, not a test.
local newslua = require "newslua"
local path, rounds = arg[1], tonumber(arg[2] or "3")
local f = assert(io.open(path, "rb"))
local all = f:read("a")
f:close()
local docs, pos = {}, 1
while true do
  local a, b = all:find("\n\f\n", pos, true)
  docs[#docs + 1] = all:sub(pos, (a or #all + 1) - 1)
  if not a then break end
  pos = b + 1
end
local opts = {dct = "1999-01-01"}
local best, count = math.huge, 0
for _ = 1, rounds do
  local t0 = os.clock()
  count = 0
  for i = 1, #docs do count = count + #newslua.dates(docs[i], opts) end
  local dt = os.clock() - t0
  if dt < best then best = dt end
end
io.write(("newslua  %s: %d docs %d bytes %d expressions %.3f s %.1f MB/s\n")
  :format(path:match("[^/]+$"), #docs, #all, count, best, #all / best / 1e6))
