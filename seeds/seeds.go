// Package seeds embeds the five seed articles and their fact files, so that `medkg load`
// with no argument builds the graph on any machine without a checkout beside it.
package seeds

import "embed"

// FS holds registry.yaml, background.yaml and articles/ (the texts byte for byte and one
// fact file each), laid out as loader.Load expects.
//
//go:embed registry.yaml background.yaml articles
var FS embed.FS
