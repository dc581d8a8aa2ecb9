-- interpreter_spec.lua: the newslua executable (newslua.c), driven as a
-- subprocess: options, the arg table, errors and exit statuses.
local H = require "helper"
local nl = require "newslua"

local function script(body)
  return H.write(H.tmpdir() .. "/s.lua", body)
end

describe("newslua interpreter", function()
  after_each(H.cleanup)

  it("-v prints Lua's copyright and the newslua version", function()
    local out, err, code = H.run("-v")
    assert.are.equal(0, code)
    assert.truthy(out:find("Lua 5.4", 1, true))
    assert.truthy(out:find("Copyright", 1, true))
    assert.truthy(out:find("newslua " .. nl.version .. "\n", 1, true))
    assert.are.equal("", err)
  end)

  it("--help is what docs/api.md shows", function()
    local doc = H.read(H.source_dir .. "/docs/api.md")
    local shown = doc:match("\n## The interpreter\n\n```\n(.-)```")
    local out, _, code = H.run("--help")
    assert.are.equal(0, code)
    assert.are.equal(shown, out)
  end)

  it("--help prints the usage on stdout and exits 0", function()
    local out, err, code = H.run("--help")
    assert.are.equal(0, code)
    assert.are.equal("usage: newslua [options] [script [args]]\n", out:match("^[^\n]*\n"))
    for _, opt in ipairs { "-e stat", "-i", "-l mod", "-v", "-E", "-W", "--", "-  " } do
      assert.truthy(out:find("  " .. opt, 1, true), opt)
    end
    assert.are.equal("", err)
  end)

  it("-e runs a chunk", function()
    local out, _, code = H.run("-e 'print(1 + 1)' -e 'io.write(\"x\")'")
    assert.are.equal(0, code)
    assert.are.equal("2\nx", out)
  end)

  it("preloads the module but sets no global", function()
    local out = H.run([[-e 'print(newslua, require("newslua").version)']])
    assert.are.equal("nil\t" .. nl.version .. "\n", out)
  end)

  it("-l requires a module into a global, also as g=mod", function()
    local out, _, code = H.run([[-l newslua -l nl=newslua -e 'print(newslua.version, nl == newslua)']])
    assert.are.equal(0, code)
    assert.are.equal(nl.version .. "\ttrue\n", out)
  end)

  it("rejects a bad option with the usage and status 1", function()
    local out, err, code = H.run("-x")
    assert.are.equal(1, code)
    assert.are.equal("", out)
    assert.are.equal("newslua: unrecognized option '-x'\n", err:match("^[^\n]*\n"))
    assert.truthy(err:find("usage: newslua", 1, true))
    _, err, code = H.run("-e")
    assert.are.equal(1, code)
    assert.truthy(err:find("newslua: '-e' needs argument", 1, true))
    _, err, code = H.run("--bogus")
    assert.are.equal(1, code)
    assert.truthy(err:find("unrecognized option '--bogus'", 1, true))
  end)

  it("reports a script error with a traceback and status 1", function()
    local s = script("local function f()\n  error('boom')\nend\nf()\n")
    local out, err, code = H.run(H.q(s))
    assert.are.equal(1, code)
    assert.are.equal("", out)
    assert.are.equal("newslua: " .. s .. ":2: boom\n", err:match("^[^\n]*\n"))
    assert.truthy(err:find("stack traceback:", 1, true))
    assert.truthy(err:find("in local 'f'", 1, true) or err:find("in function 'f'", 1, true)
                  or err:find("in upvalue 'f'", 1, true))
  end)

  it("reports an error raised in a callback under the core once, at the script's line", function()
    local s = script(table.concat({
      'local nl = require "newslua"',
      'local db = assert(nl.open(":memory:"))',
      'db:add(' .. string.format("%q", H.source_dir .. "/corpus") .. ', { on_file = function(r)',
      '  error("boom in on_file")',
      'end })',
    }, "\n"))
    local out, err, code = H.run(H.q(s))
    assert.are.equal(1, code)
    assert.are.equal("", out)
    assert.are.equal("newslua: " .. s .. ":4: boom in on_file\n", err:match("^[^\n]*\n"))
    local _, tracebacks = err:gsub("stack traceback:", "")
    assert.are.equal(1, tracebacks)
    assert.truthy(err:find("in method 'add'", 1, true))
  end)

  it("the REPL keeps its history across sessions, in ~/.newslua_history", function()
    local home = H.tmpdir()
    -- one REPL session on a terminal (script(1) makes the pty); `keys` is
    -- a printf format
    local function session(keys, env)
      local f = assert(io.popen("printf " .. H.q(keys) .. " | " .. (env or "")
        .. " HOME=" .. H.q(home) .. " script -qec " .. H.q(H.q(H.exe))
        .. " /dev/null 2>&1"))
      local out = f:read("a")
      f:close()
      return out
    end
    session('print("hist" .. "ory")\\n')
    local saved = H.read(home .. "/.newslua_history") or ""
    assert.truthy(saved:find('print("hist" .. "ory")', 1, true), saved)
    -- Up, Enter: the last line of the last session, run again
    local again = session("\\033[A\\n")
    assert.truthy(again:find("[\r\n]history\r?\n"), again)
    -- a session left by os.exit() keeps its lines too (they were saved
    -- only when the REPL's loop ended)
    session('x = "kept"\\nos.exit(0)\\n')
    saved = H.read(home .. "/.newslua_history") or ""
    assert.truthy(saved:find('x = "kept"\nos.exit(0)\n', 1, true), saved)
    -- and each line once: the earlier sessions' lines are not added again
    local _, n = saved:gsub('print%("hist" %.%. "ory"%)', "")
    assert.are.equal(2, n) -- typed once, recalled once
    -- -E: no history file read or written
    os.remove(home .. "/.newslua_history")
    local f = assert(io.popen("printf " .. H.q("print(1)\\n") .. " | HOME="
      .. H.q(home) .. " script -qec " .. H.q(H.q(H.exe) .. " -E -i")
      .. " /dev/null 2>&1"))
    f:read("a")
    f:close()
    assert.is_nil(H.read(home .. "/.newslua_history"))
  end)

  it("reports a syntax error and a missing script", function()
    local _, err, code = H.run(H.q(script("x = = 1")))
    assert.are.equal(1, code)
    assert.truthy(err:match("^newslua: .*s%.lua:1: unexpected symbol"))
    _, err, code = H.run("/nonexistent/script.lua")
    assert.are.equal(1, code)
    assert.truthy(err:find("newslua: cannot open /nonexistent/script.lua", 1, true))
  end)

  it("reports non-string error objects", function()
    local _, err, code = H.run([[-e 'error({})']])
    assert.are.equal(1, code)
    assert.truthy(err:find("newslua: (error object is a table value)", 1, true))
    _, err = H.run([[-e 'error(setmetatable({}, {__tostring = function() return "custom" end}))']])
    assert.are.equal("newslua: custom\n", err)
  end)

  it("passes the arg table and the script's arguments", function()
    local s = script("print(arg[0], arg[1], arg[2], #arg, ...)\nprint(arg[-1])\n")
    local out, _, code = H.run("-e 'x=1' " .. H.q(s) .. " a 'b c'")
    assert.are.equal(0, code)
    assert.are.equal(s .. "\ta\tb c\t2\ta\tb c\n" .. "x=1\n", out)
  end)

  it("keeps the exit status of os.exit", function()
    local _, _, code = H.run([[-e 'os.exit(3)']])
    assert.are.equal(3, code)
  end)

  it("runs stdin for '-' and when there are no arguments", function()
    local out, _, code = H.run("- a b", "print('stdin', ...)")
    assert.are.equal(0, code)
    assert.are.equal("stdin\ta\tb\n", out)
    out = H.run("", "print(1 + 2)")
    assert.are.equal("3\n", out)
    local err
    _, err, code = H.run("-", "error('from stdin')")
    assert.are.equal(1, code)
    assert.truthy(err:find("newslua: stdin:1: from stdin", 1, true))
  end)

  it("stops options at '--'", function()
    local s = script("print('ran', ...)")
    local out = H.run("-- " .. H.q(s) .. " -v")
    assert.are.equal("ran\t-v\n", out)
  end)

  it("runs LUA_INIT_5_4 (or LUA_INIT) unless -E", function()
    local out = H.run([[-e 'print("main")']]):gsub("\n", " ")
    local env = "LUA_INIT='print(\"init\")' "
    local function run(args)
      local dir = H.tmpdir()
      os.execute(env .. H.q(H.exe) .. " " .. args .. " >" .. dir .. "/o 2>&1 </dev/null")
      return H.read(dir .. "/o")
    end
    assert.are.equal("main ", out)
    assert.are.equal("init\nmain\n", run([[-e 'print("main")']]))
    assert.are.equal("main\n", run([[-E -e 'print("main")']]))
    env = "LUA_INIT='print(1)' LUA_INIT_5_4='print(54)' "
    assert.are.equal("54\n", run([[-e '']]))
    env = "LUA_INIT='error(\"bad init\")' "
    assert.truthy(run([[-e 'print("main")']]):find("newslua: LUA_INIT:1: bad init", 1, true))
  end)

  it("-W turns warnings on", function()
    local _, err = H.run([[-W -e 'warn("careful")']])
    assert.truthy(err:find("Lua warning: careful", 1, true))
    _, err = H.run([[-e 'warn("careful")']])
    assert.are.equal("", err)
  end)

  it("-i runs the REPL after the script, printing expressions", function()
    local out, _, code = H.run("-i -e 'x = 20'", "x + 1\n=x * 2\nlocal t = {\n}\nprint(#t)\n")
    assert.are.equal(0, code)
    assert.truthy(out:find("newslua " .. nl.version, 1, true)) -- -i implies -v
    assert.truthy(out:find("21\n", 1, true))
    assert.truthy(out:find("40\n", 1, true))
    assert.truthy(out:find("0\n", 1, true))
  end)

  it("-i: the REPL has the module as the global newslua, unless it is taken", function()
    local out, err, code = H.run("-i", "print(type(newslua), newslua.version)\n")
    assert.are.equal(0, code, err)
    assert.truthy(out:find("table\t" .. nl.version .. "\n", 1, true), out)
    out = H.run("-i -e 'newslua = 5'", "print(newslua)\n")
    assert.truthy(out:find("\n5\n", 1, true) or out:find("> 5\n", 1, true), out)
  end)

  -- SCENARIOS #4, as README shows it: a search typed at the prompt prints
  -- ranked hits with the matches in brackets.
  it("-i prints corpus:search() as a ranked list with highlighted snippets", function()
    local corpus = H.source_dir .. "/corpus"
    local out, err, code = H.run("-i", ("corpus = require('newslua').open(%q, { db = ':memory:' })\n"
      .. "corpus:search(\"written response\")\n"):format(corpus))
    assert.are.equal(0, code, err)
    local first = out:match("\n[^\n]*  1%. ([^\n]*)")
    assert.truthy(first, out)
    -- id, publication day, title (outlet), snippet
    assert.truthy(first:find("^004_0e8c4aba7b3c3b19  2022%-01%-26  Blinken says written response"),
                  first)
    assert.truthy(first:find("diplomatic path forward (Reuters)  ", 1, true), first)
    assert.truthy(first:find("[written] [response]", 1, true), first)
    assert.truthy(out:find("\n  3%. 000_38c49de777daab70  2022%-01%-21  …"), out) -- no title
  end)

  -- A listing stops at 20 rows; more() shows the next 20 of the same
  -- query (its cursor kept open), until "(no more rows)"; a `more` of the
  -- user's own is left alone.  (Paging meant a loop of one's own.)
  it("-i: more() shows the next 20 rows of a listing cut short", function()
    local corpus = H.source_dir .. "/corpus"
    local c <close> = assert(nl.open(corpus, { db = ":memory:" }))
    local want = {}
    for d in c:dates() do want[#want + 1] = d.value end
    assert.is_true(#want > 40 and #want <= 60, "the bundled corpus has " .. #want .. " dates")
    local open = ("corpus = require('newslua').open(%q, { db = ':memory:' })\n"):format(corpus)
    local out, err, code = H.run("-i", open .. "corpus:dates()\nmore()\nmore()\nmore()\n")
    assert.are.equal(0, code, err)
    local got = {}
    for i, v in out:gmatch("\n?[> ]*(%d+)%. (%S+)") do
      assert.are.equal(#got + 1, tonumber(i), out)
      got[#got + 1] = v
    end
    assert.are.same(want, got)
    local _, hints = out:gsub("more%(%) shows the next 20", "")
    assert.are.equal(2, hints, out) -- after rows 20 and 40, not after the last
    assert.truthy(out:find("(no more rows)", 1, true), out)
    -- before any listing, and after one that was not cut short: no more
    out = H.run("-i", "more()\n" .. open .. "corpus:dates { limit = 3 }\nmore()\n")
    local _, nomore = out:gsub("%(no more rows%)", "")
    assert.are.equal(2, nomore, out)
    -- corpus:sources() rows: the source (or "(no source)") and its count
    out = H.run("-i", open .. "corpus:sources()\n")
    assert.truthy(out:find("  1. (no source)  3 articles\n", 1, true), out)
    assert.truthy(out:find(". Reuters  1 article\n", 1, true), out)
    out = H.run("-i", open .. "corpus:outlets()\n") -- its rows alike
    assert.truthy(out:find("  1. (no source)  3 articles\n", 1, true), out)
    assert.truthy(out:find(". The Washington Post  1 article\n", 1, true), out)
    -- a page asked for with an offset is numbered from offset + 1 (it
    -- said 1, 2, 3 for rows 6, 7, 8), and more() goes on from there
    out = H.run("-i", open .. "corpus:dates { offset = 5, limit = 30 }\nmore()\n")
    local nums = {}
    for i, v in out:gmatch("\n?[> ]*(%d+)%. (%S+)") do
      nums[#nums + 1] = tonumber(i)
      assert.are.equal(want[tonumber(i)], v, out)
    end
    local rows = {}
    for i = 6, 35 do rows[#rows + 1] = i end
    assert.are.same(rows, nums)
    out = H.run("-i", "more = 5\n" .. open .. "corpus:dates()\nprint(more)\n")
    assert.truthy(out:find("(more rows: iterate to see all)", 1, true), out)
    assert.truthy(out:find("\n5\n", 1, true) or out:find("> 5\n", 1, true), out)
  end)

  -- (several values came one a line where lua.c puts them on one line
  -- with tabs; a table's fields beside its items were not shown; a hit
  -- without a title left a double gap; newslua.dates rows showed flags=2)
  it("-i shows several values on a line, a list's other fields, dates as rows", function()
    local corpus = H.source_dir .. "/corpus"
    local out, err, code = H.run("-i", ("corpus = require('newslua').open(%q, { db = ':memory:' })\n"
      .. "return nil, 'EQUERY: bad', 'EQUERY'\n"
      .. "return {1, 2, x = 'y'}\n"
      .. "return {1, id = 'x', title = 'T', [5] = 9}\n"
      .. "corpus:search('Lavrov', { article = '000_38c49de777daab70' })\n"
      .. "newslua.dates('It ended on Monday.', { dct = '2022-01-25' })\n"):format(corpus))
    assert.are.equal(0, code, err)
    assert.truthy(out:find("\nnil\tEQUERY: bad\tEQUERY\n", 1, true)
                  or out:find("> nil\tEQUERY: bad\tEQUERY\n", 1, true), out)
    assert.truthy(out:find("  1. 1\n  2. 2\n     {x=\"y\"}\n", 1, true), out)
    -- the other fields as fields, even when they look like an article
    assert.truthy(out:find('  1. 1\n     {5=9, id="x", title="T"}\n', 1, true), out)
    assert.truthy(out:find("  1%. 000_38c49de777daab70  [^ ]"), out) -- one gap
    assert.truthy(out:find('  1. 2022-01-24   "Monday"             DATE\n', 1, true), out)
  end)

  -- (a long string was cut at byte 97, inside a character: "...\xD0..."
  -- on the terminal; columns were padded by bytes, so a row whose
  -- expression had a curly quote stood two columns short)
  it("-i cuts and pads non-ASCII text by characters, not bytes", function()
    local out, err, code = H.run("-i", "return { s = ('д'):rep(60) }\n"
      .. "return { { value = '1980', expression = '’80', type = 'DATE' },"
      .. " { value = '1981', expression = '80', type = 'DATE' } }\n")
    assert.are.equal(0, code, err)
    local s = out:match('{s="([^"]*)"}')
    assert.truthy(s, out)
    assert.truthy(utf8.len(s), "valid UTF-8: " .. s)
    assert.are.equal(('д'):rep(60), s) -- 60 characters: no cut at all
    local a = out:match("  1%. 1980 +(\"’80\" +)DATE")
    local b = out:match("  2%. 1981 +(\"80\" +)DATE")
    assert.truthy(a and b, out)
    assert.are.equal(utf8.len(b), utf8.len(a))
    out = H.run("-i", "return { s = ('ж'):rep(120) }\n")
    s = out:match('{s="([^"]*)"}')
    assert.truthy(s and utf8.len(s), out)
    assert.are.equal(('ж'):rep(97) .. "...", s)
    -- a row whose value is no string is still shown (review: 'len' raised)
    out, err, code = H.run("-i", "return { value = true, text = 'x' }\n")
    assert.are.equal(0, code, err)
    assert.truthy(out:find('true +"x"'), out)
    assert.is_nil(out:find("bad argument", 1, true), out)
  end)

  -- On a terminal the matches are in colour instead (bold yellow), unless
  -- NO_COLOR is set (no-color.org) or the terminal is dumb.
  it("-i colours the matches of a search on a terminal", function()
    local input = H.write(H.tmpdir() .. "/in", ("corpus = require('newslua').open(%q, { db = ':memory:' })\n"
      .. "corpus:search(\"written response\")\n"):format(H.source_dir .. "/corpus"))
    local function repl(env)
      local cmd = env .. " " .. H.q(H.exe) .. " -i <" .. H.q(input)
      local f = assert(io.popen("script -qc " .. H.q(cmd) .. " /dev/null", "r"))
      local out = f:read("a")
      f:close()
      return out:match("  1%. ([^\r\n]*)") or out
    end
    local hit = repl("env -u NO_COLOR TERM=xterm")
    assert.truthy(hit:find("\27[1;33mwritten\27[0m \27[1;33mresponse\27[0m", 1, true), hit)
    assert.is_nil(hit:find("[written]", 1, true), hit)
    hit = repl("env NO_COLOR=1 TERM=xterm")
    assert.truthy(hit:find("[written] [response]", 1, true), hit)
    hit = repl("env -u NO_COLOR TERM=dumb")
    assert.truthy(hit:find("[written] [response]", 1, true), hit)
  end)

  it("stops running Lua code on SIGINT with a traceback", function()
    -- The signal is sent only once the script runs (it says "ready"), so a
    -- slow start on a loaded machine cannot turn this into a plain kill.
    local dir = H.tmpdir()
    local err_path, code_path = dir .. "/err", dir .. "/code"
    local sh = table.concat({
      H.q(H.exe) .. [[ -e 'io.stderr:write("ready\n") io.stderr:flush() while true do end']]
        .. " 2>" .. H.q(err_path) .. " </dev/null & pid=$!",
      "i=0; while [ $i -lt 600 ] && ! grep -q ready " .. H.q(err_path)
        .. " 2>/dev/null; do sleep 0.05; i=$((i+1)); done",
      "kill -INT $pid; wait $pid; echo $? >" .. H.q(code_path),
    }, "\n")
    os.execute("sh -c " .. H.q(sh))
    assert.are.equal("1", (H.read(code_path) or ""):match("%d+"))
    local err = H.read(err_path)
    assert.are.equal("ready\nnewslua: interrupted!\n", err:match("^[^\n]*\n[^\n]*\n"))
    assert.truthy(err:find("stack traceback:", 1, true))
  end)

  it("runs scripts that use the module", function()
    local s = script([[
local nl = require "newslua"
local n = 0
for t in nl.tokens(arg[1]) do n = n + 1 end
print(n)
]])
    local out, _, code = H.run(H.q(s) .. " 'Talks in Geneva, on Friday.'")
    assert.are.equal(0, code)
    assert.are.equal("7\n", out) -- Talks in Geneva , on Friday .
  end)
end)
