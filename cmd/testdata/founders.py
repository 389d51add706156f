"""Read a medkg N-Quads export with rdflib and print, by SPARQL, each founder edge with the
article graph that quotes it: centre IRI, founder IRI, graph IRI, tab-separated, sorted.

Used by cmd's TestExportReadByRDFTools to check medkg's export against an independent RDF
implementation. Needs Debian's python3-rdflib."""
import sys

import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

ds = rdflib.Dataset()
# Without publicID, rdflib 6 files the default graph under the file's URI.
ds.parse(sys.argv[1], format="nquads", publicID=DATASET_DEFAULT_GRAPH_ID)
QUERY = """
PREFIX schema: <https://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?centre ?founder ?g WHERE {
  ?centre schema:founder ?founder .
  GRAPH ?g {
    ?st rdf:subject ?centre ; rdf:predicate schema:founder ; rdf:object ?founder ;
        prov:wasQuotedFrom ?g ; prov:value ?quote .
  }
}
"""
rows = sorted({"\t".join(str(x) for x in r) for r in ds.query(QUERY)})
print(len(ds), file=sys.stderr)
print("\n".join(rows))
