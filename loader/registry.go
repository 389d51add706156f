package loader

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

var reID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Entity is one organization, person or place of the registry.
type Entity struct {
	ID      string
	Type    EntityType
	Name    string
	Aliases []string
	File    string
	Line    int
}

// Registry is the one list of entities that every article's facts refer to by id, so that
// however an article spells a name, its facts land on the same node.
type Registry struct {
	byID   map[string]*Entity
	byName map[string]*Entity // nameKey of canonical names and aliases
	list   []*Entity
}

// nameKey is how names are compared: case, white space, quotes and dashes folded.
func nameKey(s string) string { return strings.ToLower(Normalize(s)) }

// Entities returns every entity, sorted by id.
func (r *Registry) Entities() []*Entity { return r.list }

// Entity returns the entity with the given id.
func (r *Registry) Entity(id string) (*Entity, bool) {
	e, ok := r.byID[id]
	return e, ok
}

// ByName returns the entity whose canonical name or alias is name, compared without case.
func (r *Registry) ByName(name string) (*Entity, bool) {
	e, ok := r.byName[nameKey(name)]
	return e, ok
}

// ReadRegistry reads and checks a registry file on its own (the extractor resolves names
// against it without loading any article).
func ReadRegistry(fsys fs.FS, name string) (*Registry, error) {
	var ps Problems
	r := parseRegistry(fsys, name, &ps)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// ReadDirRegistry reads the registry of a fact directory with the entities its article fact
// files introduce (`entities:`), except those of the fact file skip (an article about to be
// drafted again), so that a new draft neither duplicates nor clashes with them.
func ReadDirRegistry(fsys fs.FS, skip string) (*Registry, error) {
	var ps Problems
	r := parseRegistry(fsys, RegistryFile, &ps)
	names, _ := articleFiles(fsys, new(Problems), new(Problems)) // none yet is no problem here
	for _, name := range names {
		if name != skip {
			addArticleEntities(fsys, name, r, &ps)
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// parseRegistry reads the registry at name.
func parseRegistry(fsys fs.FS, name string, ps *Problems) *Registry {
	r := &Registry{byID: map[string]*Entity{}, byName: map[string]*Entity{}}
	top, ok := parseYAML(fsys, name, ps)
	if !ok {
		return r
	}
	tf, _ := mapping(name, top, "the registry", ps)
	tf.only(ps, "the registry", "entities")
	list, ok := tf.m["entities"]
	if !ok || list.Kind != yaml.SequenceNode {
		ps.add(name, tf.line, "expected `entities:` with a list of entities")
		return r
	}
	r.addList(name, list, ps)
	return r
}

// addList adds the entities of a YAML list (the registry's, or the `entities:` an article's
// fact file introduces) and keeps the list sorted by id.
func (r *Registry) addList(name string, list *yaml.Node, ps *Problems) {
	types := map[string]EntityType{}
	var typeNames []string
	for _, t := range entityTypes {
		types[t.Name] = t
		typeNames = append(typeNames, t.Name)
	}
	for _, item := range list.Content {
		f, ok := mapping(name, item, "an entity", ps)
		if !ok {
			continue
		}
		f.only(ps, "an entity", "id", "type", "name", "aliases", "note")
		e := &Entity{
			ID:      f.str("id", true, ps),
			Name:    f.str("name", true, ps),
			Aliases: f.list("aliases", ps),
			File:    name,
			Line:    f.line,
		}
		typ := f.str("type", true, ps)
		if t, ok := types[typ]; ok {
			e.Type = t
		} else if typ != "" {
			ps.add(name, f.lineOf("type"), "unknown type %q: use one of %s", typ, strings.Join(typeNames, ", "))
		}
		if e.ID == "" {
			continue
		}
		if !reID.MatchString(e.ID) {
			ps.add(name, f.lineOf("id"), "id %q must be lower-case letters, digits and single dashes (it becomes an IRI)", e.ID)
			continue
		}
		if prev, dup := r.byID[e.ID]; dup {
			ps.add(name, f.lineOf("id"), "id %q is already used by the entity at %s: give each entity its own id", e.ID, prev.where(name))
			continue
		}
		r.byID[e.ID] = e
		r.list = append(r.list, e)
		for i, n := range append([]string{e.Name}, e.Aliases...) {
			if strings.TrimSpace(n) == "" {
				continue
			}
			k := nameKey(n)
			if prev, dup := r.byName[k]; dup && prev != e {
				what, key := "alias", "aliases"
				if i == 0 {
					what, key = "name", "name"
				}
				ps.add(name, f.lineOf(key), "%s %q of %q is already a name or alias of %q (%s): one spelling can stand for one entity only", what, n, e.ID, prev.ID, prev.where(name))
				continue
			}
			r.byName[k] = e
		}
	}
	sort.Slice(r.list, func(i, j int) bool { return r.list[i].ID < r.list[j].ID })
}

// where says where e is declared, as seen from file: "line 12" in the same file, else
// "registry.yaml:12".
func (e *Entity) where(file string) string {
	if e.File == file {
		return fmt.Sprintf("line %d", e.Line)
	}
	return fmt.Sprintf("%s:%d", e.File, e.Line)
}
