package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress draws a progress bar on stderr for runs that take more than a
// second, and only when stderr is a terminal.
type progress struct {
	mu    sync.Mutex
	w     io.Writer // nil: draw nothing
	what  string
	start time.Time
	last  time.Time
	drawn bool
}

func newProgress(s streams, what string) *progress {
	p := &progress{what: what, start: time.Now()}
	if isTerminal(s.errOut) {
		p.w = s.errOut
	}
	return p
}

// update is a graph.Progress: it redraws at most ten times a second.
func (p *progress) update(done, total int) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 100*time.Millisecond && done < total {
		return
	}
	p.last, p.drawn = now, true
	const width = 30
	filled := width * done / max(total, 1)
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d", p.what, strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total)
}

// done ends the bar's line, if one was drawn.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
