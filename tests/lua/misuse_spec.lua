-- misuse_spec.lua: the Lua misuse sweep (issue 5).  Every public function
-- and method with wrong types, nil, closed handles and huge strings gives a
-- Lua error or nil, msg, code -- never a crash and never another outcome.
local nl = require "newslua"
local H = require "helper"

local huge = string.rep("x", 4 * 1024 * 1024)
local bad_values = {
  nil, false, true, 0, -1, 2 ^ 63, 0 / 0, "", huge, "\0\xFF\xFE",
  {}, { foo = 1 }, { limit = -5 }, print, coroutine.create(print), io.stdout,
  nl.null, { order = "sideways" }, { order = 2 }, { order = "newest" },
}
local NBAD = 20

-- Outcome of a protected call: "raised", "failed" (nil, msg, code) or "ok".
local function outcome(f, ...)
  local r = table.pack(pcall(f, ...))
  if not r[1] then
    assert.are.equal("string", type(r[2]), "error objects are strings")
    return "raised"
  end
  if r[2] == nil and r.n >= 3 then
    assert.are.equal("string", type(r[3]))
    assert.are.equal("string", type(r[4]))
    assert.are.equal(r[4] .. ": ", r[3]:sub(1, #r[4] + 2))
    return "failed"
  end
  return "ok"
end

-- Call f(v) and f(good, v) for every bad value; drain iterators returned.
local function sweep(name, f, good)
  for i = 1, NBAD do
    local v = bad_values[i]
    for _, args in ipairs { { v }, { good, v }, { v, v } } do
      local ok, it, s, c, closing = pcall(f, table.unpack(args, 1, 2))
      if ok and type(it) == "function" then
        pcall(function() for _ in it, s, c, closing do end end)
      end
      outcome(f, table.unpack(args, 1, 2))
    end
  end
  return name
end

describe("misuse sweep", function()
  after_each(H.cleanup)

  it("module functions", function()
    sweep("open", nl.open, ":memory:")
    sweep("load", nl.load, "/nonexistent")
    sweep("tokens", nl.tokens, "text")
    sweep("sentences", nl.sentences, "text")
    sweep("json_encode", nl.json_encode, {})
    sweep("json_decode", nl.json_decode, "[]")
    collectgarbage()
  end)

  it("corpus methods on an open corpus", function()
    local c <close> = assert(nl.open(":memory:"))
    for _, m in ipairs { "add", "articles", "search", "sentences", "sources", "outlets", "dates", "count", "optimize", "path" } do
      local f = c[m]
      sweep(m, function(...) return f(c, ...) end, "x")
      sweep(m .. " (bad self)", f, c)
    end
  end)

  it("corpus methods on a closed corpus raise", function()
    local c = assert(nl.open(":memory:"))
    c:close()
    for _, m in ipairs { "add", "articles", "search", "sentences", "sources", "outlets", "dates", "count", "optimize", "path" } do
      assert.are.equal("raised", outcome(c[m], c, "x"), m)
    end
    assert.are.equal("ok", outcome(c.close, c))
  end)

  it("cursor methods and metamethods", function()
    local c <close> = assert(nl.open(":memory:"))
    local _, cur = c:articles()
    local mt = getmetatable(cur)
    for _, f in ipairs { cur.close, cur.next, cur.offset, mt.__gc, mt.__close, mt.__tostring } do
      sweep("cursor", f, cur)
    end
    local cmt = getmetatable(c)
    for _, f in ipairs { cmt.__gc, cmt.__close, cmt.__tostring, cmt.__len } do
      assert.are.equal("raised", outcome(f, {}))
      assert.are.equal("raised", outcome(f, cur))
    end
  end)

  it("iterators of a closed corpus", function()
    local c = assert(nl.open(":memory:"))
    local iters = {
      { c:articles() }, { c:search("x") }, { c:dates() }, { c:sources() }, { c:outlets() },
    }
    c:close()
    for _, it in ipairs(iters) do
      assert.are.equal("raised", outcome(it[1], it[2]))
      assert.are.equal("ok", outcome(it[1], it[2])) -- now closed: ends
    end
    iters = nil
    collectgarbage()
    collectgarbage()
  end)

  it("huge inputs", function()
    local c <close> = assert(nl.open(":memory:"))
    local r = outcome(c.search, c, huge)
    assert.is_true(r == "ok" or r == "failed")
    assert.are.equal("failed", outcome(nl.json_decode, huge))
    local n = 0
    for _ in nl.tokens(huge) do n = n + 1 end
    assert.are.equal(1, n)
    assert.are.equal(1, #nl.sentences(huge))
    local deep = string.rep("[", 100000)
    assert.are.equal("failed", outcome(nl.json_decode, deep))
    local t = {}
    for _ = 1, 1000 do t = { t } end
    assert.are.equal("raised", outcome(nl.json_encode, t))
  end)
end)
