#!/bin/sh
# Scale benchmark: synthetic corpora of 10k/100k(/1M) articles built from the
# real text in ../shared/data; ingest time, peak RSS, index vs raw size; query
# p50/p99 on the largest; the same term searches by rg over the raw text;
# Lua iteration speed (articles; dates with their sentences).
# usage: bench.sh BUILD_DIR DATA_DIR WORK_DIR
# NEWSLUA_SCALE="10000 100000 1000000" picks the sizes (default 10000 100000).
set -u
BUILD=$1; DATA=$2; WORK=$3
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SIZES=${NEWSLUA_SCALE:-"10000 100000"}
cmake --build "$BUILD" --target bench_scale >/dev/null || exit 1
NL="$BUILD/newslua"

echo "## Scale: synthetic corpora (sentences of bbc + reuters21578 reshuffled, seeded)"
echo "| corpus     | articles  | raw MB   | ingest s | art/s   | MB/s    | peak RSS MB | index MB | index/raw |"
echo "|------------|-----------|----------|----------|---------|---------|----------|---------|-------|"
last=""
for n in $SIZES; do
  dir="$WORK/scale-$n"
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"
    "$NL" "$TOP/bench/scale/gen.lua" "$DATA" "$dir" "$n" 42 2>/dev/null || { echo "gen failed for $n" >&2; continue; }
    touch "$dir/.done"
  fi
  "$BUILD/bench/bench_scale" "$dir" "$WORK/scale-$n.db" "scale-$n" > "$WORK/scale-$n.out" || continue
  head -n 1 "$WORK/scale-$n.out"
  last=$n
done
[ -n "$last" ] || exit 0
tail -n +2 "$WORK/scale-$last.out"

if command -v rg >/dev/null 2>&1; then
  echo
  echo "| rg over raw scale-$last | term | ms (median of 3) |"
  echo "|---|---|---|"
  for t in government market election oil minister; do
    best=""
    for r in 1 2 3; do
      s=$(date +%s%N); rg -c -i -w "$t" "$WORK/scale-$last" >/dev/null; e=$(date +%s%N)
      best="$best $(( (e - s) / 1000000 ))"
    done
    med=$(echo $best | tr ' ' '\n' | sort -n | sed -n 2p)
    echo "| rg -c -i -w | $t | $med |"
  done
else
  echo "(rg not installed: make bench installs ripgrep)"
fi

echo
"$NL" "$TOP/bench/scale/iter.lua" "$WORK/scale-$last.db"
"$NL" "$TOP/bench/scale/dates.lua" "$WORK/scale-$last.db"

# A day's ingest into the big store: the five bundled articles added (their
# story checked against every stored article: the reconciliation).
extra="$WORK/scale-extra"
rm -rf "$extra"; mkdir -p "$extra"; cp "$TOP"/corpus/*.txt "$extra/"
s=$(date +%s%N)
"$NL" "$TOP/scripts/ingest.lua" "$WORK/scale-$last.db" "$extra" -q >/dev/null
e=$(date +%s%N)
echo
echo "| incremental ingest into scale-$last | articles | s |"
echo "|---|---|---|"
echo "| the 5 bundled articles added, reconciled with the store | 5 | $(echo "$s $e" | awk '{printf "%.2f", ($2 - $1) / 1e9}') |"
