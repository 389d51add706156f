package rdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
)

// nqW3CDir holds the W3C RDF WG's N-Quads syntax tests, as shipped in
// github.com/cayleygraph/quad@v1.3.0/nquad_tests.tar.gz (see LICENSE-NOTE.md there).
const nqW3CDir = "testdata/nquads-w3c"

const nqXSD = "http://www.w3.org/2001/XMLSchema#"

// nqReadAll reads r to the end: the quads, the syntax errors, and any other error (which
// ends reading).
func nqReadAll(r io.Reader) (qs []quad.Quad, errs []*SyntaxError, err error) {
	nr := NewNQuadsReader(r)
	for {
		q, err := nr.Read()
		if err == io.EOF {
			return qs, errs, nil
		}
		var se *SyntaxError
		if errors.As(err, &se) {
			errs = append(errs, se)
			continue
		}
		if err != nil {
			return qs, errs, err
		}
		qs = append(qs, q)
	}
}

func nqReadString(t *testing.T, s string) ([]quad.Quad, []*SyntaxError) {
	t.Helper()
	qs, errs, err := nqReadAll(strings.NewReader(s))
	if err != nil {
		t.Fatalf("Read returned a non-syntax error: %v", err)
	}
	return qs, errs
}

type nqW3CTest struct {
	name, file string
	positive   bool
}

// nqW3CManifest reads manifest.ttl: every test in its mf:entries list, with its type and file.
func nqW3CManifest(t *testing.T) []nqW3CTest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(nqW3CDir, "manifest.ttl"))
	if err != nil {
		t.Fatal(err)
	}
	entries := regexp.MustCompile(`(?m)^\s*<#([^>\s]+)>\s*$`).FindAllSubmatch(data, -1)
	blocks := regexp.MustCompile(`(?ms)^<#([^>\s]+)>\s+a\s+rdft:(\w+)\s*;(.*?)^\s*\.\s*$`).FindAllSubmatch(data, -1)
	reAction := regexp.MustCompile(`mf:action\s+<([^>]+)>`)
	var tests []nqW3CTest
	for _, b := range blocks {
		test := nqW3CTest{name: string(b[1])}
		switch typ := string(b[2]); typ {
		case "TestNQuadsPositiveSyntax", "TestNTriplesPositiveSyntax":
			test.positive = true
		case "TestNQuadsNegativeSyntax", "TestNTriplesNegativeSyntax":
		default:
			t.Fatalf("manifest.ttl: test %s has unknown type rdft:%s", test.name, typ)
		}
		m := reAction.FindSubmatch(b[3])
		if m == nil {
			t.Fatalf("manifest.ttl: test %s has no mf:action", test.name)
		}
		test.file = string(m[1])
		tests = append(tests, test)
	}
	if len(tests) == 0 || len(tests) != len(entries) {
		t.Fatalf("manifest.ttl: read %d tests but its mf:entries lists %d", len(tests), len(entries))
	}
	for _, e := range entries {
		if !slices.ContainsFunc(tests, func(test nqW3CTest) bool { return test.name == string(e[1]) }) {
			t.Fatalf("manifest.ttl: entry %s has no test description", e[1])
		}
	}
	return tests
}

// nqRapperAvailable skips the test when rapper is not on PATH, unless
// MEDKG_REQUIRE_RDF_TOOLS=1, when it fails instead.
func nqRapperAvailable(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("rapper"); err != nil {
		if os.Getenv("MEDKG_REQUIRE_RDF_TOOLS") == "1" {
			t.Fatalf("rapper not found (install raptor2-utils): %v", err)
		}
		t.Skipf("rapper not available: %v", err)
	}
}

// nqRapperAccepts runs `rapper -i nquads -c file`: whether it parses the file, and what it said.
func nqRapperAccepts(t *testing.T, file string) (bool, string) {
	t.Helper()
	out, err := exec.Command("rapper", "-q", "-i", "nquads", "-c", file).CombinedOutput()
	if err == nil {
		return true, string(out)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("running rapper on %s: %v", file, err)
	}
	return ee.ExitCode() == 2, string(out) // 2: warnings only, the file parsed
}

// nqVerdict is our verdict on a document: accepted, or the first error.
func nqVerdict(t *testing.T, data []byte) (bool, string) {
	t.Helper()
	_, errs, err := nqReadAll(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		return false, errs[0].Error()
	}
	return true, ""
}

