package queries

import (
	"encoding/json"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestCatalog checks that every stored query is listed, sorted, and fully documented by its
// header, and that the header and the script agree on the parameters.
func TestCatalog(t *testing.T) {
	all, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"approved-by", "centres-cofounded-by", "founders-of", "located-in",
		"mentions", "partners-of", "people-of", "timeline",
	}
	var names []string
	for _, q := range all {
		names = append(names, q.Name)
	}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("Catalog() names = %q, want %q", names, want)
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("Catalog() is not sorted by name: %q", names)
	}
	reUsed := regexp.MustCompile(`\bparams\.([A-Za-z_][A-Za-z0-9_]*)`)
	for _, q := range all {
		t.Run(q.Name, func(t *testing.T) {
			if q.File != q.Name+".gizmo" {
				t.Errorf("query %s is in file %q, want %q", q.Name, q.File, q.Name+".gizmo")
			}
			if strings.TrimSpace(q.Description) == "" {
				t.Error("no description")
			}
			if len(q.Columns) == 0 {
				t.Error("no columns")
			}
			for i, c := range q.Columns {
				if c == "" {
					t.Errorf("column %d is empty: %q", i, q.Columns)
				}
			}
			if !strings.HasPrefix(q.Example, "medkg query "+q.Name) {
				t.Errorf("example %q does not start with %q", q.Example, "medkg query "+q.Name)
			}
			if !strings.Contains(q.Script, "g.emit(") {
				t.Error("script emits nothing")
			}
			// Every declared parameter is read by the script, and the script reads no other.
			declared := map[string]bool{}
			for _, p := range q.Params {
				declared[p.Name] = true
				if p.Doc == "" {
					t.Errorf("parameter %s has no doc", p.Name)
				}
				if !strings.Contains(q.Script, "params."+p.Name) {
					t.Errorf("parameter %s is declared but the script never reads params.%s", p.Name, p.Name)
				}
			}
			for _, m := range reUsed.FindAllStringSubmatch(q.Script, -1) {
				if !declared[m[1]] {
					t.Errorf("script reads params.%s, which the header does not declare", m[1])
				}
			}
			// The example's --param arguments are accepted as they stand.
			if _, err := q.Values(exampleParams(t, q.Example)); err != nil {
				t.Errorf("example %q: %v", q.Example, err)
			}
			got, err := Get(q.Name)
			if err != nil || got.Name != q.Name {
				t.Errorf("Get(%q) = %v, %v", q.Name, got, err)
			}
		})
	}
	if _, err := Get("nope"); err == nil || !strings.Contains(err.Error(), `no stored query "nope"`) ||
		!strings.Contains(err.Error(), strings.Join(want, ", ")) {
		t.Errorf(`Get("nope") error = %v, want it to name the query and list all of them`, err)
	}
}

