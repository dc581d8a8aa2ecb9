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
-- Each round tags the whole corpus as many times as fit in 0.25 s (small
-- corpora are otherwise timer noise); the best round counts.
local best, count = 0, 0
for _ = 1, rounds do
  local t0, reps = os.clock(), 0
  repeat
    count = 0
    for i = 1, #docs do count = count + #newslua.dates(docs[i], opts) end
    reps = reps + 1
  until os.clock() - t0 >= 0.25
  local rate = reps * #all / (os.clock() - t0)
  if rate > best then best = rate end
end
io.write(("newslua  %s: %d docs %d bytes %d expressions %.1f MB/s\n")
  :format(path:match("[^/]+$"), #docs, #all, count, best / 1e6))
