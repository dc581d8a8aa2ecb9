-- dates.lua: SCENARIOS.md #3 as a benchmark -- every resolved date of the
-- store with its sentence, and the sentences that mention a word (default
-- "minister"), through the Lua iterator.  Prints one line; CPU seconds.
local nl = require "newslua"
local corpus <close> = assert(nl.open(arg[1]))
local word = arg[2] or "minister"
local t0, n, m = os.clock(), 0, 0
for d in corpus:dates() do
  n = n + 1
  if d.sentence and d.sentence:find(word, 1, true) then m = m + 1 end
end
local dt = os.clock() - t0
print(string.format("Lua: for d in corpus:dates() -> %d dates (%d in sentences with %q) in %.2f s = %.0f dates/s",
                    n, m, word, dt, n / dt))
