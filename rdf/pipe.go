package rdf

import (
	"context"
	"errors"
	"io"

	"github.com/cayleygraph/quad"
)

// The wrappers here change what a checked reader yields without losing the guarantee that
// its quads were checked, which only this package can give (Checked's method is unexported).

// InGraph returns r with every quad of the default graph put in the named graph label,
// which must pass ValidIRI.
func InGraph(r Checked, label quad.IRI) (Checked, error) {
	if err := ValidIRI(string(label)); err != nil {
		return nil, err
	}
	return &inGraph{r: r, label: label}, nil
}

type inGraph struct {
	r     Checked
	label quad.IRI
}

func (g *inGraph) Read() (quad.Quad, error) {
	q, err := g.r.Read()
	if err == nil && q.Label == nil {
		q.Label = g.label
	}
	return q, err
}

func (*inGraph) checked() {}

// SkipSyntaxErrors returns r without its bad statements: a *SyntaxError is dropped and
// reading goes on, for a caller that has reported them already (or means to ignore them).
func SkipSyntaxErrors(r Checked) Checked { return skipSyntax{r} }

type skipSyntax struct{ r Checked }

func (s skipSyntax) Read() (quad.Quad, error) {
	for {
		q, err := s.r.Read()
		var syn *SyntaxError
		if errors.As(err, &syn) {
			continue
		}
		return q, err
	}
}

func (skipSyntax) checked() {}

// ReadAhead reads r in a goroutine, chunk quads at a time, so that parsing overlaps with
// whatever the caller does with each quad (a store's writes: parsing is about a tenth of
// their time, and taking it off the writer's path saved as much, BENCHMARKS.md). The first
// error r returns, io.EOF included, ends reading and is returned once the quads before it
// are. Close stops the goroutine and waits for it: call it before closing what r reads.
func ReadAhead(ctx context.Context, r Checked, chunk int) *Prefetcher {
	if chunk <= 0 {
		chunk = 4096
	}
	ctx, cancel := context.WithCancel(ctx)
	p := &Prefetcher{chunks: make(chan []quad.Quad, 4), cancel: cancel}
	go func() {
		defer close(p.chunks)
		p.readErr = p.fill(ctx, r, chunk)
	}()
	return p
}

// Prefetcher is a checked reader fed by a goroutine (ReadAhead).
type Prefetcher struct {
	chunks  chan []quad.Quad
	cancel  context.CancelFunc
	readErr error // set before chunks is closed
	cur     []quad.Quad
	done    bool
}

func (p *Prefetcher) fill(ctx context.Context, r Checked, n int) error {
	buf := make([]quad.Quad, 0, n)
	send := func() error {
		select {
		case p.chunks <- buf:
			buf = make([]quad.Quad, 0, n)
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for {
		q, err := r.Read()
		if err != nil {
			if len(buf) > 0 {
				if serr := send(); serr != nil {
					return serr
				}
			}
			return err
		}
		buf = append(buf, q)
		if len(buf) == n {
			if err := send(); err != nil {
				return err
			}
		}
	}
}

// Read returns the next quad, or the error that ended reading.
func (p *Prefetcher) Read() (quad.Quad, error) {
	for len(p.cur) == 0 {
		if p.done {
			return quad.Quad{}, p.err()
		}
		c, ok := <-p.chunks
		if !ok {
			p.done = true
			return quad.Quad{}, p.err()
		}
		p.cur = c
	}
	q := p.cur[0]
	p.cur = p.cur[1:]
	return q, nil
}

func (p *Prefetcher) err() error {
	if p.readErr == nil {
		return io.EOF
	}
	return p.readErr
}

// Close stops reading ahead and waits until the goroutine has stopped.
func (p *Prefetcher) Close() error {
	p.cancel()
	for range p.chunks {
	}
	p.done = true
	return nil
}

func (*Prefetcher) checked() {}

var _ Checked = (*Prefetcher)(nil)
