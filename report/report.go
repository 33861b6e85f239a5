// Package report turns evaluations and whole-catalog analyses into bytes
// for people and machines: an evaluation as text or JSON (the stable
// "Machine output" of catalog format v1); rankings, single points of
// failure and concentration as text, JSON or Markdown tables; policy checks
// as text, JSON, Markdown or SARIF 2.1.0; catalog diffs as text, JSON or a
// Markdown pull-request comment; and the whole-catalog report as one
// self-contained HTML page and its Markdown twin (Document, WriteHTML,
// WriteMarkdown).
//
// Every writer is deterministic: the same input always gives the same
// bytes. Every catalog string is escaped for its target, and cause paths
// are elided for people (graph.Path.Shown) and cut for machines
// (MaxJSONPath), so output stays linear in the catalog. The package draws
// nothing itself: the caller passes diagrams in (Diagram), and holds no CLI
// logic.
package report

import (
	"fmt"
	"io"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
)

// Evaluation is the machine form of one evaluation, as WriteEvaluation writes
// it. Its field order is the key order of the output; it also decodes that
// output back.
type Evaluation struct {
	Scenario EvaluatedScenario `json:"scenario"`
	Summary  Summary           `json:"summary"`
	Affected []AffectedNode    `json:"affected"` // every node that is not up, sorted by ref; never null
}

// EvaluatedScenario is the evaluated scenario, its refs sorted and unique.
type EvaluatedScenario struct {
	ID      string   `json:"id,omitempty"`   // the catalog scenario, if any
	Name    string   `json:"name,omitempty"` // its display name, if any
	Fail    []string `json:"fail"`           // never null
	Degrade []string `json:"degrade"`        // never null
}

// Summary counts the customers the scenario affects.
type Summary struct {
	Customers       int     `json:"customers"`
	Down            int     `json:"down"`
	Degraded        int     `json:"degraded"`
	Weight          float64 `json:"weight"`
	WeightDown      float64 `json:"weight_down"`
	WeightDegraded  float64 `json:"weight_degraded"`
	WeightDownShare float64 `json:"weight_down_share"`
}

// AffectedNode is one affected node with its cause path: the node itself,
// then each dependency in turn, ending at a node the scenario set.
type AffectedNode struct {
	Ref   string   `json:"ref"`
	Kind  string   `json:"kind"`  // provider, region, zone, service or customer
	State string   `json:"state"` // degraded or down
	Name  string   `json:"name,omitempty"`
	Path  []string `json:"path"`
	// PathLength is the length of a path longer than MaxJSONPath refs,
	// which Path cuts; 0 for a path given whole.
	PathLength int `json:"path_length,omitempty"`
	// Evidence backs each hop of Path: entry k, the dependency of Path[k]
	// on Path[k+1]. Weakest is the weakest confidence stated on the whole
	// path. Both are left out when no entry on the path states one.
	Evidence []HopEvidence `json:"evidence,omitempty"`
	Weakest  string        `json:"weakest,omitempty"`
}

// HopEvidence is what backs one hop of a cause path: the source and
// confidence of its entry ("unknown" when it states none), or implied for
// a dependency the contract implies (zone to region, instance to
// location).
type HopEvidence struct {
	Source     []string `json:"source"`
	Confidence string   `json:"confidence"`
	Implied    bool     `json:"implied,omitempty"`
}

// MaxJSONPath is the most refs the JSON output gives of one cause path. A
// longer path is cut after MaxJSONPath refs and its full length given as
// "path_length"; its last ref is an affected node whose own path continues
// it. So the output stays linear in the catalog, however long its chains.
const MaxJSONPath = 64

// jsonPath is what the JSON output gives of a path: its refs cut after
// MaxJSONPath, its length when cut, and the evidence of its hops with the
// weakest confidence when any entry on it states one.
func jsonPath(p graph.Path) (refs []string, length int, evidence []HopEvidence, weakest string) {
	if n := p.Len(); n > MaxJSONPath {
		length = n
	}
	hops := p.Hops(MaxJSONPath)
	refs = make([]string, len(hops))
	for k, h := range hops {
		refs[k] = h.Ref
	}
	c, stated := p.Weakest()
	if !stated {
		return refs, length, nil, ""
	}
	for _, h := range hops[1:] {
		evidence = append(evidence, HopEvidence{Source: nonNil(h.Evidence.Source), Confidence: h.Evidence.Strength().String(), Implied: h.Evidence.Implied})
	}
	return refs, length, evidence, c.String()
}

func newAffectedNode(a graph.Affected) AffectedNode {
	n := AffectedNode{Ref: a.Node.Ref, Kind: a.Node.Kind.String(), State: a.State.String(), Name: a.Node.Name}
	n.Path, n.PathLength, n.Evidence, n.Weakest = jsonPath(a.Path)
	return n
}

// NewEvaluation builds the machine form of an evaluation.
func NewEvaluation(ev *graph.Evaluation) Evaluation {
	out := newEvaluationHead(ev)
	for _, a := range ev.Affected() {
		out.Affected = append(out.Affected, newAffectedNode(a))
	}
	return out
}

// newEvaluationHead is the machine form of an evaluation without its
// affected nodes.
func newEvaluationHead(ev *graph.Evaluation) Evaluation {
	sc, sum := ev.Scenario(), ev.Summary()
	return Evaluation{
		Scenario: EvaluatedScenario{ID: sc.ID, Name: sc.Name, Fail: nonNil(sc.Fail), Degrade: nonNil(sc.Degrade)},
		Summary: Summary{Customers: sum.Customers, Down: sum.Down, Degraded: sum.Degraded, Weight: sum.Weight,
			WeightDown: sum.WeightDown, WeightDegraded: sum.WeightDegraded, WeightDownShare: sum.WeightDownShare},
		Affected: []AffectedNode{},
	}
}

// WriteEvaluation writes an evaluation in format f: Text, the report for
// people (see TextOptions), or JSON, the stable machine output of catalog
// format v1:
//
//	{"scenario": {"id", "name", "fail", "degrade"},
//	 "summary": {"customers", "down", "degraded", "weight", "weight_down",
//	             "weight_degraded", "weight_down_share"},
//	 "affected": [{"ref", "kind", "state", "name", "path", "path_length"}]}
//
// In JSON, "id" and "name" (of the scenario and of a node) are left out
// when empty, and "path_length" unless the path is cut (see MaxJSONPath);
// every list is present, possibly empty. Either way the output is written
// as it is made, never held whole in memory, and the same evaluation
// always gives the same bytes.
func WriteEvaluation(w io.Writer, ev *graph.Evaluation, f Format, opt TextOptions) error {
	switch f {
	case JSON:
		affected := ev.Affected()
		return streamJSON(w, newEvaluationHead(ev), len(affected), func(k int) any { return newAffectedNode(affected[k]) })
	case Text:
		return writeEvaluationText(w, ev, opt)
	}
	return fmt.Errorf("report: cannot write an evaluation as %s", f)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// isCustomer reports whether n is a customer node.
func isCustomer(n *catalog.Node) bool { return n.Kind == catalog.KindCustomer }
