package loader_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/loader"
)

// The IRIs the loader must write, spelled out rather than taken from the package, so that a
// typo in the vocabulary fails a test.
const (
	nsSchema = "https://schema.org/"
	nsRDF    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsRDFS   = "http://www.w3.org/2000/01/rdf-schema#"
	nsOrg    = "http://www.w3.org/ns/org#"
	nsProv   = "http://www.w3.org/ns/prov#"
	nsDCT    = "http://purl.org/dc/terms/"
	base     = "https://example.org/medkg/"
)

func schema(s string) quad.IRI { return quad.IRI(nsSchema + s) }
func rdf(s string) quad.IRI    { return quad.IRI(nsRDF + s) }
func org(s string) quad.IRI    { return quad.IRI(nsOrg + s) }
func prov(s string) quad.IRI   { return quad.IRI(nsProv + s) }
func id(s string) quad.IRI     { return quad.IRI(base + "id/" + s) }
func vocab(s string) quad.IRI  { return quad.IRI(base + "vocab#" + s) }
func typed(v, xsdType string) quad.TypedString {
	return quad.TypedString{Value: quad.String(v), Type: quad.IRI(xsd + xsdType)}
}

// The fixture: a registry, a curated background and two articles. Line numbers matter to
// the error tests, which replace one file at a time.

// registryEntities is the registry's list without its `entities:` line, so that a test can
// put extra entities first and know their lines (2, 3, ...).
const registryEntities = `  - id: acme-center
    type: Center
    name: Acme Medical Device Center
    aliases: [Acme Center, AMDC]
  - id: acme
    type: Corporation
    name: Acme Medical Co., Ltd.
    aliases: [Acme]
  - id: li-wei
    type: Person
    name: Li Wei
  - id: han-mei
    type: Person
    name: Han Mei
  - id: daily
    type: NewsMediaOrganization
    name: Example Daily
  - id: longhua
    type: District
    name: Longhua District
    aliases: [Longhua]
  - id: shenzhen
    type: City
    name: Shenzhen
`

const registryYAML = "entities:\n" + registryEntities

const backgroundYAML = `facts:
  - s: longhua
    p: containedInPlace
    o: shenzhen
    reason: Longhua is a district of Shenzhen.
`

// acmeText has a non-breaking space in "Acme\u00a0Medical" and curly quotes, which the fact
// file's quotes write as a plain space and straight quotes.
const acmeText = "Acme center settles in Longhua\n" +
	"\n" +
	"SHENZHEN, Jan. 8 \u2014 The Acme Medical Device Center, founded by Acme\u00a0Medical Co., Ltd.,\n" +
	"settled in Longhua District on Wednesday.\n" +
	"\u201cIt is a new start,\u201d said Li Wei, director of the center.\n" +
	"Li Wei is also a professor at Acme.\n" +
	"The center was established in May 2019 with a total investment of more than RMB1.343 billion.\n" +
	"It employs 120 researchers and covers 6800.5 square meters.\n"

// acmeHeader is lines 1-6 of an article fact file; its first fact starts on line 7.
const acmeHeader = `article:
  headline: Acme center settles in Longhua
  published: 2021-01-08
  publisher: daily
  authors: [han-mei]
facts:
`

const acmeYAML = acmeHeader + `  - s: acme-center
    p: founder
    o: acme
    quote: The Acme Medical Device Center, founded by Acme Medical Co., Ltd.
  - s: acme-center
    p: foundingDate
    value: May 2019
    quote: established in May 2019
  - s: acme-center
    p: description
    value: a new start for the district
    quote: '"It is a new start," said Li Wei'
  - of: acme-center
    measure: investment
    value: 1343000000
    unit: CNY
    bound: more-than
    note: total investment
    quote: a total investment of more than RMB1.343 billion
  - of: acme-center
    measure: researchers
    value: 120
    unit: count
    quote: It employs 120 researchers
  - of: acme-center
    measure: area
    value: 6800.5
    unit: m2
    quote: covers 6800.5 square meters
  - person: li-wei
    role: director
    org: acme-center
    quote: said Li Wei, director of the center
  - person: li-wei
    role: professor
    org: acme
    quote: Li Wei is also a professor at Acme.
  - event: acme-settling
    type: Settling
    name: Settling of the Acme center in Longhua
    date: Wednesday
    about: [acme-center]
    location: longhua
    quote: settled in Longhua District on Wednesday
  - event: acme-settling
    attendee: li-wei
    quote: said Li Wei
`

// briefText and briefYAML are a second article, with no publication date, stating one fact
// the first also states. Its name sorts before the first's.
const briefText = "Acme founds a center\n\nAcme founded the Acme Center in 2019.\n"

const briefYAML = `article:
  headline: Acme founds a center
facts:
  - s: acme-center
    p: founder
    o: acme
    quote: Acme founded the Acme Center
`

const (
	acmeFile  = "articles/001_acme.yaml"
	acmeTxt   = "articles/001_acme.txt"
	briefFile = "articles/000_brief.yaml"
)

