package render

import (
	"cmp"
	"slices"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/internal/phrase"
)

// groupKey is one group of collapsed nodes: those under anchor in one
// state, customers apart from infrastructure. The anchor is the nearest
// drawn node on their cause paths, or "" when none is drawn.
type groupKey struct {
	anchor   string
	state    catalog.State
	customer bool
}

// noAnchor names the anchor of a group whose cause paths have no drawn
// node: only when the budget cannot hold every failed node.
const noAnchor = "failures not drawn"

// collapse draws as many affected nodes as the budget holds and groups the
// rest, each under the nearest drawn node on its cause path.
//
// The cause paths form a forest: a node's parent is the next node on its
// path, and the nodes the scenario set are the roots. Every node carries
// the customer weight that goes down through it: the weight of the down
// customers whose cause paths pass through it, its own included. Nodes are
// drawn in this order: the roots; then the nodes that are infrastructure
// or lead to some; then the other customers; within each, heaviest carried
// weight first (ties: more customers down, more customers affected, more
// nodes below, shallower, then ref). A node carries at least as much as
// anything below it and is shallower, so every prefix of the order holds
// the whole cause path of each of its nodes.
//
// The diagram draws the longest prefix whose nodes and groups fit the
// budget, found by binary search. The number of boxes is not monotone in
// the prefix length, but drawing one more node adds at most five (the node
// and up to four groups under it), so the prefix found fills the budget to
// within four boxes, and never exceeds it unless the budget is below four.
// Each probe costs O(n); the whole collapse O(n log n) in the number of
// affected nodes, however long the cause paths.
func (v *radiusView) collapse(b *builder, budget int) {
	n := len(v.affected)
	byDepth := v.byDepth()
	order := v.drawOrder(byDepth)
	c := &cutter{v: v, byDepth: byDepth, rank: make([]int32, n), anchor: make([]int32, n), seen: make([]int32, 4*(n+1))}
	for k, i := range order {
		c.rank[i] = int32(k)
	}
	// boxes(lo) fits (or lo is 0: only the groups, at most four), boxes(hi)
	// does not: all n affected nodes do not fit, or collapse is not called.
	lo, hi := 0, n
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if c.boxes(mid) <= budget {
			lo = mid
		} else {
			hi = mid
		}
	}

	kept := make([]string, lo)
	for k, i := range order[:lo] {
		kept[k] = v.affected[i]
	}
	b.addNodes(kept, v.role)

	counts := make([]int32, len(c.seen))
	var slots []int32
	customers, others := 0, 0
	c.walk(lo, func(i, s int32) {
		if counts[s] == 0 {
			slots = append(slots, s)
		}
		counts[s]++
		if v.customer[i] {
			customers++
		} else {
			others++
		}
	})
	keys := make([]groupKey, len(slots))
	byKey := make(map[groupKey]int, len(slots))
	for k, s := range slots {
		a, st, cust := c.unslot(s)
		keys[k] = groupKey{anchor: a, state: st, customer: cust}
		byKey[keys[k]] = int(counts[s])
	}
	slices.SortFunc(keys, func(a, b groupKey) int {
		return cmp.Or(strings.Compare(a.anchor, b.anchor), boolOrder(a.customer, b.customer), int(b.state)-int(a.state))
	})
	for _, k := range keys {
		cnt := byKey[k]
		what := phrase.Count(cnt, "node", "nodes")
		if k.customer {
			what = phrase.Count(cnt, "customer", "customers")
		}
		role := Degraded
		if k.state == catalog.Down {
			role = Down
		}
		if k.anchor == "" {
			b.addGroup(what+" "+k.state.String(), "via "+noAnchor, role, cnt)
			continue
		}
		gn := b.addGroup(what+" "+k.state.String(), "via "+k.anchor, role, cnt)
		b.scene.Edges = append(b.scene.Edges, &Edge{From: b.ids[k.anchor], To: gn.ID, Cause: true})
	}

	b.notef("%s of %s drawn: the failed nodes, then those that take down the most customer weight",
		phrase.Number(lo), phrase.Count(n, "affected node", "affected nodes"))
	var parts []string
	if customers > 0 {
		parts = append(parts, phrase.Count(customers, "customer", "customers"))
	}
	if others > 0 {
		parts = append(parts, phrase.Count(others, "infrastructure node", "infrastructure nodes"))
	}
	b.notef("%s grouped under the nearest drawn node on their cause path (%s)",
		phrase.Count(customers+others, "affected node", "affected nodes"), strings.Join(parts, ", "))
}

