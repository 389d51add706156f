package kg

import (
	"strings"
	"unicode"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/rdf"
)

// Words for people: facts headed by what they mean rather than by their terms, and quotes
// credited to their article's headline and date rather than its file name.

// Words for the facts at an entity, read from its side: the key is the predicate as show
// groups it (its short IRI, or "← " and the short IRI for a fact pointing at the entity).
var headings = map[string]string{
	"schema:founder":              "founded by",
	"← schema:founder":            "founder of",
	"schema:parentOrganization":   "part of",
	"← schema:parentOrganization": "has as part",
	"schema:location":             "located in",
	"← schema:location":           "location of",
	"schema:containedInPlace":     "lies in",
	"← schema:containedInPlace":   "contains",
	"medkg:approvedBy":            "approved by",
	"← medkg:approvedBy":          "approved",
	"medkg:listedBy":              "listed by",
	"← medkg:listedBy":            "lists",
	"medkg:legalEntity":           "legal entity",
	"← medkg:legalEntity":         "legal entity of",
	"medkg:initiatedBy":           "initiated by",
	"← medkg:initiatedBy":         "initiated",
	"medkg:reliesOn":              "relies on",
	"← medkg:reliesOn":            "relied on by",
	"medkg:guidedBy":              "guided by",
	"← medkg:guidedBy":            "guides",
	"schema:sponsor":              "sponsored by",
	"← schema:sponsor":            "sponsor of",
	"medkg:partner":               "partner of",
	"← medkg:partner":             "partner of",
	"medkg:locatedAt":             "located at",
	"← medkg:locatedAt":           "hosts",
	"schema:foundingDate":         "founded on",
	"medkg:foundingDateEarliest":  "founded no earlier than",
	"medkg:foundingDateLatest":    "founded no later than",
	"medkg:approvalDateEarliest":  "approved no earlier than",
	"medkg:approvalDateLatest":    "approved no later than",
	"medkg:figure":                "figures",
	"← medkg:figure":              "figure of",
	"schema:value":                "amount",
	"← schema:value":              "amount of",
	"medkg:approvalDate":          "approved on",
	"schema:description":          "description",
	"schema:about":                "about",
	"← schema:about":              "subject of",
	"medkg:party":                 "parties",
	"← medkg:party":               "party to",
	"schema:attendee":             "attended by",
	"← schema:attendee":           "attended",
	"schema:performer":            "performed by",
	"← schema:performer":          "performed at",
	"schema:organizer":            "organized by",
	"← schema:organizer":          "organized",
	"schema:startDate":            "date",
	"org:headOf":                  "head of",
	"← org:headOf":                "headed by",
	"figure":                      "figures",
	"posts held":                  "posts held",
	"people with posts here":      "people with posts here",
}

// Heading is how a group of facts is titled for people: from the table, else the term's
// name in words (approvedBy → "approved by"), an incoming one as "… of".
func Heading(group string) string {
	if h, ok := headings[group]; ok {
		return h
	}
	in := strings.HasPrefix(group, "← ")
	words := camelWords(LocalName(strings.TrimPrefix(group, "← ")))
	if in {
		return words + " of"
	}
	return words
}

// camelWords splits a camelCase name into lower-case words: approvalDate → "approval date".
func camelWords(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// articleInfo is how a quote is credited: the article's headline and date.
type articleInfo struct {
	headline, date string
	publisher      quad.IRI
}

func (r *Renderer) article(iri quad.IRI) articleInfo {
	if r.articles == nil {
		r.articles = map[quad.IRI]articleInfo{}
	}
	if a, ok := r.articles[iri]; ok {
		return a
	}
	var a articleInfo
	r.st.Quads(r.ctx, quad.Subject, iri, func(q quad.Quad) error {
		if q.Label != iri {
			return nil
		}
		switch q.Predicate {
		case loader.SchemaHeadline:
			a.headline = r.Text(q.Object)
		case loader.SchemaDatePublished:
			a.date = r.Text(q.Object)
		case loader.SchemaPublisher:
			a.publisher, _ = q.Object.(quad.IRI)
		}
		return nil
	})
	r.articles[iri] = a
	return a
}

// credit is an article's headline, publisher and date as JSON fields, so that a quote is
// credited to them rather than to the article's id; nothing for the background.
func (r *Renderer) credit(a quad.IRI) []rdf.Field {
	info := r.article(a)
	if info.headline == "" && info.date == "" && info.publisher == "" {
		return nil
	}
	publisher := ""
	if info.publisher != "" {
		publisher = r.Label(info.publisher)
	}
	return []rdf.Field{{Key: "headline", Value: info.headline}, {Key: "publisher", Value: publisher}, {Key: "date", Value: info.date}}
}

// ArticleTitle is how an article is named for people: its headline, or, where none was
// printed, its publisher and date.
func (r *Renderer) ArticleTitle(a quad.IRI) string {
	info := r.article(a)
	if info.headline != "" {
		return info.headline
	}
	t := "Untitled article"
	if info.publisher != "" {
		t += " from " + r.Label(info.publisher)
	}
	if info.date != "" {
		t += ", " + info.date
	}
	return t
}

// ArticleInfo is an article's headline, publisher (its name) and date.
func (r *Renderer) ArticleInfo(a quad.IRI) (headline, publisher, date string) {
	info := r.article(a)
	if info.publisher != "" {
		publisher = r.Label(info.publisher)
	}
	return info.headline, publisher, info.date
}

// Figure reads a schema:PropertyValue as show does: "investment: 1343000000 CNY".
func (r *Renderer) Figure(fig quad.Value) string { return r.figure(fig) }

// Membership reads a post: who holds it, where, and the role's name.
func (r *Renderer) Membership(m quad.IRI) (member, org quad.IRI, role string) {
	return r.membership(m)
}

// PrefetchLabels looks the labels of many nodes up at once.
func (r *Renderer) PrefetchLabels(iris []quad.IRI) { r.prefetchLabels(iris) }

// LocalWords is a term's name in words: medkg:approvedBy → "approved by".
func LocalWords(short string) string { return camelWords(LocalName(short)) }

// ArticlePublisher is the publisher an article names, if any.
func (r *Renderer) ArticlePublisher(a quad.IRI) quad.IRI { return r.article(a).publisher }

// SkipEdge: predicates that lead to values rather than entities, which a drawing leaves out.
func SkipEdge(p quad.Value) bool { return skipEdge[p] }

// HasHeading says whether group has words of its own rather than the fallback's.
func HasHeading(group string) bool {
	_, ok := headings[group]
	return ok
}
