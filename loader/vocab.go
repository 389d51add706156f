package loader

import (
	"sort"

	"github.com/cayleygraph/quad"
)

// Namespaces of the vocabularies medkg writes. schema.org is always the https form: quad's own
// voc/schema package hard-codes http://, so it is deliberately not used.
const (
	NSSchema  = "https://schema.org/"
	NSOrg     = "http://www.w3.org/ns/org#"
	NSProv    = "http://www.w3.org/ns/prov#"
	NSDCTerms = "http://purl.org/dc/terms/"
	NSRDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	NSRDFS    = "http://www.w3.org/2000/01/rdf-schema#"
	NSXSD     = "http://www.w3.org/2001/XMLSchema#"

	// DefaultBase is the base of every IRI medkg mints. example.org is reserved for
	// documentation, which makes plain that a deployment should choose its own (--base).
	DefaultBase = "https://example.org/medkg/"
)

// Prefixes maps the prefixes used in docs and queries to their namespaces. The project's own
// namespace depends on the base and is added by PrefixesFor.
var Prefixes = map[string]string{
	"schema":  NSSchema,
	"org":     NSOrg,
	"prov":    NSProv,
	"dcterms": NSDCTerms,
	"rdf":     NSRDF,
	"rdfs":    NSRDFS,
	"xsd":     NSXSD,
}

// PrefixesFor returns Prefixes plus "medkg" for the vocabulary under base.
func PrefixesFor(base string) map[string]string {
	m := make(map[string]string, len(Prefixes)+1)
	for k, v := range Prefixes {
		m[k] = v
	}
	m["medkg"] = VocabNS(base)
	return m
}

// QueryPrefixes is PrefixesFor(base) plus short prefixes for the IRIs medkg mints, so that a
// Gizmo script can write g.IRI("id:cas") or g.IRI("article:004_9e3b36c867778e8f").
func QueryPrefixes(base string) map[string]string {
	m := PrefixesFor(base)
	for _, p := range []string{"id", "event", "article", "claim", "role", "figure", "membership"} {
		m[p] = base + p + "/"
	}
	return m
}

// VocabNS is the namespace of the project's own terms, documented in docs/vocabulary.md.
func VocabNS(base string) string { return base + "vocab#" }

// Fixed IRIs from the standard vocabularies.
var (
	RDFType      = quad.IRI(NSRDF + "type")
	RDFStatement = quad.IRI(NSRDF + "Statement")
	RDFSubject   = quad.IRI(NSRDF + "subject")
	RDFPredicate = quad.IRI(NSRDF + "predicate")
	RDFObject    = quad.IRI(NSRDF + "object")
	RDFSComment  = quad.IRI(NSRDFS + "comment")
	RDFSLabel    = quad.IRI(NSRDFS + "label")

	SchemaName          = quad.IRI(NSSchema + "name")
	SchemaAlternateName = quad.IRI(NSSchema + "alternateName")
	SchemaHeadline      = quad.IRI(NSSchema + "headline")
	SchemaPublisher     = quad.IRI(NSSchema + "publisher")
	SchemaDatePublished = quad.IRI(NSSchema + "datePublished")
	SchemaAuthor        = quad.IRI(NSSchema + "author")
	SchemaEditor        = quad.IRI(NSSchema + "editor")
	SchemaMentions      = quad.IRI(NSSchema + "mentions")
	SchemaIdentifier    = quad.IRI(NSSchema + "identifier")
	SchemaNewsArticle   = quad.IRI(NSSchema + "NewsArticle")
	SchemaDataset       = quad.IRI(NSSchema + "Dataset")
	SchemaStartDate     = quad.IRI(NSSchema + "startDate")
	SchemaPropertyValue = quad.IRI(NSSchema + "PropertyValue")
	SchemaMonetaryAmt   = quad.IRI(NSSchema + "MonetaryAmount")
	SchemaPropertyID    = quad.IRI(NSSchema + "propertyID")
	SchemaValue         = quad.IRI(NSSchema + "value")
	SchemaMinValue      = quad.IRI(NSSchema + "minValue")
	SchemaUnitCode      = quad.IRI(NSSchema + "unitCode")
	SchemaUnitText      = quad.IRI(NSSchema + "unitText")
	SchemaCurrency      = quad.IRI(NSSchema + "currency")
	SchemaDescription   = quad.IRI(NSSchema + "description")
	SchemaOrganization  = quad.IRI(NSSchema + "Organization")
	SchemaPerson        = quad.IRI(NSSchema + "Person")
	SchemaPlace         = quad.IRI(NSSchema + "Place")
	SchemaEvent         = quad.IRI(NSSchema + "Event")

	OrgMembership = quad.IRI(NSOrg + "Membership")
	OrgMember     = quad.IRI(NSOrg + "member")
	OrgOrg        = quad.IRI(NSOrg + "organization")
	OrgRole       = quad.IRI(NSOrg + "role")
	OrgRoleClass  = quad.IRI(NSOrg + "Role")
	OrgHeadOf     = quad.IRI(NSOrg + "headOf")

	ProvValue          = quad.IRI(NSProv + "value")
	ProvWasQuotedFrom  = quad.IRI(NSProv + "wasQuotedFrom")
	ProvWasDerivedFrom = quad.IRI(NSProv + "wasDerivedFrom")

	DCTermsIsReferencedBy = quad.IRI(NSDCTerms + "isReferencedBy")

	XSDDate       = quad.IRI(NSXSD + "date")
	XSDGYear      = quad.IRI(NSXSD + "gYear")
	XSDGYearMonth = quad.IRI(NSXSD + "gYearMonth")
	XSDDecimal    = quad.IRI(NSXSD + "decimal")
	XSDInteger    = quad.IRI(NSXSD + "integer")
)

