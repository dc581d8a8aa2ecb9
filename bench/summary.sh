#!/bin/sh
# The one table of `make bench`: its key figures, read back from the
# sections' output (LOG, as bench/run.sh printed it).  A figure whose
# section did not run (no ../shared/data, no rg, a failure) is left out.
#   sh bench/summary.sh LOG
set -u
LOG=${1:?usage: summary.sh LOG}
awk -F'|' '
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
function row(what, fig) { printf "| %s | %s |\n", what, fig }
# ingest: | corpus | articles | MB | ours s | MB/s | plain s | MB/s | ratio | ...
/^\| (bbc|reuters21578)( norec)? +\|/ {
  c = trim($2); ing[c] = sprintf("%sx (%s s against %s s)", trim($9), trim($5), trim($7))
  if (trim($12) != "") ing[c] = ing[c] sprintf(", CPU %sx plain%ss", trim($12), "\047")
  if (c !~ / norec$/) order[++ni] = c
  next
}
# tagger speed: | corpus | MB | C MB/s | Lua MB/s | chrono MB/s | C/chrono | Lua/chrono |
/^\| (tbaq|reuters) +\| +[0-9.]+ +\|/ {
  tx[trim($2)] = sprintf("%s MB/s = %s chrono-node; newslua.dates %s MB/s",
                         trim($4), trim($7), trim($5))
  next
}
/this machine.s two threads do [0-9.]+x/ {
  split($0, a, "do "); split(a[2], b, "x"); cap = b[1]; next
}
/^TIMEX3 ALL/ { inall = 1; next }
inall && /strict +P=/ { split($0, a, "F1="); strict = trim(a[2]) }
inall && /relaxed +P=/ { split($0, a, "F1="); relaxed = trim(a[2]) }
inall && /value +acc=/ { split($0, a, "F1="); value = trim(a[2]) }
inall && /type +acc=/ { split($0, a, "F1="); type = trim(a[2]); inall = 0 }
/^f1=/ { split($0, f, /[ =]/); html = "F1 " f[2] " (P " f[4] ", R " f[6] ")" }
# scale: | scale-N | articles | raw MB | ingest s | art/s | MB/s | RSS | index MB | index/raw |
/^\| scale-[0-9]+ +\| +[0-9]+ +\| +[0-9.]+ +\|/ {
  n = trim($2); sub(/^scale-/, "", n)
  sn[++ns] = n
  scale[ns] = sprintf("ingest %s s, peak RSS %s MB, index %sx the raw text",
                      trim($5), trim($8), trim($10))
  next
}
# queries: | scale-N | order | query | runs | p50 | p99 |
/^\| scale-[0-9]+ +\| +(rank|newest|oldest|count) +\|/ {
  q[trim($3) " " trim($4)] = trim($6) " / " trim($7); qn = trim($2); next
}
/^\| rg -c -i -w \|/ { ms = trim($4) + 0; if (!rgn || ms < rgmin) rgmin = ms
                       if (!rgn || ms > rgmax) rgmax = ms; rgn++; next }
/^Lua: for a in corpus:articles/ { split($0, a, "= "); lua_a = a[2] }
/^Lua: for d in corpus:dates\(\)/ { split($0, a, "= "); lua_d = a[2] }
/^Lua: for d in corpus:dates \{ query/ { sub(/^Lua: /, ""); lua_q = $0 }
/^\| the 5 bundled articles added/ { incr = trim($4) }
/^\| news-please x N/ { dump = sprintf("%s MB, %s articles: %s s, peak RSS %s MB",
                                   trim($3), trim($4), trim($5), trim($6)) }
/^\| 200 KB/ { long = sprintf("ingest %s s; %s date rows in %s s; timeline.lua %s s",
                              trim($5), trim($6), trim($7), trim($8)) }
END {
  print "## Summary"
  print "| what | figure |"
  print "|---|---|"
  for (i = 1; i <= ni; i++) {
    c = order[i]
    row("ingest " c " vs plain FTS5 (ratio >= 1.0: as fast)",
        ing[c] ((c " norec") in ing ? "; without reconciliation " ing[c " norec"] : ""))
  }
  if (cap != "")
    row("two threads against one on this machine (the best ratio is this / CPU)",
        cap "x")
  if ("reuters" in tx) row("date tagger speed, Reuters-21578 text", tx["reuters"])
  if ("tbaq" in tx) row("date tagger speed, TBAQ text", tx["tbaq"])
  if (strict != "")
    row("date tagger, TempEval-3 TBAQ F1",
        "strict " strict ", relaxed " relaxed ", value " value ", type " type)
  if (html != "") row("HTML extraction, html-dev", html)
  for (i = 1; i <= ns; i++) row("synthetic corpus of " sn[i] " articles", scale[i])
  split("term|phrase|NEAR|term + date range|timeline over 50 hits", qs, "|")
  for (i = 1; i <= 5; i++) {
    if (("newest " qs[i]) in q)
      row("query at " qn ", " qs[i] ", p50 / p99 ms",
          "newest first " q["newest " qs[i]] "; by rank " q["rank " qs[i]])
  }
  split("term|phrase|term + date range|sources of a term|sources of all|" \
        "outlets of a term|outlets of all|term + outlet", cs, "|")
  for (i = 1; i <= 8; i++)
    if (("count " cs[i]) in q)
      row("corpus:" (i > 3 && i < 8 ? cs[i] : "count, " cs[i]) " at " qn \
          ", p50 / p99 ms" (i > 3 ? "" : " (one pass over its matches: the" \
          " least a ranked search costs)"), q["count " cs[i]])
  if (rgn) row("rg -c -i -w over the raw text of " qn ", a term",
               rgmin "-" rgmax " ms")
  # the same term searches: how many times faster the index answers
  split("newest|rank", orders, "|")
  for (i = 1; i <= 2; i++) {
    if (!rgn || !((orders[i] " term") in q)) continue
    split(q[orders[i] " term"], t, " / ")
    if (t[1] + 0 > 0)
      row("term search (" (i == 1 ? "newest first" : "by rank") \
          ", p50) against rg, " qn,
          sprintf("%.0f-%.0fx faster (%s ms against %s-%s ms)",
                  rgmin / t[1], rgmax / t[1], t[1], rgmin, rgmax))
  }
  if (lua_a != "") row("Lua: for a in corpus:articles()", lua_a)
  if (lua_d != "") row("Lua: for d in corpus:dates() (with sentences)", lua_d)
  if (lua_q != "") row("Lua: the dates of the articles a query matches", lua_q)
  if (incr != "") row("a day (5 articles, reconciled) into " qn, incr " s")
  if (dump != "") row("a big JSON Lines dump, streamed", dump)
  if (long != "") row("long articles (100 x 200 KB)", long)
}' "$LOG"
