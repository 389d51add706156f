package loader

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/cayleygraph/quad"
)

// An imported file is a source like an article (issue 14, item 5): its graph,
// <base>import/NAME, describes it as a schema:Dataset and holds a statement (rdf:subject,
// rdf:predicate, rdf:object, prov:wasDerivedFrom the import) for each fact of the shared
// graph it asserts, so removing an article keeps a fact an import also asserts, and removing
// the import keeps what an article still supports.

// Import is the IRI, and graph label, of the import named name.
func (v Vocab) Import(name string) quad.IRI { return quad.IRI(v.Base + "import/" + name) }

// ImportHead is what an import's graph says of the import itself.
func (v Vocab) ImportHead(name string) []quad.Quad {
	src := v.Import(name)
	return []quad.Quad{
		{Subject: src, Predicate: RDFType, Object: SchemaDataset, Label: src},
		{Subject: src, Predicate: SchemaName, Object: quad.String(name), Label: src},
	}
}

var reSourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// CheckSourceName accepts a name that makes a readable IRI and cannot be taken for an
// article's id or the background.
func CheckSourceName(name string) error {
	if !reSourceName.MatchString(name) || len(name) > 100 {
		return fmt.Errorf("source name %q: use lower-case letters, digits, '.', '_' and '-' (it becomes an IRI)", name)
	}
	if name == "background" {
		return fmt.Errorf("source name %q is the curated background's", name)
	}
	return nil
}

// SourceNameOf names an import after its file: other.nq.gz is "other".
func SourceNameOf(path string) string {
	name := strings.ToLower(filepath.Base(path))
	for _, ext := range []string{".gz", ".nq", ".nt", ".nquads", ".ntriples", ".ttl", ".turtle", ".trig", ".jsonld", ".json"} {
		name = strings.TrimSuffix(name, ext)
	}
	name = regexp.MustCompile(`[^a-z0-9._-]+`).ReplaceAllString(name, "-")
	return strings.Trim(name, "-._")
}
