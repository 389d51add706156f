package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/rdf"
)

type pathOptions struct {
	*globals
	queryFlags
	start string
	steps []string
}

func newPathCmd(g *globals) *cobra.Command {
	o := &pathOptions{globals: g}
	c := &cobra.Command{
		Use:   "path START STEP...",
		Short: "Walk the graph from an entity with a shell-friendly path syntax",
		Long: `Path starts at an entity (a name, alias or IRI, or :Type for every node of a type) and
applies each STEP in turn to the set of nodes reached so far:

  >pred     follow edges out: from a centre, '>founder' reaches its founders
  <pred     follow edges in:  from Mindray, '<founder' reaches what it co-founded
  >pred*    follow zero or more times (the start stays in the set); <pred* likewise
  >pred+    follow one or more times; <pred+ likewise
  :Type     keep the nodes of a type (Center, Person, City, Signing, schema:Organization)
  @name     print the nodes reached here in a column called name

pred is a fact-file predicate (founder, parentOrganization, location, containedInPlace,
approvedBy, ...), an event role (about, party, attendee, ...), name, alias, type, member,
organization, role, headOf, mentions, a prefixed term (schema:founder) or <IRI>. The last
step's nodes are printed in the column "id". See docs/queries.md.`,
		Example: `  # Which centres did CAS or any institute under it co-found?
  medkg path "Chinese Academy of Sciences" '<parentOrganization*' @member '<founder' :Center
  # Everything located in Shenzhen, at any depth
  medkg path Shenzhen '<containedInPlace*' '<location'
  # The people who head a centre
  medkg path :Center @centre '<headOf'`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) < 1 {
				return usageError{fmt.Errorf("path needs a START entity and optional STEPs")}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			o.start, o.steps = args[0], args[1:]
			return runPath(c.Context(), o)
		},
	}
	o.queryFlags.register(c, outTable, outJSON, outCSV, outNQuads)
	return c
}

func runPath(ctx context.Context, o *pathOptions) error {
	if err := checkOutput(o.output, outTable, outJSON, outCSV, outNQuads); err != nil {
		return err
	}
	v := loader.NewVocab(o.base)
	steps, err := parsePath(v, loader.QueryPrefixes(o.base), o.steps)
	if err != nil {
		return usageError{err}
	}
	st, err := o.open(true)
	if err != nil {
		return err
	}
	defer st.Close()
	var start string
	if typ, ok := strings.CutPrefix(o.start, ":"); ok {
		class, err := parseClass(v, loader.QueryPrefixes(o.base), typ)
		if err != nil {
			return usageError{err}
		}
		start = fmt.Sprintf("g.V().has(%s, %s)", jsIRI(loader.RDFType), jsIRI(class))
	} else {
		iri, err := kg.ResolveEntity(ctx, st, o.base, o.start)
		if err != nil {
			return err
		}
		start = "g.V(" + jsIRI(iri) + ")"
	}
	rows, err := kg.Run(ctx, st, o.base, pathScript(start, steps), "", o.bounds())
	if err != nil {
		return err
	}
	var cols []string
	for _, s := range steps {
		if s.kind == stepTag {
			cols = append(cols, s.tag)
		}
	}
	cols = append(cols, "id")
	r := kg.NewRenderer(ctx, st, o.base)
	return writeResults(o.io.Out, r, kg.NewResults(r, rows, cols), o.output)
}

type stepKind int

const (
	stepOut stepKind = iota
	stepIn
	stepType
	stepTag
)

// step is one parsed path step.
type step struct {
	kind   stepKind
	pred   quad.IRI // stepOut, stepIn
	repeat string   // "", "*" or "+"
	class  quad.IRI // stepType
	tag    string   // stepTag
}

