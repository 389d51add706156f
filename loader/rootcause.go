package loader

import (
	"errors"
	"io/fs"
	"path"
	"strings"
)

// The root cause first (issue 14, item 9). Without its registry every fact names an "unknown
// entity", so a missing or unreadable registry.yaml used to come out as 174 such lines with
// the real cause last and a hint to add the entities to the registry; an articles/ directory
// that could not be read looked empty ("no article fact files found"); and a fact file
// named *.yml was skipped without a word. These functions put such causes first and alone.

// loadRegistry reads the registry; ok is false when it could not be read or parsed at all,
// and then its problem is the only one worth reporting.
func loadRegistry(fsys fs.FS, ps *Problems) (r *Registry, ok bool) {
	if _, err := fs.Stat(fsys, RegistryFile); errors.Is(err, fs.ErrNotExist) {
		ps.add(RegistryFile, 0, "file not found: a fact directory needs registry.yaml, the entities its facts name, beside articles/ (see docs/facts.md)")
		return nil, false
	}
	before := len(*ps)
	r = parseRegistry(fsys, RegistryFile, ps)
	return r, len(*ps) == before || len(r.Entities()) > 0
}

// articleFiles lists the article fact files (articles/*.yaml, sorted). A directory that
// cannot be read is a problem of its own; a *.yml file is a warning, for it is not loaded.
func articleFiles(fsys fs.FS, ps, warnings *Problems) ([]string, bool) {
	entries, err := fs.ReadDir(fsys, ArticlesDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		ps.add(ArticlesDir, 0, "directory not found: a fact directory holds registry.yaml and articles/*.yaml (see docs/facts.md)")
		return nil, false
	case err != nil:
		ps.add(ArticlesDir, 0, "cannot read the directory: %v (check its permissions)", errors.Unwrap(err))
		return nil, false
	}
	var names []string
	for _, e := range entries {
		name := path.Join(ArticlesDir, e.Name())
		switch {
		case strings.HasSuffix(e.Name(), ".yaml"):
			names = append(names, name)
		case strings.HasSuffix(strings.ToLower(e.Name()), ".yml"), strings.HasSuffix(e.Name(), ".YAML"):
			warnings.add(name, 0, "ignored: fact files are named *.yaml; rename it to %s.yaml to load it", strings.TrimSuffix(strings.TrimSuffix(e.Name(), path.Ext(e.Name())), "."))
		}
	}
	if len(names) == 0 {
		ps.add(ArticlesDir, 0, "no article fact files (*.yaml) found")
		return nil, false
	}
	return names, true
}
