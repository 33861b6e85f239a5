package graph

import (
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
func (p Path) Head(n int) []string {
	n = min(n, p.Len())
	out := make([]string, 0, n)
	for i := p.at; len(out) < n; i = p.l.next[i] - 1 {
		out = append(out, p.l.nodes[i].Ref)
	}
	return out
}

// Tail returns the last n refs of the path, ending at the node the
// scenario set, for n up to ShownTail.
func (p Path) Tail(n int) []string {
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
	out := make([]string, 0, n)
	for ; len(out) < n; i = p.l.next[i] - 1 {
		out = append(out, p.l.nodes[i].Ref)
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

// Shown returns what people are shown of the path: every ref when it has
// at most ShownRefs, else the first ShownHead and the last ShownTail refs
// and the number elided between them.
func (p Path) Shown() (head, tail []string, elided int) {
	if n := p.Len(); n > ShownRefs {
		return p.Head(ShownHead), p.Tail(ShownTail), n - ShownHead - ShownTail
	}
	return p.Refs(), nil, 0
}

// newLinks makes the links of an evaluation from its cause links and
// depths, finding the tail of every path; byDepth lists the nodes on paths
// in order of depth.
func newLinks(nodes []*catalog.Node, next, depth []int32, byDepth []int32) *links {
	l := &links{nodes: nodes, next: next, depth: depth, tail: make([]int32, len(nodes))}
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
		}
		return pos[i]
	}
	at := make([]int32, len(from))
	for k, i := range from {
		at[k] = add(i)
	}
	return out, at
}
