-- timeline.lua -- a dated, sourced timeline of a folder of news articles.
--
-- Usage: newslua scripts/timeline.lua [--format text|markdown|json|csv]
--                      [--db FILE] [--query Q] [--width N] [PATH ...]
-- With no PATH the bundled corpus/ next to scripts/ is used, so the script
-- works from any directory; with no PATH and --db naming an existing
-- store, that store as it is.  Runs under `newslua` or stock lua5.4 with the
-- module on package.cpath.
--
-- Every resolved date expression (corpus:dates()) is an event mention,
-- except a copyright notice's years ("Copyright (C) 2010-2025").
-- Mentions are grouped by their TimeML value, granularity kept (2014,
-- 2021-12, 2022-W03, 2022-01-21); under one value, sentences about the same
-- event (Jaccard >= 0.25 on the content-word stems of the sentences, or
-- Dice >= 0.4 on the ten words either side of the expressions; single
-- link) form one event
-- listing every source.  Unresolved or vague values go to "undated"; every
-- article warning (e.g. a contradicted header date) is shown.
-- Offsets (start/end) are 0-based byte offsets into the article body,
-- end exclusive.  JSON is issue 2's shape, extended (never renamed): events
-- carry "outlets"; sources "outlet", "sentence", "mod" (TimeML mod, e.g.
-- START for "early December") and "published_source" (how the date the
-- expression was resolved against was obtained: metadata or inferred);
-- articles "source", "title", "published_evidence", "meta_published";
-- undated items {"text","value","reason","sources"}.
-- Text and markdown add a reader's gloss under each date that needs one
-- (2022-W03: "17-23 Jan", 2022-W03-WE: "Sat-Sun 22-23 Jan", 2022-01-21:
-- "Friday", 2021-Q3: "Jul-Sep", 2021-H2: "Jul-Dec", 192: "1920s", 0016:
-- "AD 16", -5984: "5985 BC"); the date itself stays the TimeML value.

local newslua = require "newslua"

