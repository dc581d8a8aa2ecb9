-- Golden tests of scripts/timeline.lua on the bundled corpus/.
-- The expected entries were checked by hand against the five articles;
-- tests/data/timeline/expected.md records how.
local H = require "helper"
local newslua = require "newslua"

local SCRIPT = H.source_dir .. "/scripts/timeline.lua"
local CORPUS = H.source_dir .. "/corpus"

-- Run the script; returns stdout, exit code.  `pre` is put before the
-- command (environment, cd).
local function run(args, pre)
  -- (the text format wraps at $COLUMNS when set: unset, it is 100 wide)
  local cmd = (pre or "") .. " env -u COLUMNS " .. H.q(H.exe) .. " " ..
              H.q(SCRIPT) .. " " .. args .. " 2>/dev/null"
  local f = assert(io.popen(cmd, "r"))
  local out = f:read("a")
  local _, _, code = f:close()
  return out, code
end

-- In text output `out`: the line under the entry `date` starts with the
-- gloss `want`, padded to the date column, and the text of both lines
-- starts in one column with a byte matching `next_pat`.
local function gloss_under(out, date, want, next_pat)
  local d, g = out:match("\n(" .. date:gsub("%-", "%%-") .. " +)[^\n]*\n([^\n]*)")
  assert(d, "no entry " .. date)
  assert.are.equal(want, g:sub(1, #want))
  assert.truthy(g:sub(#want + 1, #d):match("^ +$"), g)
  assert.truthy(g:sub(#d + 1, #d + 1):match(next_pat), g)
end

local function seed(id_or_file)
  return (tostring(id_or_file):match("(%d%d%d)_%x+"))
end

describe("timeline.lua on corpus/", function()
  local dir, db, doc
  setup(function()
    dir = H.tmpdir()
    db = dir .. "/index.db"
    local out, code = run("--format json --db " .. H.q(db) .. " " ..
                          H.q(CORPUS))
    assert.are.equal(0, code)
    doc = assert(newslua.json_decode(out))
  end)
  teardown(function() H.cleanup() end)

  local function entry(date)
    for _, e in ipairs(doc.entries) do
      if e.date == date then return e end
    end
    error("no entry " .. date)
  end

  -- The seeds (by number) and expressions of one event.
  local function seeds_of(ev)
    local s, exprs = {}, {}
    for _, src in ipairs(ev.sources) do
      s[seed(src.article)] = true
      exprs[src.expression] = true
    end
    return s, exprs
  end

  -- The event of `date` whose sources include all of `want` seeds.
  local function event_with(date, want, expr)
    for _, ev in ipairs(entry(date).events) do
      local s, exprs = seeds_of(ev)
      local ok = (expr == nil) or exprs[expr]
      for _, w in ipairs(want) do ok = ok and s[w] end
      if ok then return ev end
    end
    return nil
  end

  it("has the JSON shape of issue 2", function()
    assert.is_table(doc.entries)
    assert.is_table(doc.articles)
    assert.is_table(doc.undated)
    local ev = doc.entries[1].events[1]
    assert.is_string(doc.entries[1].date)
    assert.is_string(ev.text)
    local src = ev.sources[1]
    for _, k in ipairs({ "article", "file", "expression" }) do
      assert.is_string(src[k], k)
    end
    assert.is_number(src.start)
    assert.is_number(src["end"])
    for _, a in ipairs(doc.articles) do
      assert.is_string(a.id)
      assert.is_string(a.file)
      assert.is_string(a.published_source)
      assert.is_table(a.warnings)
    end
  end)

  it("lists the hand-checked dates in time order", function()
    local want = { "2014", "2021-12", "2022-W02", "2022-01-10", "2022-W03",
                   "2022-01-19", "2022-01-20", "2022-01-21", "2022-W04",
                   "2022-01-25", "2022-01-26" }
    local pos = {}
    for i, e in ipairs(doc.entries) do pos[e.date] = i end
    for i, d in ipairs(want) do
      assert.is_number(pos[d], "missing entry " .. d)
      if i > 1 then
        assert.is_true(pos[want[i - 1]] < pos[d], want[i - 1] .. " < " .. d)
      end
    end
    -- one entry per date
    local seen = {}
    for _, e in ipairs(doc.entries) do
      assert.is_nil(seen[e.date], "duplicate " .. e.date)
      seen[e.date] = true
    end
  end)

  it("2014: the annexation of Crimea, from DW (000) and 003", function()
    local ev = event_with("2014", { "000", "003" }, "2014")
    assert.is_table(ev)
    assert.truthy(ev.text:find("Crimea"))
  end)

  it("2021-12: the early December meeting (003), mod START", function()
    local ev = event_with("2021-12", { "003" }, "early December")
    assert.is_table(ev)
    assert.are.equal("START", ev.sources[1].mod)
    assert.are.equal("inferred", ev.sources[1].published_source)
  end)

  it("2022-01-10: Sherman and Ryabkov (000)", function()
    local ev = event_with("2022-01-10", { "000" }, "January 10")
    assert.is_table(ev)
    assert.truthy(ev.text:find("Ryabkov"))
  end)

  it("2022-W02: last week's OSCE meeting (000)", function()
    local ev = event_with("2022-W02", { "000" }, "last week")
    assert.is_table(ev)
    assert.truthy(ev.text:find("OSCE"))
  end)

  it("2022-W03: this week, from 000, 002 and 003", function()
    for _, s in ipairs({ "000", "002", "003" }) do
      assert.is_table(event_with("2022-W03", { s }, "this week"), s)
    end
    -- Russian forces in Belarus: one event, two outlets
    local ev = event_with("2022-W03", { "002", "003" })
    assert.is_table(ev)
  end)

  it("2022-01-19: Zelenskyy meets Blinken; Biden's remarks (002+003)",
     function()
       assert.truthy(event_with("2022-01-19", { "000" }, "Wednesday").text
                     :find("Kyiv"))
       local ev = event_with("2022-01-19", { "002", "003" }, "Wednesday")
       assert.is_table(ev)
       assert.truthy(ev.text:find("Biden"))
     end)

  it("2022-01-20: Thursday in Berlin (000, 003)", function()
    assert.is_table(event_with("2022-01-20", { "000" }, "Thursday"))
    assert.is_table(event_with("2022-01-20", { "003" }, "Thursday"))
  end)

  it("2022-01-21: the Geneva talks once, with all four reports", function()
    local ev = event_with("2022-01-21", { "000", "001", "002", "003" },
                          "Friday")
    assert.is_table(ev)
    assert.truthy(ev.text:find("Geneva") or ev.text:find("talks"))
    assert.is_true(#ev.outlets >= 4)
    assert.truthy(#entry("2022-01-21").events > 1) -- other Friday events
  end)

  it("2022-W04: the written response next week (000+001, 002)", function()
    assert.is_table(event_with("2022-W04", { "000", "001" }, "next week"))
    assert.is_table(event_with("2022-W04", { "002" }, "next week"))
  end)

  it("2022-01-25: Scholz and Macron expected on Tuesday (000)", function()
    local ev = event_with("2022-01-25", { "000" }, "Tuesday")
    assert.is_table(ev)
    assert.truthy(ev.text:find("Macron"))
  end)

  it("2022-01-26: the response delivered on Wednesday (Reuters)", function()
    local ev = event_with("2022-01-26", { "004" }, "Wednesday")
    assert.is_table(ev)
    assert.truthy(ev.outlets[1] == "Reuters")
  end)

  it("decides each publication date with a visible reason", function()
    local by = {}
    for _, a in ipairs(doc.articles) do by[seed(a.id)] = a end
    assert.are.equal("2022-01-21", by["000"].published)
    assert.are.equal("inferred", by["000"].published_source)
    assert.are.equal("2017-07-11", by["000"].meta_published)
    local warned = false
    for _, w in ipairs(by["000"].warnings) do
      if w:find("2017-07-11", 1, true) and w:find("2022-01-21", 1, true) then
        warned = true
      end
    end
    assert.is_true(warned, "000 warns about its header date")
    assert.truthy(by["000"].published_evidence:find("matching report", 1,
                                                    true))
    for _, s in ipairs({ "001", "002" }) do
      assert.are.equal("2022-01-21", by[s].published, s)
      assert.are.equal("inferred", by[s].published_source, s)
    end
    assert.truthy(by["003"].published == "2022-01-20" or
                  by["003"].published == "2022-01-21")
    assert.are.equal("inferred", by["003"].published_source)
    assert.are.equal("2022-01-26", by["004"].published:sub(1, 10))
    assert.are.equal("metadata", by["004"].published_source)
  end)

  it("cites exact byte offsets into the article bodies", function()
    local c <close> = assert(newslua.open(db, { readonly = true }))
    local body = {}
    for a in c:articles() do body[a.id] = a.body end
    local n = 0
    for _, e in ipairs(doc.entries) do
      for _, ev in ipairs(e.events) do
        for _, s in ipairs(ev.sources) do
          assert.are.equal(s.expression, body[s.article]:sub(s.start + 1,
                                                               s["end"]))
          n = n + 1
        end
      end
    end
    assert.is_true(n > 40)
  end)

  -- --since/--until keep the dates whose span reaches into the window (by
  -- hand from the list above: 2022-W03 is 17-23 Jan, 2022-W04 24-30 Jan)
  it("--since/--until: the dates that reach into the span, both inclusive", function()
    local function dates(args)
      local out, code = run("--format json --db " .. H.q(db) .. " " .. args .. " " .. H.q(CORPUS))
      assert.are.equal(0, code)
      local d = assert(newslua.json_decode(out))
      local t = {}
      for _, e in ipairs(d.entries) do t[#t + 1] = e.date end
      return table.concat(t, " "), d
    end
    assert.are.equal("2022-W03 2022-01-21", dates("--since 2022-01-21 --until 2022-01-21"))
    local got, d = dates("--since 2022-01-24")
    assert.are.equal("2022-W04 2022-01-25 2022-01-26", got)
    assert.are.equal(0, #d.undated) -- on no calendar: left out with a span
    assert.are.equal("2014 2021-12", dates("--until 2021"))
    assert.are.equal("2021-12 2022-W02 2022-01-10", dates("--since=2021-12-31 --until=2022-01-16"))
    for _, bad in ipairs { { "--since 2022-02-30", "'2022-02-30' is not a date (2022-02 has 28 days)" },
                           { "--until 2022-13", "'2022-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)" },
                           { "--since 2022-05 --until 2022-01", "--since 2022-05 is after --until 2022-01" } } do
      local _, err, code = H.run(H.q(SCRIPT) .. " " .. bad[1])
      assert.are.equal(2, code, err)
      assert.truthy(err:find(bad[2], 1, true), err)
    end
  end)

  it("shows vague expressions apart, with a reason", function()
    assert.is_true(#doc.undated > 0)
    for _, u in ipairs(doc.undated) do
      assert.is_string(u.reason)
      assert.is_table(u.sources[1])
    end
  end)

  it("text format: aligned, no colour with NO_COLOR, warnings shown",
     function()
       local out, code = run("--db " .. H.q(db) .. " " .. H.q(CORPUS),
                             "NO_COLOR=1")
       assert.are.equal(0, code)
       assert.is_nil(out:find("\27", 1, true))
       assert.truthy(out:find("\n2022%-01%-21  "))
       assert.truthy(out:find("\n2022%-W04    "))
       assert.truthy(out:find("2017-07-11", 1, true))
     end)

  -- (a mistyped store name silently gave the bundled story's timeline)
  it("says so when --db names no store and no PATH is given", function()
    local new = H.tmpdir() .. "/typo.db"
    local out, err, code = H.run(H.q(SCRIPT) .. " --format csv --db " .. H.q(new))
    assert.are.equal(0, code, err)
    assert.truthy(err:find("no store at " .. new .. ": the bundled ", 1, true), err)
    assert.truthy(out:find("\nevent,2022%-01%-21,"), out)
    assert.is_true(H.exists(new)) -- as documented: the bundled corpus/ stored there
    _, err = H.run(H.q(SCRIPT) .. " --format csv --db " .. H.q(new))
    assert.are.equal("", err) -- it exists now: its timeline, no note
  end)

  it("finds the bundled corpus from another directory", function()
    local out, code = run("--format csv --db " .. H.q(db), "cd / &&")
    assert.are.equal(0, code)
    assert.truthy(out:find("^kind,date,event,outlet,article,file,start,end"))
    assert.truthy(out:find("\nevent,2022%-01%-21,"))
    assert.truthy(out:find("\nwarning,"))
  end)

  it("markdown format", function()
    local out, code = run("--format markdown --db " .. H.q(db))
    assert.are.equal(0, code)
    assert.truthy(out:find("\n## 2022%-01%-21\n\n%*Friday%*\n"))
    assert.truthy(out:find("\n## 2022%-W02\n\n%*10%-16 Jan%*\n"))
    assert.truthy(out:find("\n## 2014\n\n%- ")) -- a year needs no gloss
    assert.truthy(out:find("\n## Warnings\n"))
    assert.truthy(out:find("\n| article | outlet | published | date from |\n", 1, true))
  end)

  it("markdown: every entry cites article ids and byte offsets", function()
    local out, code = run("--format markdown --db " .. H.q(db))
    assert.are.equal(0, code)
    local c <close> = assert(newslua.open(db, { readonly = true }))
    local body = {}
    for a in c:articles() do body[a.id] = a.body end
    local entries, cites, pending = 0, 0, false
    local dated = out:match("^(.-)\n## Publication dates\n")
    for line in (dated .. "\n"):gmatch("([^\n]*)\n") do
      if line:match("^%- ") then
        assert.is_false(pending, "entry without a citation")
        entries, pending = entries + 1, true
      else
        local id, a, b, expr = line:match('^  %- [^`]*`([^`]+)` bytes (%d+)%-(%d+) "(.-)"$')
        if id then
          assert.are.equal(expr, body[id]:sub(tonumber(a) + 1, tonumber(b)))
          cites, pending = cites + 1, false
        end
      end
    end
    assert.is_false(pending, "last entry without a citation")
    assert.is_true(entries > 20 and cites >= entries)
    -- vague expressions cite theirs too
    local und = out:match("\n## Undated or uncertain\n\n(.*)$")
    for line in und:gmatch("[^\n]+") do
      assert.truthy(line:match('`[^`]+` bytes %d+%-%d+ ".-"$'), line)
    end
  end)

  -- The reader's gloss under each date of the text format (worked out by
  -- hand: 2022-01-01 is a Saturday, so W02 is Mon 10 .. Sun 16 January).
  it("text format: a gloss under the date", function()
    local out, code = run("--format text --db " .. H.q(db), "NO_COLOR=1")
    assert.are.equal(0, code)
    local function under(date, want) gloss_under(out, date, want, "%S") end
    under("2022-W02", "10-16 Jan")
    under("2022-W03", "17-23 Jan")
    under("2022-01-10", "Monday")
    under("2022-01-21", "Friday")
    under("2021-12", "December")
    -- a year needs no gloss: the next line is text, indented
    assert.truthy(out:find("\n2014 +[^\n]*\n +%S"))
  end)

  it("--query: the timeline of the matching articles only", function()
    local out, code = run("--format json --query Habeck --db " .. H.q(db))
    assert.are.equal(0, code)
    local t = assert(newslua.json_decode(out))
    assert.are.equal(1, #t.articles) -- only DW mentions Habeck
    assert.are.equal("000", seed(t.articles[1].id))
    for _, e in ipairs(t.entries) do
      for _, ev in ipairs(e.events) do
        for _, src in ipairs(ev.sources) do
          assert.are.equal("000", seed(src.article))
        end
      end
    end
    local _, bad = run("--query 'AND AND' --db " .. H.q(db))
    assert.are.equal(1, bad)
    -- a query that matches nothing says so on stderr
    local f = assert(io.popen(H.q(H.exe) .. " " .. H.q(SCRIPT) .. " --query Zanzibar --db "
                              .. H.q(db) .. " 2>&1 >/dev/null", "r"))
    local err = f:read("a")
    f:close()
    assert.truthy(err:find("no article matches the query 'Zanzibar'", 1, true), err)
  end)

  it("shows only the articles under the given paths", function()
    local d = H.tmpdir()
    assert(os.execute("mkdir -p " .. H.q(d .. "/a") .. " " .. H.q(d .. "/b")))
    for _, f in ipairs({ "000_38c49de777daab70.txt",
                         "001_0425f18e5f99611e.txt" }) do
      H.write(d .. "/a/" .. f, H.read(CORPUS .. "/" .. f))
    end
    H.write(d .. "/b/004_0e8c4aba7b3c3b19.txt",
            H.read(CORPUS .. "/004_0e8c4aba7b3c3b19.txt"))
    local store = H.q(d .. "/i.db")
    local out = run("--format json --db " .. store .. " " ..
                    H.q(d .. "/a") .. " " .. H.q(d .. "/b"))
    local both = assert(newslua.json_decode(out))
    assert.are.equal(3, #both.articles)
    out = run("--format json --db " .. store .. " " .. H.q(d .. "/b"))
    local only = assert(newslua.json_decode(out))
    assert.are.equal(1, #only.articles)
    assert.are.equal("004", seed(only.articles[1].id))
    -- the same folder spelled another way than at the first ingest
    local f = assert(io.popen("cd " .. H.q(d) .. " && PWD=" .. H.q(d) .. " " .. H.q(H.exe)
      .. " " .. H.q(SCRIPT) .. " --format json --db " .. store .. " ./b/ 2>&1", "r"))
    out = f:read("a")
    f:close()
    assert.is_nil(out:find("showing the whole store", 1, true), out)
    only = assert(newslua.json_decode(out))
    assert.are.equal(1, #only.articles)
    assert.are.equal("004", seed(only.articles[1].id))
  end)

  -- SCENARIOS.md: a folder ingested from its parent as "story/", then by
  -- its absolute path, then shown from another directory, by a symlink
  it("finds a folder's articles however it was spelled at ingest", function()
    local d = H.tmpdir()
    local rd = assert(io.popen("cd " .. H.q(d) .. " && pwd -P")):read("l")
    local ingest = H.q(H.source_dir .. "/scripts/ingest.lua")
    local function sh(where, args)
      local f = assert(io.popen("cd " .. H.q(where) .. " && PWD=$(pwd) env -u COLUMNS "
        .. H.q(H.exe) .. " " .. args .. " 2>&1", "r"))
      local out = f:read("a")
      f:close()
      return out
    end
    assert(os.execute("mkdir -p " .. H.q(d .. "/story")))
    local names = {}
    for name in assert(io.popen("ls " .. H.q(CORPUS) .. "/*.txt")):lines() do
      names[#names + 1] = name
    end
    for i = 1, 4 do
      H.write(d .. "/story/" .. names[i]:match("[^/]+$"), H.read(names[i]))
    end
    sh(d, ingest .. " story/")
    -- only the relative ingest: an absolute PATH from / finds them all
    local out = sh("/", H.q(SCRIPT) .. " --format json " .. H.q(rd .. "/story/"))
    assert.is_nil(out:find("showing the whole store", 1, true), out)
    local t = assert(newslua.json_decode(out:match("{.*")))
    assert.are.equal(4, #t.articles)
    -- another spelling of the same folder is nothing new
    out = sh(d, ingest .. " ./story")
    assert.truthy(out:find("nothing changed since the last ingest", 1, true), out)
    H.write(d .. "/story/" .. names[5]:match("[^/]+$"), H.read(names[5]))
    sh("/", ingest .. " " .. H.q(d .. "/story/"))
    -- every spelling and directory: all five, each file named one way
    assert(os.execute("ln -s story " .. H.q(d .. "/link")))
    for _, how in ipairs({ { "/", rd .. "/story/" }, { d, "story" },
                           { d .. "/story", "." }, { d, "./link/" } }) do
      out = sh(how[1], H.q(SCRIPT) .. " --format json " .. H.q(how[2]))
      assert.is_nil(out:find("showing the whole store", 1, true), out)
      t = assert(newslua.json_decode(out:match("{.*")))
      assert.are.equal(5, #t.articles, how[1] .. " " .. how[2])
      for _, a in ipairs(t.articles) do
        assert.are.equal(rd .. "/story/" .. a.id .. ".txt", a.file)
      end
    end
  end)

  it("text format: as wide as the terminal, publication dates in columns", function()
    -- script(1) gives the command a terminal of 60 columns
    local cmd = "stty cols 60; NO_COLOR=1 env -u COLUMNS " .. H.q(H.exe) .. " " .. H.q(SCRIPT)
                .. " --db " .. H.q(db)
    local f = assert(io.popen("script -qc " .. H.q(cmd) .. " /dev/null", "r"))
    local out = f:read("a"):gsub("\r", "")
    f:close()
    local widest = 0
    local entries = out:match("^(.-)\nPublication dates\n") -- the wrapped part
    for line in entries:gmatch("[^\n]+") do widest = math.max(widest, utf8.len(line) or #line) end
    assert.is_true(widest <= 60 and widest > 50, "widest line " .. widest)
    local cols = {}
    for how in out:match("Publication dates\n(.-)\n\n"):gmatch("[^\n]*") do
      if how ~= "" then cols[#cols + 1] = how:find(" [im][ne][ft][ea]") end
    end
    assert.are.equal(5, #cols)
    for i = 2, #cols do assert.are.equal(cols[1], cols[i]) end
    -- in order of publication (003 is the 20th, 004 the 26th: were listed
    -- by id), then of id
    local order = {}
    for id in out:match("Publication dates\n(.-)\n\n"):gmatch("(%d%d%d)_%x+") do
      order[#order + 1] = id
    end
    assert.are.same({ "003", "000", "001", "002", "004" }, order)
  end)

  it("with no PATH reads the bundled corpus into memory, writing nothing", function()
    local d = H.tmpdir() -- a tree of its own: scripts/ beside corpus/
    assert(os.execute("mkdir -p " .. H.q(d .. "/scripts") .. " " .. H.q(d .. "/corpus")
      .. " && cp " .. H.q(SCRIPT) .. " " .. H.q(d .. "/scripts/")
      .. " && cp " .. H.q(CORPUS) .. "/*.txt " .. H.q(d .. "/corpus/")))
    local f = assert(io.popen("cd " .. H.q(d) .. " && " .. H.q(H.exe)
      .. " scripts/timeline.lua --format csv 2>&1", "r"))
    local out = f:read("a")
    f:close()
    assert.truthy(out:find("\nevent,2022%-01%-21,"), out)
    assert.is_false(H.exists(d .. "/corpus/.newslua/index.db"))
  end)

  it("with no PATH and --db naming a store: that store, nothing added", function()
    local d = H.tmpdir()
    H.write(d .. "/own.txt", "Own Story\n\nThe council met on 3 March 2021 to vote.\n")
    local store = d .. "/own.db"
    local c = assert(newslua.open(d .. "/own.txt", { db = store }))
    c:close()
    local out, code = run("--format json --db " .. H.q(store))
    assert.are.equal(0, code)
    local t = assert(newslua.json_decode(out))
    assert.are.equal(1, #t.articles)
    assert.are.equal("own", t.articles[1].id)
    c = assert(newslua.open(store))
    assert.are.equal(1, c:count()) -- the bundled articles were not added
    c:close()
    -- a --db that does not exist yet still gets the bundled corpus
    out, code = run("--format json --db " .. H.q(d .. "/new.db"))
    assert.are.equal(0, code)
    assert.are.equal(5, #assert(newslua.json_decode(out)).articles)
  end)

  it("^C while it ingests: one line, exit 130, the next run goes on", function()
    local d, store = H.big_folder(), H.tmpdir() .. "/i.db" -- store outside d
    local err, status = H.interrupt(H.q(SCRIPT) .. " --db " .. H.q(store) .. " "
                                    .. H.q(d), store)
    assert.are.equal(130, status, err)
    assert.are.equal("timeline.lua: interrupted; what was stored stays: run the "
                     .. "same command again to go on\n", err)
    local c = assert(newslua.open(store))
    local n = c:count()
    c:close()
    assert.truthy(n < 100, n)
    local out, code = run("--format json --db " .. H.q(store) .. " " .. H.q(d))
    assert.are.equal(0, code)
    assert.are.equal(100, #assert(newslua.json_decode(out)).articles)
  end)

  it("markdown: a sentence that looks like a list or heading stays text", function()
    local d = H.tmpdir()
    H.write(d .. "/notes.txt", "Numbered notes from Geneva\n\nPublished 21 January 2022.\n\n"
      .. "10) Blinken met Lavrov in Geneva on Friday.\n\n"
      .. "# Talks resume next week, officials said.\n")
    local out, code = run("--format markdown --db :memory: " .. H.q(d))
    assert.are.equal(0, code)
    assert.truthy(out:find("\n%- 10\\%) Blinken met Lavrov"), out)
    assert.truthy(out:find("\n%- \\# Talks resume next week"), out)
  end)

  it("shows a warning's file from the current directory", function()
    local nl = require "newslua"
    local top = nl.realpath(H.tmpdir())
    assert(os.execute("mkdir " .. H.q(top .. "/story")))
    H.write(top .. "/story/d.jsonl", nl.json_encode({ dId = "1", title = "Bodiless",
      date_publish = "2018-01-01 00:00:00" }) .. "\n")
    local out = run("--db :memory: story", "cd " .. H.q(top) .. " &&")
    assert.truthy(out:find("story/d.jsonl:1: no body field", 1, true), out)
    assert.falsy(out:find(top .. "/story/d.jsonl:1", 1, true), out)
    -- the JSON keeps the stored text, the file's absolute path
    out = run("--format json --db :memory: story", "cd " .. H.q(top) .. " &&")
    assert.truthy(out:find(top .. "/story/d.jsonl:1: no body field", 1, true), out)
  end)

  it("says so when a folder holds no articles", function()
    local d = H.tmpdir()
    local f = assert(io.popen(H.q(H.exe) .. " " .. H.q(SCRIPT) .. " --db :memory: "
      .. H.q(d) .. " 2>&1 >/dev/null", "r"))
    local err = f:read("a")
    f:close()
    assert.truthy(err:find("timeline.lua: no articles in " .. d, 1, true), err)
  end)

  it("names each skipped file once, with the reason", function()
    local folder = H.corpus_copy() -- holds junk.bin, a binary file
    local f = assert(io.popen(H.q(H.exe) .. " " .. H.q(SCRIPT) .. " --db "
      .. H.q(H.tmpdir() .. "/s.db") .. " " .. H.q(folder) .. " 2>&1 >/dev/null", "r"))
    local err = f:read("a")
    f:close()
    local line = err:match("timeline%.lua: skipped [^\n]*junk%.bin[^\n]*")
    assert.truthy(line, err)
    local _, n = line:gsub("junk%.bin", "")
    assert.are.equal(1, n, line)
    assert.truthy(line:find("binary data", 1, true), line)
  end)

  -- (a walk: a read-only archive folder gave only "EIO: .../.newslua/
  -- index.db: cannot create directory ...: Permission denied")
  it("reads a folder it cannot keep its store in into memory, and says so", function()
    local folder = H.corpus_copy()
    H.write(folder .. "/.newslua", "not a folder\n") -- no store can go there
    local f = assert(io.popen(H.q(H.exe) .. " " .. H.q(SCRIPT) .. " "
      .. H.q(folder) .. " 2>&1", "r"))
    local out = f:read("a")
    local _, _, code = f:close()
    assert.are.equal(0, code, out)
    assert.truthy(out:find("timeline.lua: EIO: " .. folder
      .. "/.newslua/index.db: ", 1, true), out)
    assert.truthy(out:find("timeline.lua: reading the files into memory this "
      .. "time (--db FILE keeps a store where you can write)\n", 1, true), out)
    assert.truthy(out:find("Timeline of 3 articles", 1, true), out)
    -- a store named with --db is not replaced by one in memory
    f = assert(io.popen(H.q(H.exe) .. " " .. H.q(SCRIPT) .. " --db "
      .. H.q(folder .. "/.newslua/x.db") .. " " .. H.q(folder) .. " 2>&1", "r"))
    out = f:read("a")
    _, _, code = f:close()
    assert.are.equal(1, code, out)
    assert.falsy(out:find("into memory", 1, true), out)
  end)

  it("rejects a bad option with status 2", function()
    local _, code = run("--format yaml --db " .. H.q(db))
    assert.are.equal(2, code)
  end)
end)

-- The gloss of the other kinds of entry, on an article written for it
-- (DCT Tuesday 2022-01-04; worked out by hand: ISO 2021-W52 runs from
-- Monday 27 December 2021 to Sunday 2 January 2022).
describe("timeline.lua glosses", function()
  teardown(function() H.cleanup() end)

  -- The text timeline of one article a.txt of `text` (its own store).
  local function text_of(text)
    local dir = H.tmpdir()
    H.write(dir .. "/a.txt", text)
    local out, code = run("--format text --db " .. H.q(dir .. "/i.db") .. " " ..
                          H.q(dir), "NO_COLOR=1")
    assert.are.equal(0, code)
    return out
  end

  -- A page of www.example-news.com dated Tuesday 2 March 2021 saying
  -- "on Monday", with `head` in its head.
  local function storm_page(head)
    return [[<!doctype html><html><head>
<title>Storm hits coast</title>]] .. head .. [[

<link rel="canonical" href="https://www.example-news.com/2021/storm.html">
<meta property="article:published_time" content="2021-03-02T10:00:00Z">
</head><body><article><h1>Storm hits coast</h1>
<p>The storm reached the coast on Monday, officials said, and the ports
were closed for the day while crews checked the quays.</p>
<p>Repairs are expected to take weeks, the harbour master said.</p>
</article></body></html>]]
  end

  -- (a saved page with an address but no site name was cited by its id,
  -- the file's stem, or a long hash for a crawler's dump)
  it("cites a page with no site name by its address's host", function()
    local dir = H.tmpdir()
    H.write(dir .. "/7f3a9c.html", storm_page(""))
    local out, code = run("--format json --db " .. H.q(dir .. "/i.db") .. " " ..
                          H.q(dir))
    assert.are.equal(0, code)
    local doc = newslua.json_decode(out)
    local e = doc.entries[1]
    assert.are.equal("2021-03-01", e.date) -- Monday before Tuesday 2 March
    assert.are.same({ "example-news.com" }, e.events[1].outlets)
    assert.are.equal("example-news.com", e.events[1].sources[1].outlet)
    assert.are.equal("7f3a9c", e.events[1].sources[1].article)
  end)

  -- (a crawl dump names an outlet by its host, "www.example-news.com",
  -- where its own pages say "Example News": one outlet listed twice)
  it("names an outlet given as a host as its pages name it", function()
    local dir = H.tmpdir()
    H.write(dir .. "/page.html",
            storm_page('<meta property="og:site_name" content="Example News">'))
    local rec = function(dom, url, text)
      return newslua.json_encode({ source_domain = dom, url = url,
        title = "Storm", text = text, date_publish = "2021-03-02 12:00:00" })
    end
    H.write(dir .. "/dump.jsonl", rec("www.example-news.com",
      "https://www.example-news.com/2021/storm-2.html",
      "The storm reached the coast on Monday, officials said, and the ports"
      .. " were closed for the day.") .. "\n" .. rec("www.other-news.com",
      "https://www.other-news.com/storm", "The storm reached the coast on"
      .. " Monday, officials said, and the ports were closed.") .. "\n"
      -- a name with dots is a name, not a host
      .. rec("U.S.News", "https://www.usn.example/storm", "The storm reached"
      .. " the coast on Monday, officials said; the ports were shut.") .. "\n"
      -- a host written two ways (a news API's "Nytimes.com"): one name
      .. rec("Nytimes.com", "https://www.nytimes.com/storm", "The storm"
      .. " reached the coast on Monday, officials said.") .. "\n"
      .. rec("www.nytimes.com", "https://www.nytimes.com/storm-2", "The"
      .. " storm reached the coast on Monday, the officials said.") .. "\n"
      -- and a host whose pages name it: that name
      .. rec("Example-news.com", "https://www.example-news.com/storm-3",
      "The storm reached the coast on Monday, officials there said.") .. "\n")
    local out, code = run("--format json --db " .. H.q(dir .. "/i.db") .. " " ..
                          H.q(dir))
    assert.are.equal(0, code)
    local doc = newslua.json_decode(out)
    local e = doc.entries[1]
    assert.are.equal("2021-03-01", e.date)
    assert.are.equal(1, #e.events, out)
    local outlets = { table.unpack(e.events[1].outlets) }
    table.sort(outlets)
    assert.are.same({ "Example News", "Nytimes.com", "U.S.News", "other-news.com" },
                    outlets)
    assert.are.equal(7, #e.events[1].sources)
    -- the articles' list names each outlet as the entries do, and keeps
    -- the source as stored
    local listed = {}
    for _, a in ipairs(doc.articles) do listed[a.source or a.id] = a.outlet end
    assert.are.equal("Example News", listed["www.example-news.com"])
    assert.are.equal("Example News", listed["Example-news.com"])
    assert.are.equal("Nytimes.com", listed["www.nytimes.com"])
    assert.are.equal("other-news.com", listed["www.other-news.com"])
    assert.are.equal("U.S.News", listed["U.S.News"])
    -- (the text and markdown "Publication dates" said "www.example-news.com"
    -- under entries that said "Example News")
    local text = run("--db " .. H.q(dir .. "/i.db") .. " " .. H.q(dir))
    local pub = text:match("\nPublication dates\n(.-)\n\n")
    assert.truthy(pub, text)
    assert.falsy(pub:find("www.", 1, true), pub)
    local _, n = pub:gsub("Example News %(", "")
    assert.are.equal(3, n, pub)
    local md = run("--format markdown --db " .. H.q(dir .. "/i.db") .. " " ..
                   H.q(dir))
    local rows = md:match("\n## Publication dates\n(.-)\n\n## ")
    assert.truthy(rows, md)
    assert.falsy(rows:find("www.", 1, true), rows)
    _, n = rows:gsub("| Example News |", "")
    assert.are.equal(3, n, rows)
  end)

  -- (an aggregator's feed items link to other sites: Daring Fireball's
  -- items linking to nytimes.com made a crawl dump's "www.nytimes.com"
  -- records "Daring Fireball")
  it("lets only pages name a host, not a feed that links to it", function()
    local dir = H.tmpdir()
    H.write(dir .. "/agg.rss", [[<?xml version="1.0"?>
<rss version="2.0"><channel><title>Aggregator Weekly</title>
<link>https://agg.example/</link>
<item><title>Storm</title><link>https://www.nytimes.com/storm-3</link>
<pubDate>Tue, 02 Mar 2021 12:00:00 GMT</pubDate>
<description>The storm reached the coast on Monday, officials said, and
the ports were closed.</description></item>
</channel></rss>
]])
    H.write(dir .. "/dump.jsonl", newslua.json_encode({
      source_domain = "www.nytimes.com", url = "https://www.nytimes.com/storm",
      title = "Storm", date_publish = "2021-03-02 12:00:00",
      text = "The storm reached the coast on Monday, officials said, and the"
        .. " ports were closed for the day." }) .. "\n")
    local out, code = run("--format json --db " .. H.q(dir .. "/i.db") .. " " ..
                          H.q(dir))
    assert.are.equal(0, code)
    local doc = newslua.json_decode(out)
    local outlet = {}
    for _, a in ipairs(doc.articles) do outlet[a.source] = a.outlet end
    assert.are.equal("nytimes.com", outlet["www.nytimes.com"], out)
    assert.are.equal("Aggregator Weekly", outlet["Aggregator Weekly"], out)
  end)

  -- (a feed's "Copyright (C) 2010-2025 Kurt McKee" put 2025 on the
  -- timeline as if something had happened then)
  it("leaves out the years of copyright notices", function()
    local out = text_of("Storm report\ndate 2022-01-04\n\nThe storm hit the"
                        .. " coast on Monday.\n\nPhoto: Copyright (C)"
                        .. " 2010-2021 Example News; \194\169 2020 Photo"
                        .. " Agency; (c) 2019 Wire.\n\nIt was the worst storm"
                        .. " since 1987, the harbour master said on Tuesday"
                        .. " after the crews had checked the quays.\n")
    assert.truthy(out:find("\n2022%-01%-03 "), out)
    assert.truthy(out:find("\n1987 "), out)
    for _, y in ipairs({ "2010", "2019", "2020", "2021" }) do
      assert.falsy(out:find("\n" .. y .. " "), y .. " on the timeline:\n" .. out)
    end
  end)

  it("weeks across months, quarters, seasons and decades", function()
    local out = text_of("Markets look back\ndate 2022-01-04\n\nShares fell"
                        .. " last week, the worst week since the 1920s. In the"
                        .. " summer of 2013 the index rose. In the third"
                        .. " quarter of 2021 profits grew.\n")
    local function under(date, want) gloss_under(out, date, want, "%[") end
    under("2021-W52", "27 Dec-2 Jan")
    under("2021-Q3", "Jul-Sep")
    under("2013-SU", "summer")
    under("192", "1920s")
  end)

  -- (ISO 2021-W52's weekend is Saturday 1 and Sunday 2 January 2022; a
  -- half year and a weekend went to "undated: not on the calendar")
  it("half years and weekends: on the timeline, in time order", function()
    local out = text_of("Markets look back\ndate 2022-01-04\n\nShares fell"
                        .. " over the weekend. In the second half of 2021"
                        .. " profits grew, and in the first half of 2021 they"
                        .. " fell.\n")
    gloss_under(out, "2021-H1", "Jan-Jun", "%[")
    gloss_under(out, "2021-H2", "Jul-Dec", "%[")
    gloss_under(out, "2021-W52-WE", "Sat-Sun 1-2 Jan", "%[")
    assert.truthy(out:find("\n2021%-H1 .-\n2021%-H2 .-\n2021%-W52%-WE ", 1), out)
    assert.falsy(out:find("not on the calendar", 1, true), out)
  end)

  -- (2016 - 8000 = -5984 in the astronomical count, whose year 0 is 1 BC:
  -- 5985 BC; a negative year went to "undated: not on the calendar")
  it("years before Christ and the first millennium", function()
    local out = text_of("Rock art\ndate 2016-05-01\n\nThe paintings were made"
                        .. " 8,000 years ago. Romans came 2,000 years ago.\n")
    gloss_under(out, "-5984", "5985 BC", "%[")
    gloss_under(out, "0016", "AD 16", "%[")
    assert.truthy(out:find("\n%-5984 .-\n0016 ", 1), out) -- in time order
    assert.falsy(out:find("not on the calendar", 1, true), out)
  end)

  it("centuries: on the timeline, first, as the years they span", function()
    local out = text_of("Trade history\ndate 2022-01-04\n\nTrade grew in the"
                        .. " 1600s. It grew again in the 20th century, and in"
                        .. " the 1990s.\n")
    gloss_under(out, "16", "1600s", "%[")
    gloss_under(out, "19", "1900s", "%[")
    assert.truthy(out:find("\n16 .-\n19 .-\n199 ", 1), out) -- in time order
    assert.falsy(out:find("not on the calendar", 1, true), out)
  end)

  -- (TimeML's century "00" is the years 0-99, the 1st century: it was
  -- glossed "0000s", "09" "0900s")
  it("the first millennium's centuries", function()
    local out = text_of("Roman roads\ndate 2022-01-04\n\nThe road was built"
                        .. " in the 1st century, mended in the 3rd"
                        .. " century and again in the 10th century.\n")
    gloss_under(out, "00", "1st century", "%S")
    gloss_under(out, "02", "3rd century", "%S")
    gloss_under(out, "09", "10th century", "%S")
    assert.truthy(out:find("\n00 .-\n02 .-\n09 ", 1), out)
  end)
end)

-- corpus/ with one article saved twice (000 and a copy under another
-- name): the same outlet, sentences and spans in two articles.
describe("timeline.lua on an exact copy", function()
  teardown(function() H.cleanup() end)

  it("cites the text once, naming the copy; csv keeps a row for each", function()
    local dir = H.tmpdir()
    assert(os.execute("cp -R " .. H.q(CORPUS) .. "/. " .. H.q(dir)))
    local src = assert(io.open(CORPUS .. "/000_38c49de777daab70.txt", "rb"))
    H.write(dir .. "/zz_copy.txt", src:read("a"))
    src:close()
    local db = H.q(dir .. "/i.db")
    local out, code = run("--format json --db " .. db .. " " .. H.q(dir))
    assert.are.equal(0, code)
    local doc = assert(newslua.json_decode(out))
    local cited, copies = 0, 0
    for _, e in ipairs(doc.entries) do
      for _, ev in ipairs(e.events) do
        for _, s in ipairs(ev.sources) do
          assert.are_not.equal("zz_copy", s.article) -- 000 sorts first
          if s.article == "000_38c49de777daab70" then
            cited = cited + 1
            assert.are.same({ "zz_copy" }, s.copies)
            copies = copies + 1
          else
            assert.are.same({}, s.copies)
          end
        end
      end
    end
    assert.truthy(cited >= 5, cited)
    assert.are.equal(cited, copies)
    local md = run("--format markdown --db " .. db .. " " .. H.q(dir))
    assert.truthy(md:find('bytes 4399-4403 "2014" (the same text also in `zz_copy`)', 1, true), md)
    local csv = run("--format csv --db " .. db .. " " .. H.q(dir))
    local n000, ncopy = 0, 0
    for line in csv:gmatch("[^\r\n]+") do
      if line:find(",000_38c49de777daab70,", 1, true) and line:find("^event,") then n000 = n000 + 1 end
      if line:find(",zz_copy,", 1, true) and line:find("^event,") then ncopy = ncopy + 1 end
    end
    assert.are.equal(cited, n000)
    assert.are.equal(n000, ncopy)
    -- vague expressions: one entry each, the copy named
    for _, u in ipairs(doc.undated) do
      for _, s in ipairs(u.sources) do assert.are_not.equal("zz_copy", s.article) end
    end
    local und = 0
    for line in csv:gmatch("[^\r\n]+") do
      if line:find("^undated,.*,zz_copy,") then und = und + 1 end
    end
    assert.truthy(und >= 1, und)
  end)
end)
