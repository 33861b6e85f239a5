package graph

import (
	"slices"
	"strconv"
	"strings"

	"github.com/blastradius/blastradius/catalog"
)

// Edge is one distinct dependency of the graph, From (the dependent) on To
// (the dependency): exporters and diagrams enumerate the graph through
// Nodes and Edges. Several entries of one node may name the same target;
// they make one edge.
type Edge struct {
	From, To *catalog.Node
	// Kind is EdgeImplied for an edge the contract implies (zone → region,
	// instance → location, regional view → zones), else EdgeHard when some
	// entry naming To can take From down, else EdgeSoft.
	Kind string
	// Evidence backs the edge as catalog.Node.Evidence says: the first of
	// the entries naming To that carries provenance, else the first.
	Evidence catalog.Evidence
	// Group is the redundancy group of the first entry naming To; the zero
	// Group when that entry stands outside every group.
	Group Group
}

// Group is a redundancy group: an all_of, any_of or quorum entry of one
// node, which its members' edges share.
type Group struct {
	// ID names the group uniquely in the graph: the dependent's ref, "#",
	// and the group's place among the dependent's entries, each counted
	// from 1 and joined by "." — "netflix#2" is netflix's second entry,
	// "netflix#2.1" the first member of it. A group's parent is named by
	// the ID without its last ".n"; a top-level group has none.
	ID string
	Op catalog.Op
	// K is how many members must be up for the group to be up: every one
	// for all_of, one for any_of, the quorum for quorum.
	K int
	N int // how many members it has
}

// Parent returns the ID of the group around g, or "" for a top-level group.
func (g Group) Parent() string {
	head, tail, _ := strings.Cut(g.ID, "#")
	if i := strings.LastIndexByte(tail, '.'); i >= 0 {
		return head + "#" + tail[:i]
	}
	return ""
}

// Nodes returns every node of the graph, sorted by ref; the slice is
// shared: do not modify it.
func (g *Graph) Nodes() []*catalog.Node { return g.ix.nodes }

// Order returns the number of nodes of the graph.
func (g *Graph) Order() int { return len(g.ix.nodes) }

// Size returns the number of edges of the graph: the distinct (dependent,
// dependency) pairs, which Edges enumerates.
func (g *Graph) Size() int { return len(g.ix.deps) }

// Edges returns the edges of node n, sorted by the ref of their target.
// The cost is linear in the size of n's entries.
func (g *Graph) Edges(n *catalog.Node) []Edge {
	es := distinctEdges(g.cat, n)
	slices.SortFunc(es, func(a, b Edge) int { return strings.Compare(a.To.Ref, b.To.Ref) })
	return es
}

// distinctEdges lists the edges of n in the order its entries first name
// their targets.
func distinctEdges(cat *catalog.Catalog, n *catalog.Node) []Edge {
	var out []Edge
	at := map[string]int{}
	for e := range n.RefEntries() {
		kind := EdgeHard
		switch {
		case e.Dep.Implied:
			kind = EdgeImplied
		case e.Soft:
			kind = EdgeSoft
		}
		if i, ok := at[e.Dep.Target]; ok {
			if out[i].Kind == EdgeSoft {
				out[i].Kind = kind
			}
			if !out[i].Evidence.Better() && e.Evidence.Better() {
				out[i].Evidence = e.Evidence
			}
			continue
		}
		at[e.Dep.Target] = len(out)
		out = append(out, Edge{From: n, To: cat.Node(e.Dep.Target), Kind: kind, Evidence: e.Evidence, Group: groupOf(n, e)})
	}
	return out
}

// groupOf describes the group around a ref entry of n.
func groupOf(n *catalog.Node, e catalog.RefEntry) Group {
	d := e.Group
	if d == nil {
		return Group{}
	}
	var id strings.Builder
	id.WriteString(n.Ref)
	id.WriteByte('#')
	for k, i := range e.Path[:len(e.Path)-1] {
		if k > 0 {
			id.WriteByte('.')
		}
		id.WriteString(strconv.Itoa(i))
	}
	k := len(d.Members)
	switch d.Op {
	case catalog.OpAnyOf:
		k = 1
	case catalog.OpQuorum:
		k = d.Quorum
	}
	return Group{ID: id.String(), Op: d.Op, K: k, N: len(d.Members)}
}