// parsePath reads the path steps; every IRI it yields is checked, so the script built from
// them can only be the traversal written.
func parsePath(v loader.Vocab, prefixes map[string]string, args []string) ([]step, error) {
	var steps []step
	tags := map[string]bool{"id": true}
	for i, a := range args {
		where := fmt.Sprintf("step %d %q", i+1, a)
		switch {
		case strings.HasPrefix(a, ">") || strings.HasPrefix(a, "<") && !strings.HasSuffix(a, ">") || strings.HasPrefix(a, "<<"):
			s := step{kind: stepOut}
			if a[0] == '<' {
				s.kind = stepIn
			}
			name := a[1:]
			if strings.HasSuffix(name, "*") || strings.HasSuffix(name, "+") {
				s.repeat, name = name[len(name)-1:], name[:len(name)-1]
			}
			pred, err := parsePred(v, prefixes, name)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			s.pred = pred
			steps = append(steps, s)
		case strings.HasPrefix(a, ":"):
			class, err := parseClass(v, prefixes, a[1:])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			steps = append(steps, step{kind: stepType, class: class})
		case strings.HasPrefix(a, "@"):
			name := a[1:]
			if !reTag.MatchString(name) {
				return nil, fmt.Errorf("%s: a tag is a name of letters, digits, - and _", where)
			}
			if tags[name] {
				return nil, fmt.Errorf("%s: the column %q is already used", where, name)
			}
			tags[name] = true
			steps = append(steps, step{kind: stepTag, tag: name})
		default:
			return nil, fmt.Errorf("%s: a step starts with > (out), < (in), : (type) or @ (tag)", where)
		}
	}
	return steps, nil
}

// parsePred reads a predicate: a short name, a prefixed term or an <IRI>.
func parsePred(v loader.Vocab, prefixes map[string]string, name string) (quad.IRI, error) {
	if iri, ok := strings.CutPrefix(name, "<"); ok {
		return checkedIRI(strings.TrimSuffix(iri, ">"))
	}
	if p, local, ok := strings.Cut(name, ":"); ok {
		ns, known := prefixes[p]
		if !known {
			known := make([]string, 0, len(prefixes))
			for k := range prefixes {
				known = append(known, k)
			}
			sort.Strings(known)
			return "", fmt.Errorf("unknown prefix %q (known: %s)", p, strings.Join(known, ", "))
		}
		return checkedIRI(ns + local)
	}
	if iri, ok := v.PredicateTerm(name); ok {
		return iri, nil
	}
	return "", fmt.Errorf("unknown predicate %q: use one of %s, a prefixed term such as schema:founder, or <IRI>", name, strings.Join(loader.PredicateNames(), ", "))
}

// parseClass reads a type: a registry or event type name, a prefixed class or an <IRI>.
func parseClass(v loader.Vocab, prefixes map[string]string, name string) (quad.IRI, error) {
	if class, ok := v.ClassTerm(name); ok {
		return class, nil
	}
	if strings.Contains(name, ":") || strings.HasPrefix(name, "<") {
		return parsePred(v, prefixes, name)
	}
	return "", fmt.Errorf("unknown type %q: use a registry type (Center, Person, City, ...), an event type (Signing, ...), or a prefixed class such as schema:Organization", name)
}

func checkedIRI(s string) (quad.IRI, error) {
	if err := validIRI(s); err != nil {
		return "", err
	}
	return quad.IRI(s), nil
}

// pathScript builds the Gizmo traversal. IRIs enter it only as JSON strings.
func pathScript(start string, steps []step) string {
	var b strings.Builder
	b.WriteString("var p = " + start + ";\n")
	for _, s := range steps {
		switch s.kind {
		case stepOut, stepIn:
			dir := "out"
			if s.kind == stepIn {
				dir = "in"
			}
			hop := fmt.Sprintf("g.M().%s(%s)", dir, jsIRI(s.pred))
			switch s.repeat {
			case "":
				fmt.Fprintf(&b, "p = p.%s(%s);\n", dir, jsIRI(s.pred))
			case "+":
				fmt.Fprintf(&b, "p = p.followRecursive(%s);\n", hop)
			case "*":
				fmt.Fprintf(&b, "p = p.union(p.followRecursive(%s));\n", hop)
			}
		case stepType:
			fmt.Fprintf(&b, "p = p.has(%s, %s);\n", jsIRI(loader.RDFType), jsIRI(s.class))
		case stepTag:
			fmt.Fprintf(&b, "p = p.tag(%s);\n", jsString(s.tag))
		}
	}
	b.WriteString("p.all();\n")
	return b.String()
}

func jsString(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}

// jsIRI is an IRI as a Gizmo string: "<iri>", JSON-escaped.
func jsIRI(iri quad.IRI) string { return jsString("<" + string(iri) + ">") }

var reTag = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

// validIRI checks an IRI a person typed, as the export will.
func validIRI(s string) error { return rdf.ValidIRI(s) }
