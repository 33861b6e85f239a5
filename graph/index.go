package graph

import (
	"runtime"
	"slices"
	"sync"

	"github.com/blastradius/blastradius/catalog"
)

// index is the compiled form of the graph that evaluation runs on. Nodes
// are numbered in ref order; adjacency is kept in compressed sparse rows.
type index struct {
	cat   *catalog.Catalog // numbers nodes by ref
	nodes []*catalog.Node

	// deps[depStart[i]:depStart[i+1]] are the distinct nodes i depends on,
	// users[userStart[i]:userStart[i+1]] the nodes that depend on i.
	depStart, deps   []int32
	userStart, users []int32

	// terms[root[i]] is an all_of of node i's entries; a group's members
	// are terms[t.first : t.first+t.n].
	root  []int32
	terms []term

	customers []int32
	weight    float64 // total customer weight

	// provider numbers the provider each node belongs to (its provider,
	// region, zones and service instances), -1 for a customer.
	provider []int32

	// level orders evaluation (see computeLevels); levels is one more
	// than the highest, levelSize counts the nodes of each, and cyclic
	// marks the nodes on a cycle (which share their level with it).
	level     []int32
	levels    int32
	levelSize []int32
	cyclic    []bool
}

// noMask evaluates a term on the states as they are (see valueMasked).
const noMask = -2

// term is one compiled dependency entry.
type term struct {
	op       catalog.Op
	soft     bool
	whenDown bool  // only a down value counts: anything better is up
	k        int32 // quorum
	target   int32 // OpRef
	first, n int32 // groups
}

// compile numbers the catalog's nodes in ref order, lays out each node's
// entries as terms and gathers its distinct dependencies from them. Every
// array is sized before it is filled (at a million customers, growing
// them by appending cost more than the rest of the compilation), so that
// the nodes can be laid out in parallel, each at its own place.
func compile(c *catalog.Catalog) *index {
	nodes := c.Nodes()
	n := len(nodes)
	ix := &index{cat: c, nodes: nodes}
	// termAt[i] and refAt[i] are where node i's terms and refs start.
	termAt, refAt := make([]int32, n+1), make([]int32, n+1)
	for i, nd := range nodes {
		t, r := countTerms(nd.Deps)
		termAt[i+1], refAt[i+1] = termAt[i]+1+int32(t), refAt[i]+int32(r)
	}
	ix.terms = make([]term, termAt[n])
	ix.root = termAt[:n]
	refs, distinct := make([]int32, refAt[n]), make([]int32, n)
	inParallel(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			deps := nodes[i].Deps
			ix.terms[termAt[i]] = term{op: catalog.OpAllOf, first: termAt[i] + 1, n: int32(len(deps))}
			ix.layout(deps, termAt[i]+1)
			row := refs[refAt[i]:refAt[i]]
			for _, t := range ix.terms[termAt[i]:termAt[i+1]] {
				if t.op == catalog.OpRef {
					row = append(row, t.target)
				}
			}
			slices.Sort(row)
			distinct[i] = int32(len(slices.Compact(row)))
		}
	})
	ix.depStart = make([]int32, n+1)
	for i := range n {
		ix.depStart[i+1] = ix.depStart[i] + distinct[i]
	}
	ix.deps = make([]int32, ix.depStart[n])
	indegree := make([]int32, n+1)
	for i := range n {
		row := ix.deps[ix.depStart[i]:ix.depStart[i+1]]
		copy(row, refs[refAt[i]:])
		for _, j := range row {
			indegree[j+1]++
		}
	}
	ix.provider = make([]int32, n)
	provs := map[string]int32{}
	for i, nd := range nodes {
		ix.provider[i] = -1
		if nd.Kind == catalog.KindCustomer {
			ix.customers = append(ix.customers, int32(i))
			ix.weight += nd.Weight
			continue
		}
		if _, ok := provs[nd.Provider]; !ok {
			provs[nd.Provider] = int32(len(provs))
		}
		ix.provider[i] = provs[nd.Provider]
	}
	ix.invert(indegree)
	ix.computeLevels()
	return ix
}

