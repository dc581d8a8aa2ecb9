-- scripts_spec.lua: the command scripts ingest.lua and extract.lua, run
-- through the interpreter as a user would.
local H = require "helper"

local function script(name)
  return H.q(H.source_dir .. "/scripts/" .. name)
end

describe("scripts/ingest.lua", function()
  after_each(H.cleanup)

  it("counts articles per format, names skipped files with the reason", function()
    local dir = H.corpus_copy()
    local db = H.tmpdir() .. "/i.db"
    local out, err, code = H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db))
    assert.are.equal(0, code, err)
    -- fixtures: crimea.txt + geneva.txt (text), talks.html, junk.bin (binary)
    assert.truthy(out:find("files: 4 seen, 0 unchanged, 1 skipped", 1, true), out)
    assert.truthy(out:find("articles: 3 added, 0 replaced, 3 in store", 1, true), out)
    assert.truthy(out:match("\n  text%s+2\n"), out)
    assert.truthy(out:match("\n  html%s+1\n"), out)
    local skipped = out:match("skipped:\n(.*)")
    assert.truthy(skipped and skipped:find("junk.bin: ", 1, true), out)
    assert.truthy(skipped:find("binary", 1, true), out)
    -- no progress bar when stderr is not a terminal
    assert.are.equal("", err)
  end)

  -- (a walk: "repaired encoding: 1 invalid bytes replaced" named no file)
  it("names the files whose invalid bytes it replaced, with how many", function()
    local dir = H.tmpdir() .. "/bad"
    assert(os.execute("mkdir -p " .. H.q(dir)))
    H.write(dir .. "/a.txt", "Talks in Geneva.\n\nThe ministers met on Friday \xff\xfe and parted.\n")
    H.write(dir .. "/b.txt", "A clean file about talks.\n")
    H.write(dir .. "/c.txt", "One \xc3 bad byte.\n")
    local out, err, code = H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(H.tmpdir() .. "/r.db"))
    assert.are.equal(0, code, err)
    local n, files = out:match("repaired encoding: (%d+) invalid bytes replaced\n(.-)cpu time")
    assert.are.equal("3", n, out)
    assert.are.equal("  " .. dir .. "/a.txt: 2\n  " .. dir .. "/c.txt: 1\n", files)
  end)

  it("on a terminal, draws a progress bar once the files are counted", function()
    local dir = H.corpus_copy()
    local db = H.tmpdir() .. "/i.db"
    -- script(1) gives the command a terminal; stdout goes to a file
    local cmd = H.q(H.exe) .. " " .. script("ingest.lua") .. " " .. H.q(dir)
                .. " --db " .. H.q(db) .. " >/dev/null"
    local f = assert(io.popen("script -qc " .. H.q(cmd) .. " /dev/null", "r"))
    local tty = f:read("a")
    f:close()
    -- four files: a 20-cell bar, then n/4 files, each over the last
    assert.truthy(tty:find("[#####---------------] 1/4 files, ", 1, true), tty)
    assert.truthy(tty:find("[####################] 4/4 files, 3 articles ", 1, true), tty)
    -- a second run: unchanged files come while the walk counts, no bar yet
    f = assert(io.popen("script -qc " .. H.q(cmd) .. " /dev/null", "r"))
    tty = f:read("a")
    f:close()
    assert.truthy(tty:find("[1 file, 0 articles] ", 1, true), tty)
    assert.truthy(tty:find("[3 files, 0 articles] ", 1, true), tty)
    assert.truthy(tty:find("[####################] 4/4 files, 0 articles ", 1, true), tty)
  end)

  -- (a walk: the line went back to earlier names as their reports came
  -- with their batch's commit, and said ": 0 articles" of each file as it
  -- started)
  it("on a terminal, names files in the order they are stored, never one already passed", function()
    local dir = H.tmpdir() .. "/many"
    assert(os.execute("mkdir -p " .. H.q(dir)))
    for i = 0, 39 do
      H.write(string.format("%s/f%02d.txt", dir, i),
              ("Talks in Geneva on Friday, file %d.\n\n"):format(i):rep(200))
    end
    local cmd = H.q(H.exe) .. " " .. script("ingest.lua") .. " " .. H.q(dir)
                .. " --db " .. H.q(H.tmpdir() .. "/m.db") .. " >/dev/null"
    local f = assert(io.popen("script -qc " .. H.q(cmd) .. " /dev/null", "r"))
    local tty = f:read("a")
    f:close()
    local last, names = -1, 0
    for n in tty:gmatch("f(%d%d)%.txt") do
      n = tonumber(n)
      assert.is_true(n >= last, "f" .. n .. " after f" .. last .. ":\n" .. tty)
      last, names = n, names + 1
    end
    assert.are.equal(39, last, tty)
    assert.is_true(names >= 40, tty)
    assert.is_nil(tty:find(": 0 articles", 1, true), tty)
    -- once a stored file's report came, the unchanged files after it (a
    -- second folder here) name themselves, not that file (review)
    local dir2 = H.tmpdir() .. "/more"
    assert(os.execute("mkdir -p " .. H.q(dir2)))
    for i = 0, 4 do H.write(string.format("%s/g%02d.txt", dir2, i), "Talks on Friday.\n") end
    local db2 = H.q(H.tmpdir() .. "/m2.db")
    local both = H.q(H.exe) .. " " .. script("ingest.lua") .. " " .. H.q(dir) .. " " .. H.q(dir2)
                 .. " --db " .. db2 .. " >/dev/null"
    assert(os.execute(both .. " 2>/dev/null"))
    H.write(dir .. "/f00.txt", "Talks resumed on Monday.\n") -- one changed file
    f = assert(io.popen("script -qc " .. H.q(both) .. " /dev/null", "r"))
    tty = f:read("a")
    f:close()
    assert.truthy(tty:find("more/g04.txt", 1, true), tty)
  end)

  it("^C: says what stays stored, exits 130, and the next run goes on", function()
    local dir, db = H.big_folder(), H.tmpdir() .. "/i.db"
    local err, status = H.interrupt(script("ingest.lua") .. " " .. H.q(dir)
                                    .. " --db " .. H.q(db), db)
    assert.are.equal(130, status, err)
    local n = tonumber(err:match("^ingest%.lua: interrupted; what was stored "
      .. "stays %((%d+) articles in [^\n]*%): run the same command again to go on\n$"))
    assert.truthy(n and n < 100, err) -- one line, no traceback
    local out, err2, code = H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db))
    assert.are.equal(0, code, err2)
    assert.truthy(out:find(string.format("articles: %d added, 0 replaced, 100 in store", 100 - n),
                           1, true), out)
  end)

  it("lists files read in a charset they do not declare apart", function()
    local db = H.tmpdir() .. "/i.db"
    local out, err, code = H.run(script("ingest.lua") .. " " ..
      H.q(H.source_dir .. "/tests/data/charset") .. " --db " .. H.q(db))
    assert.are.equal(0, code, err)
    local list = out:match("decoded without a declared charset:\n(.-)\ncpu time")
    assert.truthy(list, out)
    assert.truthy(list:find("/koi8r.txt: no encoding declared and not UTF-8: "
                            .. "read as KOI8-R (detected)", 1, true), list)
    assert.truthy(list:find("/shift_jis.rss: no encoding declared and not "
                            .. "UTF-8: read as SHIFT_JIS (detected)", 1, true), list)
    assert.is_nil(out:find("parts left out", 1, true), out)
  end)

  it("does nothing the second time, and stores into --db only", function()
    local dir = H.corpus_copy()
    local db = H.tmpdir() .. "/i.db"
    H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db))
    local out, _, code = H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db))
    assert.are.equal(0, code)
    assert.truthy(out:find("files: 4 seen, 3 unchanged, 1 skipped", 1, true), out)
    assert.truthy(out:find("articles: 0 added, 0 replaced, 3 in store", 1, true), out)
    assert.truthy(out:find("\nnothing changed since the last ingest\n", 1, true), out)
    assert.is_false(H.exists(dir .. "/.newslua/index.db"))
  end)

  -- (on 80 columns the line after the last file was cut mid-word:
  -- "... 898 articles checking publication dates a")
  -- What ingest.lua of `dir` writes to a terminal of `cols` columns
  -- (script(1) gives it one): the progress lines and the summary.
  local function on_terminal(dir, cols)
    -- (ingest.lua takes $COLUMNS first: unset, stty's width counts)
    local cmd = "stty cols " .. cols .. "; env -u COLUMNS " .. H.q(H.exe) .. " " .. script("ingest.lua")
                .. " " .. H.q(dir) .. " --db " .. H.q(H.tmpdir() .. "/i.db")
    local f = assert(io.popen("script -qc " .. H.q(cmd) .. " /dev/null", "r"))
    local out = f:read("a")
    f:close()
    return out
  end

  it("says the phase after the last file in words that fit the terminal", function()
    local function last_line(cols)
      local phase
      for line in on_terminal(H.corpus_copy(), cols):gmatch("[^\r\n]+") do
        line = line:gsub("\27%[K", "")
        assert.is_true(#line < cols, line)
        if line:find("checking") then phase = line end
      end
      return phase
    end
    local wide, narrow = last_line(120), last_line(80)
    assert.truthy(wide and wide:find("%d articles checking publication dates across stories%.%.%.$"), wide)
    assert.truthy(narrow and narrow:find("%d articles checking dates%.%.%.$"), narrow)
  end)

  -- (the bar was full at 105 of 107 files: 39 of 40 rounded up)
  it("fills the progress bar only when every file is done", function()
    local dir = H.tmpdir()
    for i = 1, 40 do
      H.write(string.format("%s/%02d.txt", dir, i), "Note " .. i
              .. "\n\nThe council met on Monday to discuss item " .. i .. ".\n")
    end
    local seen = {}
    for bar, done in on_terminal(dir, 120):gmatch("%[([#-]+)%] (%d+)/40 files") do
      seen[tonumber(done)] = bar
    end
    assert.are.equal(("#"):rep(19) .. "-", seen[39])
    assert.are.equal(("#"):rep(20), seen[40])
  end)

  -- A folder with a 5,000-article dump.jsonl that a first ingest into
  -- store `db` stopped after its first committed part: dir, db and how
  -- many articles it stored.
  local function partly_stored_dump()
    local dir, db = H.tmpdir(), H.tmpdir() .. "/i.db"
    local t = {}
    for i = 1, 5000 do
      t[i] = string.format('{"title": "Note %d", "text": "The council met on '
        .. 'Monday about item %d.", "url": "http://example.com/%d"}', i, i, i)
    end
    H.write(dir .. "/dump.jsonl", table.concat(t, "\n") .. "\n")
    local nl = require "newslua"
    local c = assert(nl.open(dir, { db = db, ingest = false }))
    assert.is_false(pcall(c.add, c, dir, { on_progress = function() error("stop") end }))
    local stored = c:count()
    c:close()
    assert.is_true(stored > 0 and stored < 5000, stored)
    return dir, db, stored
  end

  -- (a 212 MB JSON Lines dump showed the previous, skipped file and
  -- 0 articles for its 20 s, and a resumed one no hint that it goes on)
  it("names the file being stored and its articles so far, and a resume", function()
    local dir, db, stored = partly_stored_dump()
    local cmd = "env COLUMNS=150 " .. H.q(H.exe) .. " " .. script("ingest.lua")
                .. " " .. H.q(dir) .. " --db " .. H.q(db) .. " >/dev/null"
    local f = assert(io.popen("script -qc " .. H.q(cmd) .. " /dev/null", "r"))
    local tty = f:read("a")
    f:close()
    -- drawn as the file starts, before its batch is committed (the head
    -- counts this run's articles, as the summary does)
    assert.truthy(tty:find(string.format("[0 files, 0 articles] %s/dump.jsonl: "
      .. "%d articles (resuming at article %d)", dir, stored, stored + 1),
      1, true), tty)
    assert.truthy(tty:find(string.format("[####################] 1/1 files, %d "
      .. "articles ", 5000 - stored), 1, true), tty)
  end)

  -- (a walk: kill -9 in a 250 MB dump, then the same command again with
  -- its output to a log: nothing said the dump went on where it stopped)
  it("says in its summary which file it resumed, off a terminal too", function()
    local dir, db, stored = partly_stored_dump()
    local out, err, code = H.run(script("ingest.lua") .. " " .. H.q(dir)
                                 .. " --db " .. H.q(db))
    assert.are.equal(0, code, err)
    assert.are.equal("", err)
    assert.truthy(out:find(string.format("\nresumed: %s/dump.jsonl at article %d "
      .. "(%d articles stored by an ingest that stopped part way)\n", dir,
      stored + 1, stored), 1, true), out)
    assert.truthy(out:find(string.format("articles: %d added, 0 replaced, 5000 in store",
      5000 - stored), 1, true), out)
    -- nothing to resume the next time
    out = H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db))
    assert.falsy(out:find("resumed:", 1, true), out)
  end)

  -- (a walk: a read-only archive folder gave only "EIO: .../.newslua/
  -- index.db: cannot create directory ...: Permission denied")
  it("says --db puts the store elsewhere when the folder cannot hold it", function()
    local dir = H.corpus_copy()
    H.write(dir .. "/.newslua", "not a folder\n") -- no store can go there
    local out, err, code = H.run(script("ingest.lua") .. " " .. H.q(dir))
    assert.are.equal(1, code, err)
    assert.are.equal("", out)
    assert.truthy(err:find("^ingest%.lua: EIO: [^\n]*/%.newslua/index%.db: "), err)
    assert.truthy(err:find("\ningest.lua: the store goes in the folder unless "
      .. "told otherwise: --db FILE puts it where you can write\n", 1, true), err)
    local db = H.tmpdir() .. "/i.db"
    out, err, code = H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db))
    assert.are.equal(0, code, err)
    assert.truthy(out:find("articles: 3 added", 1, true), out)
  end)

  it("takes --db=FILE as timeline.lua does", function()
    local dir = H.corpus_copy()
    local db = H.tmpdir() .. "/eq.db"
    local out, err, code = H.run(script("ingest.lua") .. " --db=" .. H.q(db) .. " " .. H.q(dir))
    assert.are.equal(0, code, err)
    assert.truthy(out:find("articles: 3 added", 1, true), out)
    assert.is_true(H.exists(db))
    assert.is_false(H.exists(dir .. "/.newslua/index.db"))
    local _, err2, code2 = H.run(script("ingest.lua") .. " --db= " .. H.q(dir))
    assert.are.equal(2, code2)
    assert.truthy(err2:find("--db needs a FILE", 1, true), err2)
  end)

  it("reads unchanged files again with --force, replacing their articles", function()
    local dir = H.corpus_copy()
    local db = H.tmpdir() .. "/i.db"
    local run = script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db)
    H.run(run)
    local out, _, code = H.run(run .. " --force")
    assert.are.equal(0, code)
    assert.truthy(out:find("files: 4 seen, 0 unchanged, 1 skipped", 1, true), out)
    assert.truthy(out:find("articles: 0 added, 3 replaced, 3 in store", 1, true), out)
    out = H.run(run) -- and the next run finds them unchanged again
    assert.truthy(out:find("files: 4 seen, 3 unchanged, 1 skipped", 1, true), out)
  end)

  it("follows a folder that moved with its store, storing nothing again", function()
    local dir = H.corpus_copy()
    H.run(script("ingest.lua") .. " " .. H.q(dir))
    local moved = dir .. "-moved"
    assert(os.rename(dir, moved))
    local out, _, code = H.run(script("ingest.lua") .. " " .. H.q(moved))
    assert.are.equal(0, code)
    assert.truthy(out:find("files: 4 seen, 3 unchanged, 1 skipped", 1, true), out)
    assert.truthy(out:find("articles: 0 added, 0 replaced, 3 in store", 1, true), out)
    assert.truthy(out:find("\nmoved: 4 files followed the folder to "
                           .. moved .. "\n", 1, true), out)
    assert(os.rename(moved, dir)) -- for the clean-up
  end)

  it("says what it removed of files gone from the folder, in words", function()
    local dir = H.corpus_copy()
    local db = H.tmpdir() .. "/i.db"
    H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db))
    local gone
    for name in io.popen("ls " .. H.q(dir)):lines() do
      if name:match("%.txt$") or name:match("%.html$") then gone = name break end
    end
    assert.truthy(gone)
    os.remove(dir .. "/" .. gone)
    local out, _, code = H.run(script("ingest.lua") .. " " .. H.q(dir) .. " --db " .. H.q(db))
    assert.are.equal(0, code)
    assert.truthy(out:find("\nremoved: 1 article of 1 file no longer in the folder\n", 1, true), out)
  end)

  it("takes a first PATH that is a store as the store, not as input", function()
    local dir = H.corpus_copy()
    local db = H.tmpdir() .. "/story.db"
    local out, err, code = H.run(script("ingest.lua") .. " " .. H.q(db) .. " " .. H.q(dir))
    assert.are.equal(0, code, err)
    assert.truthy(out:find("store: " .. db, 1, true), out)
    assert.truthy(out:find("files: 4 seen, 0 unchanged, 1 skipped", 1, true), out)
    assert.is_nil(out:find("story.db:", 1, true), out) -- not read as a binary file
    out = H.run(script("ingest.lua") .. " " .. H.q(db) .. " " .. H.q(dir))
    assert.truthy(out:find("files: 4 seen, 3 unchanged, 1 skipped", 1, true), out)
    assert.truthy(out:find("nothing changed", 1, true), out)
    local _
    _, err, code = H.run(script("ingest.lua") .. " " .. H.q(db))
    assert.are.equal(2, code)
    assert.truthy(err:find("no PATH to ingest", 1, true), err)
  end)

  it("--help: every option, on stdout, status 0", function()
    local out, err, code = H.run(script("ingest.lua") .. " --help")
    assert.are.equal(0, code)
    assert.are.equal("", err)
    for _, o in ipairs { "--db FILE", "--quiet, -q", "--help, -h", "STORE.db" } do
      assert.truthy(out:find(o, 1, true), o)
    end
  end)

  it("fails with usage on no path and on an unknown option", function()
    local _, err, code = H.run(script("ingest.lua"))
    assert.are.equal(2, code)
    assert.truthy(err:find("no PATH given", 1, true))
    _, err, code = H.run(script("ingest.lua") .. " x --frobnicate")
    assert.are.equal(2, code)
    assert.truthy(err:find("unknown option --frobnicate", 1, true))
  end)
