package graph

import (
	"hash/maphash"
	"iter"
	"strings"

	"github.com/blastradius/blastradius/catalog"
)

// RefSet is a read-only set of node refs, read in sorted order. The sets of
// one analysis share their common parts: when a customer depends on a
// service that has n single points of failure, its own set costs O(log n)
// more memory, not n. The zero RefSet is empty.
type RefSet struct {
	sp   *space
	root *tnode
}

// Len returns the number of refs in the set.
func (s RefSet) Len() int { return s.root.len() }

// All returns an iterator over the refs of the set in sorted order.
func (s RefSet) All() iter.Seq[string] {
	return func(yield func(string) bool) {
		s.root.each(func(i int32) bool { return yield(s.sp.nodes[i].Ref) })
	}
}

// Head returns the first n refs of the set in sorted order (all of them
// when it has fewer).
func (s RefSet) Head(n int) []string {
	n = max(0, min(n, s.Len()))
	out := make([]string, 0, n)
	if n == 0 {
		return out
	}
	s.root.each(func(i int32) bool {
		out = append(out, s.sp.nodes[i].Ref)
		return len(out) < n
	})
	return out
}

// Contains reports whether ref is in the set.
func (s RefSet) Contains(ref string) bool {
	for t := s.root; t != nil; {
		switch c := strings.Compare(ref, s.sp.nodes[t.id].Ref); {
		case c == 0:
			return true
		case c < 0:
			t = t.left
		default:
			t = t.right
		}
	}
	return false
}

// space is what the sets of one index need to know of its nodes: their
// refs, in the order of their ids, and their priorities in a treap, a hash
// of the ref. Two indexes give a ref the same priority, so that the same
// refs make the same tree in either, which is what lets diffs compare
// the sets of two catalogs subtree by subtree.
type space struct {
	nodes []*catalog.Node
	prio  []uint64
}

// prioritySeed keys the priorities, so that no catalog can choose refs
// that make a tree deep.
var prioritySeed = maphash.MakeSeed()

func newSpace(nodes []*catalog.Node) *space {
	sp := &space{nodes: nodes, prio: make([]uint64, len(nodes))}
	for i, n := range nodes {
		sp.prio[i] = maphash.String(prioritySeed, n.Ref)
	}
	return sp
}

// above reports whether node a comes above node b in a treap: a higher
// priority, ties going to the lower ref.
func (sp *space) above(a, b int32) bool {
	pa, pb := sp.prio[a], sp.prio[b]
	return pa > pb || pa == pb && a < b
}

// tnode is a node of a persistent treap of node ids: a sorted set that is
// never modified once built, so that sets share whatever subtrees they
// have in common. Priorities (see space) are a function of the ids, so a
// set has one shape whatever built it: equal sets are equal trees, and a
// common subtree is often the same pointer. Every operation keeps the
// nodes it can and returns an operand itself when the result equals it.
// The nil *tnode is the empty set.
type tnode struct {
	left, right *tnode
	id          int32
	size        int32
}

func mk(id int32, l, r *tnode) *tnode {
	return &tnode{left: l, right: r, id: id, size: 1 + int32(l.len()+r.len())}
}

// with returns t with children l and r: t itself when they are its own.
func (t *tnode) with(l, r *tnode) *tnode {
	if l == t.left && r == t.right {
		return t
	}
	return mk(t.id, l, r)
}

func (t *tnode) len() int {
	if t == nil {
		return 0
	}
	return int(t.size)
}

func (t *tnode) contains(id int32) bool {
	for t != nil {
		switch {
		case id == t.id:
			return true
		case id < t.id:
			t = t.left
		default:
			t = t.right
		}
	}
	return false
}

// each calls yield with the ids of t in order until it returns false, and
// reports whether it never did.
func (t *tnode) each(yield func(int32) bool) bool {
	for t != nil {
		if !t.left.each(yield) || !yield(t.id) {
			return false
		}
		t = t.right
	}
	return true
}

