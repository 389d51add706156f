package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/kg"
)

// The seed centre the flagship questions are about, and its co-founders.
const (
	nhmaii     = "National High-performance Medical Apparatus and Instruments Innovation Center"
	nhmaiiID   = "nhmaii-center"
	mindrayFul = "Shenzhen Mindray Biomedical Electronics Co. Ltd."
	siatName   = "Shenzhen Institute of Advanced Technology"
)

// testServer serves the seed store (loaded once per test binary) through httptest.
func testServer(t *testing.T, edit func(*serveOptions)) (*httptest.Server, string) {
	t.Helper()
	return seedServer(t, true, edit)
}

// seedServer serves a copy of the seed store, opened read-only or not, with the options
// edit changes, through httptest; it returns the server and the store's directory.
func seedServer(t *testing.T, readOnly bool, edit func(*serveOptions)) (*httptest.Server, string) {
	t.Helper()
	db, _ := loadedSeeds(t)
	st, err := graph.Open(context.Background(), graph.Options{Path: db, ReadOnly: readOnly, Index: &kg.StoreIndex}) // as the CLI opens it
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	o := &serveOptions{globals: &globals{db: db, base: seedBase}, maxBody: 64 << 10, parallel: 4}
	o.timeout, o.limit = 30*time.Second, 10000
	if edit != nil {
		edit(o)
	}
	srv, err := newServer(context.Background(), st, o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, db
}

type reply struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, ts *httptest.Server, path string) reply {
	t.Helper()
	return do(t, ts, http.MethodGet, path, "", nil)
}

func do(t *testing.T, ts *httptest.Server, method, path, ctype string, body io.Reader) reply {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{res.StatusCode, res.Header, string(data)}
}

// wantStatus checks the status, and that an error is JSON {"error": message}.
func (r reply) wantStatus(t *testing.T, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body: %s", r.status, status, r.body)
	}
	if status >= 400 {
		var e map[string]any
		if err := json.Unmarshal([]byte(r.body), &e); err != nil || len(e) != 1 || e["error"] == "" {
			t.Fatalf("error body is not {\"error\": message}: %s", r.body)
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("error Content-Type %q", ct)
		}
	}
}

// sameAsCLI checks that the API answers byte for byte what medkg prints.
func sameAsCLI(t *testing.T, r reply, db string, args ...string) {
	t.Helper()
	r.wantStatus(t, http.StatusOK)
	want, stderr, code := run(t, db, args...)
	if code != ExitOK {
		t.Fatalf("medkg %q: exit %d: %s", args, code, stderr)
	}
	if r.body != want {
		t.Fatalf("API and `medkg %s` differ:\nAPI:\n%s\nCLI:\n%s", strings.Join(args, " "), r.body, want)
	}
}

func TestServeCatalog(t *testing.T) {
	t.Parallel()
	ts, db := testServer(t, nil)
	sameAsCLI(t, get(t, ts, "/api/queries"), db, "queries", "-o", "json")
}

func TestServeStoredQuery(t *testing.T) {
	t.Parallel()
	ts, db := testServer(t, nil)
	sameAsCLI(t, get(t, ts, "/api/queries/founders-of?centre="+url.QueryEscape(nhmaii)), db,
		"query", "founders-of", "--param", "centre="+nhmaii, "-o", "json")
	sameAsCLI(t, get(t, ts, "/api/queries/centres-cofounded-by"), db, "query", "centres-cofounded-by", "-o", "json")
	post := do(t, ts, http.MethodPost, "/api/queries/founders-of", "application/json",
		strings.NewReader(`{"params": {"centre": "`+nhmaii+`"}}`))
	sameAsCLI(t, post, db, "query", "founders-of", "--param", "centre="+nhmaii, "-o", "json")
	if !strings.Contains(post.body, mindrayFul) || !strings.Contains(post.body, siatName) {
		t.Fatalf("founders of the centre lack Mindray or SIAT: %s", post.body)
	}

	get(t, ts, "/api/queries/no-such-query").wantStatus(t, http.StatusNotFound)
	get(t, ts, "/api/queries/founders-of?centre=Nobody+At+All").wantStatus(t, http.StatusNotFound)
	get(t, ts, "/api/queries/mentions").wantStatus(t, http.StatusBadRequest) // required param
	get(t, ts, "/api/queries/founders-of?bogus=1").wantStatus(t, http.StatusBadRequest)
	do(t, ts, http.MethodPost, "/api/queries/founders-of", "application/json", strings.NewReader(`{not json`)).
		wantStatus(t, http.StatusBadRequest)
}

