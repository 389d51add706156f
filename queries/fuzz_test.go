package queries

import (
	"testing"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// FuzzBind checks that no parameter value can change a query: whatever the value, the bound
// prelude is valid JavaScript that defines params with exactly that value, and nothing else.
func FuzzBind(f *testing.F) {
	for _, s := range []string{"", "CAS", `"); g.emit("pwned`, "\\", "\u2028", "</script>", "${x}", "'; while(true){} '"} {
		f.Add(s, "12")
	}
	q := &Query{Name: "t", Params: []Param{{Name: "org", Kind: KindEntity}, {Name: "n", Kind: KindNumber}}}
	f.Fuzz(func(t *testing.T, org, n string) {
		prelude, err := q.Bind(map[string]string{"org": org, "n": ""})
		if !utf8.ValidString(org) {
			if err == nil {
				t.Fatalf("Bind accepted invalid UTF-8 %q, which JSON would silently alter", org)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		vm := goja.New()
		if _, err := vm.RunString(prelude); err != nil {
			t.Fatalf("prelude %q does not run: %v", prelude, err)
		}
		got := vm.Get("params").Export().(map[string]any)
		if len(got) != 2 || got["org"] != org || got["n"] != "" {
			t.Fatalf("params = %#v, want org %q", got, org)
		}
		if _, err := q.Bind(map[string]string{"org": org, "n": n}); err != nil {
			if _, verr := q.Values([]string{"n=" + n}); verr == nil {
				t.Fatalf("Values accepted n=%q but Bind rejected it: %v", n, err)
			}
		}
	})
}
