package graph

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/blastradius/blastradius/catalog"
)

// Progress is told how many of total units of work are done. Analyses call
// it from several goroutines, with done rising; it may be nil.
type Progress func(done, total int)

// sweep evaluates n scenarios in parallel, one propagator per core. For
// each scenario i it runs seeds(i) and calls visit(i, p) while p holds the
// scenario's states; visit must only read p and write its own result slot.
func (ix *index) sweep(n int, seeds func(i int) []seed, visit func(i int, p *propagator), progress Progress) {
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := newPropagator(ix)
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				s := seeds(i)
				p.run(s)
				visit(i, p)
				p.reset(s)
				if progress != nil {
					progress(int(done.Add(1)), n)
				}
			}
		}()
	}
	wg.Wait()
}

// single is the seed list of one failed node.
func single(id int32) []seed { return []seed{{id, catalog.Down}} }
