package extract

import (
	"os"
	"testing"

	"github.com/medkg/medkg/seeds"
)

// newsSet reads one split of the real news set, failing with a clear message when the
// texts (kept outside the repository) are missing.
func newsSet(t *testing.T, split string) ([]GoldArticle, []Entity) {
	t.Helper()
	dir, err := FindNewsDir(".")
	if err != nil {
		t.Fatalf("%v", err)
	}
	arts, key, err := News(os.DirFS("testdata/news"), dir, split)
	if err != nil {
		t.Fatalf("news set: %v", err)
	}
	return arts, key
}

// seedsRegistry is what a user drafting a new article has: the seeds' registry.
func seedsRegistry(t *testing.T) []Entity {
	t.Helper()
	_, reg, err := Seeds(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func TestNewsGold(t *testing.T) {
	dev, _ := newsSet(t, "dev")
	test, _ := newsSet(t, "test")
	if len(dev) != 10 || len(test) != 10 {
		t.Fatalf("split: %d dev and %d test articles, want 10 and 10", len(dev), len(test))
	}
	for _, a := range append(dev, test...) {
		if len(a.Entities) == 0 {
			t.Errorf("%s: gold names no entity", a.ID)
		}
	}
}

// newsFloors are the scores reached on the real news set (docs/extraction.md, "Real news"),
// less about 0.02: CI fails if a change drops below them. dev is tuned on; test is held out
// and was scored once per change of approach. Raise them when the extractor improves; never
// lower them to let a change through.
var newsFloors = map[string]map[string][2]float64{
	"dev": {
		"core":         {0.91, 0.77}, // organization + founder + parentOrganization + post + location
		"all":          {0.91, 0.72},
		"organization": {0.90, 0.83},
		"person":       {0.91, 0.72},
	},
	"test": {
		"core":         {0.65, 0.47},
		"all":          {0.66, 0.47},
		"organization": {0.63, 0.70},
		"person":       {0.98, 0.55},
	},
}

func TestNewsFloors(t *testing.T) {
	known := seedsRegistry(t)
	for _, split := range []string{"dev", "test"} {
		t.Run(split, func(t *testing.T) {
			arts, key := newsSet(t, split)
			ev, err := EvaluateUnseen(arts, known, key)
			if err != nil {
				t.Fatal(err)
			}
			for typ, fl := range newsFloors[split] {
				s := ev.Sum(typ)
				switch typ {
				case "core":
					s = ev.Sum(NewsCore...)
				case "all":
					s = ev.Sum()
				}
				if s.Precision() < fl[0] || s.Recall() < fl[1] {
					t.Errorf("%s %s: precision %.3f recall %.3f, below the floors %.2f / %.2f", split, typ, s.Precision(), s.Recall(), fl[0], fl[1])
				}
			}
		})
	}
}