// fixture returns the valid fact directory with files replaced by replace; a file replaced
// by remove is deleted.
func fixture(replace map[string]string) fstest.MapFS {
	files := map[string]string{
		"registry.yaml":           registryYAML,
		"background.yaml":         backgroundYAML,
		acmeFile:                  acmeYAML,
		acmeTxt:                   acmeText,
		briefFile:                 briefYAML,
		"articles/000_brief.txt":  briefText,
		"articles/README.md":      "not a fact file: ignored",
		"articles/notes.yaml.bak": "ignored too",
	}
	for name, data := range replace {
		if data == remove {
			delete(files, name)
		} else {
			files[name] = data
		}
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// remove, as the content of a file in fixture's replace, deletes it.
const remove = "\x00remove\x00"

func mustLoad(t *testing.T, fsys fstest.MapFS) *loader.Set {
	t.Helper()
	set, err := loader.Load(fsys, loader.DefaultBase)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if set == nil {
		t.Fatal("Load returned a nil Set and no error")
	}
	return set
}

func mustSource(t *testing.T, set *loader.Set, name string) *loader.Source {
	t.Helper()
	src, ok := set.Source(name)
	if !ok {
		t.Fatalf("no source %q", name)
	}
	return src
}

// objects returns the objects of (s p ?) in qs, in order.
func objects(qs []quad.Quad, s quad.Value, p quad.IRI) []quad.Value {
	var out []quad.Value
	for _, q := range qs {
		if q.Subject == s && q.Predicate == p {
			out = append(out, q.Object)
		}
	}
	return out
}

// subjects returns the subjects of (? p o) in qs, in order.
func subjects(qs []quad.Quad, p quad.IRI, o quad.Value) []quad.Value {
	var out []quad.Value
	for _, q := range qs {
		if q.Predicate == p && q.Object == o {
			out = append(out, q.Subject)
		}
	}
	return out
}

// only returns the one object of (s p ?), failing the test when there is not exactly one.
func only(t *testing.T, qs []quad.Quad, s quad.Value, p quad.IRI) quad.Value {
	t.Helper()
	objs := objects(qs, s, p)
	if len(objs) != 1 {
		t.Fatalf("(%v %v ?) has %d objects %v, want 1", s, p, len(objs), objs)
	}
	return objs[0]
}

func hasQuad(qs []quad.Quad, s quad.Value, p quad.IRI, o quad.Value, label quad.Value) bool {
	return slices.Contains(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: label})
}

// claimOf returns the one claim node of src's graph that states (s p o).
func claimOf(t *testing.T, src *loader.Source, s quad.Value, p quad.IRI, o quad.Value) quad.Value {
	t.Helper()
	var found []quad.Value
	for _, c := range subjects(src.Own, rdf("subject"), s) {
		if hasQuad(src.Own, c, rdf("predicate"), p, src.IRI) && hasQuad(src.Own, c, rdf("object"), o, src.IRI) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s: %d claims of (%v %v %v), want 1", src.ID, len(found), s, p, o)
	}
	return found[0]
}

// figureOf returns the one figure node of entity that has the given measure.
func figureOf(t *testing.T, shared []quad.Quad, entity quad.IRI, measure string) quad.Value {
	t.Helper()
	var found []quad.Value
	for _, f := range objects(shared, entity, vocab("figure")) {
		if slices.Contains(objects(shared, f, schema("propertyID")), quad.Value(quad.String(measure))) {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d figures of %v measuring %q, want 1", len(found), entity, measure)
	}
	return found[0]
}

func TestLoadSources(t *testing.T) {
	set := mustLoad(t, fixture(nil))
	var ids []string
	for _, src := range set.Sources {
		ids = append(ids, src.ID)
	}
	if want := []string{"background", "000_brief", "001_acme"}; !slices.Equal(ids, want) {
		t.Fatalf("source IDs = %q, want %q (background first, then articles by file name)", ids, want)
	}
	tests := []struct {
		id, iri, file, title string
		facts                int
		entities             []string
	}{
		{"background", base + "graph/background", "background.yaml", "medkg curated background",
			1, []string{"longhua", "shenzhen"}},
		{"000_brief", base + "article/000_brief", briefFile, "Acme founds a center",
			1, []string{"acme", "acme-center"}},
		{"001_acme", base + "article/001_acme", acmeFile, "Acme center settles in Longhua",
			10, []string{"acme", "acme-center", "daily", "han-mei", "li-wei", "longhua"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			src := mustSource(t, set, tt.id)
			if byIRI, ok := set.Source(tt.iri); !ok || byIRI != src {
				t.Errorf("Source(%q) = %v, %v; want the source %s", tt.iri, byIRI, ok, tt.id)
			}
			if string(src.IRI) != tt.iri || src.File != tt.file || src.Title != tt.title {
				t.Errorf("IRI, File, Title = %q, %q, %q; want %q, %q, %q", src.IRI, src.File, src.Title, tt.iri, tt.file, tt.title)
			}
			if src.Facts != tt.facts {
				t.Errorf("Facts = %d, want %d", src.Facts, tt.facts)
			}
			if !slices.Equal(src.Entities, tt.entities) {
				t.Errorf("Entities = %q, want %q", src.Entities, tt.entities)
			}
			for _, q := range src.Own {
				if q.Label != src.IRI {
					t.Errorf("own quad %v: label %v, want %v", q, q.Label, src.IRI)
				}
			}
			for _, q := range src.Shared {
				if q.Label != nil {
					t.Errorf("shared quad %v has label %v, want none", q, q.Label)
				}
			}
			for name, qs := range map[string][]quad.Quad{"Own": src.Own, "Shared": src.Shared} {
				seen := map[quad.Quad]bool{}
				for _, q := range qs {
					if seen[q] {
						t.Errorf("%s holds %v twice", name, q)
					}
					seen[q] = true
				}
			}
		})
	}
	if _, ok := set.Source("002_missing"); ok {
		t.Error(`Source("002_missing") found a source`)
	}
}

func TestLoadArticleMetadata(t *testing.T) {
	src := mustSource(t, mustLoad(t, fixture(nil)), "001_acme")
	a := src.IRI
	tests := []struct {
		p quad.IRI
		o quad.Value
	}{
		{rdf("type"), schema("NewsArticle")},
		{schema("identifier"), quad.String("001_acme")},
		{schema("headline"), loader.English("Acme center settles in Longhua")},
		{schema("datePublished"), typed("2021-01-08", "date")},
		{schema("publisher"), id("daily")},
		{schema("author"), id("han-mei")},
		{schema("mentions"), id("acme-center")},
		{schema("mentions"), id("li-wei")},
		{schema("mentions"), id("longhua")},
	}
	for _, tt := range tests {
		if !hasQuad(src.Own, a, tt.p, tt.o, a) {
			t.Errorf("article graph lacks <%s> <%s> %v", a, tt.p, tt.o)
		}
	}
	if got := objects(src.Own, a, schema("mentions")); len(got) != len(src.Entities) {
		t.Errorf("article mentions %d entities %v, want one per entity of Entities %q", len(got), got, src.Entities)
	}
	if got := objects(src.Own, a, schema("editor")); got != nil {
		t.Errorf("article has editors %v, but the header names none", got)
	}
}

func TestLoadRelationClaim(t *testing.T) {
	set := mustLoad(t, fixture(nil))
	src := mustSource(t, set, "001_acme")
	s, p, o := id("acme-center"), schema("founder"), id("acme")
	if !hasQuad(src.Shared, s, p, o, nil) {
		t.Fatalf("shared graph lacks <%s> <%s> <%s>", s, p, o)
	}
	c := claimOf(t, src, s, p, o)
	if iri, ok := c.(quad.IRI); !ok || !strings.HasPrefix(string(iri), base+"claim/001_acme/") {
		t.Errorf("claim node %v, want an IRI under %sclaim/001_acme/", c, base)
	}
	want := map[quad.IRI]quad.Value{
		rdf("type"):                  rdf("Statement"),
		prov("value"):                loader.English("The Acme Medical Device Center, founded by Acme\u00a0Medical Co., Ltd."),
		prov("wasQuotedFrom"):        src.IRI,
		quad.IRI(nsRDFS + "comment"): nil,
		prov("wasDerivedFrom"):       nil,
	}
	for pred, wantObj := range want {
		got := objects(src.Own, c, pred)
		switch {
		case wantObj == nil && got != nil:
			t.Errorf("claim has %v %v, want none (an article claim has a quote)", pred, got)
		case wantObj != nil && (len(got) != 1 || got[0] != wantObj):
			t.Errorf("claim %v = %v, want [%v]", pred, got, wantObj)
		}
	}

	// The other article states the same fact: one shared edge each, two claims, two quotes.
	brief := mustSource(t, set, "000_brief")
	if !hasQuad(brief.Shared, s, p, o, nil) {
		t.Errorf("000_brief's shared graph lacks the founder fact it states")
	}
	bc := claimOf(t, brief, s, p, o)
	if bc == c {
		t.Errorf("two sources share the claim node %v; each source needs its own", c)
	}
	if got := only(t, brief.Own, bc, prov("value")); got != loader.English("Acme founded the Acme Center") {
		t.Errorf("000_brief claim quote = %v", got)
	}
}

func TestLoadVerbatimQuote(t *testing.T) {
	src := mustSource(t, mustLoad(t, fixture(nil)), "001_acme")
	c := claimOf(t, src, id("acme-center"), schema("description"), loader.English("a new start for the district"))
	// The fact file writes straight quotes; the article has curly ones.
	want := loader.English("\u201cIt is a new start,\u201d said Li Wei")
	if got := only(t, src.Own, c, prov("value")); got != want {
		t.Errorf("prov:value = %v, want the article's own characters %v", got, want)
	}
}

func TestLoadDates(t *testing.T) {
	set := mustLoad(t, fixture(nil))
	src := mustSource(t, set, "001_acme")
	tests := []struct {
		s    quad.IRI
		p    quad.IRI
		want quad.Value
	}{
		{id("acme-center"), schema("foundingDate"), typed("2019-05", "gYearMonth")},
		{quad.IRI(base + "event/acme-settling"), schema("startDate"), typed("2021-01-06", "date")}, // "Wednesday", published Friday 2021-01-08
	}
	for _, tt := range tests {
		if got := objects(src.Shared, tt.s, tt.p); len(got) != 1 || got[0] != tt.want {
			t.Errorf("(%v %v) = %v, want [%v]", tt.s, tt.p, got, tt.want)
		}
	}
}

func TestLoadEntities(t *testing.T) {
	set := mustLoad(t, fixture(nil))
	src := mustSource(t, set, "001_acme")
	tests := []struct {
		id      string
		types   []quad.Value
		name    string
		aliases []quad.Value
	}{
		{"acme-center", []quad.Value{vocab("Center"), schema("ResearchOrganization"), schema("Organization")}, "Acme Medical Device Center",
			[]quad.Value{loader.English("Acme Center"), loader.English("AMDC")}},
		{"acme", []quad.Value{schema("Corporation"), schema("Organization")}, "Acme Medical Co., Ltd.",
			[]quad.Value{loader.English("Acme")}},
		{"daily", []quad.Value{schema("NewsMediaOrganization"), schema("Organization")}, "Example Daily", nil},
		{"li-wei", []quad.Value{schema("Person")}, "Li Wei", nil},
		{"longhua", []quad.Value{vocab("District"), schema("AdministrativeArea"), schema("Place")}, "Longhua District",
			[]quad.Value{loader.English("Longhua")}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			e := id(tt.id)
			if got := objects(src.Shared, e, rdf("type")); !reflect.DeepEqual(got, tt.types) {
				t.Errorf("rdf:type = %v, want %v", got, tt.types)
			}
			if got := objects(src.Shared, e, schema("name")); len(got) != 1 || got[0] != loader.English(tt.name) {
				t.Errorf("schema:name = %v, want [%q]", got, tt.name)
			}
			if got := objects(src.Shared, e, schema("alternateName")); !reflect.DeepEqual(got, tt.aliases) {
				t.Errorf("schema:alternateName = %v, want %v", got, tt.aliases)
			}
			// The registry, not the article, is the evidence of a name.
			c := claimOf(t, src, e, schema("name"), loader.English(tt.name))
			if got := only(t, src.Own, c, prov("wasDerivedFrom")); got != quad.IRI(base+"registry") {
				t.Errorf("name claim derived from %v, want the registry", got)
			}
			if got := only(t, src.Own, c, quad.IRI(nsDCT+"isReferencedBy")); got != src.IRI {
				t.Errorf("name claim referenced by %v, want %v", got, src.IRI)
			}
			if got := objects(src.Own, c, prov("value")); got != nil {
				t.Errorf("name claim has a quote %v; it comes from the registry", got)
			}
		})
	}
	if got := objects(src.Shared, id("shenzhen"), rdf("type")); got != nil {
		t.Errorf("001_acme describes shenzhen (%v), which it never mentions", got)
	}
}

func TestLoadFigures(t *testing.T) {
	src := mustSource(t, mustLoad(t, fixture(nil)), "001_acme")
	e := id("acme-center")
	tests := []struct {
		measure string
		want    map[quad.IRI][]quad.Value // predicates absent from want must have no value
	}{
		{"investment", map[quad.IRI][]quad.Value{
			// money: the figure's value is a schema:MonetaryAmount (checked below)
			schema("description"): {loader.English("total investment")},
		}},
		{"researchers", map[quad.IRI][]quad.Value{
			schema("value"): {typed("120", "integer")},
		}},
		{"area", map[quad.IRI][]quad.Value{
			schema("value"):    {typed("6800.5", "decimal")},
			schema("unitCode"): {quad.String("MTK")},
			schema("unitText"): {loader.English("square metre")},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.measure, func(t *testing.T) {
			f := figureOf(t, src.Shared, e, tt.measure)
			iri, ok := f.(quad.IRI)
			if !ok || !strings.HasPrefix(string(iri), base+"figure/acme-center/"+tt.measure+"/") {
				t.Errorf("figure node %v, want an IRI under %sfigure/acme-center/%s/", f, base, tt.measure)
			}
			if got := objects(src.Shared, f, rdf("type")); !reflect.DeepEqual(got, []quad.Value{schema("PropertyValue")}) {
				t.Errorf("rdf:type = %v, want schema:PropertyValue", got)
			}
			if tt.measure == "investment" {
				amount := quad.IRI(string(iri) + "/amount")
				if got := objects(src.Shared, f, schema("value")); !reflect.DeepEqual(got, []quad.Value{amount}) {
					t.Errorf("schema:value = %v, want the MonetaryAmount %v", got, amount)
				}
				for p, want := range map[quad.IRI][]quad.Value{
					rdf("type"):        {schema("MonetaryAmount")},
					schema("minValue"): {typed("1343000000", "integer")},
					schema("currency"): {quad.String("CNY")},
					schema("value"):    nil,
				} {
					if got := objects(src.Shared, amount, p); !reflect.DeepEqual(got, want) {
						t.Errorf("amount %v = %v, want %v", p, got, want)
					}
				}
			}
			for _, p := range []string{"value", "minValue", "currency", "unitCode", "unitText", "description"} {
				if tt.measure == "investment" && p == "value" {
					continue
				}
				got := objects(src.Shared, f, schema(p))
				if want := tt.want[schema(p)]; !reflect.DeepEqual(got, want) {
					t.Errorf("schema:%s = %v, want %v", p, got, want)
				}
			}
			c := claimOf(t, src, e, vocab("figure"), f)
			if got := objects(src.Own, c, prov("value")); len(got) != 1 {
				t.Errorf("figure claim quotes %v, want one quote", got)
			}
		})
	}
}

func TestLoadPosts(t *testing.T) {
	src := mustSource(t, mustLoad(t, fixture(nil)), "001_acme")
	tests := []struct {
		org, role string
		head      bool
	}{
		{"acme-center", "director", true},
		{"acme", "professor", false},
	}
	for _, tt := range tests {
		t.Run(tt.role, func(t *testing.T) {
			m := quad.IRI(base + "membership/li-wei/" + tt.org + "/" + tt.role)
			role := quad.IRI(base + "role/" + tt.role)
			for _, want := range []quad.Quad{
				{Subject: m, Predicate: rdf("type"), Object: org("Membership")},
				{Subject: m, Predicate: org("member"), Object: id("li-wei")},
				{Subject: m, Predicate: org("organization"), Object: id(tt.org)},
				{Subject: m, Predicate: org("role"), Object: role},
				{Subject: role, Predicate: rdf("type"), Object: org("Role")},
				{Subject: role, Predicate: quad.IRI(nsRDFS + "label"), Object: loader.English(tt.role)},
			} {
				if !slices.Contains(src.Shared, want) {
					t.Errorf("shared graph lacks %v", want)
				}
			}
			if got := hasQuad(src.Shared, id("li-wei"), org("headOf"), id(tt.org), nil); got != tt.head {
				t.Errorf("li-wei org:headOf %s: %v, want %v", tt.org, got, tt.head)
			}
		})
	}
	c := claimOf(t, src, id("li-wei"), org("headOf"), id("acme-center"))
	if got := only(t, src.Own, c, prov("value")); got != loader.English("said Li Wei, director of the center") {
		t.Errorf("headOf claim quote = %v", got)
	}
}

func TestLoadEvent(t *testing.T) {
	src := mustSource(t, mustLoad(t, fixture(nil)), "001_acme")
	e := quad.IRI(base + "event/acme-settling")
	tests := []struct {
		p    quad.IRI
		want []quad.Value
	}{
		{rdf("type"), []quad.Value{vocab("Settling"), schema("Event")}},
		{schema("name"), []quad.Value{loader.English("Settling of the Acme center in Longhua")}},
		{schema("startDate"), []quad.Value{typed("2021-01-06", "date")}},
		{schema("about"), []quad.Value{id("acme-center")}},
		{schema("location"), []quad.Value{id("longhua")}},
		{schema("attendee"), []quad.Value{id("li-wei")}}, // from the event's second item
	}
	for _, tt := range tests {
		if got := objects(src.Shared, e, tt.p); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("event %v = %v, want %v", tt.p, got, tt.want)
		}
	}
	c := claimOf(t, src, e, schema("attendee"), id("li-wei"))
	if got := only(t, src.Own, c, prov("value")); got != loader.English("said Li Wei") {
		t.Errorf("attendee claim quote = %v, want the second item's quote", got)
	}
}

func TestLoadBackground(t *testing.T) {
	src := mustSource(t, mustLoad(t, fixture(nil)), "background")
	g := quad.IRI(base + "graph/background")
	if src.IRI != g {
		t.Fatalf("background IRI = %v, want %v", src.IRI, g)
	}
	if !hasQuad(src.Own, g, rdf("type"), schema("Dataset"), g) {
		t.Errorf("background graph lacks <%s> a schema:Dataset", g)
	}
	s, p, o := id("longhua"), schema("containedInPlace"), id("shenzhen")
	if !hasQuad(src.Shared, s, p, o, nil) {
		t.Fatalf("shared graph lacks the background fact")
	}
	c := claimOf(t, src, s, p, o)
	if got := only(t, src.Own, c, quad.IRI(nsRDFS+"comment")); got != loader.English("Longhua is a district of Shenzhen.") {
		t.Errorf("rdfs:comment = %v, want the reason", got)
	}
	if got := only(t, src.Own, c, prov("wasDerivedFrom")); got != g {
		t.Errorf("prov:wasDerivedFrom = %v, want %v", got, g)
	}
	if got := objects(src.Own, c, prov("value")); got != nil {
		t.Errorf("background claim has a quote %v", got)
	}
}

func TestLoadRegistry(t *testing.T) {
	reg := mustLoad(t, fixture(nil)).Registry
	var ids []string
	for _, e := range reg.Entities() {
		ids = append(ids, e.ID)
	}
	if want := []string{"acme", "acme-center", "daily", "han-mei", "li-wei", "longhua", "shenzhen"}; !slices.Equal(ids, want) {
		t.Errorf("Entities() = %q, want %q (sorted by id)", ids, want)
	}
	tests := []struct {
		name   string
		wantID string // "" for no entity
	}{
		{"Acme Medical Device Center", "acme-center"},
		{"amdc", "acme-center"},
		{"ACME  center", "acme-center"},
		{"Acme\u00a0Center", "acme-center"},
		{"acme", "acme"},
		{"Acme Medical", ""},
	}
	for _, tt := range tests {
		e, ok := reg.ByName(tt.name)
		if got := ""; ok {
			got = e.ID
			if got != tt.wantID {
				t.Errorf("ByName(%q) = %q, want %q", tt.name, got, tt.wantID)
			}
		} else if tt.wantID != "" {
			t.Errorf("ByName(%q) found nothing, want %q", tt.name, tt.wantID)
		}
	}
	e, ok := reg.Entity("longhua")
	if !ok || e.Name != "Longhua District" || e.Type.Name != "District" || e.File != "registry.yaml" || e.Line != 19 {
		t.Errorf("Entity(longhua) = %+v, %v; want Longhua District, a District at registry.yaml:19", e, ok)
	}
}

func TestLoadDeterministic(t *testing.T) {
	a := mustLoad(t, fixture(nil))
	b := mustLoad(t, fixture(nil))
	if len(a.Sources) != len(b.Sources) {
		t.Fatalf("%d sources, then %d", len(a.Sources), len(b.Sources))
	}
	for i := range a.Sources {
		if !reflect.DeepEqual(a.Sources[i], b.Sources[i]) {
			t.Errorf("source %s differs between two loads of the same files", a.Sources[i].ID)
		}
	}
}

func TestLoadBase(t *testing.T) {
	const other = "https://kg.example.com/x/"
	set, err := loader.Load(fixture(nil), other)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	src := mustSource(t, set, "001_acme")
	if src.IRI != quad.IRI(other+"article/001_acme") {
		t.Errorf("article IRI = %v, want it under %s", src.IRI, other)
	}
	s, o := quad.IRI(other+"id/acme-center"), quad.IRI(other+"id/acme")
	if !hasQuad(src.Shared, s, schema("founder"), o, nil) {
		t.Errorf("shared graph lacks the founder fact under base %s", other)
	}
	if !hasQuad(src.Shared, s, rdf("type"), quad.IRI(other+"vocab#Center"), nil) {
		t.Errorf("shared graph lacks the medkg:Center type under base %s", other)
	}

	for _, bad := range []string{"", "example.org/medkg/", "/medkg/", "https://example.org/medkg", "https://example.org/my kg/", "https://example.org/{kg}/"} {
		set, err := loader.Load(fixture(nil), bad)
		if err == nil || set != nil {
			t.Errorf("Load(base %q) = %v, %v; want an error and no Set", bad, set, err)
		}
		var ps loader.Problems
		if errors.As(err, &ps) {
			t.Errorf("Load(base %q) error is Problems (%v); a bad base is not a file's problem", bad, err)
		}
		if err := loader.CheckBase(bad); err == nil {
			t.Errorf("CheckBase(%q) = nil, want an error", bad)
		}
	}
	for _, good := range []string{loader.DefaultBase, "http://kg.example.com/#", "urn:medkg/"} {
		if err := loader.CheckBase(good); err != nil {
			t.Errorf("CheckBase(%q) = %v, want nil", good, err)
		}
	}
}

// problem is an expected loader.Problem: where, and a distinctive part of what.
type problem struct {
	file   string
	line   int
	phrase string
}

// checkProblems asserts that err is the Problems want, in order, and that its message
// starts each line with file:line: (file: alone for a whole-file problem).
func checkProblems(t *testing.T, set *loader.Set, err error, want []problem) {
	t.Helper()
	if set != nil {
		t.Errorf("Load returned a Set with its problems; want nil")
	}
	var ps loader.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load error = %v (%T), want loader.Problems", err, err)
	}
	if len(ps) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(ps), len(want), err)
	}
	lines := strings.Split(err.Error(), "\n")
	for i := range min(len(ps), len(want)) {
		p, w := ps[i], want[i]
		if p.File != w.file || p.Line != w.line || !strings.Contains(p.Msg, w.phrase) {
			t.Errorf("problem %d = %s:%d: %s\nwant %s:%d: ...%s...", i, p.File, p.Line, p.Msg, w.file, w.line, w.phrase)
		}
		prefix := fmt.Sprintf("%s:%d: ", w.file, w.line)
		if w.line == 0 {
			prefix = w.file + ": "
		}
		if i < len(lines) && !strings.HasPrefix(lines[i], prefix) {
			t.Errorf("error line %d = %q, want it to start with %q", i, lines[i], prefix)
		}
	}
}