// Kind is the broad class of an entity; predicates constrain their subjects and objects by it.
type Kind string

const (
	KindOrganization Kind = "organization"
	KindPerson       Kind = "person"
	KindPlace        Kind = "place"
	KindEvent        Kind = "event"
)

// EntityType is one value of a registry entry's `type:`.
type EntityType struct {
	Name  string
	Kind  Kind
	Class string   // a prefixed name, expanded by Vocab
	Also  []string // further classes written, between Class and the kind's broad class
}

// entityTypes is the table in docs/facts.md ("Types"); keep the two in step.
var entityTypes = []EntityType{
	{"Organization", KindOrganization, "schema:Organization", nil},
	{"GovernmentOrganization", KindOrganization, "schema:GovernmentOrganization", nil},
	{"ResearchOrganization", KindOrganization, "schema:ResearchOrganization", nil},
	{"CollegeOrUniversity", KindOrganization, "schema:CollegeOrUniversity", nil},
	{"Corporation", KindOrganization, "schema:Corporation", nil},
	{"Hospital", KindOrganization, "schema:Hospital", nil},
	{"NewsMediaOrganization", KindOrganization, "schema:NewsMediaOrganization", nil},
	// A centre is a research organization (medkg:Center ⊑ schema:ResearchOrganization in
	// the vocabulary); both classes are written so that queries need no reasoning.
	{"Center", KindOrganization, "medkg:Center", []string{"schema:ResearchOrganization"}},
	{"Alliance", KindOrganization, "org:OrganizationalCollaboration", nil},
	{"Project", KindOrganization, "schema:Project", nil},
	{"Person", KindPerson, "schema:Person", nil},
	{"Country", KindPlace, "schema:Country", nil},
	{"Province", KindPlace, "schema:State", nil},
	{"City", KindPlace, "schema:City", nil},
	// The levels below a city have no schema.org class of their own; medkg's keep the
	// place hierarchy's levels apart (a query for parks should not get every place).
	{"District", KindPlace, "medkg:District", []string{"schema:AdministrativeArea"}},
	{"Subdistrict", KindPlace, "medkg:Subdistrict", []string{"schema:AdministrativeArea"}},
	{"Park", KindPlace, "medkg:Park", nil},
}

// eventTypes are the values of an event's `type:`, each a class in the project namespace.
var eventTypes = []string{"Signing", "Unveiling", "Settling", "Establishment", "Appointment", "Evaluation", "Meeting"}

// kindClass is the superclass every entity of a kind also gets, so queries need no reasoning.
var kindClass = map[Kind]string{
	KindOrganization: "schema:Organization",
	KindPerson:       "schema:Person",
	KindPlace:        "schema:Place",
	KindEvent:        "schema:Event",
}

// objectKind says what the object of a fact must be.
type objectKind int

const (
	objEntity objectKind = iota
	objDate
	objText
)