func TestServeGizmo(t *testing.T) {
	t.Parallel()
	ts, db := testServer(t, nil)
	script := `g.V(g.IRI("id:nhmaii-center")).out(g.IRI("schema:founder")).tag("founder").all()`
	sameAsCLI(t, do(t, ts, http.MethodPost, "/api/query", "application/json", scriptBody(script)), db,
		"query", "-e", script, "-o", "json")
	body, _ := json.Marshal(map[string]string{"script": script})
	sameAsCLI(t, do(t, ts, http.MethodPost, "/api/query", "application/json", bytes.NewReader(body)), db,
		"query", "-e", script, "-o", "json")

	do(t, ts, http.MethodPost, "/api/query", "application/json", scriptBody("g.V(")).wantStatus(t, http.StatusBadRequest)
	do(t, ts, http.MethodPost, "/api/query", "application/json", scriptBody("  ")).wantStatus(t, http.StatusBadRequest)
	do(t, ts, http.MethodPost, "/api/query", "application/json", scriptBody(`require("fs")`)).wantStatus(t, http.StatusBadRequest)
	get(t, ts, "/api/query").wantStatus(t, http.StatusMethodNotAllowed)
}

func TestServeGizmoLimits(t *testing.T) {
	t.Parallel()
	ts, _ := testServer(t, func(o *serveOptions) {
		o.timeout, o.limit, o.maxBody = 500*time.Millisecond, 3, 1024
	})
	start := time.Now()
	r := do(t, ts, http.MethodPost, "/api/query", "application/json", scriptBody("while(true){}"))
	r.wantStatus(t, http.StatusGatewayTimeout)
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("hostile query took %s to stop", d)
	}
	// The server still answers after a script was interrupted.
	do(t, ts, http.MethodPost, "/api/query", "application/json", scriptBody(`g.V(g.IRI("id:mindray")).all()`)).wantStatus(t, http.StatusOK)
	// More rows than --limit.
	do(t, ts, http.MethodPost, "/api/query", "application/json", scriptBody(`g.V().all()`)).wantStatus(t, http.StatusBadRequest)
	// A body over the limit.
	big := "// " + strings.Repeat("x", 2048) + "\ng.V().all()"
	do(t, ts, http.MethodPost, "/api/query", "application/json", scriptBody(big)).wantStatus(t, http.StatusRequestEntityTooLarge)
	do(t, ts, http.MethodPost, "/api/queries/founders-of", "application/json", strings.NewReader(`{"params":{"centre":"`+strings.Repeat("x", 2048)+`"}}`)).
		wantStatus(t, http.StatusRequestEntityTooLarge)
}

func TestServeSearch(t *testing.T) {
	t.Parallel()
	ts, db := testServer(t, nil)
	sameAsCLI(t, get(t, ts, "/api/search?q=mindray"), db, "search", "mindray", "-o", "json")
	sameAsCLI(t, get(t, ts, "/api/search?q=wenzhou"), db, "search", "wenzhou", "-o", "json")
	r := get(t, ts, "/api/search?q=zzzzqqqq")
	r.wantStatus(t, http.StatusOK)
	if strings.TrimSpace(r.body) != "[]" {
		t.Fatalf("no match: got %s, want []", r.body)
	}
	var hits []map[string]any
	r = get(t, ts, "/api/search?q=shenzhen&limit=2")
	r.wantStatus(t, http.StatusOK)
	if err := json.Unmarshal([]byte(r.body), &hits); err != nil || len(hits) != 2 {
		t.Fatalf("limit=2: %v %s", err, r.body)
	}
	get(t, ts, "/api/search").wantStatus(t, http.StatusBadRequest)
	get(t, ts, "/api/search?q=x&limit=0").wantStatus(t, http.StatusBadRequest)
}

