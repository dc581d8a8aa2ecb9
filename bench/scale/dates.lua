-- dates.lua: SCENARIOS.md #3 as a benchmark -- every resolved date of the
-- store with its sentence, and the sentences that mention a word (default
-- "minister"), through the Lua iterator; then the same question asked of
-- the dates of the articles the full-text index says name the word
-- (dates { query = word }).  Prints one line each; CPU seconds.
local nl = require "newslua"
local corpus <close> = assert(nl.open(arg[1]))
local word = arg[2] or "minister"

-- Iterate `filter`'s dates, counting those whose sentence holds `word`.
local function run(filter)
  local t0, n, m = os.clock(), 0, 0
  for d in corpus:dates(filter) do
    n = n + 1
    if d.sentence and d.sentence:find(word, 1, true) then m = m + 1 end
  end
  return n, m, os.clock() - t0
end

local n, m, dt = run()
print(string.format("Lua: for d in corpus:dates() -> %d dates (%d in sentences with %q) in %.2f s = %.0f dates/s",
                    n, m, word, dt, n / dt))
n, m, dt = run { query = word }
print(string.format("Lua: for d in corpus:dates { query = %q } -> %d dates (%d in sentences with it) in %.3f s",
                    word, n, m, dt))