func TestLoadProblems(t *testing.T) {
	// A relation fact of the acme article, on lines 7-10.
	founder := func(o, quote string) string {
		return acmeHeader + "  - s: acme-center\n    p: founder\n    o: " + o + "\n    quote: " + quote + "\n"
	}
	const foundedQuote = "founded by Acme Medical Co., Ltd."
	tests := []struct {
		name    string
		replace map[string]string
		want    []problem
	}{
		{
			name:    "malformed YAML",
			replace: map[string]string{acmeFile: founder("acme", "Li Wei: director of the center")},
			want:    []problem{{acmeFile, 10, "malformed YAML: mapping values are not allowed"}},
		},
		{
			name:    "tab in indentation",
			replace: map[string]string{"background.yaml": "facts:\n\t- s: longhua\n"},
			want:    []problem{{"background.yaml", 2, "malformed YAML: "}},
		},
		{
			name:    "top level is a list",
			replace: map[string]string{"background.yaml": "- s: longhua\n"},
			want:    []problem{{"background.yaml", 1, "expected a YAML mapping at the top level"}},
		},
		{
			name:    "unknown entity id",
			replace: map[string]string{acmeFile: founder("acme-centre", foundedQuote)},
			want:    []problem{{acmeFile, 9, `unknown entity "acme-centre": add it to the registry or fix the id (did you mean "acme-center"?)`}},
		},
		{
			name:    "unknown entity id, nothing close",
			replace: map[string]string{acmeFile: founder("mindray", foundedQuote)},
			want:    []problem{{acmeFile, 9, `unknown entity "mindray": add it to the registry or fix the id`}},
		},
		{
			name:    "unknown publisher",
			replace: map[string]string{acmeFile: strings.Replace(founder("acme", foundedQuote), "publisher: daily", "publisher: dayly", 1)},
			want:    []problem{{acmeFile, 4, `unknown entity "dayly": add it to the registry or fix the id (did you mean "daily"?)`}},
		},
		{
			name:    "quote not in article",
			replace: map[string]string{acmeFile: founder("acme", "founded by Acme Medical Group")},
			want:    []problem{{acmeFile, 10, `quote not found in the article: "founded by Acme Medical Group"`}},
		},
		{
			name:    "quote differs in case",
			replace: map[string]string{acmeFile: founder("acme", "Founded by Acme Medical Co., Ltd.")},
			want:    []problem{{acmeFile, 10, `quote not found in the article: "Founded by`}},
		},
		{
			name: "unparsable date",
			replace: map[string]string{acmeFile: acmeHeader + `  - s: acme-center
    p: foundingDate
    value: sometime in 2019
    quote: established in May 2019
`},
			want: []problem{{acmeFile, 9, `cannot read date "sometime in 2019"`}},
		},
		{
			name: "impossible date",
			replace: map[string]string{acmeFile: acmeHeader + `  - s: acme-center
    p: foundingDate
    value: 2021-02-30
    quote: established in May 2019
`},
			want: []problem{{acmeFile, 9, `date "2021-02-30" is not a day of the calendar`}},
		},
		{
			name: "relative date and no published date",
			replace: map[string]string{acmeFile: `article:
  headline: Acme center settles in Longhua
facts:
  - event: acme-settling
    type: Settling
    name: Settling of the Acme center
    date: Wednesday
    quote: settled in Longhua District on Wednesday
`},
			want: []problem{{acmeFile, 7, `date "Wednesday" is relative but the article has no published date`}},
		},
		{
			name:    "published is not a date",
			replace: map[string]string{acmeFile: strings.Replace(founder("acme", foundedQuote), "2021-01-08", "Jan 8, 2021", 1)},
			want:    []problem{{acmeFile, 3, `published "Jan 8, 2021" must be a date YYYY-MM-DD`}},
		},
		{
			name:    "headline not in the article",
			replace: map[string]string{acmeFile: strings.Replace(founder("acme", foundedQuote), "settles in Longhua", "settles in Shenzhen", 1)},
			want:    []problem{{acmeFile, 2, `headline "Acme center settles in Shenzhen" is not in articles/001_acme.txt`}},
		},
		{
			name: "unknown predicate",
			replace: map[string]string{acmeFile: acmeHeader + `  - s: acme-center
    p: foundedBy
    o: acme
    quote: founded by Acme Medical Co., Ltd.
`},
			want: []problem{{acmeFile, 8, `unknown predicate "foundedBy": use one of founder, parentOrganization,`}},
		},
		{
			name: "person as subject of parentOrganization",
			replace: map[string]string{acmeFile: acmeHeader + `  - s: li-wei
    p: parentOrganization
    o: acme
    quote: Li Wei is also a professor at Acme.
`},
			want: []problem{{acmeFile, 7, `"parentOrganization" needs a subject that is an organization, but "li-wei" is a person`}},
		},
		{
			name:    "place as object of founder",
			replace: map[string]string{acmeFile: founder("longhua", foundedQuote)},
			want:    []problem{{acmeFile, 9, `"founder" needs an organization or a person, but "longhua" is a place`}},
		},
		{
			name: "date predicate given an entity",
			replace: map[string]string{acmeFile: acmeHeader + `  - s: acme-center
    p: foundingDate
    o: acme
    quote: established in May 2019
`},
			want: []problem{{acmeFile, 9, `"foundingDate" takes a date: give ` + "`value:`"}},
		},
		{
			name: "relation given a value",
			replace: map[string]string{acmeFile: acmeHeader + `  - s: acme-center
    p: founder
    value: Acme
    quote: founded by Acme Medical Co., Ltd.
`},
			want: []problem{{acmeFile, 9, `"founder" links two entities: give ` + "`o:`"}},
		},
		{
			name: "duplicate entity id",
			replace: map[string]string{"registry.yaml": `entities:
  - id: lab
    type: Center
    name: Acme Lab
  - id: lab
    type: Center
    name: Acme Laboratory
` + registryEntities},
			want: []problem{{"registry.yaml", 5, `id "lab" is already used by the entity at line 2`}},
		},
		{
			name: "one alias of two entities",
			replace: map[string]string{"registry.yaml": `entities:
  - id: lab
    type: Center
    name: Acme Lab
    aliases: [The Lab]
  - id: lab-two
    type: Center
    name: Acme Laboratory Two
    aliases: [Lab Two, the lab]
` + registryEntities},
			want: []problem{{"registry.yaml", 9, `alias "the lab" of "lab-two" is already a name or alias of "lab" (line 2)`}},
		},
		{
			name: "alias is another entity's name",
			replace: map[string]string{"registry.yaml": `entities:
  - id: lab
    type: Center
    name: Acme Lab
  - id: lab-two
    type: Center
    name: Acme Laboratory Two
    aliases: [ACME LAB]
` + registryEntities},
			want: []problem{{"registry.yaml", 8, `alias "ACME LAB" of "lab-two" is already a name or alias of "lab" (line 2)`}},
		},
		{
			name: "unknown entity type",
			replace: map[string]string{"registry.yaml": `entities:
  - id: lab
    type: Laboratory
    name: Acme Lab
` + registryEntities},
			want: []problem{{"registry.yaml", 3, `unknown type "Laboratory": use one of Organization, GovernmentOrganization,`}},
		},
		{
			name: "entity id not a slug",
			replace: map[string]string{"registry.yaml": `entities:
  - id: Acme_Lab
    type: Center
    name: Acme Lab
` + registryEntities},
			want: []problem{{"registry.yaml", 2, `id "Acme_Lab" must be lower-case letters, digits and single dashes`}},
		},
		{
			name: "entity without a name",
			replace: map[string]string{"registry.yaml": `entities:
  - id: lab
    type: Center
` + registryEntities},
			want: []problem{{"registry.yaml", 2, `missing "name"`}},
		},
		{
			name:    "registry without entities",
			replace: map[string]string{"registry.yaml": "entity: []\n", acmeFile: remove, briefFile: remove, "background.yaml": remove},
			want: []problem{
				{"articles", 0, "no article fact files (*.yaml) found"},
				{"registry.yaml", 1, `unknown key "entity" in the registry`},
				{"registry.yaml", 1, "expected `entities:` with a list of entities"},
			},
		},
		{
			name:    "empty fact file",
			replace: map[string]string{acmeFile: ""},
			want:    []problem{{acmeFile, 0, "file is empty"}},
		},
		{
			name:    "empty article text",
			replace: map[string]string{acmeTxt: ""},
			want:    []problem{{acmeTxt, 0, "file is empty"}},
		},
		{
			name:    "binary article text",
			replace: map[string]string{acmeTxt: "Acme center settles in Longhua\x00\x01\x02"},
			want:    []problem{{acmeTxt, 0, "not UTF-8 text (binary file?)"}},
		},
		{
			name:    "article text not UTF-8",
			replace: map[string]string{acmeTxt: "Acme center settles in Longhua \xe9t\xe9"},
			want:    []problem{{acmeTxt, 0, "not UTF-8 text"}},
		},
		{
			name:    "binary fact file",
			replace: map[string]string{"background.yaml": "facts: []\x00"},
			want:    []problem{{"background.yaml", 0, "not UTF-8 text (binary file?)"}},
		},
		{
			name:    "oversized article text",
			replace: map[string]string{acmeTxt: acmeText + strings.Repeat("x", loader.MaxFileSize)},
			want:    []problem{{acmeTxt, 0, fmt.Sprintf("file is %d bytes, over the %d-byte limit", len(acmeText)+loader.MaxFileSize, loader.MaxFileSize)}},
		},
		{
			name:    "missing article text",
			replace: map[string]string{acmeTxt: remove},
			want:    []problem{{acmeTxt, 0, "file not found"}},
		},
		{
			name:    "missing text named by text:",
			replace: map[string]string{acmeFile: strings.Replace(founder("acme", foundedQuote), "article:\n", "article:\n  text: acme.txt\n", 1)},
			want:    []problem{{"articles/acme.txt", 0, "file not found"}},
		},
		{
			name:    "missing registry",
			replace: map[string]string{"registry.yaml": remove, acmeFile: remove, briefFile: remove, "background.yaml": "facts: []\n"},
			want: []problem{
				{"articles", 0, "no article fact files"},
				{"registry.yaml", 0, "file not found"},
			},
		},
		{
			name: "background fact with a quote",
			replace: map[string]string{"background.yaml": `facts:
  - s: longhua
    p: containedInPlace
    o: shenzhen
    quote: Longhua is in Shenzhen
`},
			want: []problem{{"background.yaml", 5, "background facts have a `reason:`, not a quote"}},
		},
		{
			name: "background fact without a reason",
			replace: map[string]string{"background.yaml": `facts:
  - s: longhua
    p: containedInPlace
    o: shenzhen
`},
			want: []problem{{"background.yaml", 2, "missing `reason:`"}},
		},
		{
			name: "article fact with no quote",
			replace: map[string]string{acmeFile: acmeHeader + `  - s: acme-center
    p: founder
    o: acme
`},
			want: []problem{{acmeFile, 7, "missing `quote:`: copy the sentence of the article"}},
		},
		{
			name: "article fact with a reason",
			replace: map[string]string{acmeFile: acmeHeader + `  - s: acme-center
    p: founder
    o: acme
    reason: everyone knows
`},
			want: []problem{{acmeFile, 10, "an article's fact needs a `quote:` from the article, not a reason"}},
		},
		{
			name: "unknown key",
			replace: map[string]string{acmeFile: acmeHeader + `  - s: acme-center
    p: founder
    o: acme
    quote: founded by Acme Medical Co., Ltd.
    source: Xinhua
`},
			want: []problem{{acmeFile, 11, `unknown key "source" in a relation fact`}},
		},
		{
			name:    "unknown key in the header",
			replace: map[string]string{acmeFile: strings.Replace(founder("acme", foundedQuote), "facts:\n", "  date: 2021-01-08\nfacts:\n", 1)},
			want:    []problem{{acmeFile, 6, `unknown key "date" in the article header`}},
		},
		{
			name: "key given twice",
			replace: map[string]string{acmeFile: acmeHeader + `  - s: acme-center
    p: founder
    o: acme
    o: daily
    quote: founded by Acme Medical Co., Ltd.
`},
			want: []problem{{acmeFile, 10, `key "o" appears twice`}},
		},
		{
			name: "fact of no known form",
			replace: map[string]string{acmeFile: acmeHeader + `  - subject: acme-center
    quote: founded by Acme Medical Co., Ltd.
`},
			want: []problem{{acmeFile, 7, "cannot tell what this fact is"}},
		},
		{
			name: "figure value with commas",
			replace: map[string]string{acmeFile: acmeHeader + `  - of: acme-center
    measure: investment
    value: 1,343
    unit: CNY
    quote: a total investment of more than RMB1.343 billion
`},
			want: []problem{{acmeFile, 9, `value "1,343" must be a plain number such as 1343000000`}},
		},
		{
			name: "figure with words, unknown unit and bound",
			replace: map[string]string{acmeFile: acmeHeader + `  - of: acme-center
    measure: Investment
    value: 1.343 billion
    unit: USD
    bound: about
    quote: a total investment of more than RMB1.343 billion
`},
			want: []problem{
				{acmeFile, 8, `measure "Investment" must be a slug`},
				{acmeFile, 9, `value "1.343 billion" must be a plain number`},
				{acmeFile, 10, `unknown unit "USD": use CNY, m2 or count`},
				{acmeFile, 11, `bound "about" must be exact or more-than`},
			},
		},
		{
			name: "unknown role",
			replace: map[string]string{acmeFile: acmeHeader + `  - person: li-wei
    role: janitor
    org: acme-center
    quote: said Li Wei, director of the center
`},
			want: []problem{{acmeFile, 8, `unknown role "janitor": use one of academician, assistant-dean,`}},
		},
		{
			name: "organization in a person's post",
			replace: map[string]string{acmeFile: acmeHeader + `  - person: acme
    role: director
    org: acme-center
    quote: said Li Wei, director of the center
`},
			want: []problem{{acmeFile, 7, `"person" needs a person, but "acme" is an organization`}},
		},
		{
			name: "event with no type",
			replace: map[string]string{acmeFile: acmeHeader + `  - event: acme-settling
    name: Settling of the Acme center
    quote: settled in Longhua District on Wednesday
`},
			want: []problem{{acmeFile, 7, "event \"acme-settling\" has no `type:` (one of Signing, Unveiling,"}},
		},
		{
			name: "event with no name",
			replace: map[string]string{acmeFile: acmeHeader + `  - event: acme-settling
    type: Settling
    quote: settled in Longhua District on Wednesday
`},
			want: []problem{{acmeFile, 7, "event \"acme-settling\" has no `name:`"}},
		},
		{
			name: "unknown event type",
			replace: map[string]string{acmeFile: acmeHeader + `  - event: acme-settling
    type: Party
    name: Settling of the Acme center
    quote: settled in Longhua District on Wednesday
`},
			want: []problem{{acmeFile, 8, `unknown event type "Party": use one of Signing,`}},
		},
		{
			name: "event id not a slug",
			replace: map[string]string{acmeFile: acmeHeader + `  - event: Acme_Settling
    type: Settling
    name: Settling of the Acme center
    quote: settled in Longhua District on Wednesday
`},
			want: []problem{{acmeFile, 7, `event id "Acme_Settling" must be lower-case letters`}},
		},
		{
			name: "person as an event's location",
			replace: map[string]string{acmeFile: acmeHeader + `  - event: acme-settling
    type: Settling
    name: Settling of the Acme center
    location: [longhua, li-wei]
    quote: settled in Longhua District on Wednesday
`},
			want: []problem{{acmeFile, 10, `"location" needs a place or an organization, but "li-wei" is a person`}},
		},
		{
			name:    "facts not a list",
			replace: map[string]string{acmeFile: acmeHeader[:len(acmeHeader)-1] + " none\n"},
			want:    []problem{{acmeFile, 6, "`facts:` must be a list"}},
		},
		{
			name:    "no article header",
			replace: map[string]string{acmeFile: "facts: []\n"},
			want:    []problem{{acmeFile, 1, "missing the `article:` header"}},
		},
		{
			name:    "no article fact files",
			replace: map[string]string{acmeFile: remove, briefFile: remove},
			want:    []problem{{"articles", 0, "no article fact files (*.yaml) found"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := loader.Load(fixture(tt.replace), loader.DefaultBase)
			checkProblems(t, set, err, tt.want)
		})
	}
}

// TestLoadAllProblems checks that one Load reports every problem of every file, sorted by
// file and line although they are found in another order (registry first, an event's
// declaration before the facts above it).
func TestLoadAllProblems(t *testing.T) {
	fsys := fixture(map[string]string{
		"registry.yaml": `entities:
  - id: lab
    type: Laboratory
    name: Acme Lab
` + registryEntities,
		"background.yaml": `facts:
  - s: longhua
    p: containedInPlace
    o: shenzhen
    quote: Longhua is in Shenzhen
`,
		acmeFile: acmeHeader + `  - s: acme-center
    p: founder
    o: acme-centre
    quote: The Acme Medical Device Center
  - s: acme-center
    p: foundingDate
    value: 2021-02-30
    quote: established in May 2019
  - s: acme-center
    p: founder
    o: acme
    quote: founded by nobody
  - event: acme-settling
    name: Settling of the Acme center
    quote: settled in Longhua District on Wednesday
  - s: acme-center
    p: founder
    o: acme
    quote: founded by Acme Medical Co., Ltd.
`,
	})
	set, err := loader.Load(fsys, loader.DefaultBase)
	checkProblems(t, set, err, []problem{
		{acmeFile, 9, `unknown entity "acme-centre"`},
		{acmeFile, 13, `date "2021-02-30" is not a day of the calendar`},
		{acmeFile, 18, `quote not found in the article: "founded by nobody"`},
		{acmeFile, 19, "event \"acme-settling\" has no `type:`"},
		{"background.yaml", 5, "background facts have a `reason:`"},
		{"registry.yaml", 3, `unknown type "Laboratory"`},
	})
}

// Two articles giving the same figure must share its node, whether or not they spell out
// the default bound.
func TestLoadFigureDefaultBound(t *testing.T) {
	figure := func(bound string) string {
		return acmeHeader + `  - of: acme-center
    measure: researchers
    value: 120
    unit: count
` + bound + `    quote: It employs 120 researchers
`
	}
	set := mustLoad(t, fixture(map[string]string{
		acmeFile:                 figure(""),
		"articles/002_same.yaml": figure("    bound: exact\n"),
		"articles/002_same.txt":  acmeText,
	}))
	a := figureOf(t, mustSource(t, set, "001_acme").Shared, id("acme-center"), "researchers")
	b := figureOf(t, mustSource(t, set, "002_same").Shared, id("acme-center"), "researchers")
	if a != b {
		t.Errorf("the same figure has two nodes: %v (bound omitted) and %v (bound: exact)", a, b)
	}
}

// The docs make an event id "a slug, unique across all articles"; two articles declaring the
// same id would silently merge two events (two types, two names, two dates) into one node.
func TestLoadEventIDUniqueAcrossArticles(t *testing.T) {
	event := func(typ, name string) string {
		return acmeHeader + `  - event: acme-settling
    type: ` + typ + `
    name: ` + name + `
    date: Wednesday
    quote: settled in Longhua District on Wednesday
`
	}
	_, err := loader.Load(fixture(map[string]string{
		acmeFile:                 event("Settling", "Settling of the Acme center"),
		"articles/002_same.yaml": event("Signing", "Signing of an agreement"),
		"articles/002_same.txt":  acmeText,
	}), loader.DefaultBase)
	var ps loader.Problems
	if !errors.As(err, &ps) || !strings.Contains(err.Error(), "acme-settling") {
		t.Fatalf("Load = %v; want a problem naming the event id declared in two articles", err)
	}
}

// A clash of an entity's canonical name must point at its `name:` line, not its aliases.
func TestLoadRegistryNameClashLine(t *testing.T) {
	fsys := fixture(map[string]string{"registry.yaml": `entities:
  - id: lab
    type: Center
    name: Acme Lab
  - id: lab-two
    type: Center
    name: Acme Lab
    aliases: [Lab Two]
` + registryEntities})
	set, err := loader.Load(fsys, loader.DefaultBase)
	checkProblems(t, set, err, []problem{{"registry.yaml", 7, `name "Acme Lab" of "lab-two" is already a name or alias of "lab"`}})
}

// A long quote not found is shortened in the message; the cut must not split a character.
func TestLoadLongQuoteNotFoundMessage(t *testing.T) {
	quote := strings.Repeat("a", 76) + "\u201cquoted\u201d and more words"
	set, err := loader.Load(fixture(map[string]string{acmeFile: acmeHeader + `  - s: acme-center
    p: founder
    o: acme
    quote: "` + quote + `"
`}), loader.DefaultBase)
	checkProblems(t, set, err, []problem{{acmeFile, 10, "quote not found in the article"}})
	if err != nil && strings.Contains(err.Error(), `\x`) {
		t.Errorf("message splits a character: %v", err)
	}
}
