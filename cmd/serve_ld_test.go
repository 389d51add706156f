package cmd

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestNegotiate(t *testing.T) {
	offers := []string{"text/turtle", "application/n-quads", "text/html"}
	aliases := map[string][]string{"text/html": {"application/xhtml+xml"}}
	for _, c := range []struct {
		accept, want string
		ok           bool
	}{
		{"", "text/turtle", true},
		{"*/*", "text/turtle", true},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", true}, // Chromium
		{"application/xhtml+xml", "text/html", true},
		{"application/n-quads", "application/n-quads", true},
		{"text/turtle;q=0.5, application/n-quads", "application/n-quads", true},
		{"text/*;q=0.3, application/n-quads;q=0.2", "text/turtle", true},
		{"text/*, text/turtle;q=0", "text/html", true}, // the specific range wins over text/*
		{"*/*;q=0.1, text/html;q=0", "text/turtle", true},
		{"image/png", "", false},
		{"text/turtle;q=0", "", false},
		{"garbage", "", false},
		{"APPLICATION/N-QUADS; charset=utf-8", "application/n-quads", true},
	} {
		got, ok := negotiate(c.accept, offers, aliases)
		if got != c.want || ok != c.ok {
			t.Errorf("negotiate(%q) = %q, %v; want %q, %v", c.accept, got, ok, c.want, c.ok)
		}
	}
}

// getAccept GETs path with an Accept header, not following redirects.
func getAccept(t *testing.T, ts *httptest.Server, path, accept string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return reply{res.StatusCode, res.Header, string(data)}
}

// rapperCount parses data with rapper (raptor2-utils) and returns the triples it read.
func rapperCount(t *testing.T, syntax, data string) int {
	t.Helper()
	bin, err := exec.LookPath("rapper")
	if err != nil {
		t.Skip("no rapper (apt-get install -y raptor2-utils)")
	}
	cmd := exec.Command(bin, "-q", "-i", syntax, "-o", "ntriples", "-", "https://example.org/")
	cmd.Stdin = strings.NewReader(data)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("rapper -i %s: %v: %s\n%.500s", syntax, err, stderr.String(), data)
	}
	return strings.Count(out.String(), "\n")
}

func TestServeLinkedData(t *testing.T) {
	ts, _ := testServer(t, nil)
	cas := "/id/cas"
	casIRI := "<" + entityIRI("cas") + ">"

	// A browser is sent to the entity's page.
	r := getAccept(t, ts, cas, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "../#/entity/"+url.PathEscape(entityIRI("cas")) {
		t.Errorf("HTML: status %d, Location %q", r.status, r.header.Get("Location"))
	}
	if !slices.Contains(r.header.Values("Vary"), "Accept") {
		t.Errorf("no Vary: Accept: %v", r.header)
	}
	r = getAccept(t, ts, "/article/"+art004, "text/html")
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "../#/article/"+art004 {
		t.Errorf("article HTML: status %d, Location %q", r.status, r.header.Get("Location"))
	}

	// N-Triples: its name and the facts at it, once each, in the default graph's form.
	r = getAccept(t, ts, cas, "application/n-triples")
	r.wantStatus(t, http.StatusOK)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/n-triples") {
		t.Errorf("Content-Type %q", ct)
	}
	for _, want := range []string{
		casIRI + ` <https://schema.org/name> "Chinese Academy of Sciences"`,
		"<" + entityIRI("siat") + "> <https://schema.org/parentOrganization> " + casIRI + " .",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("N-Triples of cas lack %s", want)
		}
	}
	lines := strings.Split(strings.TrimSuffix(r.body, "\n"), "\n")
	if !sort.StringsAreSorted(lines) || len(slices.Compact(slices.Clone(lines))) != len(lines) {
		t.Error("N-Triples not sorted, or a triple twice")
	}
	if n := rapperCount(t, "ntriples", r.body); n != len(lines) {
		t.Errorf("rapper read %d triples of %d", n, len(lines))
	}

	// N-Quads keep the graphs: the claim quoting the article that says SIAT is under CAS.
	r = getAccept(t, ts, cas, "application/n-quads")
	r.wantStatus(t, http.StatusOK)
	if !strings.Contains(r.body, "<http://www.w3.org/ns/prov#value> ") || !strings.Contains(r.body, "<"+articleIRI(art004)+"> .") {
		t.Errorf("N-Quads of cas lack the claims and their graphs:\n%.600s", r.body)
	}
	if n := rapperCount(t, "nquads", r.body); n != strings.Count(r.body, "\n") {
		t.Errorf("rapper read %d quads of %d", n, strings.Count(r.body, "\n"))
	}

	// JSON-LD is JSON naming cas.
	r = getAccept(t, ts, cas, "application/ld+json")
	r.wantStatus(t, http.StatusOK)
	var doc any
	// Compact JSON-LD names cas with its prefix (id:cas) when the context has one.
	if err := json.Unmarshal([]byte(r.body), &doc); err != nil || !strings.Contains(r.body, entityIRI("cas")) && !strings.Contains(r.body, `"id:cas"`) {
		t.Errorf("JSON-LD of cas: %v\n%.300s", err, r.body)
	}

	// Turtle and TriG once graph writes them; until then they are not offered.
	for _, c := range []struct{ mt, format, syntax string }{{"text/turtle", "turtle", "turtle"}, {"application/trig", "trig", "trig"}} {
		r = getAccept(t, ts, cas, c.mt)
		if slices.ContainsFunc(offeredSyntaxes(), func(x rdfSyntax) bool { return x.format == c.format }) {
			r.wantStatus(t, http.StatusOK)
			if n := rapperCount(t, c.syntax, r.body); n == 0 {
				t.Errorf("%s of cas: rapper read nothing", c.mt)
			}
		} else {
			r.wantStatus(t, http.StatusNotAcceptable)
		}
	}
	// A client that takes anything gets the first offered syntax.
	if r = getAccept(t, ts, cas, "*/*"); r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), offeredSyntaxes()[0].mediaType) {
		t.Errorf("*/*: %d %q", r.status, r.header.Get("Content-Type"))
	}

	getAccept(t, ts, cas, "image/png").wantStatus(t, http.StatusNotAcceptable)
	getAccept(t, ts, cas+"?format=nope", "").wantStatus(t, http.StatusBadRequest)
	getAccept(t, ts, "/id/no-such-entity", "application/n-quads").wantStatus(t, http.StatusNotFound)

	// An article: its whole graph; a post: its member, organization and role.
	r = getAccept(t, ts, "/article/"+art004, "application/n-quads")
	r.wantStatus(t, http.StatusOK)
	if !strings.Contains(r.body, "<"+articleIRI(art004)+"> <https://schema.org/headline> ") {
		t.Errorf("article: no headline:\n%.300s", r.body)
	}
	r = getAccept(t, ts, "/graph/background", "application/n-triples")
	r.wantStatus(t, http.StatusOK)
}

