// Package seeds embeds the five seed articles and their fact files, so that `medkg load`
// with no argument builds the graph on any machine without a checkout beside it.
package seeds

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
)

// FS holds registry.yaml, background.yaml and articles/ (the texts byte for byte and one
// fact file each), laid out as loader.Load expects.
//
//go:embed registry.yaml background.yaml articles
var FS embed.FS

// WriteTo copies the seed fact directory into dir, for editing or as a template of the
// layout `medkg load DIR` reads.
func WriteTo(dir string) error {
	return fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(FS, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}
