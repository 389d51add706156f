// Package gen generates a synthetic, deterministic corpus in medkg's quad model, shaped
// like the real graph, for benchmarks and load tests (medkg gen). It streams: any article
// can be generated on its own from its index, so memory stays constant at any size.
package gen

import (
	"bufio"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/medkg/medkg/loader"
)

// The corpus is a sequence of articles whose kinds repeat in a fixed cycle, so that the
// number of entities of each kind follows from the number of articles alone, and any
// article can be generated on its own from its index (its random choices come from a
// generator seeded with the seed and the index). That is what lets gen stream: nothing
// about earlier articles is remembered, yet every entity an article refers to is
// introduced, once, by the article of that entity.
type genKind int

const (
	kPlace    genKind = iota // introduces a place: its classes, name, the place it lies in
	kOrg                     // an organization of an academy's or a university's tree
	kCorp                    // a company or a hospital
	kCentre                  // a centre: its classes, name and site
	kFounding                // a centre's founders and founding year
	kPerson                  // a person and one post
	kEvent                   // a dated signing between two organizations, about a centre
	kFollow                  // a follow-up: states again a founding and a parent organization
	numKinds
)

var genCycle = [...]genKind{
	kPlace, kOrg, kCentre, kFounding, kPerson, kOrg, kEvent, kCentre, kFounding, kFollow,
	kOrg, kPerson, kCorp, kCentre, kFounding, kPlace, kOrg, kPerson, kEvent, kFollow,
}

// genCyclePos[i] is how many articles of the same kind come before position i in the cycle.
var genCyclePos, genPerCycle = func() ([len(genCycle)]int, [numKinds]int) {
	var pos [len(genCycle)]int
	var per [numKinds]int
	for i, k := range genCycle {
		pos[i] = per[k]
		per[k]++
	}
	return pos, per
}()

const (
	genSubtree   = 200 // organizations per academy or university tree, about
	genFanout    = 4   // children per organization in those trees
	genRoles     = 8
	genPubs      = 6
	genMaxFounds = 8
)

// corpus is the plan of a generated corpus: how many of each thing, and the terms.
type Corpus struct {
	seed                                          uint64
	v                                             loader.Vocab
	articles                                      int
	nPlace, nOrg, nCorp, nCentre, nPerson, nEvent int
	roots                                         int // top-level organizations (academies, universities)
	placeStart, placeN                            [6]int
	t                                             genTerms
}

// Plan chooses the number of articles that gives about n quads: the mean size of an
// article is measured on the corpus itself (every article when there are few, an even
// sample when there are many), and the count adjusted until it settles.
func Plan(n int64, seed uint64, base string) *Corpus {
	a := max(len(genCycle), int(n/40))
	c := newCorpus(a, seed, base)
	for range 6 {
		total := c.estimate()
		next := max(len(genCycle), int(math.Round(float64(a)*float64(n)/float64(total))))
		if next == a {
			break
		}
		a = next
		c = newCorpus(a, seed, base)
	}
	return c
}

func newCorpus(articles int, seed uint64, base string) *Corpus {
	c := &Corpus{seed: seed, v: loader.NewVocab(base), articles: articles}
	c.t = newGenTerms(c.v)
	full, rest := articles/len(genCycle), articles%len(genCycle)
	var count [numKinds]int
	for k := range count {
		count[k] = full * genPerCycle[k]
	}
	for i := 0; i < rest; i++ {
		count[genCycle[i]]++
	}
	c.nPlace, c.nOrg, c.nCorp = count[kPlace], count[kOrg], count[kCorp]
	c.nCentre, c.nPerson, c.nEvent = count[kCentre], count[kPerson], count[kEvent]
	c.roots = max(2, (c.nOrg+genSubtree-1)/genSubtree)
	c.roots = min(c.roots, c.nOrg)

	// Place levels grow geometrically: find r with 1 + r + ... + r^5 = nPlace.
	lo, hi := 1.0, 1000.0
	for range 60 {
		r := (lo + hi) / 2
		s := 0.0
		for l := 0; l < 6; l++ {
			s += math.Pow(r, float64(l))
		}
		if s > float64(c.nPlace) {
			hi = r
		} else {
			lo = r
		}
	}
	start := 0
	for l := 0; l < 6; l++ {
		n := max(1, int(math.Pow(lo, float64(l))))
		if l == 5 {
			n = c.nPlace - start
		}
		n = max(0, min(n, c.nPlace-start))
		c.placeStart[l], c.placeN[l] = start, n
		start += n
	}
	return c
}

