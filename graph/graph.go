// Package graph builds the dependency graph of a catalog and evaluates
// failure scenarios on it.
//
// New builds a model graph with github.com/dominikbraun/graph, one vertex
// per catalog node and one edge from each node to each node it depends on,
// and compiles it once into a compact index. Evaluate runs a scenario on
// that index: it propagates states (up < degraded < down) to the least
// fixpoint of the catalog's rules, touching only what the failure reaches,
// and gives every affected node its cause path.
package graph

import (
	"errors"
	"fmt"

	dgraph "github.com/dominikbraun/graph"

	"github.com/blastradius/blastradius/catalog"
)

// Edge attribute "kind" values in the model graph.
const (
	EdgeHard    = "hard"    // a declared dependency that can take the node down
	EdgeSoft    = "soft"    // a declared dependency that can only degrade it
	EdgeImplied = "implied" // zone → region, instance → location, view → zones
)

// Graph is the dependency graph of one catalog. It is immutable and safe
// for concurrent use.
type Graph struct {
	cat   *catalog.Catalog
	model dgraph.Graph[string, *catalog.Node]
	ix    *index
}

// New builds the graph of a loaded catalog.
func New(c *catalog.Catalog) (*Graph, error) {
	model := dgraph.New(func(n *catalog.Node) string { return n.Ref }, dgraph.Directed())
	for _, n := range c.Nodes() {
		if err := model.AddVertex(n); err != nil {
			return nil, fmt.Errorf("graph: add %s: %w", n.Ref, err)
		}
	}
	for _, n := range c.Nodes() {
		for _, e := range edgesOf(n) {
			err := model.AddEdge(n.Ref, e.target, dgraph.EdgeAttribute("kind", e.kind))
			if err != nil && !errors.Is(err, dgraph.ErrEdgeAlreadyExists) {
				return nil, fmt.Errorf("graph: edge %s → %s: %w", n.Ref, e.target, err)
			}
		}
	}
	ix, err := compile(c, model)
	if err != nil {
		return nil, err
	}
	return &Graph{cat: c, model: model, ix: ix}, nil
}

// Catalog returns the catalog the graph was built from.
func (g *Graph) Catalog() *catalog.Catalog { return g.cat }

// Model returns the model graph: vertices keyed by ref, an edge from each
// node to each node it depends on, with attribute "kind" set to EdgeHard,
// EdgeSoft or EdgeImplied. Callers must not modify it.
func (g *Graph) Model() dgraph.Graph[string, *catalog.Node] { return g.model }

// edge is one distinct dependency of a node, with its strongest kind.
type edge struct {
	target string
	kind   string
}

// edgesOf lists the distinct targets of a node's entries in first-seen
// order. A target reached both softly and hard is hard.
func edgesOf(n *catalog.Node) []edge {
	var out []edge
	at := map[string]int{}
	var walk func(d *catalog.Dep, soft bool)
	walk = func(d *catalog.Dep, soft bool) {
		soft = soft || d.Impact == catalog.Degraded
		if d.Op != catalog.OpRef {
			for _, m := range d.Members {
				walk(m, soft)
			}
			return
		}
		kind := EdgeHard
		switch {
		case d.Implied:
			kind = EdgeImplied
		case soft:
			kind = EdgeSoft
		}
		if i, ok := at[d.Target]; ok {
			if out[i].kind == EdgeSoft {
				out[i].kind = kind
			}
			return
		}
		at[d.Target] = len(out)
		out = append(out, edge{d.Target, kind})
	}
	for _, d := range n.Deps {
		walk(d, false)
	}
	return out
}
