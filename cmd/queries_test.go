package cmd

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/queries"
)

// queryCase is one run of a stored query over the seeds: its golden files are
// testdata/queries/<name>[-<variant>].txt and .json.
type queryCase struct {
	query, variant string
	params         []string
}

func (c queryCase) file() string {
	if c.variant == "" {
		return c.query
	}
	return c.query + "-" + c.variant
}

func (c queryCase) args() []string {
	args := []string{"query", c.query}
	for _, p := range c.params {
		args = append(args, "--param", p)
	}
	return args
}

// queryCases runs every stored query with its defaults (unless a parameter is required)
// and with at least one explicit parameter.
var queryCases = []queryCase{
	{"approved-by", "", nil},
	{"approved-by", "miit", []string{"body=MIIT"}},
	{"approved-by", "ndrc", []string{"body=National Development and Reform Commission"}},
	{"centres-cofounded-by", "", nil},
	{"centres-cofounded-by", "siat", []string{"org=SIAT"}},
	{"centres-cofounded-by", "wego", []string{"org=WEGO Group"}},
	{"founders-of", "", nil},
	{"founders-of", "shanghai-centre", []string{"centre=Shanghai High-end Medical Equipment Innovation Centre"}},
	{"located-in", "", nil},
	{"located-in", "shenzhen", []string{"place=Shenzhen"}},
	{"mentions", "cas", []string{"entity=Chinese Academy of Sciences"}},
	{"mentions", "mindray", []string{"entity=Mindray"}},
	{"partners-of", "guoke-wenzhou", []string{"org=Guoke Wenzhou Research Institute"}},
	{"partners-of", "usst", []string{"org=USST"}},
	{"people-of", "", nil},
	{"people-of", "usst", []string{"org=USST"}},
	{"timeline", "", nil},
	{"timeline", "usst", []string{"entity=USST"}},
	{"timeline", "guoke-wenzhou", []string{"entity=goke wenzhou research institute"}},
}

// TestQueryCasesCoverCatalog keeps queryCases in step with the catalog.
func TestQueryCasesCoverCatalog(t *testing.T) {
	t.Parallel()
	all, err := queries.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range all {
		var dflt, explicit bool
		for _, c := range queryCases {
			if c.query == q.Name {
				dflt = dflt || len(c.params) == 0
				explicit = explicit || len(c.params) > 0
			}
		}
		required := false
		for _, p := range q.Params {
			required = required || p.Required
		}
		if !dflt && !required {
			t.Errorf("query %s has no case with default parameters", q.Name)
		}
		if !explicit && len(q.Params) > 0 {
			t.Errorf("query %s has no case with an explicit parameter", q.Name)
		}
	}
	for _, c := range queryCases {
		if _, err := queries.Get(c.query); err != nil {
			t.Errorf("case %s: %v", c.file(), err)
		}
	}
}

// TestQueryGolden pins every stored query's table and JSON output over the seeds.
func TestQueryGolden(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	for _, c := range queryCases {
		t.Run(c.file(), func(t *testing.T) {
			table := mustRun(t, db, c.args()...)
			checkGolden(t, filepath.Join("queries", c.file()+".txt"), table)
			js := mustRun(t, db, append(c.args(), "-o", "json")...)
			checkGolden(t, filepath.Join("queries", c.file()+".json"), js)
			if len(decodeRows(t, js)) == 0 {
				t.Errorf("no rows: a golden of nothing checks nothing")
			}
		})
	}
}

