// Package render draws dependency graphs and failure evaluations as
// diagrams: SVG, PNG and DOT through Graphviz (github.com/goccy/go-graphviz,
// WebAssembly, no cgo), and Mermaid flowchart text for Markdown.
//
// Drawing happens in two steps. BlastRadius and Dependencies build a
// Scene: the nodes, edges, clusters, title and notes of one picture,
// already collapsed to fit its node budget. WriteDOT, WriteMermaid and
// Renderer.Render then turn a Scene into bytes, and SVGElement makes
// Graphviz's SVG embeddable in a page. Every catalog string is escaped for
// its target, and the same input always gives the same bytes.
package render

import (
	"cmp"
	"slices"
	"strings"
)

// Role is how a scene node is drawn. It never rests on colour alone: each
// role has its own shape or line style, and a marker in its label.
type Role uint8

// The roles, from the failure outwards.
const (
	Root     Role = iota // a node the scenario set
	Down                 // down because of a dependency
	Degraded             // degraded because of a dependency
	Context              // up, shown for context
	Neutral              // a dependency diagram's node, with no state
)

// Layout selects the Graphviz layout of a scene.
type Layout uint8

// The layouts.
const (
	Layered Layout = iota // left to right, infrastructure to customers (dot)
	Radial                // the failure at the centre, rings by distance (twopi)
)

// Scene is one picture: what Impact or Dependencies chose to draw.
type Scene struct {
	Title    string
	Subtitle string   // counts, under the title
	Notes    []string // what was left out or grouped, said in the picture
	Layout   Layout
	Center   string // Radial: the id of the centre node
	Legend   bool   // draw the state legend (impact diagrams)
	Nodes    []*Node
	Edges    []*Edge
	Clusters []*Cluster // top-level clusters; nodes outside any are drawn free
}

// Node is one box of a scene.
type Node struct {
	ID      string // a generated id, never a catalog string
	Ref     string // the catalog ref; empty for a group
	Label   string // first line: the ref, or what a group holds
	Name    string // second line: the catalog name, if any
	Role    Role
	Group   int    // > 0: the number of nodes this box stands for
	Cluster string // id of the innermost cluster holding it, or ""
}

// Edge is a dependency drawn from the dependency to its dependent, so that
// failures flow along the arrows.
type Edge struct {
	From, To string // node ids
	Cause    bool   // on a cause path: drawn bold
	Soft     bool   // a soft dependency: drawn dashed
	Guess    bool   // its entry says confidence: guess: drawn dotted (Mermaid: labelled "guess")
}

// Cluster is a provider, region, zone or a provider's global services.
type Cluster struct {
	ID       string
	Label    string
	Children []*Cluster
}

// sortScene puts nodes, edges and clusters in a canonical order, so that
// the same scene always gives the same bytes.
func (s *Scene) sortScene() {
	slices.SortFunc(s.Nodes, func(a, b *Node) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(s.Edges, func(a, b *Edge) int {
		return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To))
	})
	var sortClusters func([]*Cluster)
	sortClusters = func(cs []*Cluster) {
		slices.SortFunc(cs, func(a, b *Cluster) int { return strings.Compare(a.ID, b.ID) })
		for _, c := range cs {
			sortClusters(c.Children)
		}
	}
	sortClusters(s.Clusters)
}

// walk visits the scene's clusters depth first, top-level clusters at
// depth 1: open before a cluster's nodes and children, node for each of
// its nodes (at the cluster's depth), close after. Nodes outside every
// cluster come last, at depth 0.
func (s *Scene) walk(open func(c *Cluster, depth int), node func(n *Node, depth int), close func(c *Cluster, depth int)) {
	in := map[string][]*Node{}
	for _, n := range s.Nodes {
		in[n.Cluster] = append(in[n.Cluster], n)
	}
	var visit func(c *Cluster, depth int)
	visit = func(c *Cluster, depth int) {
		open(c, depth)
		for _, n := range in[c.ID] {
			node(n, depth)
		}
		for _, child := range c.Children {
			visit(child, depth+1)
		}
		close(c, depth)
	}
	for _, c := range s.Clusters {
		visit(c, 1)
	}
	for _, n := range in[""] {
		node(n, 0)
	}
}
