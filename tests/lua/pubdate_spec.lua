-- pubdate_spec.lua: the publication-date reconciliation across a story
-- (core/src/nl_pubdate*.c) as a store keeps it, on tests/data/pubdate.
--
-- crawl_stamp.jsonl is one story in four news-please records: two
-- reports of the Panama Papers (2016-04-04 and 2016-04-05), an op-ed whose
-- date_publish is its crawler's time (2017-11-30T12:52, an hour before
-- its date_download) although its text reports the leak "on Sunday" and
-- embeds a post of "Monday, April 4, 2016", and an anniversary piece with
-- a proper header date (2017-04-03) that names "April 3, 2016".
local nl = require "newslua"
local H = require "helper"

local FIXTURE = H.source_dir .. "/tests/data/pubdate/crawl_stamp.jsonl"

-- The articles of `path` by their item key (the part after '#').
local function articles(path)
  local c <close> = assert(nl.open(path, { db = ":memory:" }))
  local by = {}
  for a in c:articles() do by[a.id:match("#(.*)$")] = a end
  return by
end

describe("publication dates: a crawler's time stamp", function()
  local by
  setup(function() by = articles(FIXTURE) end)

  it("keeps each record's download time (meta date_download)", function()
    assert.are.equal("2017-11-30T13:52:18", by["c-stamp"].meta.date_download[1])
    assert.are.equal("2017-11-30T13:51:49", by["a-report"].meta.date_download[1])
  end)
end)
