#!/bin/sh
# bench/timex/speed.sh -- tagger throughput (one core) against chrono-node
# over the same text, in the same run: TBAQ (TempEval-3 train) and the
# Reuters-21578 bodies from ../shared/data.  A benchmark, not a test.
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
for corpus in tbaq reuters; do
  ours=$("$BUILD/newslua" "$HERE/speed.lua" "$tmp/$corpus.txt" "$ROUNDS")
  theirs=$(node "$HERE/chrono_speed.js" "$tmp/$corpus.txt" "$ROUNDS")
  echo "$ours"
  echo "$theirs"
  a=$(echo "$ours" | sed 's/.* \([0-9.]*\) MB\/s$/\1/')
  b=$(echo "$theirs" | sed 's/.* \([0-9.]*\) MB\/s$/\1/')
  echo "ratio    $corpus: $(echo "$a $b" | awk '{printf "%.1fx chrono-node\n", $1 / $2}')"
done
