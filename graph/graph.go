// Package graph builds the dependency graph of a catalog, evaluates failure
// scenarios on it and runs whole-catalog analyses.
//
// New compiles the catalog into a compact index: nodes numbered in ref
// order, dependencies and dependents in compressed rows, each node's
// entries as a flat array of terms. Evaluate runs a scenario on that index:
// it propagates states (up < degraded < down) to the least fixpoint of the
// catalog's rules, touching only what the failure reaches, and gives every
// affected node its cause path (Path, which shares suffixes, so that long
// chains cost nothing per hop). Rank, RankPairs, SPOFs, Concentration,
// Exposure and CheckPolicies sweep many scenarios in parallel, one reusable
// propagator per core; Lint and Compare build on them.
//
// Model builds the same graph, or part of it, as a
// github.com/dominikbraun/graph model for diagrams and callers that want a
// general graph API. Evaluation never uses it: that library rebuilds its
// adjacency maps on every traversal, and building the model of a
// million-customer catalog alone takes about a minute and several GiB.
package graph

import (
	"errors"
	"fmt"
	"sync"

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
	cat *catalog.Catalog
	ix  *index

	// provenance gives each node the provenance of its declaration; it is
	// made when first asked for (see NodeAttributes).
	provenanceOnce sync.Once
	provenance     func(*catalog.Node) catalog.Provenance
}

// New compiles the graph of a loaded catalog.
func New(c *catalog.Catalog) *Graph {
	return &Graph{cat: c, ix: compile(c)}
}

// Catalog returns the catalog the graph was built from.
func (g *Graph) Catalog() *catalog.Catalog { return g.cat }

// Model builds a github.com/dominikbraun/graph model of the nodes named by
// refs (every node when refs is nil): vertices keyed by ref, and an edge
// from each node to each of those nodes it depends on, with attribute
// "kind" set to EdgeHard, EdgeSoft or EdgeImplied. An unknown ref yields a
// *catalog.RefError.
func (g *Graph) Model(refs []string) (dgraph.Graph[string, *catalog.Node], error) {
	model := dgraph.New(func(n *catalog.Node) string { return n.Ref }, dgraph.Directed())
	var nodes []*catalog.Node
	if refs == nil {
		nodes = g.cat.Nodes()
	}
	for _, ref := range refs {
		n, err := g.cat.Lookup(ref)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	for _, n := range nodes {
		if err := model.AddVertex(n); err != nil && !errors.Is(err, dgraph.ErrVertexAlreadyExists) {
			return nil, fmt.Errorf("graph: add %s: %w", n.Ref, err)
		}
	}
	for _, n := range nodes {
		for _, e := range edgesOf(g.cat, n) {
			err := model.AddEdge(n.Ref, e.target, dgraph.EdgeAttribute("kind", e.kind))
			if err != nil && !errors.Is(err, dgraph.ErrVertexNotFound) && !errors.Is(err, dgraph.ErrEdgeAlreadyExists) {
				return nil, fmt.Errorf("graph: edge %s → %s: %w", n.Ref, e.target, err)
			}
		}
	}
	return model, nil
}

// edgesOf lists the distinct dependencies of a node as model edges, in
// the order of its entries (see Edges).
func edgesOf(cat *catalog.Catalog, n *catalog.Node) []edge {
	es := distinctEdges(cat, n)
	out := make([]edge, len(es))
	for i, e := range es {
		out[i] = edge{e.To.Ref, e.Kind}
	}
	return out
}

// edge is one distinct dependency of a node, with its strongest kind.
type edge struct {
	target string
	kind   string
}
