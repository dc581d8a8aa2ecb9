-- timex_spec.lua: newslua.dates (bindings/l_timex.c) and the TimeML
-- evaluation driver scripts/timex.lua on a hand-made fixture.
local nl = require "newslua"
local H = require "helper"

local FRI = { dct = "2022-01-21" } -- a Friday, ISO week 2022-W03

describe("newslua.dates", function()
  it("returns expressions with 1-based inclusive byte spans", function()
    local text = "Blinken and Lavrov held talks on Friday; they meet again next week."
    local ds = nl.dates(text, FRI)
    assert.are.equal(2, #ds)
    local d = ds[1]
    assert.are.equal("Friday", d.text)
    assert.are.equal(d.text, text:sub(d.start, d.stop))
    assert.are.equal(34, d.start)
    assert.are.equal(39, d.stop)
    assert.are.equal("DATE", d.type)
    assert.are.equal("2022-01-21", d.value)
    assert.is_nil(d.mod)
    assert.is_true(d.relative)
    assert.is_false(d.absolute)
    assert.is_false(d.unresolved)
    assert.are.equal("2022-01-21", d.anchor)
    assert.are.equal("2022-W04", ds[2].value)
    assert.is_true(ds[2].future)
  end)

  it("resolves by tense: met on Wednesday, will meet on Tuesday", function()
    assert.are.equal("2022-01-19", nl.dates("Blinken met Zelensky on Wednesday.", FRI)[1].value)
    assert.are.equal("2022-01-25", nl.dates("Lavrov is expected to reply on Tuesday.", FRI)[1].value)
  end)

  it("carries tense across a sentence and reads deadlines ahead", function()
    -- DCT 1998-02-13 (a Friday): "would leave" reaches the second date
    local ds = nl.dates("Flights would leave from March 30, with the third "
      .. "departing each Thursday from August 6.", { dct = "1998-02-13" })
    assert.are.equal("1998-08-06", ds[#ds].value)
    -- DCT 1989-10-30: no tense cue, "by February" is a deadline
    assert.are.equal("1990-02", nl.dates("It is part of a program to pay down "
      .. "the loan by February.", { dct = "1989-10-30" })[1].value)
  end)

  it("finds a report's comparison period and a positioned part of day", function()
    local ds = nl.dates("Net rose in the third quarter. For the quarter a year ago, "
      .. "it earned less.", { dct = "1989-11-01" })
    assert.are.same({ "the quarter a year ago", "1988-Q3" }, { ds[2].text, ds[2].value })
    ds = nl.dates("By mid afternoon, officials said it had ended.", { dct = "1998-03-06" })
    assert.are.same({ "TIME", "1998-03-06TAF" }, { ds[1].type, ds[1].value })
  end)

  it("gives mods, durations and sets", function()
    local ds = nl.dates("Troops massed in early December for more than two years, daily.", FRI)
    assert.are.same({ "2021-12", "START" }, { ds[1].value, ds[1].mod })
    assert.are.same({ "DURATION", "P2Y", "MORE_THAN" }, { ds[2].type, ds[2].value, ds[2].mod })
    assert.are.same({ "SET", "P1D" }, { ds[3].type, ds[3].value })
  end)

  it("marks near-future and present references, compounds and relative years", function()
    -- DCT 1987-03-15 (a Sunday)
    local D = { dct = "1987-03-15" }
    local ds = nl.dates("Prosecutors may soon seek an indictment; he was soon released.", D)
    assert.are.equal(1, #ds)
    assert.are.same({ "soon", "DATE", "FUTURE_REF" }, { ds[1].text, ds[1].type, ds[1].value })
    ds = nl.dates("These days, a year-long strike is rare, the China Daily said.", D)
    assert.are.equal(2, #ds)
    assert.are.same({ "These days", "PRESENT_REF" }, { ds[1].text, ds[1].value })
    assert.are.same({ "year-long", "DURATION", "P1Y" }, { ds[2].text, ds[2].type, ds[2].value })
    ds = nl.dates("Iraq rejected its quota for the second half of this year.", D)
    assert.are.same({ "the second half of this year", "1987-H2" }, { ds[1].text, ds[1].value })
  end)

  it("uses X placeholders without a dct", function()
    local d = nl.dates("They met on Friday.")[1]
    assert.are.equal("XXXX-WXX-5", d.value)
    assert.is_true(d.unresolved)
    assert.is_nil(d.anchor)
    assert.are.same({}, nl.dates(""))
  end)

  it("returns nil, message, code for a malformed dct", function()
    local r, msg, code = nl.dates("on Friday", { dct = "2022-13-45" })
    assert.is_nil(r)
    assert.are.equal("EINVAL", code)
    assert.truthy(msg:find("^EINVAL: "))
    assert.truthy(msg:find("2022-13-45", 1, true))
  end)

  it("raises on misuse", function()
    assert.has_error(function() nl.dates() end)
    assert.has_error(function() nl.dates({}) end)
    assert.has_error(function() nl.dates(42) end)
    assert.has_error(function() nl.dates("x", "2022-01-21") end)
    assert.has_error(function() nl.dates("x", { dtc = "2022-01-21" }) end)
    assert.has_error(function() nl.dates("x", { dct = 20220121 }) end)
  end)
end)

describe("scripts/timex.lua", function()
  it("writes code-point offsets for each expression", function()
    local cmd = H.q(H.exe) .. " " .. H.q(H.source_dir .. "/scripts/timex.lua") .. " "
      .. H.q(H.source_dir .. "/tests/data/timex/docs.jsonl")
    local p = assert(io.popen(cmd))
    local lines = {}
    for l in p:lines() do lines[#lines + 1] = assert(nl.json_decode(l)) end
    assert.is_true(p:close())
    assert.are.equal(4, #lines)
    -- "Genève" follows the expression; the en dashes in doc b precede them
    assert.are.same({ "a", 22, 28, "Friday", "2022-01-21" },
      { lines[1].doc, lines[1].start, lines[1]["end"], lines[1].text, lines[1].value })
    assert.are.same({ "b", 22, 31, "yesterday", "2022-01-20" },
      { lines[2].doc, lines[2].start, lines[2]["end"], lines[2].text, lines[2].value })
    assert.are.same({ "b", 58, 67, "next week", "2022-W04" },
      { lines[3].doc, lines[3].start, lines[3]["end"], lines[3].text, lines[3].value })
    assert.are.same({ "c", "XXXX-WXX-5", "" }, { lines[4].doc, lines[4].value, lines[4].mod })
  end)

  it("fails with the line number on a bad input line", function()
    local dir = H.tmpdir()
    H.write(dir .. "/bad.jsonl", '{"doc":"a","dct":null,"text":"x"}\n{not json\n')
    local cmd = H.q(H.exe) .. " " .. H.q(H.source_dir .. "/scripts/timex.lua") .. " "
      .. H.q(dir .. "/bad.jsonl") .. " 2>&1"
    local p = assert(io.popen(cmd))
    local out = p:read("a")
    local ok = p:close()
    assert.is_falsy(ok)
    assert.truthy(out:find("bad.jsonl:2:", 1, true))
    H.cleanup()
  end)
end)
