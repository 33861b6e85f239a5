// Package cypher writes the dependency graph of a catalog as a Cypher
// script for Neo4j (cypher-shell -f deps.cypher, or the Browser).
//
// The script takes no parameters: every value is written as a literal,
// strings escaped by Quote. It first creates a uniqueness constraint on
// :Node(ref), then MERGEs the nodes and the relationships in batches of
// UNWIND lists, so that it loads into an empty database and, run again on
// the same catalog, changes nothing:
//
//   - every node has the label Node and one label for its kind (Customer,
//     Provider, Region, Zone, Service), and the properties of
//     graph.Graph.NodeAttributes (ref, kind, name, provider, region, zone,
//     service, scope, view, weight, sources, confidence, and state when a
//     scenario is given);
//   - every dependency is a relationship from the dependent to its
//     dependency, of type HARD, SOFT or IMPLIED (its kind), with the
//     properties of graph.Edge.Attributes (kind, group, group_op, group_k,
//     group_n, group_parent, sources as a list, confidence).
//
// Nodes come in ref order within each kind, relationships sorted by
// dependent then dependency within each type.
package cypher

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
)

// Batch is how many nodes or relationships one UNWIND statement holds.
const Batch = 500

// labels are the node labels by kind, in the order the script creates them.
func labels() []struct {
	kind  catalog.Kind
	label string
} {
	return []struct {
		kind  catalog.Kind
		label string
	}{{catalog.KindProvider, "Provider"}, {catalog.KindRegion, "Region"}, {catalog.KindZone, "Zone"},
		{catalog.KindService, "Service"}, {catalog.KindCustomer, "Customer"}}
}

// types are the relationship types by edge kind.
func types() [][2]string {
	return [][2]string{{graph.EdgeImplied, "IMPLIED"}, {graph.EdgeHard, "HARD"}, {graph.EdgeSoft, "SOFT"}}
}

// Write writes the script that loads the graph g. With an evaluation ev,
// every node also carries its state under ev's scenario ("up",
// "degraded" or "down"); ev may be nil.
func Write(w io.Writer, g *graph.Graph, ev *graph.Evaluation) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("// The dependency graph of a blastradius catalog. Load it into Neo4j with\n" +
		"// cypher-shell -f FILE. (:Node)-[:HARD|SOFT|IMPLIED]->(:Node) runs from a\n" +
		"// dependent to its dependency; every node has the label Node and one of\n" +
		"// Customer, Provider, Region, Zone, Service.\n")
	bw.WriteString("CREATE CONSTRAINT blastradius_node_ref IF NOT EXISTS FOR (n:Node) REQUIRE n.ref IS UNIQUE;\n")
	nodes := g.Nodes()
	for _, l := range labels() {
		b := batch{w: bw, head: "UNWIND [", tail: "] AS p\nMERGE (n:Node:" + l.label + " {ref: p.ref})\nSET n = p;\n"}
		for _, n := range nodes {
			if n.Kind == l.kind {
				b.add(mapLiteral(g.NodeAttributes(n, ev)))
			}
		}
		b.flush()
	}
	known := map[string]bool{}
	for _, t := range types() {
		known[t[0]] = true
	}
	var rels []relationship
	for _, n := range nodes {
		for _, e := range g.Edges(n) {
			if !known[e.Kind] {
				return fmt.Errorf("cypher: edge %s → %s: unknown kind %q", n.Ref, e.To.Ref, e.Kind)
			}
			rels = append(rels, relationship{e.Kind, "{src: " + Quote(n.Ref) + ", dst: " + Quote(e.To.Ref) + ", p: " + mapLiteral(e.Attributes()) + "}"})
		}
	}
	for _, t := range types() {
		b := batch{w: bw, head: "UNWIND [", tail: "] AS r\nMATCH (a:Node {ref: r.src}), (b:Node {ref: r.dst})\nMERGE (a)-[e:" + t[1] + "]->(b)\nSET e = r.p;\n"}
		for _, r := range rels {
			if r.kind == t[0] {
				b.add(r.literal)
			}
		}
		b.flush()
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("cypher: %w", err)
	}
	return nil
}

// relationship is one edge's row of an UNWIND list.
type relationship struct {
	kind, literal string
}

// batch writes rows as UNWIND statements of at most Batch rows each.
type batch struct {
	w          *bufio.Writer
	head, tail string
	n          int
}

func (b *batch) add(row string) {
	if b.n == 0 {
		b.w.WriteString(b.head)
	} else {
		b.w.WriteString(",")
	}
	b.w.WriteString("\n  ")
	b.w.WriteString(row)
	if b.n++; b.n == Batch {
		b.flush()
	}
}

func (b *batch) flush() {
	if b.n > 0 {
		b.w.WriteString("\n" + b.tail)
		b.n = 0
	}
}

// mapLiteral writes attributes as a Cypher map literal. Their names are
// plain identifiers.
func mapLiteral(attrs []graph.Attribute) string {
	var s strings.Builder
	s.WriteByte('{')
	for i, a := range attrs {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(a.Name)
		s.WriteString(": ")
		s.WriteString(Literal(a.Value))
	}
	s.WriteByte('}')
	return s.String()
}

// Literal writes a value as a Cypher literal: a string quoted by Quote, a
// boolean, an integer, a float (always with a decimal point, so that it
// stays a FLOAT; null if it is not finite), or a list of strings.
func Literal(v any) string {
	switch v := v.(type) {
	case string:
		return Quote(v)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return "null"
		}
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	case []string:
		parts := make([]string, len(v))
		for i, s := range v {
			parts[i] = Quote(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return "null"
}

// Quote writes s as a single-quoted Cypher string literal. It uses the
// escape sequences of the Cypher manual: \\ and \' for a backslash and a
// quote, \t \b \n \r \f for those controls, and \uXXXX (a UTF-16
// surrogate pair beyond the Basic Multilingual Plane) for every other
// control character, line or paragraph separator and invisible format
// character (bidirectional overrides, zero-width spaces), so that the
// script reads as it runs; invalid UTF-8 becomes \uFFFD. Every other
// character is written as it is, in UTF-8.
func Quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '\'':
			b.WriteString(`\'`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r == utf8.RuneError && size == 1 {
				b.WriteString(`\uFFFD`)
			} else if escaped(r) {
				for _, u := range utf16.AppendRune(nil, r) {
					fmt.Fprintf(&b, `\u%04X`, u)
				}
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// escaped reports whether Quote writes r as a \u escape.
func escaped(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}
