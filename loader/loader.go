// Package loader turns fact files (a registry of entities, one YAML file per article, and a
// curated background) into RDF quads, checking every fact against its article. It knows
// nothing of the store or the command line: it reads an fs.FS and returns quads or problems.
package loader

import (
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"

	"github.com/medkg/medkg/rdf"
)

// Layout of a fact directory (the embedded seeds, or any directory laid out like them).
const (
	RegistryFile   = "registry.yaml"
	BackgroundFile = "background.yaml"
	ArticlesDir    = "articles"
)

// Set is a whole fact directory, ready to write.
type Set struct {
	Vocab    Vocab
	Registry *Registry
	Sources  []*Source // the background first, then articles by file name
	Warnings Problems  // what was read past but may be a mistake, such as a *.yml file
}

// Load reads and checks the fact directory at the root of fsys. It returns every problem at
// once (as Problems) and no Set when there is any, so that nothing half-checked is written.
func Load(fsys fs.FS, base string) (*Set, error) {
	if err := CheckBase(base); err != nil {
		return nil, err
	}
	v := NewVocab(base)
	var ps, warnings Problems
	reg, regOK := loadRegistry(fsys, &ps)
	names, dirOK := articleFiles(fsys, &ps, &warnings)
	if !regOK || !dirOK { // the root cause alone: everything after would follow from it
		return nil, append(ps, warnings...).Err()
	}
	set := &Set{Vocab: v, Registry: reg, Warnings: warnings}
	// An article's file may introduce its own new entities (a draft from `medkg extract`
	// does); they join the registry before any facts are read, so every source sees them.
	for _, name := range names {
		addArticleEntities(fsys, name, reg, &ps)
	}
	if _, err := fs.Stat(fsys, BackgroundFile); err == nil {
		set.Sources = append(set.Sources, parseBackground(fsys, BackgroundFile, v, reg, &ps))
	}
	for _, name := range names {
		set.Sources = append(set.Sources, parseArticle(fsys, name, v, reg, &ps))
	}
	// An event id names one event: two files declaring it would merge two events into one node.
	declared := map[string]*Source{}
	for _, src := range set.Sources {
		for _, id := range sortedKeys(src.events) {
			if prev, dup := declared[id]; dup {
				ps.add(src.File, src.events[id], "event id %q is already declared in %s (line %d): give this event its own id", id, prev.File, prev.events[id])
				continue
			}
			declared[id] = src
		}
	}
	if len(ps) > 0 { // a *.yml file may be why something is missing: say so beside it
		return nil, append(ps, warnings...).Err()
	}
	return set, nil
}

// CheckBase rejects a base IRI that would make invalid IRIs: quad's N-Quads writer does not
// validate, so a bad base would otherwise surface only in another tool.
func CheckBase(base string) error {
	u, err := url.Parse(base)
	if err != nil || !u.IsAbs() || u.Host == "" && u.Scheme != "urn" {
		return fmt.Errorf("base IRI %q must be an absolute IRI such as %s", base, DefaultBase)
	}
	if rdf.ValidIRI(base) != nil {
		return fmt.Errorf("base IRI %q contains characters not allowed in an IRI", base)
	}
	if !strings.HasSuffix(base, "/") && !strings.HasSuffix(base, "#") {
		return fmt.Errorf("base IRI %q must end in / or #", base)
	}
	return nil
}

// Source returns the source whose ID or IRI is name.
func (s *Set) Source(name string) (*Source, bool) {
	for _, src := range s.Sources {
		if src.ID == name || string(src.IRI) == name {
			return src, true
		}
	}
	return nil, false
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
