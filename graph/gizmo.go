package graph

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/quad"
)

// ErrLimit is returned, with the rows so far, when a query has more rows than its limit.
var ErrLimit = errors.New("row limit reached")

// ErrTimeout is returned when a query runs past its deadline.
var ErrTimeout = errors.New("query timed out")

// Row is one result of a Gizmo query: its tags by name, or the value that g.emit() gave or
// the script returned (such as a count).
type Row struct {
	Tags    map[string]quad.Value
	Emitted any
}

// GizmoOptions bounds a query.
type GizmoOptions struct {
	Limit      int               // rows at most; 0 for no limit
	Namespaces map[string]string // prefixes made usable in the script: g.IRI("schema:founder")
	Prelude    string            // run before the script, e.g. `var params = {...};` (whole lines)
	MaxMemory  uint64            // heap growth allowed, in bytes, before ErrMemory; 0 for no budget
}

// Gizmo runs a Gizmo (JavaScript) query. Cayley's Execute ignores its context and its limit
// does not stop a looping script, so the deadline of ctx is enforced through Next, which
// interrupts the JavaScript VM: `while(true){}` ends with ErrTimeout. The VM has no file
// system or network access.
func (s *Store) Gizmo(ctx context.Context, script string, o GizmoOptions) ([]Row, error) {
	return s.NewGizmoSession().Run(ctx, script, o)
}

// GizmoSession runs statements one after another in one JavaScript VM, so that a variable
// one statement sets is there for the next (the prompt's way of working).
type GizmoSession struct {
	st       *Store
	sess     *gizmo.Session
	queried  cgraph.QuadStore // what sess queries, as the backend gives it (Backend.GizmoStore)
	startRun func()           // called at the start of each Run (a per-run cache's reset), or nil
	prepared bool             // the namespaces are registered
	broken   bool             // the VM was interrupted: the next Run starts a new session
}

// NewGizmoSession starts a session over the store.
func (s *Store) NewGizmoSession() *GizmoSession {
	qs, startRun := s.b.GizmoStore()
	return &GizmoSession{st: s, sess: gizmo.NewSession(qs), queried: qs, startRun: startRun}
}

// Run runs one script in the session; o.Namespaces are registered on the first run.
func (g *GizmoSession) Run(ctx context.Context, script string, o GizmoOptions) ([]Row, error) {
	if g.broken {
		g.sess, g.prepared, g.broken = gizmo.NewSession(g.queried), false, false
	}
	if g.startRun != nil {
		g.startRun()
	}
	prelude := o.Prelude
	if !g.prepared {
		prelude = namespacePrelude(o.Namespaces) + "\n" + prelude
	}
	offset := strings.Count(prelude, "\n")
	ctx, unwatch := watchMemory(ctx, o.MaxMemory)
	defer unwatch()
	it, err := g.sess.Execute(ctx, prelude+script, query.Options{Collation: query.Raw})
	if err != nil {
		return nil, fmt.Errorf("gizmo: %s", shiftLines(err.Error(), offset))
	}
	g.prepared = true
	// Closing the iterator interrupts the VM for good, so it is closed only to stop a script
	// early; a script that ran to its end has no goroutine left to leak.
	stop := func() {
		it.Close()
		g.broken = true
		waitStopped(it)
	}
	var rows []Row
	for it.Next(ctx) {
		r, ok := it.Result().(*gizmo.Result)
		if !ok || r.Meta && !plainData(r.Val) {
			continue // a script that ends in a path object (g.V()) returns no data
		}
		if o.Limit > 0 && len(rows) >= o.Limit {
			stop()
			return rows, ErrLimit
		}
		row := Row{}
		if r.Tags != nil {
			row.Tags = make(map[string]quad.Value, len(r.Tags))
			for k, ref := range r.Tags {
				v, err := g.queried.NameOf(ref)
				if err != nil {
					stop()
					return rows, err
				}
				row.Tags[k] = v
			}
		} else {
			row.Emitted = r.Val
		}
		rows = append(rows, row)
	}
	if ctx.Err() != nil {
		g.broken = true // Next interrupted the VM
		waitStopped(it)
		if g.overBudget(ctx) {
			return rows, ErrMemory
		}
	}
	if err := it.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return rows, ErrTimeout
		}
		return rows, fmt.Errorf("gizmo: %s", shiftLines(err.Error(), offset))
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return rows, ErrTimeout
	}
	return rows, ctx.Err()
}

var reLine = regexp.MustCompile(`([Ll]ine |:)(\d+)(:\d+)`)

// shiftLines makes the positions in a JavaScript error count from the script's first line,
// not the prelude's.
func shiftLines(msg string, offset int) string {
	return reLine.ReplaceAllStringFunc(msg, func(m string) string {
		p := reLine.FindStringSubmatch(m)
		n, _ := strconv.Atoi(p[2])
		if n > offset {
			n -= offset
		}
		return p[1] + strconv.Itoa(n) + p[3]
	})
}

// namespacePrelude registers prefixes so that a script can write g.IRI("schema:founder").
func namespacePrelude(ns map[string]string) string {
	prefixes := make([]string, 0, len(ns))
	for p := range ns {
		prefixes = append(prefixes, p)
	}
	sort.Strings(prefixes)
	var b strings.Builder
	for _, p := range prefixes {
		fmt.Fprintf(&b, "g.addNamespace(%q, %q);", p, ns[p])
	}
	return b.String()
}

// plainData reports whether a script's return value is data (a count, a string, an array or
// object built in JavaScript) rather than a Gizmo object.
func plainData(v any) bool {
	switch v.(type) {
	case nil:
		return false
	case string, bool, int, int64, float64, []any, map[string]any:
		return true
	}
	return false
}

// waitStopped waits until an interrupted script's goroutine has ended. Cayley returns from
// Next or Close at once, while the script may still be inside a forEach holding a read
// transaction; closing the store then would deadlock with that transaction's rollback.
// Interrupted, the script ends within an iteration or two; the bound is a backstop.
func waitStopped(it query.Iterator) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for it.Next(ctx) {
	}
}
