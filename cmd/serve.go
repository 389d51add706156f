package cmd

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/queries"
	"github.com/medkg/medkg/rdf"
)

// webFS holds the page: HTML, JavaScript, CSS and the vendored cytoscape.js. Nothing is
// fetched from the internet at run time.
//
//go:embed web
var webFS embed.FS

type serveOptions struct {
	*globals
	queryFlags
	addr        string
	cors        string
	maxBody     int64
	parallel    int
	allowWrites bool
	facts       string   // the fact directory writes may load; empty: the embedded seeds
	hosts       []string // --allowed-host: names besides loopback the Host header may give
	adhoc       int      // --parallel-adhoc: ad-hoc scripts run at once, apart from --parallel
}

func newServeCmd(g *globals) *cobra.Command {
	o := &serveOptions{globals: g}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve a read-only HTTP API and a web page that draws the graph",
		Long: `Serve opens the store read-only and answers HTTP on --addr (loopback by default): a JSON
API (stored queries, ad-hoc Gizmo, search, an entity with its facts and quotes, an entity's
neighbourhood, N-Quads export) and a web page that searches, shows and draws the graph.
The page and its scripts are embedded; nothing is fetched from the internet.

By default there are no write endpoints, and the server holds a shared lock on the store:
other readers can open it, but 'medkg load' and 'medkg remove' wait for it to stop. With
--allow-writes it opens the store for writing (so no other process can open it) and offers
POST /api/load, which loads the --facts directory fixed at start, and POST /api/remove?
article=ID; no request can name a file. A write runs alone; reads wait for it.
It answers only loopback Host names (--allowed-host adds one), runs a POST only from its own
page (Origin, Sec-Fetch-Site) with a JSON body, asks writes for the token of GET /api/token,
and gives ad-hoc scripts their own --parallel-adhoc slots and a --max-memory budget each.
Ctrl-C or SIGTERM stop it gracefully. The API is described in docs/http.md.`,
		Example: `  medkg serve                         # http://127.0.0.1:8080/
  medkg serve --addr 127.0.0.1:0      # any free port; the address is printed
  medkg serve --timeout 5s --limit 1000
  medkg serve --allow-writes --facts ./articles   # analysts edit, then POST /api/load`,
		Args: maxArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runServe(c.Context(), o)
		},
	}
	c.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	c.Flags().IntVar(&o.limit, "limit", 10000, "stop a query with an error after this many rows (0: no limit)")
	c.Flags().DurationVar(&o.timeout, "timeout", 30*time.Second, "stop a query that runs longer than this")
	o.maxMem = defaultServeMaxMemory
	c.Flags().Var(&o.maxMem, "max-memory", memoryFlagUsage+"; each query has its own budget")
	c.Flags().StringVar(&o.cors, "cors-origin", "", "allow this origin (e.g. http://localhost:3000) to call the API from a browser; off by default")
	c.Flags().Int64Var(&o.maxBody, "max-body", 64<<10, "largest request body accepted, in bytes (413 beyond)")
	c.Flags().IntVar(&o.parallel, "parallel", 4, "queries run at once; more wait")
	c.Flags().BoolVar(&o.allowWrites, "allow-writes", false, "open the store for writing and offer POST /api/load and /api/remove (of the --facts directory's articles only)")
	c.Flags().StringArrayVar(&o.hosts, "allowed-host", nil, "a host name (or address) the Host header may give besides loopback ones (repeatable); needed behind a proxy or on a LAN name")
	c.Flags().IntVar(&o.adhoc, "parallel-adhoc", 2, "ad-hoc Gizmo scripts (POST /api/query) run at once; they have their own slots, apart from --parallel")
	c.Flags().StringVar(&o.facts, "facts", "", "with --allow-writes: the fact directory /api/load reads (default: the embedded seeds)")
	return c
}

