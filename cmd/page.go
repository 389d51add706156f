package cmd

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/rdf"
)

// What the page needs beyond the CLI's views: a home page to start from (the articles, the
// counts, the most connected organizations), an article's page, and words for predicates.

// routePage adds the page's own endpoints.
func (s *server) routePage() {
	s.mux.HandleFunc("GET /api/overview", s.handleOverview)
	s.mux.HandleFunc("GET /api/article", s.handleArticle)
}

// overview is the home page: GET /api/overview.
type overview struct {
	Counts        []count      `json:"counts"`
	Articles      []articleRow `json:"articles"`
	Organizations []orgRow     `json:"organizations"`
	Start         string       `json:"start"` // the entity whose graph the home page draws
}

type count struct {
	What string `json:"what"`
	N    int    `json:"n"`
}

type articleRow struct {
	ID        string `json:"id"`
	IRI       string `json:"iri"`
	Headline  string `json:"headline"`
	Publisher string `json:"publisher"`
	Date      string `json:"date"`
	Quotes    int    `json:"quotes"`   // claims with a quote
	Entities  int    `json:"entities"` // entities it mentions
}

type orgRow struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Types []string `json:"types"`
	Links int      `json:"links"` // distinct entities it has a fact with
}

// Bounds of the home page's lists.
const (
	overviewArticles = 50
	overviewOrgs     = 12
)

// overviewCache holds the home page: one scan of the store, redone after a write.
type overviewCache struct {
	mu sync.Mutex
	v  *overview
}

func (c *overviewCache) get(ctx context.Context, build func(context.Context) (*overview, error)) (*overview, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v != nil {
		return c.v, nil
	}
	v, err := build(ctx)
	if err == nil {
		c.v = v
	}
	return v, err
}

func (c *overviewCache) reset() {
	c.mu.Lock()
	c.v = nil
	c.mu.Unlock()
}

func (s *server) handleOverview(w http.ResponseWriter, r *http.Request) {
	if !s.acquire(w, r) {
		return
	}
	defer s.release()
	v, err := s.home.get(r.Context(), s.buildOverview)
	if err != nil {
		fail(w, err)
		return
	}
	sendJSON(w, v)
}

