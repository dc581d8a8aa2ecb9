-- docs_spec.lua: every ```lua example in docs/api.md runs without error
-- under the interpreter, from the source directory.
local H = require "helper"

local function examples()
  local doc = assert(H.read(H.source_dir .. "/docs/api.md"), "docs/api.md not found")
  local out = {}
  for block in doc:gmatch("```lua\n(.-)```") do out[#out + 1] = block end
  return out
end

describe("docs/api.md examples", function()
  after_each(H.cleanup)
  local blocks = examples()

  it("exist", function()
    assert.is_true(#blocks >= 10)
  end)

  for i, block in ipairs(blocks) do
    local first = block:match("[^\n]*\n[^\n]*") or block
    it(("#%d runs: %s"):format(i, first:gsub("\n", " | ")), function()
      local dir = H.tmpdir()
      local script = H.write(dir .. "/example.lua", block)
      local cmd = "cd " .. H.q(H.source_dir) .. " && " .. H.q(H.exe) .. " " .. H.q(script)
        .. " >" .. H.q(dir .. "/out") .. " 2>&1 </dev/null"
      local _, _, code = os.execute(cmd)
      assert.are.equal(0, code, H.read(dir .. "/out"))
    end)
  end
end)
