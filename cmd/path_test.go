package cmd

import (
	"encoding/json"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/medkg/medkg/loader"
)

func TestParsePath(t *testing.T) {
	t.Parallel()
	v := loader.NewVocab(loader.DefaultBase)
	prefixes := loader.QueryPrefixes(loader.DefaultBase)
	const (
		schema = "https://schema.org/"
		vocab  = loader.DefaultBase + "vocab#"
	)
	tests := []struct {
		name string
		args []string
		want []step
		err  string
	}{
		{"none", nil, nil, ""},
		{"out", []string{">founder"}, []step{{kind: stepOut, pred: schema + "founder"}}, ""},
		{"in", []string{"<founder"}, []step{{kind: stepIn, pred: schema + "founder"}}, ""},
		{"in star", []string{"<parentOrganization*"}, []step{{kind: stepIn, pred: schema + "parentOrganization", repeat: "*"}}, ""},
		{"out plus", []string{">containedInPlace+"}, []step{{kind: stepOut, pred: schema + "containedInPlace", repeat: "+"}}, ""},
		{"medkg predicate", []string{">approvedBy"}, []step{{kind: stepOut, pred: vocab + "approvedBy"}}, ""},
		{"event role", []string{"<party"}, []step{{kind: stepIn, pred: vocab + "party"}}, ""},
		{"structural term", []string{"<headOf"}, []step{{kind: stepIn, pred: "http://www.w3.org/ns/org#headOf"}}, ""},
		{"type", []string{":Center"}, []step{{kind: stepType, class: vocab + "Center"}}, ""},
		{"event type", []string{":Signing"}, []step{{kind: stepType, class: vocab + "Signing"}}, ""},
		{"prefixed type", []string{":schema:Organization"}, []step{{kind: stepType, class: schema + "Organization"}}, ""},
		{"IRI type", []string{":<https://schema.org/Person>"}, []step{{kind: stepType, class: schema + "Person"}}, ""},
		{"tag", []string{"@member"}, []step{{kind: stepTag, tag: "member"}}, ""},
		{"tag with dash and digit", []string{"@co-founder_2"}, []step{{kind: stepTag, tag: "co-founder_2"}}, ""},
		{"prefixed term", []string{">schema:founder"}, []step{{kind: stepOut, pred: schema + "founder"}}, ""},
		{"prefixed medkg term", []string{"<medkg:listedBy+"}, []step{{kind: stepIn, pred: vocab + "listedBy", repeat: "+"}}, ""},
		{"out IRI", []string{"><https://schema.org/founder>"}, []step{{kind: stepOut, pred: schema + "founder"}}, ""},
		{"in IRI", []string{"<<https://schema.org/founder>"}, []step{{kind: stepIn, pred: schema + "founder"}}, ""},
		{"in IRI star", []string{"<<http://example.com/p>*"}, []step{{kind: stepIn, pred: "http://example.com/p", repeat: "*"}}, ""},
		{"flagship", []string{"<parentOrganization*", "@member", "<founder", ":Center"}, []step{
			{kind: stepIn, pred: schema + "parentOrganization", repeat: "*"},
			{kind: stepTag, tag: "member"},
			{kind: stepIn, pred: schema + "founder"},
			{kind: stepType, class: vocab + "Center"},
		}, ""},

		{"unknown predicate", []string{">founded"}, nil, `step 1 ">founded": unknown predicate "founded": use one of`},
		{"unknown predicate later", []string{">founder", "<nope*"}, nil, `step 2 "<nope*": unknown predicate "nope"`},
		{"empty predicate", []string{">"}, nil, `step 1 ">": unknown predicate ""`},
		{"unknown prefix", []string{">foaf:knows"}, nil, `step 1 ">foaf:knows": unknown prefix "foaf" (known: `},
		{"unknown prefix in type", []string{":foaf:Person"}, nil, `unknown prefix "foaf"`},
		{"unknown type", []string{":Centre"}, nil, `step 1 ":Centre": unknown type "Centre"`},
		{"bad tag", []string{"@1st"}, nil, `step 1 "@1st": a tag is a name of letters, digits, - and _`},
		{"tag with space", []string{"@a b"}, nil, "a tag is a name of letters"},
		{"empty tag", []string{"@"}, nil, "a tag is a name of letters"},
		{"duplicate tag", []string{"@x", ">founder", "@x"}, nil, `step 3 "@x": the column "x" is already used`},
		{"tag id is the last column", []string{"@id"}, nil, `the column "id" is already used`},
		{"no sigil", []string{"founder"}, nil, `step 1 "founder": a step starts with > (out), < (in), : (type) or @ (tag)`},
		{"bare IRI", []string{"<https://schema.org/founder>"}, nil, "a step starts with > (out), < (in), : (type) or @ (tag)"},
		{"IRI with a quote", []string{`><https://x.org/a"b>`}, nil, `contains '"'`},
		{"IRI breaking out", []string{`<<https://x.org/"); g.emit("pwned>`}, nil, "which N-Quads does not allow"},
		{"IRI with a backslash", []string{`><https://x.org/a\b>`}, nil, `contains '\\'`},
		{"IRI with a newline", []string{"><https://x.org/a\nb>"}, nil, "which N-Quads does not allow"},
		{"relative IRI", []string{"><founder>"}, nil, "is not absolute"},
		{"prefixed term with a quote", []string{`>schema:a"b`}, nil, `contains '"'`},
		{"type IRI with a quote", []string{`:<https://x.org/"T>`}, nil, `contains '"'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parsePath(v, prefixes, tt.args)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("parsePath(%q) = %+v, %v; want error containing %q", tt.args, got, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parsePath(%q): %v", tt.args, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parsePath(%q) =\n%+v\nwant\n%+v", tt.args, got, tt.want)
			}
		})
	}
}

func TestPathScript(t *testing.T) {
	t.Parallel()
	v := loader.NewVocab(loader.DefaultBase)
	steps, err := parsePath(v, loader.QueryPrefixes(loader.DefaultBase), []string{"<parentOrganization*", "@member", "<founder", ":Center", ">location+"})
	if err != nil {
		t.Fatal(err)
	}
	got := pathScript("g.V("+jsIRI(v.Entity("cas"))+")", steps)
	want := `var p = g.V("\u003chttps://example.org/medkg/id/cas\u003e");
p = p.union(p.followRecursive(g.M().in("\u003chttps://schema.org/parentOrganization\u003e")));
p = p.tag("member");
p = p.in("\u003chttps://schema.org/founder\u003e");
p = p.has("\u003chttp://www.w3.org/1999/02/22-rdf-syntax-ns#type\u003e", "\u003chttps://example.org/medkg/vocab#Center\u003e");
p = p.followRecursive(g.M().out("\u003chttps://schema.org/location\u003e"));
p.all();
`
	if got != want {
		t.Errorf("pathScript =\n%s\nwant\n%s", got, want)
	}
	if got := pathScript("g.V()", nil); got != "var p = g.V();\np.all();\n" {
		t.Errorf("no steps: %q", got)
	}
}

// TestPathScriptIRIsStayData: an IRI that the N-Quads rules allow but JavaScript would read
// as code enters the script only as one JSON string that decodes to exactly it.
func TestPathScriptIRIsStayData(t *testing.T) {
	t.Parallel()
	v := loader.NewVocab(loader.DefaultBase)
	accepted := 0
	for _, iri := range []string{
		`https://x.org/a');g.emit('pwned`,
		`https://x.org/a);g.emit(1);(`,
		"https://x.org/a\u2028g.emit(1)",
		"https://x.org/a\u2029b",
		"https://x.org/${g.emit(1)}",
		"https://x.org/*/g.emit(1)/*",
	} {
		steps, err := parsePath(v, loader.QueryPrefixes(loader.DefaultBase), []string{"><" + iri + ">"})
		if err != nil {
			continue // rejected: fine too
		}
		accepted++
		script := pathScript("g.V()", steps)
		lines := strings.Split(strings.TrimSuffix(script, "\n"), "\n")
		if len(lines) != 3 || strings.ContainsAny(script, "\u2028\u2029") {
			t.Errorf("IRI %q: script is not three plain lines:\n%s", iri, script)
			continue
		}
		m := regexp.MustCompile(`^p = p\.out\(("(?:[^"\\]|\\.)*")\);$`).FindStringSubmatch(lines[1])
		if m == nil {
			t.Errorf("IRI %q: step line %q is not p = p.out(\"...\");", iri, lines[1])
			continue
		}
		var s string
		if err := json.Unmarshal([]byte(m[1]), &s); err != nil || s != "<"+iri+">" {
			t.Errorf("IRI %q: the step's string decodes to %q (%v)", iri, s, err)
		}
	}
	if accepted < 3 {
		t.Errorf("only %d of the IRIs were accepted: the test checks too little", accepted)
	}
}

// TestPathFlagship: the path syntax answers the flagship question as the stored query does.
func TestPathFlagship(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	type pair struct{ founder, centre string }
	collect := func(rows []jsonRow, founderKey, centreKey string) map[pair]bool {
		m := map[pair]bool{}
		for _, r := range rows {
			m[pair{r.node(t, founderKey).ID, r.node(t, centreKey).ID}] = true
		}
		return m
	}
	pathRows := decodeRows(t, mustRun(t, db, "path", "Chinese Academy of Sciences", "<parentOrganization*", "@member", "<founder", ":Center", "-o", "json"))
	for _, r := range pathRows {
		if !reflect.DeepEqual(r.keys, []string{"member", "id"}) {
			t.Fatalf("path columns %q, want member, id", r.keys)
		}
	}
	got := collect(pathRows, "member", "id")
	want := collect(decodeRows(t, mustRun(t, db, "query", "centres-cofounded-by", "-o", "json")), "founder", "centre")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("path gives %v\nquery gives %v", got, want)
	}
	centres := map[string]bool{}
	for p := range got {
		centres[strings.TrimPrefix(p.centre, seedBase+"id/")] = true
	}
	var names []string
	for c := range centres {
		names = append(names, c)
	}
	sort.Strings(names)
	wantCentres := []string{"guoke-xiangshan-medical-research-center", "guoke-yiding-baifei-rd-center", "guoke-zheyu-incubation-center", "nel-mid", "nhmaii-center", "shanghai-hmei-center"}
	if !reflect.DeepEqual(names, wantCentres) {
		t.Errorf("path reaches centres %q, want %q", names, wantCentres)
	}

	// The same by alias and by IRI, and as a table.
	table := mustRun(t, db, "path", "Chinese Academy of Sciences", "<parentOrganization*", "@member", "<founder", ":Center")
	for _, start := range []string{"cas", "<" + entityIRI("cas") + ">"} {
		if out := mustRun(t, db, "path", start, "<parentOrganization*", "@member", "<founder", ":Center"); out != table {
			t.Errorf("path from %q gives\n%s\nwant\n%s", start, out, table)
		}
	}
	if !strings.HasPrefix(table, "MEMBER ") || strings.Count(table, "\n") != 7 {
		t.Errorf("table:\n%s", table)
	}
}

