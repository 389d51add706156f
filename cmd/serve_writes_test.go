package cmd

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/medkg/medkg/seeds"
)

// writeServer serves a fresh copy of the seeds with --allow-writes over a fact directory.
func writeServer(t *testing.T, facts string) (*httptest.Server, string) {
	t.Helper()
	return seedServer(t, false, func(o *serveOptions) { o.allowWrites, o.facts = true, facts })
}

// TestServeWrites: without --allow-writes there is no write endpoint; with it, remove and
// load work, the names follow, bad fact files write nothing, and no request names a path.
func TestServeWrites(t *testing.T) {
	t.Parallel()
	ro, _ := testServer(t, nil)
	for _, p := range []string{"/api/load", "/api/remove?article=004_9e3b36c867778e8f"} {
		if r := postWrite(t, ro, p); r.status != http.StatusNotFound && r.status != http.StatusMethodNotAllowed {
			t.Errorf("read-only POST %s: status %d, want 404 or 405", p, r.status)
		}
	}

	facts := t.TempDir()
	if err := seeds.WriteTo(facts); err != nil {
		t.Fatal(err)
	}
	ts, _ := writeServer(t, facts)
	if r := get(t, ts, "/api/search?q=Mindray"); !strings.Contains(r.body, "Mindray") {
		t.Fatalf("search before remove: %s", r.body)
	}
	// A typo's suggestions come from every name, read on first need and again after a write.
	suggests := func() bool { return strings.Contains(get(t, ts, "/api/entity?id=Mindary").body, "Mindray") }
	if !suggests() {
		t.Fatal("a typo of Mindray before remove: no suggestion")
	}
	r := postWrite(t, ts, "/api/remove?article=004_9e3b36c867778e8f")
	if r.status != http.StatusOK || !strings.Contains(r.body, `"removed": "https://example.org/medkg/article/004_9e3b36c867778e8f"`) {
		t.Fatalf("remove: %d %s", r.status, r.body)
	}
	if r := get(t, ts, "/api/search?q=Mindray"); strings.Contains(r.body, "Mindray") {
		t.Errorf("Mindray still found after its only article was removed: %s", r.body)
	}
	if suggests() {
		t.Error("Mindray still suggested after its only article was removed")
	}
	if r := postWrite(t, ts, "/api/remove?article=004_9e3b36c867778e8f"); r.status != http.StatusNotFound {
		t.Errorf("second remove: status %d, want 404", r.status)
	}
	if r := postWrite(t, ts, "/api/remove"); r.status != http.StatusBadRequest {
		t.Errorf("remove without article: status %d, want 400", r.status)
	}

	// Loading the fact directory puts the article back; the others are unchanged.
	r = postWrite(t, ts, "/api/load")
	var loaded struct {
		Sources []sourceResult `json:"sources"`
	}
	if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &loaded) != nil || len(loaded.Sources) != 6 {
		t.Fatalf("load: %d %s", r.status, r.body)
	}
	for _, s := range loaded.Sources {
		if changed := s.ID == "004_9e3b36c867778e8f"; s.Changed != changed {
			t.Errorf("load: %s changed=%v, want %v", s.ID, s.Changed, changed)
		}
	}
	if r := get(t, ts, "/api/search?q=Mindray"); !strings.Contains(r.body, "Mindray") {
		t.Errorf("Mindray not found after reload: %s", r.body)
	}
	if !suggests() {
		t.Error("Mindray not suggested after reload")
	}

	// A broken fact file: 422 with file:line, and nothing written.
	before := get(t, ts, "/api/export").body
	art := filepath.Join(facts, "articles", "004_9e3b36c867778e8f.yaml")
	data, _ := os.ReadFile(art)
	os.WriteFile(art, []byte(strings.Replace(string(data), "o: mindray", "o: mindary", 1)), 0o644)
	r = postWrite(t, ts, "/api/load")
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `004_9e3b36c867778e8f.yaml:`) || !strings.Contains(r.body, "unknown entity") {
		t.Errorf("load of a broken file: %d %s", r.status, r.body)
	}
	if after := get(t, ts, "/api/export").body; after != before {
		t.Error("a failed load changed the store")
	}
}