func runServe(ctx context.Context, o *serveOptions) error {
	if o.timeout <= 0 {
		return usageError{errors.New("--timeout must be positive")}
	}
	if o.maxBody <= 0 || o.parallel <= 0 || o.adhoc <= 0 {
		return usageError{errors.New("--max-body, --parallel and --parallel-adhoc must be positive")}
	}
	if o.facts != "" && !o.allowWrites {
		return usageError{errors.New("--facts goes with --allow-writes")}
	}
	st, err := o.open(!o.allowWrites)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := newServer(ctx, st, o)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return usageError{fmt.Errorf("listen: %w", err)}
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      o.timeout + 30*time.Second, // a query's time, and its rendering
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	addr := ln.Addr().(*net.TCPAddr)
	srv.hosts = newHostGuard(addr, o.hosts)
	if !addr.IP.IsLoopback() {
		fmt.Fprintf(o.io.Err, "medkg: warning: listening on %s, which is not a loopback address: anyone who can reach it can read the graph\n", addr)
	}
	mode := "read-only"
	if o.allowWrites {
		mode = "with writes (load and remove of the fact directory's articles)"
	}
	fmt.Fprintf(o.io.Err, "medkg: serving %s %s on http://%s/ (Ctrl-C to stop)\n", st.Path(), mode, addr)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdown)
	fmt.Fprintln(o.io.Err, "medkg: server stopped")
	return err
}

// server answers the API and serves the page over one read-only store.
type server struct {
	st *graph.Store
	o  *serveOptions
	// idx is every name of the store, read on first need (not before listening: 0.5 s at
	// 10M quads) and dropped after each write; idxMu guards it. A store with a maintained
	// index needs it only for a name no entity has ("did you mean"): searches and
	// resolutions read that index (kg.SearchIndexed, kg.ResolveIndexed).
	idxMu sync.Mutex
	idx   *kg.Index
	// home is the home page's overview, built on first use, dropped after each write.
	home overviewCache
	mux  *http.ServeMux
	sem  chan struct{}
	// adhoc are the ad-hoc scripts' own slots; hosts, csrf: see serve_guard.go.
	adhoc chan struct{}
	hosts hostGuard
	csrf  string
	// rw lets reads run together and a write (only with --allow-writes) run alone: the
	// store is not safe for reads while a write is under way.
	rw sync.RWMutex
}

func newServer(ctx context.Context, st *graph.Store, o *serveOptions) (*server, error) {
	s := &server{st: st, o: o, mux: http.NewServeMux(), sem: make(chan struct{}, o.parallel),
		adhoc: make(chan struct{}, max(o.adhoc, 1)), hosts: newHostGuard(nil, o.hosts), csrf: newCSRFToken()}
	s.mux.HandleFunc("GET /api/queries", s.handleCatalog)
	s.mux.HandleFunc("GET /api/queries/{name}", s.handleStored)
	s.mux.HandleFunc("POST /api/queries/{name}", s.handleStored)
	s.mux.HandleFunc("POST /api/query", s.handleGizmo)
	s.mux.HandleFunc("GET /api/search", s.handleSearch)
	s.mux.HandleFunc("GET /api/entity", s.handleEntity)
	s.mux.HandleFunc("GET /api/neighbourhood", s.handleNeighbourhood)
	s.routeLinkedData() // /api/export and the minted IRIs: serve_ld.go
	s.routePage()       // the home page's overview and an article's page: page.go
	if o.allowWrites {
		s.mux.HandleFunc("POST /api/load", s.handleLoad)
		s.mux.HandleFunc("POST /api/remove", s.handleRemove)
		s.mux.HandleFunc("GET /api/token", s.handleToken)
	}
	s.mux.HandleFunc("GET /api/query", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusMethodNotAllowed, "send the Gizmo script with POST")
	})
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	web, err := fs.Sub(webFS, "web")
	if err != nil {
		return nil, err
	}
	files := noListing(http.FileServerFS(web))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			writeError(w, http.StatusMethodNotAllowed, "the page is read-only: use GET")
			return
		}
		files.ServeHTTP(w, r)
	})
	return s, nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	// cytoscape.js sets style attributes on its canvas; nothing else is inline.
	h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	if s.o.cors != "" && strings.HasPrefix(r.URL.Path, "/api/") && r.Header.Get("Origin") == s.o.cors {
		h.Set("Access-Control-Allow-Origin", s.o.cors)
		h.Set("Vary", "Origin")
		if r.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", "GET, POST")
			h.Set("Access-Control-Allow-Headers", "Content-Type, "+csrfHeader)
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, "the server is read-only: use GET, or POST for queries")
		return
	}
	if !s.guard(w, r) {
		return
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, s.o.maxBody)
	}
	if s.o.allowWrites && (r.URL.Path == "/api/load" || r.URL.Path == "/api/remove") {
		s.rw.Lock()
		defer s.rw.Unlock()
	} else {
		s.rw.RLock()
		defer s.rw.RUnlock()
	}
	s.mux.ServeHTTP(w, r)
}