func TestPathErrors(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"path"}, ExitUsage, "path needs a START entity"},
		{[]string{"path", "cas", "founder"}, ExitUsage, "a step starts with"},
		{[]string{"path", "cas", ">nope"}, ExitUsage, `unknown predicate "nope"`},
		{[]string{"path", "cas", `><https://x.org/"); g.emit("pwned>`}, ExitUsage, "which N-Quads does not allow"},
		{[]string{"path", ":Nope"}, ExitUsage, `unknown type "Nope"`},
		{[]string{"path", "Chinese Acadmy of Sciences"}, ExitNoData, `no entity is called "Chinese Acadmy of Sciences"`},
		{[]string{"path", `CAS"); g.emit("pwned`, ">founder"}, ExitNoData, `no entity is called "CAS\"); g.emit(\"pwned"`},
		{[]string{"path", "cas", "-o", "xml"}, ExitUsage, `unknown output "xml"`},
	}
	for _, tt := range tests {
		out, stderr, code := run(t, db, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) || out != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout %q; want exit %d and %q", tt.args, code, stderr, out, tt.code, tt.stderr)
		}
	}
	// A hostile start written as an IRI is data: it is looked up, not found, and runs nothing.
	out, stderr, code := run(t, db, "path", `<x"); g.emit("pwned>`, ">founder", "-o", "json")
	if code != ExitNoData || out != "" || !strings.Contains(stderr, `is not in the store`) {
		t.Errorf("hostile start IRI: exit %d, stdout %q, stderr %q; want exit 5, not in the store", code, out, stderr)
	}
	// :Type starts from every node of the type.
	rows := decodeRows(t, mustRun(t, db, "path", ":Center", "@centre", "<headOf", "-o", "json"))
	if len(rows) != 1 || rows[0].node(t, "centre").ID != entityIRI("nhmaii-center") || rows[0].node(t, "id").ID != entityIRI("zheng-hairong") {
		t.Errorf("path :Center @centre <headOf: %d rows %v, want Zheng Hairong heading the innovation center", len(rows), rows)
	}
}
