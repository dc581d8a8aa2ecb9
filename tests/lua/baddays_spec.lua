-- baddays_spec.lua: SCENARIOS #6 "Bad days" through the command scripts
-- and the corpus: odd files in a folder are named with what happened to
-- them, and the store stays whole.
local nl = require "newslua"
local H = require "helper"

local function script(name)
  return H.q(H.source_dir .. "/scripts/" .. name)
end

describe("bad days", function()
  after_each(H.cleanup)

  it("ingest.lua names a file stored with parts left out", function()
    -- a JSON Lines dump with a bad line was stored with no word of the
    -- dropped line: the ingest discarded the loader's notes
    local dir = H.tmpdir()
    H.write(dir .. "/dump.jsonl", '{"title":"One","text":"Talks on Friday."}\n'
      .. '{"title": bad\n{"title":"Two","text":"More talks."}\n')
    local db = H.tmpdir() .. "/s.db"
    local out, err, code = H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db))
    assert.are.equal(0, code, err)
    assert.truthy(out:find("articles: 2 added", 1, true), out)
    assert.truthy(out:find("stored with problems (parts left out):\n  " .. dir
      .. "/dump.jsonl: 1 problem: line 2 (byte 52): json:", 1, true), out)
    local c <close> = assert(nl.open(db))
    local msgs = {}
    assert(c:add(dir, { on_file = function(r) msgs[#msgs + 1] = r.message end }))
    assert.are.same({ "unchanged" }, msgs)
  end)

  it("an interrupt (^C) stops the ingest at the next file, store whole", function()
    -- lua.c's SIGINT handler sets a hook that raises "interrupted!"; it
    -- fired inside an on_file call, whose error only stopped the
    -- callbacks: the ingest went on to the end of the folder
    local dir = H.tmpdir()
    for i = 1, 600 do
      H.write(string.format("%s/%03d.txt", dir, i), "Story " .. i .. "\n\nTalks in Geneva.\n")
    end
    local c <close> = assert(nl.open(dir, { ingest = false, db = ":memory:" }))
    local ok, err = pcall(c.add, c, dir, { reconcile = false, on_file = function()
      debug.sethook(function() debug.sethook(); error("interrupted!") end, "c")
    end })
    assert.is_false(ok)
    assert.truthy(tostring(err):find("interrupted!", 1, true), err)
    local n = c:count()
    assert.truthy(n > 0 and n < 600, "stopped early: " .. n .. " of 600 stored")
    local seen = 0
    for a in c:articles() do seen = seen + 1; assert.truthy(a.body:find("Geneva")) end
    assert.are.equal(n, seen)
    local rep = assert(c:add(dir, { reconcile = false })) -- and picks up
    assert.are.equal(600 - n, rep.added)
    assert.are.equal(600, c:count())
  end)

  it("a wrong date in since/until raises, naming it", function()
    -- since = "2022-1-21" (month not padded) compared as text: January to
    -- September silently left out; "garbage" gave nothing, until = "x" all;
    -- a day the month has not ("2022-02-30") is no date either
    local c <close> = assert(nl.open(H.data .. "/corpus", { db = ":memory:" }))
    local why = { ["2022-02-30"] = "(2022-02 has 28 days)", ["2023-02-29"] = "(2023-02 has 28 days)",
                  ["2022-04-31"] = "(2022-04 has 30 days)" }
    for _, bad in ipairs { "2022-1-21", "garbage", "", "1987-13", "2022-01-32",
                           "22-01-21", "2022/01/21", "2022-01-21x",
                           "2022-02-30", "2023-02-29", "2022-04-31" } do
      H.assert_raises("option 'since': '" .. bad .. "' is not a date "
                      .. (why[bad] or "(YYYY, YYYY-MM or YYYY-MM-DD)"),
        function() return c:search("talks", { since = bad }) end)
      H.assert_raises("option 'until': '" .. bad .. "'",
        function() return c:articles { ["until"] = bad } end)
      H.assert_raises("option 'since': '" .. bad .. "'",
        function() return c:dates { since = bad } end)
    end
    for _, good in ipairs { "2022", "2022-01", "2022-01-21", "2022-01-21T10:30", "2024-02-29",
                            "2022-12-31" } do
      for _ in c:search("talks", { since = good, ["until"] = good }) do end
      for _ in c:articles { since = good } do end
    end
    for _, value in ipairs { "2022-W03", "2022-Q1", "2022-SU" } do -- dates' values
      for _ in c:dates { since = value, ["until"] = value } do end
    end
    H.assert_raises("option 'since': '2022-W03'", function() return c:articles { since = "2022-W03" } end)
    -- anything else after "YYYY-" raises as well: it bounded nothing, silently
    for _, bad in ipairs { "2022-XX", "2022-W60", "2022-W00", "2022-Q5", "2022-AU" } do
      H.assert_raises("option 'until': '" .. bad .. "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD, or a week",
        function() return c:dates { ["until"] = bad } end)
    end
    for _ in c:dates { since = "2022-W03-WE", ["until"] = "2022-W10" } do end
  end)

  it("since after until raises, naming both; a since inside until's prefix is no such case", function()
    -- { since = "2022-05-01", until = "2022-01-01" } (bounds swapped) gave
    -- no row and no word of why
    local c <close> = assert(nl.open(H.data .. "/corpus", { db = ":memory:" }))
    local msg = "option 'since': '2022-05-01' is after 'until' '2022-01-01' (both inclusive: no date is in that range)"
    H.assert_raises(msg, function() return c:articles { since = "2022-05-01", ["until"] = "2022-01-01" } end)
    H.assert_raises(msg, function() return c:count { since = "2022-05-01", ["until"] = "2022-01-01" } end)
    H.assert_raises(msg, function() return c:search("talks", { since = "2022-05-01", ["until"] = "2022-01-01" }) end)
    H.assert_raises("option 'since': '2023' is after 'until' '2022-12'",
      function() return c:dates { since = 2023, ["until"] = "2022-12" } end)
    H.assert_raises("option 'since': '2022-W03' is after 'until' '2022-W02'",
      function() return c:dates { since = "2022-W03", ["until"] = "2022-W02" } end)
    -- values compare as text: "2022-W03-WE" comes after "2022-H2..."
    H.assert_raises("option 'since': '2022-W03-WE' is after 'until' '2022-H2'",
      function() return c:dates { since = "2022-W03-WE", ["until"] = "2022-H2" } end)
    -- until "2022-01" covers the whole month: since on its 21st is inside it
    local n = c:count { since = "2022-01-21", ["until"] = "2022-01" }
    assert.is_true(n > 0)
    assert.are.equal(c:count { since = "2022-01-21", ["until"] = "2022-01-31" }, n)
  end)

  it("a year given as a number is that year; another number raises, naming it", function()
    -- since = 1987 raised "string expected, got number": a year is what an
    -- analyst types first
    local c <close> = assert(nl.open(H.data .. "/corpus", { db = ":memory:" }))
    local function ids(iter, ...)
      local out = {}
      for row in iter(c, ...) do out[#out + 1] = row.id or (row.article.id .. "@" .. tostring(row.start)) end
      return table.concat(out, " ")
    end
    local arts = ids(c.articles, { since = "2022", ["until"] = "2022" })
    assert.are_not.equal("", arts) -- the bundled corpus is of 2022
    assert.are.equal(arts, ids(c.articles, { since = 2022, ["until"] = 2022 }))
    assert.are.equal(arts, ids(c.articles, { since = 2022.0, ["until"] = 2022.0 }))
    assert.are.equal("", ids(c.articles, { since = 2023 }))
    local dates = ids(c.dates, { since = "2022", ["until"] = "2022" })
    assert.are_not.equal("", dates)
    assert.are.equal(dates, ids(c.dates, { since = 2022, ["until"] = 2022 }))
    local hits = ids(c.search, "talks", { since = "2022", ["until"] = "2022" })
    assert.are_not.equal("", hits) -- "talks" is in the bundled story
    assert.are.equal(hits, ids(c.search, "talks", { since = 2022, ["until"] = 2022 }))
    -- a year before 1000 is padded as the values are: 0987
    assert.are.equal("", ids(c.articles, { ["until"] = 987 }))
    for _, bad in ipairs { 1987.5, 0, -5, 10000, math.huge } do
      H.assert_raises("option 'since': " .. tostring(bad) .. " is not a year (1 to 9999)",
        function() return c:articles { since = bad } end)
      H.assert_raises("option 'until': " .. tostring(bad) .. " is not a year (1 to 9999)",
        function() return c:dates { ["until"] = bad } end)
    end
  end)

  it("a file that is not a store is named as such", function()
    -- the message named three PRAGMAs: "x.db: PRAGMA foreign_keys = OFF;
    -- PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768: file is not
    -- a database"
    local dir = H.tmpdir()
    local path = H.write(dir .. "/notes.db", "my notes, not a store\n")
    for _, ro in ipairs { false, true } do
      local msg = H.assert_fail("EDB", nl.open(path, { readonly = ro }))
      assert.are.equal("EDB: " .. path .. ": cannot read store: file is not a database", msg)
    end
    assert.are.equal("my notes, not a store\n", H.read(path)) -- untouched
  end)

  it("an add inside a loop over the same corpus works, the loop goes on", function()
    -- a first ingest into the store (a bulk load: it drops two indexes to
    -- build them at its end) failed with "EBUSY: drop indexes: database
    -- table is locked", and its rollback aborted the loop ("EDB: query:
    -- abort due to ROLLBACK")
    local more = H.tmpdir()
    for i = 1, 20 do
      H.write(string.format("%s/%02d.txt", more, i), "Story " .. i .. "\n\n"
        .. ("Talks in Geneva went on. "):rep(1000) .. "\n")
    end -- 500 KB: more than the store, so a bulk load
    local c <close> = assert(nl.open(H.data .. "/corpus", { db = H.tmpdir() .. "/s.db" }))
    local before, n, rep = c:count(), 0, nil
    for _ in c:articles() do
      n = n + 1
      if n == 1 then rep = assert(c:add(more)) end
    end
    assert.are.equal(20, rep.added)
    assert.truthy(n >= before, n)
    assert.are.equal(before + 20, c:count())
    local hits = 0
    for _ in c:search("geneva", { order = "newest" }) do hits = hits + 1 end
    assert.truthy(hits >= 20)
  end)

  it("ingest.lua fails when no file could be read, and says why", function()
    -- a folder of junk printed "nothing changed since the last ingest" on
    -- its first ingest and exited 0
    local dir = H.tmpdir()
    H.write(dir .. "/page.html", "\0\1\2\3binary")
    H.write(dir .. "/empty.txt", "")
    local db = H.tmpdir() .. "/s.db"
    local out, err, code = H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db))
    assert.are.equal(1, code)
    assert.falsy(out:find("nothing changed", 1, true), out)
    assert.truthy(out:find("files: 2 seen, 0 unchanged, 2 skipped\n", 1, true), out)
    assert.truthy(out:find(dir .. "/page.html: binary data", 1, true), out)
    assert.truthy(err:find("ingest.lua: no file could be read (2 skipped)", 1, true), err)
    -- one good file among them: done, the others listed (status 0)
    H.write(dir .. "/story.txt", "Title\n\nTalks in Geneva on Friday.\n")
    out, err, code = H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db))
    assert.are.equal(0, code, err)
    assert.truthy(out:find("articles: 1 added", 1, true), out)
    out, err, code = H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db))
    assert.are.equal(0, code, err)
    assert.truthy(out:find("nothing changed since the last ingest", 1, true), out)
  end)

  it("a path, query or option with a NUL byte raises", function()
    -- C saw the string up to the NUL: c:add("corpus\0/elsewhere")
    -- ingested corpus, a query "Geneva\0 OR Lavrov" searched "Geneva"
    local c <close> = assert(nl.open(":memory:"))
    local dir = H.data .. "/corpus"
    H.assert_raises("bad argument #1 to 'add' (string with a NUL byte)",
      function() return c:add(dir .. "\0/elsewhere") end)
    H.assert_raises("string with a NUL byte", nl.open, dir .. "\0.db")
    H.assert_raises("string with a NUL byte", nl.load, dir .. "\0x")
    H.assert_raises("string with a NUL byte", function() return c:search("Geneva\0 OR Lavrov") end)
    H.assert_raises("string with a NUL byte", function() return c:sentences("a\0b") end)
    H.assert_raises("option 'db': string with a NUL byte", nl.open, dir, { db = "x\0.db" })
    H.assert_raises("option 'source': string with a NUL byte",
      function() return c:articles { source = "Reuters\0x" } end)
    assert.are.equal(0, c:count())
  end)

  it("a FIFO given as the path is skipped, not waited on", function()
    -- newslua.open and ingest.lua opened it to look for the SQLite header
    -- and waited for a writer forever
    local dir = H.tmpdir()
    local fifo = dir .. "/pipe.txt"
    assert(os.execute("mkfifo " .. H.q(fifo)))
    local out, err = dir .. "/out", dir .. "/err"
    local function run(args)
      local _, _, code = os.execute("timeout 20 " .. H.q(H.exe) .. " " .. args
        .. " >" .. H.q(out) .. " 2>" .. H.q(err) .. " </dev/null")
      return code
    end
    assert.are.equal(0, run("-e " .. H.q("local nl = require 'newslua'; local c, rep = "
      .. "assert(nl.open(" .. ("%q"):format(fifo) .. ", { db = ':memory:' })); "
      .. "print(rep.failed, rep.skipped[1].reason)")), H.read(err))
    assert.are.equal("1\tEINVAL: " .. fifo .. ": not a regular file\n", H.read(out))
    assert.are.equal(1, run(script("ingest.lua") .. " " .. H.q(fifo) .. " --db " .. H.q(dir .. "/s.db")))
    assert.truthy(H.read(err):find("no file could be read (1 skipped)", 1, true), H.read(err))
  end)

  it("timeline.lua shows a store it may not write, read-only", function()
    -- another user's store, a read-only mount: the read-only open failed
    -- ("unable to open database file": no -shm could be made beside it)
    -- and timeline.lua refused with "store is not writable"
    local dir = H.corpus_copy()
    local base = H.tmpdir()
    local ro = base .. "/ro"
    local store = ro .. "/index.db"
    assert(os.execute("mkdir " .. H.q(ro)))
    local c = assert(nl.open(dir, { db = store }))
    c:close()
    assert(os.execute("chmod 755 " .. H.q(base) .. " && chmod 644 " .. H.q(store)
      .. " && chmod 555 " .. H.q(ro)))
    local id = io.popen("id -u"):read("l")
    local as = id == "0" and "setpriv --reuid=65534 --regid=65534 --clear-groups " or ""
    local out, err = base .. "/out", base .. "/err"
    -- the other user must reach the interpreter and the script: a clone
    -- may sit in a directory only its owner can enter (mktemp -d is 0700)
    local exe, tl = base .. "/newslua", base .. "/timeline.lua"
    assert(os.execute("cp " .. H.q(H.exe) .. " " .. H.q(exe) .. " && cp "
      .. script("timeline.lua") .. " " .. H.q(tl) .. " && chmod 755 " .. H.q(exe)
      .. " && chmod 644 " .. H.q(tl)))
    local ok = os.execute(as .. H.q(exe) .. " " .. H.q(tl) .. " --db "
      .. H.q(store) .. " " .. H.q(dir) .. " >" .. H.q(out) .. " 2>" .. H.q(err))
    os.execute("chmod 755 " .. H.q(ro))
    assert.truthy(ok, H.read(err))
    assert.truthy(H.read(err):find(store .. " is read-only: showing it as stored", 1, true),
      H.read(err))
    assert.truthy(H.read(out):find("Timeline of 3 articles", 1, true), H.read(out))
  end)
end)