func TestServeExportNegotiated(t *testing.T) {
	ts, db := testServer(t, nil)
	// Anything, or nothing said: N-Quads as before.
	for _, accept := range []string{"", "*/*", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"} {
		r := getAccept(t, ts, "/api/export", accept)
		sameAsCLI(t, r, db, "export")
		if !slices.Contains(r.header.Values("Vary"), "Accept") {
			t.Errorf("no Vary: Accept")
		}
	}
	r := getAccept(t, ts, "/api/export", "application/ld+json")
	sameAsCLI(t, r, db, "export", "--format", "jsonld")
	if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, `filename="medkg.jsonld"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	sameAsCLI(t, getAccept(t, ts, "/api/export?format=jsonld&graph="+art004, ""), db, "export", "--format", "jsonld", "--graph", art004)

	// N-Triples: the graphs merged, each triple once.
	nq, _, _ := run(t, db, "export")
	want := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSuffix(nq, "\n"), "\n") {
		tl, err := tripleLine(l)
		if err != nil {
			t.Fatal(err)
		}
		want[tl] = true
	}
	r = getAccept(t, ts, "/api/export", "application/n-triples")
	r.wantStatus(t, http.StatusOK)
	lines := strings.Split(strings.TrimSuffix(r.body, "\n"), "\n")
	if len(lines) != len(want) || len(slices.Compact(slices.Clone(lines))) != len(lines) {
		t.Errorf("N-Triples: %d lines, want %d distinct triples", len(lines), len(want))
	}
	for _, l := range lines {
		if !want[l] {
			t.Errorf("N-Triples line not in the export: %s", l)
			break
		}
	}
	if n := rapperCount(t, "ntriples", r.body); n != len(want) {
		t.Errorf("rapper read %d triples, want %d", n, len(want))
	}
	getAccept(t, ts, "/api/export", "text/html").wantStatus(t, http.StatusNotAcceptable)
	getAccept(t, ts, "/api/export?format=html", "").wantStatus(t, http.StatusBadRequest)
}

// TestServeVocabulary: the vocabulary's IRI answers with the RDFS document, as export
// --vocabulary writes it.
func TestServeVocabulary(t *testing.T) {
	ts, db := testServer(t, nil)
	r := getAccept(t, ts, "/vocab", "text/turtle")
	sameAsCLI(t, r, db, "export", "--vocabulary", "-o", "turtle")
	if !slices.Contains(r.header.Values("Vary"), "Accept") || !strings.Contains(r.body, "Center") {
		t.Errorf("vocabulary: %v\n%.300s", r.header, r.body)
	}
	if n := rapperCount(t, "turtle", r.body); n == 0 {
		t.Error("rapper read no triples of the vocabulary")
	}
	sameAsCLI(t, getAccept(t, ts, "/vocab", ""), db, "export", "--vocabulary")
	getAccept(t, ts, "/vocab", "text/html").wantStatus(t, http.StatusNotAcceptable)
}
