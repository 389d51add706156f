// Load a medkg N-Quads export into Oxigraph and write it back in another syntax, for cmd's
// import tests: what another store writes, medkg must read.
//
// Usage: node dump_oxigraph.js EXPORT.nq MEDIA_TYPE   (application/trig, text/turtle, ...)
"use strict";
const fs = require("fs");
const oxigraph = require("oxigraph");

const [file, format] = process.argv.slice(2);
const store = new oxigraph.Store();
store.load(fs.readFileSync(file, "utf8"), { format: "application/n-quads" });
const opts = { format };
if (format === "text/turtle" || format === "application/n-triples") opts.from_graph_name = oxigraph.defaultGraph();
process.stdout.write(store.dump(opts));
