-- db_spec.lua: newslua.open and the newslua.corpus handle (l_db.c).
local nl = require "newslua"
local H = require "helper"

local CLOSED = "attempt to use a closed newslua.corpus"

describe("newslua.open", function()
  after_each(H.cleanup)

  it("opens an empty in-memory store", function()
    local c, rep = nl.open(":memory:")
    assert.truthy(tostring(c):match("^newslua%.corpus %("))
    assert.is_nil(rep) -- nothing ingested
    assert.are.equal(0, c:count())
    assert.are.equal(":memory:", c:path())
    c:close()
  end)

  it("opens a .db path without ingesting, creating the file", function()
    local dir = H.tmpdir()
    local c = assert(nl.open(dir .. "/x.db"))
    assert.are.equal(0, c:count())
    c:close()
    assert.is_true(H.exists(dir .. "/x.db"))
    -- an existing SQLite file is a store whatever its name
    os.rename(dir .. "/x.db", dir .. "/store")
    local d = assert(nl.open(dir .. "/store"))
    assert.are.equal(0, d:count())
    d:close()
  end)

  it("puts the store of a directory in <dir>/.newslua/index.db", function()
    local dir = H.corpus_copy()
    local c = assert(nl.open(dir, { ingest = false }))
    assert.are.equal(dir .. "/.newslua/index.db", c:path())
    assert.are.equal(0, c:count())
    c:close()
    assert.is_true(H.exists(dir .. "/.newslua/index.db"))
    c = assert(nl.open(dir .. "//", { ingest = false })) -- as a shell completes it
    assert.are.equal(dir .. "/.newslua/index.db", c:path())
    c:close()
  end)

  it("puts the store of a file beside the file", function()
    local dir = H.corpus_copy()
    local c = assert(nl.open(dir .. "/talks.html", { ingest = false }))
    assert.are.equal(dir .. "/.newslua/index.db", c:path())
    c:close()
  end)

  it("uses opts.db for the store", function()
    local dir = H.corpus_copy()
    local c = assert(nl.open(dir, { ingest = false, db = ":memory:" }))
    assert.are.equal(":memory:", c:path())
    c:close()
    assert.is_false(H.exists(dir .. "/.newslua/index.db"))
  end)

  it("returns nil, msg, code for a missing path", function()
    local msg = H.assert_fail("ENOTFOUND", nl.open("/nonexistent/newslua/dir"))
    assert.truthy(msg:find("/nonexistent/newslua/dir", 1, true))
  end)

  it("returns ENOTFOUND for a read-only store that does not exist", function()
    local dir = H.tmpdir()
    local msg = H.assert_fail("ENOTFOUND", nl.open(dir .. "/missing.db", { readonly = true }))
    assert.truthy(msg:find(dir .. "/missing.db: no such store", 1, true), msg)
    assert.is_false(H.exists(dir .. "/missing.db"))
    -- in a folder that is not there either, or under a file
    msg = H.assert_fail("ENOTFOUND", nl.open(dir .. "/no/such/x.db", { readonly = true }))
    assert.truthy(msg:find(dir .. "/no/such/x.db", 1, true), msg)
    assert.is_false(H.exists(dir .. "/no"))
    H.write(dir .. "/plain.txt", "Talks\n\nTalks in Geneva.\n")
    H.assert_fail("ENOTFOUND", nl.open(dir .. "/plain.txt/x.db", { readonly = true }))
    -- articles whose default store was never made: that store is not found
    msg = H.assert_fail("ENOTFOUND", nl.open(dir .. "/plain.txt", { readonly = true }))
    assert.truthy(msg:find(dir .. "/.newslua/index.db: no such store", 1, true), msg)
    msg = H.assert_fail("ENOTFOUND", nl.open(dir, { readonly = true }))
    assert.truthy(msg:find(dir .. "/.newslua/index.db", 1, true), msg)
    assert.is_false(H.exists(dir .. "/.newslua"))
    -- a missing path of articles, read-only or not, is not found either
    H.assert_fail("ENOTFOUND", nl.open(dir .. "/no/such/folder", { readonly = true }))
    H.assert_fail("ENOTFOUND", nl.open(dir .. "/no/such/folder"))
  end)

  it("raises on misuse", function()
    H.assert_raises("bad argument #1", nl.open)
    H.assert_raises("bad argument #1", nl.open, {})
    H.assert_raises("bad argument #2", nl.open, ":memory:", 5)
    H.assert_raises("unexpected key 'foo'", nl.open, ":memory:", { foo = 1 })
    H.assert_raises("unexpected number key", nl.open, ":memory:", { 1 })
    H.assert_raises("option 'readonly'", nl.open, ":memory:", { readonly = "yes" })
    H.assert_raises("option 'db' given with a store", nl.open, ":memory:", { db = "x.db" })
    H.assert_raises("cannot ingest a store", nl.open, ":memory:", { ingest = true })
    H.assert_raises("option 'on_file'", nl.open, ":memory:", { on_file = 1 })
    H.assert_raises("option 'on_upgrade'", nl.open, ":memory:", { on_upgrade = 1 })
    H.assert_raises("unknown format 'nope'", nl.open, H.tmpdir(), { format = "nope" })
  end)

  it("calls on_upgrade only for an older store (a new one is created)", function()
    local path = H.tmpdir() .. "/fresh.db"
    local calls = 0
    local function told() calls = calls + 1 end
    local c = assert(nl.open(path, { on_upgrade = told }))
    c:close()
    c = assert(nl.open(path, { on_upgrade = told })) -- current: nothing to do
    c:close()
    assert.are.equal(0, calls)
  end)
end)

