// Package cytoscape writes the dependency graph of a catalog as
// Cytoscape.js elements JSON, ready for cytoscape({elements: ...}) or
// cy.json():
//
//	{"elements": {"nodes": [{"data": {"id": …, …}, "classes": …}],
//	              "edges": [{"data": {"id", "source", "target", …}, "classes": …}]}}
//
// A node's id is its ref, and its data holds label (the catalog name,
// else the ref) and the attributes of graph.Graph.NodeAttributes (ref,
// kind, name, provider, region, zone, service, scope, view, weight,
// sources as a list, confidence, and state when a scenario is given).
// An edge runs from the dependent (source) to its dependency (target); its
// id is "e0", "e1", … in output order and its data holds the attributes of
// graph.Edge.Attributes (kind, group, group_op, group_k, group_n,
// group_parent, sources as a list, confidence). Classes name the kind, and a node's state, for
// stylesheets: node.customer, node.down, edge.soft.
//
// Nodes come in ref order, edges sorted by source then target; keys of
// data objects are sorted. Strings are escaped by encoding/json.
package cytoscape

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/blastradius/blastradius/graph"
)

// Document is the top level of the JSON: the elements, grouped.
type Document struct {
	Elements Elements `json:"elements"`
}

// Elements are the nodes and edges of the graph.
type Elements struct {
	Nodes []Element `json:"nodes"`
	Edges []Element `json:"edges"`
}

// Element is a node or an edge: its data and its classes.
type Element struct {
	Data    map[string]any `json:"data"`
	Classes string         `json:"classes,omitempty"`
}

// Build builds the elements of the graph g; with an evaluation ev, every
// node also carries its state under ev's scenario, as data and as a class.
// ev may be nil.
func Build(g *graph.Graph, ev *graph.Evaluation) *Document {
	doc := &Document{Elements: Elements{Nodes: []Element{}, Edges: []Element{}}}
	for _, n := range g.Nodes() {
		data := map[string]any{"id": n.Ref, "label": n.Label()}
		classes := n.Kind.String()
		for _, a := range g.NodeAttributes(n, ev) {
			data[a.Name] = a.Value
			if a.Name == "state" {
				classes += " " + a.Value.(string)
			}
		}
		doc.Elements.Nodes = append(doc.Elements.Nodes, Element{Data: data, Classes: classes})
	}
	for _, n := range g.Nodes() {
		for _, e := range g.Edges(n) {
			data := map[string]any{"id": "e" + strconv.Itoa(len(doc.Elements.Edges)), "source": n.Ref, "target": e.To.Ref}
			for _, a := range e.Attributes() {
				data[a.Name] = a.Value
			}
			doc.Elements.Edges = append(doc.Elements.Edges, Element{Data: data, Classes: e.Kind})
		}
	}
	return doc
}

// Write writes the elements JSON of the graph g, indented; ev may be nil
// (see Build).
func Write(w io.Writer, g *graph.Graph, ev *graph.Evaluation) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(Build(g, ev)); err != nil {
		return fmt.Errorf("cytoscape: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("cytoscape: %w", err)
	}
	return nil
}