// acquire waits for a query slot; false when the request went away first.
func (s *server) acquire(w http.ResponseWriter, r *http.Request) bool {
	return takeSlot(w, r, s.sem, "query slot")
}

// takeSlot waits for a free slot of slots (what names them in the error); false, with a
// 503 written, when the request went away first.
func takeSlot(w http.ResponseWriter, r *http.Request, slots chan struct{}, what string) bool {
	select {
	case slots <- struct{}{}:
		return true
	case <-r.Context().Done():
		writeError(w, http.StatusServiceUnavailable, "request cancelled while waiting for a free "+what)
		return false
	}
}

func (s *server) release() { <-s.sem }

type apiError struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	rdf.WriteJSON(w, apiError{msg})
}

// fail maps an error to its status: the same distinctions as the CLI's exit codes.
func fail(w http.ResponseWriter, err error) {
	var usage usageError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is larger than %d bytes", tooBig.Limit))
	case errors.Is(err, graph.ErrTimeout):
		writeError(w, http.StatusGatewayTimeout, err.Error())
	case errors.Is(err, graph.ErrMemory):
		writeError(w, http.StatusInsufficientStorage, err.Error())
	case errors.Is(err, errNotFound):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.As(err, &usage), errors.Is(err, graph.ErrLimit), errors.As(err, new(badRequest)), errors.As(err, new(*kg.BindError)):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, context.Canceled):
		writeError(w, http.StatusServiceUnavailable, "request cancelled")
	default:
		writeError(w, http.StatusInternalServerError, err.Error())
	}
}

// badRequest marks an error in what the client sent.
type badRequest struct{ error }

func (e badRequest) Unwrap() error { return e.error }

// sendJSON writes v as the CLI writes it with -o json.
func sendJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	rdf.WriteJSON(w, v)
}

// handleCatalog: GET /api/queries — the same JSON as `medkg queries -o json`.
func (s *server) handleCatalog(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	if err := runQueries(&queriesOptions{globals: &globals{io: IO{Out: &b}}, output: outJSON}); err != nil {
		fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	io.WriteString(w, b.String())
}

// handleStored: GET /api/queries/{name}?param=value, or POST with {"params": {...}}.
func (s *server) handleStored(w http.ResponseWriter, r *http.Request) {
	q, err := queries.Get(r.PathValue("name"))
	if err != nil {
		fail(w, errNoMatch("%s", err.Error()))
		return
	}
	var params []string
	if r.Method == http.MethodPost {
		var body struct {
			Params map[string]string `json:"params"`
		}
		if err := decodeBody(r, &body); err != nil {
			fail(w, err)
			return
		}
		for k, v := range body.Params {
			params = append(params, k+"="+v)
		}
	} else {
		for k, vs := range r.URL.Query() {
			for _, v := range vs {
				params = append(params, k+"="+v)
			}
		}
	}
	sort.Strings(params)
	vals, err := q.Values(params)
	if err != nil {
		fail(w, badRequest{err})
		return
	}
	if !s.acquire(w, r) {
		return
	}
	defer s.release()
	ctx := r.Context()
	rows, err := kg.RunStored(ctx, s.st, s.o.base, q, vals, serverResolver{s}, s.o.bounds())
	if err != nil {
		fail(w, err)
		return
	}
	s.sendRows(w, ctx, rows, q.Columns)
}

// serverResolver resolves a stored query's entity parameters through the server's index:
// a name no entity has is 404, a name several have is 400.
type serverResolver struct{ s *server }

func (r serverResolver) Resolve(ctx context.Context, text string) (quad.IRI, error) {
	return r.s.resolve(ctx, text)
}

func (s *server) resolve(ctx context.Context, text string) (quad.IRI, error) {
	iri, err := kg.ResolveIndexed(ctx, s.st, s.o.base, text, func() (*kg.Index, error) { return s.index(ctx) })
	if err != nil && !errors.Is(err, errNotFound) {
		return "", badRequest{err}
	}
	return iri, err
}

func (s *server) sendRows(w http.ResponseWriter, ctx context.Context, rows []graph.Row, cols []string) {
	rd := kg.NewRenderer(ctx, s.st, s.o.base)
	var b strings.Builder
	if err := writeResults(&b, rd, kg.NewResults(rd, rows, cols), outJSON); err != nil {
		fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, b.String())
}

// decodeBody reads a JSON body within the size limit.
func decodeBody(r *http.Request, v any) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return badRequest{fmt.Errorf("request body: %w", err)}
	}
	return nil
}