// TestQueryRequiredParam: a query with a required parameter does not run without it.
func TestQueryRequiredParam(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	for _, tt := range []struct{ query, msg string }{
		{"mentions", "query mentions needs --param entity=... (the entity)"},
		{"partners-of", "query partners-of needs --param org=... (the organization)"},
	} {
		out, stderr, code := run(t, db, "query", tt.query)
		if code != ExitUsage || !strings.Contains(stderr, tt.msg) || out != "" {
			t.Errorf("query %s: exit %d, stderr %q, stdout %q; want exit %d and %q", tt.query, code, stderr, out, ExitUsage, tt.msg)
		}
	}
	out, stderr, code := run(t, db, "query", "centres-cofounded-by", "--param", "organisation=CAS")
	if code != ExitUsage || !strings.Contains(stderr, `has no parameter "organisation" (it takes: org)`) || out != "" {
		t.Errorf("unknown parameter: exit %d, stderr %q, stdout %q", code, stderr, out)
	}
	out, stderr, code = run(t, db, "query", "nope")
	if code != ExitUsage || !strings.Contains(stderr, `no stored query "nope"`) || out != "" {
		t.Errorf("unknown query: exit %d, stderr %q, stdout %q", code, stderr, out)
	}
}

// TestFlagshipCentres: the centres the Chinese Academy of Sciences co-founded through the
// institutes under it, each with the article that says so.
func TestFlagshipCentres(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	type row struct{ centre, founder, article string }
	want := map[row]string{ // → the centre's name
		{"nel-mid", "ciac", art000}:                                          "National Engineering Laboratory for Medical Implanted Devices",
		{"nhmaii-center", "siat", art004}:                                    "National High-performance Medical Apparatus and Instruments Innovation Center",
		{"shanghai-hmei-center", "simit", art003}:                            "Shanghai High-end Medical Equipment Innovation Center",
		{"guoke-yiding-baifei-rd-center", "guoke-wenzhou", art001}:           "Joint R&D Center of Guoke Wenzhou Research Institute, Zhejiang Yiding Medical Dressing and Zhejiang Baifei Dairy",
		{"guoke-xiangshan-medical-research-center", "guoke-wenzhou", art001}: "Medical Research Center of Guoke Wenzhou Research Institute and Xiangshan Hospital",
		{"guoke-zheyu-incubation-center", "guoke-wenzhou", art001}:           "Scientific and Technological Innovation Incubation Center of Guoke Wenzhou Research Institute and Zhejiang Equity Service Group",
	}
	founders := map[string]string{
		"ciac":          "Changchun Institute of Applied Chemistry",
		"siat":          "Shenzhen Institute of Advanced Technology",
		"simit":         "Shanghai Institute of Microsystem and Information Technology, Chinese Academy of Sciences",
		"guoke-wenzhou": "Guoke Wenzhou Research Institute",
	}
	for _, args := range [][]string{
		{"query", "centres-cofounded-by", "-o", "json"},
		{"query", "centres-cofounded-by", "--param", "org=Chinese Academy of Sciences", "-o", "json"},
	} {
		rows := decodeRows(t, mustRun(t, db, args...))
		got := map[row]bool{}
		centres := map[string]bool{}
		for _, r := range rows {
			c, f, arts := r.node(t, "centre"), r.node(t, "founder"), r.articles(t)
			cid, _ := strings.CutPrefix(c.ID, seedBase+"id/")
			fid, _ := strings.CutPrefix(f.ID, seedBase+"id/")
			if len(arts) != 1 {
				t.Errorf("%s / %s: articles %v, want exactly one", c.Name, f.Name, arts)
				continue
			}
			aid, _ := strings.CutPrefix(arts[0].ID, seedBase+"article/")
			k := row{cid, fid, aid}
			got[k] = true
			centres[cid] = true
			if name, ok := want[k]; !ok {
				t.Errorf("%q: unexpected row %+v (%s ← %s)", args, k, c.Name, f.Name)
			} else if c.Name != name || f.Name != founders[fid] || arts[0].Name != aid {
				t.Errorf("%+v reads %q ← %q in %q; want %q ← %q in %q", k, c.Name, f.Name, arts[0].Name, name, founders[fid], aid)
			}
		}
		for k := range want {
			if !got[k] {
				t.Errorf("%q: missing %+v", args, k)
			}
		}
		if len(centres) != 6 || len(rows) != 6 {
			t.Errorf("%q: %d rows over %d centres, want 6 and 6", args, len(rows), len(centres))
		}
	}
}