end)

describe("scripts/extract.lua", function()
  after_each(H.cleanup)

  it("writes one JSON line per page with id, title, body and no boilerplate", function()
    local nl = require "newslua"
    local page = H.source_dir .. "/tests/data/html/article.html"
    local out, err, code = H.run(script("extract.lua") .. " --jsonl " .. H.q(page))
    assert.are.equal(0, code, err)
    local lines = {}
    for l in out:gmatch("[^\n]+") do lines[#lines + 1] = l end
    assert.are.equal(1, #lines)
    local rec = assert(nl.json_decode(lines[1]))
    assert.are.equal("article", rec.id)
    assert.are.equal(page, rec.file)
    assert.are.equal("Harbour bridge reopens after repairs", rec.title)
    assert.truthy(rec.body:find("The harbour bridge reopened to traffic on Wednesday morning", 1, true))
    assert.truthy(rec.body:find("£4.2 million", 1, true))
    assert.is_nil(rec.body:find("it took them long enough", 1, true)) -- a comment
    assert.is_nil(rec.body:find("Subscribe to our newsletter", 1, true))
    -- --jsonl is the default: the same line without it
    local plain = H.run(script("extract.lua") .. " " .. H.q(page))
    assert.are.equal(out, plain)
  end)

  it("a folder is no page: its line has body \"\", stderr names it, status 1", function()
    -- it printed the folder's first page as one record named after the
    -- folder, dropped the others, and exited 0
    local nl = require "newslua"
    local dir = H.tmpdir()
    assert(os.execute("mkdir " .. H.q(dir .. "/pages") .. " " .. H.q(dir .. "/one")))
    H.write(dir .. "/pages/a.html", H.read(H.source_dir .. "/tests/data/html/article.html"))
    H.write(dir .. "/pages/b.html", H.read(H.source_dir .. "/tests/data/html/jsonld.html"))
    H.write(dir .. "/one/a.html", H.read(H.source_dir .. "/tests/data/html/article.html"))
    local page = H.source_dir .. "/tests/data/html/article.html"
    local out, err, code = H.run(script("extract.lua") .. " " .. H.q(dir .. "/pages")
                                 .. " " .. H.q(dir .. "/one") .. " " .. H.q(page))
    assert.are.equal(1, code, err)
    local recs = {}
    for l in out:gmatch("[^\n]+") do recs[#recs + 1] = assert(nl.json_decode(l)) end
    assert.are.equal(3, #recs, out)
    assert.are.same({ "pages", dir .. "/pages", "" }, { recs[1].id, recs[1].file, recs[1].body })
    assert.are.same({ "one", dir .. "/one", "" }, { recs[2].id, recs[2].file, recs[2].body })
    assert.are.equal(nl.null, recs[1].title)
    assert.are.equal("Harbour bridge reopens after repairs", recs[3].title)
    assert.truthy(err:find(dir .. "/pages: a folder, not an HTML page", 1, true), err)
    assert.truthy(err:find(dir .. "/one: a folder, not an HTML page", 1, true), err)
    -- a page named by a path that is not canonical ("..", a relative or a
    -- linked folder) is a page: every html-dev page was "a folder" when
    -- named as ../shared/data/html-dev/x.html.gz
    out, err, code = H.run(script("extract.lua") .. " " .. H.q(dir .. "/one/../one/a.html"))
    assert.are.equal(0, code, err)
    assert.are.equal("Harbour bridge reopens after repairs", assert(nl.json_decode(out)).title)
  end)

  it("refuses a JSON file: its text is no page", function()
    local nl = require "newslua"
    local dir = H.tmpdir()
    H.write(dir .. "/dump.jsonl", '{"title": "A", "text": "Body one."}\n'
            .. '{"title": "B", "text": "Body two."}\n')
    H.write(dir .. "/rec.json", '\n  [{"title": "C", "text": "Body."}]')
    local out, err, code = H.run(script("extract.lua") .. " " .. H.q(dir .. "/dump.jsonl")
                                 .. " " .. H.q(dir .. "/rec.json"))
    assert.are.equal(1, code, err)
    local n = 0
    for l in out:gmatch("[^\n]+") do
      local r = assert(nl.json_decode(l))
      assert.are.equal("", r.body)
      n = n + 1
    end
    assert.are.equal(2, n, out)
    assert.truthy(err:find(dir .. "/dump.jsonl: JSON, not an HTML page", 1, true), err)
    assert.truthy(err:find(dir .. "/rec.json: JSON, not an HTML page", 1, true), err)
  end)

  it("--help: every option, on stdout, status 0; no FILE is status 2", function()
    local out, err, code = H.run(script("extract.lua") .. " --help")
    assert.are.equal(0, code)
    assert.are.equal("", err)
    assert.truthy(out:find("--jsonl", 1, true))
    local _
    _, err, code = H.run(script("extract.lua"))
    assert.are.equal(2, code)
    assert.truthy(err:find("no FILE given", 1, true), err)
  end)
end)

-- docs/scripts.md shows each script's --help verbatim, so an option added
-- to a script without its documentation (or the reverse) fails here.
describe("docs/scripts.md", function()
  after_each(H.cleanup)
  local doc = H.read(H.source_dir .. "/docs/scripts.md") or ""

  for _, name in ipairs { "ingest.lua", "timeline.lua", "extract.lua", "timex.lua" } do
    it("shows the --help of " .. name, function()
      local section = doc:match("\n## " .. name:gsub("%.", "%%.") .. "\n(.-)\n## ")
                      or doc:match("\n## " .. name:gsub("%.", "%%.") .. "\n(.*)$")
      assert.truthy(section, "no section for " .. name)
      local usage = section:match("```\n(.-)```")
      local out, err, code = H.run(script(name) .. " --help")
      assert.are.equal(0, code)
      assert.are.equal(usage, out) -- on stdout
      assert.are.equal("", err)
      -- every option of the synopsis has a line of its own saying what it does
      local synopsis = usage:match("^(.-)\n  %-") or usage
      for opt in synopsis:gmatch("%-%-%a[%w-]*") do
        assert.truthy(usage:find("\n  " .. opt:gsub("%-", "%%-") .. "[ ,]"), name .. ": " .. opt)
      end
    end)
  end
end)

-- SCENARIOS #5 / STYLE: every script also runs under stock lua5.4 with the
-- module on package.cpath.
describe("the scripts under stock lua5.4", function()
  after_each(H.cleanup)

  -- a sanitizer build's module needs its runtime preloaded into lua5.4
  local preload = os.getenv("NEWSLUA_STOCK_PRELOAD")
  local env = preload and ("LD_PRELOAD=" .. H.q(preload) .. " ASAN_OPTIONS=detect_leaks=0 ") or ""

  local function stock(args)
    local dir = H.tmpdir()
    local cmd = env .. "LUA_CPATH=" .. H.q(H.module_dir .. "/?.so;;") .. " lua5.4 " .. args
      .. " >" .. H.q(dir .. "/out") .. " 2>" .. H.q(dir .. "/err") .. " </dev/null"
    local _, _, code = os.execute(cmd)
    return H.read(dir .. "/out"), H.read(dir .. "/err"), code
  end

  it("ingest.lua, timeline.lua, extract.lua and timex.lua", function()
    local out, err, code = stock(script("ingest.lua") .. " --db :memory: " .. H.q(H.corpus_copy()))
    assert.are.equal(0, code, err)
    assert.truthy(out:find("articles: 3 added", 1, true), out)
    out, err, code = stock(script("timeline.lua") .. " --format csv")
    assert.are.equal(0, code, err)
    assert.truthy(out:find("\nevent,2022%-01%-21,"), out)
    out, err, code = stock(script("extract.lua") .. " " .. H.q(H.source_dir .. "/tests/data/html/article.html"))
    assert.are.equal(0, code, err)
    assert.truthy(out:find('"title":"Harbour bridge reopens after repairs"', 1, true), out)
    local docs = H.write(H.tmpdir() .. "/docs.jsonl",
      '{"doc":"d1","dct":"2022-01-24","text":"They met on Friday."}\n')
    out, err, code = stock(script("timex.lua") .. " " .. H.q(docs))
    assert.are.equal(0, code, err)
    assert.truthy(out:find('"value":"2022-01-21"', 1, true), out)
  end)
end)
