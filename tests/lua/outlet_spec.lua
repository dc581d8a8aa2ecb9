-- outlet_spec.lua: each article's outlet (core/src/nl_outlet.c), one name
-- per outlet however its articles give it: a page's own name for its site
-- ("RT", og:site_name) stands for the crawl records whose source is the
-- host ("www.rt.com", "rt.com"); without a page, the way most records
-- write the host without "www."; an address alone gives its host.  The
-- names are worked out over the whole store at the end of each ingest, so
-- they follow the files: a page removed takes its name with it.
local nl = require "newslua"
local H = require "helper"

local PAGE = [[<!DOCTYPE html>
<html><head><title>Talks end without a deal - RT World News</title>
<meta property="og:site_name" content="RT">
<link rel="canonical" href="https://www.rt.com/news/338270-talks/">
<meta property="article:published_time" content="2016-04-05T10:00:00Z">
</head><body><article><h1>Talks end without a deal</h1>
<p>Foreign ministers met in Geneva on Tuesday and ended their talks without
a deal on the pipeline, officials said after the meeting.</p>
<p>Both sides said they would meet again next month to go on with the
negotiations over the pipeline and its route.</p>
</article></body></html>
]]

-- A news-please record (source_domain: the host as crawled).
local function record(id, domain, url, text)
  return ('{"dId": %q, "title": "Report %s", "text": %q,'
    .. ' "date_publish": "2016-04-0%d 09:00:00", "url": %q%s}\n'):format(
    id, id, text, #id % 9 + 1, url,
    domain and (', "source_domain": %q'):format(domain) or "")
end

local RECORDS = record("a", "www.rt.com", "https://www.rt.com/news/1-a/",
    "The pipeline talks in Geneva went on for a second day on Tuesday.")
  .. record("b", "rt.com", "https://rt.com/news/2-b/",
    "Ministers said the pipeline route was still open after Tuesday.")
  .. record("c", "www.nytimes.com", "https://www.nytimes.com/2016/04/05/c.html",
    "Negotiators left Geneva without an agreement on the pipeline.")
  .. record("d", nil, "https://www.example.org/d",
    "A pipeline deal was not reached in Geneva, a spokesman said.")

-- id suffix -> outlet, of every article of the store at `dir`.
local function outlets(dir)
  local c <close> = assert(nl.open(dir))
  local t = {}
  for a in c:articles() do
    t[a.id:match("#(.*)$") or a.id:match("([^/]*)$")] = a.outlet or false
  end
  return t
end

