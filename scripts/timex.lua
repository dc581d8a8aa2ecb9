-- timex.lua -- TimeML evaluation driver for the temporal tagger.
--
--   newslua scripts/timex.lua DOCS.jsonl > PRED.jsonl
--
-- Reads one {"doc","dct","text"} object per line (as written by
-- `timex_score.py export`) and writes one
-- {"doc","start","end","text","type","value","mod"} object per expression,
-- with start/end in Unicode code points into `text`, end exclusive.
-- A malformed dct tags the document without one (warning on stderr), a
-- missing one silently.  Bad input lines stop the run with the line number.
local newslua = require "newslua"

local function die(msg)
  io.stderr:write("timex.lua: ", msg, "\n")
  os.exit(1)
end

local USAGE = "usage: newslua scripts/timex.lua DOCS.jsonl > PRED.jsonl\n"
local path = arg and arg[1]
if path == "-h" or path == "--help" then -- asked for: stdout, status 0
  io.stdout:write(USAGE)
  os.exit(0)
elseif not path then
  io.stderr:write(USAGE)
  os.exit(2)
end

local f, err = io.open(path, "rb")
if not f then die(err) end

-- Code-point index of byte position b (1-based) in s: characters before it.
local function cp_before(s, b)
  local n = utf8.len(s, 1, b - 1, true)
  return n or (b - 1)
end

local out = io.stdout
local lineno = 0
for line in f:lines() do
  lineno = lineno + 1
  if line:match("%S") then
    local doc, msg = newslua.json_decode(line)
    if not doc then die(path .. ":" .. lineno .. ": " .. msg) end
    if type(doc) ~= "table" or type(doc.text) ~= "string" then
      die(path .. ":" .. lineno .. ": object with a string \"text\" expected")
    end
    local dct = type(doc.dct) == "string" and doc.dct or nil
    local ds, derr = newslua.dates(doc.text, {dct = dct})
    if not ds then
      io.stderr:write(("timex.lua: %s:%d: %s (tagging without dct)\n")
        :format(path, lineno, derr))
      ds = newslua.dates(doc.text)
    end
    for _, d in ipairs(ds) do
      local s = cp_before(doc.text, d.start)
      local e = s + (utf8.len(d.text, 1, -1, true) or #d.text)
      out:write(newslua.json_encode({
        doc = doc.doc, start = s, ["end"] = e, text = d.text,
        type = d.type, value = d.value, mod = d.mod or "",
      }), "\n")
    end
  end
end
f:close()
