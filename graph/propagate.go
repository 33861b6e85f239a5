package graph

import (
	"slices"

	"github.com/blastradius/blastradius/catalog"
)

// seed is a node a scenario sets, with the state it sets.
type seed struct {
	id    int32
	state catalog.State
}

// propagator evaluates scenarios on the index. Its buffers are sized to
// the graph once and reset after each run only where the run touched them,
// so a run costs what the failure reaches, not the size of the catalog.
// A propagator is not safe for concurrent use: sweeps give each worker
// its own.
type propagator struct {
	ix     *index
	state  []catalog.State
	set    []catalog.State // what the scenario sets on each node
	queued []bool
	// queue holds the nodes to evaluate by level, lowest first: a node is
	// evaluated once its dependencies are settled, so once, unless it is
	// part of a cycle. lo and hi bound the levels queued.
	queue   [][]int32
	lo, hi  int32
	touched []int32 // the nodes not up, in the order they rose
	// parallelMin, when set, is the fewest queued nodes of a level that
	// are evaluated on every core (for a single evaluation: sweeps run a
	// propagator per core instead); vals holds what the cores found.
	parallelMin int
	vals        []catalog.State
}

func newPropagator(ix *index) *propagator {
	n := len(ix.nodes)
	return &propagator{ix: ix, state: make([]catalog.State, n), set: make([]catalog.State, n), queued: make([]bool, n),
		queue: make([][]int32, ix.levels), lo: ix.levels, hi: -1}
}

// run raises states from the seeds to the least fixpoint. States only rise
// and every rule is monotone, so re-evaluating the users of each node that
// rose, until nothing rises, reaches the least fixpoint; taking the queued
// nodes level by level makes that one evaluation per node outside cycles.
func (p *propagator) run(seeds []seed) {
	ix, st := p.ix, p.state
	for _, s := range seeds {
		p.set[s.id] = max(p.set[s.id], s.state)
	}
	for _, s := range seeds {
		if st[s.id] < p.set[s.id] {
			if st[s.id] == catalog.Up {
				p.touched = append(p.touched, s.id)
			}
			st[s.id] = p.set[s.id]
			p.push(s.id)
		}
	}
	for l := p.lo; l <= p.hi; l++ {
		if p.parallelMin > 0 && len(p.queue[l]) >= p.parallelMin {
			p.runLevel(l)
		}
		for k := 0; k < len(p.queue[l]); k++ { // a cycle may queue more of this level
			i := p.queue[l][k]
			p.queued[i] = false
			if st[i] == catalog.Down {
				continue // nothing can raise it further
			}
			if v := ix.eval(i, p.set[i], st); v > st[i] {
				if st[i] == catalog.Up {
					p.touched = append(p.touched, i)
				}
				st[i] = v
				p.push(i)
			}
		}
		p.queue[l] = p.queue[l][:0]
	}
	p.lo, p.hi = ix.levels, -1
}

// parallelLevel is the parallelMin of a single evaluation: below it,
// starting the cores costs more than they save.
const parallelLevel = 16384

// runLevel evaluates the queued nodes of level l that lie on no cycle, on
// every core, then applies what they found in order. Such a node depends
// only on lower levels, which are settled, so the cores read states that
// no one writes; the nodes on cycles stay queued for the caller.
func (p *propagator) runLevel(l int32) {
	ix, st, q := p.ix, p.state, p.queue[l]
	p.vals = slices.Grow(p.vals[:0], len(q))[:len(q)]
	inParallel(len(q), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			if i := q[k]; !ix.cyclic[i] && st[i] != catalog.Down {
				p.vals[k] = ix.eval(i, p.set[i], st)
			}
		}
	})
	rest := q[:0]
	for k, i := range q {
		if ix.cyclic[i] {
			rest = append(rest, i)
			continue
		}
		p.queued[i] = false
		if v := p.vals[k]; v > st[i] {
			if st[i] == catalog.Up {
				p.touched = append(p.touched, i)
			}
			st[i] = v
			p.push(i)
		}
	}
	p.queue[l] = rest
}

// push queues the users of node i, each at its level: no lower than i's.
func (p *propagator) push(i int32) {
	ix := p.ix
	for _, u := range ix.users[ix.userStart[i]:ix.userStart[i+1]] {
		if !p.queued[u] {
			p.queued[u] = true
			l := ix.level[u]
			if p.queue[l] == nil {
				p.queue[l] = make([]int32, 0, ix.levelSize[l])
			}
			p.queue[l] = append(p.queue[l], u)
			p.lo, p.hi = min(p.lo, l), max(p.hi, l)
		}
	}
}

// reset puts every node the last run touched back to up.
func (p *propagator) reset(seeds []seed) {
	for _, i := range p.touched {
		p.state[i] = catalog.Up
	}
	for _, s := range seeds {
		p.set[s.id] = catalog.Up
	}
	p.touched = p.touched[:0]
}

// affected returns the touched nodes sorted, which is sorted by ref. A
// large failure is cheaper to read off the states than to sort.
func (p *propagator) affected() []int32 {
	if len(p.touched) < len(p.state)/16 {
		out := slices.Clone(p.touched)
		slices.Sort(out)
		return out
	}
	out := make([]int32, 0, len(p.touched))
	for i, st := range p.state {
		if st != catalog.Up {
			out = append(out, int32(i))
		}
	}
	return out
}
