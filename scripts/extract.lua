-- extract.lua: HTML pages to article records, one JSON line per page.
--
--   newslua scripts/extract.lua [--jsonl] FILE...
--
-- Each FILE (.html or .html.gz) is read as an HTML page: main content
-- (boilerplate left out) and metadata.  One line per input file:
--   {"id","file","title","body","published","author","url"}
-- where id is the file name without .html.gz / .html and absent fields are
-- null.  A file that cannot be read or parsed still gets a line (body "")
-- and a message on stderr; the exit status is then 1.
local nl = require "newslua"

local USAGE = [[
usage: newslua scripts/extract.lua [--jsonl] FILE...
  FILE        an HTML page (.html, .htm or .html.gz); one JSON line each:
              {"id","file","title","body","published","author","url"}
  --jsonl     JSON Lines output (the default and only format)
  --help, -h  show this help]]

local function usage(msg)
  if msg then
    io.stderr:write("extract.lua: ", msg, "\n", USAGE:match("^[^\n]*"),
                    "\n(--help for more)\n")
    os.exit(2)
  end
  io.stdout:write(USAGE, "\n")
  os.exit(0)
end

local files = {}
for _, a in ipairs(arg) do
  if a == "--help" or a == "-h" then
    usage()
  elseif a:sub(1, 2) ~= "--" then
    files[#files + 1] = a
  elseif a ~= "--jsonl" then -- the only format, so nothing to set
    usage("unknown option " .. a)
  end
end
if #files == 0 then usage("no FILE given") end

local function file_id(path)
  local base = path:match("([^/]+)$") or path
  return (base:gsub("%.html%.gz$", ""):gsub("%.html?$", ""))
end

local enc = nl.json_encode
local function field(v) return v == nil and "null" or enc(v) end

-- Is the file at path JSON (a crawler's dump or record, say) rather than
-- a page?  Read as HTML it would give its whole text as the body.  A
-- gzipped file is left to the loader.
local function json_file(path)
  if path:match("%.gz$") then return false end
  local f = io.open(path, "rb")
  if not f then return false end
  local head = f:read(512) or ""
  f:close()
  head = head:gsub("^\239\187\191", "") -- a UTF-8 byte order mark
  local c = head:match("^%s*(%S)")
  return c == "{" or c == "["
end

local failed = 0
for _, path in ipairs(files) do
  local arts, report_or_msg
  if json_file(path) then
    report_or_msg = path .. ": JSON, not an HTML page (ingest.lua reads "
                    .. "JSON and JSON Lines records)"
  else
    arts, report_or_msg = nl.load(path, { format = "html" })
  end
  local a
  if type(arts) == "table" then
    local rep = report_or_msg
    a = arts[1]
    -- a folder loads as its pages, each with its own canonical file: it is
    -- no page, and its first page is not its record
    if rep.files ~= 1 or (a and nl.realpath(a.file) ~= nl.realpath(path)) then
      a = nil
      io.stderr:write("extract.lua: ", path, ": a folder, not an HTML page\n")
    elseif not a and rep.skipped and rep.skipped[1] then
      io.stderr:write("extract.lua: ", tostring(rep.skipped[1].reason), "\n")
    end
  else
    io.stderr:write("extract.lua: ", tostring(report_or_msg), "\n")
  end
  if not a then failed = failed + 1 end
  a = a or {}
  io.write('{"id":', enc(file_id(path)),
           ',"file":', enc(path),
           ',"title":', field(a.title),
           ',"body":', enc(a.body or ""),
           ',"published":', field(a.published),
           ',"author":', field(a.author),
           ',"url":', field(a.url), "}\n")
end
os.exit(failed == 0 and 0 or 1)
