package cmd

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDrawDOT(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	out := mustRun(t, db, "draw", nhmaii)
	for _, want := range []string{
		"digraph medkg {",
		`"` + entityIRI(nhmaiiID) + `" -> "` + entityIRI("mindray") + `" [label="founded by"];`,
		`"` + entityIRI(nhmaiiID) + `" -> "` + entityIRI("siat") + `" [label="founded by"];`,
		`[label="` + mindrayFul + `", fillcolor="#4e79a7", tooltip="organization"]`,
		`[label="Zheng Hairong", fillcolor="#f28e2b", tooltip="person"]`,
		`[label="Medical device center settles in SZ", fillcolor="#9c755f", tooltip="article"]`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("DOT lacks %s\n%s", want, out)
		}
	}
	if again := mustRun(t, db, "draw", nhmaii); again != out {
		t.Error("two drawings of the same graph differ")
	}
	deeper := mustRun(t, db, "draw", "Mindray", "--depth", "2")
	if !strings.Contains(deeper, entityIRI("siat")) {
		t.Errorf("depth 2 from Mindray does not reach SIAT:\n%s", deeper)
	}
	if one := mustRun(t, db, "draw", "Mindray"); strings.Contains(one, `"`+entityIRI("siat")+`" [`) {
		t.Errorf("depth 1 from Mindray already has SIAT:\n%s", one)
	}
}

func TestDrawFiles(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	dir := t.TempDir()
	svg := filepath.Join(dir, "centre.svg")
	if _, stderr, code := run(t, db, "draw", nhmaii, "--depth", "2", "--out", svg); code != 0 || stderr == "" {
		t.Fatalf("draw --out svg: exit %d: %s", code, stderr)
	}
	if fi, err := os.Stat(svg); err != nil || fi.Mode().Perm()&0o044 == 0 {
		t.Errorf("draw --out left %v (%v): want the umask's mode, not a temporary file's 0600", fi.Mode(), err)
	}
	data, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	// Well-formed XML, the centre and its founders named.
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("SVG is not well-formed: %v", err)
		}
	}
	for _, want := range []string{"<svg ", "Shenzhen Mindray", "Shenzhen Institute of Advanced", ">founded by<"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	dot := filepath.Join(dir, "centre.gv")
	if _, stderr, code := run(t, db, "draw", nhmaii, "--out", dot); code != 0 {
		t.Fatalf("draw --out gv: exit %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(dot); !strings.HasPrefix(string(data), "digraph medkg {") {
		t.Errorf("--out .gv is not DOT: %.80s", data)
	}
	if out := mustRun(t, db, "draw", "Mindray", "-o", "svg"); !strings.Contains(out, "<svg ") {
		t.Errorf("-o svg on stdout: %.80s", out)
	}
	// The old spellings, one release more: -o FILE and --format, each with a warning.
	old := filepath.Join(dir, "old.svg")
	if _, stderr, code := run(t, db, "draw", nhmaii, "-o", old); code != 0 || !strings.Contains(stderr, "-o FILE is deprecated") {
		t.Fatalf("draw -o FILE: exit %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(old); !strings.HasPrefix(string(data), "<?xml") {
		t.Errorf("draw -o FILE.svg is not SVG: %.80s", data)
	}
	if out, stderr, code := run(t, db, "draw", "Mindray", "--format", "svg"); code != 0 || !strings.Contains(out, "<svg ") || !strings.Contains(stderr, "--format is deprecated") {
		t.Errorf("draw --format svg: exit %d, %.80s, %s", code, out, stderr)
	}
}

// TestDrawDevNull: drawing to a device writes to it in place; renaming a temporary file over
// /dev/null (as root) replaced it with a regular file.
func TestDrawDevNull(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	before, err := os.Stat(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	if _, stderr, code := run(t, db, "draw", "Mindray", "-o", "svg", "--out", os.DevNull); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if after, err := os.Stat(os.DevNull); err != nil || after.Mode() != before.Mode() {
		t.Fatalf("%s was %v, is %v (%v)", os.DevNull, before.Mode(), after.Mode(), err)
	}
}

func TestDrawErrors(t *testing.T) {
	t.Parallel()
	db, _ := loadedSeeds(t)
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"draw", "Mindray", "--depth", "3"}, ExitUsage},
		{[]string{"draw", "Mindray", "--depth", "0"}, ExitUsage},
		{[]string{"draw", "Mindray", "--max-nodes", "0"}, ExitUsage},
		{[]string{"draw", "Mindray", "--out", filepath.Join(t.TempDir(), "x.png")}, ExitUsage},
		{[]string{"draw", "Mindray", "-o", "png", "--out", filepath.Join(t.TempDir(), "x.svg")}, ExitUsage},
		{[]string{"draw", "Mindray", "-o", "svg", "--out", t.TempDir()}, ExitError}, // a directory: never replaced
		{[]string{"draw", "No Such Entity"}, ExitNoData},
		{[]string{"draw"}, ExitUsage},
	} {
		if _, stderr, code := run(t, db, c.args...); code != c.code {
			t.Errorf("medkg %q: exit %d, want %d: %s", c.args, code, c.code, stderr)
		}
	}
}