func TestW3CNQuads(t *testing.T) {
	t.Parallel()
	tests := nqW3CManifest(t)
	positives := 0
	for _, test := range tests {
		if test.positive {
			positives++
		}
		t.Run(test.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(nqW3CDir, test.file))
			if err != nil {
				t.Fatal(err)
			}
			qs, errs, err := nqReadAll(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: non-syntax error %v", test.file, err)
			}
			if test.positive && len(errs) > 0 {
				t.Errorf("positive test %s: %v", test.file, errs[0])
			}
			if !test.positive && len(errs) == 0 {
				t.Errorf("negative test %s parsed without error into %d quads", test.file, len(qs))
			}
		})
	}
	t.Logf("%d W3C tests: %d positive, %d negative", len(tests), positives, len(tests)-positives)

	t.Run("rapper", func(t *testing.T) {
		nqRapperAvailable(t)
		files, err := filepath.Glob(filepath.Join(nqW3CDir, "*.nq"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no .nq files in %s: %v", nqW3CDir, err)
		}
		// One parallel subtest a file: rapper one file after another took most of the test.
		var agree atomic.Int64
		t.Cleanup(func() { t.Logf("rapper agrees on %d of %d files", agree.Load(), len(files)) })
		for _, file := range files {
			t.Run(filepath.Base(file), func(t *testing.T) {
				t.Parallel()
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				ours, why := nqVerdict(t, data)
				theirs, out := nqRapperAccepts(t, file)
				if ours != theirs {
					t.Errorf("%s: we accept = %v (%s), rapper accepts = %v:\n%s", filepath.Base(file), ours, why, theirs, out)
					return
				}
				agree.Add(1)
			})
		}
	})
}

func nqIRI(s string) quad.IRI { return quad.IRI("http://a/" + s) }

func nqTriple(s, p, o quad.Value) quad.Quad { return quad.Quad{Subject: s, Predicate: p, Object: o} }

// A line of the value tests: subject and predicate, to which each row adds an object.
const nqSP = "<http://a/s> <http://a/p> "

