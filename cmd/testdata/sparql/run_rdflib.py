"""Run every SPARQL file in questions/ over a medkg N-Quads export with rdflib and print the
answers as JSON: {"question": [[value, ...], ...]}, each value an IRI or a literal's lexical
form, rows sorted. cmd's TestSPARQLAnalystQuestions compares this with run_oxigraph.js and
with the stored queries. Needs Debian's python3-rdflib.

Usage: python3 run_rdflib.py EXPORT.nq QUESTIONS_DIR"""
import json
import os
import re
import sys

import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

ds = rdflib.Dataset()
# Without publicID, rdflib 6 files the default graph under the file's URI.
ds.parse(sys.argv[1], format="nquads", publicID=DATASET_DEFAULT_GRAPH_ID)
out = {}
for name in sorted(os.listdir(sys.argv[2])):
    if not name.endswith(".rq"):
        continue
    text = open(os.path.join(sys.argv[2], name), encoding="utf-8").read()
    cols = re.findall(r"\?(\w+)", re.search(r"SELECT(.*?)WHERE", text, re.S).group(1))
    rows = []
    for r in ds.query(text):
        rows.append(["" if r[c] is None else str(r[c]) for c in cols])
    out[name[:-3]] = sorted(rows)
json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
print()
