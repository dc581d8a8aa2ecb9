-- pubdate_spec.lua: the publication-date reconciliation across a story
-- (core/src/nl_pubdate*.c) as a store keeps it, on tests/data/pubdate.
--
-- crawl_stamp.jsonl is one story in four news-please records: two
-- reports of the Panama Papers (2016-04-04 and 2016-04-05), an op-ed whose
-- date_publish is its crawler's time (2017-11-30T12:52, an hour before
-- its date_download) although its text reports the leak "on Sunday" and
-- embeds a post of "Monday, April 4, 2016", and an anniversary piece with
-- a proper header date (2017-04-03) that names "April 3, 2016".  The
-- last block gives the op-ed (and the anniversary piece) other addresses:
-- a date in a URL's path vouches for a header date it agrees with.
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

-- The warnings of `a` that contain `s` (plain).
local function warned(a, s)
  local n = 0
  for _, w in ipairs(a.warnings) do
    if w:find(s, 1, true) then n = n + 1 end
  end
  return n
end

describe("publication dates: a crawler's time stamp", function()
  local by
  setup(function() by = articles(FIXTURE) end)

  it("keeps each record's download time (meta date_download)", function()
    assert.are.equal("2017-11-30T13:52:18", by["c-stamp"].meta.date_download[1])
    assert.are.equal("2017-11-30T13:51:49", by["a-report"].meta.date_download[1])
  end)

  it("replaces a stamp by the text's date that its story supports", function()
    local c = by["c-stamp"]
    assert.are.equal("2016-04-04", c.published)
    assert.are.equal("inferred", c.published_source)
    assert.are.equal("2017-11-30T12:52", c.meta.meta_published[1])
    assert.truthy(c.published_evidence:find("April 4, 2016", 1, true),
                  c.published_evidence)
    assert.truthy(c.published_evidence:find("2 related articles", 1, true),
                  c.published_evidence)
    assert.are.equal(1, warned(c, "publication date conflict"))
    assert.are.equal(1, warned(c, "2017-11-30T13:52:18"))
    assert.are.equal(0, warned(c, "kept, as no other date"))
  end)

  it("leaves proper header dates alone, a history piece's too", function()
    assert.are.equal("2016-04-04T15:10:56", by["a-report"].published)
    assert.are.equal("2016-04-05", by["b-report"].published)
    local d = by["d-anniversary"]
    assert.are.equal("2017-04-03T09:00", d.published)
    assert.are.equal("metadata", d.published_source)
    assert.are.equal(0, warned(d, "publication date"))
  end)

  it("keeps a header date not known to be a stamp, with a warning", function()
    -- the same op-ed without date_download: its date is far from the
    -- story and fits its weekdays poorly, but nothing says it is the
    -- crawler's, and no other date has sentence links behind it
    local dir = H.tmpdir()
    local out, n = {}, 0
    for line in assert(H.read(FIXTURE)):gmatch("[^\n]+") do
      if line:find('"c-stamp"', 1, true) then
        line, n = line:gsub(', "date_download": "[^"]*"', "")
      end
      out[#out + 1] = line
    end
    assert.are.equal(1, n)
    H.write(dir .. "/crawl_stamp.jsonl", table.concat(out, "\n") .. "\n")
    local c = articles(dir .. "/crawl_stamp.jsonl")["c-stamp"]
    assert.is_nil(c.meta.date_download)
    assert.are.equal("2017-11-30T12:52", c.published)
    assert.are.equal("metadata", c.published_source)
    assert.are.equal(1, warned(c, "kept, as no other date"))
  end)
end)

-- The fixture with c-stamp's address (and, with `d_url`, d-anniversary's)
-- replaced, as a file in a new folder; its path.
local function with_urls(c_url, d_url)
  local dir = H.tmpdir()
  local out = {}
  for line in assert(H.read(FIXTURE)):gmatch("[^\n]+") do
    if line:find('"c-stamp"', 1, true) then
      line = line:gsub('"url": "[^"]*"', '"url": "' .. c_url .. '"')
    elseif d_url and line:find('"d-anniversary"', 1, true) then
      line = line:gsub('"url": "[^"]*"', '"url": "' .. d_url .. '"')
    end
    out[#out + 1] = line
  end
  H.write(dir .. "/crawl_stamp.jsonl", table.concat(out, "\n") .. "\n")
  return dir .. "/crawl_stamp.jsonl"
end

describe("publication dates: a header date its own URL vouches for", function()
  it("is never flagged, a crawl stamp's neither", function()
    -- the op-ed's address names the day of its header: the publisher
    -- minted it then, whatever the story and the text's weekdays say
    local c = articles(with_urls("https://example.net/2017/11/30/op-ed/"))
      ["c-stamp"]
    assert.are.equal("2017-11-30T12:52", c.published)
    assert.are.equal("metadata", c.published_source)
    assert.is_nil(c.meta.meta_published)
    assert.are.equal(0, warned(c, "publication date"))
    assert.are.equal(0, warned(c, "URL date"))
  end)

  it("vouches by month, or a day off (zone, print edition)", function()
    for _, u in ipairs { "https://example.net/2017/11/op-ed",
                         "https://example.net/2017/12/01/op-ed",
                         "https://example.net/op-ed?date=20171129" } do
      local c = articles(with_urls(u))["c-stamp"]
      assert.are.equal("2017-11-30T12:52", c.published, u)
      assert.are.equal(0, warned(c, "publication date"), u)
    end
  end)

  it("holds when a later reconciliation reads the store", function()
    local path = with_urls("https://example.net/2017/11/30/op-ed/")
    local db = H.tmpdir() .. "/s.db"
    do
      local c <close> = assert(nl.open(path, { db = db, reconcile = false }))
    end
    local c <close> = assert(nl.open(path, { db = db }))
    for a in c:articles() do
      if a.id:find("c-stamp", 1, true) then
        assert.are.equal("2017-11-30T12:52", a.published)
        assert.are.equal("metadata", a.published_source)
      end
    end
  end)

  it("does not vouch for another date, and says so", function()
    -- an address naming the story's day: the stamp gives way as before
    local by = articles(with_urls("https://example.net/2016/04/04/op-ed/",
                                  "https://example.com/2016/04/03/a-year-on"))
    local c = by["c-stamp"]
    assert.are.equal("2016-04-04", c.published)
    assert.are.equal("inferred", c.published_source)
    assert.are.equal(1, warned(c, "publication date conflict"))
    assert.are.equal(1, warned(c, 'URL date conflict: the address names '
      .. '2016-04-04 ("2016/04/04"), 605 days before the metadata date '
      .. '"2017-11-30T12:52"'))
    -- a header a year after its URL's day: kept, with a warning
    local d = by["d-anniversary"]
    assert.are.equal("2017-04-03T09:00", d.published)
    assert.are.equal("metadata", d.published_source)
    assert.are.equal(1, warned(d, "URL date conflict"))
    assert.are.equal(0, warned(d, "publication date"))
  end)
end)