var nqValueTests = []struct {
	name string
	in   string
	want []quad.Quad
	// rapper: why rapper (raptor2 2.0.15) rejects this input although it is valid, or "".
	rapper string
}{
	{name: "triple has no label", in: nqSP + "<http://a/o> .\n",
		want: []quad.Quad{nqTriple(nqIRI("s"), nqIRI("p"), nqIRI("o"))}},
	{name: "quad with IRI graph", in: nqSP + "<http://a/o> <http://a/g> .\n",
		want: []quad.Quad{{Subject: nqIRI("s"), Predicate: nqIRI("p"), Object: nqIRI("o"), Label: nqIRI("g")}}},
	{name: "quad with blank node graph", in: nqSP + "<http://a/o> _:g .\n",
		want: []quad.Quad{{Subject: nqIRI("s"), Predicate: nqIRI("p"), Object: nqIRI("o"), Label: quad.BNode("g")}}},
	{name: "string escapes", in: nqSP + `"caf\u00E9 \U0001F600 a\tb \"q\" \\ \n\r\b\f end" .` + "\n",
		want: []quad.Quad{nqTriple(nqIRI("s"), nqIRI("p"), quad.String("café 😀 a\tb \"q\" \\ \n\r\b\f end"))}},
	{name: "escaped single quote", in: nqSP + `"it\'s" .` + "\n",
		want:   []quad.Quad{nqTriple(nqIRI("s"), nqIRI("p"), quad.String("it's"))},
		rapper: `rapper rejects the ECHAR \' that the grammar allows`},
	{name: "escapes for NUL and a quote", in: nqSP + `"\u0000\u0022" .` + "\n",
		want: []quad.Quad{nqTriple(nqIRI("s"), nqIRI("p"), quad.String("\x00\""))}},
	{name: "raw controls and non-ASCII kept", in: nqSP + "\"\x00\x01\x0b\x7f é 😀\" .\n",
		want: []quad.Quad{nqTriple(nqIRI("s"), nqIRI("p"), quad.String("\x00\x01\x0b\x7f é 😀"))}},
	{name: "empty string", in: nqSP + `"" .` + "\n",
		want: []quad.Quad{nqTriple(nqIRI("s"), nqIRI("p"), quad.String(""))}},
	{name: "IRI escapes decoded", in: `<http://a/\u0053> <http://a/\U0001F600> <http://a/é> .` + "\n",
		want: []quad.Quad{nqTriple(nqIRI("S"), nqIRI("😀"), nqIRI("é"))}},
	{name: "IRI with every allowed punctuation", in: nqSP + "<scheme:!$%25&'()*+,-./0123456789:/@ABCXYZ_abcxyz~?#> .\n",
		want: []quad.Quad{nqTriple(nqIRI("s"), nqIRI("p"), quad.IRI("scheme:!$%25&'()*+,-./0123456789:/@ABCXYZ_abcxyz~?#"))}},
	{name: "typed literal kept raw", in: nqSP + `"007"^^<http://www.w3.org/2001/XMLSchema#integer> .` + "\n" +
		nqSP + `" 1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .` + "\n" +
		nqSP + `"TRUE"^^<http://www.w3.org/2001/XMLSchema#boolean> .` + "\n" +
		nqSP + `"x"^^<http://www.w3.org/2001/XMLSchema#string> .` + "\n" +
		nqSP + `"2022-1-1"^^<http://www.w3.org/2001/XMLSchema#date> <http://a/g> .` + "\n",
		want: []quad.Quad{
			nqTriple(nqIRI("s"), nqIRI("p"), quad.TypedString{Value: "007", Type: nqXSD + "integer"}),
			nqTriple(nqIRI("s"), nqIRI("p"), quad.TypedString{Value: " 1.50", Type: nqXSD + "decimal"}),
			nqTriple(nqIRI("s"), nqIRI("p"), quad.TypedString{Value: "TRUE", Type: nqXSD + "boolean"}),
			nqTriple(nqIRI("s"), nqIRI("p"), quad.TypedString{Value: "x", Type: nqXSD + "string"}),
			{Subject: nqIRI("s"), Predicate: nqIRI("p"), Object: quad.TypedString{Value: "2022-1-1", Type: nqXSD + "date"}, Label: nqIRI("g")},
		}},
	{name: "typed literal with escapes", in: nqSP + `"a\"b"^^<http://a/dt\u0031> .` + "\n",
		want: []quad.Quad{nqTriple(nqIRI("s"), nqIRI("p"), quad.TypedString{Value: `a"b`, Type: nqIRI("dt1")})}},
	{name: "language tags kept as written", in: nqSP + `"Cheers"@en-UK .` + "\n" +
		nqSP + `"chat"@fr <http://a/g>.` + "\n" +
		nqSP + `"x"@EN-us-x-1a .` + "\n",
		want: []quad.Quad{
			nqTriple(nqIRI("s"), nqIRI("p"), quad.LangString{Value: "Cheers", Lang: "en-UK"}),
			{Subject: nqIRI("s"), Predicate: nqIRI("p"), Object: quad.LangString{Value: "chat", Lang: "fr"}, Label: nqIRI("g")},
			nqTriple(nqIRI("s"), nqIRI("p"), quad.LangString{Value: "x", Lang: "EN-us-x-1a"}),
		}},
	{name: "blank nodes", in: "_:b1 <http://a/p> _:1a .\n" +
		"_:a.b<http://a/p>_:c.d.\n" +
		"_:é_x-y·z <http://a/p> _:a\u0300\u203f .\n" +
		"_:_:a:b <http://a/p> <http://a/o> _:g.1 .\n",
		want: []quad.Quad{
			nqTriple(quad.BNode("b1"), nqIRI("p"), quad.BNode("1a")),
			nqTriple(quad.BNode("a.b"), nqIRI("p"), quad.BNode("c.d")),
			nqTriple(quad.BNode("é_x-y·z"), nqIRI("p"), quad.BNode("a\u0300\u203f")),
			{Subject: quad.BNode("_:a:b"), Predicate: nqIRI("p"), Object: nqIRI("o"), Label: quad.BNode("g.1")},
		}},
	{name: "minimal whitespace", in: "<http://a/s><http://a/p>\"o\"@en<http://a/g>.\n" +
		"<http://a/s><http://a/p>\"o\"^^<http://a/dt>_:g.\n",
		want: []quad.Quad{
			{Subject: nqIRI("s"), Predicate: nqIRI("p"), Object: quad.LangString{Value: "o", Lang: "en"}, Label: nqIRI("g")},
			{Subject: nqIRI("s"), Predicate: nqIRI("p"), Object: quad.TypedString{Value: "o", Type: nqIRI("dt")}, Label: quad.BNode("g")},
		}},
	{name: "comments, blank lines and tabs", in: "# a comment\n\n   \t\n" +
		"\t<http://a/s>\t<http://a/p>\t<http://a/o>\t.\t# after a statement\n" +
		nqSP + "_:o .#right after the dot\n" +
		nqSP + "\"#not a comment\" . # ok\n" +
		nqSP + "<http://a/o#frag> <http://a/g>. # \"quoted\" <in> a comment\n" +
		"#last\n",
		want: []quad.Quad{
			nqTriple(nqIRI("s"), nqIRI("p"), nqIRI("o")),
			nqTriple(nqIRI("s"), nqIRI("p"), quad.BNode("o")),
			nqTriple(nqIRI("s"), nqIRI("p"), quad.String("#not a comment")),
			{Subject: nqIRI("s"), Predicate: nqIRI("p"), Object: nqIRI("o#frag"), Label: nqIRI("g")},
		}},
	{name: "CRLF line ends", in: nqSP + "<http://a/o> .\r\n# c\r\n\r\n" + nqSP + "\"x\" .\r\n",
		want: []quad.Quad{nqTriple(nqIRI("s"), nqIRI("p"), nqIRI("o")), nqTriple(nqIRI("s"), nqIRI("p"), quad.String("x"))}},
	{name: "lone CR ends a line too", in: nqSP + "<http://a/o> .\r" + nqSP + "\"x\" .\r\r\n\n",
		want: []quad.Quad{nqTriple(nqIRI("s"), nqIRI("p"), nqIRI("o")), nqTriple(nqIRI("s"), nqIRI("p"), quad.String("x"))}},
	{name: "last line without end of line", in: "# c\n" + nqSP + "<http://a/o> . # no newline",
		want: []quad.Quad{nqTriple(nqIRI("s"), nqIRI("p"), nqIRI("o"))}},
	{name: "empty input", in: "", want: nil},
	{name: "only blank lines", in: "\n\r\n\r\n\t\n", want: nil},
}

