package graph

import (
	"cmp"
	"slices"

	"github.com/blastradius/blastradius/catalog"
)

// SPOF lists what can take one customer down: every node whose failure
// alone does (single points of failure), and, at order 2, every minimal
// pair of nodes whose failures together do while neither alone does.
type SPOF struct {
	Customer string
	Singles  []string    // sorted
	Pairs    [][2]string // sorted; each pair sorted
}

// SPOFs finds the single points of failure of the given customers (every
// customer when refs is empty), and with order 2 their minimal pairs too.
//
// Down-ness depends only on down-ness: a ref is down when its target is,
// all_of when a member is, any_of when every member is, quorum k of n when
// n-k+1 members are, a soft dependency never. So instead of failing every
// node (and pair) one at a time, SPOFs propagates, dependencies first, the
// family of failure sets of at most order nodes that take each node down,
// iterating to the least fixpoint within cycles. The result equals that
// brute force, which the tests check.
func (g *Graph) SPOFs(refs []string, order int, progress Progress) ([]SPOF, error) {
	ix := g.ix
	var ids []int32
	if len(refs) == 0 {
		ids = ix.customers
	}
	for _, ref := range refs {
		n, err := g.cat.Lookup(ref)
		if err != nil {
			return nil, err
		}
		if n.Kind != catalog.KindCustomer {
			return nil, &catalog.RefError{Ref: ref, Reason: ref + " is a " + n.Kind.String() + ", not a customer"}
		}
		ids = append(ids, ix.ids[ref])
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	fam := &families{ix: ix, order: order, memo: map[int32]*cuts{}, index: map[int32]int{}}
	out := make([]SPOF, len(ids))
	for k, i := range ids {
		c := fam.of(i)
		out[k] = SPOF{Customer: ix.nodes[i].Ref}
		for _, s := range c.singles {
			if s != i { // a cycle back to the customer is not a failure of another node
				out[k].Singles = append(out[k].Singles, ix.nodes[s].Ref)
			}
		}
		for _, p := range c.pairs {
			if p[0] != i && p[1] != i {
				out[k].Pairs = append(out[k].Pairs, [2]string{ix.nodes[p[0]].Ref, ix.nodes[p[1]].Ref})
			}
		}
		if progress != nil {
			progress(k+1, len(ids))
		}
	}
	return out, nil
}

// cuts is a family of failure sets of one or two nodes, in minimal form:
// singles, and pairs (a < b) in which neither node is a single. Both are
// sorted.
type cuts struct {
	singles []int32
	pairs   [][2]int32
}

func (c *cuts) equal(d *cuts) bool {
	return slices.Equal(c.singles, d.singles) && slices.Equal(c.pairs, d.pairs)
}

// families computes, memoized, the cuts that take each node down, its own
// failure excluded. Strongly connected components are found with Tarjan's
// algorithm and solved dependencies first.
type families struct {
	ix    *index
	order int
	memo  map[int32]*cuts
	// Tarjan's state.
	index   map[int32]int
	low     []int
	stack   []int32
	onStack map[int32]bool
}

// of returns the cuts of node i, solving what it depends on first.
func (f *families) of(i int32) *cuts {
	if c := f.memo[i]; c != nil {
		return c
	}
	if f.onStack == nil {
		f.onStack = map[int32]bool{}
	}
	f.strongConnect(i)
	return f.memo[i]
}

// strongConnect is Tarjan's algorithm over the dependency edges; each
// component is solved as it completes, after every component it depends on.
func (f *families) strongConnect(v int32) int {
	ix := f.ix
	vi := len(f.low)
	f.index[v] = vi
	f.low = append(f.low, vi)
	f.stack = append(f.stack, v)
	f.onStack[v] = true
	for _, w := range ix.deps[ix.depStart[v]:ix.depStart[v+1]] {
		if f.memo[w] != nil {
			continue
		}
		if wi, seen := f.index[w]; !seen {
			f.low[vi] = min(f.low[vi], f.strongConnect(w))
		} else if f.onStack[w] {
			f.low[vi] = min(f.low[vi], wi)
		}
	}
	if f.low[vi] == vi {
		var comp []int32
		for {
			w := f.stack[len(f.stack)-1]
			f.stack = f.stack[:len(f.stack)-1]
			f.onStack[w] = false
			comp = append(comp, w)
			if w == v {
				break
			}
		}
		f.solve(comp)
	}
	return f.low[vi]
}

// solve computes the cuts of one component: directly when it is a single
// node without a self-loop, else by iterating from empty families to the
// least fixpoint.
func (f *families) solve(comp []int32) {
	for _, v := range comp {
		f.memo[v] = &cuts{}
	}
	for changed := true; changed; {
		changed = false
		for _, v := range comp {
			c := f.term(&f.ix.terms[f.ix.root[v]])
			if !c.equal(f.memo[v]) {
				f.memo[v], changed = c, true
			}
		}
	}
}

// term returns the cuts that make a compiled entry contribute down.
func (f *families) term(t *term) *cuts {
	if t.soft {
		return &cuts{}
	}
	if t.op == catalog.OpRef {
		return f.withSelf(t.target)
	}
	ms := f.ix.members(t)
	fams := make([]*cuts, len(ms))
	for k := range ms {
		fams[k] = f.term(&ms[k])
	}
	need := 1 // all_of: one member down
	switch t.op {
	case catalog.OpAnyOf:
		need = len(ms)
	case catalog.OpQuorum:
		need = len(ms) - int(t.k) + 1
	}
	return f.atLeast(need, fams)
}

// withSelf is the cuts of node i with i's own failure added.
func (f *families) withSelf(i int32) *cuts {
	c := f.memo[i]
	out := &cuts{singles: insertSorted(slices.Clone(c.singles), i)}
	for _, p := range c.pairs {
		if p[0] != i && p[1] != i {
			out.pairs = append(out.pairs, p)
		}
	}
	return out
}

func insertSorted(s []int32, v int32) []int32 {
	k, found := slices.BinarySearch(s, v)
	if found {
		return s
	}
	return slices.Insert(s, k, v)
}

// atLeast returns the cuts that take down at least need of the members
// whose families are given.
func (f *families) atLeast(need int, fams []*cuts) *cuts {
	count := map[int32]int{}
	for _, c := range fams {
		for _, s := range c.singles {
			count[s]++
		}
	}
	out := &cuts{}
	for s, n := range count {
		if n >= need {
			out.singles = append(out.singles, s)
		}
	}
	slices.Sort(out.singles)
	if f.order < 2 {
		return out
	}
	single := func(i int32) bool { _, ok := slices.BinarySearch(out.singles, i); return ok }
	// A pair cuts a member when either node is one of its singles or the
	// pair is one of its pairs. Candidates: pairs of any members' singles,
	// and every member's pairs.
	var cand [][2]int32
	var loose []int32
	for s := range count {
		if !single(s) {
			loose = append(loose, s)
		}
	}
	slices.Sort(loose)
	for a := range loose {
		for b := a + 1; b < len(loose); b++ {
			cand = append(cand, [2]int32{loose[a], loose[b]})
		}
	}
	for _, c := range fams {
		cand = append(cand, c.pairs...)
	}
	slices.SortFunc(cand, comparePair)
	cand = slices.Compact(cand)
	for _, p := range cand {
		if single(p[0]) || single(p[1]) {
			continue
		}
		n := 0
		for _, c := range fams {
			if c.cutBy(p) {
				n++
			}
		}
		if n >= need {
			out.pairs = append(out.pairs, p)
		}
	}
	return out
}

// cutBy reports whether failing both nodes of p fails this family's node.
func (c *cuts) cutBy(p [2]int32) bool {
	if _, ok := slices.BinarySearch(c.singles, p[0]); ok {
		return true
	}
	if _, ok := slices.BinarySearch(c.singles, p[1]); ok {
		return true
	}
	_, ok := slices.BinarySearchFunc(c.pairs, p, comparePair)
	return ok
}

func comparePair(a, b [2]int32) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) }
