package graph

import (
	"slices"

	"github.com/blastradius/blastradius/catalog"
)

// index is the compiled form of the graph that evaluation runs on. Nodes
// are numbered in ref order; adjacency is kept in compressed sparse rows.
type index struct {
	nodes []*catalog.Node
	ids   map[string]int32

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
	// than the highest.
	level  []int32
	levels int32
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
// array is sized before it is filled: at a million customers, growing
// them by appending cost more than the rest of the compilation.
func compile(c *catalog.Catalog) *index {
	nodes := c.Nodes()
	ix := &index{nodes: nodes, ids: make(map[string]int32, len(nodes))}
	terms, refs := 0, 0
	for i, n := range nodes {
		ix.ids[n.Ref] = int32(i)
		t, r := countTerms(n.Deps)
		terms, refs = terms+1+t, refs+r
	}
	ix.terms = make([]term, 0, terms)
	ix.deps = make([]int32, 0, refs)
	ix.depStart = make([]int32, len(nodes)+1)
	ix.root = make([]int32, len(nodes))
	ix.provider = make([]int32, len(nodes))
	indegree := make([]int32, len(nodes)+1)
	listed := make([]int32, len(nodes)) // 1 + the last node that listed each node as a dependency
	provs := map[string]int32{}
	for i, n := range nodes {
		ix.provider[i] = -1
		if n.Kind != catalog.KindCustomer {
			if _, ok := provs[n.Provider]; !ok {
				provs[n.Provider] = int32(len(provs))
			}
			ix.provider[i] = provs[n.Provider]
		}
		ix.root[i] = int32(len(ix.terms))
		ix.terms = append(ix.terms, term{op: catalog.OpAllOf, first: ix.root[i] + 1, n: int32(len(n.Deps))})
		ix.layout(n.Deps)
		start := len(ix.deps)
		for _, t := range ix.terms[ix.root[i]:] {
			if t.op == catalog.OpRef && listed[t.target] != int32(i)+1 {
				listed[t.target] = int32(i) + 1
				ix.deps = append(ix.deps, t.target)
				indegree[t.target+1]++
			}
		}
		slices.Sort(ix.deps[start:])
		ix.depStart[i+1] = int32(len(ix.deps))
		if n.Kind == catalog.KindCustomer {
			ix.customers = append(ix.customers, int32(i))
			ix.weight += n.Weight
		}
	}
	ix.invert(indegree)
	ix.computeLevels()
	return ix
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

// layout appends a list of entries as consecutive terms, then the members
// of each group after them.
func (ix *index) layout(deps []*catalog.Dep) {
	base := len(ix.terms)
	for _, d := range deps {
		t := term{op: d.Op, soft: d.Soft, whenDown: d.WhenDown, k: int32(d.Quorum)}
		if d.Op == catalog.OpRef {
			t.target = ix.ids[d.Target]
		}
		ix.terms = append(ix.terms, t)
	}
	for i, d := range deps {
		if d.Op != catalog.OpRef {
			ix.terms[base+i].first = int32(len(ix.terms))
			ix.terms[base+i].n = int32(len(d.Members))
			ix.layout(d.Members)
		}
	}
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