func TestNQuadsValues(t *testing.T) {
	t.Parallel()
	for _, tt := range nqValueTests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := nqReadString(t, tt.in)
			for _, e := range errs {
				t.Errorf("unexpected error: %v (line %q)", e, e.Text)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d quads, want %d: %#v", len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("quad %d:\n got %#v\nwant %#v", i+1, got[i], tt.want[i])
				}
			}
		})
	}
}

var nqErrorTests = []struct {
	name      string
	in        string
	line, col int
	msg       string // a part of the message
	errs      int    // how many errors in all, if not 1
	// rapper: why rapper (raptor2 2.0.15) accepts this input although it is invalid, or "".
	rapper string
}{
	{name: "relative IRI as subject", in: "<s> <http://a/p> <http://a/o> .", line: 1, col: 1, msg: "relative IRI <s>"},
	{name: "relative IRI as graph", in: nqSP + "<http://a/o> <g> .", line: 1, col: 40, msg: "relative IRI <g>"},
	{name: "relative datatype IRI", in: nqSP + `"x"^^<dt> .`, line: 1, col: 32, msg: "relative IRI <dt>"},
	{name: "scheme must start with a letter", in: "<1a:b> <http://a/p> <http://a/o> .", line: 1, col: 1, msg: "relative IRI"},
	{name: "space in IRI", in: "<http://a/ s> <http://a/p> <http://a/o> .", line: 1, col: 11, msg: "IRI contains a space"},
	{name: "brace in IRI", in: "<http://a/{s}> <http://a/p> <http://a/o> .", line: 1, col: 11, msg: "IRI contains '{'",
		rapper: "rapper lets {, }, | and the like through in a raw IRI"},
	{name: "tab in IRI", in: "<http://a/\ts> <http://a/p> <http://a/o> .", line: 1, col: 11, msg: "control character U+0009",
		rapper: "rapper lets a raw tab through in an IRI"},
	{name: "unterminated IRI", in: nqSP + "<http://a/o", line: 1, col: 27, msg: "unterminated IRI"},
	{name: "IRI character escape", in: `<http://a/\n> <http://a/p> <http://a/o> .`, line: 1, col: 11, msg: "invalid escape in IRI"},
	{name: "IRI escape for a space", in: `<http://a/\u0020> <http://a/p> <http://a/o> .`, line: 1, col: 11, msg: "stands for ' '"},
	{name: "IRI escape for a backslash", in: `<http://a/\u005C> <http://a/p> <http://a/o> .`, line: 1, col: 11, msg: `stands for '\\'`,
		rapper: `rapper checks the characters an IRI escape stands for, but lets \u005C (\) through`},
	{name: "IRI bad hex", in: `<http://a/\u00ZZ11> <http://a/p> <http://a/o> .`, line: 1, col: 11, msg: `invalid \u escape \u00Z:`},
	{name: "missing dot", in: nqSP + "<http://a/o>\n", line: 1, col: 39, msg: "missing '.' at the end",
		rapper: "rapper does not require the '.' that ends a statement"},
	{name: "missing dot before a comment", in: nqSP + "<http://a/o> # c", line: 1, col: 40, msg: "missing '.' before the comment"},
	{name: "statement across two lines", in: nqSP + "<http://a/o>\n.\n", line: 1, col: 39, msg: "missing '.'", errs: 2},
	{name: "literal as subject", in: `"s" <http://a/p> <http://a/o> .`, line: 1, col: 1, msg: "a literal cannot be the subject"},
	{name: "literal as predicate", in: `<http://a/s> "p" <http://a/o> .`, line: 1, col: 14, msg: "a literal cannot be the predicate"},
	{name: "literal as graph label", in: nqSP + `<http://a/o> "g"@en .`, line: 1, col: 40, msg: "a literal cannot be the graph label"},
	{name: "blank node as predicate", in: "<http://a/s> _:p <http://a/o> .", line: 1, col: 14, msg: "a blank node cannot be the predicate"},
	{name: "unterminated string", in: nqSP + `"abc .`, line: 1, col: 27, msg: "unterminated string literal"},
	{name: "string ends in a backslash", in: nqSP + `"abc\`, line: 1, col: 31, msg: "unterminated string literal"},
	{name: "bad escape", in: nqSP + `"a\zb" .`, line: 1, col: 29, msg: `invalid escape \z`},
	{name: "bad unicode escape", in: nqSP + `"\u00ZZ" .`, line: 1, col: 28, msg: `invalid \u escape \u00Z:`},
	{name: "unicode escape cut short", in: nqSP + `"\U0001F6" .`, line: 1, col: 28, msg: `invalid \U escape \U0001F6":`},
	{name: "unicode escape with a tab", in: nqSP + "\"\\u0\t12\" .", line: 1, col: 28, msg: `invalid \u escape \u0 followed by U+0009:`},
	{name: "unicode escape at the end of the line", in: nqSP + `"\U0001F6"`, line: 1, col: 28, msg: `incomplete \U escape`},
	{name: "escape past U+10FFFF", in: nqSP + `"\U00110000" .`, line: 1, col: 28, msg: "not a Unicode character"},
	{name: "escape for a surrogate", in: nqSP + `"\uD800" .`, line: 1, col: 28, msg: "not a Unicode character",
		rapper: "rapper accepts \\uD800 and writes it back escaped; UTF-8 cannot carry it"},
	{name: "long single-quoted string", in: nqSP + `'''abc''' .`, line: 1, col: 27, msg: "expected an object"},
	{name: "number as object", in: nqSP + "1.0e1 .", line: 1, col: 27, msg: "expected an object"},
	{name: "no predicate", in: "<http://a/s> ", line: 1, col: 14, msg: "expected a predicate (IRI), found end of line"},
	{name: "no object", in: "<http://a/s> <http://a/p>", line: 1, col: 26, msg: "expected an object (IRI, blank node or literal), found end of line"},
	{name: "turtle prefix", in: "@prefix : <http://example/> .", line: 1, col: 1, msg: "expected a subject"},
	{name: "turtle a", in: "<http://a/s> a <http://a/o> .", line: 1, col: 14, msg: "expected a predicate"},
	{name: "turtle object list", in: nqSP + "<http://a/o>, <http://a/o2> .", line: 1, col: 39, msg: "expected a graph label or '.'"},
	{name: "trailing garbage", in: nqSP + "<http://a/o> . x", line: 1, col: 42, msg: "unexpected 'x' after the '.'"},
	{name: "two statements on a line", in: nqSP + "<http://a/o> . " + nqSP + "<http://a/o> .", line: 1, col: 42, msg: "unexpected '<' after the '.'"},
	{name: "quint", in: nqSP + "<http://a/o> <http://a/g> <http://a/n> .", line: 1, col: 53, msg: "expected '.' after the graph label"},
	{name: "language tag with a digit", in: nqSP + `"x"@1 .`, line: 1, col: 30, msg: "invalid language tag @1"},
	{name: "language tag ending in '-'", in: nqSP + `"x"@en- .`, line: 1, col: 30, msg: "invalid language tag @en-",
		rapper: "rapper accepts a language tag ending in '-'"},
	{name: "language tag with a digit in its first part", in: nqSP + `"x"@e1 .`, line: 1, col: 30, msg: "invalid language tag @e1",
		rapper: "rapper accepts digits in a language tag's first part"},
	{name: "comment right after a language tag", in: nqSP + `"x"@en# c .`, line: 1, col: 33, msg: "missing '.' before the comment"},
	{name: "space before a language tag", in: nqSP + `"x" @en .`, line: 1, col: 31, msg: "found '@'"},
	{name: "space after ^^", in: nqSP + `"x"^^ <http://a/dt> .`, line: 1, col: 32, msg: "expected a datatype IRI right after '^^'"},
	{name: "space before ^^", in: nqSP + `"x" ^^<http://a/dt> .`, line: 1, col: 31, msg: "found '^'"},
	{name: "single ^", in: nqSP + `"x"^<http://a/dt> .`, line: 1, col: 30, msg: "expected '^^'"},
	{name: "blank node datatype", in: nqSP + `"x"^^_:dt .`, line: 1, col: 32, msg: "expected a datatype IRI"},
	{name: "language tag and datatype", in: nqSP + `"x"^^<http://a/dt>@en .`, line: 1, col: 45, msg: "found '@'"},
	{name: "blank node without colon", in: "_a <http://a/p> <http://a/o> .", line: 1, col: 1, msg: "expected '_:'"},
	{name: "empty blank node label", in: "_: <http://a/p> <http://a/o> .", line: 1, col: 3, msg: "blank node label must start"},
	{name: "blank node label starting with '-'", in: "_:-a <http://a/p> <http://a/o> .", line: 1, col: 3, msg: "blank node label must start"},
	{name: "blank node label starting with U+0300", in: "_:\u0300a <http://a/p> <http://a/o> .", line: 1, col: 3, msg: "blank node label must start",
		rapper: "rapper does not check the first character of a blank node label"},
	{name: "blank node label with U+037E", in: "_:a\u037e <http://a/p> <http://a/o> .", line: 1, col: 4, msg: "expected a predicate",
		rapper: "rapper allows characters outside PN_CHARS in blank node labels"},
	{name: "blank node label ending in '.'", in: nqSP + "_:a..", line: 1, col: 31, msg: "unexpected '.' after the '.'",
		rapper: "rapper lets a blank node label end in '.'"},
	{name: "blank node label followed by '.' and a term", in: "_:a. <http://a/p> <http://a/o> .", line: 1, col: 4, msg: "expected a predicate"},
	{name: "invalid UTF-8 in a literal", in: nqSP + "\"a\xffb\" .", line: 1, col: 29, msg: "invalid UTF-8"},
	{name: "invalid UTF-8 in a comment", in: nqSP + "<http://a/o> . # \xff", line: 1, col: 44, msg: "invalid UTF-8",
		rapper: "rapper does not check comments for UTF-8"},
	{name: "byte order mark", in: "\ufeff" + nqSP + "<http://a/o> .", line: 1, col: 1, msg: "expected a subject"},
	{name: "form feed as white space", in: nqSP + "<http://a/o>\f.", line: 1, col: 39, msg: "expected a graph label or '.'",
		rapper: "rapper takes a form feed for white space"},
	{name: "line number after comments and CRLF", in: "# c\n\n" + nqSP + "<http://a/o> .\r\n<s> <http://a/p> <http://a/o> .\n",
		line: 4, col: 1, msg: "relative IRI <s>"},
	{name: "line number after a lone CR", in: nqSP + "<http://a/o> .\r\r\n" + nqSP + "<o> .", line: 3, col: 27, msg: "relative IRI <o>"},
	{name: "column counts characters", in: "<http://a/é> <http://a/p> <http://a/😀> <g> .", line: 1, col: 40, msg: "relative IRI <g>"},
}

func TestNQuadsErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range nqErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			qs, errs := nqReadString(t, tt.in)
			if want := max(tt.errs, 1); len(errs) != want {
				t.Fatalf("got %d errors, want %d: %v (and %d quads)", len(errs), want, errs, len(qs))
			}
			e := errs[0]
			if e.Line != tt.line || e.Col != tt.col || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("got %q\nwant line %d: col %d: ...%s...", e.Error(), tt.line, tt.col, tt.msg)
			}
			want := fmt.Sprintf("line %d: col %d: %s", e.Line, e.Col, e.Msg)
			if e.Error() != want {
				t.Errorf("Error() = %q, want %q", e.Error(), want)
			}
			lines := regexp.MustCompile("\r\n|\r|\n").Split(tt.in, -1)
			if text := lines[tt.line-1]; e.Text != text {
				t.Errorf("Text = %q, want line %d: %q", e.Text, tt.line, text)
			}
		})
	}
}