// Predicate is one value of a fact's `p:`.
type Predicate struct {
	Name     string
	Term     string // prefixed name
	Object   objectKind
	Subjects []Kind
	Objects  []Kind // for objEntity
	// OrgTerm, when set, is written instead of Term when the object is an organization:
	// schema:location's range is Place, and an organization is not one.
	OrgTerm string
	// Earliest and Latest name the xsd:date bounds written beside a date (objDate), so that
	// a range query compares days whatever the precision the article gave.
	Earliest, Latest string
}

var (
	orgOrEvent  = []Kind{KindOrganization, KindEvent}
	orgOrPerson = []Kind{KindOrganization, KindPerson}
	org         = []Kind{KindOrganization}
)

// predicates is the table in docs/facts.md ("Facts"); keep the two in step.
var predicates = []Predicate{
	{"founder", "schema:founder", objEntity, org, orgOrPerson, "", "", ""},
	{"parentOrganization", "schema:parentOrganization", objEntity, org, org, "", "", ""},
	{"location", "schema:location", objEntity, orgOrEvent, []Kind{KindPlace, KindOrganization}, "medkg:locatedAt", "", ""},
	{"containedInPlace", "schema:containedInPlace", objEntity, []Kind{KindPlace}, []Kind{KindPlace}, "", "", ""},
	{"approvedBy", "medkg:approvedBy", objEntity, org, org, "", "", ""},
	{"listedBy", "medkg:listedBy", objEntity, org, org, "", "", ""},
	{"legalEntity", "medkg:legalEntity", objEntity, org, org, "", "", ""},
	{"initiatedBy", "medkg:initiatedBy", objEntity, org, orgOrPerson, "", "", ""},
	{"reliesOn", "medkg:reliesOn", objEntity, org, org, "", "", ""},
	{"guidedBy", "medkg:guidedBy", objEntity, orgOrEvent, org, "", "", ""},
	{"sponsor", "schema:sponsor", objEntity, orgOrEvent, orgOrPerson, "", "", ""},
	{"partner", "medkg:partner", objEntity, org, org, "", "", ""},
	{"foundingDate", "schema:foundingDate", objDate, org, nil, "", "medkg:foundingDateEarliest", "medkg:foundingDateLatest"},
	{"approvalDate", "medkg:approvalDate", objDate, org, nil, "", "medkg:approvalDateEarliest", "medkg:approvalDateLatest"},
	{"description", "schema:description", objText, []Kind{KindOrganization, KindPerson, KindPlace, KindEvent}, nil, "", "", ""},
}

// eventRoles are the keys of an event fact that name entities, with their predicates.
var eventRoles = []struct {
	Key, Term string
	Objects   []Kind
	OrgTerm   string // as Predicate.OrgTerm
}{
	{"about", "schema:about", nil, ""},
	{"location", "schema:location", []Kind{KindPlace, KindOrganization}, "medkg:locatedAt"},
	{"party", "medkg:party", orgOrPerson, ""},
	{"attendee", "schema:attendee", orgOrPerson, ""},
	{"performer", "schema:performer", orgOrPerson, ""},
	{"organizer", "schema:organizer", orgOrPerson, ""},
	{"sponsor", "schema:sponsor", orgOrPerson, ""},
}

// startDateBounds are the bounds written beside an event's schema:startDate.
var startDateBounds = [2]string{"medkg:startDateEarliest", "medkg:startDateLatest"}

// roles are the posts a person can hold; heads also get org:headOf.
var roles = map[string]struct{ Head bool }{
	"director":        {true},
	"president":       {true},
	"vice-president":  {false},
	"chief-scientist": {false},
	"party-secretary": {false},
	"deputy-mayor":    {false},
	"academician":     {false},
	"professor":       {false},
	// Added for real news (issue 12): heads of schools and boards, deputies, officers.
	"dean":                    {true},
	"vice-dean":               {false},
	"assistant-dean":          {false},
	"deputy-director":         {false},
	"chairman":                {true},
	"head":                    {true},
	"provost":                 {false},
	"chief-financial-officer": {false},
	"deputy-party-secretary":  {false},
	"political-commissar":     {false},
	"deputy-minister":         {false},
}

// units maps a figure's `unit:` to how it is written. Money is a schema:MonetaryAmount
// (with schema:currency, ISO 4217), the value of the figure's schema:PropertyValue.
var units = map[string]struct{ Currency, Code, Text string }{
	"CNY":   {Currency: "CNY"},
	"m2":    {Code: "MTK", Text: "square metre"},
	"count": {},
}