// handleGizmo: POST /api/query — an ad-hoc Gizmo script as {"script": "..."}
// (application/json, so that a browser on another site must preflight); rows as `medkg query -e SCRIPT -o json` prints them.
func (s *server) handleGizmo(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		fail(w, err)
		return
	}
	var body struct {
		Script string `json:"script"`
	}
	if err := json.Unmarshal(data, &body); err != nil { // guard let only application/json in
		fail(w, badRequest{fmt.Errorf("request body: %w", err)})
		return
	}
	script := body.Script
	if strings.TrimSpace(script) == "" {
		fail(w, badRequest{errors.New("no script: send {\"script\": \"...\"} as application/json")})
		return
	}
	if !s.acquireAdhoc(w, r) {
		return
	}
	defer s.releaseAdhoc()
	rows, err := kg.Run(r.Context(), s.st, s.o.base, script, "", s.o.bounds())
	if err != nil && !errors.Is(err, graph.ErrTimeout) && !errors.Is(err, graph.ErrLimit) && !errors.Is(err, graph.ErrMemory) && r.Context().Err() == nil {
		err = badRequest{err} // the script's own error: syntax, or a runtime exception
	}
	if err != nil {
		fail(w, err)
		return
	}
	s.sendRows(w, r.Context(), rows, nil)
}

// handleSearch: GET /api/search?q=TEXT[&limit=N] — the same objects as `medkg search -o
// json`; no match is an empty list, so that a search box can ask as the user types.
func (s *server) handleSearch(w http.ResponseWriter, r *http.Request) {
	text := strings.TrimSpace(r.URL.Query().Get("q"))
	if text == "" {
		fail(w, badRequest{errors.New("give the text to search for as ?q=")})
		return
	}
	limit, err := intParam(r, "limit", 20, 1, 1000)
	if err != nil {
		fail(w, err)
		return
	}
	matches, err := kg.SearchIndexed(r.Context(), s.st, s.o.base, text)
	if errors.Is(err, graph.ErrNoIndex) {
		var idx *kg.Index
		if idx, err = s.index(r.Context()); err == nil {
			matches = idx.Search(text)
		}
	}
	if err != nil {
		fail(w, err)
		return
	}
	if len(matches) > limit {
		matches = matches[:limit]
	}
	sendJSON(w, kg.NewRenderer(r.Context(), s.st, s.o.base).SearchJSON(matches))
}

func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest{fmt.Errorf("?%s=%s: give a number from %d to %d", name, v, lo, hi)}
	}
	return n, nil
}

// entityParam resolves ?id= (a name, alias or IRI) to a node the store has.
func (s *server) entityParam(r *http.Request) (quad.IRI, error) {
	text := strings.TrimSpace(r.URL.Query().Get("id"))
	if text == "" {
		return "", badRequest{errors.New("give the entity as ?id= (a name, an alias or an IRI)")}
	}
	return s.resolve(r.Context(), text)
}

// handleEntity: GET /api/entity?id=NAME|IRI — the same JSON as `medkg show -o json`.
func (s *server) handleEntity(w http.ResponseWriter, r *http.Request) {
	iri, err := s.entityParam(r)
	if err != nil {
		fail(w, err)
		return
	}
	obj, err := s.entityJSON(r.Context(), iri)
	if err != nil {
		fail(w, err)
		return
	}
	sendJSON(w, obj)
}

