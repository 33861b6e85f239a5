package graph

import "math"

// bdd is a store of reduced ordered binary decision diagrams over the
// basic events of a catalog ("node i fails by itself"), for the exact
// probability that a node is down. Node 0 is false, node 1 true; a node
// tests variable v (events in the order they were numbered) and goes to
// hi when the event happens, to lo when it does not.
type bdd struct {
	nodes []bddNode
	// unique finds a node by its (v, lo, hi): open addressing, linear
	// probing; a slot belongs to the current function only when its
	// generation is gen, so that reset costs nothing.
	unique []bddSlot
	// cache remembers operations: a lossy table (a clash overwrites),
	// valid for the current generation only.
	cache []bddEntry
	gen   uint32
}

type bddNode struct{ v, lo, hi int32 }

type bddSlot struct {
	gen uint32
	id  int32
}

type bddEntry struct {
	gen     uint32
	op      uint8
	f, g, r int32
}

const (
	bddFalse int32 = 0
	bddTrue  int32 = 1
	opAnd    uint8 = iota
	opOr
	opWithout // zdd: the products of f that contain no product of g
)

// terminalVar sorts after every variable.
const terminalVar = int32(1<<31 - 1)

// minTable is the smallest size of the unique table and the cache.
const minTable = 1 << 12

func newBDD() *bdd {
	b := &bdd{}
	b.alloc(minTable)
	return b
}

// alloc starts over with tables of n slots.
func (b *bdd) alloc(n int) {
	b.nodes = append(b.nodes[:0], bddNode{terminalVar, 0, 0}, bddNode{terminalVar, 1, 1})
	b.unique, b.cache, b.gen = make([]bddSlot, n), make([]bddEntry, n), 1
}

// reset empties the store for another function, keeping its memory
// unless the last function needed only a small part of it.
func (b *bdd) reset() {
	if len(b.unique) > minTable && 16*len(b.nodes) < len(b.unique) || b.gen == math.MaxUint32 {
		b.alloc(minTable)
		return
	}
	b.nodes = b.nodes[:2]
	b.gen++
}

// size is the number of nodes made so far, terminals included.
func (b *bdd) size() int { return len(b.nodes) }

// mk returns the reduced BDD node (v, lo, hi).
func (b *bdd) mk(v, lo, hi int32) int32 {
	if lo == hi {
		return lo
	}
	return b.intern(bddNode{v, lo, hi})
}

// zmk returns the reduced ZDD node (v, lo, hi): a set of products, those
// of lo without v and those of hi with v.
func (b *bdd) zmk(v, lo, hi int32) int32 {
	if hi == bddFalse {
		return lo
	}
	return b.intern(bddNode{v, lo, hi})
}

func bddHash(a, c, d int32) uint64 {
	h := uint64(uint32(a))*0x9e3779b97f4a7c15 ^ uint64(uint32(c))*0xc2b2ae3d27d4eb4f ^ uint64(uint32(d))*0x165667b19e3779f9
	return h ^ h>>29
}

func (b *bdd) intern(n bddNode) int32 {
	mask := uint64(len(b.unique) - 1)
	for i := bddHash(n.v, n.lo, n.hi) & mask; ; i = (i + 1) & mask {
		s := b.unique[i]
		if s.gen != b.gen {
			id := int32(len(b.nodes))
			b.nodes = append(b.nodes, n)
			b.unique[i] = bddSlot{b.gen, id}
			if 2*len(b.nodes) > len(b.unique) {
				b.grow()
			}
			return id
		}
		if b.nodes[s.id] == n {
			return s.id
		}
	}
}

// grow doubles the tables and moves the nodes into the new unique table;
// the cache starts empty.
func (b *bdd) grow() {
	n := 2 * len(b.unique)
	b.unique, b.cache = make([]bddSlot, n), make([]bddEntry, n)
	mask := uint64(n - 1)
	for id := 2; id < len(b.nodes); id++ {
		nd := b.nodes[id]
		i := bddHash(nd.v, nd.lo, nd.hi) & mask
		for b.unique[i].gen == b.gen {
			i = (i + 1) & mask
		}
		b.unique[i] = bddSlot{b.gen, int32(id)}
	}
}