// TestQueryRowsNameSources: every row says which articles (or the background) state it, and
// the JSON keys are the query's columns in order.
func TestQueryRowsNameSources(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	articles := map[string]bool{}
	for _, a := range []string{art000, art001, art002, art003, art004} {
		articles[articleIRI(a)] = true
	}
	background := seedBase + "graph/background"
	for _, c := range queryCases {
		t.Run(c.file(), func(t *testing.T) {
			q, err := queries.Get(c.query)
			if err != nil {
				t.Fatal(err)
			}
			var wantKeys []string
			for _, col := range q.Columns {
				if col == "article" {
					col = "articles"
				}
				wantKeys = append(wantKeys, col)
			}
			rows := decodeRows(t, mustRun(t, db, append(c.args(), "-o", "json")...))
			for i, r := range rows {
				if !reflect.DeepEqual(r.keys, wantKeys) {
					t.Fatalf("row %d keys %q, want the columns %q", i, r.keys, wantKeys)
				}
				if c.query == "mentions" {
					// Its rows are articles: each is one, with its date.
					if a := r.node(t, "mentioned-in"); !articles[a.ID] || a.Name == "" || r.text(t, "published") == "" {
						t.Errorf("row %d: mentioned-in %v, published %q; want a seed article with its date", i, a, r.text(t, "published"))
					}
					continue
				}
				arts := r.articles(t)
				if len(arts) == 0 {
					t.Errorf("row %d names no source: %v", i, r.values)
				}
				for _, a := range arts {
					if !articles[a.ID] && a.ID != background {
						t.Errorf("row %d: source %v is neither a seed article nor the background", i, a)
					}
					if a.Name == "" {
						t.Errorf("row %d: source %v has no name", i, a)
					}
				}
			}
		})
	}
}

// TestQueryCSV: CSV output parses, has the query's columns as header, and says what the JSON
// output says.
func TestQueryCSV(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	for _, c := range queryCases {
		t.Run(c.file(), func(t *testing.T) {
			q, err := queries.Get(c.query)
			if err != nil {
				t.Fatal(err)
			}
			out := mustRun(t, db, append(c.args(), "-o", "csv")...)
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatalf("CSV does not parse: %v\n%s", err, out)
			}
			if len(recs) == 0 || !reflect.DeepEqual(recs[0], q.Columns) {
				t.Fatalf("CSV header %q, want %q", recs[0], q.Columns)
			}
			rows := decodeRows(t, mustRun(t, db, append(c.args(), "-o", "json")...))
			if len(recs)-1 != len(rows) {
				t.Fatalf("CSV has %d rows, JSON %d", len(recs)-1, len(rows))
			}
			for i, r := range rows {
				for j, col := range q.Columns {
					key := col
					if col == "article" {
						key = "articles"
					}
					if want := r.text(t, key); recs[i+1][j] != want {
						t.Errorf("row %d %s: CSV %q, JSON %q", i, col, recs[i+1][j], want)
					}
				}
			}
		})
	}
}

// TestQueryExamples runs each stored query's documented example.
func TestQueryExamples(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	all, err := queries.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range all {
		words := shellWords(t, q.Example)
		if len(words) < 3 || words[0] != "medkg" {
			t.Errorf("%s: example %q is not a medkg command", q.Name, q.Example)
			continue
		}
		out := mustRun(t, db, words[1:]...)
		if lines := strings.Count(out, "\n"); lines < 2 {
			t.Errorf("%s: example %q prints no rows:\n%s", q.Name, q.Example, out)
		}
	}
}

