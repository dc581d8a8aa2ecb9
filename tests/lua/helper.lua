-- helper.lua: fixtures shared by the specs (passed to busted as --helper;
-- specs also `require "helper"` and get this same table).
local H = {}
package.loaded.helper = H

H.source_dir = os.getenv("NEWSLUA_SOURCE_DIR") or "../.."
H.exe = os.getenv("NEWSLUA_EXE") or (H.source_dir .. "/build/newslua")
H.module_dir = os.getenv("NEWSLUA_MODULE_DIR") or (H.source_dir .. "/build")
H.data = H.source_dir .. "/tests/data/lua"

-- Quote a string for /bin/sh.
function H.q(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

local made = {}

-- A fresh empty directory, removed by H.cleanup().
function H.tmpdir()
  local name = os.tmpname()
  os.remove(name)
  assert(os.execute("mkdir -p " .. H.q(name)))
  made[#made + 1] = name
  return name
end

-- Remove every directory made by H.tmpdir().
function H.cleanup()
  for i = #made, 1, -1 do
    os.execute("rm -rf " .. H.q(made[i]))
    made[i] = nil
  end
end

-- Write `content` to `path`.
function H.write(path, content)
  local f = assert(io.open(path, "wb"))
  f:write(content)
  f:close()
  return path
end

-- Read a whole file, or nil.
function H.read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

function H.exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

-- A copy of the fixture corpus tests/data/lua/corpus in a temp dir (so
-- ingest can create .newslua/ beside it).  Returns the directory.
function H.corpus_copy()
  local dir = H.tmpdir()
  assert(os.execute("cp -R " .. H.q(H.data .. "/corpus") .. "/. " .. H.q(dir)))
  return dir
end

-- Open a fresh copy of the fixture corpus (ingested).  Returns corpus,
-- report, directory; raises with the failure message if open fails.
function H.open_fixture()
  local nl = require "newslua"
  local dir = H.corpus_copy()
  local c, rep = nl.open(dir)
  assert(c, rep)
  return c, rep, dir
end

-- The first row of a cursor loop (f, s, v, closing), closing the cursor.
function H.first(f, s, _, closing)
  local row = f(s)
  if closing then closing:close() end
  return row
end

-- Run the interpreter with `args` (a shell-quoted string) and optional
-- stdin text.  Returns stdout, stderr, exit code.
function H.run(args, stdin)
  local dir = H.tmpdir()
  local out, err = dir .. "/out", dir .. "/err"
  local cmd = H.q(H.exe) .. " " .. args .. " >" .. H.q(out) .. " 2>" .. H.q(err)
  if stdin then
    cmd = cmd .. " <" .. H.q(H.write(dir .. "/in", stdin))
  else
    cmd = cmd .. " </dev/null"
  end
  local _, _, code = os.execute(cmd)
  return H.read(out), H.read(err), code
end

-- A new folder of 100 text files of 200 KB with no date in them (an
-- ingest of it commits its first batch after 10 files); its path.
function H.big_folder()
  local dir = H.tmpdir()
  local para = ("Delegates from both sides met in Geneva and discussed the "
                .. "proposals. "):rep(30) .. "\n\n"
  for i = 1, 100 do
    H.write(string.format("%s/%03d.txt", dir, i),
            "Report " .. i .. "\n\n" .. (para .. i .. "\n\n"):rep(110))
  end
  return dir
end

-- Run the interpreter with `args` (shell-quoted) in the background, writing
-- the store `db`, and send it SIGINT once a reader sees its first
-- committed batch.  Returns its stderr and exit status.
function H.interrupt(args, db)
  local dir = H.tmpdir()
  local err_path, code_path = dir .. "/err", dir .. "/code"
  local count = string.format("local nl = require 'newslua' "
    .. "local c = nl.open(%q, { readonly = true }) io.write(c and c:count() or 0)", db)
  local sh = table.concat({
    H.q(H.exe) .. " " .. args .. " >/dev/null 2>" .. H.q(err_path)
      .. " </dev/null & pid=$!",
    "i=0; while [ $i -lt 600 ] && [ \"$(" .. H.q(H.exe) .. " -e " .. H.q(count)
      .. " 2>/dev/null)\" = 0 ]; do sleep 0.01; i=$((i+1)); done",
    "kill -INT $pid; wait $pid; echo $? >" .. H.q(code_path),
  }, "\n")
  os.execute("sh -c " .. H.q(sh))
  return H.read(err_path) or "", tonumber((H.read(code_path) or ""):match("%d+"))
end

-- Assert the failure triple: nil, "CODE: message", "CODE".
function H.assert_fail(code, ...)
  local v, msg, c = ...
  assert(v == nil, "expected nil, got " .. tostring(v))
  assert(type(msg) == "string", "expected a message, got " .. tostring(msg))
  assert(c == code, ("expected code %s, got %s (%s)"):format(code, tostring(c), msg))
  assert(msg:sub(1, #code + 2) == code .. ": ",
         "message does not start with the code: " .. msg)
  return msg
end

-- Assert that f(...) raises an error whose message contains `pattern`
-- (plain text).
function H.assert_raises(pattern, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error containing '" .. pattern .. "'")
  err = tostring(err)
  assert(err:find(pattern, 1, true),
         "error '" .. err .. "' does not contain '" .. pattern .. "'")
  return err
end

return H
