package cmd

import (
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/medkg/medkg/loader"
)

// searchHit is one entry of search -o json.
type searchHit struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Types   []string `json:"types"`
	Matched string   `json:"matched"`
}

func search(t *testing.T, db, text string) []searchHit {
	t.Helper()
	var hits []searchHit
	if err := json.Unmarshal([]byte(mustRun(t, db, "search", text, "-o", "json")), &hits); err != nil {
		t.Fatal(err)
	}
	return hits
}

func TestSearch(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	const mindray = "Shenzhen Mindray Biomedical Electronics Co. Ltd."
	tests := []struct {
		text, firstID, firstName, matched string
		alsoIDs                           []string
	}{
		{"mindray", "mindray", mindray, "Mindray", nil},
		{"MINDRAY", "mindray", mindray, "Mindray", nil},
		{"Mindary", "mindray", mindray, "", nil}, // a transposition
		{"Mindrey", "mindray", mindray, "", nil}, // a wrong letter
		{"shenzhen mindray", "mindray", mindray, "", nil},
		{"cas", "cas", "Chinese Academy of Sciences", "CAS", nil},
		{"Chinese Academy", "cae", "Chinese Academy of Engineering", "", []string{"cas"}},
		{"goke wenzhou", "guoke-wenzhou", "Guoke Wenzhou Research Institute", "Goke Wenzhou Research Institute", nil},
		{"Shanghai Economic and Information Comission", "shanghai-eic", "Shanghai Economic and Information Commission", "Shanghai Economic and Information Comission", nil},
		{"SZ", "shenzhen", "Shenzhen", "SZ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			hits := search(t, db, tt.text)
			if len(hits) == 0 {
				t.Fatalf("search %q finds nothing", tt.text)
			}
			h := hits[0]
			if h.ID != entityIRI(tt.firstID) || h.Name != tt.firstName || h.Matched != tt.matched {
				t.Errorf("search %q first hit %+v, want %s %q matched %q", tt.text, h, tt.firstID, tt.firstName, tt.matched)
			}
			for _, id := range tt.alsoIDs {
				found := false
				for _, x := range hits {
					found = found || x.ID == entityIRI(id)
				}
				if !found {
					t.Errorf("search %q does not find %s: %+v", tt.text, id, hits)
				}
			}
			seen := map[string]bool{}
			for _, x := range hits {
				if seen[x.ID] {
					t.Errorf("search %q lists %s twice", tt.text, x.ID)
				}
				seen[x.ID] = true
			}
		})
	}

	// The table: name, type, the alias that matched, the short id.
	out := mustRun(t, db, "search", "mindray")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 2 || strings.Fields(lines[0])[0] != "NAME" {
		t.Fatalf("search table:\n%s", out)
	}
	if !strings.HasPrefix(lines[1], mindray+"  ") || !strings.Contains(lines[1], "schema:Corporation") ||
		!strings.Contains(lines[1], "  Mindray  ") || !strings.HasSuffix(lines[1], "id/mindray") {
		t.Errorf("first row %q, want Mindray's name, type, matched alias and id", lines[1])
	}
	if h := search(t, db, "mindray")[0]; !reflect.DeepEqual(h.Types, []string{"schema:Corporation"}) {
		t.Errorf("Mindray's types %q", h.Types)
	}

	for _, nonsense := range []string{"xyzzyqwerty", "Mindray Quantum Bakery of Atlantis"} {
		out, stderr, code := run(t, db, "search", nonsense)
		if code != ExitNoData || out != "" || !strings.Contains(stderr, `no entity's name or alias matches "`+nonsense+`"`) {
			t.Errorf("search %q: exit %d, stdout %q, stderr %q; want exit %d", nonsense, code, out, stderr, ExitNoData)
		}
	}
}

// showJSON is show -o json.
type showJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Types       []string `json:"types"`
	Aliases     []string `json:"aliases"`
	MentionedIn []node   `json:"mentionedIn"`
	Facts       []struct {
		Predicate string          `json:"predicate"`
		Value     json.RawMessage `json:"value"`
		Text      string          `json:"text"`
		Evidence  []struct {
			Source node   `json:"source"`
			Quote  string `json:"quote"`
			Reason string `json:"reason"`
		} `json:"evidence"`
	} `json:"facts"`
}

