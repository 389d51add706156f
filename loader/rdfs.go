package loader

import (
	"github.com/cayleygraph/quad"
)

// The medkg vocabulary as RDF Schema: every class and property in the medkg: namespace, with
// its superclass, domain, range, label and meaning, so that a reasoner, a validator or a
// person browsing the data finds what each term means (docs/vocabulary.md says the same in
// prose; TestVocabularyCoversTerms keeps the two and the loader in step).
//
// A property whose subjects (or objects) may be of several classes gets schema.org's
// schema:domainIncludes (schema:rangeIncludes), which, unlike rdfs:domain, do not make every
// subject an instance of all of them; rdfs:domain and rdfs:range are written only where there
// is one class.

// NSOWL is OWL's namespace: the vocabulary document is typed owl:Ontology, as RDF
// vocabularies conventionally are.
const NSOWL = "http://www.w3.org/2002/07/owl#"

// vocabTerm is one term of the medkg: namespace, a class or a property: classTerm makes one
// (a rdfs:Class with its superclass), propertyTerm the other (a rdf:Property with the classes or
// datatypes of its subjects and objects), so that both kinds are rows of one table.
type vocabTerm struct {
	name, label, comment string
	super                string   // a class's superclass, prefixed; "" for a property
	domain, rng          []string // a property's, prefixed
}

func classTerm(name, super, label, comment string) vocabTerm {
	return vocabTerm{name: name, super: super, label: label, comment: comment}
}

func propertyTerm(name string, domain, rng []string, label, comment string) vocabTerm {
	return vocabTerm{name: name, domain: domain, rng: rng, label: label, comment: comment}
}

var (
	vOrg      = []string{"schema:Organization"}
	vOrgEvent = []string{"schema:Organization", "schema:Event"}
	vOrgPers  = []string{"schema:Organization", "schema:Person"}
	vEvent    = []string{"schema:Event"}
	vDate     = []string{"xsd:date"}
	vDates    = []string{"xsd:date", "xsd:gYearMonth", "xsd:gYear"}
)

