package loader

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize bounds a fact file or article: the largest seed is a few kilobytes, and a file
// of megabytes is a mistake (a wrong path, a binary) rather than an article.
const MaxFileSize = 4 << 20

var reYAMLLine = regexp.MustCompile(`line (\d+): (.*)`)

// parseYAML reads name as one YAML document whose top level is a mapping.
func parseYAML(fsys fs.FS, name string, ps *Problems) (*yaml.Node, bool) {
	data, ok := readFile(fsys, name, ps)
	if !ok {
		return nil, false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := 0, err.Error()
		if m := reYAMLLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
			line = yamlProblemLine(data, line, msg)
		}
		ps.add(name, line, "malformed YAML: %s", msg)
		return nil, false
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		ps.add(name, doc.Line, "expected a YAML mapping at the top level")
		return nil, false
	}
	return doc.Content[0], true
}

// fields is a YAML mapping's values by key, remembering the mapping's own position.
type fields struct {
	file  string
	line  int
	m     map[string]*yaml.Node
	order []string
}

func mapping(file string, n *yaml.Node, what string, ps *Problems) (*fields, bool) {
	if n.Kind != yaml.MappingNode {
		ps.add(file, n.Line, "%s must be a mapping of key: value", what)
		return nil, false
	}
	f := &fields{file: file, line: n.Line, m: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if _, dup := f.m[k]; dup {
			ps.add(file, n.Content[i].Line, "key %q appears twice", k)
			continue
		}
		f.m[k] = n.Content[i+1]
		f.order = append(f.order, k)
	}
	return f, true
}

func (f *fields) has(k string) bool { _, ok := f.m[k]; return ok }

// lineOf is the line of key k's value, or of the mapping when k is absent.
func (f *fields) lineOf(k string) int {
	if n, ok := f.m[k]; ok {
		return n.Line
	}
	return f.line
}

// only reports keys outside allowed, naming what is allowed.
func (f *fields) only(ps *Problems, what string, allowed ...string) {
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for _, k := range f.order {
		if !ok[k] {
			ps.add(f.file, f.m[k].Line, "unknown key %q in %s (allowed: %v)", k, what, allowed)
		}
	}
}

// str returns the scalar at k; required reports its absence.
func (f *fields) str(k string, required bool, ps *Problems) string {
	n, ok := f.m[k]
	if !ok {
		if required {
			ps.add(f.file, f.line, "missing %q", k)
		}
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		ps.add(f.file, n.Line, "%q must be a single value, not a list or mapping", k)
		return ""
	}
	if required && n.Value == "" {
		ps.add(f.file, n.Line, "%q is empty", k)
	}
	return n.Value
}

// list returns the scalar or list of scalars at k.
func (f *fields) list(k string, ps *Problems) []string {
	n, ok := f.m[k]
	if !ok {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value == "" {
			return nil
		}
		return []string{n.Value}
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				ps.add(f.file, c.Line, "%q must list plain values", k)
				continue
			}
			out = append(out, c.Value)
		}
		return out
	}
	ps.add(f.file, n.Line, "%q must be a value or a list of values", k)
	return nil
}

// sprintKinds lists kinds for a message: "an organization or a person".
func sprintKinds(ks []Kind) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = article(k)
	}
	return strings.Join(parts, " or ")
}