func show(t *testing.T, db, entity string) showJSON {
	t.Helper()
	var s showJSON
	if err := json.Unmarshal([]byte(mustRun(t, db, "show", entity, "-o", "json")), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestShowText(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	const quote = "Jointly established by the Shenzhen Institute of Advanced Technology (SIAT) under the Chinese Academy of Sciences, Shenzhen Mindray Biomedical Electronics Co. Ltd. and some other organizations"
	if !strings.Contains(articleText(t, art004), quote) {
		t.Fatalf("the quote is not in article %s", art004)
	}
	out := mustRun(t, db, "show", "Mindray")
	want := "\n← schema:founder\n  National High-performance Medical Apparatus and Instruments Innovation Center\n      " + art004 + `: "` + quote + `"` + "\n"
	if !strings.HasPrefix(out, "Shenzhen Mindray Biomedical Electronics Co. Ltd.\n") || !strings.Contains(out, want) {
		t.Errorf("show Mindray:\n%s\nwant it to contain:\n%s", out, want)
	}
	for _, field := range []string{"id            <" + entityIRI("mindray") + ">", "types         schema:Corporation", "aliases       Mindray", "mentioned in  " + art004} {
		if !strings.Contains(out, "\n  "+field+"\n") {
			t.Errorf("show Mindray lacks the line %q:\n%s", field, out)
		}
	}
	for _, same := range []string{"mindray", "Shenzhen Mindray Biomedical Electronics Co. Ltd.", entityIRI("mindray"), "<" + entityIRI("mindray") + ">"} {
		if got := mustRun(t, db, "show", same); got != out {
			t.Errorf("show %q differs from show Mindray:\n%s", same, got)
		}
	}

	// The quote as the article has it, character for character: no-break spaces and curly
	// quotes included, not escaped.
	text := articleText(t, art000)
	i, j := strings.Index(text, "WEGO\u00a0Group together with"), strings.Index(text, "” in 2009")
	if i < 0 || j < i {
		t.Fatalf("article %s does not read as expected", art000)
	}
	verbatim := text[i : j+len("” in 2009")]
	out = mustRun(t, db, "show", "National Engineering Laboratory for Medical Implanted Devices")
	if want := "\n  WEGO Group\n      " + art000 + `: "` + verbatim + "\"\n"; !strings.Contains(out, want) {
		t.Errorf("show does not print the article's own characters; want\n%q\nin\n%q", want, out)
	}

	// Background facts show the curator's reason, not a quote.
	out = mustRun(t, db, "show", "Longhua District")
	const reason = `Longhua is a district of Shenzhen: article 004 says the centre settled in Longhua District, that it was approved "in Shenzhen", and its headline says it "settles in SZ".`
	if want := "\nschema:containedInPlace\n  Shenzhen\n      background: " + reason + "\n"; !strings.Contains(out, want) {
		t.Errorf("show Longhua District:\n%s\nwant it to contain:\n%s", out, want)
	}
	if want := "\n← schema:containedInPlace\n  Guanlan Subdistrict\n      " + art004 + `: "in Guanlan Subdistrict, Longhua District"` + "\n"; !strings.Contains(out, want) {
		t.Errorf("show Longhua District lacks the quoted fact %q:\n%s", want, out)
	}

	out, stderr, code := run(t, db, "show", "Mindary Corp of Nowhere")
	if code != ExitNoData || out != "" || !strings.Contains(stderr, `no entity is called "Mindary Corp of Nowhere"`) {
		t.Errorf("show unknown: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	out, stderr, code = run(t, db, "show", `CAS"); g.emit("pwned`)
	if code != ExitNoData || out != "" || !strings.Contains(stderr, `no entity is called "CAS\"); g.emit(\"pwned"`) {
		t.Errorf("show hostile: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

func TestShowJSON(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	s := show(t, db, "Mindray")
	if s.ID != entityIRI("mindray") || s.Name != "Shenzhen Mindray Biomedical Electronics Co. Ltd." ||
		!reflect.DeepEqual(s.Types, []string{"schema:Corporation"}) || !reflect.DeepEqual(s.Aliases, []string{"Mindray"}) {
		t.Errorf("show Mindray -o json: %+v", s)
	}
	if len(s.MentionedIn) != 1 || s.MentionedIn[0].ID != articleIRI(art004) {
		t.Errorf("mentionedIn %+v, want article %s", s.MentionedIn, art004)
	}
	if len(s.Facts) != 1 {
		t.Fatalf("facts %+v, want the one founding", s.Facts)
	}
	f := s.Facts[0]
	var v node
	if err := json.Unmarshal(f.Value, &v); err != nil || v.ID != entityIRI("nhmaii-center") || f.Predicate != "← schema:founder" ||
		f.Text != "National High-performance Medical Apparatus and Instruments Innovation Center" {
		t.Errorf("fact %+v (value %s)", f, f.Value)
	}
	if len(f.Evidence) != 1 || f.Evidence[0].Source.ID != articleIRI(art004) || f.Evidence[0].Source.Name != art004 ||
		!strings.Contains(articleText(t, art004), f.Evidence[0].Quote) || !strings.Contains(f.Evidence[0].Quote, "Mindray") ||
		f.Evidence[0].Reason != "" {
		t.Errorf("evidence %+v", f.Evidence)
	}

	// A background fact carries a reason and no quote.
	s = show(t, db, "Longhua District")
	found := false
	for _, f := range s.Facts {
		if f.Predicate == "schema:containedInPlace" && f.Text == "Shenzhen" {
			found = true
			if len(f.Evidence) != 1 || f.Evidence[0].Source.ID != seedBase+"graph/background" || f.Evidence[0].Source.Name != "background" ||
				f.Evidence[0].Quote != "" || !strings.HasPrefix(f.Evidence[0].Reason, "Longhua is a district of Shenzhen") {
				t.Errorf("Longhua in Shenzhen: evidence %+v, want the background's reason", f.Evidence)
			}
		}
	}
	if !found {
		t.Errorf("show Longhua District -o json lacks containedInPlace Shenzhen: %+v", s.Facts)
	}

	// Every fact of these entities names its evidence; every quote is its article's text.
	for _, e := range []string{"USST", "Chinese Academy of Sciences", "Guoke Wenzhou Research Institute", "Zheng Hairong", "Shenzhen"} {
		s := show(t, db, e)
		if len(s.Facts) == 0 {
			t.Errorf("show %s: no facts", e)
		}
		for _, f := range s.Facts {
			if len(f.Evidence) == 0 {
				t.Errorf("show %s: %s %s has no evidence", e, f.Predicate, f.Text)
			}
			for _, ev := range f.Evidence {
				switch {
				case ev.Quote != "" && ev.Reason == "":
					id := strings.TrimPrefix(ev.Source.ID, seedBase+"article/")
					if !strings.Contains(articleText(t, id), ev.Quote) {
						t.Errorf("show %s: quote %q is not in article %s", e, ev.Quote, id)
					}
				case ev.Reason != "" && ev.Quote == "":
					if ev.Source.ID != seedBase+"graph/background" {
						t.Errorf("show %s: a reason from %s", e, ev.Source.ID)
					}
				default:
					t.Errorf("show %s: %s %s: evidence %+v has not exactly one of quote and reason", e, f.Predicate, f.Text, ev)
				}
			}
		}
	}
}

// TestShowNQuads: the N-Quads parse, and hold only the entity's facts and the statements
// that give their evidence.
func TestShowNQuads(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	for _, tt := range []struct{ entity, id string }{
		{"Mindray", "mindray"}, {"USST", "usst"}, {"Longhua District", "longhua-district"}, {"Zheng Hairong", "zheng-hairong"},
	} {
		t.Run(tt.entity, func(t *testing.T) {
			out := mustRun(t, db, "show", tt.entity, "-o", "nquads")
			me := quad.IRI(entityIRI(tt.id))
			r := nquads.NewReader(strings.NewReader(out), false)
			var facts, claims []quad.Quad
			for {
				q, err := r.ReadQuad()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("does not parse: %v\n%s", err, out)
				}
				if q.Label == nil {
					facts = append(facts, q)
				} else {
					claims = append(claims, q)
				}
			}
			if n := strings.Count(out, "\n"); n != len(facts)+len(claims) || n == 0 {
				t.Fatalf("%d lines but %d quads read", n, len(facts)+len(claims))
			}
			isFact := map[[3]quad.Value]bool{}
			for _, f := range facts {
				if f.Subject != me && f.Object != me {
					t.Errorf("default-graph quad does not touch %s: %s", me, f.NQuad())
				}
				isFact[[3]quad.Value{f.Subject, f.Predicate, f.Object}] = true
			}
			// Group the statements' quads by statement node.
			type stmt struct {
				label      quad.Value
				s, p, o    quad.Value
				statement  bool
				quoted     bool
				background bool
			}
			byNode := map[quad.Value]*stmt{}
			for _, q := range claims {
				st := byNode[q.Subject]
				if st == nil {
					st = &stmt{label: q.Label}
					byNode[q.Subject] = st
				}
				if q.Label != st.label {
					t.Errorf("statement %s spans graphs %s and %s", q.Subject, st.label, q.Label)
				}
				switch q.Predicate {
				case loader.RDFType:
					st.statement = q.Object == loader.RDFStatement
				case loader.RDFSubject:
					st.s = q.Object
				case loader.RDFPredicate:
					st.p = q.Object
				case loader.RDFObject:
					st.o = q.Object
				case loader.ProvWasQuotedFrom:
					st.quoted = q.Object == q.Label
				case loader.ProvWasDerivedFrom:
					st.background = q.Object == q.Label
				}
			}
			reified := map[[3]quad.Value]bool{}
			for n, st := range byNode {
				k := [3]quad.Value{st.s, st.p, st.o}
				if !st.statement || !isFact[k] {
					t.Errorf("%s is not a statement reifying one of the facts shown (%v)", n, k)
				}
				if !st.quoted && !st.background {
					t.Errorf("statement %s names no source", n)
				}
				reified[k] = true
			}
			for k := range isFact {
				if !reified[k] {
					t.Errorf("fact %v comes without its evidence", k)
				}
			}
		})
	}
}