// estimate is the corpus's number of quads: exact for up to 4000 articles, else from a
// sample of 4000 spread evenly over it.
func (c *Corpus) estimate() int64 {
	var cnt countEmitter
	c.background(&cnt)
	const sample = 4000
	if c.articles <= sample {
		for k := 0; k < c.articles; k++ {
			c.article(k, &cnt)
		}
		return cnt.n
	}
	bg := cnt.n
	cnt.n = 0
	for j := 0; j < sample; j++ {
		c.article(int(int64(j)*int64(c.articles)/sample), &cnt)
	}
	return bg + int64(math.Round(float64(cnt.n)*float64(c.articles)/sample))
}

// Write streams the corpus to w and returns the number of quads written.
func (c *Corpus) Write(ctx context.Context, w io.Writer) (int64, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	e := &writeEmitter{w: bw}
	c.background(e)
	for k := 0; k < c.articles; k++ {
		if k%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return e.n, err
			}
			if e.err != nil {
				return e.n, e.err
			}
		}
		c.article(k, e)
	}
	if e.err != nil {
		return e.n, e.err
	}
	return e.n, bw.Flush()
}

// emitter receives quads as N-Quads terms; g is "" for the default graph.
type emitter interface{ quad(s, p, o, g string) }

type countEmitter struct{ n int64 }

func (c *countEmitter) quad(_, _, _, _ string) { c.n++ }

type writeEmitter struct {
	w   *bufio.Writer
	n   int64
	err error
}

func (e *writeEmitter) quad(s, p, o, g string) {
	e.n++
	e.w.WriteString(s)
	e.w.WriteByte(' ')
	e.w.WriteString(p)
	e.w.WriteByte(' ')
	e.w.WriteString(o)
	if g != "" {
		e.w.WriteByte(' ')
		e.w.WriteString(g)
	}
	if _, err := e.w.WriteString(" .\n"); err != nil && e.err == nil {
		e.err = err
	}
}

// genTerms are the N-Quads forms of the IRIs gen writes.
type genTerms struct {
	typ, statement, subject, predicate, object, comment, label              string
	name, headline, publisher, datePublished, mentions, identifier, article string
	startDate, foundingDate, location, containedIn, parentOrg, founder      string
	about, party, description                                               string
	membership, member, organization, role, roleClass, headOf               string
	value, quotedFrom, derivedFrom, referencedBy                            string
	xsdDate, xsdGYear                                                       string
	organization_, person, place, event, center, research, college, corp    string
	hospital, media, dataset, country, state, city, district, subdistrict   string
	park, adminArea                                                         string
	registry, background                                                    string
	signing                                                                 string
}

func iriTerm(s string) string { return "<" + s + ">" }

