-- newslua_spec.lua: the module table (l_newslua.c).
local nl = require "newslua"

describe("require 'newslua'", function()
  it("returns the module table with its version", function()
    assert.are.equal("table", type(nl))
    assert.truthy(nl.version:match("^%d+%.%d+%.%d+$"))
    assert.are.equal("newslua " .. nl.version, nl._VERSION)
  end)

  it("sets no global and returns the same table again", function()
    assert.is_nil(rawget(_G, "newslua"))
    assert.are.equal(nl, require "newslua")
  end)

  it("has the documented functions", function()
    for _, name in ipairs { "open", "load", "tokens", "sentences",
                            "json_encode", "json_decode" } do
      assert.are.equal("function", type(nl[name]), name)
    end
    assert.are.equal("userdata", type(nl.null))
  end)

  it("is preloaded by the interpreter (package.preload)", function()
    assert.are.equal("function", type(package.preload.newslua))
  end)
end)
