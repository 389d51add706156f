package extract_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/loader/extract"
	"github.com/medkg/medkg/seeds"
)

var seedsFS = seeds.FS

// registryYAML writes entities as a registry file.
func registryYAML(ents []extract.Entity) string {
	var b strings.Builder
	b.WriteString("entities:\n")
	if len(ents) == 0 {
		return "entities: []\n"
	}
	for _, e := range ents {
		fmt.Fprintf(&b, "  - id: %s\n    type: %s\n    name: %q\n", e.ID, e.Type, e.Name)
		if len(e.Aliases) > 0 {
			var qs []string
			for _, a := range e.Aliases {
				qs = append(qs, fmt.Sprintf("%q", a))
			}
			fmt.Fprintf(&b, "    aliases: [%s]\n", strings.Join(qs, ", "))
		}
	}
	return b.String()
}

// loads checks that a draft is a fact file the loader accepts with the registry it was
// drafted against.
func loads(t *testing.T, name, text string, reg []extract.Entity, d *extract.Draft) *loader.Set {
	t.Helper()
	var y bytes.Buffer
	if err := d.WriteYAML(&y, name+".txt", true); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"registry.yaml":              {Data: []byte(registryYAML(reg))},
		"articles/" + name + ".txt":  {Data: []byte(text)},
		"articles/" + name + ".yaml": {Data: y.Bytes()},
	}
	set, err := loader.Load(fsys, loader.DefaultBase)
	if err != nil {
		t.Fatalf("the draft of %s does not load: %v\n%s", name, err, y.String())
	}
	return set
}