func TestServeEntity(t *testing.T) {
	t.Parallel()
	ts, db := testServer(t, nil)
	for _, e := range []string{"Mindray", nhmaii, "USST", "Guoke Wenzhou Research Institute", entityIRI(nhmaiiID), "id:cas"} {
		sameAsCLI(t, get(t, ts, "/api/entity?id="+url.QueryEscape(e)), db, "show", e, "-o", "json")
	}
	r := get(t, ts, "/api/entity?id="+url.QueryEscape(nhmaii))
	if !strings.Contains(r.body, "Jointly established by the Shenzhen Institute of Advanced Technology") {
		t.Fatalf("the centre's founding quote is missing: %s", r.body)
	}
	get(t, ts, "/api/entity?id=No+Such+Entity").wantStatus(t, http.StatusNotFound)
	get(t, ts, "/api/entity?id="+url.QueryEscape("<https://example.org/nowhere>")).wantStatus(t, http.StatusNotFound)
	get(t, ts, "/api/entity").wantStatus(t, http.StatusBadRequest)
}

func decodeHood(t *testing.T, r reply) kg.Hood {
	t.Helper()
	r.wantStatus(t, http.StatusOK)
	var h kg.Hood
	if err := json.Unmarshal([]byte(r.body), &h); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestServeNeighbourhood(t *testing.T) {
	t.Parallel()
	ts, _ := testServer(t, nil)
	h := decodeHood(t, get(t, ts, "/api/neighbourhood?id="+url.QueryEscape(nhmaii)))
	names := map[string]kg.HoodNode{}
	for _, n := range h.Nodes {
		names[n.Name] = n
	}
	for name, kind := range map[string]string{nhmaii: "organization", mindrayFul: "organization", siatName: "organization", "Zheng Hairong": "person", "Shenzhen": "place", "Medical device center settles in SZ": "article"} {
		if n, ok := names[name]; !ok || n.Kind != kind {
			t.Errorf("depth 1 around the centre: %q is %+v, want kind %s", name, n, kind)
		}
	}
	founders := 0
	for _, e := range h.Edges {
		if e.Source == entityIRI(nhmaiiID) && e.Predicate == "schema:founder" {
			founders++
		}
	}
	if founders < 2 {
		t.Errorf("want the centre's co-founders as founder edges, got %d: %+v", founders, h.Edges)
	}
	if h.Truncated || h.Depth != 1 || h.Centre != entityIRI(nhmaiiID) {
		t.Errorf("hood header: %+v", h)
	}
	if h.Layout == nil || len(h.Layout.Nodes) != len(h.Nodes) || len(h.Layout.Edges) != len(h.Edges) {
		t.Errorf("no layout for every node and edge: %+v", h.Layout)
	} else if bad := layoutOverlaps(&h, h.Layout); len(bad) > 0 {
		t.Errorf("layout overlaps: %q", bad)
	}
	h2 := decodeHood(t, get(t, ts, "/api/neighbourhood?depth=2&id=Mindray"))
	if len(h2.Nodes) <= 3 || !containsName(h2.Nodes, siatName) {
		t.Errorf("depth 2 from Mindray should reach SIAT through the centre: %+v", h2.Nodes)
	}
	capped := decodeHood(t, get(t, ts, "/api/neighbourhood?depth=2&max=3&id=Mindray"))
	if len(capped.Nodes) != 3 || !capped.Truncated {
		t.Errorf("max=3: %d nodes, truncated %v", len(capped.Nodes), capped.Truncated)
	}
	for _, e := range capped.Edges {
		if !containsID(capped.Nodes, e.Source) || !containsID(capped.Nodes, e.Target) {
			t.Errorf("edge %+v leaves the capped graph", e)
		}
	}
	get(t, ts, "/api/neighbourhood?id=Mindray&depth=3").wantStatus(t, http.StatusBadRequest)
	get(t, ts, "/api/neighbourhood?id=Mindray&max=99999").wantStatus(t, http.StatusBadRequest)
	get(t, ts, "/api/neighbourhood?id=Nobody").wantStatus(t, http.StatusNotFound)
}

func containsName(ns []kg.HoodNode, name string) bool {
	for _, n := range ns {
		if n.Name == name {
			return true
		}
	}
	return false
}

func containsID(ns []kg.HoodNode, id string) bool {
	for _, n := range ns {
		if n.ID == id {
			return true
		}
	}
	return false
}

func TestServeExport(t *testing.T) {
	t.Parallel()
	ts, db := testServer(t, nil)
	r := get(t, ts, "/api/export")
	sameAsCLI(t, r, db, "export")
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/n-quads") {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, `filename="medkg.nq"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	sameAsCLI(t, get(t, ts, "/api/export?graph="+art004), db, "export", "--graph", art004)
	sameAsCLI(t, get(t, ts, "/api/export?graph=background"), db, "export", "--graph", "background")
	get(t, ts, "/api/export?graph=no_such_article").wantStatus(t, http.StatusNotFound)
}

func TestServePageAndHeaders(t *testing.T) {
	t.Parallel()
	ts, _ := testServer(t, nil)
	for path, want := range map[string]string{
		"/":                        "<title>medkg</title>",
		"/app.js":                  "cytoscape(",
		"/style.css":               ".cy {",
		"/vendor/cytoscape.min.js": "cytoscape",
		"/vendor/LICENSE":          "Cytoscape Consortium",
	} {
		r := get(t, ts, path)
		r.wantStatus(t, http.StatusOK)
		if !strings.Contains(r.body, want) {
			t.Errorf("%s lacks %q", path, want)
		}
		if r.header.Get("Content-Security-Policy") == "" || r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: security headers missing: %v", path, r.header)
		}
	}
	// Nothing on the page reaches beyond the server.
	for _, path := range []string{"/", "/app.js", "/style.css"} {
		if m := regexp.MustCompile(`(?:src|href)\s*=\s*"(?:https?:)?//`).FindString(get(t, ts, path).body); m != "" {
			t.Errorf("%s loads from elsewhere: %s", path, m)
		}
	}
	get(t, ts, "/api/nothing-here").wantStatus(t, http.StatusNotFound)
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
		do(t, ts, m, "/api/entity?id=Mindray", "", nil).wantStatus(t, http.StatusMethodNotAllowed)
	}
	do(t, ts, http.MethodPost, "/", "application/json", strings.NewReader("{}")).wantStatus(t, http.StatusMethodNotAllowed)
}

