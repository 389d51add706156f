package cmd

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/loader"
)

// Linked Data: every IRI medkg mints under the store's base is answered by the server at
// the same path (<base>id/cas at /id/cas), and it and /api/export speak the RDF syntax the
// client's Accept asks for; a browser is sent to the page.

// rdfSyntax is one RDF syntax serve answers in.
type rdfSyntax struct {
	mediaType string
	aliases   []string // other media types clients send for it
	format    string   // its name among graph.Formats (and ?format=)
	ext       string   // file extension of an export
	triples   bool     // no named graphs: the graphs' triples are merged
}

// rdfSyntaxes in the server's order of preference, for a client that accepts any (*/*).
// One is offered only when graph can write it (Formats), except N-Triples, which is
// N-Quads with the graphs merged.
var rdfSyntaxes = []rdfSyntax{
	{"text/turtle", []string{"application/x-turtle"}, "turtle", ".ttl", true},
	{"application/trig", []string{"application/x-trig"}, "trig", ".trig", false},
	{"application/ld+json", nil, "jsonld", ".jsonld", false},
	{"application/n-triples", nil, "ntriples", ".nt", true},
	{"application/n-quads", []string{"text/x-nquads"}, "nquads", ".nq", false},
}

const mediaHTML = "text/html"

// available reports whether graph writes the syntax (N-Triples: always, by merging).
func (x rdfSyntax) available() bool {
	return x.viaNQuads() || slices.Contains(graph.Formats, x.format)
}

// viaNQuads reports whether the syntax is N-Triples that graph does not write: it is
// written as N-Quads with the graphs merged (without graphs, N-Quads lines are N-Triples).
func (x rdfSyntax) viaNQuads() bool {
	return x.format == "ntriples" && !slices.Contains(graph.Formats, x.format)
}

// offered lists the syntaxes serve can write now, most preferred first.
func offeredSyntaxes() []rdfSyntax {
	var out []rdfSyntax
	for _, x := range rdfSyntaxes {
		if x.available() {
			out = append(out, x)
		}
	}
	return out
}

// acceptRange is one media range of an Accept header.
type acceptRange struct {
	typ, sub string
	q        float64
}

