package loader_test

import (
	"testing"

	"github.com/medkg/medkg/loader"
)

// An article's fact file may introduce the entities it needs (as a draft from medkg extract
// does); they join the registry, and other articles' facts may use them too.
func TestLoadArticleEntities(t *testing.T) {
	yaml := `article:
  headline: Acme founds a center
entities:
  - id: beta-lab
    type: Center
    name: Beta Laboratory
    aliases: [Beta Lab]
    note: proposed by medkg extract
facts:
  - s: beta-lab
    p: founder
    o: acme
    quote: Acme founded the Acme Center
`
	set := mustLoad(t, fixture(map[string]string{briefFile: yaml}))
	e, ok := set.Registry.Entity("beta-lab")
	if !ok || e.File != briefFile || e.Name != "Beta Laboratory" {
		t.Fatalf("Entity(beta-lab) = %+v, %v; want the entity declared in %s", e, ok, briefFile)
	}
	if got, ok := set.Registry.ByName("beta lab"); !ok || got.ID != "beta-lab" {
		t.Errorf("ByName(beta lab) = %v, %v", got, ok)
	}
	src := mustSource(t, set, "000_brief")
	if !hasQuad(src.Shared, id("beta-lab"), schema("founder"), id("acme"), nil) {
		t.Errorf("the fact about the new entity is not written")
	}
	if !hasQuad(src.Shared, id("beta-lab"), schema("name"), loader.English("Beta Laboratory"), nil) {
		t.Errorf("the new entity's name is not written")
	}
}

// A new entity may not take an id or a name the registry already has.
func TestLoadArticleEntitiesClash(t *testing.T) {
	yaml := `article:
  headline: Acme founds a center
entities:
  - id: acme
    type: Corporation
    name: Acme Two
  - id: acme-two
    type: Corporation
    name: ACME MEDICAL CO., LTD.
  - id: acme-three
    type: Gadget
    name: Acme Three
facts:
  - s: acme-center
    p: founder
    o: acme
    quote: Acme founded the Acme Center
`
	set, err := loader.Load(fixture(map[string]string{briefFile: yaml}), loader.DefaultBase)
	checkProblems(t, set, err, []problem{
		{briefFile, 4, `id "acme" is already used by the entity at registry.yaml:6`},
		{briefFile, 9, `name "ACME MEDICAL CO., LTD." of "acme-two" is already a name or alias of "acme" (registry.yaml:6)`},
		{briefFile, 11, `unknown type "Gadget"`},
	})
	set, err = loader.Load(fixture(map[string]string{briefFile: "article: {}\nentities: beta\nfacts: []\n"}), loader.DefaultBase)
	checkProblems(t, set, err, []problem{{briefFile, 2, "`entities:` must be a list"}})
}

// ReadDirRegistry adds the entities article files declare, except the skipped file's.
func TestReadDirRegistry(t *testing.T) {
	yaml := "article: {}\nentities:\n  - id: beta-lab\n    type: Center\n    name: Beta Laboratory\nfacts: []\n"
	fsys := fixture(map[string]string{briefFile: yaml})
	reg, err := loader.ReadDirRegistry(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := reg.Entity("beta-lab"); !ok {
		t.Errorf("beta-lab declared in %s is not in the registry", briefFile)
	}
	reg, err = loader.ReadDirRegistry(fsys, briefFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := reg.Entity("beta-lab"); ok {
		t.Errorf("beta-lab of the skipped file is in the registry")
	}
	if _, ok := reg.Entity("acme"); !ok {
		t.Errorf("the registry's own entities are missing")
	}
}
