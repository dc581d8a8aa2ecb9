-- tokenize_spec.lua: newslua.tokens and newslua.sentences (l_tokenize.c).
-- Offsets are 1-based with an inclusive stop: text:sub(start, stop).
local nl = require "newslua"
local H = require "helper"

local function collect(text, opts)
  local out = {}
  for t in nl.tokens(text, opts) do out[#out + 1] = t end
  return out
end

describe("newslua.tokens", function()
  it("yields surface tokens with kinds and 1-based inclusive spans", function()
    local text = "U.S. Sen. Smith’s 1,000 cats—fine."
    local got = {}
    for _, t in ipairs(collect(text)) do
      got[#got + 1] = ("%s:%s:%d-%d"):format(t.kind, t.text, t.start, t.stop)
    end
    -- hand-counted bytes: ’ and — are 3 bytes each
    assert.are.same({
      "word:U.S.:1-4", "word:Sen:6-8", "punct:.:9-9", "word:Smith’s:11-19",
      "number:1,000:21-25", "word:cats:27-30", "punct:—:31-33",
      "word:fine:34-37", "punct:.:38-38",
    }, got)
  end)

  it("case-folds words into norm", function()
    local t = collect("U.S. Russia’s")
    assert.are.equal("u.s.", t[1].norm)
    assert.are.equal("russia's", t[2].norm)
  end)

  it("keeps text:sub(start, stop) == token text", function()
    local text = "Négociations à Genève: “on Friday”, 15:00 GMT... $5 😀"
    local last = 0
    for _, t in ipairs(collect(text)) do
      assert.are.equal(t.text, text:sub(t.start, t.stop))
      assert.is_true(t.start > last)
      last = t.stop
    end
  end)

  it("yields index terms with index = true (what FTS5 stores)", function()
    local text = "Russia’s high-stakes elections"
    local norms = {}
    for _, t in ipairs(collect(text, { index = true })) do
      norms[#norms + 1] = t.norm
      assert.are.equal("term", t.kind)
      assert.is_nil(t.colocated)
    end
    assert.are.same({ "russia", "high", "stakes", "elections" }, norms)
    local t = collect(text, { index = true })
    assert.are.equal("high", text:sub(t[2].start, t[2].stop))
    assert.are.equal("stakes", text:sub(t[3].start, t[3].stop))
  end)

  it("adds colocated stems with stem = true", function()
    local t = collect("elections", { index = true, stem = true })
    assert.are.equal(2, #t)
    assert.are.equal("elections", t[1].norm)
    assert.are.equal("elect", t[2].norm)
    assert.is_true(t[2].colocated)
    assert.are.equal(t[1].start, t[2].start)
  end)

  it("is a plain closure: no closing value, one value per step", function()
    local f, s, v, c = nl.tokens("a b")
    assert.are.equal("function", type(f))
    assert.is_nil(s)
    assert.is_nil(v)
    assert.is_nil(c)
    assert.are.equal("a", f().text)
    assert.are.equal("b", f().text)
    assert.is_nil(f())
    assert.is_nil(f())
  end)

  it("handles empty, invalid and huge input", function()
    assert.are.equal(0, #collect(""))
    assert.are.equal(2, #collect("a\xFF\xFEb"))
    local n = 0
    for _ in nl.tokens(string.rep("word ", 200000)) do n = n + 1 end
    assert.are.equal(200000, n)
  end)

  it("raises on misuse", function()
    H.assert_raises("bad argument #1 to 'newslua.tokens'", nl.tokens, nil)
    H.assert_raises("bad argument #1 to 'newslua.tokens'", nl.tokens, {})
    H.assert_raises("unexpected key 'foo'", nl.tokens, "x", { foo = true })
    H.assert_raises("option 'index'", nl.tokens, "x", { index = 1 })
    H.assert_raises("need index = true", nl.tokens, "x", { stem = true })
    H.assert_raises("bad argument #2", nl.tokens, "x", "opts")
  end)
end)

describe("newslua.tokens and the index", function()
  after_each(H.cleanup)

  it("every index term of an article finds it as a phrase query", function()
    local c <close> = H.open_fixture()
    local a = H.first(c:articles { article = "geneva" })
    local n = 0
    for t in nl.tokens(a.body, { index = true }) do
      local found = false
      for hit in c:search('"' .. t.norm .. '"') do
        if hit.article.id == "geneva" then found = true end
      end
      assert.is_true(found, t.norm)
      n = n + 1
    end
    assert.are.equal(30, n) -- words and numbers of the body, counted by hand
  end)
end)

describe("newslua.sentences", function()
  it("splits on terminators but not abbreviations", function()
    local text = "Sen. Smith arrived in the U.S. on Friday. He met Dr. Jones.\n\nNew paragraph here"
    local s = nl.sentences(text)
    -- spans counted by hand
    assert.are.same({
      { start = 1, stop = 41, text = "Sen. Smith arrived in the U.S. on Friday." },
      { start = 43, stop = 59, text = "He met Dr. Jones." },
      { start = 62, stop = 79, text = "New paragraph here" },
    }, s)
    for _, x in ipairs(s) do assert.are.equal(x.text, text:sub(x.start, x.stop)) end
  end)

  it("returns an empty array for empty text", function()
    assert.are.same({}, nl.sentences(""))
    assert.are.same({}, nl.sentences("   \n\n  "))
  end)

  it("survives invalid UTF-8 and long input", function()
    assert.are.equal("table", type(nl.sentences("\xFF\xFE. \x80.")))
    assert.are.equal(50000, #nl.sentences(string.rep("It rained. ", 50000)))
  end)

  it("raises on misuse", function()
    H.assert_raises("bad argument #1 to 'newslua.sentences'", nl.sentences, nil)
    H.assert_raises("bad argument #1 to 'newslua.sentences'", nl.sentences, {})
  end)
end)