describe("outlets", function()
  after_each(H.cleanup)

  it("one name per outlet: a page's own name for its host's records", function()
    local dir = H.tmpdir()
    H.write(dir .. "/crawl.jsonl", RECORDS)
    H.write(dir .. "/talks.html", PAGE)
    local o = outlets(dir)
    assert.are.same({
      talks = "RT",          -- og:site_name, from rt.com
      a = "RT", b = "RT",    -- "www.rt.com" and "rt.com": rt.com's records
      c = "nytimes.com",     -- no page names nytimes.com: its host
      d = "example.org",     -- no source: its address's host
    }, o)
    -- the rows carry it where they carry the article
    local c <close> = assert(nl.open(dir))
    local hit = H.first(c:search("pipeline", { source = "www.rt.com" }))
    assert.are.equal("RT", hit.article.outlet)
    assert.are.equal("www.rt.com", hit.source) -- the source stays as given
    local n = 0
    for d in c:dates { source = "rt.com" } do -- b: "after Tuesday"
      assert.are.equal("RT", d.article.outlet)
      n = n + 1
    end
    assert.is_true(n > 0)
  end)

  it("counts the articles of each outlet, of a filter or a query", function()
    local dir = H.tmpdir()
    H.write(dir .. "/crawl.jsonl", RECORDS)
    H.write(dir .. "/talks.html", PAGE)
    local c <close> = assert(nl.open(dir))
    local function rows(...)
      local t = {}
      for r in c:outlets(...) do t[#t + 1] = r.outlet .. "=" .. r.articles end
      return table.concat(t, " ")
    end
    -- most articles first, then by name (sources() keeps them apart:
    -- RT, www.rt.com and rt.com)
    assert.are.equal("RT=3 example.org=1 nytimes.com=1", rows())
    assert.are.equal("-=1 RT=1 rt.com=1 www.nytimes.com=1 www.rt.com=1",
      (function()
        local t = {}
        for r in c:sources() do t[#t + 1] = (r.source or "-") .. "=" .. r.articles end
        table.sort(t, function(a, b)
          local x, y = tonumber(a:match("%d+$")), tonumber(b:match("%d+$"))
          if x ~= y then return x > y end
          return a < b
        end)
        return table.concat(t, " ")
      end)())
    assert.are.equal("RT=3 nytimes.com=1", rows("Tuesday OR negotiators"))
    assert.are.equal("RT=1", rows { format = "html" })
    assert.are.equal("example.org=1", rows { offset = 1, limit = 1 })
    -- the outlet filter takes a row back to its articles, in every query
    for r in c:outlets() do
      assert.are.equal(r.articles, c:count { outlet = r.outlet }, r.outlet)
    end
    assert.are.equal(3, c:count { outlet = "rt" }) -- letter case aside
    assert.are.equal(0, c:count { outlet = "www.rt.com" }) -- a source, not an outlet
    assert.are.equal(1, c:count { source = "www.rt.com" })
    -- (the records a and b are of 2016-04-02, the page of 2016-04-05)
    assert.are.equal(1, c:count { query = "Tuesday", outlet = "RT", since = "2016-04-03" })
    assert.are.equal(3, c:count { query = "Tuesday", outlet = "RT", since = "2016-04-02" })
    local ids = {}
    for a in c:articles { outlet = "RT" } do ids[#ids + 1] = a.id:match("#(.*)$") or "page" end
    table.sort(ids)
    assert.are.same({ "a", "b", "page" }, ids)
    for _, order in ipairs { "rank", "newest", "oldest" } do
      local n = 0
      for h in c:search("pipeline", { outlet = "RT", order = order }) do
        assert.are.equal("RT", h.article.outlet)
        n = n + 1
      end
      assert.are.equal(3, n, order)
    end
    local dated = {} -- the page, a and b say "Tuesday"; c, d no date
    for d in c:dates { outlet = "RT" } do
      assert.are.equal("RT", d.article.outlet)
      dated[d.article.id:match("#(.*)$") or "page"] = true
    end
    assert.are.same({ a = true, b = true, page = true }, dated)
    assert.is_nil(H.first(c:dates { outlet = "nytimes.com" }))
    H.assert_raises("option 'outlet': string expected", c.count, c, { outlet = 5 })
    local r, msg, code = c:outlets("AND AND")
    assert.is_nil(r)
    assert.are.equal("EQUERY", code, msg)
  end)

  it("follows the files: without the page, the host as its records write it", function()
    local dir = H.tmpdir()
    H.write(dir .. "/crawl.jsonl", RECORDS)
    H.write(dir .. "/talks.html", PAGE)
    assert.are.equal("RT", outlets(dir).a)
    os.remove(dir .. "/talks.html")
    local o = outlets(dir)
    assert.is_nil(o.talks)
    assert.are.equal("rt.com", o.a)
    assert.are.equal("rt.com", o.b)
    -- the most common way of writing the host wins, in its own case
    H.write(dir .. "/more.jsonl",
      record("e", "www.ESPN.com", "https://www.espn.com/e", "The pipeline match was played.")
      .. record("f", "ESPN.com", "https://espn.com/f", "A pipeline of young players.")
      .. record("g", "espn.com", "https://espn.com/g", "The pipeline of talent is open."))
    o = outlets(dir)
    assert.are.equal("ESPN.com", o.e)
    assert.are.equal("ESPN.com", o.f)
    assert.are.equal("ESPN.com", o.g)
    -- outlets() counts what the rows say, under the same names, whatever
    -- the filter (its index plan: sources, less the hosts' articles by
    -- source, plus them by outlet)
    local c <close> = assert(nl.open(dir))
    for _, f in ipairs { {}, { query = "pipeline" }, { format = "jsonl" },
        { since = "2016-04-03" }, { query = "Tuesday OR players" } } do
      local want, got = {}, {}
      for a in c:articles(f) do
        local k = a.outlet or "(none)"
        want[k] = (want[k] or 0) + 1
      end
      for r in c:outlets(f) do got[r.outlet or "(none)"] = r.articles end
      assert.are.same(want, got)
    end
    assert.are.equal(3, H.first(c:outlets { query = "pipeline" }).articles)
    -- a record whose source is spelled as the rt.com records spell their
    -- host, but whose address is elsewhere, keeps its source: the outlet
    -- rt.com has articles of both kinds, and the filter finds both, with a
    -- query (the keys it lets through) or without
    H.write(dir .. "/other.jsonl", record("h", "rt.com", "https://example.net/h",
      "A pipeline report from elsewhere."))
    assert.are.equal("rt.com", outlets(dir).h)
    local d <close> = assert(nl.open(dir))
    local n = 0
    for r in d:outlets() do
      assert.are.equal(r.articles, d:count { outlet = r.outlet }, r.outlet)
      assert.are.equal(r.articles, d:count { query = "pipeline", outlet = r.outlet }, r.outlet)
      n = n + 1
    end
    assert.are.equal(4, n) -- rt.com, ESPN.com, nytimes.com, example.org
    assert.are.equal(3, d:count { outlet = "RT.com" })
    assert.are.equal(3, d:count { query = "pipeline", outlet = "rt.com" })
  end)

  it("names them too when the ingest ends with the index merge", function()
    local dir = H.tmpdir()
    H.write(dir .. "/crawl.jsonl", RECORDS)
    H.write(dir .. "/talks.html", PAGE)
    local c <close> = assert(nl.open(":memory:"))
    local r = assert(c:add(dir, { optimize = true }))
    assert.is_true(r.optimized)
    local t = {}
    for a in c:articles() do t[a.id:match("#(.*)$") or "page"] = a.outlet end
    assert.are.same({ page = "RT", a = "RT", b = "RT", c = "nytimes.com", d = "example.org" }, t)
  end)

  it("leaves a name alone, and an article with nothing has none", function()
    local dir = H.tmpdir()
    H.write(dir .. "/one.jsonl",
      record("n", "Reuters", "https://www.rt.com/news/9-n/", "Pipeline talks, a wire report.")
      .. '{"dId": "z", "title": "Nothing", "text": "No source and no address for this pipeline text."}\n')
    local o = outlets(dir)
    assert.are.equal("Reuters", o.n) -- a feed's name is not its link's host's
    assert.is_false(o.z)
    -- the filter folds letter case beyond ASCII, as source does
    H.write(dir .. "/two.jsonl", record("s", "Süddeutsche Zeitung", "https://sz.de/s",
      "The pipeline, reported from Munich."))
    local c <close> = assert(nl.open(dir))
    assert.are.equal(1, c:count { outlet = "SÜDDEUTSCHE ZEITUNG" })
    assert.are.equal(1, c:count { outlet = "reuters" })
  end)
end)
