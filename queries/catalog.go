// Package queries holds medkg's stored Gizmo queries, embedded from the .gizmo files beside
// this file. Each file opens with a header of `// key: value` comment lines, its only
// documentation:
//
//	// name: founders-of
//	// description: Who co-founded a centre, with the founding date where known.
//	// param: centre entity = National High-performance Medical Apparatus and Instruments Innovation Center -- the centre
//	// columns: centre, founder, date, article
//	// example: medkg query founders-of --param centre="Shanghai High-end Medical Equipment Innovation Centre"
//
// A param line is `NAME KIND [= DEFAULT] -- DOC`; KIND is entity (a name, alias or IRI that
// the caller resolves to an IRI), text or number. Parameters reach the script as data, in a
// `params` object defined before it, never spliced into its text.
package queries

import (
	"bufio"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

//go:embed *.gizmo
var files embed.FS

// Kinds of parameter.
const (
	KindEntity = "entity"
	KindText   = "text"
	KindNumber = "number"
)

// Param is one parameter of a stored query.
type Param struct {
	Name     string
	Kind     string
	Default  string // empty: the parameter may be left out (the script sees "")
	Doc      string
	Required bool // no default given and marked with a trailing "!" on its kind
}

// Query is one stored query.
type Query struct {
	Name        string
	Description string
	Params      []Param
	Columns     []string // output columns, in order
	Example     string
	File        string
	Script      string // the whole file, header included
}

var reParam = regexp.MustCompile(`^([a-z][a-z0-9-]*)\s+(entity|text|number)(!?)\s*(?:=\s*(.*?))?\s*(?:--\s*(.*))?$`)

// Parse reads one .gizmo file's header.
func Parse(file, script string) (*Query, error) {
	q := &Query{File: file, Script: script}
	sc := bufio.NewScanner(strings.NewReader(script))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(text, "//") {
			break
		}
		key, value, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(text, "//")), ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch strings.TrimSpace(key) {
		case "name":
			q.Name = value
		case "description":
			q.Description = value
		case "example":
			q.Example = value
		case "columns":
			for _, c := range strings.Split(value, ",") {
				c = strings.TrimSpace(c)
				if c == "" {
					return nil, fmt.Errorf("%s:%d: columns must be names separated by commas, with none empty", file, line)
				}
				q.Columns = append(q.Columns, c)
			}
		case "param":
			m := reParam.FindStringSubmatch(value)
			if m == nil {
				return nil, fmt.Errorf("%s:%d: param must read `NAME KIND [= DEFAULT] -- DOC` with KIND entity, text or number", file, line)
			}
			q.Params = append(q.Params, Param{Name: m[1], Kind: m[2], Required: m[3] == "!", Default: m[4], Doc: m[5]})
		}
	}
	switch {
	case q.Name == "":
		return nil, fmt.Errorf("%s: header has no `// name:`", file)
	case q.Description == "":
		return nil, fmt.Errorf("%s: header has no `// description:`", file)
	case len(q.Columns) == 0:
		return nil, fmt.Errorf("%s: header has no `// columns:`", file)
	case q.Example == "":
		return nil, fmt.Errorf("%s: header has no `// example:`", file)
	}
	return q, nil
}

// Catalog returns every stored query, sorted by name.
func Catalog() ([]*Query, error) {
	names, err := fs.Glob(files, "*.gizmo")
	if err != nil {
		return nil, err
	}
	var out []*Query
	for _, n := range names {
		data, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		q, err := Parse(n, string(data))
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Get returns the stored query called name.
func Get(name string) (*Query, error) {
	all, err := Catalog()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, q := range all {
		if q.Name == name {
			return q, nil
		}
		names = append(names, q.Name)
	}
	return nil, fmt.Errorf("no stored query %q: `medkg queries` lists them (%s)", name, strings.Join(names, ", "))
}

// Param returns the parameter called name.
func (q *Query) Param(name string) (Param, bool) {
	for _, p := range q.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Values collects `key=value` arguments against q's parameters, filling in defaults. Entity
// values are returned as given; the caller resolves them (Bind takes the resolved values).
func (q *Query) Values(args []string) (map[string]string, error) {
	vals := map[string]string{}
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		if !ok {
			return nil, fmt.Errorf("--param %q must be key=value", a)
		}
		if _, known := q.Param(k); !known {
			var names []string
			for _, p := range q.Params {
				names = append(names, p.Name)
			}
			return nil, fmt.Errorf("query %s has no parameter %q (it takes: %s)", q.Name, k, strings.Join(names, ", "))
		}
		vals[k] = v
	}
	for _, p := range q.Params {
		if _, set := vals[p.Name]; !set {
			vals[p.Name] = p.Default
		}
		if p.Required && strings.TrimSpace(vals[p.Name]) == "" {
			return nil, fmt.Errorf("query %s needs --param %s=... (%s)", q.Name, p.Name, p.Doc)
		}
		if p.Kind == KindNumber && vals[p.Name] != "" {
			if _, err := parseNumber(vals[p.Name]); err != nil {
				return nil, fmt.Errorf("parameter %s: %w", p.Name, err)
			}
		}
	}
	return vals, nil
}

// Bind returns the script to run: a `params` object with the values as JSON data, then the
// query. Numbers become JSON numbers, everything else a JSON string; JSON escaping keeps any
// quote, `");` or script in a value inside its string.
func (q *Query) Bind(vals map[string]string) (prelude string, err error) {
	obj := map[string]any{}
	for _, p := range q.Params {
		v := vals[p.Name]
		if !utf8.ValidString(v) {
			return "", fmt.Errorf("parameter %s is not valid UTF-8 text", p.Name)
		}
		if p.Kind == KindNumber && v != "" {
			n, err := parseNumber(v)
			if err != nil {
				return "", fmt.Errorf("parameter %s: %w", p.Name, err)
			}
			obj[p.Name] = n
			continue
		}
		obj[p.Name] = v
	}
	data, err := json.Marshal(obj) // map keys are sorted: the same values give the same text
	if err != nil {
		return "", err
	}
	return "var params = " + string(data) + ";\n", nil
}

// parseNumber reads a number parameter: a finite number, as JSON can carry.
func parseNumber(s string) (float64, error) {
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, fmt.Errorf("must be a finite number, not %q", s)
	}
	return n, nil
}
