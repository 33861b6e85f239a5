// Package report renders the outcome of a failure scenario: as JSON for
// machines (the stable "Machine output" of catalog format v1) and as aligned,
// optionally colored text for people.
//
// Every writer here is deterministic: the same evaluation always gives the
// same bytes. The package holds no CLI logic; it only turns a
// *graph.Evaluation into bytes.
package report

import (
	"io"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
)

// Impact is the machine form of one evaluation, as WriteImpactJSON writes
// it. Its field order is the key order of the output; it also decodes that
// output back.
type Impact struct {
	Scenario ImpactScenario `json:"scenario"`
	Summary  ImpactSummary  `json:"summary"`
	Affected []ImpactNode   `json:"affected"` // every node that is not up, sorted by ref; never null
}

// ImpactScenario is the evaluated scenario, its refs sorted and unique.
type ImpactScenario struct {
	ID      string   `json:"id,omitempty"`   // the catalog scenario, if any
	Name    string   `json:"name,omitempty"` // its display name, if any
	Fail    []string `json:"fail"`           // never null
	Degrade []string `json:"degrade"`        // never null
}

// ImpactSummary counts the customers the scenario affects.
type ImpactSummary struct {
	Customers       int     `json:"customers"`
	Down            int     `json:"down"`
	Degraded        int     `json:"degraded"`
	Weight          float64 `json:"weight"`
	WeightDown      float64 `json:"weight_down"`
	WeightDegraded  float64 `json:"weight_degraded"`
	WeightDownShare float64 `json:"weight_down_share"`
}

// ImpactNode is one affected node with its cause path: the node itself,
// then each dependency in turn, ending at a node the scenario set.
type ImpactNode struct {
	Ref   string   `json:"ref"`
	Kind  string   `json:"kind"`  // provider, region, zone, service or customer
	State string   `json:"state"` // degraded or down
	Name  string   `json:"name,omitempty"`
	Path  []string `json:"path"`
}

// NewImpact builds the machine form of an evaluation.
func NewImpact(ev *graph.Evaluation) Impact {
	sc := ev.Scenario()
	sum := ev.Summary()
	imp := Impact{
		Scenario: ImpactScenario{
			ID:      sc.ID,
			Name:    sc.Name,
			Fail:    nonNil(sc.Fail),
			Degrade: nonNil(sc.Degrade),
		},
		Summary: ImpactSummary{
			Customers:       sum.Customers,
			Down:            sum.Down,
			Degraded:        sum.Degraded,
			Weight:          sum.Weight,
			WeightDown:      sum.WeightDown,
			WeightDegraded:  sum.WeightDegraded,
			WeightDownShare: sum.WeightDownShare,
		},
		Affected: []ImpactNode{},
	}
	for _, a := range ev.Affected() {
		imp.Affected = append(imp.Affected, ImpactNode{
			Ref:   a.Node.Ref,
			Kind:  a.Node.Kind.String(),
			State: a.State.String(),
			Name:  a.Node.Name,
			Path:  nonNil(a.Path),
		})
	}
	return imp
}

// WriteImpactJSON writes the machine form of an evaluation to w: one JSON
// object indented by two spaces, keys in a fixed order, followed by a
// newline. The shape is the "Machine output" of catalog format v1:
//
//	{"scenario": {"id", "name", "fail", "degrade"},
//	 "summary": {"customers", "down", "degraded", "weight", "weight_down",
//	             "weight_degraded", "weight_down_share"},
//	 "affected": [{"ref", "kind", "state", "name", "path"}]}
//
// "id" and "name" (of the scenario and of a node) are left out when empty;
// every list is present, possibly empty.
func WriteImpactJSON(w io.Writer, ev *graph.Evaluation) error {
	return writeJSON(w, NewImpact(ev))
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// isCustomer reports whether n is a customer node.
func isCustomer(n *catalog.Node) bool { return n.Kind == catalog.KindCustomer }