// lookup finds a remembered result of op on f and g.
func (b *bdd) lookup(op uint8, f, g int32) (int32, bool) {
	e := &b.cache[bddHash(int32(op), f, g)&uint64(len(b.cache)-1)]
	if e.gen == b.gen && e.op == op && e.f == f && e.g == g {
		return e.r, true
	}
	return 0, false
}

// remember records the result of op on f and g.
func (b *bdd) remember(op uint8, f, g, r int32) {
	b.cache[bddHash(int32(op), f, g)&uint64(len(b.cache)-1)] = bddEntry{b.gen, op, f, g, r}
}

// variable is the function "event v happens".
func (b *bdd) variable(v int32) int32 { return b.mk(v, bddFalse, bddTrue) }

func (b *bdd) and(f, g int32) int32 { return b.apply(opAnd, f, g) }
func (b *bdd) or(f, g int32) int32  { return b.apply(opOr, f, g) }

func (b *bdd) apply(op uint8, f, g int32) int32 {
	switch {
	case op == opAnd && (f == bddFalse || g == bddFalse):
		return bddFalse
	case op == opAnd && f == bddTrue:
		return g
	case op == opAnd && g == bddTrue:
		return f
	case op == opOr && (f == bddTrue || g == bddTrue):
		return bddTrue
	case op == opOr && f == bddFalse:
		return g
	case op == opOr && g == bddFalse:
		return f
	case f == g:
		return f
	}
	if f > g {
		f, g = g, f // both operations commute
	}
	if r, ok := b.lookup(op, f, g); ok {
		return r
	}
	nf, ng := b.nodes[f], b.nodes[g]
	v := min(nf.v, ng.v)
	f0, f1 := b.cofactors(f, v)
	g0, g1 := b.cofactors(g, v)
	r := b.mk(v, b.apply(op, f0, g0), b.apply(op, f1, g1))
	b.remember(op, f, g, r)
	return r
}

// cofactors returns f with variable v false, then true.
func (b *bdd) cofactors(f, v int32) (int32, int32) {
	if n := b.nodes[f]; n.v == v {
		return n.lo, n.hi
	}
	return f, f
}

// atLeast is true when at least m of the functions are true.
func (b *bdd) atLeast(m int, fs []int32) int32 {
	// row[j] is "at least j of fs[i:] are true", built from the last.
	row := make([]int32, m+1)
	for j := range row {
		row[j] = bddFalse
	}
	row[0] = bddTrue
	for i := len(fs) - 1; i >= 0; i-- {
		for j := m; j >= 1; j-- {
			row[j] = b.or(row[j], b.and(fs[i], row[j-1]))
		}
	}
	return row[m]
}

// minimal is the ZDD of the minimal products of events that make the
// monotone function f true: its minimal cut sets (Rauzy's algorithm).
// memo holds, for every node below f (ids up to f), its result or -1.
func (b *bdd) minimal(f int32, memo []int32) int32 {
	if f == bddFalse || f == bddTrue {
		return f
	}
	if r := memo[f]; r >= 0 {
		return r
	}
	n := b.nodes[f]
	lo := b.minimal(n.lo, memo)
	hi := b.without(b.minimal(n.hi, memo), lo)
	r := b.zmk(n.v, lo, hi)
	memo[f] = r
	return r
}

// without is the ZDD of the products of f that contain no product of g.
func (b *bdd) without(f, g int32) int32 {
	switch {
	case f == bddFalse || g == bddTrue:
		return bddFalse
	case g == bddFalse:
		return f
	case f == bddTrue: // the empty product contains only the empty product
		if b.hasEmpty(g) {
			return bddFalse
		}
		return f
	}
	if r, ok := b.lookup(opWithout, f, g); ok {
		return r
	}
	nf, ng := b.nodes[f], b.nodes[g]
	var r int32
	switch {
	case nf.v < ng.v:
		r = b.zmk(nf.v, b.without(nf.lo, g), b.without(nf.hi, g))
	case nf.v > ng.v:
		r = b.without(f, ng.lo)
	default:
		r = b.zmk(nf.v, b.without(nf.lo, ng.lo), b.without(b.without(nf.hi, ng.lo), ng.hi))
	}
	b.remember(opWithout, f, g, r)
	return r
}

// hasEmpty reports whether the ZDD g holds the empty product.
func (b *bdd) hasEmpty(g int32) bool {
	for g != bddFalse && g != bddTrue {
		g = b.nodes[g].lo
	}
	return g == bddTrue
}