// Vocab expands prefixed names and mints the project's IRIs under one base.
type Vocab struct {
	Base     string
	prefixes map[string]string
}

// NewVocab returns the vocabulary for base, which must end in '/' or '#'.
func NewVocab(base string) Vocab {
	return Vocab{Base: base, prefixes: PrefixesFor(base)}
}

// Term expands a prefixed name such as "schema:founder".
func (v Vocab) Term(prefixed string) quad.IRI {
	for i := 0; i < len(prefixed); i++ {
		if prefixed[i] == ':' {
			return quad.IRI(v.prefixes[prefixed[:i]] + prefixed[i+1:])
		}
	}
	panic("loader: not a prefixed name: " + prefixed)
}

// Entity is the IRI of a registry entity.
func (v Vocab) Entity(id string) quad.IRI { return quad.IRI(v.Base + "id/" + id) }

// Event is the IRI of an event declared in a fact file.
func (v Vocab) Event(id string) quad.IRI { return quad.IRI(v.Base + "event/" + id) }

// Article is the IRI of an article, which is also the label of its graph.
func (v Vocab) Article(id string) quad.IRI { return quad.IRI(v.Base + "article/" + id) }

// Background is the IRI and graph label of the curated background.
func (v Vocab) Background() quad.IRI { return quad.IRI(v.Base + "graph/background") }

// Registry is the IRI of the entity registry, the source of names, types and aliases.
func (v Vocab) Registry() quad.IRI { return quad.IRI(v.Base + "registry") }

// Role is the IRI of an org:Role.
func (v Vocab) Role(slug string) quad.IRI { return quad.IRI(v.Base + "role/" + slug) }

// PredicateTerm is the IRI of a short predicate name as fact files and path steps write it:
// a fact predicate (founder, parentOrganization, ...), an event role (about, party, ...), or
// one of the structural terms (name, alias, type, member, organization, role, headOf,
// mentions, figure).
func (v Vocab) PredicateTerm(name string) (quad.IRI, bool) {
	for _, p := range predicates {
		if p.Name == name {
			return v.Term(p.Term), true
		}
	}
	for _, r := range eventRoles {
		if r.Key == name {
			return v.Term(r.Term), true
		}
	}
	if t, ok := structuralTerms[name]; ok {
		return v.Term(t), true
	}
	return "", false
}

// PredicateNames lists the names PredicateTerm knows, sorted.
func PredicateNames() []string {
	seen := map[string]bool{}
	for _, p := range predicates {
		seen[p.Name] = true
	}
	for _, r := range eventRoles {
		seen[r.Key] = true
	}
	for k := range structuralTerms {
		seen[k] = true
	}
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

var structuralTerms = map[string]string{
	"name":         "schema:name",
	"alias":        "schema:alternateName",
	"type":         "rdf:type",
	"member":       "org:member",
	"organization": "org:organization",
	"role":         "org:role",
	"headOf":       "org:headOf",
	"mentions":     "schema:mentions",
	"figure":       "medkg:figure",
	"locatedAt":    "medkg:locatedAt",
	"date":         "schema:startDate",
}

// ClassTerm is the class IRI of an entity or event type name as the registry writes it
// (Center, Person, Signing, ...).
func (v Vocab) ClassTerm(name string) (quad.IRI, bool) {
	for _, t := range entityTypes {
		if t.Name == name {
			return v.Term(t.Class), true
		}
	}
	for _, t := range eventTypes {
		if t == name {
			return v.Term("medkg:" + t), true
		}
	}
	switch name {
	case "Event":
		return v.Term("schema:Event"), true
	case "Article":
		return SchemaNewsArticle, true
	}
	return "", false
}

// LookupPredicate returns the predicate a fact's `p:` names, so that a tool drafting facts
// (loader/extract) checks subjects and objects against the same table as the loader.
func LookupPredicate(name string) (Predicate, bool) {
	for _, p := range predicates {
		if p.Name == name {
			return p, true
		}
	}
	return Predicate{}, false
}

// TypeKind returns the broad kind of a registry type name (Center → organization).
func TypeKind(typeName string) (Kind, bool) {
	for _, t := range entityTypes {
		if t.Name == typeName {
			return t.Kind, true
		}
	}
	return "", false
}

// IsRole reports whether role is a post the fact format knows (director, president, ...).
func IsRole(role string) bool { _, ok := roles[role]; return ok }
