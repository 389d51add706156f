package graph

import (
	"context"
	"errors"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// ErrMemory is returned when a query's heap grew past its budget (GizmoOptions.MaxMemory).
var ErrMemory = errors.New("query stopped: it used more memory than its budget")

// memPoll is how often the watchdog reads the heap. A script that doubles a string every
// step reaches a gigabyte in about 30 steps, each a few milliseconds at that size, so a poll
// of a few milliseconds stops it within one or two doublings of the budget.
const memPoll = 2 * time.Millisecond

// heapSample is the metric the watchdog reads: bytes in heap objects, live or not yet swept.
// It is what a runaway allocation raises at once (the live-heap metric only moves at a GC).
const heapSample = "/memory/classes/heap/objects:bytes"

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: heapSample}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// watchMemory returns a context that is cancelled, with ErrMemory as its cause, once the
// process's heap has grown more than budget bytes above what it was at the call. Goja has no
// memory limit of its own, and Cayley interrupts the VM when the context given to Next ends,
// so this bounds a script the way the timeout does: `var s="x"; while(true) s = s + s;`
// stops within a few doublings past the budget instead of killing the process with "fatal
// error: out of memory". The heap is the process's, not the query's: Go cannot attribute
// allocations to a goroutine, so queries running at once share the headroom (see
// docs/reliability.md). stop ends the watchdog; budget 0 watches nothing.
func watchMemory(parent context.Context, budget uint64) (ctx context.Context, stop func()) {
	if budget == 0 {
		return parent, func() {}
	}
	ctx, cancel := context.WithCancelCause(parent)
	base := heapBytes()
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(memPoll)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				if h := heapBytes(); h > base && h-base > budget {
					cancel(ErrMemory)
					return
				}
			}
		}
	}()
	return ctx, func() {
		close(done)
		cancel(context.Canceled)
	}
}

// overBudget reports whether ctx ended because its watchdog saw the budget spent; the VM
// that held the memory is then dropped and the memory handed back to the system, so that a
// server that stopped such a query answers the next request at its usual size.
func (g *GizmoSession) overBudget(ctx context.Context) bool {
	if !errors.Is(context.Cause(ctx), ErrMemory) {
		return false
	}
	g.sess, g.broken = nil, true
	debug.FreeOSMemory()
	return true
}
