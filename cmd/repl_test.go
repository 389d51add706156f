package cmd

import (
	"strings"
	"testing"
)

// TestRepl drives the prompt from a pipe: no prompts are printed, only results.
func TestRepl(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	in := strings.Join([]string{
		// A statement over three lines: each line but the last ends with '.'.
		`g.V(g.IRI("id:cas")).`,
		`  in(g.IRI("schema:parentOrganization")).`,
		`  all()`,
		``,
		`:prefixes`,
		`g.V(.all()`,
		// A variable lives on to the next statement.
		`var n = g.V(g.IRI("id:cas")).in(g.IRI("schema:parentOrganization")).count()`,
		`g.emit(n * 10)`,
		`noSuchFunction()`,
		`:history`,
		`:quit`,
		`g.V().all()`,
	}, "\n") + "\n"
	out, stderr, code := runIn(t, db, strings.NewReader(in), "repl")
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	want := `ID
Changchun Institute of Applied Chemistry
Shanghai Institute of Microsystem and Information Technology, Chinese Academy of Sciences
Shenzhen Institute of Advanced Technology
University of Chinese Academy of Sciences
(4 rows)
article:    https://example.org/medkg/article/
claim:      https://example.org/medkg/claim/
dcterms:    http://purl.org/dc/terms/
event:      https://example.org/medkg/event/
figure:     https://example.org/medkg/figure/
id:         https://example.org/medkg/id/
medkg:      https://example.org/medkg/vocab#
membership: https://example.org/medkg/membership/
org:        http://www.w3.org/ns/org#
prov:       http://www.w3.org/ns/prov#
rdf:        http://www.w3.org/1999/02/22-rdf-syntax-ns#
rdfs:       http://www.w3.org/2000/01/rdf-schema#
role:       https://example.org/medkg/role/
schema:     https://schema.org/
xsd:        http://www.w3.org/2001/XMLSchema#
error: query: gizmo: SyntaxError: (anonymous): Line 1:5 Unexpected token . (and 1 more errors)
(0 rows)
VALUE
40
(1 row)
error: query: gizmo: ReferenceError: noSuchFunction is not defined at <eval>:1:15(1)
  1  g.V(g.IRI("id:cas")).
       in(g.IRI("schema:parentOrganization")).
       all()
  2  g.V(.all()
  3  var n = g.V(g.IRI("id:cas")).in(g.IRI("schema:parentOrganization")).count()
  4  g.emit(n * 10)
  5  noSuchFunction()
`
	if out != want {
		t.Errorf("repl output:\n%s\nwant:\n%s", out, want)
		gl, wl := strings.Split(out, "\n"), strings.Split(want, "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("first difference at line %d:\n got: %q\nwant: %q", i+1, gl[i], wl[i])
			}
		}
	}
}

// TestReplBounds: --timeout and --limit stop one statement, not the prompt.
func TestReplBounds(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	in := "while(true){}\ng.V().all()\ng.emit(\"still here\")\n:help\n"
	out, stderr, code := runIn(t, db, strings.NewReader(in), "repl", "--timeout", "300ms", "--limit", "3")
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(out, "\n")
	if len(lines) < 6 ||
		!strings.HasPrefix(lines[0], "error: query stopped after --timeout 300ms") ||
		!strings.HasPrefix(lines[1], "error: query has more than --limit 3 rows") ||
		lines[2] != "VALUE" || lines[3] != "still here" || lines[4] != "(1 row)" ||
		!strings.HasPrefix(lines[5], "Type a Gizmo statement") {
		t.Errorf("repl output:\n%s", out)
	}
}

// TestReplEOF: end of input leaves quietly, even in the middle of a statement; JSON output
// is one array per statement.
func TestReplEOF(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	out, stderr, code := runIn(t, db, strings.NewReader("g.emit({a: 1})\ng.V()."), "repl", "-o", "json")
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if want := "[\n  {\n    \"a\": 1\n  }\n]\n(1 row)\n"; out != want {
		t.Errorf("repl -o json output %q, want %q", out, want)
	}
	out, _, code = runIn(t, db, strings.NewReader(""), "repl")
	if code != ExitOK || out != "" {
		t.Errorf("empty input: exit %d, output %q", code, out)
	}
	_, stderr, code = runIn(t, db, strings.NewReader(""), "repl", "-o", "nquads")
	if code != ExitUsage || !strings.Contains(stderr, `unknown output "nquads"`) {
		t.Errorf("repl -o nquads: exit %d, stderr %q", code, stderr)
	}
}
