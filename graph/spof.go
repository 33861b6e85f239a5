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
	// Singles is a set rather than a list because the lists of every
	// customer together can be the square of the catalog (a chain of
	// customers, each depending on the one before), where the sets share
	// their common parts.
	Singles RefSet
	Pairs   [][2]string // sorted; each pair sorted
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
		id, err := g.customer(ref)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	fam := newFamilies(ix, order)
	out := make([]SPOF, len(ids))
	for k, i := range ids {
		c := fam.of(i)
		// A cycle back to the customer is not a failure of another node.
		out[k] = SPOF{Customer: ix.nodes[i].Ref, Singles: RefSet{fam.sp, fam.sp.remove(c.singles, i)}}
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
// singles, and pairs (a < b) in which neither node is a single. The pairs
// are sorted. A cuts is never modified once made, so that families share
// them: the cuts of a node that depends on one other node alone are that
// node's, its own failure added.
type cuts struct {
	singles *tnode
	pairs   [][2]int32
}

// noCuts is the empty family.
var noCuts = &cuts{}

func (c *cuts) equal(d *cuts) bool {
	return c == d || equal(c.singles, d.singles) && slices.Equal(c.pairs, d.pairs)
}

// families computes, memoized, the cuts that take each node down, its own
// failure excluded. Strongly connected components are found with Tarjan's
// algorithm and solved dependencies first.
type families struct {
	ix    *index
	sp    *space
	order int
	memo  []*cuts // by node; nil until solved
	// self[i] is withSelf(i), made from the cuts selfOf[i].
	self, selfOf []*cuts
	providers    []int32 // the provider nodes, once asked for

	// Tarjan's state: by node, 1 + its order of discovery (0 before) and
	// the lowest such order it reaches; the stack of nodes not yet in a
	// component; and the walk, each node with its next dependency.
	num, low []int32
	visited  int32
	onStack  []bool
	stack    []int32
	walk     []visit
}

type visit struct{ v, next int32 }

func newFamilies(ix *index, order int) *families {
	n := len(ix.nodes)
	return &families{ix: ix, sp: newSpace(ix.nodes), order: order, memo: make([]*cuts, n), self: make([]*cuts, n), selfOf: make([]*cuts, n),
		num: make([]int32, n), low: make([]int32, n), onStack: make([]bool, n)}
}

// of returns the cuts of node i, solving what it depends on first.
func (f *families) of(i int32) *cuts {
	if f.memo[i] == nil {
		f.strongConnect(i)
	}
	return f.memo[i]
}

// strongConnect is Tarjan's algorithm over the dependency edges from v,
// walking with a stack of its own so that a long chain needs no deep
// recursion; each component is solved as it completes, after every
// component it depends on.
func (f *families) strongConnect(v int32) {
	ix := f.ix
	f.discover(v)
	for len(f.walk) > 0 {
		top := &f.walk[len(f.walk)-1]
		v := top.v
		if top.next < ix.depStart[v+1] {
			w := ix.deps[top.next]
			top.next++
			switch {
			case f.memo[w] != nil:
			case f.num[w] == 0:
				f.discover(w)
			case f.onStack[w]:
				f.low[v] = min(f.low[v], f.num[w])
			}
			continue
		}
		f.walk = f.walk[:len(f.walk)-1]
		if len(f.walk) > 0 {
			u := f.walk[len(f.walk)-1].v
			f.low[u] = min(f.low[u], f.low[v])
		}
		if f.low[v] == f.num[v] {
			k := len(f.stack) - 1
			for f.stack[k] != v {
				k--
			}
			comp := f.stack[k:]
			f.stack = f.stack[:k]
			for _, w := range comp {
				f.onStack[w] = false
			}
			slices.Reverse(comp) // dependencies first, as far as the walk went
			f.solve(comp)
		}
	}
}

func (f *families) discover(v int32) {
	f.visited++
	f.num[v], f.low[v] = f.visited, f.visited
	f.stack = append(f.stack, v)
	f.onStack[v] = true
	f.walk = append(f.walk, visit{v, f.ix.depStart[v]})
}

// solve computes the cuts of one component: directly when it is a single
// node without a self-loop, else by iterating from empty families to the
// least fixpoint.
func (f *families) solve(comp []int32) {
	ix := f.ix
	if v := comp[0]; len(comp) == 1 {
		if _, loop := slices.BinarySearch(ix.deps[ix.depStart[v]:ix.depStart[v+1]], v); !loop {
			f.memo[v] = f.term(&ix.terms[ix.root[v]])
			return
		}
	}
	for _, v := range comp {
		f.memo[v] = noCuts
	}
	for changed := true; changed; {
		changed = false
		for _, v := range comp {
			c := f.term(&ix.terms[ix.root[v]])
			if !c.equal(f.memo[v]) {
				f.memo[v], changed = c, true
			}
		}
	}
}

// term returns the cuts that make a compiled entry contribute down.
func (f *families) term(t *term) *cuts {
	if t.soft {
		return noCuts
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

// withSelf is the cuts of node i with i's own failure added, made once for
// each cuts node i has.
func (f *families) withSelf(i int32) *cuts {
	c := f.memo[i]
	if f.selfOf[i] == c {
		return f.self[i]
	}
	out := &cuts{singles: f.sp.insert(c.singles, i)}
	for _, p := range c.pairs {
		if p[0] != i && p[1] != i {
			out.pairs = append(out.pairs, p)
		}
	}
	f.self[i], f.selfOf[i] = out, c
	return out
}

// atLeast returns the cuts that take down at least need of the members
// whose families are given.
func (f *families) atLeast(need int, fams []*cuts) *cuts {
	if need == 1 && len(fams) == 1 {
		return fams[0]
	}
	sets := make([]*tnode, len(fams))
	for k, c := range fams {
		sets[k] = c.singles
	}
	out := &cuts{singles: f.sp.inAtLeast(need, sets)}
	if f.order < 2 {
		return out
	}
	single := out.singles.contains
	// A pair cuts a member when either node is one of its singles or the
	// pair is one of its pairs. Candidates: pairs of any members' singles,
	// and every member's pairs.
	var cand [][2]int32
	var loose []int32
	f.sp.inAtLeast(1, sets).each(func(s int32) bool {
		if !single(s) {
			loose = append(loose, s)
		}
		return true
	})
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
	if c.singles.contains(p[0]) || c.singles.contains(p[1]) {
		return true
	}
	_, ok := slices.BinarySearchFunc(c.pairs, p, comparePair)
	return ok
}

func comparePair(a, b [2]int32) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) }

// customer looks up the customer named by ref; an unknown ref, or one that
// is not a customer's, gives a *catalog.RefError.
func (g *Graph) customer(ref string) (int32, error) {
	n, err := g.cat.Lookup(ref)
	if err != nil {
		return -1, err
	}
	if n.Kind != catalog.KindCustomer {
		return -1, &catalog.RefError{Ref: ref, Reason: ref + " is a " + n.Kind.String() + ", not a customer"}
	}
	return g.ix.id(n.Ref), nil
}
