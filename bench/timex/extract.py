#!/usr/bin/env python3
"""Bench helper (not part of the product): write plain-text corpora for
bench/timex/speed.sh.  Documents are separated by a form feed line.

  extract.py tbaq DOCS.jsonl OUT.txt     text of timex_score.py export
  extract.py reuters SGM_DIR OUT.txt     Reuters-21578 TITLE + BODY, SGML
                                         stripped crudely (the real loader
                                         is nl_sgml.c; this only feeds text)
"""
import html
import json
import os
import re
import sys


def main(argv):
    kind, src, out = argv[1], argv[2], argv[3]
    docs = []
    if kind == "tbaq":
        for line in open(src, encoding="utf-8"):
            d = json.loads(line)
            docs.append(d["text"])
    else:
        for fn in sorted(os.listdir(src)):
            if not fn.endswith(".sgm"):
                continue
            raw = open(os.path.join(src, fn), encoding="latin-1").read()
            for art in re.findall(r"<REUTERS.*?</REUTERS>", raw, re.S):
                parts = re.findall(r"<(TITLE|BODY)>(.*?)</\1>", art, re.S)
                text = "\n\n".join(html.unescape(p[1]) for p in parts)
                text = re.sub(r"&#\d+;", " ", text)
                if text.strip():
                    docs.append(text)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n\f\n".join(docs))
    print("%s: %d documents, %d bytes" % (out, len(docs),
                                          os.path.getsize(out)), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