func newGenTerms(v loader.Vocab) genTerms {
	i := func(q interface{ String() string }) string { return q.String() } // quad.IRI prints <...>
	tm := func(p string) string { return i(v.Term(p)) }
	return genTerms{
		typ: i(loader.RDFType), statement: i(loader.RDFStatement), subject: i(loader.RDFSubject),
		predicate: i(loader.RDFPredicate), object: i(loader.RDFObject), comment: i(loader.RDFSComment),
		label: i(loader.RDFSLabel),
		name:  i(loader.SchemaName), headline: i(loader.SchemaHeadline), publisher: i(loader.SchemaPublisher),
		datePublished: i(loader.SchemaDatePublished), mentions: i(loader.SchemaMentions),
		identifier: i(loader.SchemaIdentifier), article: i(loader.SchemaNewsArticle),
		startDate: i(loader.SchemaStartDate), foundingDate: tm("schema:foundingDate"),
		location: tm("schema:location"), containedIn: tm("schema:containedInPlace"),
		parentOrg: tm("schema:parentOrganization"), founder: tm("schema:founder"),
		about: tm("schema:about"), party: tm("medkg:party"), description: i(loader.SchemaDescription),
		membership: i(loader.OrgMembership), member: i(loader.OrgMember), organization: i(loader.OrgOrg),
		role: i(loader.OrgRole), roleClass: i(loader.OrgRoleClass), headOf: i(loader.OrgHeadOf),
		value: i(loader.ProvValue), quotedFrom: i(loader.ProvWasQuotedFrom),
		derivedFrom: i(loader.ProvWasDerivedFrom), referencedBy: i(loader.DCTermsIsReferencedBy),
		xsdDate: i(loader.XSDDate), xsdGYear: i(loader.XSDGYear),
		organization_: i(loader.SchemaOrganization), person: i(loader.SchemaPerson),
		place: i(loader.SchemaPlace), event: i(loader.SchemaEvent), center: tm("medkg:Center"),
		research: tm("schema:ResearchOrganization"), college: tm("schema:CollegeOrUniversity"),
		corp: tm("schema:Corporation"), hospital: tm("schema:Hospital"),
		media: tm("schema:NewsMediaOrganization"), dataset: i(loader.SchemaDataset),
		country: tm("schema:Country"), state: tm("schema:State"), city: tm("schema:City"),
		district: tm("medkg:District"), subdistrict: tm("medkg:Subdistrict"), park: tm("medkg:Park"),
		adminArea: tm("schema:AdministrativeArea"),
		registry:  i(v.Registry()), background: i(v.Background()),
		signing: tm("medkg:Signing"),
	}
}