describe("newslua.corpus", function()
  after_each(H.cleanup)

  -- (a third record with one id was warned "stored as" the second one's
  -- id, "d#same~<hex>", though it was stored otherwise)
  it("names the file in stored warnings by its canonical path", function()
    local dir = nl.realpath(H.tmpdir())
    assert(os.execute("mkdir " .. H.q(dir .. "/x")))
    H.write(dir .. "/a.jsonl", nl.json_encode({ dId = "1", title = "Bodiless",
                                                 date_publish = "2018-01-01 00:00:00" }) .. "\n")
    H.write(dir .. "/b.jsonl", nl.json_encode({ dId = "2", title = "Bodiless too",
                                                 date_publish = "2018-01-02 00:00:00" }) .. "\n")
    -- a folder (two files: loaded on the worker thread) and one file,
    -- each named by a path that is not canonical
    for _, path in ipairs({ dir .. "/x/..", dir .. "/x/../a.jsonl" }) do
      local c <close> = assert(nl.open(path, { db = ":memory:" }))
      local n = 0
      for a in c:articles() do
        local w = table.concat(a.warnings or {}, " | ")
        assert.truthy(w:find(a.file .. ":1: ", 1, true), w)
        assert.falsy(w:find("/x/../", 1, true), w)
        assert.are.equal(dir .. "/" .. a.file:match("[ab]%.jsonl$"), a.file)
        n = n + 1
      end
      assert.are.equal(path:match("%.jsonl$") and 1 or 2, n)
    end
  end)

  it("names the id each clashing article was stored as", function()
    local dir = H.tmpdir()
    local lines = {}
    for i, t in ipairs({ "Summit in Geneva.", "Storm in Oslo.", "Match in Madrid." }) do
      lines[i] = nl.json_encode({ dId = "same", title = "T" .. i, text = t,
                                  date_publish = "2018-01-0" .. i .. " 00:00:00" })
    end
    H.write(dir .. "/d.jsonl", table.concat(lines, "\n") .. "\n")
    local c <close> = assert(nl.open(dir .. "/d.jsonl", { db = ":memory:" }))
    local ids, warned = {}, {}
    for a in c:articles() do
      ids[a.title] = a.id
      warned[a.title] = table.concat(a.warnings or {}, " | ")
    end
    assert.are.equal("d#same", ids.T1)
    assert.are.equal("", warned.T1)
    -- each clashing record's tag is its text's, so two texts differ
    local tag2 = ids.T2:match("^d#same~(%x%x%x%x%x%x)$")
    local tag3 = ids.T3:match("^d#same~(%x%x%x%x%x%x)$")
    assert.truthy(tag2, ids.T2)
    assert.truthy(tag3, ids.T3)
    assert.are_not.equal(tag2, tag3)
    for _, t in ipairs({ "T2", "T3" }) do
      assert.truthy(warned[t]:find("id 'd#same' is already used by an article of "
                                   .. dir .. "/d.jsonl; stored as '" .. ids[t] .. "'",
                                   1, true), warned[t])
    end
  end)

  it("closes once, from close, __close or __gc", function()
    local c = assert(nl.open(":memory:"))
    c:close()
    c:close()
    getmetatable(c).__gc(c)
    getmetatable(c).__close(c)
    assert.are.equal("newslua.corpus (closed)", tostring(c))
  end)

  it("works as a to-be-closed variable", function()
    local saved
    do
      local c <close> = assert(nl.open(":memory:"))
      saved = c
      assert.are.equal(0, c:count())
    end
    assert.are.equal("newslua.corpus (closed)", tostring(saved))
  end)

  it("raises on every method of a closed corpus", function()
    local c = assert(nl.open(":memory:"))
    c:close()
    H.assert_raises(CLOSED, c.count, c)
    H.assert_raises(CLOSED, function() return #c end)
    H.assert_raises(CLOSED, c.path, c)
    H.assert_raises(CLOSED, c.add, c, ".")
    H.assert_raises(CLOSED, c.articles, c)
    H.assert_raises(CLOSED, c.search, c, "x")
    H.assert_raises(CLOSED, c.sentences, c, "x")
    H.assert_raises(CLOSED, c.dates, c)
  end)

  it("raises on a wrong self or wrong arguments", function()
    local c <close> = assert(nl.open(":memory:"))
    H.assert_raises("newslua.corpus expected", c.count, {})
    H.assert_raises("newslua.corpus expected", c.count, nil)
    -- as a method call, argument numbers count from the first after self
    H.assert_raises("bad argument #1 to 'search'", function() return c:search() end)
    H.assert_raises("bad argument #2 to 'search'", function() return c:search("x", "y") end)
    H.assert_raises("unexpected key 'lmit'", function() return c:search("x", { lmit = 1 }) end)
    H.assert_raises("option 'limit'", function() return c:search("x", { limit = "ten" }) end)
    H.assert_raises("option 'order': 'rank', 'newest' or 'oldest' expected, got 'latest'",
      function() return c:search("x", { order = "latest" }) end)
    H.assert_raises("option 'order'", function() return c:search("x", { order = 1 }) end)
    H.assert_raises("unexpected key 'order'", function() return c:articles { order = "newest" } end)
    H.assert_raises("unexpected key 'order'", function() return c:dates { order = "oldest" } end)
    H.assert_raises("'limit' must be >= 0", function() return c:articles { limit = -1 } end)
    H.assert_raises("option 'since': string expected, got table", function() return c:dates { since = {} } end)
    H.assert_raises("option 'since': 2014.5 is not a year", function() return c:dates { since = 2014.5 } end)
    H.assert_raises("option 'article'", function() return c:dates { article = 5 } end)
    H.assert_raises("option 'type': 'date' is not DATE, TIME, DURATION or SET",
      function() return c:dates { type = "date" } end)
    H.assert_raises("option 'type': 'WEEK' is not", function() return c:dates { type = { "DATE", "WEEK" } } end)
    H.assert_raises("option 'type': empty list", function() return c:dates { type = {} } end)
    H.assert_raises("option 'type': list of strings", function() return c:dates { type = { 1 } } end)
    H.assert_raises("option 'type': string or list", function() return c:dates { type = true } end)
    -- ("HTML" named no loader and matched nothing, silently)
    H.assert_raises("option 'format': 'HTML' is no loader's name",
      function() return c:articles { format = "HTML" } end)
    H.assert_raises("option 'format': 'xml'", function() return c:search("x", { format = "xml" }) end)
    H.assert_raises("option 'format'", function() return c:dates { format = "Text" } end)
    H.assert_raises("unexpected key 'type'", function() return c:articles { type = "DATE" } end)
    H.assert_raises("unexpected key 'type'", function() return c:search("x", { type = "DATE" }) end)
    H.assert_raises("bad argument #1 to 'sentences'", function() return c:sentences(nil) end)
    H.assert_raises("without a string 'id'", function() return c:sentences {} end)
    H.assert_raises("bad argument #1 to 'add'", function() return c:add(nil) end)
    H.assert_raises("unexpected key 'db'", function() return c:add(".", { db = "x" }) end)
    H.assert_raises("option 'on_file'", function() return c:add(".", { on_file = true }) end)
  end)

  it("returns nil, msg, code for expected failures", function()
    local c <close> = assert(nl.open(":memory:"))
    H.assert_fail("EQUERY", c:search('"unbalanced'))
    H.assert_fail("EQUERY", c:search('"unbalanced', { order = "newest" }))
    H.assert_fail("ENOTFOUND", c:sentences("no-such-article"))
    H.assert_fail("ENOTFOUND", c:add("/nonexistent/newslua/file.txt"))
  end)

  it("re-raises an on_file error after the ingest, with a traceback", function()
    local dir = H.corpus_copy()
    local c <close> = assert(nl.open(dir, { ingest = false, db = ":memory:" }))
    local calls = 0
    local ok, err = pcall(c.add, c, dir, { on_file = function()
      calls = calls + 1
      error("stop here")
    end })
    assert.is_false(ok)
    assert.truthy(err:find("stop here", 1, true))
    assert.truthy(err:find("stack traceback", 1, true))
    assert.are.equal(1, calls) -- no callback after the first error
    assert.are.equal("number", type(c:count())) -- the store is still usable
  end)

  it("tells on_phase the long phases after the last file, in order", function()
    local dir = H.corpus_copy()
    local c <close> = assert(nl.open(dir, { ingest = false, db = ":memory:" }))
    local seen = {}
    local function note(p) seen[#seen + 1] = p end
    local rep = assert(c:add(dir, { optimize = true, on_phase = note }))
    assert.are.same({ "reconcile", "merge" }, seen)
    assert.is_true(rep.optimized)
    seen = {}
    assert(c:add(dir, { on_phase = note })) -- nothing changed, no merge asked
    assert.are.same({}, seen)
    H.assert_raises("option 'on_phase'", function() return c:add(dir, { on_phase = 1 }) end)
    -- an error stops the ingest and is raised once the core has returned
    local ok, err = pcall(c.add, c, dir, { optimize = true, on_phase = function(p)
      error("phase " .. p)
    end })
    assert.is_false(ok)
    assert.truthy(err:find("phase merge", 1, true))
    assert.are.equal("number", type(c:count())) -- the store is still usable
  end)

  -- A JSON Lines dump of n small records in `dir`/`name`; returns its path.
  local function dump(dir, name, n)
    local t = {}
    for i = 1, n do
      t[i] = string.format('{"title": "Note %d", "text": "The council met on '
        .. 'Monday about item %d.", "url": "http://example.com/%d", '
        .. '"date_publish": "2020-03-02T10:00:00"}', i, i, i)
    end
    return H.write(dir .. "/" .. name, table.concat(t, "\n") .. "\n")
  end

  -- (a 212 MB dump showed the previous file and 0 articles for 20 s)
  it("tells on_progress the file being stored and its running counts", function()
    local dir = H.tmpdir()
    local a = dump(dir, "a.jsonl", 3000)
    dump(dir, "b.jsonl", 20)
    local c <close> = assert(nl.open(dir, { ingest = false, db = ":memory:" }))
    local seen = {}
    assert(c:add(dir, { progress_ms = 0, on_progress = function(p)
      seen[#seen + 1] = { file = p.file, articles = p.articles, total = p.total,
                          resumed = p.resumed, size = p.size, index = p.index,
                          files = p.files }
    end }))
    local ina, last = 0, nil
    for _, p in ipairs(seen) do
      assert.are.equal(2, p.files)
      assert.are.equal(0, p.resumed)
      if p.file:find("/a%.jsonl$") then
        ina = ina + 1
        assert.are.equal(1, p.index)
        assert.are.equal(#H.read(a), p.size)
        -- the file starts at 0, then its count grows as it is read
        if last then assert.is_true(p.articles > last, "grows") else
          assert.are.equal(0, p.articles) end
        assert.are.equal(p.articles, p.total)
        last = p.articles
      else
        assert.truthy(p.file:find("/b%.jsonl$"), p.file)
        assert.are.equal(2, p.index)
        assert.are.equal(3000 + p.articles, p.total)
      end
    end
    assert.is_true(ina > 100, "called during the file: " .. ina)
    assert.are.equal(3000, last)
    H.assert_raises("option 'on_progress'", function()
      return c:add(dir, { on_progress = 1 })
    end)
    H.assert_raises("option 'progress_ms'", function()
      return c:add(dir, { progress_ms = -1 })
    end)
  end)

  -- (a 2 GB dump showed its article count but not how far it was)
  it("tells on_progress how much of the file is read", function()
    local dir = H.tmpdir()
    local a = dump(dir, "a.jsonl", 3000)
    dump(dir, "z.jsonl", 3000)
    assert(os.execute("gzip " .. H.q(dir .. "/z.jsonl")))
    H.write(dir .. "/note.txt", "The council met on Monday.\n")
    local sgml = { '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n' }
    for i = 1, 3000 do
      sgml[#sgml + 1] = string.format('<REUTERS NEWID="%d">\n<DATE>26-FEB-1987 '
        .. '15:01:01.79</DATE>\n<TEXT>\n<TITLE>NOTE %d</TITLE>\n<BODY>The '
        .. 'council met on Monday about item %d.\n Reuter\n</BODY></TEXT>\n'
        .. '</REUTERS>\n', i, i, i)
    end
    H.write(dir .. "/r.sgm", table.concat(sgml))
    local c <close> = assert(nl.open(dir, { ingest = false, db = ":memory:" }))
    local reads = {}
    assert(c:add(dir, { progress_ms = 0, on_progress = function(p)
      local name = p.file:match("[^/]+$")
      local t = reads[name] or {}
      reads[name] = t
      t[#t + 1] = { read = p.read, size = p.size, articles = p.articles }
    end }))
    for _, name in ipairs({ "a.jsonl", "z.jsonl.gz", "r.sgm" }) do
      local t = assert(reads[name], name)
      local prev = 0
      -- half the articles: about half the file (a gzip file too, whose
      -- one piece once said 100% from its first article)
      for _, r in ipairs(t) do
        if r.articles == 1500 then
          local pct = r.read * 100 // r.size
          assert.is_true(pct >= 30 and pct <= 70, name .. ": " .. pct .. "%")
        end
      end
      for _, r in ipairs(t) do
        assert.is_true(r.read >= prev, name .. ": never goes back")
        assert.is_true(r.read <= r.size, name .. ": within the file")
        prev = r.read
      end
      -- the last article came once all lines before it were read
      assert.are.equal(3000, t[#t].articles)
      assert.is_true(prev * 100 // t[#t].size >= 95, name .. ": " .. prev)
    end
    -- the plain dump: line k's article comes once k - 1 lines are read
    local lines = {}
    for l in H.read(a):gmatch("[^\n]*\n") do lines[#lines + 1] = #l end
    local upto = 0
    for k = 1, 1499 do upto = upto + lines[k] end
    for _, r in ipairs(reads["a.jsonl"]) do
      if r.articles == 1500 then assert.are.equal(upto, r.read) end
    end
    -- a loader that reads its file whole does not say
    for _, r in ipairs(reads["note.txt"]) do assert.are.equal(0, r.read) end
  end)

  it("stops the ingest on an error in on_progress and raises it after", function()
    local dir = H.tmpdir()
    dump(dir, "a.jsonl", 300)
    dump(dir, "b.jsonl", 300)
    local c <close> = assert(nl.open(dir, { ingest = false, db = ":memory:" }))
    local calls = 0
    local ok, err = pcall(c.add, c, dir, { progress_ms = 0, on_progress = function(p)
      calls = calls + 1
      if p.articles >= 10 then error("enough of " .. p.file) end
    end })
    assert.is_false(ok)
    assert.truthy(err:find("enough of [^\n]*/a%.jsonl"), err)
    assert.truthy(err:find("stack traceback", 1, true), err)
    assert.are.equal(11, calls) -- no callback after the first error
    assert.is_true(c:count() <= 300, "b.jsonl is not stored") -- stopped
  end)

  it("tells on_progress where a partly stored file resumes", function()
    local dir = H.tmpdir()
    dump(dir, "big.jsonl", 5000)
    local c <close> = assert(nl.open(dir, { ingest = false, db = ":memory:" }))
    -- stopped after its first committed part: the file is left partial
    local ok = pcall(c.add, c, dir, { on_progress = function() error("stop") end })
    assert.is_false(ok)
    local stored = c:count()
    assert.is_true(stored > 0 and stored < 5000, stored)
    local seen = {}
    assert(c:add(dir, { progress_ms = 0, on_progress = function(p)
      seen[#seen + 1] = { resumed = p.resumed, articles = p.articles }
    end }))
    assert.are.equal(5000, c:count())
    assert.are.same({ resumed = stored, articles = 0 }, seen[1])
    assert.are.same({ resumed = stored, articles = 5000 - stored }, seen[#seen])
  end)

  it("tells on_file how far the ingest is: done of total files", function()
    local dir = H.corpus_copy() -- four files: three articles and junk.bin
    local c <close> = assert(nl.open(dir, { ingest = false, db = ":memory:" }))
    local seen = {}
    assert(c:add(dir, { on_file = function(r) seen[#seen + 1] = r end }))
    assert.are.equal(4, #seen)
    for i, r in ipairs(seen) do
      assert.are.equal(i, r.done)
      assert.are.equal(4, r.total)
    end
    -- again: the unchanged files are told as the walk finds them (total
    -- not known yet), then junk.bin, loaded and refused again
    seen = {}
    local rep = assert(c:add(dir, { on_file = function(r) seen[#seen + 1] = r end }))
    assert.are.equal(3, rep.unchanged)
    assert.are.equal(0, rep.stale) -- analysed by this newslua
    assert.are.equal(4, #seen)
    for i = 1, 3 do
      assert.are.equal("unchanged", seen[i].message)
      assert.are.equal(i, seen[i].done)
      assert.is_nil(seen[i].total)
    end
    assert.truthy(seen[4].file:find("junk.bin", 1, true))
    assert.are.equal(4, seen[4].done)
    assert.are.equal(4, seen[4].total)
  end)

  it("refuses to close the corpus from inside its own on_file", function()
    -- was a use after free (segfault): the ingest went on with a freed store
    local dir = H.corpus_copy()
    local c <close> = assert(nl.open(dir, { ingest = false, db = ":memory:" }))
    local ok, err = pcall(c.add, c, dir, { on_file = function() c:close() end })
    assert.is_false(ok)
    assert.truthy(err:find("cannot close a newslua.corpus inside its own callback", 1, true))
    assert.truthy(tostring(c):find("0x", 1, true)) -- still open
    assert.are.equal(3, c:count())
    assert.are.equal(3, #c) -- the length operator is count()
    local rep = assert(c:add(dir, { on_file = function()
      -- other methods work there, and a to-be-closed copy raises too
      assert.are.equal(3, c:count())
      local ok2, err2 = pcall(function() local _ <close> = c end)
      assert.is_false(ok2)
      assert.truthy(err2:find("inside its own callback", 1, true))
    end }))
    assert.are.equal(0, rep.added)
    c:close()
    assert.are.equal("newslua.corpus (closed)", tostring(c))
  end)

  -- source: "exact match, case-insensitive" for every script, not only
  -- ASCII (SQLite's NOCASE), in every query and search plan alike
  it("matches the source case-insensitively in every script", function()
    local dir = H.tmpdir()
    local recs = {
      { "pt1", "Jornal de Notícias - Últimas Notícias", "Talks resumed in Lisbon on Friday, January 21, 2022.", "2022-01-21" },
      { "pt2", "JORNAL DE NOTÍCIAS - ÚLTIMAS NOTÍCIAS", "Talks ended in Porto on Monday, January 24, 2022.", "2022-01-24" },
      { "gr", "Ο Κόσμος", "Talks opened in Athens on Tuesday, January 25, 2022.", "2022-01-25" },
      { "de", "Gießener Allgemeine", "Talks began in Giessen on Thursday, January 20, 2022.", "2022-01-20" },
      { "en1", "Reuters", "Talks stalled in London on Wednesday, January 26, 2022.", "2022-01-26" },
      { "en2", "REUTERS", "Talks failed in Paris on Thursday, January 27, 2022.", "2022-01-27" },
    }
    local lines = {}
    for i, r in ipairs(recs) do
      lines[i] = nl.json_encode { dId = r[1], title = r[1], source = r[2], text = r[3],
                                  date_publish = r[4] .. " 12:00:00" }
    end
    H.write(dir .. "/s.jsonl", table.concat(lines, "\n") .. "\n")
    local c <close> = assert(nl.open(dir .. "/s.jsonl", { db = ":memory:", reconcile = false }))
    local function key(id) return id:match("#(.*)$") or id end
    local function set(t)
      local out = {}
      for k in pairs(t) do out[#out + 1] = k end
      table.sort(out)
      return table.concat(out, " ")
    end
    -- the articles of source `s` as every query finds them: one answer
    local function found(s, extra)
      local answers = {}
      local function with(f)
        local t = { source = s }
        for k, v in pairs(extra or {}) do t[k] = v end
        for k, v in pairs(f or {}) do t[k] = v end
        return t
      end
      local got = {}
      for a in c:articles(with()) do got[key(a.id)] = true end
      answers["articles"] = set(got)
      got = {}
      for d in c:dates(with()) do got[key(d.article.id)] = true end
      answers["dates"] = set(got)
      for _, order in ipairs { "rank", "newest", "oldest" } do
        got = {}
        for h in assert(c:search("talks", with { order = order })) do got[key(h.article.id)] = true end
        answers["search " .. order] = set(got)
      end
      local first
      for what, ids in pairs(answers) do
        first = first or ids
        assert.are.equal(first, ids, ("%q: %s"):format(s, what))
      end
      return first
    end
    for _, s in ipairs {
      "Jornal de Notícias - Últimas Notícias", "JORNAL DE NOTÍCIAS - ÚLTIMAS NOTÍCIAS",
      "jornal de notícias - últimas notícias", "Jornal De NOTÍCIAS - últimas Notícias",
      "jornal de noti\u{301}cias - u\u{301}ltimas noti\u{301}cias", -- decomposed
    } do
      assert.are.equal("pt1 pt2", found(s), s)
    end
    assert.are.equal("pt2", found("JORNAL DE NOTÍCIAS - ÚLTIMAS NOTÍCIAS", { since = "2022-01-22" }))
    assert.are.equal("pt1", found("jornal de notícias - últimas notícias", { ["until"] = "2022-01-21" }))
    assert.are.equal("gr", found("Ο ΚΌΣΜΟΣ")) -- final sigma: ς and Σ fold alike
    assert.are.equal("gr", found("ο κόσμος"))
    assert.are.equal("de", found("GIEẞENER ALLGEMEINE")) -- capital sharp s
    assert.are.equal("de", found("gießener allgemeine"))
    assert.are.equal("en1 en2", found("reuters"))
    assert.are.equal("", found("Notícias")) -- exact, not a part
    assert.are.equal("", found("Jornal de Notícias"))
    assert.are.equal("", found("Κόσμος"))
    assert.are.equal("", found("Jornal de Notícias - Últimas Notícias", { format = "html" }))
  end)

  describe("on the fixture corpus", function()
    it("ingests a directory and reports per format and skipped files", function()
      local c, rep, dir = H.open_fixture()
      assert.are.equal(4, rep.files)
      assert.are.equal(1, rep.failed)
      assert.are.equal(3, rep.added)
      assert.are.equal(0, rep.replaced)
      assert.are.same({ text = 2, html = 1 }, rep.formats)
      assert.are.equal(1, #rep.skipped)
      assert.are.equal(dir .. "/junk.bin", rep.skipped[1].file)
      assert.are.equal(rep.skipped[1].code .. ": ", rep.skipped[1].reason:sub(1, #rep.skipped[1].code + 2))
      assert.are.equal(3, c:count())
      c:close()
    end)

    it("does nothing on re-ingest and replaces changed files", function()
      local c, _, dir = H.open_fixture()
      local rep = assert(c:add(dir))
      assert.are.equal(0, rep.added)
      assert.are.equal(0, rep.replaced)
      assert.are.equal(3, c:count())
      H.write(dir .. "/geneva.txt", H.read(dir .. "/geneva.txt") .. "\nA new paragraph.\n")
      rep = assert(c:add(dir))
      assert.are.equal(1, rep.replaced)
      assert.are.equal(3, c:count())
      c:close()
      -- reopening the store does not ingest
      local d, r = assert(nl.open(dir .. "/.newslua/index.db"))
      assert.is_nil(r)
      assert.are.equal(3, d:count())
      d:close()
    end)

    it("removes the articles of files deleted from the folder, unless prune is false", function()
      local c, _, dir = H.open_fixture()
      assert.are.equal(3, c:count())
      os.remove(dir .. "/geneva.txt")
      local rep = assert(c:add(dir, { prune = false }))
      assert.are.equal(0, rep.removed)
      assert.are.equal(3, c:count())
      local gone = {}
      rep = assert(c:add(dir, { on_file = function(r)
        if r.message and r.message:find("removed", 1, true) then gone[#gone + 1] = r.file end
      end }))
      assert.are.equal(1, rep.removed)
      assert.are.equal(1, rep.removed_files)
      assert.are.equal(2, c:count())
      assert.are.equal(1, #gone)
      assert.truthy(gone[1]:find("geneva.txt", 1, true))
      for hit in c:search("Lavrov") do error("still indexed: " .. hit.article) end
      c:close()
    end)

    it("merges the index on request, by option, and raises on a read-only store", function()
      local c, rep, dir = H.open_fixture()
      assert.is_false(rep.optimized) -- three articles: not a bulk load
      assert.is_true(c:optimize())
      local hits = 0
      for _ in c:search("Geneva") do hits = hits + 1 end
      assert.are.equal(1, hits)
      H.write(dir .. "/extra.txt", "Extra\n\nTalks in Geneva resumed on Monday.\n")
      rep = assert(c:add(dir, { optimize = true }))
      assert.are.equal(1, rep.added)
      assert.is_true(rep.optimized)
      H.assert_raises("option 'optimize'", c.add, c, dir, { optimize = "yes" })
      c:close()
      local ro = assert(nl.open(dir .. "/.newslua/index.db", { readonly = true }))
      H.assert_raises("read-only", function() return ro:optimize() end)
      ro:close()
    end)

    it("calls on_file once per file with its status", function()
      local dir = H.corpus_copy()
      local seen = {}
      local c = assert(nl.open(dir, { on_file = function(r)
        seen[r.file:match("[^/]+$")] = r
      end }))
      assert.are.equal("OK", seen["geneva.txt"].status)
      assert.are.equal("text", seen["geneva.txt"].format)
      assert.are.equal(1, seen["geneva.txt"].articles)
      assert.are.equal("html", seen["talks.html"].format)
      assert.are_not.equal("OK", seen["junk.bin"].status)
      assert.are.equal("string", type(seen["junk.bin"].message))
      c:close()
    end)

    it("iterates articles in id order with filters", function()
      local c <close> = H.open_fixture()
      local ids = {}
      for a in c:articles() do ids[#ids + 1] = a.id end
      assert.are.same({ "crimea", "geneva", "talks" }, ids)
      ids = {}
      for a in c:articles { format = "html" } do ids[#ids + 1] = a.id end
      assert.are.same({ "talks" }, ids)
      ids = {}
      for a in c:articles { limit = 2 } do ids[#ids + 1] = a.id end
      assert.are.equal(2, #ids)
      ids = {}
      for a in c:articles { since = "2022-02" } do ids[#ids + 1] = a.id end
      assert.are.same({ "crimea" }, ids)
    end)

    it("keeps the articles and dates of those a full-text query matches", function()
      local c <close> = H.open_fixture()
      local ids = {}
      for a in c:articles { query = "Lavrov" } do ids[#ids + 1] = a.id end
      assert.are.same({ "geneva" }, ids)
      ids = {}
      for a in c:articles { query = "Crimea OR Lavrov", since = "2022-02" } do
        ids[#ids + 1] = a.id
      end
      assert.are.same({ "crimea" }, ids)
      local got = {}
      for d in c:dates { query = "Lavrov" } do
        got[#got + 1] = d.article.id .. " " .. d.value .. " " .. d.expression
      end
      assert.are.same({ "geneva 2022-01-21 Friday", "geneva 2022-W04 next week",
                        "geneva PT90M 90 minutes" }, got)
      got = {}
      for d in c:dates { query = "annexed", type = "DATE" } do got[#got + 1] = d.value end
      assert.are.same({ "2014", "2022-02-24" }, got)
      -- as search is called: the query string first, the rest after it
      got = {}
      for d in c:dates("annexed", { type = "DATE" }) do got[#got + 1] = d.value end
      assert.are.same({ "2014", "2022-02-24" }, got)
      ids = {}
      for a in c:articles("Crimea OR Lavrov", { since = "2022-02" }) do ids[#ids + 1] = a.id end
      assert.are.same({ "crimea" }, ids)
      ids = {}
      for a in c:articles("Lavrov") do ids[#ids + 1] = a.id end
      assert.are.same({ "geneva" }, ids)
      H.assert_raises("unexpected key 'query'", c.articles, c, "Lavrov", { query = "x" })
      H.assert_raises("unexpected key 'type'", c.articles, c, "Lavrov", { type = "DATE" })
      H.assert_raises("a filter table after a query string only", c.dates, c,
                      { query = "Lavrov" }, { type = "DATE" })
      H.assert_raises("option 'type'", c.dates, c, "Lavrov", { type = "WEEK" })
      -- nothing matches: no rows; a bad query: nil, msg, EQUERY, limit 0 too
      for _ in c:dates { query = "Zanzibar" } do error("a row") end
      for _ in c:dates { query = "Lavrov", limit = 0 } do error("a row") end
      for _ in c:articles { query = "Lavrov", limit = 0 } do error("a row") end
      for _, lim in ipairs({ false, 0 }) do
        local r, msg, code = c:dates { query = "AND AND", limit = lim or nil }
        assert.is_nil(r)
        assert.are.equal("EQUERY", code)
        assert.truthy(msg:find("bad search query \"AND AND\"", 1, true), msg)
        r, msg, code = c:articles { query = "AND AND", limit = lim or nil }
        assert.is_nil(r)
        assert.are.equal("EQUERY", code)
      end
      -- a bad query fails whatever else the filter says, also when no
      -- article is left to test it on
      for _, f in ipairs({ { query = "AND AND", article = "nope" },
                           { query = "AND AND", article = "geneva", format = "html" },
                           { query = "AND AND", source = "nobody" } }) do
        for _, m in ipairs({ "articles", "dates", "count" }) do
          local r, msg, code = c[m](c, f)
          assert.is_nil(r, m)
          assert.are.equal("EQUERY", code, m)
          assert.truthy(msg:find("bad search query \"AND AND\"", 1, true), msg)
        end
      end
      -- search's query is its own argument
      assert.has_error(function() c:search("Lavrov", { query = "Crimea" }) end)
    end)

    it("counts the articles a filter or a full-text query lets through", function()
      local c <close> = H.open_fixture()
      assert.are.equal(3, c:count())
      assert.are.equal(3, c:count("talks"))
      assert.are.equal(1, c:count("Lavrov"))
      assert.are.equal(1, c:count { query = "Lavrov" })
      assert.are.equal(0, c:count("Zanzibar"))
      assert.are.equal(1, c:count { format = "html" })
      assert.are.equal(1, c:count { since = "2022-02" })
      assert.are.equal(1, c:count { query = "talks", format = "html" })
      assert.are.equal(1, c:count { query = "talks", article = "geneva" })
      assert.are.equal(1, c:count { query = "Crimea OR Lavrov", since = "2022-02" })
      assert.are.equal(0, c:count { query = "Lavrov", since = "2022-02" })
      assert.are.equal(0, c:count { query = "talks", source = "nobody" })
      -- the same number as the articles loop, filter by filter
      for _, f in ipairs({ { query = "talks", since = "2022-01", ["until"] = "2022-01" },
                           { query = "Geneva OR Crimea" }, { ["until"] = "2022-01-31" },
                           { query = "talks", since = 2022 } }) do
        local n = 0
        for _ in c:articles(f) do n = n + 1 end
        assert.are.equal(n, c:count(f))
      end
      -- a bad query: nil, msg, EQUERY, whatever else filters (no article
      -- left to meet included)
      for _, f in ipairs({ "AND AND", { query = "AND AND" },
                           { query = "AND AND", source = "nobody" } }) do
        local r, msg, code = c:count(f)
        assert.is_nil(r)
        assert.are.equal("EQUERY", code)
        assert.truthy(msg:find("bad search query \"AND AND\"", 1, true), msg)
      end
      -- search's calling style: the query, then the rest of the filter
      assert.are.equal(1, c:count("talks", { format = "html" }))
      assert.are.equal(0, c:count("Lavrov", { since = "2022-02" }))
      assert.are.equal(1, c:count("Crimea OR Lavrov", { since = "2022-02" }))
      H.assert_raises("unexpected key 'query'", c.count, c, "talks", { query = "x" })
      H.assert_raises("unexpected key 'limit'", c.count, c, "talks", { limit = 1 })
      H.assert_raises("a filter table after a query string only", c.count, c,
                      { query = "talks" }, { format = "html" })
      H.assert_raises("query string or filter table expected", c.count, c, 5)
      H.assert_raises("unexpected key 'limit'", c.count, c, { limit = 1 })
      H.assert_raises("option 'since'", c.count, c, { since = "last week" })
      assert.has_error(function() c:count(42) end)
      assert.has_error(function() c:count("a\0b") end)
    end)

    it("lists the sources of the articles a filter lets through", function()
      local c <close> = assert(nl.open(H.source_dir .. "/corpus", { db = ":memory:" }))
      local function rows(...)
        local out = {}
        for r in c:sources(...) do
          out[#out + 1] = (r.source or "-") .. " " .. r.articles
        end
        return table.concat(out, "|")
      end
      -- corpus/: 002 The Washington Post, 004 Reuters, the others none
      assert.are.equal("- 3|Reuters 1|The Washington Post 1", rows())
      assert.are.equal("- 2|The Washington Post 1", rows("Geneva")) -- 000, 001, 002
      assert.are.equal("Reuters 1", rows { since = "2022-01-26" })
      assert.are.equal("- 3", rows("Lavrov", { limit = 1 }))
      assert.are.equal("", rows("Zanzibar"))
      local r, msg, code = c:sources("AND AND")
      assert.is_nil(r)
      assert.are.equal("EQUERY", code)
      assert.truthy(msg:find("bad search query", 1, true), msg)
      H.assert_raises("unexpected key 'order'", c.sources, c, { order = "newest" })
    end)

    -- over 10,000 matches the sources are counted by a scan of the source
    -- index, each entry's key tested against the matches: the same rows
    it("lists the sources of a query with many matches", function()
      local dir = H.tmpdir()
      local lines, names = {}, { "Wire A", "WIRE A", "Wire B", "Stra\u{df}e", "STRASSE" }
      for i = 1, 10500 do
        local src = i % 7 == 0 and "" or
          string.format('"source": "%s", ', names[i % #names + 1])
        lines[#lines + 1] = string.format(
          '{"id": "a%d", %s"title": "T%d", "date_publish": "2020-01-%02d", '
          .. '"text": "Markets moved on the %s day. Item %d."}',
          i, src, i, i % 28 + 1, i % 30 == 0 and "quiet" or "busy", i)
      end
      H.write(dir .. "/dump.jsonl", table.concat(lines, "\n") .. "\n")
      local c <close> = assert(nl.open(dir .. "/dump.jsonl", { db = ":memory:" }))
      assert.are.equal(10500, c:count())
      local function check(q, f)
        local sum, rows = 0, 0
        for r in c:sources(q, f) do
          rows, sum = rows + 1, sum + r.articles
          if r.source then
            local g = { source = r.source }
            for k, v in pairs(f or {}) do g[k] = v end
            assert.are.equal(r.articles, c:count(q, g), r.source)
          end
        end
        assert.are.equal(c:count(q, f), sum, q)
        return rows
      end
      assert.are.equal(10150, c:count("busy")) -- i % 30 ~= 0
      assert.are.equal(10500, c:count("markets"))
      -- Wire A, Wire B, Strasse, none; 10,500 matches: by the index scan
      assert.are.equal(4, check("markets"))
      assert.are.equal(4, check("markets", { since = "2020-01-15" }))
      assert.are.equal(4, check("busy"))     -- 10,150 of them: by the scan
      assert.are.equal(2, check("quiet"))    -- 350, by lookup: Wire A, none
      -- the names: the largest ASCII form, the non-ASCII form of Strasse
      local got = {}
      for r in c:sources("busy") do got[#got + 1] = r.source or "-" end
      table.sort(got)
      assert.are.same({ "-", "Stra\u{df}e", "Wire A", "Wire B" }, got)
      -- outlets by the same scan: here each outlet is its source
      local sum = 0
      for r in c:outlets("markets", { since = "2020-01-15" }) do
        sum = sum + r.articles
        if r.outlet then
          assert.are.equal(r.articles, c:count("markets",
            { outlet = r.outlet, since = "2020-01-15" }), r.outlet)
        end
      end
      assert.are.equal(c:count("markets", { since = "2020-01-15" }), sum)
      -- a cursor broken off keeps nothing alive (its keys go with it)
      for _ in c:sources("markets") do break end
      assert.are.equal(4, check("markets"))
    end)

    it("searches with rank, snippet and filters", function()
      local c <close> = H.open_fixture()
      local hits = {}
      for h in c:search("Geneva") do hits[#hits + 1] = h end
      assert.are.equal(1, #hits)
      assert.are.equal("geneva", hits[1].article.id)
      assert.are.equal("Blinken and Lavrov meet in Geneva", hits[1].title)
      assert.are.equal("number", type(hits[1].rank))
      assert.truthy(hits[1].snippet:find("[Geneva]", 1, true))
      local n = 0
      for _ in c:search("talks") do n = n + 1 end
      assert.are.equal(3, n)
      n = 0
      for _ in c:search("talks", { limit = 1 }) do n = n + 1 end
      assert.are.equal(1, n)
      local ids = {}
      for h in c:search("talks", { source = "Example News" }) do ids[#ids + 1] = h.article.id end
      assert.are.same({ "talks" }, ids)
      ids = {}
      for h in c:search("talks", { ["until"] = "2022-01-21" }) do ids[#ids + 1] = h.article.id end
      assert.are.same({ "geneva" }, ids)
    end)

    -- (a hit said which article matched but not where: nothing to cite)
    -- geneva.txt's title "Blinken and Lavrov meet in Geneva" and body "US
    -- Secretary of State Antony Blinken met Russian Foreign Minister
    -- Sergey Lavrov on Friday in Geneva. ...", counted by hand
    it("cites where each hit matched: byte spans of title and body", function()
      local c <close> = H.open_fixture()
      local hit = H.first(c:search("Geneva"))
      assert.are.same({ { field = "title", start = 28, stop = 33 },
                        { field = "body", start = 94, stop = 99 } }, hit.matches)
      hit = H.first(c:search('"Foreign Minister" Lavr*', { article = "geneva" }))
      assert.are.same({ { field = "title", start = 13, stop = 18 },
                        { field = "body", start = 50, stop = 65 },
                        { field = "body", start = 74, stop = 79 } }, hit.matches)
      -- every hit in every order: each span is the query's word
      for _, order in ipairs { "rank", "newest", "oldest" } do
        local n = 0
        for h in c:search("talks OR Lavrov", { order = order }) do
          local a = H.first(c:articles { article = h.article.id })
          assert.truthy(#h.matches > 0, h.article.id)
          for _, m in ipairs(h.matches) do
            local text = (m.field == "title" and a.title or a.body)
            local word = text:sub(m.start, m.stop):lower()
            assert.truthy(word == "talks" or word == "lavrov", order .. ": " .. word)
            n = n + 1
          end
        end
        assert.truthy(n >= 6, order .. ": " .. n)
      end
      -- a NEAR group: each of its phrases where it matched
      hit = H.first(c:search("NEAR(Blinken Geneva, 12)", { article = "geneva" }))
      assert.are.same({ { field = "title", start = 1, stop = 7 },
                        { field = "title", start = 28, stop = 33 },
                        { field = "body", start = 30, stop = 36 },
                        { field = "body", start = 94, stop = 99 } }, hit.matches)
    end)

    -- (geneva.txt's "90 minutes.\n\nBoth sides": a snippet on two lines
    -- broke one-hit-per-line output)
    it("gives snippets on one line", function()
      local c <close> = H.open_fixture()
      local hit = H.first(c:search("minutes"))
      assert.are.equal("\226\128\166The talks lasted 90 [minutes]. Both sides"
                       .. " said they would meet again\226\128\166", hit.snippet)
    end)

    -- ("*" said "unknown special query: ", FTS5's words; "" a syntax
    -- error near "")
    it("says what is wrong with an empty query or a bare *", function()
      local c <close> = H.open_fixture()
      local msg = H.assert_fail("EQUERY", c:search("*"))
      assert.truthy(msg:find("a '*' without a word before it (a prefix query is written talk*)",
                             1, true), msg)
      for _, q in ipairs { "", "  \n" } do
        msg = H.assert_fail("EQUERY", c:search(q))
        assert.truthy(msg:find(": the query is empty", 1, true), msg)
      end
    end)

    -- ("Apple AND" said 'fts5: syntax error near ""', which names nothing)
    it("says that a query ends too soon: a trailing operator, an open (", function()
      local c <close> = H.open_fixture()
      for _, q in ipairs { "talks AND", "talks OR ", "(talks", "NEAR(talks Geneva",
                           "title:", "{title", "^" } do
        local msg = H.assert_fail("EQUERY", c:search(q))
        assert.truthy(msg:find(": the query ends too soon (an operator, a "
          .. "column filter or a '^' needs a term after it", 1, true), msg)
        assert.is_nil(msg:find('near ""', 1, true), msg)
      end
      -- an operator first: FTS5 said 'syntax error near "NOT"'
      for _, q in ipairs { "NOT sugar", "OR talks", "AND AND", "NOT(talks)" } do
        local msg = H.assert_fail("EQUERY", c:search(q))
        assert.truthy(msg:find(": an operator needs a term before it (AND, OR and NOT "
          .. "join two terms: 'a NOT b'", 1, true), msg)
      end
      -- other syntax errors keep FTS5's words, which name the place, and
      -- say what was meant where it is plain (a walk: "Trump AND NOT
      -- Obama" and "C++" said no more than 'syntax error near "NOT"')
      local msg = H.assert_fail("EQUERY", c:search("talks)"))
      assert.truthy(msg:find('syntax error near ")" (a \')\' without its \'(\')', 1, true), msg)
      for _, q in ipairs { "talks AND NOT Geneva", "talks OR AND Geneva", "talks NOT OR x" } do
        msg = H.assert_fail("EQUERY", c:search(q))
        assert.truthy(msg:find("(an operator right after another: AND, OR and NOT each join two "
          .. "terms, so 'a AND NOT b' is written 'a NOT b')", 1, true), msg)
      end
      msg = H.assert_fail("EQUERY", c:search("C++"))
      assert.truthy(msg:find([[(FTS5 reads '+' as joining the words of a phrase: a word with a '+' goes in quotes, "C++")]], 1, true), msg)
      -- as the hint says: in quotes, a word with '+' is searched as the word
      assert.is_true(c:count("talks") > 0)
      assert.are.equal(c:count("talks"), c:count('"talks++"'))
      assert.are.equal(c:count("talks NOT Geneva"), c:count("talks") - c:count("talks Geneva"))
    end)

    -- corpus/: "U.S." is written in 002, 003, 004 and "US" in 000, 001
    -- (both are the term "us"); "high-stakes" in 002 and 003; "100,000"
    -- in 000, 001, 002, 004 (grep over corpus/)
    it("searches words as they are written: U.S., high-stakes, 100,000", function()
      local c <close> = assert(nl.open(H.source_dir .. "/corpus", { db = ":memory:" }))
      local function ids(q, opts)
        local out = {}
        for h in c:search(q, opts) do out[#out + 1] = h.article.id:sub(1, 3) end
        table.sort(out)
        return table.concat(out, " ")
      end
      assert.are.equal("000 001 002 003 004", ids("U.S."))
      assert.are.equal("002 003", ids("high-stakes"))
      assert.are.equal("002 003", ids("high-stakes", { order = "newest" }))
      assert.are.equal("000 001 002 004", ids("100,000"))
      assert.are.equal("002 003", ids("U.S. AND high-stakes"))
      assert.are.equal("000 001 004", ids("U.S. -high-stakes"))
      H.assert_fail("EQUERY", c:search("U.S. AND"))
      -- a minus FTS5 reads as a column filter: the message says so
      local msg = H.assert_fail("EQUERY", c:search("U.S. OR -stakes"))
      assert.truthy(msg:find("no such column: stakes (FTS5 reads 'x:' and a '-x'", 1, true), msg)
    end)

    it("searches in date order", function()
      -- "talks" is in crimea (2022-02-26), talks (2022-01-24T09:00) and
      -- geneva (2022-01-21); best BM25 first is talks, crimea, geneva
      local c <close> = H.open_fixture()
      local function ids(opts)
        local t = {}
        for h in c:search("talks", opts) do t[#t + 1] = h.article.id end
        return t
      end
      assert.are.same({ "talks", "crimea", "geneva" }, ids())
      assert.are.same({ "talks", "crimea", "geneva" }, ids { order = "rank" })
      assert.are.same({ "crimea", "talks", "geneva" }, ids { order = "newest" })
      assert.are.same({ "geneva", "talks", "crimea" }, ids { order = "oldest" })
      assert.are.same({ "crimea" }, ids { order = "newest", limit = 1 })
      -- offset pages through the same order (by hand from the lists above)
      assert.are.same({ "talks" }, ids { order = "newest", offset = 1, limit = 1 })
      assert.are.same({ "crimea", "geneva" }, ids { offset = 1 })
      assert.are.same({ "crimea" }, ids { order = "oldest", offset = 2 })
      assert.are.same({}, ids { order = "rank", offset = 3 })
      assert.are.same({ "geneva" }, ids { order = "newest", offset = 1, since = "2022-01", ["until"] = "2022-01" })
      H.assert_raises("'offset' must be >= 0", function() return c:search("talks", { offset = -1 }) end)
      -- the query as the key 'query', as articles/dates/count/sources take it
      -- (a walk: search{query=...} said "string expected, got table")
      assert.are.same({ "talks" }, (function()
        local t = {}
        for h in c:search { query = "talks", order = "newest", offset = 1, limit = 1 } do t[#t + 1] = h.article.id end
        return t
      end)())
      H.assert_raises("the search query: a string first, or the key 'query'",
        function() return c:search { limit = 1 } end)
      H.assert_raises("a filter table after a query string only",
        function() return c:search({ query = "talks" }, {}) end)
      H.assert_raises("option 'limit': 2.5 is not a whole number",
        function() return c:search("talks", { limit = 2.5 }) end)
      H.assert_raises("unexpected key 'offset'", c.count, c, { offset = 1 })
      local arts, pages = {}, {}
      for a in c:articles() do arts[#arts + 1] = a.id end
      for i = 0, #arts do
        local page = {}
        for a in c:articles { offset = i, limit = 1 } do page[#page + 1] = a.id end
        pages[#pages + 1] = page[1]
        assert.is_true(#page == (i < #arts and 1 or 0))
      end
      assert.are.same(arts, pages)
      -- cursor:offset(): the rows the filter skipped (a listing numbers its
      -- rows from there); 0 without one, and for sentences
      local _, _, _, k = c:articles { offset = 2 }
      assert.are.equal(2, k:offset())
      k:close()
      assert.are.equal(2, k:offset())
      _, _, _, k = c:search("talks", { offset = 1 })
      assert.are.equal(1, k:offset())
      _, _, _, k = c:dates()
      assert.are.equal(0, k:offset())
      _, _, _, k = c:sources { offset = 3 }
      assert.are.equal(3, k:offset())
      assert.are.same({ "talks", "crimea" }, ids { order = "oldest", since = "2022-01-22" })
      assert.are.same({ "talks" }, ids { order = "newest", source = "example news" })
      local hit = H.first(c:search("Lavrov", { order = "oldest" }))
      assert.are.equal("geneva", hit.article.id)
      assert.is_nil(hit.rank)
      assert.truthy(hit.snippet:find("[Lavrov]", 1, true))
      assert.are.equal("2022-01-21", hit.published)
    end)

    it("takes at most `limit` rows: 0 gives none, a negative one raises", function()
      local c <close> = H.open_fixture()
      local function n(f, s, v, closing)
        local k = 0
        for _ in f, s, v, closing do k = k + 1 end
        return k
      end
      local all = n(c:dates())
      assert.is_true(all > 2, "fixture has dates")
      for _, lim in ipairs { 0, 1, 2 } do
        assert.are.equal(lim, n(c:articles { limit = lim }), "articles limit " .. lim)
        assert.are.equal(lim, n(c:dates { limit = lim }), "dates limit " .. lim)
        for _, order in ipairs { "rank", "newest", "oldest" } do
          assert.are.equal(lim, n(c:search("talks", { limit = lim, order = order })),
                           "search " .. order .. " limit " .. lim)
        end
        -- FTS5's own rank order (with an article)
        assert.are.equal(math.min(lim, 1), n(c:search("talks", { limit = lim, article = "talks" })))
      end
      assert.are.equal(3, n(c:articles { limit = 1000 }))
      assert.are.equal(all, n(c:dates { limit = 1000 }))
      assert.are.equal(0, n(c:search("talks", { limit = 0, source = "Example News" })))
      assert.are.equal(0, n(c:dates { limit = 0, since = "2022" }))
      -- limit 0 still checks the query
      H.assert_fail("EQUERY", c:search('"unbalanced', { limit = 0 }))
      for _, order in ipairs { "rank", "newest", "oldest" } do
        H.assert_raises("'limit' must be >= 0", function()
          return c:search("talks", { limit = -1, order = order })
        end)
      end
      H.assert_raises("'limit' must be >= 0", function() return c:articles { limit = -1 } end)
      H.assert_raises("'limit' must be >= 0", function() return c:dates { limit = -3 } end)
      H.assert_raises("option 'limit'", function() return c:dates { limit = 1.5 } end)
    end)

    it("lists an article's sentences with 1-based spans", function()
      local c <close> = H.open_fixture()
      local a = H.first(c:articles { article = "geneva" })
      local got = {}
      for s in c:sentences(a) do
        got[#got + 1] = s.text
        assert.are.equal(#got, s.index)
        assert.are.equal(s.text, a.body:sub(s.start, s.stop))
      end
      assert.are.same({
        "US Secretary of State Antony Blinken met Russian Foreign Minister Sergey Lavrov on Friday in Geneva.",
        "The talks lasted 90 minutes.",
        "Both sides said they would meet again next week.",
      }, got)
      local n = 0
      for _ in c:sentences("geneva") do n = n + 1 end
      assert.are.equal(3, n)
    end)

    it("lists resolved dates with expressions and evidence", function()
      local c <close> = H.open_fixture()
      local body = H.first(c:articles { article = "geneva" }).body
      local values = {}
      for d in c:dates { article = "geneva" } do
        values[d.value] = d.expression
        assert.are.equal(d.expression, body:sub(d.start, d.stop))
        assert.are.equal(d.sentence, body:sub(d.sentence_start, d.sentence_stop))
        assert.are.equal("geneva", d.article.id)
      end
      -- DCT 2022-01-21 is a Friday; next week is ISO week 4
      assert.truthy(values["2022-01-21"] and values["2022-01-21"]:find("Friday"))
      assert.truthy(values["2022-W04"] and values["2022-W04"]:find("next week"))
      local all = {}
      for d in c:dates() do all[d.value] = true end
      assert.is_true(all["2014"]) -- "in 2014" (crimea)
      for d in c:dates { since = "2015" } do assert.are_not.equal("2014", d.value) end
      -- type: a name or a list of names; the rows of those types, all of them
      local by, n = {}, 0
      for d in c:dates() do by[d.type] = (by[d.type] or 0) + 1; n = n + 1 end
      assert.is_true(by.DATE > 0 and by.DURATION > 0, "fixture has both")
      local function count(f)
        local k, types = 0, {}
        for d in c:dates(f) do k = k + 1; types[d.type] = true end
        return k, types
      end
      local k, types = count { type = "DATE" }
      assert.are.equal(by.DATE, k)
      assert.are.same({ DATE = true }, types)
      k, types = count { type = { "DATE", "DURATION" } }
      assert.are.equal(by.DATE + by.DURATION, k)
      assert.are.same({ DATE = true, DURATION = true }, types)
      assert.are.equal(n, (count { type = { "DATE", "TIME", "DURATION", "SET" } }))
    end)

    it("gives each stored date the flag booleans newslua.dates gives", function()
      -- the rows had only the integer: `if d.relative then` was never true
      local c <close> = H.open_fixture()
      local bits = { absolute = 1, relative = 2, narrative = 4, unresolved = 8, future = 16 }
      local seen, rows = {}, 0
      for d in c:dates() do
        rows = rows + 1
        for name, bit in pairs(bits) do
          assert.are.equal("boolean", type(d[name]), name)
          assert.are.equal(d.flags & bit ~= 0, d[name], name .. " of " .. d.value)
          if d[name] then seen[name] = true end
        end
      end
      assert.is_true(rows > 0 and seen.absolute and seen.relative, "fixture has both")
      -- the same as newslua.dates on the article's text with its date
      local a = H.first(c:articles { article = "geneva" })
      local fresh = {}
      for _, d in ipairs(nl.dates(a.body, { dct = a.published })) do fresh[d.start] = d end
      for d in c:dates { article = "geneva" } do
        local f = assert(fresh[d.start], d.expression)
        for name in pairs(bits) do assert.are.equal(f[name], d[name], name) end
      end
    end)

      it("raises when a read-only store is written (misuse)", function()
      local c, _, dir = H.open_fixture()
      c:close()
      local r = assert(nl.open(dir .. "/.newslua/index.db", { readonly = true }))
      assert.are.equal(3, r:count())
      H.assert_raises("read-only", function() return r:add(dir) end)
      assert.are.equal(3, r:count())
      r:close()
    end)
  end)
end)