// parseAccept reads an Accept header (RFC 9110 §12.5.1): media ranges with optional q;
// other parameters are ignored. A missing header accepts anything.
func parseAccept(h string) []acceptRange {
	if strings.TrimSpace(h) == "" {
		return []acceptRange{{"*", "*", 1}}
	}
	var out []acceptRange
	for _, part := range strings.Split(h, ",") {
		fields := strings.Split(part, ";")
		mt := strings.ToLower(strings.TrimSpace(fields[0]))
		typ, sub, ok := strings.Cut(mt, "/")
		if !ok || typ == "" || sub == "" {
			continue
		}
		r := acceptRange{typ, sub, 1}
		for _, p := range fields[1:] {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && q >= 0 && q <= 1 {
					r.q = q
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// quality is how much the client wants mediaType: the q of the most specific range that
// matches it (RFC 9110: type/sub over type/* over */*), 0 when none does.
func quality(ranges []acceptRange, mediaType string) float64 {
	typ, sub, _ := strings.Cut(mediaType, "/")
	best, spec := 0.0, -1
	for _, r := range ranges {
		s := -1
		switch {
		case r.typ == typ && r.sub == sub:
			s = 2
		case r.typ == typ && r.sub == "*":
			s = 1
		case r.typ == "*" && r.sub == "*":
			s = 0
		}
		if s > spec {
			best, spec = r.q, s
		}
	}
	return best
}

// negotiate picks, among offers (media types in the server's order of preference), the
// one the client wants most; ties go to the server's order. ok is false when the client
// accepts none (406).
func negotiate(accept string, offers []string, aliases map[string][]string) (string, bool) {
	ranges := parseAccept(accept)
	best, bestQ := "", 0.0
	for _, o := range offers {
		q := quality(ranges, o)
		for _, a := range aliases[o] {
			q = max(q, quality(ranges, a))
		}
		if q > bestQ {
			best, bestQ = o, q
		}
	}
	return best, bestQ > 0
}

// htmlSyntax stands for the page among a resource's syntaxes: a browser is sent to it.
var htmlSyntax = rdfSyntax{mediaType: mediaHTML, aliases: []string{"application/xhtml+xml"}, format: "html"}

// syntaxChoices lists what a response may be, in the server's order of preference (ties in
// Accept go to the first): for a resource (html true) the syntaxes graph writes, then HTML;
// for an export N-Quads first, so that a client taking anything (curl, a browser's
// download) gets what `medkg export` writes.
func syntaxChoices(html bool) []rdfSyntax {
	offers := offeredSyntaxes()
	if html {
		return append(offers, htmlSyntax)
	}
	nq := offers[len(offers)-1]
	return append([]rdfSyntax{nq}, offers[:len(offers)-1]...)
}

// chooseSyntax picks among syntaxChoices(html) by ?format=NAME (a graph.Formats name,
// ntriples, or html), which overrides Accept, for links on a page; else by Accept. ok is
// false when the client accepts none of them (406).
func chooseSyntax(r *http.Request, html bool) (rdfSyntax, bool, error) {
	choices := syntaxChoices(html)
	if f := r.URL.Query().Get("format"); f != "" {
		names := make([]string, len(choices))
		for i, x := range choices {
			if x.format == f {
				return x, true, nil
			}
			names[i] = x.format
		}
		return rdfSyntax{}, false, badRequest{fmt.Errorf("?format=%s: use one of %s", f, strings.Join(names, ", "))}
	}
	types := make([]string, len(choices))
	aliases := make(map[string][]string, len(choices))
	for i, x := range choices {
		types[i] = x.mediaType
		aliases[x.mediaType] = x.aliases
	}
	mt, ok := negotiate(r.Header.Get("Accept"), types, aliases)
	if i := slices.Index(types, mt); ok && i >= 0 {
		return choices[i], true, nil
	}
	return rdfSyntax{}, false, nil
}

// negotiated is the start of every Linked Data answer: it marks the answer as varying with
// Accept and chooses its syntax; when there is none to answer in, it has written the
// error (400 for a bad ?format=, 406) and ok is false.
func negotiated(w http.ResponseWriter, r *http.Request, html bool) (x rdfSyntax, ok bool) {
	w.Header().Set("Vary", "Accept")
	x, ok, err := chooseSyntax(r, html)
	if err != nil {
		fail(w, err)
		return x, false
	}
	if !ok {
		notAcceptable(w, r, html)
	}
	return x, ok
}

// notAcceptable answers 406, naming what could be served.
func notAcceptable(w http.ResponseWriter, r *http.Request, html bool) {
	var types []string
	for _, x := range offeredSyntaxes() {
		types = append(types, x.mediaType)
	}
	if html {
		types = append(types, mediaHTML)
	}
	writeError(w, http.StatusNotAcceptable, fmt.Sprintf("cannot answer in %q: ask for one of %s (Accept), or give ?format=", r.Header.Get("Accept"), strings.Join(types, ", ")))
}

// ldPaths are the first path segments of the IRIs medkg mints (docs/vocabulary.md, "IRIs").
var ldPaths = []string{"id", "event", "article", "claim", "membership", "role", "figure", "graph"}

// routeLinkedData makes the minted IRIs dereferenceable.
func (s *server) routeLinkedData() {
	for _, p := range ldPaths {
		s.mux.HandleFunc("GET /"+p+"/", s.handleResource)
	}
	s.mux.HandleFunc("GET /registry", s.handleResource)
	s.mux.HandleFunc("GET /vocab", s.handleVocabulary) // the terms <base>vocab#Term
	s.mux.HandleFunc("GET /api/export", s.handleExport)
}

// handleResource: GET /id/{x} and the other minted IRIs — the resource's description in
// the negotiated RDF syntax, or, for a browser, a 303 to its page.
func (s *server) handleResource(w http.ResponseWriter, r *http.Request) {
	iri := quad.IRI(s.o.base + strings.TrimPrefix(r.URL.Path, "/"))
	x, ok := negotiated(w, r, true)
	if !ok {
		return
	}
	if !s.acquire(w, r) {
		return
	}
	defer s.release()
	qs, err := s.describe(r.Context(), iri)
	if err != nil {
		fail(w, err)
		return
	}
	if len(qs) == 0 {
		fail(w, errNoMatch("nothing is known about <%s>", string(iri)))
		return
	}
	if x.mediaType == mediaHTML {
		// Relative, unlike http.Redirect's, so that a proxy may serve medkg under a prefix.
		w.Header().Set("Location", s.pageOf(r.URL.Path, iri))
		w.WriteHeader(http.StatusSeeOther)
		return
	}
	writeRDF(w, x, qs, loader.QueryPrefixes(s.o.base))
}

// pageOf is where the page shows the resource at path, relative to path so that the server
// may sit behind a proxy under a prefix: an article's page, or an entity's.
func (s *server) pageOf(path string, iri quad.IRI) string {
	up := strings.Repeat("../", strings.Count(strings.TrimPrefix(path, "/"), "/"))
	if up == "" {
		up = "./"
	}
	if id, ok := strings.CutPrefix(path, "/article/"); ok {
		return up + "#/article/" + url.PathEscape(id)
	}
	return up + "#/entity/" + url.PathEscape(string(iri))
}

// writeRDF answers qs in x, written whole before the first byte is sent, so that a failure
// can still be an error status.
func writeRDF(w http.ResponseWriter, x rdfSyntax, qs []quad.Quad, prefixes map[string]string) {
	var b bytes.Buffer
	if err := writeSyntax(&b, x, qs, prefixes); err != nil {
		fail(w, err)
		return
	}
	w.Header().Set("Content-Type", x.mediaType+"; charset=utf-8")
	w.Write(b.Bytes())
}

// writeSyntax writes quads in x; a triples-only syntax gets each triple once, its graphs
// merged.
func writeSyntax(w io.Writer, x rdfSyntax, qs []quad.Quad, prefixes map[string]string) error {
	if x.triples {
		merged := make([]quad.Quad, len(qs))
		for i, q := range qs {
			q.Label = nil
			merged[i] = q
		}
		qs = merged
	}
	format := x.format
	if x.viaNQuads() {
		format = "nquads"
	}
	_, err := graph.WriteQuads(w, format, qs, prefixes)
	return err
}

// describe gathers what the store says about iri: a source's own graph (an article, the
// background), every quad with iri as subject or object, the claims that name it with
// their quotes, and the posts and figures it links to (nodes that exist only for it).
func (s *server) describe(ctx context.Context, iri quad.IRI) ([]quad.Quad, error) {
	var out []quad.Quad
	seen := map[quad.Quad]bool{}
	add := func(q quad.Quad) error {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
		return nil
	}
	own, err := s.st.Graph(ctx, iri)
	if err != nil {
		return nil, err
	}
	for _, q := range own {
		add(q)
	}
	var more []quad.Value
	part := func(v quad.Value) bool {
		o, ok := v.(quad.IRI)
		return ok && o != iri && (strings.HasPrefix(string(o), s.o.base+"membership/") || strings.HasPrefix(string(o), s.o.base+"figure/"))
	}
	if err := s.st.Quads(ctx, quad.Subject, iri, func(q quad.Quad) error {
		if q.Label == nil && part(q.Object) {
			more = append(more, q.Object)
		}
		return add(q)
	}); err != nil {
		return nil, err
	}
	if err := s.st.Quads(ctx, quad.Object, iri, func(q quad.Quad) error {
		switch {
		case q.Label != nil && (q.Predicate == loader.RDFSubject || q.Predicate == loader.RDFObject):
			more = append(more, q.Subject) // a claim: its quote and source
		case q.Label == nil && part(q.Subject):
			more = append(more, q.Subject)
		}
		return add(q)
	}); err != nil {
		return nil, err
	}
	for _, n := range more {
		if err := s.st.Quads(ctx, quad.Subject, n, add); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// handleExport: GET /api/export[?graph=ARTICLE|IRI|background][&format=NAME] — the store
// or one graph, sorted, in the syntax Accept (or ?format=) asks for; N-Quads, byte for byte
// `medkg export`, to a client that takes anything.
func (s *server) handleExport(w http.ResponseWriter, r *http.Request) {
	x, ok := negotiated(w, r, false)
	if !ok {
		return
	}
	opts := graph.ExportOptions{Format: x.format, Prefixes: loader.QueryPrefixes(s.o.base), MergeGraphs: x.triples}
	name := "medkg"
	if gr := strings.TrimSpace(r.URL.Query().Get("graph")); gr != "" {
		opts.Label = s.o.graphLabel(gr)
		name = kg.LocalName(string(opts.Label))
	}
	if !s.acquire(w, r) {
		return
	}
	defer s.release()
	lw := &lazyWriter{w: w, start: func() {
		w.Header().Set("Content-Type", x.mediaType+"; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+strings.NewReplacer(`"`, "", `\`, "").Replace(name+x.ext)+`"`)
	}}
	var out io.Writer = lw
	var merge *tripleMerger
	if x.viaNQuads() {
		opts.Format = "nquads"
		merge = &tripleMerger{w: bufio.NewWriter(lw)}
		out = merge
	}
	n, err := s.st.Export(r.Context(), out, opts)
	if err == nil && merge != nil {
		err = merge.Close()
	}
	switch {
	case err != nil && !lw.started:
		fail(w, fmt.Errorf("export: %w", err))
	case err != nil:
		// Headers are gone: all that can be done is to cut the response short.
		panic(http.ErrAbortHandler)
	case n == 0 && opts.Label != "":
		fail(w, errNoMatch("no graph <%s> in the store", string(opts.Label)))
	}
}

// tripleMerger turns sorted N-Quads lines into N-Triples: each line loses its graph, and
// a line equal to the one before is dropped. Sorting keeps the copies of a triple together:
// everything that sorts between two lines sharing the prefix "s p o " shares it too.
type tripleMerger struct {
	w    *bufio.Writer
	buf  []byte
	last string
}

func (m *tripleMerger) Write(p []byte) (int, error) {
	m.buf = append(m.buf, p...)
	for {
		i := bytes.IndexByte(m.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		line, err := tripleLine(string(m.buf[:i]))
		if err != nil {
			return 0, err
		}
		m.buf = m.buf[i+1:]
		if line == m.last {
			continue
		}
		m.last = line
		if _, err := m.w.WriteString(line + "\n"); err != nil {
			return 0, err
		}
	}
}

func (m *tripleMerger) Close() error { return m.w.Flush() }

// tripleLine drops the graph of an N-Quads line.
func tripleLine(line string) (string, error) {
	q, err := nquads.ParseRaw(line) // raw: "007"^^xsd:integer stays as written
	if err != nil {
		return "", fmt.Errorf("re-read %q: %w", line, err)
	}
	q.Label = nil
	return q.NQuad(), nil
}

// handleVocabulary: GET /vocab — the medkg vocabulary (RDFS: classes, properties, domains,
// ranges, labels), whose terms are <base>vocab#Term, in the negotiated syntax, as
// `medkg export --vocabulary` writes it.
func (s *server) handleVocabulary(w http.ResponseWriter, r *http.Request) {
	x, ok := negotiated(w, r, false)
	if !ok {
		return
	}
	writeRDF(w, x, loader.Vocabulary(s.o.base), loader.QueryPrefixes(s.o.base))
}
