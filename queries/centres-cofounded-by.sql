-- centres-cofounded-by as one SQL statement over Cayley's tables (see sqlplan.go).
-- iri(prefix:local) is the hash of that IRI, param(name) the hash of a parameter's value.
WITH RECURSIVE members(h) AS (
	SELECT param(org)
	UNION
	SELECT q.subject_hash FROM quads q JOIN members m ON q.object_hash = m.h
	WHERE q.predicate_hash = iri(schema:parentOrganization)
)
SELECT DISTINCT c.subject_hash AS centre, c.object_hash AS founder, a.object_hash AS article
FROM members m
JOIN quads c ON c.predicate_hash = iri(schema:founder) AND c.object_hash = m.h
JOIN quads k ON k.predicate_hash = iri(rdf:subject) AND k.object_hash = c.subject_hash
JOIN quads a ON a.subject_hash = k.subject_hash AND a.predicate_hash = iri(prov:wasQuotedFrom)
WHERE EXISTS (SELECT 1 FROM quads t WHERE t.subject_hash = c.subject_hash
		AND t.predicate_hash = iri(rdf:type) AND t.object_hash = iri(medkg:Center))
	AND EXISTS (SELECT 1 FROM quads t WHERE t.subject_hash = k.subject_hash
		AND t.predicate_hash = iri(rdf:predicate) AND t.object_hash = iri(schema:founder))
	AND EXISTS (SELECT 1 FROM quads t WHERE t.subject_hash = k.subject_hash
		AND t.predicate_hash = iri(rdf:object) AND t.object_hash = c.object_hash)
