package graph

import (
	"sync"

	"github.com/blastradius/blastradius/catalog"
)

// Path is the cause path of an affected node: the node, then each
// dependency that explains its state in turn, ending at a node the scenario
// set. Paths share their suffixes: a Path reads its hops on demand from the
// cause links of its evaluation, so keeping the path of every node costs
// nothing per hop, and a long chain is read only as far as it is asked for.
// The zero Path is empty.
type Path struct {
	l  *links
	at int32
}

// links are the cause links of one evaluation, or of the nodes on some of
// its paths.
type links struct {
	nodes []*catalog.Node
	next  []int32 // 1 + the index of the next node on each node's path; 0 at its end
	depth []int32 // hops from each node to the end of its path
	// tail[i] is the node on i's path tailRefs-1 hops before its end (or
	// i itself when it is nearer), so that the end of a long path is
	// read without walking it.
	tail []int32
	// order lists the nodes on paths so that each comes after the next
	// node on its path (in order of depth).
	order []int32

	weakestOnce sync.Once
	weakest     []catalog.Confidence // the weakest confidence on each node's path
	stated      []bool               // whether any hop of the path says how sure it is
}

// ShownRefs is how many refs of a cause path people are shown: a longer
// path keeps its first ShownHead refs and its last ShownTail, and says how
// many it leaves out between them.
const (
	ShownRefs = 10
	ShownHead = 5
	ShownTail = 3
	tailRefs  = ShownTail
)

// Len returns the number of refs on the path, the node included.
func (p Path) Len() int {
	if p.l == nil {
		return 0
	}
	return int(p.l.depth[p.at]) + 1
}

// Refs returns every ref on the path, the node first.
func (p Path) Refs() []string { return p.Head(p.Len()) }

// Head returns the first n refs of the path (all of them when it is
// shorter).
func (p Path) Head(n int) []string { return p.refs(p.head(n)) }

// Tail returns the last n refs of the path, ending at the node the
// scenario set, for n up to ShownTail.
func (p Path) Tail(n int) []string { return p.refs(p.tail(n)) }

// head returns the first n nodes of the path.
func (p Path) head(n int) []int32 {
	n = min(n, p.Len())
	out := make([]int32, 0, n)
	for i := p.at; len(out) < n; i = p.l.next[i] - 1 {
		out = append(out, i)
	}
	return out
}

// tail returns the last n nodes of the path, n at most tailRefs.
func (p Path) tail(n int) []int32 {
	n = min(n, tailRefs, p.Len())
	if n == 0 {
		return nil
	}
	i := p.at
	if p.l.depth[i] >= tailRefs {
		i = p.l.tail[i]
	}
	for int(p.l.depth[i]) >= n {
		i = p.l.next[i] - 1
	}
	out := make([]int32, 0, n)
	for ; len(out) < n; i = p.l.next[i] - 1 {
		out = append(out, i)
	}
	return out
}

func (p Path) refs(ids []int32) []string {
	out := make([]string, len(ids))
	for k, i := range ids {
		out[k] = p.l.nodes[i].Ref
	}
	return out
}

// Cause returns the ref after the node: the dependency that explains its
// state, or "" for a node the scenario set.
func (p Path) Cause() string {
	if p.Len() < 2 {
		return ""
	}
	return p.l.nodes[p.l.next[p.at]-1].Ref
}

// Hop is one ref of a cause path with the evidence of the dependency that
// leads to it from the ref before; the first ref of a path, and the first
// after an elision, have none.
type Hop struct {
	Ref      string
	Evidence catalog.Evidence
}

// Shown returns what people are shown of the path, as hops with their
// evidence: every ref when it has at most ShownRefs, else the first
// ShownHead and the last ShownTail refs and the number elided between them.
func (p Path) Shown() (head, tail []Hop, elided int) {
	if n := p.Len(); n > ShownRefs {
		return p.hops(p.head(ShownHead)), p.hops(p.tail(ShownTail)), n - ShownHead - ShownTail
	}
	return p.hops(p.head(p.Len())), nil, 0
}