// TestQueryEntityForms: an entity parameter may be the canonical name, an alias in any case,
// or the IRI with or without angle brackets; all give the same answer.
func TestQueryEntityForms(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	tests := []struct {
		query, param string
		forms        []string
	}{
		{"centres-cofounded-by", "org", []string{"Chinese Academy of Sciences", "cas", "CAS", "  chinese   ACADEMY of sciences ",
			"<" + entityIRI("cas") + ">", entityIRI("cas")}},
		{"founders-of", "centre", []string{"Shanghai High-end Medical Equipment Innovation Center",
			"shanghai high-end medical equipment innovation CENTRE", "Shanghai High–end Medical Equipment Innovation Centre",
			"<" + entityIRI("shanghai-hmei-center") + ">"}},
		{"people-of", "org", []string{"University of Shanghai for Science and Technology", "usst", "<" + entityIRI("usst") + ">"}},
		{"located-in", "place", []string{"Shenzhen", "sz", entityIRI("shenzhen")}},
		{"mentions", "entity", []string{"Shenzhen Mindray Biomedical Electronics Co. Ltd.", "MINDRAY", "<" + entityIRI("mindray") + ">"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var first string
			for i, f := range tt.forms {
				out := mustRun(t, db, "query", tt.query, "--param", tt.param+"="+f)
				if strings.Count(out, "\n") < 2 {
					t.Fatalf("%s=%q finds nothing:\n%s", tt.param, f, out)
				}
				if i == 0 {
					first = out
				} else if out != first {
					t.Errorf("%s=%q gives\n%s\nbut %s=%q gives\n%s", tt.param, f, out, tt.param, tt.forms[0], first)
				}
			}
		})
	}
}

// TestQueryUnknownEntity: an unknown name is "nothing found", with the closest names.
func TestQueryUnknownEntity(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	out, stderr, code := run(t, db, "query", "centres-cofounded-by", "--param", "org=Chinese Acadmy of Sciences")
	if code != ExitNoData {
		t.Errorf("exit %d, want %d", code, ExitNoData)
	}
	// The message names what was typed, then the closest names, nearest first.
	const msg = `--param org: no entity is called "Chinese Acadmy of Sciences"`
	i, j := strings.Index(stderr, msg), strings.Index(stderr, `"Chinese Academy of Sciences"`)
	if i < 0 || j < i {
		t.Errorf("stderr %q does not say %q and then list \"Chinese Academy of Sciences\"", stderr, msg)
	} else if k := strings.Index(stderr, `"Chinese Academy of Engineering"`); k >= 0 && k < j {
		t.Errorf("stderr %q lists a farther name first", stderr)
	}
	if out != "" {
		t.Errorf("stdout %q, want nothing", out)
	}
	out, stderr, code = run(t, db, "query", "people-of", "--param", "org=Tsinghua Univercity")
	if code != ExitNoData || !strings.Contains(stderr, `no entity is called "Tsinghua Univercity"`) ||
		!strings.Contains(stderr, `"Tsinghua University"`) || out != "" {
		t.Errorf("Tsinghua Univercity: exit %d, stderr %q, stdout %q", code, stderr, out)
	}
}

// TestQueryHostileParam: a parameter that tries to break out of its string is a name like
// any other, and no entity has it.
func TestQueryHostileParam(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	const hostile = `CAS"); g.emit("pwned`
	all, err := queries.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range all {
		for _, p := range q.Params {
			if p.Kind != queries.KindEntity {
				continue
			}
			out, stderr, code := run(t, db, "query", q.Name, "--param", p.Name+"="+hostile)
			if code != ExitNoData {
				t.Errorf("%s %s: exit %d, want %d; stderr %q", q.Name, p.Name, code, ExitNoData, stderr)
			}
			if want := "no entity is called " + strconv.Quote(hostile); !strings.Contains(stderr, want) {
				t.Errorf("%s %s: stderr %q lacks %q", q.Name, p.Name, stderr, want)
			}
			if out != "" {
				t.Errorf("%s %s: stdout %q, want nothing", q.Name, p.Name, out)
			}
		}
	}
	// Written as an IRI it stays data: it is looked up as a node, not found, and nothing runs.
	out, stderr, code := run(t, db, "query", "centres-cofounded-by", "--param", `org=<x"); g.emit("pwned>`, "-o", "json")
	if code != ExitNoData || out != "" || !strings.Contains(stderr, "is not in the store") {
		t.Errorf("hostile IRI: exit %d, stdout %q, stderr %q; want exit 5, not in the store", code, out, stderr)
	}
}

