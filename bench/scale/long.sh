#!/bin/sh
# long.sh BUILD_DIR WORK_DIR: long articles, many dates each -- the dates
# query and timeline.lua on 100 articles of 200 KB with 4,400 date
# expressions each ("seven hours", a duration).  Before session 12 every
# date row copied its article's body and sentence list (timeline: 38 s);
# the figures here are what it costs now.  Deterministic, no ../shared.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "$1" && pwd)
WORK=$2
NL="$BUILD/newslua"
dir="$WORK/long"
rm -rf "$dir" "$WORK/long.db" "$WORK/long.db-wal" "$WORK/long.db-shm"
mkdir -p "$dir"
LONG="$dir" "$NL" -e '
local dir = os.getenv("LONG")
local para = ("The talks in Geneva went on for seven hours. "):rep(40) .. "\n\n"
for i = 1, 100 do
  local f = assert(io.open(string.format("%s/%03d.txt", dir, i), "w"))
  f:write("Report ", i, "\n\n", (para .. i .. "\n\n"):rep(110))
  f:close()
end'
ms() { echo "$1 $2" | awk '{printf "%.2f", ($2 - $1) / 1e9}'; }
s=$(date +%s%N)
"$NL" "$TOP/scripts/ingest.lua" "$WORK/long.db" "$dir" -q >/dev/null
e=$(date +%s%N)
ingest=$(ms "$s" "$e")
rows=$(LONG="$WORK/long.db" "$NL" -e '
local nl = require "newslua"
local c <close> = assert(nl.open(os.getenv("LONG"), { readonly = true }))
local t0, n = os.clock(), 0
for a in c:articles() do
  for _ in c:dates { article = a.id } do n = n + 1 end
end
io.write(n, " ", string.format("%.2f", os.clock() - t0))')
s=$(date +%s%N)
"$NL" "$TOP/scripts/timeline.lua" --db "$WORK/long.db" --format json >/dev/null
e=$(date +%s%N)
echo "| long articles | articles | MB | ingest s | date rows | dates, article by article, s | timeline.lua s |"
echo "|---|---|---|---|---|---|---|"
echo "| 200 KB, 4,400 durations each | 100 | $(du -sm "$dir" | cut -f1) | $ingest | ${rows% *} | ${rows#* } | $(ms "$s" "$e") |"
