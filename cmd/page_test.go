package cmd

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/loader"
)

func TestHeading(t *testing.T) {
	for group, want := range map[string]string{
		"medkg:approvedBy":   "approved by",
		"← medkg:approvedBy": "approved",
		"schema:location":    "located in",
		"← schema:location":  "location of",
		"schema:founder":     "founded by",
		"← schema:founder":   "founder of",
		"medkg:someNewTerm":  "some new term",
		"← medkg:fooBar":     "foo bar of",
	} {
		if got := kg.Heading(group); got != want {
			t.Errorf("heading(%q) = %q, want %q", group, got, want)
		}
	}
	// Every relation between entities in the seeds has words of its own, both ways.
	_, nq := loadedSeeds(t)
	pfx := loader.PrefixesFor(seedBase)
	done := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(nq), "\n") {
		q, err := nquads.Parse(line)
		if err != nil {
			t.Fatal(err)
		}
		_, isIRI := q.Object.(quad.IRI)
		if q.Label != nil || !isIRI || kg.SkipEdge(q.Predicate) || q.Predicate == loader.OrgMember || q.Predicate == loader.OrgOrg {
			continue
		}
		p := kg.Shorten(q.Predicate, pfx)
		for _, g := range []string{p, "← " + p} {
			if !kg.HasHeading(g) && !done[g] {
				t.Errorf("no heading for %q (the fallback gives %q)", g, kg.Heading(g))
			}
			done[g] = true
		}
	}
	if len(done) < 10 {
		t.Errorf("only %d groups checked", len(done))
	}
}

func TestServeOverview(t *testing.T) {
	ts, _ := testServer(t, nil)
	r := get(t, ts, "/api/overview")
	r.wantStatus(t, http.StatusOK)
	var v overview
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, c := range v.Counts {
		counts[c.What] = c.N
	}
	if counts["articles"] != 5 || counts["organizations"] == 0 || counts["people"] == 0 || counts["quotes"] == 0 {
		t.Errorf("counts: %v", v.Counts)
	}
	if len(v.Articles) != 5 {
		t.Fatalf("%d articles", len(v.Articles))
	}
	for i, a := range v.Articles {
		if a.Date == "" || a.Publisher == "" || strings.Contains(a.Date, "^^") {
			t.Errorf("article %s: date %q, publisher %q", a.ID, a.Date, a.Publisher)
		}
		if i > 0 && a.Date > v.Articles[i-1].Date {
			t.Errorf("articles not newest first: %s after %s", a.Date, v.Articles[i-1].Date)
		}
		if a.ID == art004 && a.Headline != "Medical device center settles in SZ" {
			t.Errorf("headline of %s: %q", art004, a.Headline)
		}
	}
	if len(v.Organizations) == 0 || v.Start != v.Organizations[0].ID {
		t.Fatalf("organizations %v, start %q", v.Organizations, v.Start)
	}
	for i := 1; i < len(v.Organizations); i++ {
		if v.Organizations[i].Links > v.Organizations[i-1].Links {
			t.Errorf("organizations not by links: %v", v.Organizations)
		}
	}
}

func TestServeArticle(t *testing.T) {
	ts, _ := testServer(t, nil)
	r := get(t, ts, "/api/article?id="+art004)
	r.wantStatus(t, http.StatusOK)
	var a struct {
		Headline  string `json:"headline"`
		Date      string `json:"date"`
		Publisher node   `json:"publisher"`
		Mentions  []node `json:"mentions"`
		Facts     []struct {
			Subject node   `json:"subject"`
			Heading string `json:"heading"`
			Text    string `json:"text"`
			Quote   string `json:"quote"`
		} `json:"facts"`
	}
	if err := json.Unmarshal([]byte(r.body), &a); err != nil {
		t.Fatal(err)
	}
	if a.Headline != "Medical device center settles in SZ" || a.Date != "2021-01-08" || a.Publisher.Name != "Shenzhen Daily" {
		t.Errorf("article: %q %q %q", a.Headline, a.Date, a.Publisher.Name)
	}
	found, post := false, false
	for _, f := range a.Facts {
		found = found || f.Subject.Name == nhmaii && f.Heading == "founded by" && f.Text == mindrayFul && strings.Contains(f.Quote, "Mindray")
		post = post || f.Subject.Name == "Zheng Hairong" && f.Heading == "director of" && f.Text == nhmaii
		if strings.Contains(f.Heading, ":") || f.Quote == "" {
			t.Errorf("fact %+v: raw heading or no quote", f)
		}
	}
	if !found || !post {
		t.Errorf("facts lack the founding by Mindray (%v) or Zheng Hairong's post (%v):\n%s", found, post, r.body)
	}
	get(t, ts, "/api/article?id=no_such").wantStatus(t, http.StatusNotFound)
	get(t, ts, "/api/article").wantStatus(t, http.StatusBadRequest)

	// The entity's quotes are credited by headline and date.
	r = get(t, ts, "/api/entity?id=Mindray")
	if !strings.Contains(r.body, `"headline": "Medical device center settles in SZ"`) || !strings.Contains(r.body, `"heading": "founder of"`) {
		t.Errorf("entity lacks credits or headings:\n%s", r.body)
	}
}
