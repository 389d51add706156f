package loader

import (
	"strings"
	"testing"
	"testing/fstest"
)

// Issue 12, item 8: the check flags generic aliases and aliases inside another's name, and
// the seeds' registry passes it.
func TestCheckAliases(t *testing.T) {
	reg := `entities:
  - id: north-erc
    type: Center
    name: Northwind Engineering Research Center for Pumps
    aliases: [Engineering Research Center, Pumps Center]
  - id: lake-pumps
    type: Center
    name: Lakeside Pumps Center Annex
  - id: northwind
    type: Corporation
    name: Northwind Group
    aliases: [Northwind, NWG]
  - id: northwind-lab
    type: Center
    name: Northwind Laboratory
  - id: zhejiang
    type: Province
    name: Zhejiang Province
    aliases: [Zhejiang]
`
	r, err := ReadRegistry(fstest.MapFS{"registry.yaml": {Data: []byte(reg)}}, "registry.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range CheckAliases(r) {
		got = append(got, w.Entity+" "+w.Alias)
	}
	want := []string{"north-erc Engineering Research Center", "north-erc Pumps Center"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("flagged %q, want %q", got, want)
	}
	for _, n := range []string{"Engineering Research Center", "Biomedical Materials Center", "the Key Laboratory"} {
		if !IsGenericName(n) {
			t.Errorf("IsGenericName(%q) = false", n)
		}
	}
	for _, n := range []string{"United Imaging", "Mindray", "Zhejiang", "WEGO Engineering Research Center"} {
		if IsGenericName(n) {
			t.Errorf("IsGenericName(%q) = true", n)
		}
	}
}
