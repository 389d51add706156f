package queries

import (
	"embed"
	"strings"
)

// plans are SQL translations of stored queries, used on PostgreSQL instead of running the
// Gizmo script through Cayley's SQL backend, which reaches the database once or more for
// every row a traversal touches. A plan must return exactly what its script returns (the
// script's columns, one row per emitted row, duplicates aside); graph runs it with
// Store.SQLQuery and a test compares the two on every corpus it loads.
//
//go:embed *.sql
var plans embed.FS

// SQLPlan returns the SQL plan of the stored query name, if it has one.
func SQLPlan(name string) (string, bool) {
	data, err := plans.ReadFile(name + ".sql")
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(data)), true
}