func TestServeCORS(t *testing.T) {
	t.Parallel()
	ts, _ := testServer(t, nil)
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/search?q=cas", nil)
	req.Header.Set("Origin", "http://evil.example")
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if v := res.Header.Get("Access-Control-Allow-Origin"); v != "" {
		t.Fatalf("CORS is on by default: Access-Control-Allow-Origin %q", v)
	}

	ts, _ = testServer(t, func(o *serveOptions) { o.cors = "http://localhost:3000" })
	for origin, want := range map[string]string{"http://localhost:3000": "http://localhost:3000", "http://evil.example": ""} {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/search?q=cas", nil)
		req.Header.Set("Origin", origin)
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("--cors-origin http://localhost:3000, Origin %s: got %q, want %q", origin, got, want)
		}
	}
}

// TestServeConcurrent reads in parallel, for the race detector.
func TestServeConcurrent(t *testing.T) {
	t.Parallel()
	ts, _ := testServer(t, nil)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			paths := []string{"/api/entity?id=Mindray", "/api/neighbourhood?depth=2&id=CAS", "/api/search?q=shen", "/api/queries/centres-cofounded-by"}
			res, err := ts.Client().Get(ts.URL + paths[i%len(paths)])
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s: %d", paths[i%len(paths)], res.StatusCode)
			}
		}(i)
	}
	wg.Wait()
}

// lockedBuffer is a bytes.Buffer safe to write from the server's goroutine and read from
// the test's.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var reServing = regexp.MustCompile(`on (http://127\.0\.0\.1:\d+/)`)

// startServe runs `medkg serve --addr 127.0.0.1:0` through Main, as the binary does, and
// returns its URL and a function that stops it as SIGINT would (by cancelling its context)
// and returns its exit code and stderr.
func startServe(t *testing.T, db string, args ...string) (string, func() (int, string)) {
	t.Helper()
	return startServeFlags(t, []string{"--db", db}, args...)
}

// startServeFlags is startServe on the store that flags name (--db, or --backend postgres).
func startServeFlags(t *testing.T, flags []string, args ...string) (string, func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, append(append(append([]string{}, flags...), "serve", "--addr", "127.0.0.1:0"), args...), IO{In: strings.NewReader(""), Out: io.Discard, Err: stderr})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m := reServing.FindStringSubmatch(stderr.String()); m != nil {
			stopped := false
			stop := func() (int, string) {
				if stopped {
					return 0, ""
				}
				stopped = true
				cancel()
				select {
				case code := <-done:
					return code, stderr.String()
				case <-time.After(15 * time.Second):
					t.Fatalf("serve did not stop within 15s of its context's cancellation")
				}
				return -1, ""
			}
			t.Cleanup(func() { stop() })
			return m[1], stop
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited with %d before listening: %s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start: %s", stderr.String())
		}
	}
}