// inParallel calls f on one range of [0, n) per core and waits for all.
func inParallel(n int, f func(lo, hi int)) {
	chunks := max(1, min(runtime.GOMAXPROCS(0), n/4096))
	var wg sync.WaitGroup
	for c := range chunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(c*n/chunks, (c+1)*n/chunks)
		}()
	}
	wg.Wait()
}

// id returns the number of the node named by a canonical ref, which the
// caller knows to exist.
func (ix *index) id(ref string) int32 {
	i, _ := ix.cat.Index(ref)
	return int32(i)
}

// find returns the number of the node named by a canonical ref, or false.
func (ix *index) find(ref string) (int32, bool) {
	i, ok := ix.cat.Index(ref)
	return int32(i), ok
}

// countTerms counts the terms a list of entries lays out as, and the refs
// among them.
func countTerms(deps []*catalog.Dep) (terms, refs int) {
	for _, d := range deps {
		terms++
		if d.Op == catalog.OpRef {
			refs++
		}
		t, r := countTerms(d.Members)
		terms, refs = terms+t, refs+r
	}
	return terms, refs
}

// invert fills the users rows from the deps rows; counts[j+1] holds the
// in-degree of node j. Rows come out sorted because i ascends.
func (ix *index) invert(counts []int32) {
	for j := 1; j < len(counts); j++ {
		counts[j] += counts[j-1]
	}
	ix.userStart = slices.Clone(counts)
	ix.users = make([]int32, len(ix.deps))
	for i := range ix.nodes {
		for _, j := range ix.deps[ix.depStart[i]:ix.depStart[i+1]] {
			ix.users[counts[j]] = int32(i)
			counts[j]++
		}
	}
}

// layout writes a list of entries as consecutive terms from position at,
// then the members of each group after them, and returns the position
// after the last.
func (ix *index) layout(deps []*catalog.Dep, at int32) int32 {
	next := at + int32(len(deps))
	for k, d := range deps {
		t := term{op: d.Op, soft: d.Soft, whenDown: d.WhenDown, k: int32(d.Quorum)}
		if d.Op == catalog.OpRef {
			t.target = ix.id(d.Target)
		} else {
			t.first, t.n = next, int32(len(d.Members))
			next = ix.layout(d.Members, next)
		}
		ix.terms[at+int32(k)] = t
	}
	return next
}

// eval computes node i's state from its entries and the state the
// scenario sets on it.
func (ix *index) eval(i int32, set catalog.State, st []catalog.State) catalog.State {
	if set == catalog.Down {
		return set
	}
	return max(set, ix.value(&ix.terms[ix.root[i]], st))
}

// value is the contribution of one term.
func (ix *index) value(t *term, st []catalog.State) catalog.State {
	return ix.valueMasked(t, st, noMask)
}

// valueMasked is the contribution of one term when only the nodes of
// provider keep have their states and every other node counts as up; with
// keep noMask, every node has its state.
func (ix *index) valueMasked(t *term, st []catalog.State, keep int32) catalog.State {
	var v catalog.State
	switch t.op {
	case catalog.OpRef:
		if keep == noMask || ix.provider[t.target] == keep {
			v = st[t.target]
		}
	case catalog.OpAllOf:
		ms := ix.members(t)
		for k := range ms {
			if v = max(v, ix.valueMasked(&ms[k], st, keep)); v == catalog.Down {
				break
			}
		}
	case catalog.OpAnyOf, catalog.OpQuorum:
		k := int32(1)
		if t.op == catalog.OpQuorum {
			k = t.k
		}
		var alive int32
		ms := ix.members(t)
		for k := range ms {
			mv := ix.valueMasked(&ms[k], st, keep)
			if mv != catalog.Down {
				alive++
			}
			v = max(v, min(mv, catalog.Degraded))
		}
		if alive < k {
			v = catalog.Down
		}
	}
	if t.whenDown && v != catalog.Down {
		v = catalog.Up
	}
	if t.soft {
		v = min(v, catalog.Degraded)
	}
	return v
}

func (ix *index) members(t *term) []term { return ix.terms[t.first : t.first+t.n] }
