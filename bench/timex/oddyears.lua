-- oddyears.lua -- look for numbers the temporal tagger takes for years but
-- that are probably not years (house numbers, money, models, times).  Not a
-- test: a search aid for false positives on real articles.
--
--   newslua bench/timex/oddyears.lua [PATH] [--all]
--
-- Loads PATH (default ../shared/data/jsonl beside the repo) with
-- newslua.load, tags each body with newslua.dates using the article's
-- published date as DCT, and prints every expression whose value has a
-- year before 1800 or after 2030, with its context.  With --all it prints
-- every bare four-digit year (for reviewing by hand) as well.
local newslua = require "newslua"

local path, all = nil, false
for _, a in ipairs(arg or {}) do
  if a == "--all" then all = true else path = a end
end
if not path then
  local here = (arg[0] or ""):match("^(.*)/bench/timex/") or "."
  path = here .. "/../shared/data/jsonl"
end

local arts, err = newslua.load(path)
if not arts then
  io.stderr:write("oddyears.lua: ", tostring(err), "\n")
  os.exit(1)
end

local function ctx(s, a, b)
  local l = s:sub(math.max(1, a - 40), a - 1):gsub("%s+", " ")
  local r = s:sub(b + 1, b + 30):gsub("%s+", " ")
  return l .. "[[" .. s:sub(a, b) .. "]]" .. r
end

local odd, bare, n = 0, 0, 0
for _, a in ipairs(arts) do
  local body = a.body
  if type(body) == "string" and body ~= "" then
    n = n + 1
    local dct = a.published and a.published:match("^%d%d%d%d%-%d%d%-%d%d")
    local r = newslua.dates(body, dct and { dct = dct } or nil)
    for _, x in ipairs(r or {}) do
      local y = tonumber(tostring(x.value):match("^(%d%d%d%d)"))
      local text = body:sub(x.start, x.stop)
      if y and (y < 1800 or y > 2030) then
        odd = odd + 1
        print(("ODD  %s %s  %s"):format(x.value, a.id,
                                      ctx(body, x.start, x.stop)))
      elseif all and text:match("^%d%d%d%d$") then
        bare = bare + 1
        print(("BARE %s %s  %s"):format(x.value, a.id,
                                      ctx(body, x.start, x.stop)))
      end
    end
  end
end
io.stderr:write(("oddyears.lua: %d articles, %d odd years, %d bare years" ..
                 " listed\n"):format(n, odd, bare))
