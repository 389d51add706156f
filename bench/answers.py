#!/usr/bin/env python3
"""bench/answers.py FORMAT FILE: the flagship's answer set from one tool's output, one
"centre<TAB>founder<TAB>article" line per answer, sorted and unique, so that run.sh can compare
the tools with cmp.

FORMAT is what wrote FILE:
  medkg     `medkg query centres-cofounded-by -o json`: rows of centre, founder and their articles
  cayley    `cayley query --lang gizmo` of the same script: one JSON object per emitted row
  csv       SPARQL results as CSV (Virtuoso's endpoint), columns centre, founder, article
  oxigraph  bench/oxigraph/bench.js's JSON: rows already tab-joined
"""
import csv
import json
import sys


def ident(v):
    # medkg -o json writes an entity as {"id": ..., "name": ...}; cayley writes an IRI as
    # "<...>" (or a bare string).
    if isinstance(v, dict):
        v = v.get("id", "")
    v = str(v)
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    return v


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    out = set()
    with open(path, encoding="utf-8") as f:
        if fmt == "medkg":
            for row in json.load(f):
                for a in row["articles"]:
                    out.add((ident(row["centre"]), ident(row["founder"]), ident(a)))
        elif fmt == "cayley":
            dec = json.JSONDecoder()
            text, i = f.read(), 0
            # A stream of JSON values (cayley prints each result as it comes), maybe with a
            # wrapper object per result; take every object with the three keys.
            while i < len(text):
                while i < len(text) and text[i] in " \t\r\n,[]":
                    i += 1
                if i >= len(text):
                    break
                v, i = dec.raw_decode(text, i)
                stack = [v]
                while stack:
                    x = stack.pop()
                    if isinstance(x, dict):
                        if {"centre", "founder", "article"} <= x.keys():
                            out.add((ident(x["centre"]), ident(x["founder"]), ident(x["article"])))
                        else:
                            stack.extend(x.values())
                    elif isinstance(x, list):
                        stack.extend(x)
        elif fmt == "csv":
            for row in csv.DictReader(f):
                out.add((row["centre"], row["founder"], row["article"]))
        elif fmt == "oxigraph":
            for line in json.load(f)["rows"]:
                out.add(tuple(line.split("\t")))
        else:
            sys.exit("answers.py: unknown format " + fmt)
    for t in sorted(out):
        print("\t".join(t))


if __name__ == "__main__":
    main()