// TestBindRoundTripsThroughGizmo runs bound parameters through the real JavaScript engine:
// the script reads back exactly the value given, and nothing else runs.
func TestBindRoundTripsThroughGizmo(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	st, err := graph.Open(context.Background(), graph.Options{Path: db, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q, err := queries.Parse("echo.gizmo", "// name: echo\n// description: d\n// param: v text -- v\n// param: n number = 1 -- n\n// columns: v\n// example: medkg query echo\n\ng.emit({v: params.v, n: params.n});\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{
		`"`, `");`, `\"); g.emit("pwned`, `</script>`, `\`, "a\nb", "a\r\nb", "a\u2028b", "a\u2029b",
		"${x}", "`${g.emit(1)}`", `'; while(true){} '`, `*/ g.emit("pwned"); /*`, "😀 国科大",
	} {
		vals, err := q.Values([]string{"v=" + v})
		if err != nil {
			t.Fatal(err)
		}
		prelude, err := q.Bind(vals)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := st.Gizmo(context.Background(), q.Script, graph.GizmoOptions{Limit: 10, Prelude: prelude, Namespaces: loader.QueryPrefixes(seedBase)})
		if err != nil {
			t.Errorf("%q: %v", v, err)
			continue
		}
		if len(rows) != 1 {
			t.Errorf("%q: %d rows, want 1: %+v", v, len(rows), rows)
			continue
		}
		m, ok := rows[0].Emitted.(map[string]any)
		if !ok || m["v"] != v || m["n"] != int64(1) && m["n"] != float64(1) {
			t.Errorf("%q came back as %#v", v, rows[0].Emitted)
		}
	}
}

// TestMentionsKeepsArticlesApart: two articles with the same date and no headline that
// mention the same entity are two rows.
func TestMentionsKeepsArticlesApart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"registry.yaml":   "entities:\n  - {id: acme-corp, type: Corporation, name: ACME Corporation, aliases: [ACME]}\n  - {id: widget-centre, type: Center, name: Widget Centre}\n",
		"articles/a.txt":  "ACME founded the Widget Centre.\n",
		"articles/a.yaml": "article: {published: 2020-01-02}\nfacts:\n  - {s: widget-centre, p: founder, o: acme-corp, quote: ACME founded the Widget Centre.}\n",
		"articles/b.txt":  "Widget Centre was founded by ACME.\n",
		"articles/b.yaml": "article: {published: 2020-01-02}\nfacts:\n  - {s: widget-centre, p: founder, o: acme-corp, quote: Widget Centre was founded by ACME.}\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "db")
	runOK(t, db, "load", dir)
	// Both articles state the founding: founders-of merges them into one row naming both.
	rows := decodeRows(t, mustRun(t, db, "query", "founders-of", "-o", "json"))
	if len(rows) != 1 || len(rows[0].articles(t)) != 2 {
		t.Fatalf("founders-of: %d rows, want one naming both articles", len(rows))
	}
	// mentions lists each article on its own row, although they agree on date and headline.
	rows = decodeRows(t, mustRun(t, db, "query", "mentions", "--param", "entity=ACME", "-o", "json"))
	var got []string
	for _, r := range rows {
		if _, merged := r.values["articles"]; merged {
			t.Errorf("mentions row has a merged \"articles\" list: %s", r.values["articles"])
		}
		got = append(got, r.node(t, "mentioned-in").Name)
	}
	sort.Strings(got)
	if !reflect.DeepEqual(got, []string{"a", "b"}) || len(rows) != 2 {
		t.Fatalf("mentions: %d rows listing %q, want two rows, a and b", len(rows), got)
	}
}
