-- article_spec.lua: the article table (l_article.c), the same shape from
-- newslua.load and from corpus:articles().
local nl = require "newslua"
local H = require "helper"

local P1 = "Negotiators returned to Vienna on Monday to resume talks on the nuclear agreement, officials said."
local P2 = "The previous round ended in December without a deal. Delegates expect the next round to last several weeks."

describe("article tables", function()
  after_each(H.cleanup)

  it("carry metadata, body and 1-based paragraph spans", function()
    local a = assert(nl.load(H.data .. "/corpus/talks.html"))[1]
    assert.are.equal("talks", a.id)
    assert.are.equal(H.data .. "/corpus/talks.html", a.file)
    assert.are.equal("html", a.format)
    assert.are.equal("Diplomats resume talks in Vienna", a.title)
    assert.are.equal("Example News", a.source)
    assert.are.equal("en", a.language)
    assert.truthy(a.published:match("^2022%-01%-24"))
    assert.are.equal("metadata", a.published_source)
    assert.are.equal("string", type(a.published_evidence))
    assert.are.equal(P1 .. "\n\n" .. P2, a.body)
    assert.are.equal(2, #a.paragraphs)
    assert.are.same({ start = 1, stop = #P1 }, a.paragraphs[1])
    assert.are.equal(P1, a.body:sub(a.paragraphs[1].start, a.paragraphs[1].stop))
    assert.are.equal(P2, a.body:sub(a.paragraphs[2].start, a.paragraphs[2].stop))
    assert.are.equal("table", type(a.warnings))
    assert.are.equal("table", type(a.meta))
    assert.are.equal(0, a.repaired)
    assert.is_nil(a.url) -- absent strings are nil
  end)

  it("count repaired bytes of invalid UTF-8", function()
    local dir = H.tmpdir()
    H.write(dir .. "/bad.html", "<html><head><title>Caf\xE9 news</title></head><body><article><p>"
      .. string.rep("The caf\xE9 opened on Monday in the old town square. ", 4) .. "</p></article></body></html>")
    local a = assert(nl.load(dir .. "/bad.html"))[1]
    assert.is_truthy(a)
    assert.truthy(a.title:find("Café", 1, true))
    assert.truthy(a.body:find("café", 1, true))
    assert.is_true(utf8.len(a.body) ~= nil)
  end)

  it("have the same shape from a corpus", function()
    local loaded = assert(nl.load(H.data .. "/corpus/talks.html"))[1]
    local c <close> = H.open_fixture()
    local stored = H.first(c:articles { article = "talks" })
    for _, k in ipairs { "id", "format", "title", "source", "language", "published",
                         "published_source", "published_evidence", "body" } do
      assert.are.equal(loaded[k], stored[k], k)
    end
    assert.are.same(loaded.paragraphs, stored.paragraphs)
    assert.are.same(loaded.warnings, stored.warnings)
    assert.are.same(loaded.meta, stored.meta)
  end)
end)