// entityJSON is what `medkg show -o json` prints.
func (s *server) entityJSON(ctx context.Context, iri quad.IRI) (rdf.Object, error) {
	rd := kg.NewRenderer(ctx, s.st, s.o.base)
	v, err := rd.Entity(iri)
	if err != nil {
		return nil, err
	}
	return rd.EntityJSON(v), nil
}

// handleNeighbourhood: GET /api/neighbourhood?id=...&depth=1|2&max=N — nodes and edges to draw.
func (s *server) handleNeighbourhood(w http.ResponseWriter, r *http.Request) {
	depth, err := intParam(r, "depth", 1, 1, kg.MaxDepth)
	if err != nil {
		fail(w, err)
		return
	}
	max, err := intParam(r, "max", kg.DefaultCap, 1, kg.MaxNodesCap)
	if err != nil {
		fail(w, err)
		return
	}
	iri, err := s.entityParam(r)
	if err != nil {
		fail(w, err)
		return
	}
	h, err := kg.NewRenderer(r.Context(), s.st, s.o.base).Neighbourhood(iri, depth, max)
	if err != nil {
		fail(w, err)
		return
	}
	h.Layout = kg.LayoutHood(h)
	sendJSON(w, h)
}

// lazyWriter sets the response's headers on the first write, so that an export that fails
// before writing anything can still answer with a JSON error.
type lazyWriter struct {
	w       http.ResponseWriter
	start   func()
	started bool
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.start()
	}
	return l.w.Write(p)
}

// handleLoad: POST /api/load (only with --allow-writes) — load the --facts directory as
// medkg load does: every problem reported at once and nothing written, or each article
// replaced in its own transaction. It never reads a path from the request.
func (s *server) handleLoad(w http.ResponseWriter, r *http.Request) {
	set, _, err := readFacts(s.o.facts, s.o.base)
	var de dataError
	if errors.As(err, &de) {
		writeError(w, http.StatusUnprocessableEntity, de.Error())
		return
	}
	if err != nil {
		fail(w, err)
		return
	}
	results, err := writeSources(r.Context(), s.st, set.Sources)
	s.dropIndex() // even after an error: an earlier article may have been written
	if err != nil {
		fail(w, err)
		return
	}
	sendJSON(w, rdf.Object{{Key: "sources", Value: results}})
}

// handleRemove: POST /api/remove?article=ID (only with --allow-writes) — retract an article
// as medkg remove does.
func (s *server) handleRemove(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("article")
	if name == "" {
		writeError(w, http.StatusBadRequest, "give ?article=ID (an article id, its IRI, or background)")
		return
	}
	label := s.o.graphLabel(name)
	existing, err := s.st.Graph(r.Context(), label)
	if err == nil && len(existing) == 0 {
		err = errNoMatch("no article <%s> in the store", string(label))
	}
	var ch graph.Change
	if err == nil {
		ch, err = s.st.Replace(r.Context(), label, nil, nil)
		s.dropIndex()
	}
	if err != nil {
		fail(w, err)
		return
	}
	sendJSON(w, rdf.Object{{Key: "removed", Value: string(label)}, {Key: "quadsRemoved", Value: ch.OwnRemoved}, {Key: "sharedRemoved", Value: ch.SharedRemoved}})
}

// index returns every name of the store, read on first need; requests that need it at
// once wait for one reading. An error (a request gone away) leaves it to the next request.
func (s *server) index(ctx context.Context) (*kg.Index, error) {
	s.idxMu.Lock()
	defer s.idxMu.Unlock()
	if s.idx == nil {
		idx, err := kg.LoadIndex(ctx, s.st, s.o.base)
		if err != nil {
			return nil, err
		}
		s.idx = idx
	}
	return s.idx, nil
}

// dropIndex forgets the names and the home page's overview after a write may have changed
// them; they are read again on first need. A write holds s.rw alone, so no request reads
// them meanwhile.
func (s *server) dropIndex() {
	s.idxMu.Lock()
	s.idx = nil
	s.idxMu.Unlock()
	s.home.reset()
}
