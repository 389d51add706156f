package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/medkg/medkg/loader"
)

// Helpers shared by the query, path, search, show and repl tests.

// seedBase is the base of the IRIs in the seed store.
const seedBase = loader.DefaultBase

// Seed article ids.
const (
	art000 = "000_6658649c9b1ba4d5"
	art001 = "001_1a189328bf264726"
	art002 = "002_e8813c58836f13fa"
	art003 = "003_e118733d86336669"
	art004 = "004_9e3b36c867778e8f"
)

func entityIRI(id string) string  { return seedBase + "id/" + id }
func articleIRI(id string) string { return seedBase + "article/" + id }

// runIn is run with stdin, bounded as runBounded is.
func runIn(t *testing.T, db string, in io.Reader, args ...string) (string, string, int) {
	t.Helper()
	out, stderr, code, ok := tryBoundedIn(hang, db, in, args...)
	if !ok {
		t.Fatalf("medkg %q did not return within %s", args, hang)
	}
	return out, stderr, code
}

// runBounded runs medkg through Main in a goroutine and fails, rather than hangs, when it
// does not return within limit.
func runBounded(t *testing.T, limit time.Duration, db string, args ...string) (string, string, int) {
	t.Helper()
	out, stderr, code, ok := tryBounded(limit, db, args...)
	if !ok {
		t.Fatalf("medkg %q did not return within %s", args, limit)
	}
	return out, stderr, code
}

// tryBounded runs medkg through Main in a goroutine; ok is false when it did not return
// within limit (the goroutine is then left behind).
func tryBounded(limit time.Duration, db string, args ...string) (stdout, stderr string, code int, ok bool) {
	return tryBoundedIn(limit, db, strings.NewReader(""), args...)
}

// tryBoundedIn is tryBounded with stdin.
func tryBoundedIn(limit time.Duration, db string, in io.Reader, args ...string) (stdout, stderr string, code int, ok bool) {
	type result struct {
		out, err string
		code     int
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		code := Main(context.Background(), append([]string{"--db", db}, args...), IO{In: in, Out: &out, Err: &errb})
		done <- result{out.String(), errb.String(), code}
	}()
	select {
	case r := <-done:
		return r.out, r.err, r.code, true
	case <-time.After(limit):
		return "", "", -1, false
	}
}

// mustRun runs medkg and fails unless it succeeds with nothing on stderr.
func mustRun(t *testing.T, db string, args ...string) string {
	t.Helper()
	out, stderr, code := run(t, db, args...)
	if code != ExitOK || stderr != "" {
		t.Fatalf("medkg %q: exit %d, stderr %q", args, code, stderr)
	}
	return out
}

// runOK runs medkg as run does and stops the test unless it exits 0; unlike mustRun it
// allows output on stderr (progress, a load's summary), and returns it.
func runOK(t *testing.T, db string, args ...string) (stdout, stderr string) {
	t.Helper()
	out, stderr, code := run(t, db, args...)
	if code != ExitOK {
		t.Fatalf("medkg %q: exit %d: %s", args, code, stderr)
	}
	return out, stderr
}

// node is how JSON output writes a node.
type node struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// jsonRow is one row of -o json output, with its keys in order.
type jsonRow struct {
	keys   []string
	values map[string]json.RawMessage
}

// decodeRows reads -o json output of a query, keeping the order of each row's keys.
func decodeRows(t *testing.T, out string) []jsonRow {
	t.Helper()
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, out)
	}
	rows := make([]jsonRow, 0, len(raw))
	for _, r := range raw {
		dec := json.NewDecoder(bytes.NewReader(r))
		row := jsonRow{values: map[string]json.RawMessage{}}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("row is not an object: %s", r)
		}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			key := tok.(string)
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			row.keys = append(row.keys, key)
			row.values[key] = v
		}
		rows = append(rows, row)
	}
	return rows
}

// node decodes a cell that holds a node.
func (r jsonRow) node(t *testing.T, key string) node {
	t.Helper()
	var n node
	if err := json.Unmarshal(r.values[key], &n); err != nil || n.ID == "" {
		t.Fatalf("%s is not a node: %s (%v)", key, r.values[key], err)
	}
	return n
}

// articles decodes the row's sources.
func (r jsonRow) articles(t *testing.T) []node {
	t.Helper()
	raw, ok := r.values["articles"]
	if !ok {
		t.Fatalf("row has no \"articles\": keys %q", r.keys)
	}
	var list []node
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatalf("articles is not a list of nodes: %s", raw)
	}
	return list
}

// text is how a cell reads in a table or CSV: a node by name, null as "".
func (r jsonRow) text(t *testing.T, key string) string {
	t.Helper()
	raw := r.values[key]
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case map[string]any:
		return v["name"].(string)
	case []any:
		var names []string
		for _, x := range v {
			names = append(names, x.(map[string]any)["name"].(string))
		}
		return strings.Join(names, ", ")
	}
	data, _ := json.Marshal(v)
	return string(data)
}

// checkGolden compares got with testdata/<name>, rewriting it under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd -update to create it)", err)
	}
	if got == string(want) {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) && i < len(wl); i++ {
		if gl[i] != wl[i] {
			t.Fatalf("output differs from %s at line %d:\n got: %s\nwant: %s\n(if intended, go test ./cmd -update)", golden, i+1, gl[i], wl[i])
		}
	}
	t.Fatalf("output has %d lines, %s has %d (if intended, go test ./cmd -update)", len(gl), golden, len(wl))
}

// shellWords splits a command line as a shell would, for double quotes only.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	inQuote, inWord := false, false
	for _, r := range line {
		switch {
		case r == '"':
			inQuote, inWord = !inQuote, true
		case r == ' ' && !inQuote:
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inQuote {
		t.Fatalf("unbalanced quote in %q", line)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// articleText reads a seed article as it was received.
func articleText(t *testing.T, id string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "seeds", "articles", id+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
