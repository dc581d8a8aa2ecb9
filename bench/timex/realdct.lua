-- realdct.lua -- every expression the tagger finds in real articles, each
-- tagged against its own publication date.  Not a test: diff the output of
-- two builds and read the changed lines to check a rule on real news
-- (bench_timex --dump uses one DCT for all Reuters documents, so a rule
-- about distances from the DCT cannot be judged there).
--
--   newslua bench/timex/realdct.lua [PATH] > OUT.txt
--
-- Loads PATH (default ../shared/data/reuters21578 beside the repo) with
-- newslua.load and prints one line per expression: article index, start,
-- stop, DCT, value, and the text around it.
local newslua = require "newslua"

local path = arg and arg[1]
if not path then
  local here = (arg[0] or ""):match("^(.*)/bench/timex/") or "."
  path = here .. "/../shared/data/reuters21578"
end

local arts, err = newslua.load(path)
if not arts then
  io.stderr:write("realdct.lua: ", tostring(err), "\n")
  os.exit(1)
end

for i, a in ipairs(arts) do
  local body = a.body
  local dct = a.published and a.published:match("^%d%d%d%d%-%d%d%-%d%d")
  if type(body) == "string" and dct then
    for _, x in ipairs(newslua.dates(body, { dct = dct }) or {}) do
      local ctx = body:sub(math.max(1, x.start - 90), x.stop + 30):gsub("%s+", " ")
      print(i, x.start, x.stop, dct, x.value, ctx)
    end
  end
end
