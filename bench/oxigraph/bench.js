// bench/oxigraph/bench.js: Oxigraph (npm `oxigraph`, WebAssembly) beside medkg in bench/run.sh.
// One process: load an N-Quads file into an in-memory store, then run a SPARQL query RUNS
// times on it (warm, in process, as medkg's go test -bench does). Prints one JSON object on
// stdout: load seconds, quads in the store, the query's times in ms, and its rows (each
// binding's values joined by tabs, sorted) so that run.sh can compare answer sets.
//
//   node bench/oxigraph/bench.js corpus.nq flagship.rq 50
"use strict";
const fs = require("fs");
const path = require("path");
// run.sh installs the package under bench/.bin/oxigraph (npm install --prefix).
const oxigraph = require(path.join(__dirname, "..", ".bin", "oxigraph", "node_modules", "oxigraph"));

const [corpus, queryFile, runsArg] = process.argv.slice(2);
const runs = parseInt(runsArg || "10", 10);
const sparql = fs.readFileSync(queryFile, "utf8");

const t0 = process.hrtime.bigint();
const store = new oxigraph.Store();
// no_transaction: the bulk path (the store is new; nothing to roll back to).
store.load(fs.readFileSync(corpus), { format: "application/n-quads", no_transaction: true });
const loadS = Number(process.hrtime.bigint() - t0) / 1e9;

const times = [];
let rows = [];
for (let i = 0; i < runs; i++) {
  const s = process.hrtime.bigint();
  const res = store.query(sparql);
  times.push(Number(process.hrtime.bigint() - s) / 1e6);
  if (i === 0) {
    rows = res.map((b) => [...b.values()].map((t) => t.value).join("\t"));
  }
}
rows.sort();
process.stdout.write(JSON.stringify({ load_s: loadS, quads: store.size, query_ms: times, rows }) + "\n");