// Hops returns the first n refs of the path (all of them when it is
// shorter) as hops with their evidence.
func (p Path) Hops(n int) []Hop { return p.hops(p.head(n)) }

// hops pairs consecutive nodes of the path with the evidence between them.
func (p Path) hops(ids []int32) []Hop {
	out := make([]Hop, len(ids))
	for k, i := range ids {
		out[k].Ref = p.l.nodes[i].Ref
		if k > 0 {
			out[k].Evidence = p.l.nodes[ids[k-1]].Evidence(out[k].Ref)
		}
	}
	return out
}

// Weakest returns the weakest confidence of the evidence behind the hops
// of the path that state one (catalog.Node.Evidence; an implied hop is a
// fact; a hop whose entry says nothing of its confidence is left out), and
// whether any entry on the path states one: a catalog without provenance
// gives false. The first call on an evaluation
// reads the evidence of every hop once, so every path's answer costs O(1).
func (p Path) Weakest() (catalog.Confidence, bool) {
	if p.Len() < 2 {
		return catalog.Unknown, false
	}
	l := p.l
	l.weakestOnce.Do(l.findWeakest)
	return l.weakest[p.at], l.stated[p.at]
}

func (l *links) findWeakest() {
	l.weakest = make([]catalog.Confidence, len(l.nodes))
	l.stated = make([]bool, len(l.nodes))
	for _, i := range l.order {
		if l.next[i] == 0 {
			l.weakest[i] = catalog.Fact // a path of one node: nothing to doubt
			continue
		}
		j := l.next[i] - 1
		e := l.nodes[i].Evidence(l.nodes[j].Ref)
		l.weakest[i] = l.weakest[j]
		if e.Stated() {
			l.weakest[i] = min(e.Strength(), l.weakest[j])
		}
		l.stated[i] = e.Confidence != catalog.Unknown && !e.Implied || l.stated[j]
	}
}

// newLinks makes the links of an evaluation from its cause links and
// depths, finding the tail of every path; byDepth lists the nodes on paths
// in order of depth.
func newLinks(nodes []*catalog.Node, next, depth []int32, byDepth []int32) *links {
	l := &links{nodes: nodes, next: next, depth: depth, tail: make([]int32, len(nodes)), order: byDepth}
	for _, i := range byDepth {
		if depth[i] < tailRefs {
			l.tail[i] = i
		} else {
			l.tail[i] = l.tail[next[i]-1]
		}
	}
	return l
}

// extract copies the links of the paths from the given nodes, each node
// once, and returns the copy with each node's position in it. It costs the
// number of distinct nodes on those paths, however long they are.
func (l *links) extract(from []int32) (*links, []int32) {
	pos := map[int32]int32{}
	out := &links{}
	var add func(i int32) int32
	add = func(i int32) int32 {
		// Walk up to the first node already copied, then copy the walk
		// from its end, so that every next link points backwards.
		var walk []int32
		for j := i; ; j = l.next[j] - 1 {
			if _, ok := pos[j]; ok {
				break
			}
			walk = append(walk, j)
			if l.next[j] == 0 {
				break
			}
		}
		for k := len(walk) - 1; k >= 0; k-- {
			j := walk[k]
			p := int32(len(out.nodes))
			pos[j] = p
			out.nodes = append(out.nodes, l.nodes[j])
			out.depth = append(out.depth, l.depth[j])
			next, tail := int32(0), p
			if l.next[j] > 0 {
				next = pos[l.next[j]-1] + 1
				if l.depth[j] >= tailRefs {
					tail = out.tail[next-1]
				}
			}
			out.next = append(out.next, next)
			out.tail = append(out.tail, tail)
			out.order = append(out.order, p) // its next node was copied before it
		}
		return pos[i]
	}
	at := make([]int32, len(from))
	for k, i := range from {
		at[k] = add(i)
	}
	return out, at
}
