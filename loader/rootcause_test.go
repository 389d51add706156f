package loader_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/medkg/medkg/loader"
)

// TestRootCauseFirst: a registry that is missing, over-size or not YAML, or an articles/
// directory that cannot be read, is reported alone, not after a line per fact naming an
// "unknown entity" (issue 14, item 9).
func TestRootCauseFirst(t *testing.T) {
	for _, tc := range []struct {
		name string
		fsys fs.FS
		want string
	}{
		{"no registry", fixture(map[string]string{"registry.yaml": remove}), "registry.yaml: file not found: a fact directory needs registry.yaml"},
		{"over-size registry", fixture(map[string]string{"registry.yaml": strings.Repeat("#", loader.MaxFileSize+1)}), "registry.yaml: file is 4194305 bytes, over the 4194304-byte limit"},
		{"registry not YAML", fixture(map[string]string{"registry.yaml": "entities: [\n"}), "registry.yaml:1: malformed YAML"},
		{"unreadable articles/", deniedDir{fixture(nil), "articles"}, "articles: cannot read the directory: permission denied (check its permissions)"},
		{"no articles/", onlyRegistry(), "articles: directory not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loader.Load(tc.fsys, loader.DefaultBase)
			var ps loader.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %v, want Problems", err)
			}
			if len(ps) != 1 || !strings.HasPrefix(ps[0].Error(), tc.want) {
				t.Fatalf("got %d problem(s):\n%v\nwant one starting %q", len(ps), err, tc.want)
			}
		})
	}
}

// TestYMLWarning: articles/005_x.yml is not loaded, and says so.
func TestYMLWarning(t *testing.T) {
	fsys := fixture(map[string]string{"articles/005_x.yml": "article: {}\n"})
	set, err := loader.Load(fsys, loader.DefaultBase)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Warnings) != 1 || !strings.Contains(set.Warnings[0].Error(), "articles/005_x.yml: ignored: fact files are named *.yaml; rename it to 005_x.yaml") {
		t.Fatalf("warnings %v", set.Warnings)
	}
	for _, src := range set.Sources {
		if strings.Contains(src.File, "005_x") {
			t.Fatalf("%s was loaded", src.File)
		}
	}
}

// deniedDir is fsys with one directory unreadable, as chmod 000 makes it for a user (the
// tests may run as root, which chmod does not stop).
type deniedDir struct {
	fstest.MapFS
	dir string
}

func (d deniedDir) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == d.dir {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.MapFS.ReadDir(name)
}

func onlyRegistry() fstest.MapFS {
	fsys := fixture(nil)
	for name := range fsys {
		if strings.HasPrefix(name, "articles/") {
			delete(fsys, name)
		}
	}
	return fsys
}
