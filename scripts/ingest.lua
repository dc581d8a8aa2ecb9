-- ingest.lua: load everything under the given paths into a newslua store.
--
--   newslua scripts/ingest.lua [STORE.db] PATH... [--db FILE] [--force]
--                              [--quiet]
--
-- Prints articles per format, skipped files with reasons and repaired-byte
-- counts; a progress line on stderr when stderr is a terminal.
local nl = require "newslua"

local USAGE = [[
usage: newslua scripts/ingest.lua [STORE.db] PATH... [--db FILE] [--force]
                                  [--quiet]
  PATH        a folder (walked recursively) or a file of articles; only new
              or changed files are read
  STORE.db    a first PATH that is a store (.db, or an SQLite file) is the
              store to write, not something to ingest
  --db FILE   store file, also as --db=FILE (default: .newslua/index.db
              in the first PATH, or in its folder if it is a file)
  --force     read unchanged files too, and store them again as this
              newslua analyses them (after an upgrade: its dates and
              sentences for the whole store)
  --quiet, -q no progress line on stderr
  --help, -h  show this help]]

local function usage(msg)
  if msg then
    io.stderr:write("ingest.lua: ", msg, "\n", USAGE:match("^[^\n]*"),
                    "\n(--help for more)\n")
    os.exit(2)
  end
  io.stdout:write(USAGE, "\n")
  os.exit(0)
end