// TestNQuadsEdgeCasesWithRapper runs rapper on the inputs of the value and error tests: it
// must agree with us except where a row explains why it does not. Those rows document
// where rapper is laxer than the grammar; if rapper comes to agree, the test says so.
func TestNQuadsEdgeCasesWithRapper(t *testing.T) {
	t.Parallel()
	nqRapperAvailable(t)
	dir := t.TempDir()
	n := 0
	check := func(name, in string, ours bool, differs string) {
		t.Helper()
		n++
		file := filepath.Join(dir, fmt.Sprintf("case%d.nq", n))
		t.Run(name, func(t *testing.T) {
			t.Parallel() // rapper once a case, one after another, took most of the test
			if err := os.WriteFile(file, []byte(in), 0o644); err != nil {
				t.Fatal(err)
			}
			theirs, out := nqRapperAccepts(t, file)
			switch {
			case theirs != ours && differs == "":
				t.Errorf("%s: we accept = %v, rapper accepts = %v:\n%q\n%s", name, ours, theirs, in, out)
			case theirs != ours:
				t.Logf("known difference, %s: %s", name, differs)
			case differs != "":
				t.Logf("%s: rapper now agrees with us; drop the note %q", name, differs)
			}
		})
	}
	for _, tt := range nqValueTests {
		if tt.in != "" {
			check(tt.name, tt.in, true, tt.rapper)
		}
	}
	for _, tt := range nqErrorTests {
		check(tt.name, tt.in, false, tt.rapper)
	}
}

