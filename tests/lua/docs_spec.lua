-- docs_spec.lua: every ```lua example in docs/api.md runs without error
-- under the interpreter, from the source directory, and prints what its
-- `--> ...` comments say; README.md's script runs as the README says.
local H = require "helper"

local function examples(file)
  local doc = assert(H.read(H.source_dir .. "/" .. file), file .. " not found")
  local out = {}
  for block in doc:gmatch("```lua\n(.-)```") do out[#out + 1] = block end
  return out
end

-- Whitespace runs as one space, trimmed: the docs align with spaces what
-- print separates with tabs.
local function norm(s)
  return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

-- The `--> text` comments of a block, in order, as anchored patterns in
-- which "..." stands for anything.
local function expected(block)
  local pats = {}
  for line in block:gmatch("[^\n]+") do
    local want = line:match("%-%->(.*)$")
    if want then
      local p = norm(want):gsub("%p", "%%%0"):gsub("%%%.%%%.%%%.", ".-")
      pats[#pats + 1] = { text = norm(want), pat = "^" .. p .. "$" }
    end
  end
  return pats
end

-- Run `code` as a script from the source directory; returns output, status.
local function run(code, args)
  local dir = H.tmpdir()
  local script = H.write(dir .. "/example.lua", code)
  local cmd = "cd " .. H.q(H.source_dir) .. " && " .. H.q(H.exe) .. " " .. H.q(script)
    .. " " .. (args or "") .. " >" .. H.q(dir .. "/out") .. " 2>&1 </dev/null"
  local _, _, status = os.execute(cmd)
  return H.read(dir .. "/out"), status
end

describe("docs/api.md examples", function()
  after_each(H.cleanup)
  local blocks = examples("docs/api.md")

  it("exist", function()
    assert.is_true(#blocks >= 10)
  end)

  for i, block in ipairs(blocks) do
    local first = block:match("[^\n]*\n[^\n]*") or block
    it(("#%d runs: %s"):format(i, first:gsub("\n", " | ")), function()
      local out, code = run(block)
      assert.are.equal(0, code, out)
      -- each `--> line` is an output line, in the order given
      local lines = {}
      for l in out:gmatch("[^\n]*") do lines[#lines + 1] = norm(l) end
      local k = 1
      for _, want in ipairs(expected(block)) do
        while k <= #lines and not lines[k]:match(want.pat) do k = k + 1 end
        assert.is_true(k <= #lines, ("printed no line %q after the previous one:\n%s")
                                     :format(want.text, out))
        k = k + 1
      end
    end)
  end
end)

describe("README.md", function()
  after_each(H.cleanup)

  it("its script lists the Lavrov sentences of corpus/ by date", function()
    local blocks = examples("README.md")
    assert.are.equal(1, #blocks)
    local corpus = H.tmpdir()
    -- the five articles only (corpus/.newslua/ may hold a store of this tree)
    assert(os.execute("cp " .. H.q(H.source_dir .. "/corpus") .. "/*.txt " .. H.q(corpus)))
    local out, code = run(blocks[1], H.q(corpus))
    assert.are.equal(0, code, out)
    local n = 0
    for line in out:gmatch("[^\n]+") do
      local value, _, expr, sentence = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.+)$")
      assert.truthy(value and sentence:find("Lavrov", 1, true), line)
      assert.truthy(sentence:find(expr, 1, true), line)
      n = n + 1
    end
    assert.is_true(n >= 5, out)
    assert.truthy(out:find("2022-01-21\tThe Washington Post\tFriday\t", 1, true), out)
  end)
end)