// insert returns t with id added.
func (sp *space) insert(t *tnode, id int32) *tnode {
	switch {
	case t == nil:
		return mk(id, nil, nil)
	case id == t.id:
		return t
	case sp.above(id, t.id):
		l, _, r := t.split(id)
		return mk(id, l, r)
	case id < t.id:
		return t.with(sp.insert(t.left, id), t.right)
	default:
		return t.with(t.left, sp.insert(t.right, id))
	}
}

// remove returns t without id.
func (sp *space) remove(t *tnode, id int32) *tnode {
	switch {
	case t == nil:
		return nil
	case id == t.id:
		return sp.join(t.left, t.right)
	case id < t.id:
		return t.with(sp.remove(t.left, id), t.right)
	default:
		return t.with(t.left, sp.remove(t.right, id))
	}
}

// split returns the ids of t below id and above it, and whether id is in
// t.
func (t *tnode) split(id int32) (below *tnode, found bool, above *tnode) {
	switch {
	case t == nil:
		return nil, false, nil
	case id == t.id:
		return t.left, true, t.right
	case id < t.id:
		l, found, r := t.left.split(id)
		return l, found, t.with(r, t.right)
	default:
		l, found, r := t.right.split(id)
		return t.with(t.left, l), found, r
	}
}

// splitRef is split by a ref, which need not be in the space.
func (sp *space) splitRef(t *tnode, ref string) (below *tnode, found bool, above *tnode) {
	if t == nil {
		return nil, false, nil
	}
	switch c := strings.Compare(ref, sp.nodes[t.id].Ref); {
	case c == 0:
		return t.left, true, t.right
	case c < 0:
		l, found, r := sp.splitRef(t.left, ref)
		return l, found, t.with(r, t.right)
	default:
		l, found, r := sp.splitRef(t.right, ref)
		return t.with(t.left, l), found, r
	}
}

// join returns the union of l and r, every id of l below every id of r.
func (sp *space) join(l, r *tnode) *tnode {
	switch {
	case l == nil:
		return r
	case r == nil:
		return l
	case sp.above(l.id, r.id):
		return l.with(l.left, sp.join(l.right, r))
	default:
		return r.with(sp.join(l, r.left), r.right)
	}
}

// union returns the ids in a or b.
func (sp *space) union(a, b *tnode) *tnode {
	switch {
	case a == b || b == nil:
		return a
	case a == nil:
		return b
	case sp.above(b.id, a.id):
		a, b = b, a
	}
	l, _, r := b.split(a.id)
	return either(a, b, sp.union(a.left, l), sp.union(a.right, r))
}

// either returns a with children l and r, reusing b when it is that node.
func either(a, b, l, r *tnode) *tnode {
	if b.id == a.id && l == b.left && r == b.right {
		return b
	}
	return a.with(l, r)
}

// intersect returns the ids in both a and b.
func (sp *space) intersect(a, b *tnode) *tnode {
	switch {
	case a == b:
		return a
	case a == nil || b == nil:
		return nil
	case sp.above(b.id, a.id):
		a, b = b, a
	}
	l, found, r := b.split(a.id)
	l, r = sp.intersect(a.left, l), sp.intersect(a.right, r)
	if found {
		return either(a, b, l, r)
	}
	return sp.join(l, r)
}

// equal reports whether a and b hold the same ids. Equal sets have the same
// shape, so it compares trees, skipping subtrees they share.
func equal(a, b *tnode) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.id != b.id || a.size != b.size {
		return false
	}
	return equal(a.left, b.left) && equal(a.right, b.right)
}

// inAtLeast returns the ids in at least need of the sets.
func (sp *space) inAtLeast(need int, sets []*tnode) *tnode {
	switch {
	case need > len(sets):
		return nil
	case len(sets) == 1:
		return sets[0]
	case need <= 1:
		var out *tnode
		for _, s := range sets {
			out = sp.union(out, s)
		}
		return out
	case need == len(sets):
		out := sets[0]
		for _, s := range sets[1:] {
			if out = sp.intersect(out, s); out == nil {
				break
			}
		}
		return out
	}
	ws := make([]weighted, len(sets))
	for k, s := range sets {
		ws[k] = weighted{s, 1}
	}
	return sp.quorum(need, ws)
}

// weighted is a set counted n times.
type weighted struct {
	t *tnode
	n int
}

