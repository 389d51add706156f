package cmd

import (
	"fmt"
	"io"

	"github.com/medkg/medkg/loader"
)

// warnAliases prints, for medkg load --dry-run, the registry's aliases that may merge
// distinct organizations (loader.CheckAliases). They are warnings: the directory still
// loads, but a curator should make each alias specific or remove it.
func warnAliases(w io.Writer, reg *loader.Registry) int {
	ws := loader.CheckAliases(reg)
	for _, a := range ws {
		fmt.Fprintf(w, "warning: %s\n", a)
	}
	return len(ws)
}
