#!/bin/sh
# bench/timex/speed.sh -- tagger throughput (one core) against chrono-node
# over the same text, in the same run: TBAQ (TempEval-3 train) and the
# Reuters-21578 bodies from ../shared/data.  A benchmark, not a test.
# Three figures per corpus: the C tagger alone (bench_timex.c), the Lua
# path newslua.dates (speed.lua) and chrono-node (chrono_speed.js).
#
#   BUILD=build bench/timex/speed.sh     (default BUILD: build/)
# chrono-node is installed on first use with npm into bench/timex/node_modules
# (package.json pins the version).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
SHARED=${SHARED:-$ROOT/../shared}
ROUNDS=${ROUNDS:-3}
PASSES=${PASSES:-2}
TBAQ=$SHARED/data/tempeval3-train
REUTERS=$SHARED/data/reuters21578
if [ ! -d "$TBAQ" ] || [ ! -d "$REUTERS" ]; then
  echo "speed.sh: $TBAQ or $REUTERS is missing: ../shared/data is not" \
       "available on this machine, nothing measured" >&2
  exit 2
fi
if [ ! -x "$BUILD/newslua" ]; then
  echo "speed.sh: $BUILD/newslua not built (run make, or set BUILD=)" >&2
  exit 2
fi
if [ ! -d "$HERE/node_modules/chrono-node" ]; then
  (cd "$HERE" && npm install --no-audit --no-fund >&2)
fi
echo "build: $BUILD ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD/CMakeCache.txt" 2>/dev/null)); use a Release build for figures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/gold"
for f in "$TBAQ"/*/*.tml; do ln -s "$f" "$tmp/gold/"; done
python3 "$SHARED/eval/timex_score.py" export "$tmp/gold" "$tmp/docs.jsonl"
python3 "$HERE/extract.py" tbaq "$tmp/docs.jsonl" "$tmp/tbaq.txt"
python3 "$HERE/extract.py" reuters "$REUTERS" "$tmp/reuters.txt"
# The tagger itself (C, nl_timex_tag, thread CPU time) and the Lua path
# (newslua.dates: the same tagger plus building the Lua result tables, CPU
# time); chrono-node by process CPU time.  All one core, best of ROUNDS
# rounds in each of PASSES interleaved passes.
if ! cmake --build "$BUILD" --target bench_timex >/dev/null 2>&1; then
  echo "speed.sh: could not build bench_timex in $BUILD" >&2
  exit 2
fi
rate() { echo "$1" | sed 's/.* \([0-9.]*\) MB\/s$/\1/'; }
echo "load: $(uptime | sed 's/.*load average/load average/')"
echo "| corpus  | MB   | C tagger MB/s | newslua.dates MB/s | chrono-node MB/s | C / chrono | Lua / chrono |"
echo "|---------|------|---------------|--------------------|------------------|------------|--------------|"
best() { echo "$1 $2" | awk '{print ($1 > $2) ? $1 : $2}'; }
for corpus in tbaq reuters; do
  # PASSES interleaved passes of the three, the best of each counts, so a
  # burst of load on the machine hits all three alike.
  c=0 l=0 j=0
  for _ in $(seq "$PASSES"); do
    c=$(best "$c" "$(rate "$("$BUILD/bench/bench_timex" "$tmp/$corpus.txt" "$ROUNDS")")")
    l=$(best "$l" "$(rate "$("$BUILD/newslua" "$HERE/speed.lua" "$tmp/$corpus.txt" "$ROUNDS")")")
    j=$(best "$j" "$(rate "$(node "$HERE/chrono_speed.js" "$tmp/$corpus.txt" "$ROUNDS")")")
  done
  mb=$(wc -c < "$tmp/$corpus.txt" | awk '{printf "%.1f", $1 / 1e6}')
  echo "$corpus $mb $c $l $j" | awk '{printf "| %-7s | %4s | %13.1f | %18.1f | %16.1f | %9.1fx | %11.1fx |\n", $1, $2, $3, $4, $5, $3 / $5, $4 / $5}'
done
echo "load: $(uptime | sed 's/.*load average/load average/')"
