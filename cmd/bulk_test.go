package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/medkg/medkg/queries"
)

// bulkExtra is appended to a generated corpus: quads given twice (one of the corpus's own,
// one of these), blank nodes, language tags, datatypes and named graphs of its own.
const bulkExtra = `_:b1 <https://schema.org/name> "Blank"@de <https://example.org/x/g1> .
_:b1 <https://schema.org/foundingDate> "2001-02-03"^^<http://www.w3.org/2001/XMLSchema#date> <https://example.org/x/g2> .
<https://example.org/x/org> <https://schema.org/name> "X Org"@en .
<https://example.org/x/org> <https://schema.org/name> "X Org"@en .
<https://example.org/x/org> <https://schema.org/member> _:b1 <https://example.org/x/g1> .
`

// TestBulkImportMatchesNormal imports the same file into two new stores, through the bulk
// path and with --bulk=false, and requires the same bytes from export, stats, search and
// every stored query; then the same load, import and remove on both, and the same again.
func TestBulkImportMatchesNormal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.nq")
	if _, stderr, code := runArgs(t, "gen", "--quads", "20000", "--seed", "3", "--out", corpus); code != 0 {
		t.Fatalf("gen: %s", stderr)
	}
	data, err := os.ReadFile(corpus)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	if err := os.WriteFile(corpus, []byte(string(data)+bulkExtra+first+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.nq")
	if err := os.WriteFile(other, []byte(bulkExtra+`<https://example.org/x/late> <https://schema.org/name> "Late" .`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for db, args := range map[string][]string{a: {"--bulk=false"}, b: nil} {
		args = append([]string{"--db", db, "import", "--progress=false"}, args...)
		if _, stderr, code := runArgs(t, append(args, corpus)...); code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, stderr)
		}
	}
	cat, err := queries.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	same := func(when string, full bool) {
		t.Helper()
		cmds := [][]string{{"export"}, {"stats", "-o", "json"}, {"sources"}}
		if full {
			cmds = append(cmds, []string{"search", "Anan Academy", "-o", "json"}, []string{"search", "X Org", "-o", "json"})
			for _, q := range cat {
				args := []string{"query", q.Name, "-o", "json"}
				for k, v := range exampleParams(q) {
					args = append(args, "--param", k+"="+v)
				}
				cmds = append(cmds, args)
			}
			cmds = append(cmds, []string{"query", "centres-cofounded-by", "--param", "org=Anan Academy of Sciences", "-o", "json"})
		}
		nonEmpty := 0
		for _, c := range cmds {
			outA, errA, codeA := runArgs(t, append([]string{"--db", a}, c...)...)
			outB, errB, codeB := runArgs(t, append([]string{"--db", b}, c...)...)
			if outA != outB || codeA != codeB {
				t.Errorf("%s: medkg %q differs: exit %d and %d\n--- normal (%s)\n%.2000s\n--- bulk (%s)\n%.2000s", when, c, codeA, codeB, errA, outA, errB, outB)
			}
			if len(outA) > 40 {
				nonEmpty++
			}
		}
		if nonEmpty < min(len(cmds), 6) { // export, stats, sources, the searches, the flagship
			t.Errorf("%s: only %d of %d outputs hold anything: the comparison proves little", when, nonEmpty, len(cmds))
		}
	}
	same("after the import", true)
	for _, step := range [][]string{
		{"load"},
		{"import", "--progress=false", other},
		{"remove", "import/corpus"},
	} {
		for _, db := range []string{a, b} {
			if _, stderr, code := runArgs(t, append([]string{"--db", db}, step...)...); code != 0 {
				t.Fatalf("%q on %s: exit %d: %s", step, db, code, stderr)
			}
		}
		same("after "+strings.Join(step, " "), step[0] == "remove")
	}
}

// TestBulkImportBadLine: a bad line in the middle of a file for an empty store gives the
// same error and exit code as the other path, and leaves the store empty.
func TestBulkImportBadLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.nq")
	good := `<https://example.org/a> <https://schema.org/name> "A" .` + "\n"
	if err := os.WriteFile(file, []byte(strings.Repeat(good, 50)+"<https://example.org/a> <no iri> \"x\" .\n"+good), 0o644); err != nil {
		t.Fatal(err)
	}
	var outs [2]string
	var codes [2]int
	for i, flag := range []string{"--bulk=false", "--bulk=true"} {
		db := filepath.Join(dir, flag)
		if _, stderr, code := runArgs(t, "--db", db, "init"); code != 0 {
			t.Fatalf("init: %s", stderr)
		}
		_, outs[i], codes[i] = runArgs(t, "--db", db, "import", "--progress=false", flag, file)
		if out, stderr, code := runArgs(t, "--db", db, "export"); code != 0 || out != "" {
			t.Errorf("%s: after the failed import, export gives %q (%s, exit %d), want nothing", flag, out, stderr, code)
		}
	}
	if outs[0] != outs[1] || codes[0] != codes[1] || codes[0] == 0 || !strings.Contains(outs[0], "bad.nq:51:") {
		t.Errorf("bad line: exit %d and %d\n%s\n%s\nwant the same failure, naming line 51", codes[0], codes[1], outs[0], outs[1])
	}
}

// TestImportInterruptedWhileChecking: Ctrl-C during the first pass stops it (it used not to
// look) and writes nothing.
func TestImportInterruptedWhileChecking(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "f.nq")
	if err := os.WriteFile(file, []byte(strings.Repeat(`<https://example.org/a> <https://schema.org/name> "A" .`+"\n", 10)), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "db")
	if _, stderr, code := runArgs(t, "--db", db, "init"); code != 0 {
		t.Fatal(stderr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := Main(ctx, []string{"--db", db, "import", "--progress=false", file}, IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	if code == 0 || !strings.Contains(errb.String(), "interrupted while checking the file; nothing was written") {
		t.Errorf("exit %d: %s; want the interruption reported", code, errb.String())
	}
	if out, _, _ := runArgs(t, "--db", db, "export"); out != "" {
		t.Errorf("the store holds %q", out)
	}
}
