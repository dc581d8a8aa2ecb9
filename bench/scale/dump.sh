#!/bin/sh
# dump.sh BUILD_DIR DATA_DIR WORK_DIR: one big JSON Lines dump, streamed.
# ~150 MB built from the real news-please records of DATA_DIR/jsonl (each
# record written again and again, its "dId" made unique: "r7-<dId>"; the
# same bytes every run), ingested into a new store by `corpus:add` in one
# process: seconds, and that process's peak resident size (VmHWM), which
# must stay far below the dump's size (a loader streams the file; its
# hash is taken 16 MiB at a time: nl_load.c).
set -u
BUILD=$(cd "$1" && pwd)
DATA=$2
WORK=$3
NL="$BUILD/newslua"
SRC="$DATA/jsonl/news-please-articles.jsonl"
if [ ! -f "$SRC" ]; then
  echo "(big dump skipped: $SRC is missing)"
  exit 0
fi
dir="$WORK/dump"
mkdir -p "$dir"
if [ ! -f "$dir/dump.jsonl" ]; then
  SRC="$SRC" OUT="$dir/dump.jsonl" "$NL" -e '
local lines = {}
for l in io.lines(os.getenv("SRC")) do
  if l:find("\"dId\": \"", 1, true) then lines[#lines + 1] = l end
end
local out, size, round = assert(io.open(os.getenv("OUT") .. ".part", "w")), 0, 0
while size < 150e6 do
  round = round + 1
  for _, l in ipairs(lines) do
    l = l:gsub("\"dId\": \"", "\"dId\": \"r" .. round .. "-", 1)
    out:write(l, "\n")
    size = size + #l + 1
  end
end
out:close()
assert(os.rename(os.getenv("OUT") .. ".part", os.getenv("OUT")))'
fi
rm -f "$WORK/dump.db" "$WORK/dump.db-wal" "$WORK/dump.db-shm"
res=$(DIR="$dir" DB="$WORK/dump.db" "$NL" -e '
local nl = require "newslua"
local c = assert(nl.open(os.getenv("DB")))
local start = io.popen("date +%s%N"):read("l")
local r = assert(c:add(os.getenv("DIR")))
local stop = io.popen("date +%s%N"):read("l")
c:close()
local hwm
for l in io.lines("/proc/self/status") do
  hwm = hwm or l:match("^VmHWM:%s*(%d+) kB")
end
io.write(r.added, " ", string.format("%.1f", (stop - start) / 1e9), " ",
         math.floor(hwm / 1024 + 0.5))')
echo "## A big JSON Lines dump, streamed (synthetic from the news-please records)"
echo "| dump | MB | articles | ingest s | peak RSS MB |"
echo "|---|---|---|---|---|"
set -- $res
echo "| news-please x N | $(du -m "$dir/dump.jsonl" | cut -f1) | $1 | $2 | $3 |"
