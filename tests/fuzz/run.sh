#!/bin/sh
# Run every libFuzzer target for SECONDS each:
#   sh tests/fuzz/run.sh BUILD_DIR SECONDS
# Regression inputs (tests/fuzz/regressions/<target>/) are replayed first.
# Seeds: tests/fuzz/seeds/<target>/ plus files of tests/data (for the load
# target each data file is prefixed with every format-selector byte).
# Crashes are written to BUILD_DIR/fuzz-artifacts/<target>/; copy them to
# tests/fuzz/regressions/<target>/ once fixed: the normal test suite
# (ctest c.fuzz_replay, tests/c/test_fuzz_replay.c) replays them without
# libFuzzer.  Exit status 1 if any target failed.
set -u
BUILD=${1:?usage: run.sh BUILD_DIR SECONDS}
SECS=${2:-20}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
FUZZ=$SRC/tests/fuzz
DATA=$SRC/tests/data
OUT=$BUILD/fuzz-work
ART=$BUILD/fuzz-artifacts
failed=""

# Text seeds: every small file under tests/data.
text_seeds() {
  find "$DATA" -type f -size -64k 2>/dev/null | sort
}

# The load target's first byte picks the format: 0 sniff, 1..12 forced.
make_load_seeds() {
  dir=$1
  i=0
  for f in $(text_seeds); do
    fmt=0
    while [ $fmt -le 12 ]; do
      { printf "\\$(printf '%03o' $fmt)"; cat "$f"; } > "$dir/seed_${i}_$fmt"
      fmt=$((fmt + 1))
    done
    i=$((i + 1))
  done
}

# The tokenize and timex targets read one option byte first.
make_prefixed_seeds() {
  dir=$1
  i=0
  for f in $(text_seeds); do
    { printf '\000'; cat "$f"; } > "$dir/seed_$i"
    { printf '\005'; cat "$f"; } > "$dir/seed_${i}_b"
    i=$((i + 1))
  done
}

for t in tokenize sentence load timex search; do
  bin=$BUILD/tests/fuzz/fuzz_$t
  if [ ! -x "$bin" ]; then
    echo "fuzz: $bin missing (build with -DNEWSLUA_FUZZ=ON)" >&2
    failed="$failed $t"
    continue
  fi
  mkdir -p "$OUT/$t/corpus" "$OUT/$t/seeds" "$ART/$t"
  case $t in
    load) make_load_seeds "$OUT/$t/seeds" ;;
    tokenize|timex) make_prefixed_seeds "$OUT/$t/seeds" ;;
    sentence) for f in $(text_seeds); do cp "$f" "$OUT/$t/seeds/"; done ;;
  esac
  reg=$FUZZ/regressions/$t
  if [ -d "$reg" ] && [ -n "$(ls -A "$reg" 2>/dev/null)" ]; then
    echo "== fuzz_$t: replaying regressions"
    if ! "$bin" -runs=1 "$reg"/* >"$OUT/$t/regressions.log" 2>&1; then
      echo "fuzz_$t: a regression input fails (see $OUT/$t/regressions.log)"
      grep -E "^==[0-9]+==ERROR|SUMMARY|runtime error|Running: " \
        "$OUT/$t/regressions.log" | tail -3
      failed="$failed $t"
    fi
  fi
  seeds="$OUT/$t/seeds"
  [ -d "$FUZZ/seeds/$t" ] && seeds="$seeds $FUZZ/seeds/$t"
  echo "== fuzz_$t: ${SECS}s"
  # shellcheck disable=SC2086
  if "$bin" -max_total_time="$SECS" -max_len=65536 -timeout=10 \
       -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$ART/$t/" "$OUT/$t/corpus" $seeds \
       >"$OUT/$t/fuzz.log" 2>&1; then
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" \
      "$OUT/$t/fuzz.log" | tr '\n' ' '
    echo
  else
    echo "fuzz_$t: FAILED; input in $ART/$t/, log $OUT/$t/fuzz.log"
    grep -E "^==[0-9]+==ERROR|SUMMARY|runtime error|deadly signal" \
      "$OUT/$t/fuzz.log" | head -5
    failed="$failed $t"
  fi
done

if [ -n "$failed" ]; then
  echo "fuzz: failed:$failed"
  exit 1
fi
echo "fuzz: all targets ran ${SECS}s without a failure"