local USAGE = [[
usage: timeline.lua [--format text|markdown|json|csv] [--db FILE] [--query Q]
                    [--since DATE] [--until DATE] [--width N] [PATH ...]
  --format  output format (default text)
  --query   only the articles matching this full-text query (FTS5 syntax)
  --since   only the dates that reach into the span from --since to
  --until   --until, both inclusive: YYYY, YYYY-MM or YYYY-MM-DD (--until
            2022-01 is the whole of January; a week or a decade that
            overlaps the span stays); dates on no calendar are left out
  --db      store file (default .newslua/index.db in the first PATH, or in
            its folder if it is a file)
  --width   text width for the text format (default $COLUMNS, else the
            terminal's width up to 100, else 100)
With no PATH, the bundled corpus/ beside the scripts directory is used
(with a store in memory unless --db is given); with no PATH and --db naming
a store that exists, that store's timeline, as it is stored.]]


---------------------------------------------------------------------------
-- arguments

local function die(msg)
  io.stderr:write("timeline.lua: ", msg, "\n")
  os.exit(2)
end

-- corpus/ beside the directory holding this script, as short as possible:
-- "scripts/timeline.lua" -> "corpus", "/x/scripts/t.lua" -> "/x/corpus".
local function bundled_corpus()
  local script = (arg and arg[0]) or "scripts/timeline.lua"
  local dir = script:match("^(.*)/[^/]*$") or "."
  local last = dir:match("([^/]*)$")
  if last == "." or last == ".." or last == "" then
    return dir .. "/../corpus"
  end
  local parent = dir:match("^(.*)/[^/]*$")
  if parent == nil then return "corpus" end
  if parent == "" then return "/corpus" end
  return parent .. "/corpus"
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

local bound_days -- (defined with the dates below)

local function parse_args(argv)
  local o = { format = "text", paths = {} }
  local i = 1
  while i <= #argv do
    local a = argv[i]
    local key, val = a:match("^%-%-(%w+)=(.*)$")
    if not key then key = a:match("^%-%-(%w+)$") end
    if a == "--" then
      for j = i + 1, #argv do o.paths[#o.paths + 1] = argv[j] end
      break
    elseif key == "help" then
      io.write(USAGE, "\n")
      os.exit(0)
    elseif key == "format" or key == "db" or key == "width" or
           key == "query" or key == "since" or key == "until" then
      if not val then
        i = i + 1
        val = argv[i]
        if not val then die("option --" .. key .. " needs a value") end
      end
      o[key] = val
    elseif a:sub(1, 1) == "-" and a ~= "-" then
      die("unknown option '" .. a .. "'\n" .. USAGE)
    else
      o.paths[#o.paths + 1] = a
    end
    i = i + 1
  end
  local ok = { text = true, markdown = true, json = true, csv = true }
  if not ok[o.format] then
    die("unknown format '" .. o.format .. "' (text, markdown, json, csv)")
  end
  if o.width then
    o.width = tonumber(o.width)
    if not o.width or o.width < 40 then die("--width must be a number >= 40") end
  end
  o.lo = o.since and bound_days(o.since, "since", false)
  o.hi = o["until"] and bound_days(o["until"], "until", true)
  if o.lo and o.hi and o.lo > o.hi then
    die("--since " .. o.since .. " is after --until " .. o["until"]
        .. " (both inclusive: no date is in that span)")
  end
  if #o.paths == 0 and o.db and o.db ~= ":memory:" and exists(o.db) then
    -- --db naming a store that exists, and no PATH: the timeline of that
    -- store as it is (the bundled articles would be added to it, and only
    -- they shown)
    o.paths[1], o.db = o.db, nil
    o.whole = true
  elseif #o.paths == 0 then
    -- five small articles: read them into memory, so that neither the
    -- source tree nor an installed share/newslua/ is written to (--db
    -- naming a new file keeps them there)
    o.paths[1] = bundled_corpus()
    if o.db and o.db ~= ":memory:" then -- a mistyped store name shows this
      io.stderr:write("timeline.lua: no store at ", o.db, ": the bundled ",
                      o.paths[1], "/ is stored there (give a PATH to ingest",
                      " your own articles)\n")
    end
    o.db = o.db or ":memory:"
  end
  return o
end

---------------------------------------------------------------------------
-- dates

local function days(y, m, d) -- days since 1970-01-01 (Hinnant)
  y = (m <= 2) and y - 1 or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = (153 * mp + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

local function iso_monday(y, w)
  local jan4 = days(y, 1, 4)
  local wd = (jan4 + 3) % 7 -- 0 = Monday
  return jan4 - wd + (w - 1) * 7
end

-- The n months from month m of year y: their first day and how many days.
local function months(y, m, n)
  local first = days(y, m, 1)
  local y2, m2 = y + (m - 1 + n) // 12, (m - 1 + n) % 12 + 1
  return first, days(y2, m2, 1) - first
end

-- Sort key of a TimeML value: first day of the period and its length in
-- days (a month, a year, a decade to its real last day: --since/--until
-- keep a value by this span); nil for values that are not a date on the
-- calendar.
local function period(v)
  local y, m, d = v:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  if y then return days(tonumber(y), tonumber(m), tonumber(d)), 1 end
  local w
  y, w = v:match("^(%d%d%d%d)%-W(%d%d)$")
  if y then return iso_monday(tonumber(y), tonumber(w)), 7 end
  y, w = v:match("^(%d%d%d%d)%-W(%d%d)%-WE$") -- its weekend: Saturday, Sunday
  if y then return iso_monday(tonumber(y), tonumber(w)) + 5, 2 end
  y, m = v:match("^(%d%d%d%d)%-(%d%d)$")
  if y then return months(tonumber(y), tonumber(m), 1) end
  local q
  y, q = v:match("^(%d%d%d%d)%-Q(%d)$")
  if y then return months(tonumber(y), (tonumber(q) - 1) * 3 + 1, 3) end
  y, q = v:match("^(%d%d%d%d)%-H([12])$") -- a half year
  if y then return months(tonumber(y), q == "1" and 1 or 7, 6) end
  local s
  y, s = v:match("^(%d%d%d%d)%-(%u%u)$")
  local season = { SP = 3, SU = 6, FA = 9, WI = 12 }
  if y and season[s] then return months(tonumber(y), season[s], 3) end
  y = v:match("^(%d%d%d%d)$")
  if y then return months(tonumber(y), 1, 12) end
  y = v:match("^%-(%d+)$") -- a year before year 0 ("8,000 years ago": -5984)
  if y then return months(-tonumber(y), 1, 12) end
  y = v:match("^(%d%d%d)$") -- decade
  if y then return months(tonumber(y) * 10, 1, 120) end
  y = v:match("^(%d%d)$") -- century: "16" is 1600-1699
  if y then return months(tonumber(y) * 100, 1, 1200) end
  return nil
end

local MONTHS = { "January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December" }
local WEEKDAYS = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
  "Saturday", "Sunday" }
local SEASONS = { SP = "spring", SU = "summer", FA = "autumn", WI = "winter" }

local function civil(z) -- days since 1970-01-01 -> y, m, d (Hinnant)
  z = z + 719468
  local era = (z >= 0 and z or z - 146096) // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  return yoe + era * 400 + (m <= 2 and 1 or 0), m, d
end

-- A --since (last: false) or --until (last: true) bound as days since
-- 1970-01-01: the first or the last day of YYYY, YYYY-MM or YYYY-MM-DD.
bound_days = function(s, name, last)
  local y, m, d = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if not y then y, m = s:match("^(%d%d%d%d)%-(%d%d)$") end
  if not y then y = s:match("^(%d%d%d%d)$") end
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if not y or (m and (m < 1 or m > 12)) then
    die("--" .. name .. " '" .. s .. "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
  end
  if d then
    local z = days(y, m, d)
    local y2, m2, d2 = civil(z)
    if y2 ~= y or m2 ~= m or d2 ~= d then
      die("--" .. name .. " '" .. s .. "' is not a date (" .. s:sub(1, 7)
          .. " has " .. (days(m == 12 and y + 1 or y, m % 12 + 1, 1)
                         - days(y, m, 1)) .. " days)")
    end
    return z
  end
  if not m then return last and days(y + 1, 1, 1) - 1 or days(y, 1, 1) end
  if not last then return days(y, m, 1) end
  return days(m == 12 and y + 1 or y, m % 12 + 1, 1) - 1
end

-- The days first .. first + n (days since 1970-01-01) as "17-23 Jan", or
-- "27 Dec-2 Jan" across a month's end.
local function span(first, n)
  local _, m1, d1 = civil(first)
  local _, m2, d2 = civil(first + n)
  local a, b = MONTHS[m1]:sub(1, 3), MONTHS[m2]:sub(1, 3)
  if m1 == m2 then return string.format("%d-%d %s", d1, d2, a) end
  return string.format("%d %s-%d %s", d1, a, d2, b)
end

-- A reader's gloss of an entry value (ASCII), or nil when the value reads
-- plainly: the weekday of a day, the days of a week, the months of a
-- quarter, the name of a month or season, a decade, a century.
local function gloss(v)
  local y, m, d = v:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if y then
    return WEEKDAYS[(days(tonumber(y), tonumber(m), tonumber(d)) + 3) % 7 + 1]
  end
  local w
  y, w = v:match("^(%d%d%d%d)%-W(%d%d)$")
  if y then return span(iso_monday(tonumber(y), tonumber(w)), 6) end
  y, w = v:match("^(%d%d%d%d)%-W(%d%d)%-WE$")
  if y then
    return "Sat-Sun " .. span(iso_monday(tonumber(y), tonumber(w)) + 5, 1)
  end
  y, m = v:match("^(%d%d%d%d)%-(%d%d)$")
  if y then return MONTHS[tonumber(m)] end
  local q
  y, q = v:match("^(%d%d%d%d)%-Q(%d)$")
  if y then
    local f = (tonumber(q) - 1) * 3 + 1
    return MONTHS[f]:sub(1, 3) .. "-" .. MONTHS[f + 2]:sub(1, 3)
  end
  y, q = v:match("^(%d%d%d%d)%-H([12])$")
  if y then return q == "1" and "Jan-Jun" or "Jul-Dec" end
  local s
  y, s = v:match("^(%d%d%d%d)%-(%u%u)$")
  if y and SEASONS[s] then return SEASONS[s] end
  y = v:match("^(%d%d%d%d)$") -- year 16, not 1600-1699 ("16")
  if y and tonumber(y) < 1000 then return "AD " .. tonumber(y) end
  y = v:match("^%-(%d+)$") -- astronomical: year 0 is 1 BC, -5984 is 5985 BC
  if y then return (tonumber(y) + 1) .. " BC" end
  y = v:match("^(%d%d%d)$")
  if y then return y .. "0s" end
  y = v:match("^(%d%d)$") -- century "00": the 1st century, not the 0000s
  if y then
    local n = tonumber(y)
    if n >= 10 then return y .. "00s" end
    local th = ({ "st", "nd", "rd" })[n + 1] or "th"
    return (n + 1) .. th .. " century"
  end
  return nil
end

-- A year in a copyright notice ("Copyright (C) 2010-2025 Kurt McKee",
-- "© 2019 IPTC"): a date of the page, not an event of the story.
local function in_notice(row)
  local s, first = row.sentence, row.sentence_start
  if type(s) ~= "string" or not first or not row.start then return false end
  local before = s:sub(1, row.start - first)
  for _, mark in ipairs({ "[Cc][Oo][Pp][Yy][Rr][Ii][Gg][Hh][Tt]", "\194\169",
                          "%([Cc]%)" }) do
    -- the mark, then only "(C)", years and dashes up to the expression
    if before:find(mark .. "[%s%(%)Cc]*[%d%s,%-\226\128\147]*$") then
      return true
    end
  end
  return false
end

-- The entry value of a date row, or nil and the reason it is undated.
local function entry_value(row)
  local v = row.value or ""
  if row.type ~= "DATE" and row.type ~= "TIME" then return nil, "not a date" end
  if in_notice(row) then return nil, "not a date" end
  if v == "" or v:find("X") then return nil, "unresolved" end
  if v:match("_REF$") then return nil, "vague (" .. v .. ")" end
  local day = v:match("^(%d%d%d%d%-%d%d%-%d%d)T") -- a time: keep its day
  if day then v = day end
  if not period(v) then return nil, "not on the calendar (" .. v .. ")" end
  return v
end

---------------------------------------------------------------------------
-- event clustering

local STOP = {}
for w in ([[the and for with that this from have has had was were will would
  said says its his her their they them not but are been which who what when
  where after before over into about also than then there more most some any
  all can could should may might our out one two new now only other such very
  just both each told while since because however him she you your these
  those being does did how why whether between against under still even
  monday tuesday wednesday thursday friday saturday sunday january february
  march april june july august september october november december week weeks
  month months year years today yesterday tomorrow next last day days ago
  earlier later]]):gmatch("%a+") do
  STOP[w] = true
end

-- Content-word stems of s: lowercased, possessive and plural folded, cut to
-- 5 bytes (truncation stemming: "Russia"/"Russian", "attack"/"attacked").
local function words(s)
  local set, n = {}, 0
  for w in s:lower():gmatch("[%a\128-\255]+") do
    local q = w:find("\226\128\153", 1, true) -- cut at a curly apostrophe
    if q then w = w:sub(1, q - 1) end           -- ("'" ends a word anyway)
    if #w > 3 and w:byte(-1) == 115 and w:byte(-2) ~= 115 then -- "s", "ss"
      w = w:sub(1, -2)
    end
    if #w >= 3 and not STOP[w] then
      w = w:sub(1, 5)
      if not set[w] then
        set[w] = true
        n = n + 1
      end
    end
  end
  return set, n
end

-- The sentence around an expression: WINDOW words either side.
local WINDOW = 10
local function window(sentence, rel_start, rel_stop)
  local before, after = sentence:sub(1, rel_start), sentence:sub(rel_stop + 1)
  local b, a = {}, {}
  for w in before:gmatch("%S+") do b[#b + 1] = w end
  for w in after:gmatch("%S+") do
    if #a >= WINDOW then break end
    a[#a + 1] = w
  end
  local from = math.max(1, #b - WINDOW + 1)
  return table.concat(b, " ", from, #b) .. " " .. table.concat(a, " ")
end

-- Does the Jaccard index of two word sets reach t?  As jaccard(...) >= t,
-- but it stops once the words left to walk cannot bring it there (most
-- pairs a timeline compares are not one event: 70% of its time went to
-- whole intersections).
local function jaccard_reaches(a, na, b, nb, t)
  if na == 0 or nb == 0 then return false end
  if na > nb then a, b, na, nb = b, a, nb, na end -- walk the smaller set
  -- k / (na + nb - k) >= t  <=>  k >= need
  local need = t * (na + nb) / (1 + t)
  if na < need then return false end
  local k, left = 0, na
  for w in pairs(a) do
    if b[w] then k = k + 1 end
    left = left - 1
    if k + left < need then return false end
  end
  return k / (na + nb - k) >= t
end

-- Same event: the sentences share >= 25% of their stems (Jaccard), or the
-- ten words either side of the two expressions do (Dice >= 0.4, that is
-- Jaccard >= 0.25).
local SENT_J, WIN_DICE = 0.25, 0.4
local WIN_J = WIN_DICE / (2 - WIN_DICE) -- Dice d = 2J / (1 + J)
local function same_event(a, b)
  return jaccard_reaches(a.words, a.nwords, b.words, b.nwords, SENT_J) or
         jaccard_reaches(a.wwords, a.nwwords, b.wwords, b.nwwords, WIN_J)
end

-- Group the mentions of one value into events (single-link clusters).
local function cluster(mentions)
  local parent = {}
  local function find(i)
    while parent[i] ~= i do
      parent[i] = parent[parent[i]]
      i = parent[i]
    end
    return i
  end
  for i = 1, #mentions do parent[i] = i end
  -- candidate pairs share a stem that is not in too many of the mentions
  -- (blocking keeps this near-linear on big corpora); a mention's stems,
  -- sentence and window alike, are its union
  local post, union = {}, {}
  for i, m in ipairs(mentions) do
    local u = {}
    for w in pairs(m.words) do u[w] = true end
    for w in pairs(m.wwords) do u[w] = true end
    for w in pairs(u) do
      local l = post[w]
      if not l then
        l = {}
        post[w] = l
      end
      l[#l + 1] = i
    end
    union[i] = u
  end
  -- Each mention meets the earlier ones of its short posting lists and
  -- counts, per earlier mention, the stems of its sentence (cs) and of its
  -- window (cw) found there.  A pair is compared only when a count, plus
  -- the mention's stems of that kind in long lists (which may be shared
  -- but are not counted), can reach its threshold: a set's intersection is
  -- at most that, so the bound drops no pair same_event would join (most
  -- candidates share a stem or two: 1.65M comparisons on Reuters-21578 and
  -- BBC News together took most of the time).
  local cap = math.max(50, math.floor(math.sqrt(#mentions)))
  local stamp, cs, cw = {}, {}, {}
  -- Do k plus the words of list found in set reach need?
  local function adds_up(k, list, set, need)
    local left = #list
    if k >= need then return true end
    if k + left < need then return false end
    for x = 1, #list do
      if set[list[x]] then
        k = k + 1
        if k >= need then return true end
      end
      left = left - 1
      if k + left < need then return false end
    end
    return false
  end
  -- k / (na + nb - k) >= t  <=>  k >= (na + nb) * t / (1 + t)
  local fs, fw = SENT_J / (1 + SENT_J), WIN_J / (1 + WIN_J)
  for i, m in ipairs(mentions) do
    local cands, bs, bw = {}, {}, {}
    local ws, ww, ns, nw = m.words, m.wwords, m.nwords, m.nwwords
    for w in pairs(union[i]) do
      local l = post[w]
      local s, v = ws[w] and 1 or 0, ww[w] and 1 or 0
      if #l > cap then
        if s == 1 then bs[#bs + 1] = w end
        if v == 1 then bw[#bw + 1] = w end
      else
        for x = 1, #l do
          local j = l[x]
          if j >= i then break end
          if stamp[j] ~= i then
            stamp[j] = i
            cs[j], cw[j] = s, v
            cands[#cands + 1] = j
          else
            cs[j], cw[j] = cs[j] + s, cw[j] + v
          end
        end
      end
    end
    for x = 1, #cands do
      local j = cands[x]
      local o = mentions[j]
      local needs, needw = (ns + o.nwords) * fs, (nw + o.nwwords) * fw
      -- the stems of long lists that are shared, as many as needed
      if adds_up(cs[j], bs, o.words, needs) or
         adds_up(cw[j], bw, o.wwords, needw) then
        local rj, ri = find(j), find(i)
        -- already one event: no need to compare
        if rj ~= ri and same_event(o, m) then parent[ri] = rj end
      end
    end
  end
  -- mentions of one sentence are one event
  local bysent = {}
  for i, m in ipairs(mentions) do
    local key = m.article .. "@" .. tostring(m.sstart)
    if bysent[key] then
      local ri, rj = find(bysent[key]), find(i)
      if ri ~= rj then parent[rj] = ri end
    else
      bysent[key] = i
    end
  end
  local groups, order = {}, {}
  for i = 1, #mentions do
    local r = find(i)
    if not groups[r] then
      groups[r] = {}
      order[#order + 1] = r
    end
    table.insert(groups[r], mentions[i])
  end
  local events = {}
  for _, r in ipairs(order) do events[#events + 1] = groups[r] end
  return events
end

-- The sentence that best represents an event: the one whose stems are the
-- most common in the event (linear in its size, unlike pairwise scores).
local function representative(ms)
  if #ms == 1 then return ms[1] end
  local freq = {}
  for _, m in ipairs(ms) do
    for w in pairs(m.words) do freq[w] = (freq[w] or 0) + 1 end
  end
  local best, score = ms[1], -1
  for _, m in ipairs(ms) do
    local s = 0
    for w in pairs(m.words) do s = s + freq[w] - 1 end
    if s > score + 1e-9 then best, score = m, s end
  end
  return best
end

-- Exact copies among mentions (a dump that holds a record twice, stored
-- as "<id>" and "<id>~<hash>"; a page saved twice): the same sentence and
-- span, and the same outlet when it is known (one wire story printed by
-- two outlets is two reports, not a copy).  Cited once; the others are
-- kept in m.copies (mentions), for the outputs that list every copy.
local function without_copies(ms)
  local out, first = {}, {}
  for _, m in ipairs(ms) do
    local outlet = m.outlet ~= m.article and m.outlet or ""
    local key = table.concat({ outlet, m.start, m.stop, m.expression,
                               m.sentence }, "\0")
    local f = first[key]
    if f then
      f.copies = f.copies or {}
      f.copies[#f.copies + 1] = m
    else
      first[key] = m
      out[#out + 1] = m
    end
  end
  return out
end

local function shorten(s, max)
  s = s:gsub("%s+", " ")
  if #s <= max then return s end
  local cut = s:sub(1, max)
  cut = cut:match("^(.*)%s") or cut
  -- never end inside a UTF-8 sequence
  while #cut > 0 and cut:byte(-1) >= 0x80 and cut:byte(-1) < 0xC0 do
    cut = cut:sub(1, -2)
  end
  if #cut > 0 and cut:byte(-1) >= 0xC0 then cut = cut:sub(1, -2) end
  return cut .. "…"
end

---------------------------------------------------------------------------
-- building the timeline

-- Rows of corpus:articles() or corpus:dates(), of the articles `ids`
-- (nil: all); dates only of the types a timeline places (DATE, TIME:
-- durations and sets are read no further).
local function each(corpus, method, ids)
  local types = method == "dates" and { "DATE", "TIME" } or nil
  if not ids then return corpus[method](corpus, { type = types }) end
  return coroutine.wrap(function()
    for _, id in ipairs(ids) do
      for row in corpus[method](corpus, { article = id, type = types }) do
        coroutine.yield(row)
      end
    end
  end)
end

-- The articles in order of publication (undated last), then of id: the
-- "Publication dates" lists.
local function by_published(articles)
  local v = table.move(articles, 1, #articles, 1, {})
  table.sort(v, function(a, b)
    local x, y = a.published or "\255", b.published or "\255"
    if x ~= y then return x < y end
    return a.id < b.id
  end)
  return v
end

local function collect(corpus, ids, lo, hi)
  local articles, byid = {}, {}
  for a in each(corpus, "articles", ids) do
    local meta = a.meta or {}
    local mp = meta.meta_published and meta.meta_published[1] or nil
    local rec = {
      id = a.id, file = a.file, format = a.format, source = a.source,
      title = a.title,
      published = a.published, published_source = a.published_source,
      published_evidence = a.published_evidence, meta_published = mp,
      warnings = a.warnings or {},
      -- one name per outlet, over the whole store (the core's: a page's
      -- own name for its host's crawl records); nothing known: its id
      outlet = a.outlet or a.id,
    }
    articles[#articles + 1] = rec
    byid[a.id] = rec
  end
  local outlet = function(id)
    return byid[id] and byid[id].outlet or id
  end
  local byvalue, undated, sentwords = {}, {}, {}
  for d in each(corpus, "dates", ids) do
    local id = type(d.article) == "table" and d.article.id or d.article
    local m = {
      article = id, file = byid[id] and byid[id].file or
        (type(d.article) == "table" and d.article.file) or nil,
      start = (d.start or 1) - 1, stop = d.stop or 0,
      expression = d.expression or "", value = d.value or "",
      sentence = d.sentence or d.expression or "",
      sstart = d.sentence_start, outlet = outlet(id),
      mod = (d.mod ~= nil and d.mod ~= "") and d.mod or nil,
      -- how the article's date (the expression's anchor) was obtained
      dct = byid[id] and byid[id].published_source or nil,
    }
    local key = id .. "@" .. tostring(m.sstart)
    local cached = sentwords[key]
    if not cached then
      cached = { words(m.sentence) }
      sentwords[key] = cached
    end
    m.words, m.nwords = cached[1], cached[2]
    local rel = m.start - ((m.sstart or 1) - 1)
    if rel < 0 or rel > #m.sentence then rel = 0 end
    m.wwords, m.nwwords = words(window(m.sentence, rel,
                                       rel + (m.stop - m.start)))
    local v, why = entry_value(d)
    if v then
      byvalue[v] = byvalue[v] or {}
      table.insert(byvalue[v], m)
    elseif why ~= "not a date" then
      m.reason = why
      undated[#undated + 1] = m
    end
  end
  undated = without_copies(undated)
  if lo or hi then -- --since/--until: the dates that reach into the span
    undated = {}
    for v in pairs(byvalue) do
      local first, len = period(v)
      if (lo and first + len - 1 < lo) or (hi and first > hi) then
        byvalue[v] = nil
      end
    end
  end
  local entries = {}
  for v, ms in pairs(byvalue) do
    local first, len = period(v)
    local events = {}
    for _, g in ipairs(cluster(ms)) do
      g = without_copies(g)
      local rep = representative(g)
      local outlets, seen = {}, {}
      for _, m in ipairs(g) do
        if not seen[m.outlet] then
          seen[m.outlet] = true
          outlets[#outlets + 1] = m.outlet
        end
      end
      events[#events + 1] = { text = shorten(rep.sentence, 220),
                              sources = g, outlets = outlets }
    end
    table.sort(events, function(a, b)
      if #a.outlets ~= #b.outlets then return #a.outlets > #b.outlets end
      if #a.sources ~= #b.sources then return #a.sources > #b.sources end
      local x, y = a.sources[1], b.sources[1]
      if x.article ~= y.article then return x.article < y.article end
      return x.start < y.start
    end)
    entries[#entries + 1] = { date = v, first = first, len = len,
                              events = events }
  end
  table.sort(entries, function(a, b)
    if a.first ~= b.first then return a.first < b.first end
    if a.len ~= b.len then return a.len > b.len end
    return a.date < b.date
  end)
  return { entries = entries, articles = articles, undated = undated }
end

---------------------------------------------------------------------------
-- JSON (keys in the documented order, [] for empty lists; strings by the
-- core's encoder, which also mends invalid UTF-8), written piece by piece
-- as it is made: nothing is concatenated, so a big timeline makes little
-- garbage (building each object as a string re-copied every byte at each
-- level, and the collector, marking the whole timeline at each cycle,
-- took most of the time: 5 s of a 10,000-article store's 15)

local jstr = newslua.json_encode -- a string -> its JSON literal

local function jval(v)
  if v == nil then return "null" end
  if type(v) == "number" then return string.format("%d", v) end
  if type(v) == "boolean" then return tostring(v) end
  return jstr(tostring(v))
end

-- [write_one(out, x) for x in list]
local function write_list(out, list, write_one)
  out:write("[")
  for i, x in ipairs(list) do
    if i > 1 then out:write(",") end
    write_one(out, x)
  end
  out:write("]")
end

local function write_value(out, v) out:write(jval(v)) end
local function write_copy(out, c) out:write(jval(c.article)) end

local function write_source(out, m)
  out:write('{"article":', jval(m.article), ',"file":', jval(m.file),
            ',"start":', jval(m.start), ',"end":', jval(m.stop),
            ',"expression":', jval(m.expression), ',"outlet":',
            jval(m.outlet), ',"sentence":', jval(m.sentence), ',"mod":',
            jval(m.mod), ',"published_source":', jval(m.dct), ',"copies":')
  write_list(out, m.copies or {}, write_copy)
  out:write("}")
end

local function write_event(out, ev)
  out:write('{"text":', jval(ev.text), ',"outlets":')
  write_list(out, ev.outlets, write_value)
  out:write(',"sources":')
  write_list(out, ev.sources, write_source)
  out:write("}")
end

local function write_entry(out, e)
  out:write('{"date":', jval(e.date), ',"events":')
  write_list(out, e.events, write_event)
  out:write("}")
end

local function write_article(out, a)
  out:write('{"id":', jval(a.id), ',"file":', jval(a.file), ',"published":',
            jval(a.published), ',"published_source":',
            jval(a.published_source), ',"warnings":')
  write_list(out, a.warnings, write_value)
  out:write(',"source":', jval(a.source), ',"outlet":', jval(a.outlet),
            ',"title":', jval(a.title),
            ',"published_evidence":', jval(a.published_evidence),
            ',"meta_published":', jval(a.meta_published), "}")
end

local function write_undated(out, m)
  out:write('{"text":', jval(shorten(m.sentence, 300)), ',"value":',
            jval(m.value), ',"reason":', jval(m.reason), ',"sources":[')
  write_source(out, m)
  out:write("]}")
end

local function render_json(t)
  local out = io.stdout
  out:setvbuf("full", 1 << 16)
  out:write('{"entries":')
  write_list(out, t.entries, write_entry)
  out:write(',"articles":')
  write_list(out, t.articles, write_article)
  out:write(',"undated":')
  write_list(out, t.undated, write_undated)
  out:write("}\n")
end

---------------------------------------------------------------------------
-- text, markdown, csv

local function wrap(s, width)
  local lines, line, len = {}, {}, 0
  for w in s:gmatch("%S+") do
    local n = utf8.len(w) or #w
    if len > 0 and len + 1 + n > width then
      lines[#lines + 1] = table.concat(line, " ")
      line, len = {}, 0
    end
    line[#line + 1] = w
    len = len + (len > 0 and 1 or 0) + n
  end
  if #line > 0 then lines[#lines + 1] = table.concat(line, " ") end
  return lines
end

-- The width of the terminal on stdout, at most 100; nil when stdout is not
-- a terminal.  (Shells set COLUMNS without exporting it, so scripts rarely
-- see it.)
local function term_width()
  local t = os.execute("test -t 1")
  if t ~= true and t ~= 0 then return nil end
  local p = io.popen("stty size </dev/tty 2>/dev/null")
  local size = p and p:read("a") or ""
  if p then p:close() end
  local cols = tonumber(size:match("^%d+%s+(%d+)"))
  if not cols or cols < 40 then return nil end
  return math.min(cols, 100)
end

local function use_colour()
  local nc = os.getenv("NO_COLOR")
  if nc ~= nil then return false end -- NO_COLOR set (even empty): no colour
  if os.getenv("TERM") == "dumb" then return false end
  local ok = os.execute("test -t 1")
  return ok == true or ok == 0
end

local function exprs_of(ev)
  local seen, list = {}, {}
  for _, m in ipairs(ev.sources) do
    local e = m.expression
    if not seen[e] then
      seen[e] = true
      list[#list + 1] = '"' .. e .. '"'
    end
  end
  return table.concat(list, ", ")
end

-- Warnings grouped by text (many articles can share one), in first-seen
-- order: { {text=..., ids={...}}, ... }.
-- A warning as a reader here sees it: one that names its article's file
-- (stored by its absolute path) names it from the current directory when
-- the file lies under it ("corpus/003.txt: trailing related headlines
-- ..."); the JSON and CSV keep the stored text.
local CWD = newslua.realpath(".")
local function shown_warning(a, w)
  local f = a.file
  if f and CWD and w:sub(1, #f + 1) == f .. ":" and
     f:sub(1, #CWD + 1) == CWD .. "/" then
    return f:sub(#CWD + 2) .. w:sub(#f + 1)
  end
  return w
end

local function grouped_warnings(t)
  local groups, by = {}, {}
  for _, a in ipairs(t.articles) do
    for _, w in ipairs(a.warnings) do
      w = shown_warning(a, w)
      local g = by[w]
      if not g then
        g = { text = w, ids = {} }
        by[w] = g
        groups[#groups + 1] = g
      end
      g.ids[#g.ids + 1] = a.id
    end
  end
  return groups
end

local function id_list(ids, max)
  if #ids <= max then return table.concat(ids, ", ") end
  return table.concat(ids, ", ", 1, max) ..
         string.format(" and %d more", #ids - max)
end

local function render_text(t, width, colour)
  local C = function(code, s) return colour and ("\27[" .. code .. "m" .. s .. "\27[0m") or s end
  local dw = 7
  for _, e in ipairs(t.entries) do
    dw = math.max(dw, #e.date, #(gloss(e.date) or ""))
  end
  local pad = string.rep(" ", dw + 2)
  local tw = math.max(30, width - dw - 2)
  local out = {}
  local function add(s) out[#out + 1] = s end
  local n, dated = #t.articles, 0
  for _, a in ipairs(t.articles) do if a.published then dated = dated + 1 end end
  add(C("1", string.format("Timeline of %d article%s (%d with a publication date)",
      n, n == 1 and "" or "s", dated)))
  add("")
  for _, e in ipairs(t.entries) do
    local g = gloss(e.date)
    for k, ev in ipairs(e.events) do
      local rows = {}
      for _, l in ipairs(wrap(ev.text, tw)) do rows[#rows + 1] = l end
      local tags = {}
      for _, o in ipairs(ev.outlets) do tags[#tags + 1] = "[" .. o .. "]" end
      local meta = table.concat(tags, " ") .. "  " .. exprs_of(ev)
      for _, l in ipairs(wrap(meta, tw)) do rows[#rows + 1] = C("2", l) end
      for i, l in ipairs(rows) do
        local left = pad
        if k == 1 and i == 1 then
          left = C("1;36", e.date .. string.rep(" ", dw - #e.date)) .. "  "
        elseif k == 1 and i == 2 and g then -- the gloss, under the date
          left = C("36", g .. string.rep(" ", dw - #g)) .. "  "
        end
        add(left .. l)
      end
      if k == 1 and g and #rows < 2 then
        add(C("36", g .. string.rep(" ", dw - #g)))
      end
    end
    add("")
  end
  add(C("1", "Publication dates"))
  local pw = 10 -- a date, or a date and time: one column either way
  for _, a in ipairs(t.articles) do pw = math.max(pw, #(a.published or "")) end
  for _, a in ipairs(by_published(t.articles)) do
    local who = a.outlet ~= a.id and (a.outlet .. " (" .. a.id .. ")") or a.id
    local p = a.published or "----------"
    add("  " .. p .. string.rep(" ", pw - #p) .. "  "
        .. string.format("%-8s", a.published_source or "none") .. "  " .. who)
  end
  add("")
  local groups = grouped_warnings(t)
  if #groups > 0 then add(C("1;33", "Warnings")) end
  for _, g in ipairs(groups) do
    local lines = wrap(id_list(g.ids, 8) .. ": " .. g.text, width - 4)
    for i, l in ipairs(lines) do add((i == 1 and "  ! " or "    ") .. l) end
  end
  if #groups > 0 then add("") end
  if #t.undated > 0 then
    add(C("1", "Undated or uncertain"))
    for _, m in ipairs(t.undated) do
      local s = string.format('"%s" (%s) [%s] %s', m.expression, m.reason,
                              m.outlet, shorten(m.sentence, 160))
      local lines = wrap(s, width - 4)
      for i, l in ipairs(lines) do add((i == 1 and "  ? " or "    ") .. l) end
    end
    add("")
  end
  io.write(table.concat(out, "\n"), "\n")
end

local function render_markdown(t)
  local out = { "# Timeline", "",
    "*Each entry cites its evidence: article id, and the byte span"
    .. " [start, end) of the date expression in the stored article body"
    .. " (0-based, end exclusive, as in `--format json` and `csv`).*", "" }
  local function add(s) out[#out + 1] = s end
  local function md(s) return (s:gsub("([\\`*_%[%]<>|])", "\\%1")) end
  -- md(s) for the start of a list item: a leading "10) ", "1. ", "#", "+",
  -- "-" or "=" would begin a nested list, a heading or a rule
  local function md_item(s)
    s = md(s):gsub("^(%d+)([.)])", "%1\\%2")
    return (s:gsub("^([#+=-])", "\\%1"))
  end
  -- `id` bytes 120-126 "Friday": one source of an entry
  local function code(id)
    id = tostring(id)
    return id:find("`", 1, true) and md(id) or ("`" .. id .. "`")
  end
  -- ... and the exact copies of that text, when there are some
  local function cite(m)
    local s = string.format('%s bytes %d-%d "%s"', code(m.article), m.start,
                            m.stop, md(m.expression))
    if not m.copies then return s end
    local ids = {}
    for _, c in ipairs(m.copies) do ids[#ids + 1] = code(c.article) end
    return s .. " (the same text also in " .. table.concat(ids, ", ") .. ")"
  end
  for _, e in ipairs(t.entries) do
    add("## " .. e.date)
    add("")
    local g = gloss(e.date)
    if g then
      add("*" .. g .. "*")
      add("")
    end
    for _, ev in ipairs(e.events) do
      local tags = {}
      for _, o in ipairs(ev.outlets) do tags[#tags + 1] = "**" .. md(o) .. "**" end
      add("- " .. md_item(ev.text) .. " — " .. table.concat(tags, ", ") ..
          " (" .. md(exprs_of(ev)) .. ")")
      for _, m in ipairs(ev.sources) do
        local who = m.outlet ~= m.article and (md(m.outlet) .. ": ") or ""
        add("  - " .. who .. cite(m))
      end
    end
    add("")
  end
  add("## Publication dates")
  add("")
  add("| article | outlet | published | date from |")
  add("|---|---|---|---|")
  for _, a in ipairs(by_published(t.articles)) do
    add(string.format("| %s | %s | %s | %s |", md(a.id),
                      md(a.outlet ~= a.id and a.outlet or ""),
                      a.published or "", a.published_source or "none"))
  end
  add("")
  add("## Warnings")
  add("")
  local groups = grouped_warnings(t)
  for _, g in ipairs(groups) do
    add("- " .. md(id_list(g.ids, 8)) .. ": " .. md(g.text))
  end
  if #groups == 0 then add("None.") end
  add("")
  add("## Undated or uncertain")
  add("")
  for _, m in ipairs(t.undated) do
    add(string.format('- "%s" (%s, %s): %s — %s', md(m.expression),
                      md(m.reason), md(m.outlet), md(shorten(m.sentence, 200)),
                      cite(m)))
  end
  if #t.undated == 0 then add("None.") end
  io.write(table.concat(out, "\n"), "\n")
end

local function csvq(s)
  s = tostring(s or "")
  if s:find('[,"\n\r]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

local function render_csv(t)
  local out = { "kind,date,event,outlet,article,file,start,end,expression" }
  local function row(...)
    local f = table.pack(...)
    for i = 1, f.n do f[i] = csvq(f[i]) end
    out[#out + 1] = table.concat(f, ",", 1, f.n)
  end
  for _, e in ipairs(t.entries) do
    for _, ev in ipairs(e.events) do
      for _, m in ipairs(ev.sources) do
        row("event", e.date, ev.text, m.outlet, m.article, m.file, m.start,
            m.stop, m.expression)
        for _, c in ipairs(m.copies or {}) do -- every copy keeps its row
          row("event", e.date, ev.text, c.outlet, c.article, c.file, c.start,
              c.stop, c.expression)
        end
      end
    end
  end
  for _, u in ipairs(t.undated) do
    for _, m in ipairs({ u, table.unpack(u.copies or {}) }) do
      row("undated", m.value, shorten(m.sentence, 300), m.outlet, m.article,
          m.file, m.start, m.stop, m.expression)
    end
  end
  for _, a in ipairs(t.articles) do
    for _, w in ipairs(a.warnings) do
      row("warning", a.published, w, a.outlet, a.id, a.file, "", "", "")
    end
  end
  io.write(table.concat(out, "\r\n"), "\r\n")
end

---------------------------------------------------------------------------

-- p made absolute against $PWD, with ".", ".." and repeated "/" resolved
-- (not symlinks): for a PATH that is not there (any more), and the file
-- of an article stored by C's nl_db_put_article, named as its caller chose.
local function abspath(p)
  if p:sub(1, 1) ~= "/" then p = (os.getenv("PWD") or ".") .. "/" .. p end
  local parts = {}
  for seg in p:gmatch("[^/]+") do
    if seg == ".." then parts[#parts] = nil
    elseif seg ~= "." then parts[#parts + 1] = seg end
  end
  return "/" .. table.concat(parts, "/")
end

-- The ids of the stored articles that come from `paths`, or nil when that
-- is all of them (a store can hold other folders too).  Paths that are
-- stores themselves select everything.  An ingested article's file is its
-- canonical path (symbolic links resolved), however the ingest spelled it
-- and wherever it ran: a PATH is compared in that form too.
local function articles_under(corpus, paths)
  local prefixes = {}
  for _, p in ipairs(paths) do
    if p == ":memory:" or p:match("%.db$") then return nil end
    prefixes[#prefixes + 1] = newslua.realpath(p) or abspath(p)
  end
  local ids, all = {}, true
  for a in corpus:articles() do
    local f, hit = abspath(a.file or ""), false
    for _, p in ipairs(prefixes) do
      if f == p or f:sub(1, #p + 1) == p .. "/" or p == "/" then hit = true end
    end
    if hit then ids[#ids + 1] = a.id else all = false end
  end
  if all then return nil end
  if #ids == 0 then
    io.stderr:write("timeline.lua: no stored article comes from the given ",
                    "path(s); showing the whole store\n")
    return nil
  end
  return ids
end

local function main(argv)
  local o = parse_args(argv)
  local opts = { db = o.db, on_upgrade = function(path, from, to)
    io.stderr:write(string.format("timeline.lua: upgrading %s from schema %d"
      .. " to %d (once; minutes for a large store)\n", path, from, to))
  end }
  local function skipped(rep)
    for _, s in ipairs(rep and rep.skipped or {}) do
      -- the reason ("EPARSE: FILE: ...") usually names the file already
      local file, why = tostring(s.file), tostring(s.reason):gsub("^%u+: ", "")
      if why:sub(1, #file) ~= file then why = file .. ": " .. why end
      io.stderr:write("timeline.lua: skipped ", why, "\n")
    end
  end
  local corpus, rep, code = newslua.open(o.paths[1], opts)
  local readonly = false
  if not corpus and rep:find("store is not writable", 1, true) then
    -- another user's store, a read-only mount: show it as it is stored
    corpus = newslua.open(o.paths[1], { db = o.db, readonly = true })
    if corpus then
      readonly = true
      io.stderr:write("timeline.lua: ", corpus:path(), " is read-only: ",
                      "showing it as stored (files not checked for changes)\n")
    end
  end
  local default = not corpus and code == "EIO" and not o.db
                  and rep:match("([^:%s]*/%.newslua/index%.db): ")
  local exists = default and io.open(default, "rb")
  if exists then exists:close() end
  if default and not exists then
    -- the default store cannot be made in the folder (a read-only
    -- archive, another user's folder): read the files into memory; a
    -- store that is there but fails is reported as it is
    io.stderr:write("timeline.lua: ", rep, "\n", "timeline.lua: reading the ",
                    "files into memory this time (--db FILE keeps a store ",
                    "where you can write)\n")
    opts.db = ":memory:"
    corpus, rep = newslua.open(o.paths[1], opts)
  end
  if not corpus then
    io.stderr:write("timeline.lua: ", rep, "\n")
    return 1
  end
  skipped(rep)
  local stale = type(rep) == "table" and rep.stale or 0
  for i = 2, readonly and 1 or #o.paths do
    local r, err = corpus:add(o.paths[i])
    if not r then
      io.stderr:write("timeline.lua: ", err, "\n")
      corpus:close()
      return 1
    end
    skipped(r)
    stale = stale + (r.stale or 0)
  end
  if stale > 0 then
    -- dates are worked out when a file is stored
    io.stderr:write(string.format("timeline.lua: %d unchanged file%s stored "
      .. "by an older newslua, whose dates may differ from what this one "
      .. "finds: newslua scripts/ingest.lua --force analyses them anew\n",
      stale, stale == 1 and "" or "s"))
  end
  local ids = nil -- all of them
  if not o.whole then ids = articles_under(corpus, o.paths) end
  if o.query then
    local keep
    if ids then
      keep = {}
      for _, id in ipairs(ids) do keep[id] = true end
    end
    ids = {}
    local f, st, ctl, cl = corpus:search(o.query)
    if not f then
      io.stderr:write("timeline.lua: ", st, "\n")
      corpus:close()
      return 1
    end
    local seen = {}
    for hit in f, st, ctl, cl do
      local id = type(hit.article) == "table" and hit.article.id or hit.article
      if not seen[id] and (not keep or keep[id]) then
        seen[id] = true
        ids[#ids + 1] = id
      end
    end
    table.sort(ids)
    if #ids == 0 then
      io.stderr:write("timeline.lua: no article matches the query '", o.query,
                      "'\n")
    end
  end
  local t = collect(corpus, ids, o.lo, o.hi)
  corpus:close()
  if #t.articles == 0 and not o.query then
    io.stderr:write("timeline.lua: no articles in ",
                    table.concat(o.paths, ", "), "\n")
  end
  if o.format == "json" then render_json(t)
  elseif o.format == "markdown" then render_markdown(t)
  elseif o.format == "csv" then render_csv(t)
  else
    local width = o.width or tonumber(os.getenv("COLUMNS") or "") or
                  term_width() or 100
    render_text(t, width, use_colour())
  end
  return 0
end

-- ^C while the PATHs are ingested: one line, not a traceback from inside
-- the core (what was stored stays; the next run goes on from there)
local ok, status = xpcall(main, function(e)
  if tostring(e):find("interrupted!", 1, true) then return false end
  return debug.traceback(e, 2)
end, arg or {})
if not ok and status == false then
  io.stderr:write("timeline.lua: interrupted; what was stored stays: run "
                  .. "the same command again to go on\n")
  os.exit(130, true)
elseif not ok then
  io.stderr:write("timeline.lua: ", status, "\n")
  os.exit(1, true)
end
os.exit(status)
