#!/bin/sh
# Extract every page of ../shared/data/html-dev and score it:
#   bench/html/eval.sh [--details N]
# Uses scripts/extract.lua under build-html/newslua (or $NEWSLUA) when it
# works, else (or with EXTRACTOR=c) the stand-alone C driver built from the
# current sources by bench/html/build.sh.  PRED=FILE sets the output file.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${HTML_DEV:-$root/../shared/data/html-dev}
scorer=${HTML_SCORER:-$root/../shared/eval/html_score.py}
if [ ! -f "$data/ground-truth.json" ] || [ ! -f "$scorer" ]; then
  echo "eval.sh: $data/ground-truth.json or $scorer is missing;" \
       "this evaluation needs ../shared (see ../shared/README.md)" >&2
  exit 2
fi
out=${PRED:-$root/build-html/html-dev-pred.jsonl}
mkdir -p "$(dirname "$out")"
exe=${NEWSLUA:-$root/build-html/newslua}
if [ "${EXTRACTOR:-}" = c ]; then
  exe=/nonexistent
elif [ -x "$exe" ]; then
  for f in "$root"/core/src/nl_html*.c; do
    if [ "$f" -nt "$exe" ]; then
      echo "eval.sh: note: $exe is older than $f (rebuild it, or" \
           "EXTRACTOR=c for the stand-alone C driver)" >&2
      break
    fi
  done
fi
t0=$(date +%s.%N)
if [ -x "$exe" ] && "$exe" "$root/scripts/extract.lua" --jsonl "$data"/*.html.gz \
     > "$out" 2>/dev/null && [ -s "$out" ]; then
  t1=$(date +%s.%N)
  echo "extractor: $exe scripts/extract.lua"
else
  log=$root/build-html/extract_main.log
  mkdir -p "$root/build-html"
  drv=$("$here/build.sh" "$root/build-html/extract_main" 2>"$log") ||
    { cat "$log" >&2; exit 1; }
  t0=$(date +%s.%N)
  "$drv" "$data"/*.html.gz > "$out" || exit 1
  t1=$(date +%s.%N)
  echo "extractor: $drv (stand-alone C driver, -O2)"
fi
bytes=$(for f in "$data"/*.html.gz; do gzip -dc "$f"; done | wc -c)
awk -v b="$bytes" -v t0="$t0" -v t1="$t1" 'BEGIN {
  printf "extraction: %.1f MB of HTML in %.2f s (%.1f MB/s, gunzip included)\n",
         b / 1e6, t1 - t0, b / 1e6 / (t1 - t0) }'
python3 "$scorer" "$data/ground-truth.json" "$out" "$@"