func seedArticles(t *testing.T) ([]extract.GoldArticle, []extract.Entity) {
	t.Helper()
	arts, reg, err := extract.Seeds(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 5 {
		t.Fatalf("%d seed articles, want 5", len(arts))
	}
	return arts, reg
}

// Every seed article's draft loads, drafted with the whole registry and with the article's
// own names held out.
func TestSeedDraftsLoad(t *testing.T) {
	arts, reg := seedArticles(t)
	texts := map[string]string{}
	for _, a := range arts {
		texts[a.ID] = a.Text
	}
	for _, a := range arts {
		for _, mode := range []string{"full", "held-out"} {
			r := reg
			if mode == "held-out" {
				r = extract.HoldOut(reg, texts, a.ID)
			}
			d, err := extract.Extract(a.Text, r, extract.Options{})
			if err != nil {
				t.Fatalf("%s %s: %v", a.ID, mode, err)
			}
			if len(d.Facts) == 0 {
				t.Errorf("%s %s: no facts drafted", a.ID, mode)
			}
			set := loads(t, a.ID, a.Text, r, d)
			if src, ok := set.Source(a.ID); !ok || src.Facts != len(d.Facts) {
				t.Errorf("%s %s: loaded %v facts, drafted %d", a.ID, mode, src, len(d.Facts))
			}
		}
	}
}

// An article that names nothing the registry knows still gives a valid draft: its
// organizations and people come out as new entities.
func TestNoKnownEntity(t *testing.T) {
	text := "Lakeside Robotics Center opens\n\n" +
		"Updated: 2024-03-15\n\n" +
		"The Lakeside Robotics Center was jointly established by the Northfield Institute of Automation, " +
		"Harbor Precision Instruments Co., Ltd. and some other organizations, the center said on Friday.\n" +
		"Chen Wei, director of the center, said it covers an area of 12,500 square meters.\n"
	d, err := extract.Extract(text, nil, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	set := loads(t, "001_lakeside", text, nil, d)
	if n := len(set.Registry.Entities()); n < 4 {
		t.Errorf("%d new entities, want the centre, the institute, the company and Chen Wei", n)
	}
	for _, want := range []string{
		"founder lakeside-robotics-center northfield-institute-of-automation",
		"founder lakeside-robotics-center harbor-precision-instruments-co-ltd",
		"post chen-wei director lakeside-robotics-center",
		"figure lakeside-robotics-center area 12500 m2",
	} {
		if !hasFact(d, want) {
			t.Errorf("missing %q in\n%s", want, facts(d))
		}
	}
	// nothing at all to find: still a valid (empty) draft
	empty := "A quiet day.\n\nNothing happened in the town today, and nobody was appointed.\n"
	d, err = extract.Extract(empty, nil, extract.Options{Published: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	loads(t, "002_quiet", empty, nil, d)
}

func hasFact(d *extract.Draft, want string) bool {
	for _, l := range strings.Split(facts(d), "\n") {
		if l == want {
			return true
		}
	}
	return false
}

// facts renders a draft's facts one a line: "founder S O", "post P ROLE ORG",
// "figure OF MEASURE VALUE UNIT", "P S VALUE".
func facts(d *extract.Draft) string {
	var lines []string
	for _, f := range d.Facts {
		switch f.Form() {
		case "post":
			lines = append(lines, strings.Join([]string{"post", f.Person, f.Role, f.Org}, " "))
		case "figure":
			lines = append(lines, strings.Join([]string{"figure", f.Of, f.Measure, f.Value, f.Unit}, " "))
		case "relation":
			lines = append(lines, strings.Join([]string{f.P, f.S, f.O}, " "))
		default:
			lines = append(lines, strings.Join([]string{f.P, f.S, f.Value}, " "))
		}
	}
	return strings.Join(lines, "\n")
}

func TestCheckText(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"empty", "", "empty"},
		{"blank", " \n\t\n", "empty"},
		{"binary", "\x7fELF\x00\x01\x02", "binary"},
		{"latin1", "Caf\xe9 society", "not UTF-8"},
	} {
		err := extract.CheckText(tc.name+".txt", []byte(tc.data))
		if err == nil || !errors.Is(err, extract.ErrBadText) || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), tc.name+".txt: ") {
			t.Errorf("CheckText(%s) = %v, want an ErrBadText naming the file and saying %q", tc.name, err, tc.want)
		}
		if _, err := extract.Extract(tc.data, nil, extract.Options{}); !errors.Is(err, extract.ErrBadText) {
			t.Errorf("Extract(%s) = %v, want ErrBadText", tc.name, err)
		}
	}
	if err := extract.CheckText("ok.txt", []byte("An article.\n")); err != nil {
		t.Errorf("CheckText(ok) = %v", err)
	}
}

// The same text and registry give the same draft, byte for byte.
func TestDeterministic(t *testing.T) {
	arts, reg := seedArticles(t)
	for _, a := range arts {
		var one, two bytes.Buffer
		for _, b := range []*bytes.Buffer{&one, &two} {
			d, err := extract.Extract(a.Text, reg, extract.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := d.WriteYAML(b, a.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		if one.String() != two.String() {
			t.Errorf("%s: two runs differ", a.ID)
		}
	}
}

// A new entity whose name shares most words with another of its type is flagged for review.
func TestSimilarFlagged(t *testing.T) {
	text := "The Northfield Institute of Automation opened. Later the Automation Institute of Northfield hired Li Na, director of the Automation Institute of Northfield.\n"
	d, err := extract.Extract(text, []extract.Entity{{ID: "northfield-inst", Type: "ResearchOrganization", Name: "Northfield Automation Institute"}}, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range d.Entities {
		if e.Type == "ResearchOrganization" {
			n++
			if !strings.Contains(e.Similar, "northfield") {
				t.Errorf("%s: Similar = %q, want a flag", e.ID, e.Similar)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d new institutes, want 2", n)
	}
	var y bytes.Buffer
	d.WriteYAML(&y, "x", false)
	if !strings.Contains(y.String(), "# CHECK: similar to the registry's northfield-inst (Northfield Automation Institute)") {
		t.Errorf("no CHECK comment in\n%s", y.String())
	}
}