// exampleParams returns the key=value of each --param in a shell command line with double
// quotes, as a shell would pass them.
func exampleParams(t *testing.T, cmdline string) []string {
	t.Helper()
	var args []string
	var cur strings.Builder
	inQuote, inArg := false, false
	for _, r := range cmdline {
		switch {
		case r == '"':
			inQuote, inArg = !inQuote, true
		case r == ' ' && !inQuote:
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if inQuote {
		t.Fatalf("unbalanced quote in %q", cmdline)
	}
	if inArg {
		args = append(args, cur.String())
	}
	var params []string
	for i := 0; i < len(args); i++ {
		if (args[i] == "--param" || args[i] == "-p") && i+1 < len(args) {
			params = append(params, args[i+1])
			i++
		}
	}
	return params
}

const goodHeader = `// name: sample
// description: A sample query.
// param: org entity = Chinese Academy of Sciences -- the organization
// param: who entity! -- the person
// param: n number = 5 -- how many
// param: note text -- free text
// columns: a, b ,article
// example: medkg query sample --param who=X
// name-like: ignored, not a key
var x = params.org;
// name: after the header, never read
g.emit({a: 1});
`

func TestParse(t *testing.T) {
	q, err := Parse("sample.gizmo", goodHeader)
	if err != nil {
		t.Fatal(err)
	}
	wantParams := []Param{
		{Name: "org", Kind: KindEntity, Default: "Chinese Academy of Sciences", Doc: "the organization"},
		{Name: "who", Kind: KindEntity, Required: true, Doc: "the person"},
		{Name: "n", Kind: KindNumber, Default: "5", Doc: "how many"},
		{Name: "note", Kind: KindText, Doc: "free text"},
	}
	if q.Name != "sample" || q.Description != "A sample query." || q.Example != "medkg query sample --param who=X" ||
		q.File != "sample.gizmo" || q.Script != goodHeader {
		t.Errorf("Parse = %+v", q)
	}
	if !reflect.DeepEqual(q.Params, wantParams) {
		t.Errorf("params = %+v\nwant     %+v", q.Params, wantParams)
	}
	if want := []string{"a", "b", "article"}; !reflect.DeepEqual(q.Columns, want) {
		t.Errorf("columns = %q, want %q", q.Columns, want)
	}

	// Each case removes or breaks one line of goodHeader.
	tests := []struct {
		name, from, to, err string
	}{
		{"missing name", "// name: sample\n", "", "x.gizmo: header has no `// name:`"},
		{"empty name", "// name: sample\n", "// name:\n", "x.gizmo: header has no `// name:`"},
		{"missing description", "// description: A sample query.\n", "", "x.gizmo: header has no `// description:`"},
		{"missing columns", "// columns: a, b ,article\n", "", "x.gizmo: header has no `// columns:`"},
		{"missing example", "// example: medkg query sample --param who=X\n", "", "x.gizmo: header has no `// example:`"},
		{"name after code", "// name: sample\n", "var y = 1;\n// name: sample\n", "x.gizmo: header has no `// name:`"},
		{"unknown kind", "// param: n number = 5 -- how many\n", "// param: n integer = 5 -- how many\n",
			"x.gizmo:5: param must read `NAME KIND [= DEFAULT] -- DOC` with KIND entity, text or number"},
		{"upper-case name", "// param: org entity", "// param: Org entity",
			"x.gizmo:3: param must read `NAME KIND [= DEFAULT] -- DOC`"},
		{"no kind", "// param: note text -- free text\n", "// param: note\n", "x.gizmo:6: param must read"},
		{"empty param", "// param: note text -- free text\n", "// param:\n", "x.gizmo:6: param must read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(goodHeader, tt.from, tt.to, 1)
			if src == goodHeader {
				t.Fatalf("case does not change the header")
			}
			q, err := Parse("x.gizmo", src)
			if err == nil {
				t.Fatalf("Parse accepted it: %+v", q)
			}
			if !strings.Contains(err.Error(), tt.err) {
				t.Errorf("error %q does not contain %q", err, tt.err)
			}
		})
	}
}

func TestParseEmptyColumns(t *testing.T) {
	src := strings.Replace(goodHeader, "// columns: a, b ,article\n", "// columns:\n", 1)
	q, err := Parse("x.gizmo", src)
	if err == nil {
		t.Fatalf("Parse accepts an empty `// columns:` line: it splits \"\" into one empty column (Columns = %q) and the len(q.Columns) == 0 check never fires; the same goes for `// columns: a,,b`", q.Columns)
	}
	if !strings.Contains(err.Error(), "columns") {
		t.Errorf("error %q does not name the columns", err)
	}
}

func sample(t *testing.T) *Query {
	t.Helper()
	q, err := Parse("sample.gizmo", goodHeader)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestValues(t *testing.T) {
	q := sample(t)
	tests := []struct {
		name string
		args []string
		want map[string]string
		err  string
	}{
		{"defaults filled", []string{"who=Zheng Hairong"},
			map[string]string{"org": "Chinese Academy of Sciences", "who": "Zheng Hairong", "n": "5", "note": ""}, ""},
		{"given values win", []string{"who=a", "org=SIAT", "n=12.5", "note=x=y"},
			map[string]string{"org": "SIAT", "who": "a", "n": "12.5", "note": "x=y"}, ""},
		{"last of a repeated key", []string{"who=a", "who=b"},
			map[string]string{"org": "Chinese Academy of Sciences", "who": "b", "n": "5", "note": ""}, ""},
		{"negative and exponent numbers", []string{"who=a", "n=-1e3"},
			map[string]string{"org": "Chinese Academy of Sciences", "who": "a", "n": "-1e3", "note": ""}, ""},
		{"unknown parameter", []string{"who=a", "nope=1"}, nil,
			`query sample has no parameter "nope" (it takes: org, who, n, note)`},
		{"not key=value", []string{"who"}, nil, `--param "who" must be key=value`},
		{"required missing", nil, nil, "query sample needs --param who=... (the person)"},
		{"required missing, others given", []string{"org=CAS"}, nil, "needs --param who="},
		{"number not a number", []string{"who=a", "n=five"}, nil, `parameter n: must be a finite number, not "five"`},
		{"number with a unit", []string{"who=a", "n=5kg"}, nil, `parameter n: must be a finite number, not "5kg"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := q.Values(tt.args)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Values(%q) = %v, %v; want error containing %q", tt.args, got, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Values(%q): %v", tt.args, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Values(%q) = %v, want %v", tt.args, got, tt.want)
			}
		})
	}

	// The stored queries' own parameters.
	cases := []struct {
		query string
		args  []string
		want  map[string]string
		err   string
	}{
		{"centres-cofounded-by", nil, map[string]string{"org": "Chinese Academy of Sciences"}, ""},
		{"located-in", nil, map[string]string{"place": "China"}, ""},
		{"founders-of", nil, map[string]string{"centre": ""}, ""},
		{"mentions", nil, nil, "query mentions needs --param entity=... (the entity)"},
		{"partners-of", nil, nil, "query partners-of needs --param org=... (the organization)"},
		{"people-of", []string{"person=x"}, nil, `query people-of has no parameter "person" (it takes: org)`},
	}
	for _, c := range cases {
		q, err := Get(c.query)
		if err != nil {
			t.Fatal(err)
		}
		got, err := q.Values(c.args)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s Values(%q) = %v, %v; want error %q", c.query, c.args, got, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s Values(%q) = %v, %v; want %v", c.query, c.args, got, err, c.want)
		}
	}
}

func TestValuesRequiredEmpty(t *testing.T) {
	q, err := Get("mentions")
	if err != nil {
		t.Fatal(err)
	}
	vals, err := q.Values([]string{"entity="})
	if err == nil {
		t.Fatalf("a required parameter given empty (--param entity=) is accepted (%v): the script then runs g.V(\"\") and `medkg query mentions --param entity=` prints no rows with exit 0 instead of the \"needs --param entity=...\" usage error", vals)
	}
}

func TestValuesNonFiniteNumber(t *testing.T) {
	q := sample(t)
	for _, v := range []string{"NaN", "Inf", "-Inf", "infinity"} {
		vals, err := q.Values([]string{"who=a", "n=" + v})
		if err != nil {
			continue // rejected as not a number: fine
		}
		if _, err := q.Bind(vals); err != nil {
			t.Fatalf("Values accepts n=%s as a number (strconv.ParseFloat parses it), but Bind then fails with %q: a non-finite number should be rejected by Values as \"must be a number\"", v, err)
		}
	}
}

// bound returns the params object of a prelude, checking its frame.
func bound(t *testing.T, prelude string) map[string]any {
	t.Helper()
	const head, tail = "var params = ", ";\n"
	if !strings.HasPrefix(prelude, head) || !strings.HasSuffix(prelude, tail) {
		t.Fatalf("prelude %q is not `var params = {...};\\n`", prelude)
	}
	body := strings.TrimSuffix(strings.TrimPrefix(prelude, head), tail)
	if strings.ContainsAny(body, "\n\r\u2028\u2029") {
		t.Fatalf("prelude %q has a line break inside the object: a value could end the statement", prelude)
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(body), &obj); err != nil {
		t.Fatalf("prelude %q: the params object is not JSON: %v", prelude, err)
	}
	return obj
}

func TestBind(t *testing.T) {
	q := sample(t)
	vals, err := q.Values([]string{"who=<https://example.org/medkg/id/zheng-hairong>", "n=7"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := q.Bind(vals)
	if err != nil {
		t.Fatal(err)
	}
	want := `var params = {"n":7,"note":"","org":"Chinese Academy of Sciences","who":"\u003chttps://example.org/medkg/id/zheng-hairong\u003e"};` + "\n"
	if got != want {
		t.Errorf("Bind =\n%s\nwant\n%s", got, want)
	}
	// Deterministic: the same values give the same text, whatever the map's order.
	for i := 0; i < 20; i++ {
		again, err := q.Bind(map[string]string{"note": "", "who": vals["who"], "org": vals["org"], "n": "7"})
		if err != nil || again != got {
			t.Fatalf("Bind is not deterministic: %q then %q (%v)", got, again, err)
		}
	}
	obj := bound(t, got)
	if n, ok := obj["n"].(float64); !ok || n != 7 {
		t.Errorf("number parameter bound as %#v, want the JSON number 7", obj["n"])
	}
	// Keys appear sorted in the text.
	var keys []string
	for _, k := range []string{`"n"`, `"note"`, `"org"`, `"who"`} {
		keys = append(keys, k)
		if !strings.Contains(got, k) {
			t.Fatalf("Bind output lacks key %s", k)
		}
	}
	for i := 1; i < len(keys); i++ {
		if strings.Index(got, keys[i-1]) > strings.Index(got, keys[i]) {
			t.Errorf("keys not sorted in %q", got)
		}
	}
	// Only declared parameters are bound, even when vals has more.
	extra, err := q.Bind(map[string]string{"who": "a", "evil": "x"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := bound(t, extra)["evil"]; ok {
		t.Errorf("Bind bound an undeclared key: %q", extra)
	}
	// An empty number stays an empty string; a bad one is an error.
	empty, err := q.Bind(map[string]string{"who": "a", "n": ""})
	if err != nil || bound(t, empty)["n"] != "" {
		t.Errorf("Bind with n=\"\" = %q, %v; want n bound as \"\"", empty, err)
	}
	if _, err := q.Bind(map[string]string{"who": "a", "n": "x"}); err == nil || !strings.Contains(err.Error(), `parameter n: must be a finite number, not "x"`) {
		t.Errorf("Bind with n=x: error %v", err)
	}
}

// TestBindHostile proves that no value can change the script: each is a JSON string that
// decodes to exactly the value given, on one line.
func TestBindHostile(t *testing.T) {
	q := sample(t)
	hostile := []struct{ name, value string }{
		{"double quote", `"`},
		{"close call", `");`},
		{"escaped break-out", `\"); g.emit("pwned`},
		{"script end tag", `</script>`},
		{"backslash", `\`},
		{"trailing backslash", `CAS\`},
		{"newline", "a\nb"},
		{"carriage return", "a\r\nb"},
		{"line separator U+2028", "a\u2028b"},
		{"paragraph separator U+2029", "a\u2029b"},
		{"template literal", "${x}"},
		{"backtick", "`; g.emit(1); `"},
		{"single-quote loop", `'; while(true){} '`},
		{"comment opener", `*/ g.emit(1); /*`},
		{"line comment", "x // rest"},
		{"NUL", "a\x00b"},
		{"non-BMP", "😀 国科大"},
	}
	for _, h := range hostile {
		t.Run(h.name, func(t *testing.T) {
			for _, p := range []string{"org", "who", "note"} {
				vals := map[string]string{"org": "CAS", "who": "a", "n": "1", "note": ""}
				vals[p] = h.value
				prelude, err := q.Bind(vals)
				if err != nil {
					t.Fatalf("Bind(%s=%q): %v", p, h.value, err)
				}
				obj := bound(t, prelude)
				if got, ok := obj[p].(string); !ok || got != h.value {
					t.Errorf("%s=%q came back as %#v from %q", p, h.value, obj[p], prelude)
				}
				if len(obj) != 4 {
					t.Errorf("%s=%q: params has %d keys, want 4: %q", p, h.value, len(obj), prelude)
				}
			}
		})
	}
}
