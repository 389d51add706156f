package cmd

// The backends medkg offers (--backend): each registers itself with graph when imported.
import (
	_ "github.com/medkg/medkg/graph/bolt"
	_ "github.com/medkg/medkg/graph/postgres"
)
