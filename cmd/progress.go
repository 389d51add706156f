package cmd

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress reports a long write on stderr: on a terminal, a bar redrawn in place with the
// count, the rate and the time left; otherwise (a log, CI) a plain line every few seconds.
// It is safe to call from any goroutine, and cheap to call often: it draws at most a few
// times a second.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	what     string // "quads"
	total    int64  // 0 if unknown
	tty      bool
	width    int
	start    time.Time
	last     time.Time
	every    time.Duration
	n        int64
	drawn    bool
	finished bool
	now      func() time.Time
}

// newProgress reports on w; total is the expected count (0 if unknown).
func newProgress(w io.Writer, what string, total int64) *progress {
	p := &progress{w: w, what: what, total: total, every: 5 * time.Second, now: time.Now}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty, p.every = true, 200*time.Millisecond
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			p.width = cols
		}
	}
	if p.width <= 0 {
		p.width = 80
	}
	p.start = p.now()
	p.last = p.start
	return p
}

// set records that n have been done, and draws if it is time to.
func (p *progress) set(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n = n
	if t := p.now(); t.Sub(p.last) >= p.every && !p.finished {
		p.last = t
		p.draw(t)
	}
}

// done clears the bar (on a terminal) so that the command's summary line follows cleanly.
func (p *progress) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finished = true
	if p.tty && p.drawn {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width-1)+"\r")
	}
}

func (p *progress) draw(t time.Time) {
	el := t.Sub(p.start)
	rate := 0.0
	if s := el.Seconds(); s > 0 {
		rate = float64(p.n) / s
	}
	eta := ""
	if p.total > 0 && rate > 0 && p.n < p.total {
		eta = "ETA " + fmtDuration(time.Duration(float64(p.total-p.n)/rate*float64(time.Second)))
	}
	counts := fmt.Sprintf("%s %s", humanCount(p.n), p.what)
	if p.total > 0 {
		counts = fmt.Sprintf("%s/%s %s", humanCount(p.n), humanCount(p.total), p.what)
	}
	stats := fmt.Sprintf("%s  %s %s/s  %s", counts, humanCount(int64(rate)), p.what, eta)
	if !p.tty {
		pct := ""
		if p.total > 0 {
			pct = fmt.Sprintf(" (%.0f%%)", 100*float64(p.n)/float64(p.total))
		}
		fmt.Fprintf(p.w, "%s%s after %s\n", strings.TrimSpace(stats), pct, fmtDuration(el))
		return
	}
	bar := ""
	if p.total > 0 {
		bw := p.width - len(stats) - 10
		if bw > 50 {
			bw = 50
		}
		if bw >= 10 {
			fill := int(float64(bw) * float64(min(p.n, p.total)) / float64(p.total))
			bar = "[" + strings.Repeat("=", fill) + strings.Repeat(" ", bw-fill) + "] "
		}
	}
	line := bar + stats
	if len(line) > p.width-1 {
		line = line[:p.width-1]
	}
	fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", p.width-1-len(line)))
	p.drawn = true
}

// humanCount writes 1234567 as 1.23M.
func humanCount(n int64) string {
	switch {
	case n >= 10_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 1_000_000:
		return fmt.Sprintf("%.2fM", float64(n)/1e6)
	case n >= 10_000:
		return fmt.Sprintf("%.0fk", float64(n)/1e3)
	case n >= 1_000:
		return fmt.Sprintf("%.1fk", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}

func fmtDuration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.0fs", d.Seconds())
	}
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%dh%02dm", h, m)
	}
	return fmt.Sprintf("%dm%02ds", m, s)
}
