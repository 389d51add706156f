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