local paths, db, quiet, force = {}, nil, false, false
local i = 1
while i <= #arg do
  local a = arg[i]
  local opt, val = a:match("^(%-%-%w+)=(.*)$") -- --db=FILE, as timeline.lua
  if opt == "--db" then
    db = val ~= "" and val or usage("--db needs a FILE")
  elseif opt then
    usage("unknown option " .. a) -- the flags take no value
  elseif a == "--db" then
    i = i + 1
    db = arg[i] or usage("--db needs a FILE")
  elseif a == "--quiet" or a == "-q" then
    quiet = true
  elseif a == "--force" then
    force = true
  elseif a == "--help" or a == "-h" then
    usage()
  elseif a:sub(1, 2) == "--" then
    usage("unknown option " .. a)
  else
    paths[#paths + 1] = a
  end
  i = i + 1
end
if #paths == 0 then usage("no PATH given") end

-- A path that names a store (as newslua.open decides) is not ingested.
local function is_store(p)
  if p == ":memory:" or p:match("%.db$") then return true end
  -- only a regular file is opened: opening a FIFO waits for a writer
  if os.execute("test -f '" .. p:gsub("'", "'\\''") .. "'") ~= true then return false end
  local f = io.open(p, "rb")
  local head = f and f:read(16)
  if f then f:close() end
  return head == "SQLite format 3\0"
end
if db and is_store(paths[1]) then
  usage("give the store either as --db or as the first PATH, not both")
end
local inputs = {}
for _, p in ipairs(paths) do
  if not is_store(p) then inputs[#inputs + 1] = p
  elseif p ~= paths[1] then usage(p .. " is a store; only the first PATH may be one") end
end
if #inputs == 0 then usage("no PATH to ingest (" .. paths[1] .. " is the store)") end

local function is_tty(f)
  if os.getenv("NO_COLOR") and f == io.stdout then return false end
  local ok, term = pcall(require, "term")
  if ok and term.isatty then return term.isatty(f) end
  return os.execute("test -t 2") == true
end

local progress = not quiet and is_tty(io.stderr)
-- the terminal's columns (COLUMNS, else stty on the terminal, else 80):
-- a progress line longer than that wraps and \r no longer redraws it
local function term_cols()
  local n = tonumber(os.getenv("COLUMNS") or "")
  if not n then
    local p = io.popen("stty size </dev/tty 2>/dev/null")
    if p then
      n = tonumber((p:read("a") or ""):match("^%d+%s+(%d+)"))
      p:close()
    end
  end
  return n and n >= 20 and n or 80
end
local width = progress and term_cols() - 1 or 79
local seen, articles, skipped, partial, decoded = 0, 0, {}, {}, {}
local repaired_files, repaired_more = {}, 0 -- files whose invalid bytes
                                            -- were replaced: the first 20
local resumed = {} -- { file, stored }: big files a stopped ingest left partly stored
local last_head -- the progress line's head, as last drawn
local current -- { file, tail }: the file being stored, as on_progress said
local done, total_files -- the bar's numbers, once on_file gives them
local live, base = 0, 0 -- articles so far with the file being read; base:
                        -- those counted before the current corpus:add

-- the head of the progress line: the bar (or the count while walking),
-- the files done and the articles so far
local function head_line()
  local n = math.max(articles, live)
  if total_files then -- a bar once the walk has counted the files
    local fill = done * 20 // total_files -- full only when all are done
    return string.format("[%s%s] %d/%d files, %d articles", ("#"):rep(fill),
                         ("-"):rep(20 - fill), done, total_files, n)
  end
  return string.format("[%d %s, %d articles]", seen,
                       seen == 1 and "file" or "files", n)
end

-- draw head, `name` and `tail` on one line narrower than the terminal (or
-- \r cannot redraw it): the name keeps its end, the tail goes if it leaves
-- the name no room
local function draw(name, tail)
  local head = head_line()
  if #head > width then head = head:sub(1, width) end
  local room = width - #head - 1
  tail = tail or ""
  if room - #tail < 8 then tail = "" end
  room = room - #tail
  if room < 4 then
    name, tail = "", ""
  elseif #name > room then -- keep the tail, cut at a character's start
    local i = #name - (room - 3) + 1
    while i <= #name and (name:byte(i) & 0xC0) == 0x80 do i = i + 1 end
    name = "..." .. name:sub(i)
  end
  io.stderr:write("\r\27[K", head, " ", name, tail)
  last_head = head
end

local function on_file(r)
  seen = seen + 1
  articles = articles + (r.articles or 0)
  if (r.repaired or 0) > 0 and r.file then -- the first 20 named in the summary
    if #repaired_files < 20 then
      repaired_files[#repaired_files + 1] = { file = r.file, repaired = r.repaired }
    else
      repaired_more = repaired_more + 1
    end
  end
  if r.status ~= "OK" and r.status ~= "UNCHANGED" then
    skipped[#skipped + 1] = r
  elseif r.message and r.message:find(": 1 problem: no encoding declared "
                                       .. "and not UTF%-8: read as [^;]*$") then
    -- stored whole, in the charset it was read in: not a problem here
    decoded[#decoded + 1] = { file = r.file,
      message = (r.message:gsub(": 1 problem: ", ": ", 1)) }
  elseif r.message and r.message ~= "unchanged"
         and not r.message:find("^removed: ") then
    partial[#partial + 1] = r -- stored, with what its loader left out
  end
  if progress then
    if r.total then done, total_files = r.done, r.total end
    -- reports come as their batch commits, after later files started:
    -- the line keeps naming the file being stored (a walk saw the names
    -- jump back), the head counts the files done
    if current and current.file ~= r.file then
      draw(current.file, current.tail)
    else
      draw(r.file or "")
      current = nil -- its report came: later reports name their own files
    end
  end
end

-- the file being stored (a JSON Lines dump can take minutes): its name,
-- its articles so far and how much of it is read (when its loader says),
-- every quarter second; a file a killed ingest left partly stored says
-- where this one goes on
local function on_progress(p)
  if p.resumed > 0 and p.articles == 0 then -- said as the file starts
    resumed[#resumed + 1] = { file = p.file, stored = p.resumed }
  end
  if not progress then return end
  live = base + p.total
  local tail
  if p.resumed > 0 then
    tail = string.format(": %d articles (resuming at article %d)",
                         p.resumed + p.articles, p.resumed + 1)
  elseif p.articles > 0 then -- (": 0 articles" as each file starts read
                              -- as if it had none)
    tail = string.format(": %d articles", p.articles)
  else
    tail = ""
  end
  if p.read > 0 and p.size > 0 then
    tail = tail .. string.format("%s%d%%", tail == "" and ": " or ", ",
                                 p.read * 100 // p.size)
  end
  current = { file = p.file, tail = tail }
  draw(p.file, tail)
end

-- what runs after the last file (long on a big store): said on the line,
-- in short where the long text does not fit
local phase_text = {
  reconcile = { "checking publication dates across stories...",
                "checking dates..." },
  merge = { "merging the index into one segment...", "merging..." },
}
local function on_phase(p)
  if not progress then return end
  local head = last_head and last_head .. " " or ""
  local texts = phase_text[p] or { p }
  local line = head .. texts[1]
  if #line > width then line = head .. texts[#texts] end
  if #line > width then line = line:sub(1, width) end
  io.stderr:write("\r\27[K", line)
end

local corpus, msg, code = nl.open(paths[1], { db = db, ingest = false,
  on_upgrade = function(path, from, to)
    io.stderr:write(string.format("newslua: upgrading %s from schema %d to"
      .. " %d (once; minutes for a large store)\n",
      path, from, to))
  end })
if not corpus then
  io.stderr:write("ingest.lua: ", msg, "\n")
  if code == "EIO" and not db and msg:find("/%.newslua/index%.db: ") then
    -- the default store sits in the folder: a read-only archive, another
    -- user's folder
    io.stderr:write("ingest.lua: the store goes in the folder unless told ",
                    "otherwise: --db FILE puts it where you can write\n")
  end
  os.exit(1)
end

local total = { files = 0, unchanged = 0, stale = 0, moved = 0, failed = 0, added = 0,
  replaced = 0, repaired = 0, removed = 0, removed_files = 0, formats = {} }
local t0 = os.clock()
for _, p in ipairs(inputs) do
  base = articles
  current = nil -- (a new walk: its files name themselves)
  local ok, rep, err = xpcall(corpus.add, function(e)
    if tostring(e):find("interrupted!", 1, true) then return e end
    return debug.traceback(e, 2) -- a bug: say where
  end, corpus, p, { on_file = on_file, on_phase = on_phase, force = force,
                    on_progress = on_progress,
                    -- off a terminal only each file's start is wanted
                    progress_ms = progress and 250 or 1000000000 })
  if not ok and tostring(rep):find("interrupted!", 1, true) then
    -- ^C: the core stopped between two files (or rolled back a final
    -- phase); what is stored stays, and the next run goes on from there
    if progress then io.stderr:write("\r\27[K") end
    io.stderr:write(string.format("ingest.lua: interrupted; what was stored "
      .. "stays (%d articles in %s): run the same command again to go on\n",
      corpus:count(), corpus:path()))
    corpus:close()
    os.exit(130)
  elseif not ok then
    if progress then io.stderr:write("\n") end
    io.stderr:write("ingest.lua: ", tostring(rep), "\n")
    os.exit(1)
  end
  if not rep then
    if progress then io.stderr:write("\n") end
    io.stderr:write("ingest.lua: ", err, "\n")
    os.exit(1)
  end
  total.optimized = total.optimized or rep.optimized
  for _, k in ipairs { "files", "unchanged", "stale", "moved", "failed", "added",
                       "replaced", "repaired", "removed", "removed_files" } do
    total[k] = total[k] + (rep[k] or 0)
  end
  for fmt, n in pairs(rep.formats or {}) do
    total.formats[fmt] = (total.formats[fmt] or 0) + n
  end
end
if progress then io.stderr:write("\r\27[K") end

local out = io.stdout
out:write(string.format("store: %s\n", corpus:path()))
out:write(string.format("files: %d seen, %d unchanged, %d skipped\n",
  total.files, total.unchanged, total.failed))
out:write(string.format("articles: %d added, %d replaced, %d in store\n",
  total.added, total.replaced, corpus:count()))
-- "1 file", "2 files"
local function count(n, noun)
  return string.format("%d %s%s", n, noun, n == 1 and "" or "s")
end
for _, r in ipairs(resumed) do
  -- a killed (or interrupted) ingest had committed part of a big new file
  out:write(string.format("resumed: %s at article %d (%s stored by an "
    .. "ingest that stopped part way)\n", r.file, r.stored + 1,
    count(r.stored, "article")))
end
if total.moved > 0 then
  -- the store sits in the folder it indexes, and the folder moved
  local home = corpus:path():match("^(.*)/%.newslua/[^/]*$") or corpus:path()
  out:write(string.format("moved: %s followed the folder to %s\n",
    count(total.moved, "file"), home))
end
if total.removed_files > 0 then
  out:write(string.format("removed: %s of %s no longer in the folder\n",
    count(total.removed, "article"), count(total.removed_files, "file")))
end
local fmts = {}
for fmt in pairs(total.formats) do fmts[#fmts + 1] = fmt end
table.sort(fmts)
if #fmts > 0 then
  out:write("by format:\n")
  for _, fmt in ipairs(fmts) do
    out:write(string.format("  %-8s %8d\n", fmt, total.formats[fmt]))
  end
end
if total.unchanged > 0 and total.files == total.unchanged + total.failed
   and total.added + total.replaced + total.removed_files == 0 then
  out:write("nothing changed since the last ingest\n")
end
if total.stale > 0 then
  -- dates and sentences are worked out when a file is stored
  out:write(string.format("older analysis: %s stored by an older newslua "
    .. "(their dates and sentences may differ from what this one finds): run "
    .. "again with --force to analyse them anew\n",
    count(total.stale, "unchanged file")))
end
if total.repaired > 0 then
  out:write(string.format("repaired encoding: %d invalid bytes replaced\n", total.repaired))
  for _, r in ipairs(repaired_files) do
    out:write(string.format("  %s: %d\n", r.file, r.repaired))
  end
  if repaired_more > 0 then -- a whole crawl of bad bytes: the first say enough
    out:write(string.format("  ... and %d more files\n", repaired_more))
  end
end
-- core messages already start with the file name; don't say it twice
local function list(title, reports)
  if #reports == 0 then return end
  out:write(title, "\n")
  for _, r in ipairs(reports) do
    local msg = r.message or r.status
    if msg:sub(1, #r.file) == r.file then
      out:write("  ", msg, "\n")
    else
      out:write(string.format("  %s: %s\n", r.file, msg))
    end
  end
end
list("skipped:", skipped)
list("decoded without a declared charset:", decoded)
list("stored with problems (parts left out):", partial)
if total.optimized then
  out:write("index merged into one segment (bulk load)\n")
end
out:write(string.format("cpu time: %.2f s\n", os.clock() - t0))
corpus:close()
if total.files > 0 and total.failed == total.files then
  -- a big new file broken part way keeps what was read (status 'partial')
  io.stderr:write(string.format("ingest.lua: no file could be read %s(%d skipped)\n",
    total.added + total.replaced > 0 and "whole " or "", total.failed))
  os.exit(1)
end
