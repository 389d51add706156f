package cmd

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// doubling is issue 14's item 1: a script whose string doubles until memory runs out. Before
// the budget it ended the process with "fatal error: out of memory".
const doubling = `var s="x"; while(true) s = s + s;`

// TestQueryMemoryBudget: the CLI stops an over-budget script with its own exit code and a
// message naming the flag.
func TestQueryMemoryBudget(t *testing.T) {
	db, _ := loadedSeeds(t)
	out, stderr, code := runBounded(t, hang, db, "query", "--max-memory", "64MiB", "-e", doubling)
	if code != ExitMemory {
		t.Fatalf("exit %d, want %d (ExitMemory); stderr %q", code, ExitMemory, stderr)
	}
	if !strings.Contains(stderr, "more than --max-memory 64MiB") || out != "" {
		t.Fatalf("stdout %q, stderr %q", out, stderr)
	}
	// A query within its budget runs as before.
	if out := mustRun(t, db, "query", "--max-memory", "64MiB", "-e", `g.emit(1+1)`); !strings.HasSuffix(out, "\n2\n") {
		t.Fatalf("small query: %q", out)
	}
	_, stderr, code = run(t, db, "query", "--max-memory", "lots", "-e", `g.emit(1)`)
	if code != ExitUsage || !strings.Contains(stderr, "512MiB") {
		t.Fatalf("bad size: exit %d: %s", code, stderr)
	}
}

func TestByteSize(t *testing.T) {
	for in, want := range map[string]uint64{"0": 0, "1048576": 1 << 20, "64MiB": 64 << 20, "2GiB": 2 << 30, "1.5G": 3 << 29, "300MB": 300e6, "512k": 512 << 10} {
		var b byteSize
		if err := b.Set(in); err != nil || uint64(b) != want {
			t.Errorf("%q: %d, %v; want %d", in, b, err, want)
		}
	}
	for _, in := range []string{"", "-1", "MiB", "1 parsec", "1e30GiB"} {
		var b byteSize
		if err := b.Set(in); err == nil {
			t.Errorf("%q: accepted as %d", in, b)
		}
	}
	if d := defaultMaxMemory; d.String() != "1GiB" {
		t.Errorf("CLI default %s", &d)
	}
}

// TestServeMemoryBudget: the script POSTed to a real serve ends with 507 and the server
// answers the next requests (issue 14, item 1: it used to kill the server).
func TestServeMemoryBudget(t *testing.T) {
	db, _ := loadedSeeds(t)
	base, stop := startServe(t, db, "--max-memory", "64MiB")
	post := func(script string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, base+"api/query", strings.NewReader(`{"script": `+jsString(script)+`}`))
		req.Header.Set("Content-Type", "application/json")
		return send(t, req)
	}
	if code, body := post(doubling); code != http.StatusInsufficientStorage || !strings.Contains(body, "more than --max-memory 64MiB") {
		t.Fatalf("doubling: %d %s", code, body)
	}
	if code, body := post(`g.emit(6*7)`); code != http.StatusOK || !strings.Contains(body, "42") {
		t.Fatalf("the next query: %d %s", code, body)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"api/search?q=mindray", nil)
	if code, body := send(t, req); code != http.StatusOK || !strings.Contains(body, "Mindray") {
		t.Fatalf("the next search: %d %s", code, body)
	}
	if code, stderr := stop(); code != 0 {
		t.Fatalf("serve exit %d: %s", code, stderr)
	}
}

// send makes a real request and returns the status and body.
func send(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(data)
}
