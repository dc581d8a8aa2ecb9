#!/bin/sh
# make bench: ingest throughput (newslua vs plain FTS5), then the
# per-area benchmarks that exist (timex speed, html eval, scale, queries),
# each section's own table as it runs, and at the end one table of the key
# figures (bench/summary.sh over WORK/bench.log).
# Benchmarks read ../shared/data; they say so and skip when it is missing.
set -u
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
DATA=${NEWSLUA_DATA:-$TOP/../shared/data}
WORK=${NEWSLUA_BENCH_DIR:-$TOP/bench/out}
mkdir -p "$WORK"
cmake --build "$TOP/$BUILD" --target bench_ingest >/dev/null || exit 1

if [ ! -d "$DATA" ]; then
  echo "bench: $DATA is missing (the shared corpora); nothing to measure." >&2
  exit 0
fi

sections() {
  echo "## Ingest: newslua (load+tokenize+sentences+dates+index) vs plain SQLite FTS5 (unicode61) over the same extracted text"
  echo "| corpus         | articles | text MB | newslua s | MB/s    | plain s  | MB/s    | ratio | ours MB | plain MB | CPU   |"
  echo "|----------------|----------|---------|-----------|---------|----------|---------|-------|---------|----------|-------|"
  for c in bbc reuters21578; do
    if [ -d "$DATA/$c" ]; then
      mkdir -p "$WORK/$c"
      "$TOP/$BUILD/bench/bench_ingest" "$DATA/$c" "$WORK/$c" "$c"
      # the same without the publication-date reconciliation after the load
      "$TOP/$BUILD/bench/bench_ingest" "$DATA/$c" "$WORK/$c" "$c norec" norec
    else
      echo "bench: $DATA/$c missing, skipped" >&2
    fi
  done
  echo "(seconds: medians of ${NEWSLUA_BENCH_ROUNDS:-5} interleaved rounds; ratio = the rounds' median of plain seconds / newslua seconds; >= 1.0 means newslua ingests at least as fast;"
  echo " 'norec': no publication-date reconciliation; CPU: newslua's CPU seconds, both threads, over plain's;"
  if [ -d "$DATA/reuters21578" ]; then
    # what two threads get done here against one (bench_ingest.c): an
    # ingest using CPU times plain's CPU is at best capacity / CPU as fast
    cap=$("$TOP/$BUILD/bench/bench_ingest" --capacity "$DATA/reuters21578" | sed -n 's/^capacity //p')
    echo " this machine's two threads do ${cap:-?}x the work of one (bench_ingest --capacity), so the best ratio is ${cap:-?} / CPU;"
  fi
  echo " machine load: $(uptime | sed 's/.*load/load/'))"

  echo
  echo "## Temporal tagger: speed against chrono-node (same text, same run)"
  BUILD="$TOP/$BUILD" sh "$TOP/bench/timex/speed.sh" || echo "(timex speed skipped)"
  echo
  echo "## Temporal tagger: TempEval-3 TBAQ scores"
  BUILD="$TOP/$BUILD" sh "$TOP/bench/timex/eval.sh" || echo "(timex eval skipped)"
  echo
  echo "## HTML main-content extraction: html-dev F1"
  NEWSLUA="$TOP/$BUILD/newslua" PRED="$WORK/html-dev-pred.jsonl" sh "$TOP/bench/html/eval.sh" \
    || echo "(html eval skipped)"
  echo
  sh "$TOP/bench/scale/bench.sh" "$TOP/$BUILD" "$DATA" "$WORK"
  echo
  sh "$TOP/bench/scale/dump.sh" "$TOP/$BUILD" "$DATA" "$WORK"
  echo
  echo "## Long articles: the dates query and timeline.lua (synthetic, no ../shared)"
  sh "$TOP/bench/scale/long.sh" "$TOP/$BUILD" "$WORK"
}

sections | tee "$WORK/bench.log"
echo
sh "$TOP/bench/summary.sh" "$WORK/bench.log"