// quorum returns the ids in sets whose counts add up to at least need. It
// walks the sets together from the root of their union down, splitting
// each at every root, and merges the sets that are the same subtree, so
// that it costs what the sets do not share.
func (sp *space) quorum(need int, ws []weighted) *tnode {
	ws, total := merge(ws)
	switch {
	case total < need:
		return nil
	case len(ws) == 1:
		return ws[0].t
	case need <= 1:
		var out *tnode
		for _, w := range ws {
			out = sp.union(out, w.t)
		}
		return out
	case need == total:
		out := ws[0].t
		for _, w := range ws[1:] {
			if out = sp.intersect(out, w.t); out == nil {
				break
			}
		}
		return out
	}
	root := ws[0].t
	for _, w := range ws[1:] {
		if sp.above(w.t.id, root.id) {
			root = w.t
		}
	}
	below, beyond := make([]weighted, len(ws)), make([]weighted, len(ws))
	count := 0
	for k, w := range ws {
		l, found, r := w.t.split(root.id)
		below[k], beyond[k] = weighted{l, w.n}, weighted{r, w.n}
		if found {
			count += w.n
		}
	}
	l, r := sp.quorum(need, below), sp.quorum(need, beyond)
	if count < need {
		return sp.join(l, r)
	}
	for _, w := range ws {
		if w.t.id == root.id && w.t.left == l && w.t.right == r {
			return w.t
		}
	}
	return mk(root.id, l, r)
}

// merge drops the empty sets of ws and adds up the counts of the same
// subtree, in place, and returns what is left and the total count.
func merge(ws []weighted) ([]weighted, int) {
	out, total := ws[:0], 0
	var at map[*tnode]int
	if len(ws) > 16 {
		at = make(map[*tnode]int, len(ws))
	}
	for _, w := range ws {
		if w.t == nil {
			continue
		}
		total += w.n
		k := -1
		if at != nil {
			if j, ok := at[w.t]; ok {
				k = j
			} else {
				at[w.t] = len(out)
			}
		} else {
			for j := range out {
				if out[j].t == w.t {
					k = j
					break
				}
			}
		}
		if k >= 0 {
			out[k].n += w.n
		} else {
			out = append(out, w)
		}
	}
	return out, total
}

// differ compares sets of two spaces, such as the SPOFs of two versions of
// a catalog. The same refs make the same tree in any space, so it compares
// trees, and remembers which pairs of subtrees hold the same refs: sets
// that share subtrees in each space are compared once for each subtree.
type differ struct {
	same map[[2]*tnode]bool
}

func newDiffer() *differ { return &differ{same: map[[2]*tnode]bool{}} }

// minus returns the refs of a not in b, in order.
func (d *differ) minus(a, b RefSet) []string {
	return d.minusTree(nil, a.sp, a.root, b.sp, b.root)
}

// minusTree appends the refs of x, in space xs, that are not in y, in
// space ys.
func (d *differ) minusTree(out []string, xs *space, x *tnode, ys *space, y *tnode) []string {
	switch {
	case x == nil:
		return out
	case y == nil:
		x.each(func(i int32) bool { out = append(out, xs.nodes[i].Ref); return true })
		return out
	case d.equal(xs, x, ys, y):
		return out
	}
	ref := xs.nodes[x.id].Ref
	l, found, r := ys.splitRef(y, ref)
	out = d.minusTree(out, xs, x.left, ys, l)
	if !found {
		out = append(out, ref)
	}
	return d.minusTree(out, xs, x.right, ys, r)
}

// equal reports whether x, in space xs, and y, in space ys, hold the same
// refs.
func (d *differ) equal(xs *space, x *tnode, ys *space, y *tnode) bool {
	switch {
	case x == y:
		return true
	case x == nil || y == nil || x.size != y.size || xs.nodes[x.id].Ref != ys.nodes[y.id].Ref:
		return false
	}
	key := [2]*tnode{x, y}
	same, ok := d.same[key]
	if !ok {
		same = d.equal(xs, x.left, ys, y.left) && d.equal(xs, x.right, ys, y.right)
		d.same[key] = same
	}
	return same
}
