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
// id is "@e0", "@e1", … in output order (no ref starts with "@", so no
// edge takes a node's id) and its data holds the attributes of
// graph.Edge.Attributes (kind, group, group_op, group_k, group_n,
// group_parent, sources as a list, confidence). Classes name the kind, and a node's state, for
// stylesheets: node.customer, node.down, edge.soft.
//
// Nodes come in ref order, edges sorted by source then target, one
// element a line; keys of data objects are sorted. Strings are escaped by
// encoding/json.
package cytoscape

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/blastradius/blastradius/graph"
)

// Element is a node or an edge: its data and its classes.
type Element struct {
	Data    map[string]any `json:"data"`
	Classes string         `json:"classes,omitempty"`
}

// Write writes the elements JSON of the graph g, one element a line, as it
// goes: memory does not grow with the graph. With an evaluation ev, every
// node also carries its state under ev's scenario, as data and as a class;
// ev may be nil.
func Write(w io.Writer, g *graph.Graph, ev *graph.Evaluation) error {
	bw := bufio.NewWriter(w)
	first := true
	put := func(e Element) error {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if !first {
			bw.WriteString(",\n")
		}
		first = false
		_, err = bw.Write(b)
		return err
	}
	bw.WriteString("{\"elements\": {\"nodes\": [\n")
	for _, n := range g.Nodes() {
		data := map[string]any{"id": n.Ref, "label": n.Label()}
		classes := n.Kind.String()
		for _, a := range g.NodeAttributes(n, ev) {
			data[a.Name] = a.Value
			if state, ok := a.Value.(string); ok && a.Name == "state" {
				classes += " " + state
			}
		}
		if err := put(Element{Data: data, Classes: classes}); err != nil {
			return fmt.Errorf("cytoscape: %s: %w", n.Ref, err)
		}
	}
	bw.WriteString("\n],\n\"edges\": [\n")
	first = true
	k := 0
	for _, n := range g.Nodes() {
		for _, e := range g.Edges(n) {
			data := map[string]any{"id": "@e" + strconv.Itoa(k), "source": n.Ref, "target": e.To.Ref}
			k++
			for _, a := range e.Attributes() {
				data[a.Name] = a.Value
			}
			if err := put(Element{Data: data, Classes: e.Kind}); err != nil {
				return fmt.Errorf("cytoscape: %s → %s: %w", n.Ref, e.To.Ref, err)
			}
		}
	}
	bw.WriteString("\n]}}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("cytoscape: %w", err)
	}
	return nil
}
