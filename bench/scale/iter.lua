-- iter.lua: articles per second through the Lua iterator with a small body.
local nl = require "newslua"
local corpus <close> = assert(nl.open(arg[1]))
local t0, n, chars = os.clock(), 0, 0
for a in corpus:articles() do
  n = n + 1
  chars = chars + #(a.title or "")
end
local dt = os.clock() - t0
print(string.format("Lua: for a in corpus:articles() -> %d articles in %.2f s = %.0f articles/s", n, dt, n / dt))