// vocabTerms: the classes, then the properties, in the order the document gives them.
var vocabTerms = []vocabTerm{
	classTerm("Center", "schema:ResearchOrganization", "centre", "A research, engineering or innovation centre, engineering laboratory or cooperation base. schema.org has no class for these."),
	classTerm("District", "schema:AdministrativeArea", "district", "A level of the place hierarchy below a city: a district, new area or development zone."),
	classTerm("Subdistrict", "schema:AdministrativeArea", "subdistrict", "A level of the place hierarchy below a district."),
	classTerm("Park", "schema:Place", "park", "An industrial park, campus or other site: the lowest level of the place hierarchy."),
	classTerm("Signing", "schema:Event", "signing", "The signing of an agreement; its parties are medkg:party."),
	classTerm("Unveiling", "schema:Event", "unveiling", "The unveiling (inauguration) of an organization or its plaque."),
	classTerm("Settling", "schema:Event", "settling", "An organization settling in a place."),
	classTerm("Establishment", "schema:Event", "establishment", "The establishment of an organization."),
	classTerm("Appointment", "schema:Event", "appointment", "An appointment to a post."),
	classTerm("Evaluation", "schema:Event", "evaluation", "An evaluation or review of an organization."),
	classTerm("Meeting", "schema:Event", "meeting", "A meeting."),
	propertyTerm("approvedBy", vOrg, vOrg, "approved by", "A government body approved the subject's establishment. schema.org has no approval relation."),
	propertyTerm("approvalDate", vOrg, vDates, "approval date", "When the approval (medkg:approvedBy) was given, with the precision the source gives: xsd:date, xsd:gYearMonth or xsd:gYear."),
	propertyTerm("listedBy", vOrg, vOrg, "listed by", "A body listed the subject in a national list or programme."),
	propertyTerm("legalEntity", vOrg, vOrg, "legal entity", "The company that legally runs the subject (a centre's operating company)."),
	propertyTerm("initiatedBy", vOrg, vOrgPers, "initiated by", "Who initiated (launched) the subject, typically an alliance; not the same claim as founding."),
	propertyTerm("reliesOn", vOrg, vOrg, "relies on", "The subject depends on, is backed by, the object."),
	propertyTerm("guidedBy", vOrgEvent, vOrg, "guided by", "A government body guided the subject."),
	propertyTerm("partner", vOrg, vOrg, "partner", "A stated cooperation that fits no other relation."),
	propertyTerm("party", vEvent, vOrgPers, "party", "A party to the agreement signed at a signing event (schema:attendee would lose that they signed)."),
	propertyTerm("locatedAt", vOrgEvent, vOrg, "located at", "The subject is at the premises of the object organization. schema:location's range is schema:Place, which an organization is not; medkg writes schema:location when the object is a place and this when it is an organization."),
	propertyTerm("figure", []string{"schema:Thing"}, []string{"schema:PropertyValue"}, "figure", "A figure the sources give about the subject (an investment, a count, an area). schema:additionalProperty has the same range but its domain excludes organizations and events."),
	propertyTerm("foundingDateEarliest", vOrg, vDate, "founding date, earliest", "The first day schema:foundingDate can stand for: 2019-01-01 for \"2019\", 2019-05-01 for \"2019-05\", the day itself for a day. For range queries across precisions."),
	propertyTerm("foundingDateLatest", vOrg, vDate, "founding date, latest", "The last day schema:foundingDate can stand for: 2019-12-31 for \"2019\", 2019-05-31 for \"2019-05\", the day itself for a day."),
	propertyTerm("approvalDateEarliest", vOrg, vDate, "approval date, earliest", "The first day medkg:approvalDate can stand for."),
	propertyTerm("approvalDateLatest", vOrg, vDate, "approval date, latest", "The last day medkg:approvalDate can stand for."),
	propertyTerm("startDateEarliest", vEvent, vDate, "start date, earliest", "The first day an event's schema:startDate can stand for."),
	propertyTerm("startDateLatest", vEvent, vDate, "start date, latest", "The last day an event's schema:startDate can stand for."),
}

// Vocabulary returns the medkg vocabulary under base as RDFS, in the default graph, sorted
// as an export is. The document's IRI is the namespace without its '#'.
func Vocabulary(base string) []quad.Quad {
	v := NewVocab(base)
	doc := quad.IRI(base + "vocab")
	var qs []quad.Quad
	add := func(s quad.IRI, p quad.IRI, o quad.Value) {
		qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o})
	}
	add(doc, RDFType, quad.IRI(NSOWL+"Ontology"))
	add(doc, RDFSLabel, English("medkg vocabulary"))
	add(doc, RDFSComment, English("Terms for China's medical-device innovation ecosystem that schema.org, W3C ORG, PROV-O and Dublin Core lack. See docs/vocabulary.md."))
	rdfsClass := quad.IRI(NSRDFS + "Class")
	rdfProperty := quad.IRI(NSRDF + "Property")
	defined := quad.IRI(NSRDFS + "isDefinedBy")
	for _, term := range vocabTerms {
		t := v.Term("medkg:" + term.name)
		if term.super != "" {
			add(t, RDFType, rdfsClass)
			add(t, quad.IRI(NSRDFS+"subClassOf"), v.Term(term.super))
		} else {
			add(t, RDFType, rdfProperty)
		}
		add(t, RDFSLabel, English(term.label))
		add(t, RDFSComment, English(term.comment))
		add(t, defined, doc)
		for _, d := range term.domain {
			add(t, quad.IRI(NSSchema+"domainIncludes"), v.Term(d))
		}
		for _, r := range term.rng {
			add(t, quad.IRI(NSSchema+"rangeIncludes"), v.Term(r))
		}
		if len(term.domain) == 1 && term.domain[0] != "schema:Thing" {
			add(t, quad.IRI(NSRDFS+"domain"), v.Term(term.domain[0]))
		}
		if len(term.rng) == 1 {
			add(t, quad.IRI(NSRDFS+"range"), v.Term(term.rng[0]))
		}
	}
	return qs
}
