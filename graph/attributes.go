package graph

import (
	"slices"

	"github.com/blastradius/blastradius/catalog"
)

// Attribute is one named value of a node or an edge, as the exporters
// (graphml, cypher, cytoscape) write it. Value is a string, bool, int,
// float64 or []string.
type Attribute struct {
	Name  string
	Value any
}

// NodeSchema lists every attribute NodeAttributes may give, in the order
// it gives them, each with the zero value of its type; state only when
// withState.
func NodeSchema(withState bool) []Attribute {
	s := []Attribute{{"ref", ""}, {"kind", ""}, {"name", ""}, {"provider", ""}, {"region", ""}, {"zone", ""},
		{"service", ""}, {"scope", ""}, {"view", false}, {"weight", 0.0}, {"sources", []string(nil)}, {"confidence", ""}}
	if withState {
		s = append(s, Attribute{"state", ""})
	}
	return s
}

// NodeAttributes describes a node of g: its ref and kind always; its name,
// provider, region, zone and service where the catalog gives them; scope
// for a service instance, view for the regional view of a zonal service,
// weight for a customer; the sources and confidence of its declaration
// (its provider, region, service or customer) where the catalog gives
// them; and, when ev is not nil, its state under the scenario.
func (g *Graph) NodeAttributes(n *catalog.Node, ev *Evaluation) []Attribute {
	out := []Attribute{{"ref", n.Ref}, {"kind", n.Kind.String()}}
	for _, a := range []Attribute{{"name", n.Name}, {"provider", n.Provider}, {"region", n.Region}, {"zone", n.Zone}, {"service", n.Service}} {
		if a.Value != "" {
			out = append(out, a)
		}
	}
	switch n.Kind {
	case catalog.KindService:
		out = append(out, Attribute{"scope", n.Scope.String()})
		if n.View {
			out = append(out, Attribute{"view", true})
		}
	case catalog.KindCustomer:
		out = append(out, Attribute{"weight", n.Weight})
	}
	g.provenanceOnce.Do(func() { g.provenance = g.cat.Provenances() })
	out = appendProvenance(out, g.provenance(n))
	if ev != nil {
		out = append(out, Attribute{"state", ev.State(n.Ref).String()})
	}
	return out
}

// EdgeSchema lists every attribute Edge.Attributes may give, in the order
// it gives them, each with the zero value of its type.
func EdgeSchema() []Attribute {
	return []Attribute{{"kind", ""}, {"group", ""}, {"group_op", ""}, {"group_k", 0}, {"group_n", 0},
		{"group_parent", ""}, {"sources", []string(nil)}, {"confidence", ""}}
}

// Attributes describes an edge: its kind (EdgeHard, EdgeSoft or
// EdgeImplied) always; its redundancy group (id, operator, members needed,
// members, enclosing group) when it has one; its sources and confidence
// when the catalog gives them.
func (e Edge) Attributes() []Attribute {
	out := []Attribute{{"kind", e.Kind}}
	if g := e.Group; g.ID != "" {
		out = append(out, Attribute{"group", g.ID}, Attribute{"group_op", g.Op.String()},
			Attribute{"group_k", g.K}, Attribute{"group_n", g.N})
		if p := g.Parent(); p != "" {
			out = append(out, Attribute{"group_parent", p})
		}
	}
	return appendProvenance(out, e.Evidence.Provenance)
}

// appendProvenance appends the sources and the confidence of p, where
// given.
func appendProvenance(out []Attribute, p catalog.Provenance) []Attribute {
	if len(p.Source) > 0 {
		out = append(out, Attribute{"sources", slices.Clone(p.Source)})
	}
	if p.Confidence != catalog.Unknown {
		out = append(out, Attribute{"confidence", p.Confidence.String()})
	}
	return out
}
