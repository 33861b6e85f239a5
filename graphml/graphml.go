// Package graphml writes the dependency graph of a catalog as GraphML
// (http://graphml.graphdrawing.org/), for yEd, Gephi, networkx
// (networkx.read_graphml) and other graph tools.
//
// The document holds one directed graph (edgedefault="directed"): a
// <node> per node of the catalog, in ref order, and an <edge> per distinct
// dependency, from the dependent to its dependency, sorted by dependent
// then dependency. Node ids are generated ("n0", "n1", …, in ref order),
// since GraphML ids are XML name tokens and refs are not; the ref is the
// node's "ref" attribute. Every attribute is declared by a typed <key>
// (attr.name, attr.type) before the graph, as the GraphML primer
// prescribes; a <data> element is written only where the value applies.
// Every string passes through encoding/xml; characters XML 1.0 cannot
// hold (control characters other than tab, newline and carriage return)
// become U+FFFD.
package graphml

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
)

// Namespace is the GraphML namespace.
const Namespace = "http://graphml.graphdrawing.org/xmlns"

// schemaLocation points validators at the GraphML 1.0 schema.
const schemaLocation = Namespace + " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

// Write writes the graph g as a GraphML document. With an evaluation ev,
// every node also carries its state under ev's scenario ("up", "degraded"
// or "down"); ev may be nil.
//
// Node attributes: ref, label (the catalog name, else the ref, which Gephi
// shows), kind (customer, provider, region, zone, service), name,
// provider, region, zone, service, scope, view, weight, sources (one per
// line), confidence and state. Edge attributes: kind (hard, soft,
// implied), group, group_op, group_k, group_n, group_parent, sources and
// confidence. graph.Graph.NodeAttributes and graph.Edge.Attributes say
// when each applies.
func Write(w io.Writer, g *graph.Graph, ev *graph.Evaluation) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(xml.Header); err != nil {
		return fmt.Errorf("graphml: %w", err)
	}
	x := &writer{enc: xml.NewEncoder(bw)}
	x.enc.Indent("", "  ")
	x.start("graphml", "xmlns", Namespace, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
		"xsi:schemaLocation", schemaLocation)
	nodeKeys := append([]graph.Attribute{{Name: "label", Value: ""}}, graph.NodeSchema(ev != nil)...)
	x.keys("node", "n_", nodeKeys)
	x.keys("edge", "e_", graph.EdgeSchema())
	x.start("graph", "id", "G", "edgedefault", "directed")
	nodes := g.Nodes()
	for i, n := range nodes {
		x.start("node", "id", "n"+strconv.Itoa(i))
		for _, a := range nodeAttributes(g, n, ev) {
			x.data("n_", a)
		}
		x.end("node")
	}
	cat := g.Catalog()
	edge := 0
	for i, n := range nodes {
		for _, e := range g.Edges(n) {
			j, _ := cat.Index(e.To.Ref)
			x.start("edge", "id", "e"+strconv.Itoa(edge), "source", "n"+strconv.Itoa(i), "target", "n"+strconv.Itoa(j))
			edge++
			for _, a := range e.Attributes() {
				x.data("e_", a)
			}
			x.end("edge")
		}
	}
	x.end("graph")
	x.end("graphml")
	if x.err == nil {
		x.err = x.enc.Close()
	}
	if x.err == nil {
		_, x.err = bw.WriteString("\n")
	}
	if x.err == nil {
		x.err = bw.Flush()
	}
	if x.err != nil {
		return fmt.Errorf("graphml: %w", x.err)
	}
	return nil
}

// nodeAttributes are the attributes of a node: label (which Gephi shows),
// then graph.NodeAttributes.
func nodeAttributes(g *graph.Graph, n *catalog.Node, ev *graph.Evaluation) []graph.Attribute {
	return append([]graph.Attribute{{Name: "label", Value: n.Label()}}, g.NodeAttributes(n, ev)...)
}

// writer writes XML tokens, keeping the first error.
type writer struct {
	enc *xml.Encoder
	err error
}

func (x *writer) token(t xml.Token) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(t)
	}
}

// start opens an element with attributes given as name, value pairs.
func (x *writer) start(name string, attrs ...string) {
	se := xml.StartElement{Name: xml.Name{Local: name}}
	for i := 0; i+1 < len(attrs); i += 2 {
		se.Attr = append(se.Attr, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
	}
	x.token(se)
}

func (x *writer) end(name string) { x.token(xml.EndElement{Name: xml.Name{Local: name}}) }

// keys declares a <key> for each attribute of a schema, with id prefix+name.
func (x *writer) keys(domain, prefix string, schema []graph.Attribute) {
	for _, a := range schema {
		x.start("key", "id", prefix+a.Name, "for", domain, "attr.name", a.Name, "attr.type", attrType(a.Value))
		x.end("key")
	}
}

// data writes one attribute's <data> element.
func (x *writer) data(prefix string, a graph.Attribute) {
	x.start("data", "key", prefix+a.Name)
	x.token(xml.CharData(text(a.Value)))
	x.end("data")
}

// attrType is the GraphML attr.type of a value.
func attrType(v any) string {
	switch v.(type) {
	case bool:
		return "boolean"
	case int:
		return "int"
	case float64:
		return "double"
	}
	return "string"
}

// text formats a value as GraphML data: a list of strings one per line.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []string:
		return strings.Join(v, "\n")
	}
	return fmt.Sprint(v)
}
