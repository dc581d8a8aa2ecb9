#!/bin/sh
# bench/timex/eval.sh [--details N] -- TempEval-3 TBAQ evaluation of the
# temporal tagger: export the gold documents, tag them with
# scripts/timex.lua, score all types and each type.  Not a test.
#
#   BUILD=build bench/timex/eval.sh            (default BUILD: build/)
#   SHARED=../shared bench/timex/eval.sh       (default: ../shared beside the repo)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
SHARED=${SHARED:-$ROOT/../shared}
DATA=$SHARED/data/tempeval3-train
SCORER=$SHARED/eval/timex_score.py
if [ ! -d "$DATA" ] || [ ! -f "$SCORER" ]; then
  echo "eval.sh: $DATA or $SCORER is missing: ../shared/data is not" \
       "available on this machine, nothing evaluated" >&2
  exit 2
fi
if [ ! -x "$BUILD/newslua" ]; then
  echo "eval.sh: $BUILD/newslua not built (run make, or set BUILD=)" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The scorer reads one flat directory: link TimeBank and AQUAINT together.
mkdir "$tmp/gold"
for f in "$DATA"/*/*.tml; do ln -s "$f" "$tmp/gold/"; done
python3 "$SCORER" export "$tmp/gold" "$tmp/docs.jsonl"
"$BUILD/newslua" "$ROOT/scripts/timex.lua" "$tmp/docs.jsonl" > "$tmp/pred.jsonl"
python3 "$SCORER" score "$tmp/gold" "$tmp/pred.jsonl" "$@"
for t in DATE TIME DURATION SET; do
  echo
  python3 "$SCORER" score "$tmp/gold" "$tmp/pred.jsonl" --types "$t"
done