func TestNQuadsContinuesAfterError(t *testing.T) {
	t.Parallel()
	in := nqSP + "<http://a/o1> .\n" +
		"<http://a/s> \"p\" <http://a/o> .\n" +
		nqSP + "<http://a/o3> .\r\n" +
		nqSP + "<http://a/o> <g> .\n" +
		nqSP + "<http://a/o5> <http://a/g> ."
	r := NewNQuadsReader(strings.NewReader(in))
	var qs []quad.Quad
	var lines []int
	for range 10 {
		q, err := r.Read()
		if err == io.EOF {
			break
		}
		var se *SyntaxError
		if errors.As(err, &se) {
			lines = append(lines, se.Line)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	want := []quad.Quad{
		nqTriple(nqIRI("s"), nqIRI("p"), nqIRI("o1")),
		nqTriple(nqIRI("s"), nqIRI("p"), nqIRI("o3")),
		{Subject: nqIRI("s"), Predicate: nqIRI("p"), Object: nqIRI("o5"), Label: nqIRI("g")},
	}
	if !slices.Equal(qs, want) {
		t.Errorf("quads:\n got %v\nwant %v", qs, want)
	}
	if !slices.Equal(lines, []int{2, 4}) {
		t.Errorf("errors on lines %v, want [2 4]", lines)
	}
	for range 2 {
		if _, err := r.Read(); err != io.EOF {
			t.Errorf("after the end, Read returned %v, want io.EOF", err)
		}
	}
}

// TestNQuadsRoundTripSeeds parses the seed export: each line is one quad, and writing the
// quad back with quad.Quad.NQuad gives the line again.
func TestNQuadsRoundTripSeeds(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "cmd", "testdata", "seeds.nq.golden"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	qs, errs, err := nqReadAll(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("%v: %s", e, e.Text)
	}
	if len(qs) != len(lines) {
		t.Fatalf("read %d quads from %d lines", len(qs), len(lines))
	}
	typed := 0
	for i, q := range qs {
		if got := q.NQuad(); got != lines[i] {
			t.Errorf("line %d:\n  read %s\nwrites %s", i+1, lines[i], got)
		}
		if _, ok := q.Object.(quad.TypedString); ok {
			typed++
		}
	}
	if typed == 0 {
		t.Error("no typed literals in the seed export: the test no longer checks they stay raw")
	}
}

// TestNQuadsLongLines: a line of exactly 16 MiB is read; one byte more is a syntax error,
// and reading goes on with the next line.
func TestNQuadsLongLines(t *testing.T) {
	t.Parallel()
	const head, tail = nqSP + `"`, `" .`
	long := func(n int) string { return head + strings.Repeat("x", n-len(head)-len(tail)) + tail }
	in := long(maxNQuadsLine) + "\r\n" + long(maxNQuadsLine+1) + "\n" + nqSP + "<http://a/o> .\n"
	r := NewNQuadsReader(strings.NewReader(in))

	q, err := r.Read()
	if err != nil {
		t.Fatalf("line of %d bytes: %v", maxNQuadsLine, err)
	}
	if s, ok := q.Object.(quad.String); !ok || len(s) != maxNQuadsLine-len(head)-len(tail) {
		t.Fatalf("line of %d bytes: object is %T of %d bytes", maxNQuadsLine, q.Object, len(quad.StringOf(q.Object)))
	}

	_, err = r.Read()
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("line of %d bytes: got %v, want a *SyntaxError", maxNQuadsLine+1, err)
	}
	if se.Line != 2 || !strings.Contains(se.Msg, "line is longer than") || len(se.Text) > maxNQuadsErrorText || !strings.HasPrefix(se.Text, head+"xxx") {
		t.Errorf("too long line: %v (Text of %d bytes)", se, len(se.Text))
	}

	q, err = r.Read()
	if err != nil || q != nqTriple(nqIRI("s"), nqIRI("p"), nqIRI("o")) {
		t.Fatalf("after the long line: %v, %v", q, err)
	}
	if _, err := r.Read(); err != io.EOF {
		t.Fatalf("at the end: %v", err)
	}
	if c := cap(r.buf); c > maxNQuadsLine {
		t.Errorf("line buffer grew to %d bytes", c)
	}
}

// nqLines is an endless-looking N-Quads document of n generated lines, never in memory whole.
type nqLines struct {
	n, i    int
	pending []byte
}

func (g *nqLines) Read(p []byte) (int, error) {
	if len(g.pending) == 0 {
		if g.i == g.n {
			return 0, io.EOF
		}
		g.i++
		g.pending = fmt.Appendf(nil, "<http://example.org/s/%d> <http://example.org/p> \"%s %d\"@en <http://example.org/g/%d> .\n",
			g.i, strings.Repeat("é", 80), g.i, g.i%7)
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

// TestNQuadsConstantMemory streams about 25 MB through the reader: its buffers stay the
// size of one line, and the heap does not grow with the input.
func TestNQuadsConstantMemory(t *testing.T) {
	// Not parallel: the heap it measures is the whole test binary's, and parallel tests
	// (the W3C suites) hold tens of MB of their own while they run.
	const n = 100_000
	r := NewNQuadsReader(&nqLines{n: n})
	count := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		count++
	}
	if count != n {
		t.Fatalf("read %d quads, want %d", count, n)
	}
	if cap(r.buf) > 4<<10 || cap(r.val) > 4<<10 {
		t.Errorf("buffers grew: line %d bytes, value %d bytes", cap(r.buf), cap(r.val))
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc > 16<<20 {
		t.Errorf("heap holds %d bytes after reading %d lines", ms.HeapAlloc, n)
	}
	runtime.KeepAlive(r)
}

// TestNQuadsChunking reads every W3C file whole and one byte at a time: the results must
// not depend on how the input arrives.
func TestNQuadsChunking(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(nqW3CDir, "*.nq"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .nq files in %s: %v", nqW3CDir, err)
	}
	files = append(files, "") // and the value and error tests together
	var all strings.Builder
	for _, tt := range nqValueTests {
		all.WriteString(tt.in + "\n")
	}
	for _, tt := range nqErrorTests {
		all.WriteString(tt.in + "\r\n")
	}
	for _, file := range files {
		data := []byte(all.String())
		if file != "" {
			if data, err = os.ReadFile(file); err != nil {
				t.Fatal(err)
			}
		}
		q1, e1, err1 := nqReadAll(bytes.NewReader(data))
		q2, e2, err2 := nqReadAll(iotest.OneByteReader(bytes.NewReader(data)))
		q3, e3, err3 := nqReadAll(iotest.DataErrReader(iotest.HalfReader(bytes.NewReader(data))))
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("%s: %v, %v, %v", file, err1, err2, err3)
		}
		if !slices.Equal(q1, q2) || !slices.Equal(q1, q3) {
			t.Errorf("%s: quads differ with the way the input is read", file)
		}
		if !slices.EqualFunc(e1, e2, nqSameError) || !slices.EqualFunc(e1, e3, nqSameError) {
			t.Errorf("%s: errors differ with the way the input is read", file)
		}
	}
}

func nqSameError(a, b *SyntaxError) bool { return *a == *b }

// TestNQuadsReaderError: an error from the underlying reader ends reading, and stays.
func TestNQuadsReaderError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	r := NewNQuadsReader(io.MultiReader(strings.NewReader(nqSP+"<http://a/o> .\n"+nqSP+"<http://a/o2>"), iotest.ErrReader(boom)))
	if q, err := r.Read(); err != nil || q != nqTriple(nqIRI("s"), nqIRI("p"), nqIRI("o")) {
		t.Fatalf("first line: %v, %v", q, err)
	}
	for range 2 {
		if _, err := r.Read(); err != boom {
			t.Fatalf("Read returned %v, want the reader's error", err)
		}
	}
}

// nqCheckQuad fails the test unless q is something NQuadsReader may return.
func nqCheckQuad(t *testing.T, q quad.Quad) {
	t.Helper()
	if !q.IsValid() {
		t.Fatalf("invalid quad %#v", q)
	}
	iri := func(v quad.IRI) {
		t.Helper()
		if !utf8.ValidString(string(v)) {
			t.Fatalf("IRI %q is not UTF-8, in %#v", v, q)
		}
		if err := ValidIRI(string(v)); err != nil {
			t.Fatalf("%v, in %#v", err, q)
		}
	}
	node := func(v quad.Value, where string, literal bool) {
		t.Helper()
		switch v := v.(type) {
		case quad.IRI:
			iri(v)
		case quad.BNode:
			s := string(v)
			first, _ := utf8.DecodeRuneInString(s)
			last, _ := utf8.DecodeLastRuneInString(s)
			if !utf8.ValidString(s) || !(nqPNCharsU(first) || ('0' <= first && first <= '9')) || !nqPNChars(last) ||
				strings.IndexFunc(s, func(r rune) bool { return r != '.' && !nqPNChars(r) }) >= 0 {
				t.Fatalf("bad blank node label %q in %#v", s, q)
			}
		case quad.String:
			if !literal || !utf8.ValidString(string(v)) {
				t.Fatalf("string %q as %s in %#v", v, where, q)
			}
		case quad.LangString:
			if !literal || !utf8.ValidString(string(v.Value)) || !nqLangTag([]byte(v.Lang)) {
				t.Fatalf("language string %#v as %s in %#v", v, where, q)
			}
		case quad.TypedString:
			if !literal || !utf8.ValidString(string(v.Value)) {
				t.Fatalf("typed string %#v as %s in %#v", v, where, q)
			}
			iri(v.Type)
		default:
			t.Fatalf("%T as %s in %#v", v, where, q)
		}
	}
	node(q.Subject, "subject", false)
	if _, ok := q.Predicate.(quad.IRI); !ok {
		t.Fatalf("predicate %#v is not an IRI", q.Predicate)
	}
	node(q.Predicate, "predicate", false)
	node(q.Object, "object", true)
	if q.Label != nil {
		node(q.Label, "graph label", false)
	}
}

func FuzzNQuads(f *testing.F) {
	for _, s := range []string{
		`<http://example/s> <http://example/p> <http://example/o> <http://example/g> .`,
		`_:s<http://example/p>"Alice"@en-GB.`,
		`<http://a.example/s> <http://a.example/p> "\u0000\t\U0001F600\"" .`,
		`<http://example/s> <http://example/p> "007"^^<http://www.w3.org/2001/XMLSchema#integer> _:g . # c`,
		`<http://example/\u0053> <http://example/p> _:a.b .`,
		"<http://example/s> <http://example/p> <http://example/o> .\r\n# x\r<g> . .",
	} {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob(filepath.Join(nqW3CDir, "*.nq"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewNQuadsReader(bytes.NewReader(data))
		// Each Read takes at least one line, and every line ends at '\n' or '\r' or the end.
		limit := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 2
		var qs []quad.Quad
		var errs []*SyntaxError
		for calls := 0; ; calls++ {
			if calls > limit {
				t.Fatalf("no io.EOF after %d calls to Read", calls)
			}
			q, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				var se *SyntaxError
				if !errors.As(err, &se) {
					t.Fatalf("Read returned %T %v", err, err)
				}
				if se.Line < 1 || se.Col < 1 || se.Msg == "" || (len(errs) > 0 && se.Line <= errs[len(errs)-1].Line) {
					t.Fatalf("bad syntax error %#v", se)
				}
				errs = append(errs, se)
				continue
			}
			nqCheckQuad(t, q)
			qs = append(qs, q)

			line := q.NQuad()
			back, backErrs, err := nqReadAll(strings.NewReader(line))
			if err != nil || len(backErrs) != 0 || len(back) != 1 || back[0] != q {
				t.Fatalf("%#v\nwrites %q\nwhich reads back as %#v, %v, %v", q, line, back, backErrs, err)
			}
		}
		q2, e2, err := nqReadAll(iotest.OneByteReader(bytes.NewReader(data)))
		if err != nil || !slices.Equal(qs, q2) || !slices.EqualFunc(errs, e2, nqSameError) {
			t.Fatalf("reading one byte at a time gives other results: %v", err)
		}
	})
}