// byDepth returns every affected node, shallowest first (by position
// within a depth): each node comes after the next node on its cause path.
// A counting sort, O(n + depth).
func (v *radiusView) byDepth() []int32 {
	maxDepth := int32(0)
	for _, d := range v.depth {
		maxDepth = max(maxDepth, d)
	}
	start := make([]int32, maxDepth+2)
	for _, d := range v.depth {
		start[d+1]++
	}
	for d := 1; d < len(start); d++ {
		start[d] += start[d-1]
	}
	out := make([]int32, len(v.depth))
	for i, d := range v.depth {
		out[start[d]] = int32(i)
		start[d]++
	}
	return out
}

// drawOrder returns the affected nodes in the order collapse draws them
// (see collapse), computing what each carries in one pass from the deepest
// nodes up.
func (v *radiusView) drawOrder(byDepth []int32) []int32 {
	n := len(v.affected)
	weight := make([]float64, n) // customer weight down through the node
	down := make([]int32, n)     // customers down through it
	hit := make([]int32, n)      // customers down or degraded through it
	size := make([]int32, n)     // affected nodes through it
	phase := make([]uint8, n)    // 0 root, 1 infrastructure or leads to some, 2 other customers
	for k := n - 1; k >= 0; k-- {
		i := byDepth[k]
		if v.customer[i] {
			hit[i]++
			if v.state[i] == catalog.Down {
				weight[i] += v.weight[i]
				down[i]++
			}
			if phase[i] == 0 {
				phase[i] = 2
			}
		} else {
			phase[i] = 1
		}
		size[i]++
		if p := v.parent[i]; p >= 0 {
			weight[p] += weight[i]
			down[p] += down[i]
			hit[p] += hit[i]
			size[p] += size[i]
			if phase[i] == 1 {
				phase[p] = 1
			}
		} else {
			phase[i] = 0
		}
	}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(phase[a], phase[b]), cmp.Compare(weight[b], weight[a]),
			cmp.Compare(down[b], down[a]), cmp.Compare(hit[b], hit[a]), cmp.Compare(size[b], size[a]),
			cmp.Compare(v.depth[a], v.depth[b]), cmp.Compare(a, b))
	})
	return order
}

// cutter finds, for the first k nodes of the drawing order, the group of
// every other node.
type cutter struct {
	v       *radiusView
	byDepth []int32
	rank    []int32 // position of each node in the drawing order
	anchor  []int32 // the nearest drawn node on each node's path (itself when drawn); -1 for none
	seen    []int32 // generation at which each group slot was last counted
	gen     int32
}

// slot numbers the group of node i under anchor a (-1 for none): four
// slots per anchor, by state and customer-or-not.
func (c *cutter) slot(a, i int32) int32 {
	s := (a + 1) * 4
	if c.v.state[i] == catalog.Down {
		s += 2
	}
	if c.v.customer[i] {
		s++
	}
	return s
}

// unslot returns the group key of a slot.
func (c *cutter) unslot(s int32) (anchor string, st catalog.State, customer bool) {
	if a := s/4 - 1; a >= 0 {
		anchor = c.v.affected[a]
	}
	st = catalog.Degraded
	if s&2 != 0 {
		st = catalog.Down
	}
	return anchor, st, s&1 != 0
}

// walk anchors every node for the first k nodes of the drawing order, in
// order of depth, and calls grouped for each node not drawn with its
// group slot.
func (c *cutter) walk(k int, grouped func(i, slot int32)) {
	for _, i := range c.byDepth {
		switch p := c.v.parent[i]; {
		case int(c.rank[i]) < k:
			c.anchor[i] = i
			continue
		case p < 0:
			c.anchor[i] = -1
		default:
			c.anchor[i] = c.anchor[p]
		}
		grouped(i, c.slot(c.anchor[i], i))
	}
}

// boxes returns how many boxes the first k nodes of the drawing order and
// the groups of the others make.
func (c *cutter) boxes(k int) int {
	c.gen++
	groups := 0
	c.walk(k, func(_, s int32) {
		if c.seen[s] != c.gen {
			c.seen[s] = c.gen
			groups++
		}
	})
	return k + groups
}
