-- cursor_spec.lua: the newslua.cursor handle and its iterator (l_cursor.c).
local nl = require "newslua"
local H = require "helper"

describe("newslua.cursor", function()
  after_each(H.cleanup)

  it("comes as next, cursor, nil, cursor", function()
    local c <close> = assert(nl.open(":memory:"))
    local f, s, v, closing = c:articles()
    assert.are.equal("function", type(f))
    assert.are.equal(s, closing)
    assert.is_nil(v)
    assert.truthy(tostring(closing):match("^newslua%.cursor %(0x%x+%)$")
                  or tostring(closing):match("^newslua%.cursor %(%x+%)$"))
  end)

  it("is closed when the loop ends", function()
    local c <close> = assert(nl.open(":memory:"))
    local f, s, v, closing = c:articles()
    for _ in f, s, v, closing do end
    assert.are.equal("newslua.cursor (closed)", tostring(closing))
    assert.is_nil(f(s)) -- next on a closed cursor: nothing
  end)

  it("close is idempotent and shared by __close and __gc", function()
    local c <close> = assert(nl.open(":memory:"))
    local _, cur = c:articles()
    cur:close()
    cur:close()
    local mt = getmetatable(cur)
    mt.__close(cur)
    mt.__gc(cur)
    assert.are.equal("newslua.cursor (closed)", tostring(cur))
    assert.is_nil(cur:next())
  end)

  it("keeps its corpus alive", function()
    local f, s, v, closing = (function()
      local c = assert(nl.open(":memory:"))
      return c:articles()
    end)()
    collectgarbage()
    collectgarbage()
    for _ in f, s, v, closing do end -- no error: the corpus is still open
    assert.are.equal("newslua.cursor (closed)", tostring(closing))
  end)

  it("raises when its corpus was closed under it", function()
    local c = assert(nl.open(":memory:"))
    local f, s = c:articles()
    c:close()
    H.assert_raises("attempt to use a closed newslua.corpus", f, s)
    assert.are.equal("newslua.cursor (closed)", tostring(s))
    s = nil
    collectgarbage() -- freeing after the store closed must not crash
  end)

  it("raises on a wrong self", function()
    local c <close> = assert(nl.open(":memory:"))
    local f, cur = c:articles()
    H.assert_raises("newslua.cursor expected", f, c)
    H.assert_raises("newslua.cursor expected", cur.close, {})
    H.assert_raises("newslua.cursor expected", cur.next, nil)
  end)

  describe("over stored articles", function()
    it("is closed by break", function()
      local c <close> = H.open_fixture()
      local f, s, v, closing = c:articles()
      local n = 0
      for _ in f, s, v, closing do
        n = n + 1
        break
      end
      assert.are.equal(1, n)
      assert.are.equal("newslua.cursor (closed)", tostring(closing))
    end)

    it("is closed by an error in the loop body", function()
      local c <close> = H.open_fixture()
      local f, s, v, closing = c:search("talks")
      local ok, err = pcall(function()
        for _ in f, s, v, closing do error("in the body") end
      end)
      assert.is_false(ok)
      assert.truthy(err:find("in the body", 1, true))
      assert.are.equal("newslua.cursor (closed)", tostring(closing))
    end)

    it("closes a date-ordered search on break and raises once its corpus is closed", function()
      local c = H.open_fixture()
      local f, s, v, closing = c:search("talks", { order = "newest" })
      local first
      for hit in f, s, v, closing do first = hit.article.id; break end
      assert.are.equal("crimea", first)
      assert.are.equal("newslua.cursor (closed)", tostring(closing))
      local ok, err = pcall(function()
        for _ in c:search("talks", { order = "oldest" }) do c:close() end
      end)
      assert.is_false(ok)
      assert.truthy(err:find("attempt to use a closed newslua.corpus", 1, true))
    end)

    it("raises mid-loop when the corpus is closed inside the loop", function()
      local c = H.open_fixture()
      local ok, err = pcall(function()
        for _ in c:articles() do c:close() end
      end)
      assert.is_false(ok)
      assert.truthy(err:find("attempt to use a closed newslua.corpus", 1, true))
    end)

    it("nests dotted columns and converts lists", function()
      local c <close> = H.open_fixture()
      local hit = H.first(c:search("Vienna"))
      assert.are.equal("table", type(hit.article))
      assert.are.equal("talks", hit.article.id)
      assert.are.equal("Example News", hit.article.source)
      assert.are.equal("table", type(hit.article.paragraphs))
      assert.are.equal("table", type(hit.article.warnings))
      for d in c:dates() do
        assert.are.equal("table", type(d.article))
        assert.are.equal("string", type(d.article.id))
        assert.are.equal("number", type(d.start))
        assert.are.equal("number", type(d.stop))
        assert.is_nil(d["end"])
      end
    end)
  end)
end)