// buildOverview reads the whole store once: types, the links between entities, and each
// article's quotes and mentions.
func (s *server) buildOverview(ctx context.Context) (*overview, error) {
	rd := kg.NewRenderer(ctx, s.st, s.o.base)
	kinds := map[quad.Value]string{}
	rank := map[quad.Value]int{}
	type pair struct{ a, b quad.Value }
	var edges []pair
	member, orgOf := map[quad.Value]quad.Value{}, map[quad.Value]quad.Value{}
	quotes, mentions := map[quad.Value]int{}, map[quad.Value]int{}
	var sources []quad.IRI
	order := map[string]int{"article": 6, "membership": 5, "person": 4, "event": 3, "organization": 2, "place": 1}
	err := s.st.AllQuads(ctx, func(q quad.Quad) error {
		if q.Label != nil {
			switch q.Predicate {
			case loader.ProvValue:
				quotes[q.Label]++
			case loader.SchemaMentions:
				if q.Subject == q.Label {
					mentions[q.Label]++
				}
			case loader.RDFType:
				if q.Object == loader.SchemaNewsArticle && q.Subject == q.Label {
					sources = append(sources, q.Subject.(quad.IRI))
				}
			}
			return nil
		}
		switch q.Predicate {
		case loader.RDFType:
			k := ""
			switch q.Object {
			case loader.SchemaOrganization:
				k = "organization"
			case loader.SchemaPerson:
				k = "person"
			case loader.SchemaPlace:
				k = "place"
			case loader.SchemaEvent:
				k = "event"
			case loader.OrgMembership:
				k = "membership"
			}
			if k != "" && order[k] > rank[q.Subject] {
				kinds[q.Subject], rank[q.Subject] = k, order[k]
			}
		case loader.OrgMember:
			member[q.Subject] = q.Object
		case loader.OrgOrg:
			orgOf[q.Subject] = q.Object
		default:
			_, ok1 := q.Subject.(quad.IRI)
			_, ok2 := q.Object.(quad.IRI)
			if ok1 && ok2 && !kg.SkipEdge(q.Predicate) {
				edges = append(edges, pair{q.Subject, q.Object})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for m, p := range member {
		if o, ok := orgOf[m]; ok {
			edges = append(edges, pair{p, o})
		}
	}
	linked := map[quad.Value]map[quad.Value]bool{}
	link := func(a, b quad.Value) {
		if linked[a] == nil {
			linked[a] = map[quad.Value]bool{}
		}
		linked[a][b] = true
	}
	for _, e := range edges {
		ka, kb := kinds[e.a], kinds[e.b]
		if ka == "" || kb == "" || ka == "membership" || kb == "membership" || e.a == e.b {
			continue // figures, roles and other values are not entities
		}
		link(e.a, e.b)
		link(e.b, e.a)
	}

	v := &overview{Articles: []articleRow{}, Organizations: []orgRow{}}
	n := map[string]int{}
	for _, k := range kinds {
		n[k]++
	}
	facts := 0
	for _, l := range linked {
		facts += len(l)
	}
	v.Counts = []count{
		{"articles", len(sources)}, {"organizations", n["organization"]}, {"people", n["person"]},
		{"places", n["place"]}, {"events", n["event"]}, {"links between entities", facts / 2},
		{"quotes", sumValues(quotes)},
	}

	for _, a := range sources {
		headline, publisher, date := rd.ArticleInfo(a)
		row := articleRow{ID: rd.Label(a), IRI: string(a), Headline: headline, Publisher: publisher, Date: date,
			Quotes: quotes[a], Entities: mentions[a]}
		v.Articles = append(v.Articles, row)
	}
	sort.Slice(v.Articles, func(i, j int) bool {
		a, b := v.Articles[i], v.Articles[j]
		if a.Date != b.Date {
			return a.Date > b.Date // newest first
		}
		return a.ID < b.ID
	})
	if len(v.Articles) > overviewArticles {
		v.Articles = v.Articles[:overviewArticles]
	}

	var orgs []quad.IRI
	for node, k := range kinds {
		if iri, ok := node.(quad.IRI); ok && k == "organization" && len(linked[node]) > 0 {
			orgs = append(orgs, iri)
		}
	}
	rd.PrefetchLabels(orgs)
	sort.Slice(orgs, func(i, j int) bool {
		a, b := len(linked[orgs[i]]), len(linked[orgs[j]])
		if a != b {
			return a > b
		}
		return rd.Label(orgs[i]) < rd.Label(orgs[j])
	})
	if len(orgs) > overviewOrgs {
		orgs = orgs[:overviewOrgs]
	}
	for _, o := range orgs {
		v.Organizations = append(v.Organizations, orgRow{ID: string(o), Name: rd.Label(o), Types: append([]string{}, rd.Types(o)...), Links: len(linked[o])})
	}
	if len(v.Organizations) > 0 {
		v.Start = v.Organizations[0].ID
	}
	return v, nil
}

func sumValues(m map[quad.Value]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// handleArticle: GET /api/article?id=ID|IRI — an article's headline, publisher, date and
// authors, the entities it mentions, and every fact it states with its quote.
func (s *server) handleArticle(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.URL.Query().Get("id"))
	if name == "" {
		fail(w, badRequest{errors.New("give the article as ?id= (its id or IRI)")})
		return
	}
	iri := s.o.graphLabel(name)
	if !s.acquire(w, r) {
		return
	}
	defer s.release()
	qs, err := s.st.Graph(r.Context(), iri)
	if err != nil {
		fail(w, err)
		return
	}
	if len(qs) == 0 {
		fail(w, errNoMatch("no article <%s> in the store", string(iri)))
		return
	}
	rd := kg.NewRenderer(r.Context(), s.st, s.o.base)
	headline, _, date := rd.ArticleInfo(iri)
	type claim struct {
		s, p, o       quad.Value
		quote, reason string
	}
	claims := map[quad.Value]*claim{}
	var mentions, authors []quad.IRI
	for _, q := range qs {
		if q.Subject == iri {
			switch q.Predicate {
			case loader.SchemaMentions:
				mentions = append(mentions, q.Object.(quad.IRI))
			case loader.SchemaAuthor, loader.SchemaEditor:
				if a, ok := q.Object.(quad.IRI); ok {
					authors = append(authors, a)
				}
			}
			continue
		}
		c := claims[q.Subject]
		if c == nil {
			c = &claim{}
			claims[q.Subject] = c
		}
		switch q.Predicate {
		case loader.RDFSubject:
			c.s = q.Object
		case loader.RDFPredicate:
			c.p = q.Object
		case loader.RDFObject:
			c.o = q.Object
		case loader.ProvValue:
			c.quote = quad.ToString(q.Object)
		case loader.RDFSComment:
			c.reason = quad.ToString(q.Object)
		}
	}
	var facts []rdf.Object
	seen := map[string]bool{}
	for _, c := range claims {
		p, ok := c.p.(quad.IRI)
		if !ok || c.s == nil || c.o == nil || (c.quote == "" && c.reason == "") || p == loader.RDFType || p == loader.SchemaName {
			continue // a description carried over from the registry, a type, a name: not a relation
		}
		subj, short, obj := c.s, rd.Short(p), c.o
		text := rd.Text(obj)
		if sub, ok := c.s.(quad.IRI); ok {
			switch {
			case strings.HasPrefix(string(sub), s.o.base+"figure/"):
				continue // the figure's parts: its claim at the entity says it all
			case strings.HasPrefix(string(sub), s.o.base+"membership/"):
				// A post's four claims read as one: "Zheng Hairong — director of — the centre".
				who, org, role := rd.Membership(sub)
				if who == "" || org == "" {
					continue
				}
				subj, obj, text, short = who, org, rd.Label(org), "post:"+role
			}
		}
		head := kg.Heading(short)
		if p == loader.NewVocab(s.o.base).Term("medkg:figure") {
			short, head, text = "figure", kg.Heading("figure"), rd.Figure(c.o)
		} else if strings.HasPrefix(short, "post:") {
			short, head = rd.Short(loader.OrgMember), strings.TrimPrefix(short, "post:")+" of"
		}
		key := quad.StringOf(subj) + "\x00" + head + "\x00" + quad.StringOf(obj) + "\x00" + c.quote + c.reason
		if seen[key] {
			continue
		}
		seen[key] = true
		o := rdf.Object{{Key: "subject", Value: rd.JSONValue(subj)}, {Key: "predicate", Value: short}, {Key: "heading", Value: head},
			{Key: "object", Value: rd.JSONValue(obj)}, {Key: "text", Value: text}}
		if c.quote != "" {
			o = append(o, rdf.Field{Key: "quote", Value: c.quote})
		} else {
			o = append(o, rdf.Field{Key: "reason", Value: c.reason})
		}
		facts = append(facts, o)
	}
	sort.SliceStable(facts, func(i, j int) bool { return articleFactOrder(facts[i]) < articleFactOrder(facts[j]) })
	sort.Slice(mentions, func(i, j int) bool { return rd.Label(mentions[i]) < rd.Label(mentions[j]) })
	ments := make([]rdf.Object, 0, len(mentions))
	for _, m := range mentions {
		ments = append(ments, rdf.Object{{Key: "id", Value: string(m)}, {Key: "name", Value: rd.Label(m)}, {Key: "kind", Value: rd.Kind(m)}})
	}
	people := make([]any, 0, len(authors))
	for _, a := range authors {
		people = append(people, rd.JSONValue(a))
	}
	var publisher any
	if p := rd.ArticlePublisher(iri); p != "" {
		publisher = rd.JSONValue(p)
	}
	if facts == nil {
		facts = []rdf.Object{}
	}
	sendJSON(w, rdf.Object{
		{Key: "id", Value: rd.Label(iri)}, {Key: "iri", Value: string(iri)}, {Key: "headline", Value: headline}, {Key: "publisher", Value: publisher},
		{Key: "date", Value: date}, {Key: "authors", Value: people}, {Key: "mentions", Value: ments}, {Key: "facts", Value: facts},
	})
}

// articleFactOrder orders an article's facts by subject, heading, then what they say.
func articleFactOrder(o rdf.Object) string {
	subj := ""
	if m, ok := o[0].Value.(map[string]string); ok {
		subj = m["name"]
	} else if s, ok := o[0].Value.(string); ok {
		subj = s
	}
	return subj + "\x00" + o[2].Value.(string) + "\x00" + o[4].Value.(string)
}
