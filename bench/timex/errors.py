#!/usr/bin/env python3
"""Bench helper (not part of the product): the tagger's TBAQ errors by
class, from the gold directory and a prediction file, using the scorer's own
matching (../shared/eval/timex_score.py).

  errors.py GOLD_DIR PRED.jsonl [--show CLASS] [--context N]

Prints the count of each class of wrong value, then spurious and missed
expressions by their lower-cased text.  --show CLASS lists the items of a
class with N characters of context (default 120).  The classes are read off
the gold and system values only (their shapes), so the same script serves
any tagger that writes the scorer's prediction format.
"""
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "shared", "eval"))
import timex_score as ts  # noqa: E402

WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)


def shape(v):
    return re.sub(r"\d", "9", v)


def klass(g, s):
    """Class of a wrong value: gold item g, system item s."""
    gv, sv, text = g["value"], s["value"], g["text"]
    gs, ss = shape(gv), shape(sv)
    if re.search(r"-Q[\dX]|-H\d", gv + sv):
        return "quarter/half vs other"
    if "W" in gs or "W" in ss or re.search(r"\bweek", text, re.I):
        return "week expressions"
    if WEEKDAY.search(text):
        return "weekday direction / part of day"
    if gv.startswith("P") != sv.startswith("P"):
        return "duration vs date"
    if gv.endswith("_REF") or sv.endswith("_REF"):
        return "PAST/PRESENT/FUTURE_REF vs other"
    if "X" in gv:
        return "partly specified gold value"
    if gs == ss and gs.startswith("9999"):
        return "year choice / direction (same shape)"
    if gv.startswith("P") and sv.startswith("P"):
        return "duration amount or unit"
    if "T" in gv or "T" in sv:
        return "clock times"
    return "other granularity"


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    show, ctx = None, 120
    rest = argv[3:]
    while rest:
        if rest[0] == "--show":
            show, rest = rest[1], rest[2:]
        elif rest[0] == "--context":
            ctx, rest = int(rest[1]), rest[2:]
        else:
            raise SystemExit("unknown option " + rest[0])
    docs = ts.load_gold(argv[1])
    preds = ts.load_pred(argv[2], docs)
    classes = defaultdict(list)
    spurious, missed = Counter(), Counter()
    for doc, d in docs.items():
        gold = []
        for g in d["timexes"]:
            s0, e0 = ts.trim((g["start"], g["end"]), d["text"])
            gold.append(dict(g, start=s0, end=e0, text=d["text"][s0:e0]))
        syst = preds.get(doc, [])
        pairs = ts.match(gold, syst)
        mg = {gi for gi, _ in pairs}
        ms = {si for _, si in pairs}
        for gi, si in pairs:
            g, s = gold[gi], syst[si]
            if g["value"] != s["value"]:
                classes[klass(g, s)].append((doc, d, g, s))
        for si, s in enumerate(syst):
            if si not in ms:
                spurious[s["text"].lower()] += 1
        for gi, g in enumerate(gold):
            if gi not in mg:
                missed[g["text"].lower()] += 1
    if show:
        for doc, d, g, s in classes.get(show, []):
            a = max(0, min(g["start"], s["start"]) - ctx)
            b = max(g["end"], s["end"]) + ctx // 2
            print("%s dct=%s gold[%s=%s] system[%s=%s]\n    %s\n" % (
                doc, d["dct"], g["text"], g["value"], s["text"], s["value"],
                d["text"][a:b].replace("\n", " ")))
        return 0
    total = sum(len(v) for v in classes.values())
    print("wrong values: %d" % total)
    for k, v in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        print("  %4d  %s" % (len(v), k))
    for title, c in (("spurious", spurious), ("missed", missed)):
        print("%s: %d; commonest:" % (title, sum(c.values())))
        print("  " + ", ".join("%s (%d)" % kv for kv in c.most_common(15)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
