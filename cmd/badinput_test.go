package cmd

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/seeds"
)

// TestBadInputLeavesStoreAlone feeds each kind of bad input to `medkg load` on a store that
// holds the seeds: each must fail with exit code 3 and a file:line error saying what is
// wrong, and the store must export exactly as before.
func TestBadInputLeavesStoreAlone(t *testing.T) {
	t.Parallel()
	db, before := loadedSeeds(t)
	const art = "articles/004_9e3b36c867778e8f"
	replace := func(file, old, new string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			p := filepath.Join(dir, file)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), old) {
				t.Fatalf("%s has no %q to replace: the seeds changed, update this test", file, old)
			}
			if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write := func(file string, data []byte) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, file), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name   string
		edit   func(t *testing.T, dir string)
		args   []string
		stderr string // a regexp
	}{
		{"malformed YAML", replace(art+".yaml", "facts:\n", "facts:\n  - s: [\n"), nil,
			`004_9e3b36c867778e8f.yaml:\d+: malformed YAML`},
		{"unknown entity", replace(art+".yaml", "o: mindray", "o: mindary"), nil,
			`004_9e3b36c867778e8f.yaml:\d+: unknown entity "mindary".*did you mean "mindray"`},
		{"quote not in article", replace(art+".yaml", "Lu Jiang, director of", "Lu Jiang, the director of"), nil,
			`004_9e3b36c867778e8f.yaml:\d+: quote not found in the article`},
		{"impossible date", replace(art+".yaml", "value: 2020-04", "value: 2021-02-30"), nil,
			`004_9e3b36c867778e8f.yaml:\d+: date "2021-02-30" is not a day of the calendar`},
		{"unparsable date", replace(art+".yaml", "date: Wednesday", "date: the other day"), nil,
			`004_9e3b36c867778e8f.yaml:\d+: cannot read date "the other day"`},
		{"invalid id (would be an invalid IRI)", replace("registry.yaml", "id: mindray", "id: mind ray"), nil,
			`registry.yaml:\d+: id "mind ray" must be lower-case letters`},
		{"invalid base IRI", nil, []string{"--base", "https://exa mple.org/"},
			`base IRI "https://exa mple.org/" (contains characters not allowed|must be an absolute IRI)`},
		{"duplicate id", replace("registry.yaml", "id: mindray", "id: siat"), nil,
			`registry.yaml:\d+: id "siat" is already used by the entity at line \d+`},
		{"alias claimed twice", replace("registry.yaml", "aliases: [Mindray]", "aliases: [Mindray, SIAT]"), nil,
			`registry.yaml:\d+: alias "SIAT" of "mindray" is already a name or alias of "siat"`},
		{"wrong type for a predicate", replace(art+".yaml", "  - s: siat\n    p: parentOrganization", "  - s: zheng-hairong\n    p: parentOrganization"), nil,
			`004_9e3b36c867778e8f.yaml:\d+: "parentOrganization" needs a subject that is an organization, but "zheng-hairong" is a person`},
		{"empty file", write(art+".yaml", nil), nil,
			`004_9e3b36c867778e8f.yaml: file is empty`},
		{"binary file", write(art+".yaml", []byte("article:\x00\x01\x02")), nil,
			`004_9e3b36c867778e8f.yaml: not UTF-8 text \(binary file\?\)`},
		{"oversized file", write(art+".yaml", make([]byte, loader.MaxFileSize+1)), nil,
			`004_9e3b36c867778e8f.yaml: file is \d+ bytes, over the \d+-byte limit`},
		{"article text missing", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, art+".txt")) }, nil,
			`004_9e3b36c867778e8f.txt: file not found`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := seeds.WriteTo(dir); err != nil {
				t.Fatal(err)
			}
			if tt.edit != nil {
				tt.edit(t, dir)
			}
			args := append(append([]string{}, tt.args...), "load", dir)
			out, stderr, code := run(t, db, args...)
			if tt.args == nil && code != ExitData {
				t.Errorf("exit code %d, want %d (invalid input); stderr:\n%s", code, ExitData, stderr)
			}
			if code == ExitOK {
				t.Fatalf("bad input loaded; stderr:\n%s", stderr)
			}
			if !regexp.MustCompile(tt.stderr).MatchString(stderr) {
				t.Errorf("stderr does not match %q:\n%s", tt.stderr, stderr)
			}
			if tt.args == nil && !regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(dir)+`/\S+:(\d+:)? `).MatchString(stderr) {
				t.Errorf("no line of stderr starts with the file's path:\n%s", stderr)
			}
			if out != "" {
				t.Errorf("stdout not empty: %q", out)
			}
			after, _, code := run(t, db, "export")
			if code != 0 || after != before {
				t.Fatalf("the store changed after a failed load")
			}
		})
	}
}