func TestServeCommand(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	base, stop := startServe(t, db)
	res, err := http.Get(base + "api/entity?id=Mindray")
	if err != nil {
		t.Fatal(err)
	}
	var e struct{ Name string }
	json.NewDecoder(res.Body).Decode(&e)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || e.Name != mindrayFul {
		t.Fatalf("GET entity: %d %q", res.StatusCode, e.Name)
	}
	// The store is open read-only: another reader can use it meanwhile.
	if out := mustRun(t, db, "search", "mindray"); !strings.Contains(out, "Mindray") {
		t.Fatalf("a reader beside the server: %s", out)
	}
	code, stderr := stop()
	if code != 0 || !strings.Contains(stderr, "server stopped") {
		t.Fatalf("graceful stop: exit %d: %s", code, stderr)
	}
	// Flags are checked.
	_, errs, code := run(t, db, "serve", "--addr", "127.0.0.1:0", "--timeout", "0s")
	if code != ExitUsage {
		t.Fatalf("--timeout 0s: exit %d: %s", code, errs)
	}
	_, errs, code = run(t, db, "serve", "--addr", "not an address")
	if code != ExitUsage {
		t.Fatalf("bad --addr: exit %d: %s", code, errs)
	}
	_, errs, code = run(t, t.TempDir(), "serve", "--addr", "127.0.0.1:0")
	if code != ExitNoData {
		t.Fatalf("no store: exit %d: %s", code, errs)
	}
}

// TestServeNameIndex: serve reads every name only when it must. On a store with the
// maintained index, searches and names an entity has are answered from that index and every
// name is read only for a name no entity has ("did you mean"); on a store without one (an
// older store, PostgreSQL) every name is read on first need, once for requests that come
// together. The answers are the CLI's either way.
func TestServeNameIndex(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	// A store without the maintained index, as an older medkg wrote it.
	plain := filepath.Join(t.TempDir(), "plain")
	runOK(t, plain, "load")
	bdb, err := bbolt.Open(filepath.Join(plain, "indexes.bolt"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bbolt.Tx) error { return tx.DeleteBucket([]byte("medkg.idx")) })
	if err == nil {
		err = bdb.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, indexed := range []bool{true, false} {
		t.Run(fmt.Sprint("indexed=", indexed), func(t *testing.T) {
			path := plain
			if indexed {
				path = db
			}
			st, err := graph.Open(context.Background(), graph.Options{Path: path, ReadOnly: true, Index: &kg.StoreIndex})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			if err := st.IndexState(context.Background()); (err == nil) != indexed {
				t.Fatalf("the store's index: %v, want one: %v", err, indexed)
			}
			o := &serveOptions{globals: &globals{db: path, base: seedBase}, maxBody: 64 << 10, parallel: 4}
			o.timeout, o.limit = 30*time.Second, 10000
			srv, err := newServer(context.Background(), st, o)
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(srv)
			t.Cleanup(ts.Close)
			if srv.idx != nil {
				t.Fatal("newServer read every name before listening")
			}
			var wg sync.WaitGroup
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					sameAsCLI(t, get(t, ts, "/api/search?q=wenzhou"), db, "search", "wenzhou", "-o", "json")
				}()
			}
			wg.Wait()
			sameAsCLI(t, get(t, ts, "/api/search?q=mindray"), db, "search", "mindray", "-o", "json")
			sameAsCLI(t, get(t, ts, "/api/entity?id=MINDRAY"), db, "show", "MINDRAY", "-o", "json")
			sameAsCLI(t, get(t, ts, "/api/entity?id=id:cas"), db, "show", "id:cas", "-o", "json")
			srv.idxMu.Lock()
			read := srv.idx != nil
			srv.idxMu.Unlock()
			if read == indexed {
				t.Errorf("every name read: %v, want %v", read, !indexed)
			}
			r := get(t, ts, "/api/entity?id=Mindary")
			r.wantStatus(t, http.StatusNotFound)
			if !strings.Contains(r.body, `did you mean \"Mindray`) {
				t.Errorf("a typo: %s, want a suggestion of Mindray", r.body)
			}
			if srv.idx == nil {
				t.Error("a name no entity has was answered without reading every name")
			}
		})
	}
}
