// Run every SPARQL file in questions/ over a medkg N-Quads export with Oxigraph and print the
// answers as JSON, as run_rdflib.py does: {"question": [[value, ...], ...]}, each value an IRI
// or a literal's lexical form, rows sorted. Oxigraph comes from npm (package.json here,
// installed by .ci/run with npm ci).
//
// Usage: node run_oxigraph.js EXPORT.nq QUESTIONS_DIR
"use strict";
const fs = require("fs");
const path = require("path");
const oxigraph = require("oxigraph");

const [file, dir] = process.argv.slice(2);
const store = new oxigraph.Store();
store.load(fs.readFileSync(file, "utf8"), { format: "application/n-quads" });
const out = {};
for (const name of fs.readdirSync(dir).sort()) {
  if (!name.endsWith(".rq")) continue;
  const text = fs.readFileSync(path.join(dir, name), "utf8");
  const cols = [.../SELECT([\s\S]*?)WHERE/.exec(text)[1].matchAll(/\?(\w+)/g)].map((m) => m[1]);
  const rows = store.query(text).map((b) => cols.map((c) => (b.has(c) ? b.get(c).value : "")));
  // Sort as Python sorts lists of str: by code point, element by element.
  const cmp = (a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const x = [...a[i]].map((c) => c.codePointAt(0)), y = [...b[i]].map((c) => c.codePointAt(0));
      for (let j = 0; j < Math.min(x.length, y.length); j++) if (x[j] !== y[j]) return x[j] - y[j];
      if (x.length !== y.length) return x.length - y.length;
    }
    return a.length - b.length;
  };
  out[name.slice(0, -3)] = rows.sort(cmp);
}
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
