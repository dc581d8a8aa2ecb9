-- load_spec.lua: newslua.load, articles without storing (l_load.c).
local nl = require "newslua"
local H = require "helper"

describe("newslua.load", function()
  after_each(H.cleanup)

  it("loads one file into an array of articles and a report", function()
    local arts, rep = assert(nl.load(H.data .. "/corpus/talks.html"))
    assert.are.equal(1, #arts)
    assert.are.equal("talks", arts[1].id)
    assert.are.equal("html", arts[1].format)
    assert.are.equal(1, rep.files)
    assert.are.equal(0, rep.failed)
    assert.are.equal(1, rep.articles)
    assert.are.same({ html = 1 }, rep.formats)
    assert.are.same({}, rep.skipped)
  end)

  it("reports skipped files and goes on", function()
    local dir = H.tmpdir()
    H.write(dir .. "/a-junk.bin", H.read(H.data .. "/corpus/junk.bin"))
    H.write(dir .. "/b.html", H.read(H.data .. "/corpus/talks.html"))
    H.write(dir .. "/c-empty.txt", "")
    local arts, rep = assert(nl.load(dir))
    assert.are.equal(1, #arts)
    assert.are.equal("b", arts[1].id)
    assert.are.equal(3, rep.files)
    assert.are.equal(2, rep.failed)
    assert.are.equal(2, #rep.skipped)
    assert.are.equal(dir .. "/a-junk.bin", rep.skipped[1].file)
    assert.are.equal(dir .. "/c-empty.txt", rep.skipped[2].file)
    for _, s in ipairs(rep.skipped) do
      assert.are.equal("string", type(s.code))
      assert.are.equal(s.code .. ": ", s.reason:sub(1, #s.code + 2))
      assert.truthy(s.reason:find(s.file, 1, true)) -- names the file
    end
  end)

  it("loads a directory recursively in path order", function()
    local arts, rep = assert(nl.load(H.data .. "/corpus"))
    local ids = {}
    for _, a in ipairs(arts) do ids[#ids + 1] = a.id end
    assert.are.same({ "crimea", "geneva", "talks" }, ids)
    assert.are.equal(4, rep.files)
    assert.are.equal(1, rep.failed)
    assert.are.same({ text = 2, html = 1 }, rep.formats)
  end)

  it("calls on_file per file", function()
    local seen = {}
    assert(nl.load(H.data .. "/corpus", { on_file = function(r)
      seen[#seen + 1] = r.file:match("[^/]+$") .. ":" .. (r.status == "OK" and "ok" or "failed")
      assert.are.equal("number", type(r.articles))
    end }))
    assert.are.equal(4, #seen)
    assert.are.equal("junk.bin:failed", seen[3])
    assert.are.equal("talks.html:ok", seen[4])
  end)

  it("re-raises an on_file error with a traceback after the load", function()
    local n = 0
    local ok, err = pcall(nl.load, H.data .. "/corpus", { on_file = function()
      n = n + 1
      error("callback failed")
    end })
    assert.is_false(ok)
    assert.truthy(err:find("callback failed", 1, true))
    assert.truthy(err:find("stack traceback", 1, true))
    assert.are.equal(1, n)
  end)

  it("forces a format and limits file size", function()
    local dir = H.tmpdir()
    H.write(dir .. "/t.html", H.read(H.data .. "/corpus/talks.html"))
    local arts, rep = assert(nl.load(dir, { max_bytes = 10 }))
    assert.are.equal(0, #arts)
    assert.are.equal(1, rep.failed)
    assert.are.equal("ELIMIT", rep.skipped[1].code)
    -- a single file that fails is the load's own failure
    H.assert_fail("ELIMIT", nl.load(dir .. "/t.html", { max_bytes = 10 }))
    arts = assert(nl.load(dir .. "/t.html", { format = "html" }))
    assert.are.equal(1, #arts)
  end)

  -- tests/data/charset: a KOI8-R text and a Shift_JIS feed that declare no
  -- charset (written in UTF-8 by hand, converted with iconv)
  it("reads undeclared legacy charsets in the charset the bytes are in", function()
    local told = {}
    local arts, rep = assert(nl.load(H.source_dir .. "/tests/data/charset",
      { on_file = function(r) told[r.file:match("[^/]+$")] = r.message end }))
    assert.are.equal(2, #arts)
    assert.are.equal(0, rep.repaired)
    assert.are.equal("koi8r", arts[1].id)
    assert.are.equal("Переговоры в Женеве", arts[1].title)
    assert.truthy(arts[1].body:find("забастовка 14 марта отменяется", 1, true))
    assert.truthy(told["koi8r.txt"]:find("read as KOI8-R (detected)", 1, true))
    assert.are.equal("教育予算を増額", arts[2].title)
    assert.are.equal("2023-03-15T09:00", arts[2].published)
    assert.truthy(told["shift_jis.rss"]:find("read as SHIFT_JIS (detected)", 1, true))
    -- and the index finds the decoded words
    local c = assert(nl.open(H.source_dir .. "/tests/data/charset", { db = ":memory:" }))
    local n = 0
    for _ in c:search("забастовка") do n = n + 1 end
    assert.are.equal(1, n)
    c:close()
  end)

  it("reports repaired bytes and reads gzip transparently", function()
    local dir = H.tmpdir()
    -- two Windows-1252 bytes (\xE9), one in the title, one in the body
    H.write(dir .. "/cafe.txt", "date 2022-01-21\nCaf\xE9 owners protest\n\nThe caf\xE9 opened on Monday.\n")
    H.write(dir .. "/z.txt", H.read(dir .. "/cafe.txt"))
    assert(os.execute("gzip " .. H.q(dir .. "/z.txt")))
    local arts, rep = assert(nl.load(dir))
    assert.are.equal(2, #arts)
    assert.are.equal(4, rep.repaired)
    assert.are.same({ text = 2 }, rep.formats)
    for _, a in ipairs(arts) do
      assert.are.equal(2, a.repaired)
      assert.are.equal("Café owners protest", a.title)
      assert.are.equal("The café opened on Monday.", a.body)
      assert.are.equal(1, #a.warnings)
      assert.truthy(a.warnings[1]:find("2 invalid UTF-8 bytes", 1, true))
    end
    assert.are.equal("cafe", arts[1].id)
    assert.are.equal("z", arts[2].id) -- .txt.gz stripped
    local c, irep = assert(nl.open(dir, { db = ":memory:" }))
    assert.are.equal(4, irep.repaired)
    assert.are.equal(2, irep.added)
    c:close()
  end)

  it("returns nil, msg, code for a missing path", function()
    local msg = H.assert_fail("ENOTFOUND", nl.load("/nonexistent/newslua/x"))
    assert.truthy(msg:find("/nonexistent/newslua/x", 1, true))
  end)

  it("raises on misuse", function()
    H.assert_raises("bad argument #1", nl.load)
    H.assert_raises("bad argument #1", nl.load, {})
    H.assert_raises("unexpected key 'foo'", nl.load, ".", { foo = 1 })
    H.assert_raises("unknown format 'doc'", nl.load, ".", { format = "doc" })
    H.assert_raises("option 'max_bytes'", nl.load, ".", { max_bytes = "big" })
    H.assert_raises("'max_bytes' must be >= 0", nl.load, ".", { max_bytes = -1 })
    H.assert_raises("option 'on_file'", nl.load, ".", { on_file = {} })
  end)
end)

describe("newslua.realpath", function()
  after_each(function() H.cleanup() end)

  it("names a path as the store names files: absolute, links resolved", function()
    local d = H.tmpdir()
    local real = assert(io.popen("cd " .. H.q(d) .. " && pwd -P")):read("l")
    assert(os.execute("mkdir " .. H.q(d .. "/story") .. " && ln -s story " .. H.q(d .. "/link")))
    H.write(d .. "/story/a.txt", "A\n\nText.\n")
    assert.are.equal(real .. "/story", nl.realpath(d .. "/./story//"))
    assert.are.equal(real .. "/story/a.txt", nl.realpath(d .. "/link/../link/a.txt"))
    H.assert_fail("ENOTFOUND", nl.realpath(d .. "/none"))
    H.assert_raises("string expected", nl.realpath)
  end)
end)