// lit is a plain string literal; typed adds a datatype.
func lit(s string) string {
	if strings.ContainsAny(s, "\"\\\n\r") {
		s = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`).Replace(s)
	}
	return `"` + s + `"`
}

func typed(s, dt string) string { return lit(s) + "^^" + dt }

// en is English text, tagged as the loader tags it (loader.English).
func en(s string) string { return lit(s) + "@en" }

// Names: an index spelled in syllables (a bijection, so every name is unique).
var genSyllables = [...]string{
	"an", "bai", "chang", "dong", "fu", "guang", "hai", "hua", "jin", "kang", "long", "ming",
	"ning", "ping", "qing", "rui", "shan", "tai", "wen", "xin", "yang", "zhi", "zhou", "heng",
	"jia", "lin", "mei", "nan", "shu", "tian", "xiang", "yuan",
}

var genSurnames = [...]string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu", "Zhu", "Gao", "Lin"}

var genFields = [...]string{
	"Biomedical Engineering", "Medical Imaging", "Medical Robotics", "Implantable Devices",
	"In Vitro Diagnostics", "Precision Medicine", "Medical Materials", "Rehabilitation Devices",
	"Surgical Instruments", "Health Informatics", "Ultrasound", "Radiotherapy",
}

var genRoleSlugs = [genRoles]string{"director", "president", "vice-president", "chief-scientist", "party-secretary", "deputy-mayor", "academician", "professor"}

var genEventKinds = [...]string{"Signing", "Unveiling", "Establishment", "Meeting"}

func syllables(i int) string {
	var parts []string
	for n := 0; i > 0 || n < 2; n++ {
		parts = append(parts, genSyllables[i%len(genSyllables)])
		i /= len(genSyllables)
	}
	s := strings.Join(parts, "")
	return strings.ToUpper(s[:1]) + s[1:]
}

func (c *Corpus) placeName(i int) string {
	switch c.placeLevel(i) {
	case 0:
		return syllables(i) + " Republic"
	case 1:
		return syllables(i) + " Province"
	case 2:
		return syllables(i) + " City"
	case 3:
		return syllables(i) + " District"
	case 4:
		return syllables(i) + " Subdistrict"
	}
	return syllables(i) + " Industrial Park"
}

// genOrgName is the name of organization i of a corpus whose first organizations are the
// academies and universities: academies at even indexes, universities at odd ones.
func genOrgName(i int) string { return (&Corpus{roots: 2}).orgName(i) }

func (c *Corpus) orgName(i int) string {
	field := genFields[i%len(genFields)]
	root, depth := c.orgRoot(i)
	switch {
	case depth == 0 && root%2 == 0:
		return syllables(i) + " Academy of Sciences"
	case depth == 0:
		return syllables(i) + " University"
	case root%2 == 0:
		return syllables(i) + " Institute of " + field
	case depth == 1:
		return syllables(i) + " School of " + field
	}
	return syllables(i) + " Laboratory of " + field
}

func (c *Corpus) corpName(i int) string {
	if i%2 == 0 {
		return syllables(i) + " Medical Technology Co., Ltd."
	}
	return syllables(i) + " People's Hospital"
}

func (c *Corpus) centreName(i int) string {
	return syllables(i) + " " + genFields[i%len(genFields)] + " Innovation Center"
}

func (c *Corpus) personName(i int) string {
	return genSurnames[i%len(genSurnames)] + " " + syllables(i/len(genSurnames))
}

func (c *Corpus) eventName(i int) string {
	return genEventKinds[i%len(genEventKinds)] + " " + syllables(i)
}

func genPubName(i int) string { return syllables(i) + " Daily" }

// IRIs of the generated entities.
func (c *Corpus) ent(kind string, i int) string {
	return iriTerm(c.v.Base + "id/" + kind + "-" + strconv.Itoa(i))
}

// orgRoot returns the top-level organization above i, and i's depth under it.
func (c *Corpus) orgRoot(i int) (root, depth int) {
	for i >= c.roots {
		i = (i - c.roots) / genFanout
		depth++
	}
	return i, depth
}

func (c *Corpus) orgParent(i int) int { return (i - c.roots) / genFanout }

func (c *Corpus) placeLevel(i int) int {
	for l := 5; l > 0; l-- {
		if i >= c.placeStart[l] && c.placeN[l] > 0 {
			return l
		}
	}
	return 0
}

// placeParent spreads each level's places evenly over the level above.
func (c *Corpus) placeParent(i int) int {
	l := c.placeLevel(i)
	j := i - c.placeStart[l]
	return c.placeStart[l-1] + j*c.placeN[l-1]/c.placeN[l]
}

// placeAt returns a random place of level l, or of the deepest level that has places.
func (c *Corpus) placeAt(r *rand.Rand, l int) int {
	for l > 0 && c.placeN[l] == 0 {
		l--
	}
	return c.placeStart[l] + r.IntN(c.placeN[l])
}

// founders of centre c: 2 to 8 distinct organizations, three in four from the academies'
// and universities' trees, the others companies and hospitals, as IRIs and names. Both the
// founding article and follow-ups compute them, from a generator of their own.
func (c *Corpus) founders(centre int) (iris, names []string) {
	r := rand.New(rand.NewPCG(c.seed^0x5eedf00dd3e5, uint64(centre)))
	k := min(2+r.IntN(genMaxFounds-1), c.nOrg+c.nCorp)
	for len(iris) < k {
		var iri, name string
		if c.nCorp == 0 || r.IntN(4) < 3 {
			j := r.IntN(c.nOrg)
			iri, name = c.ent("org", j), c.orgName(j)
		} else {
			j := r.IntN(c.nCorp)
			iri, name = c.ent("corp", j), c.corpName(j)
		}
		dup := false
		for _, x := range iris {
			dup = dup || x == iri
		}
		if !dup {
			iris, names = append(iris, iri), append(names, name)
		}
	}
	return iris, names
}

// fact is one edge of the shared graph as an article states it.
type genFact struct {
	s, p, o string
	quote   string // the sentence quoted; "" for a description taken from the registry
}

// genArticle collects one article before it is written.
type genArticle struct {
	introduced []genFact // facts this article introduces: written once, in the default graph
	restated   []genFact // facts it states again: only claims
	mentions   []string
	headline   string
}

func (a *genArticle) intro(s, p, o, quote string) {
	a.introduced = append(a.introduced, genFact{s, p, o, quote})
}
func (a *genArticle) mention(e ...string) { a.mentions = append(a.mentions, e...) }

func (c *Corpus) describe(a *genArticle, e, name string, classes ...string) {
	for _, cl := range classes {
		a.intro(e, c.t.typ, cl, "")
	}
	a.intro(e, c.t.name, en(name), "")
	a.mention(e)
}

// background is the curated background graph: the roles and the publishers.
func (c *Corpus) background(e emitter) {
	t := c.t
	bg := t.background
	var facts []genFact
	for _, slug := range genRoleSlugs {
		r := iriTerm(string(c.v.Role(slug)))
		facts = append(facts, genFact{r, t.typ, t.roleClass, ""}, genFact{r, t.label, en(strings.ReplaceAll(slug, "-", " ")), ""})
	}
	for i := 0; i < genPubs; i++ {
		p := c.ent("pub", i)
		facts = append(facts, genFact{p, t.typ, t.media, ""}, genFact{p, t.typ, t.organization_, ""}, genFact{p, t.name, en(genPubName(i)), ""})
	}
	for _, f := range facts {
		e.quad(f.s, f.p, f.o, "")
	}
	e.quad(bg, t.typ, t.dataset, bg)
	e.quad(bg, t.name, en("Curated background"), bg)
	for _, f := range facts {
		cl := claimIRI(c.v.Base, "background", f)
		e.quad(cl, t.typ, t.statement, bg)
		e.quad(cl, t.subject, f.s, bg)
		e.quad(cl, t.predicate, f.p, bg)
		e.quad(cl, t.object, f.o, bg)
		e.quad(cl, t.comment, en("generated corpus: roles and publishers"), bg)
		e.quad(cl, t.derivedFrom, bg, bg)
	}
}

func claimIRI(base, source string, f genFact) string {
	h := fnv.New64a()
	io.WriteString(h, f.s)
	h.Write([]byte{0})
	io.WriteString(h, f.p)
	h.Write([]byte{0})
	io.WriteString(h, f.o)
	return fmt.Sprintf("<%sclaim/%s/%016x>", base, source, h.Sum64())
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func randDate(r *rand.Rand) string {
	return fmt.Sprintf("%d-%02d-%02d", 2015+r.IntN(10), 1+r.IntN(12), 1+r.IntN(28))
}

// article generates article k and hands its quads to e: first the facts it introduces
// (default graph), then its graph.
func (c *Corpus) article(k int, e emitter) {
	t := c.t
	r := rand.New(rand.NewPCG(c.seed, uint64(k)))
	kind := genCycle[k%len(genCycle)]
	idx := k/len(genCycle)*genPerCycle[kind] + genCyclePos[k%len(genCycle)]
	var a genArticle

	switch kind {
	case kPlace:
		p := c.ent("place", idx)
		name := c.placeName(idx)
		classes := [][]string{
			{t.country}, {t.state}, {t.city}, {t.district, t.adminArea}, {t.subdistrict, t.adminArea}, {t.park},
		}[c.placeLevel(idx)]
		c.describe(&a, p, name, append(classes, t.place)...)
		a.headline = name + " takes shape"
		if idx > 0 {
			up := c.placeParent(idx)
			a.intro(p, t.containedIn, c.ent("place", up), name+" lies in "+c.placeName(up)+".")
			a.mention(c.ent("place", up))
		}
	case kOrg:
		o := c.ent("org", idx)
		name := c.orgName(idx)
		root, depth := c.orgRoot(idx)
		class := t.research
		if root%2 == 1 && depth <= 1 {
			class = t.college
		}
		c.describe(&a, o, name, class, t.organization_)
		a.headline = name + " opens"
		if depth > 0 {
			up := c.orgParent(idx)
			a.intro(o, t.parentOrg, c.ent("org", up), name+", under "+c.orgName(up)+", was set up this year.")
			a.mention(c.ent("org", up))
		}
		pl := c.placeAt(r, 2+r.IntN(3))
		a.intro(o, t.location, c.ent("place", pl), name+" is based in "+c.placeName(pl)+".")
		a.mention(c.ent("place", pl))
	case kCorp:
		o := c.ent("corp", idx)
		name := c.corpName(idx)
		class := t.corp
		if idx%2 == 1 {
			class = t.hospital
		}
		c.describe(&a, o, name, class, t.organization_)
		a.headline = name + " expands"
		pl := c.placeAt(r, 3+r.IntN(3))
		a.intro(o, t.location, c.ent("place", pl), name+" is located in "+c.placeName(pl)+".")
		a.mention(c.ent("place", pl))
	case kCentre:
		ce := c.ent("centre", idx)
		name := c.centreName(idx)
		c.describe(&a, ce, name, t.center, t.organization_)
		a.headline = name + " unveiled"
		pl := c.placeAt(r, 5)
		a.intro(ce, t.location, c.ent("place", pl), "The "+name+" has settled in "+c.placeName(pl)+".")
		a.mention(c.ent("place", pl))
	case kFounding:
		ce := c.ent("centre", idx)
		name := c.centreName(idx)
		fs, names := c.founders(idx)
		quote := "The " + name + " was jointly established by " + joinAnd(names) + "."
		for _, f := range fs {
			a.intro(ce, t.founder, f, quote)
		}
		year := strconv.Itoa(2010 + r.IntN(15))
		a.intro(ce, t.foundingDate, typed(year, t.xsdGYear), "The "+name+" was founded in "+year+".")
		a.mention(ce)
		a.mention(fs...)
		a.headline = fmt.Sprintf("%d partners found the %s", len(fs), name)
	case kPerson:
		p := c.ent("person", idx)
		name := c.personName(idx)
		c.describe(&a, p, name, t.person)
		slug := genRoleSlugs[r.IntN(genRoles)]
		var org, orgName, orgID string
		if r.IntN(3) < 2 || c.nCentre == 0 {
			j := r.IntN(c.nOrg)
			org, orgName, orgID = c.ent("org", j), c.orgName(j), "org-"+strconv.Itoa(j)
		} else {
			j := r.IntN(c.nCentre)
			org, orgName, orgID = c.ent("centre", j), c.centreName(j), "centre-"+strconv.Itoa(j)
		}
		m := iriTerm(c.v.Base + "membership/person-" + strconv.Itoa(idx) + "/" + orgID + "/" + slug)
		quote := name + ", " + strings.ReplaceAll(slug, "-", " ") + " of " + orgName
		a.intro(m, t.typ, t.membership, quote)
		a.intro(m, t.member, p, quote)
		a.intro(m, t.organization, org, quote)
		a.intro(m, t.role, iriTerm(string(c.v.Role(slug))), quote)
		if slug == "director" || slug == "president" {
			a.intro(p, t.headOf, org, quote)
		}
		a.mention(org)
		a.headline = name + " appointed " + strings.ReplaceAll(slug, "-", " ")
	case kEvent:
		ev := iriTerm(string(c.v.Event("event-" + strconv.Itoa(idx))))
		name := c.eventName(idx)
		kindClass := c.t.signing
		if ek := genEventKinds[idx%len(genEventKinds)]; ek != "Signing" {
			kindClass = iriTerm(string(c.v.Term("medkg:" + ek)))
		}
		date := randDate(r)
		quote := name + " took place on " + date + "."
		a.intro(ev, t.typ, kindClass, quote)
		a.intro(ev, t.typ, t.event, quote)
		a.intro(ev, t.name, en(name), quote)
		a.intro(ev, t.startDate, typed(date, t.xsdDate), quote)
		x := r.IntN(c.nOrg)
		y := (x + 1 + r.IntN(max(1, c.nOrg-1))) % c.nOrg
		parties := []string{c.ent("org", x)}
		if y != x {
			parties = append(parties, c.ent("org", y))
		}
		for _, p := range parties {
			a.intro(ev, t.party, p, quote)
		}
		a.mention(parties...)
		if c.nCentre > 0 {
			ce := c.ent("centre", r.IntN(c.nCentre))
			a.intro(ev, t.about, ce, quote)
			a.mention(ce)
		}
		a.headline = name
	case kFollow:
		if c.nCentre > 0 {
			j := r.IntN(c.nCentre)
			ce := c.ent("centre", j)
			fs, _ := c.founders(j)
			f := fs[r.IntN(len(fs))]
			a.restated = append(a.restated, genFact{ce, t.founder, f, "Among the founders of the " + c.centreName(j) + " is one of its earliest partners."})
			a.mention(ce, f)
			a.headline = "A look back at the " + c.centreName(j)
		}
		if c.nOrg > c.roots {
			j := c.roots + r.IntN(c.nOrg-c.roots)
			up := c.orgParent(j)
			a.restated = append(a.restated, genFact{c.ent("org", j), t.parentOrg, c.ent("org", up), c.orgName(j) + " belongs to " + c.orgName(up) + "."})
			a.mention(c.ent("org", j), c.ent("org", up))
		}
		if a.headline == "" {
			a.headline = "News in brief"
		}
	}
	c.writeArticle(k, r, &a, e)
}

func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func (c *Corpus) writeArticle(k int, r *rand.Rand, a *genArticle, e emitter) {
	t := c.t
	id := fmt.Sprintf("%07d_%016x", k, splitmix(c.seed*0x100000001b3^uint64(k)))
	g := iriTerm(string(c.v.Article(id)))
	for _, f := range a.introduced {
		e.quad(f.s, f.p, f.o, "")
	}
	pub := c.ent("pub", k%genPubs)
	e.quad(g, t.typ, t.article, g)
	e.quad(g, t.identifier, lit(id), g)
	e.quad(g, t.datePublished, typed(randDate(r), t.xsdDate), g)
	e.quad(g, t.headline, en(a.headline), g)
	e.quad(g, t.publisher, pub, g)
	seen := make(map[string]bool, len(a.mentions)+1)
	for _, m := range append(a.mentions, pub) {
		if !seen[m] {
			seen[m] = true
			e.quad(g, t.mentions, m, g)
		}
	}
	for _, list := range [][]genFact{a.introduced, a.restated} {
		for _, f := range list {
			cl := claimIRI(c.v.Base, id, f)
			e.quad(cl, t.typ, t.statement, g)
			e.quad(cl, t.subject, f.s, g)
			e.quad(cl, t.predicate, f.p, g)
			e.quad(cl, t.object, f.o, g)
			if f.quote != "" {
				e.quad(cl, t.value, en(f.quote), g)
				e.quad(cl, t.quotedFrom, g, g)
			} else {
				e.quad(cl, t.derivedFrom, t.registry, g)
				e.quad(cl, t.referencedBy, g, g)
			}
		}
	}
}

// Write writes the corpus `medkg gen` writes for these arguments to w, and returns the
// number of quads written (benchmarks use it to make their data).
func Write(ctx context.Context, w io.Writer, quads int64, seed uint64, base string) (int64, error) {
	return Plan(quads, seed, base).Write(ctx, w)
}

// OrgName is the name of organization i of a generated corpus; organization 0 is an
// academy, the flagship query's natural parameter.
func OrgName(i int) string { return genOrgName(i) }

// Stats says how many of each kind of entity a planned corpus holds.
type Stats struct {
	Articles, Organizations, Centres, Places, People, Events int
}

// Stats of the corpus.
func (c *Corpus) Stats() Stats {
	return Stats{Articles: c.articles, Organizations: c.nOrg + c.nCorp, Centres: c.nCentre, Places: c.nPlace, People: c.nPerson, Events: c.nEvent}
}

// QueryParams returns IRIs of generated entities to run the stored queries on: an academy
// (centres-cofounded-by), a centre (founders-of) and a city (located-in).
func QueryParams(quads int64, seed uint64, base string) (academy, centre, city string) {
	c := Plan(quads, seed, base)
	cityIdx := c.placeStart[2]
	if c.placeN[2] == 0 {
		cityIdx = c.placeStart[1]
	}
	trim := func(s string) string { return strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">") }
	return trim(c.ent("org", 0)), trim(c.ent("centre", 0)), trim(c.ent("place", cityIdx))
}
