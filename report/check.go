package report

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
)

// SARIF is the format of GitHub code scanning; WriteCheck writes it too.
const SARIF Format = "sarif"

// maxShown is how many violations per policy the text and Markdown
// reports list before saying how many more there are.
const maxShown = 20

// CheckResults is what a check found: the verdicts on the catalog's
// policies, its lint findings, and the backtests of its scenarios' expect.
type CheckResults struct {
	Policies  []graph.PolicyResult
	Findings  []graph.Finding
	Backtests []*graph.Backtest
}

// Holds reports whether every policy holds and every expectation too.
func (r CheckResults) Holds() bool {
	for _, p := range r.Policies {
		if !p.Holds() {
			return false
		}
	}
	for _, b := range r.Backtests {
		if !b.Holds() {
			return false
		}
	}
	return true
}

// Check is the machine form of a check: the policies, lint findings and,
// when scenarios carry expect, their backtests.
type Check struct {
	Holds     bool           `json:"holds"` // every policy and every expectation holds
	Policies  []CheckPolicy  `json:"policies"`
	Findings  []CheckFinding `json:"findings"`
	Backtests *Backtests     `json:"backtests,omitempty"`
}

// CheckPolicy is the verdict on one policy.
type CheckPolicy struct {
	ID         string           `json:"id"`
	Holds      bool             `json:"holds"`
	Failures   int              `json:"failures"` // single failures tried
	Violations []CheckViolation `json:"violations"`
}

// CheckViolation is one single failure breaking a policy.
type CheckViolation struct {
	Failure    string        `json:"failure"`
	Customer   string        `json:"customer"`
	State      string        `json:"state"`
	Share      float64       `json:"share,omitempty"` // max_down_share: weight share down
	Path       []string      `json:"path"`            // cut after MaxJSONPath refs
	PathLength int           `json:"path_length,omitempty"`
	Evidence   []HopEvidence `json:"evidence,omitempty"` // as in AffectedNode
	Weakest    string        `json:"weakest,omitempty"`
	// min_availability: the customer's availability and its most probable
	// minimal cut sets (failure is empty).
	Availability float64  `json:"availability,omitempty"`
	CutSets      []CutSet `json:"cut_sets,omitempty"`
}

// CheckFinding is one lint warning.
type CheckFinding struct {
	Rule    string `json:"rule"`
	Node    string `json:"node"`
	Message string `json:"message"`
	File    string `json:"file"`
	Line    int32  `json:"line"`
	Column  int32  `json:"column"`
}

// NewCheck builds the machine form of a check.
func NewCheck(in CheckResults) Check {
	c := Check{Holds: in.Holds(), Policies: []CheckPolicy{}, Findings: []CheckFinding{}}
	for _, r := range in.Policies {
		p := CheckPolicy{ID: r.Policy.ID, Holds: r.Holds(), Failures: r.Failures, Violations: []CheckViolation{}}
		for _, v := range r.Violations {
			cv := CheckViolation{Failure: v.Failure, Customer: v.Customer, State: v.State.String(), Share: v.Share, Availability: v.Availability}
			for _, cs := range v.CutSets {
				cv.CutSets = append(cv.CutSets, CutSet{Refs: cs.Refs, Probability: cs.Probability})
			}
			cv.Path, cv.PathLength, cv.Evidence, cv.Weakest = jsonPath(v.Path)
			p.Violations = append(p.Violations, cv)
		}
		c.Policies = append(c.Policies, p)
	}
	if len(in.Backtests) > 0 {
		bt := NewBacktests(in.Backtests, Thresholds{})
		c.Backtests = &bt
	}
	for _, f := range in.Findings {
		c.Findings = append(c.Findings, CheckFinding{f.Rule, f.Node, f.Message, f.Pos.File, f.Pos.Line, f.Pos.Col})
	}
	return c
}

// WriteCheck writes the verdict on a catalog's policies, its lint findings
// and its backtests as text, JSON or Markdown; WriteSARIF writes it for
// code scanning.
func WriteCheck(w io.Writer, in CheckResults, f Format) error {
	results, findings := in.Policies, in.Findings
	switch f {
	case JSON:
		return writeJSON(w, NewCheck(in))
	case SARIF:
		return fmt.Errorf("report: write SARIF with WriteSARIF")
	}
	var b bytes.Buffer
	md := f == Markdown
	esc := escaper(md)
	var notes citations
	violated := 0
	for _, r := range results {
		if !r.Holds() {
			violated++
		}
	}
	verdict := fmt.Sprintf("%d of %d policies hold", len(results)-violated, len(results))
	if md {
		verdict = "### " + verdict
	}
	if bs := in.Backtests; len(bs) > 0 {
		met := 0
		for _, bt := range bs {
			if bt.Holds() {
				met++
			}
		}
		verdict += fmt.Sprintf("; %d of %s meet their expectations", met, phrase.Count(len(bs), "scenario", "scenarios"))
	}
	fmt.Fprintf(&b, "%s; %s\n", verdict, phrase.Count(len(findings), "lint warning", "lint warnings"))
	writeBacktestLines(&b, in.Backtests, Thresholds{}, md, &notes)
	for _, r := range results {
		mark := "ok  "
		if !r.Holds() {
			mark = "FAIL"
		}
		tried := fmt.Sprintf("%d %s failures tried", r.Failures, level(r.Policy))
		if r.Policy.MinAvailability > 0 {
			tried = phrase.Count(r.Failures, "customer", "customers") + " checked"
		}
		fmt.Fprintf(&b, "\n%s %s: %s (%s, %d violations)\n", bullet(md, mark), esc(r.Policy.ID),
			esc(policyText(r.Policy)), tried, len(r.Violations))
		for k, v := range r.Violations {
			if k == maxShown {
				fmt.Fprintf(&b, "  - … and %d more (see --format json)\n", len(r.Violations)-maxShown)
				break
			}
			fmt.Fprintf(&b, "  - %s\n", esc(violationText(v, &notes)))
		}
	}
	if len(findings) > 0 {
		b.WriteString("\n")
	}
	for _, fd := range findings {
		fmt.Fprintf(&b, "%s %s: %s [%s]\n", bullet(md, "warn"), esc(fd.Pos.String()), esc(fd.Message), fd.Rule)
	}
	notes.write(&b, esc)
	_, err := w.Write(b.Bytes())
	return err
}

func bullet(md bool, mark string) string {
	if md {
		return "- **" + strings.TrimSpace(mark) + "**"
	}
	return mark
}

func level(p *catalog.Policy) catalog.Level {
	if p.MinAvailability > 0 {
		return catalog.LevelCustomer
	}
	if p.MaxDownShare != nil {
		return p.MaxDownShare.Level
	}
	return p.Survive
}

// policyText says what a policy requires.
func policyText(p *catalog.Policy) string {
	if p.MaxDownShare != nil {
		return fmt.Sprintf("no single %s failure takes down more than %s of the weight", p.MaxDownShare.Level, phrase.Percent(p.MaxDownShare.Share))
	}
	who := "all customers"
	if len(p.Select) > 0 {
		var sel []string
		for _, k := range slices.Sorted(maps.Keys(p.Select)) {
			sel = append(sel, k+"="+p.Select[k])
		}
		who = "customers with " + strings.Join(sel, ", ")
	}
	if p.MinAvailability > 0 {
		return fmt.Sprintf("%s are available at least %g of the time", who, p.MinAvailability)
	}
	return fmt.Sprintf("%s stay %s or better through any single %s failure", who, p.Allow, p.Survive)
}

// violationText names the failure, the customer, its state and its cause.
func violationText(v graph.Violation, notes *citations) string {
	if v.Failure == "" {
		return availabilityText(v)
	}
	cause := notes.cause(v.Path)
	if v.Share > 0 {
		return fmt.Sprintf("%s takes down %s of the weight, e.g. %s %s", v.Failure, phrase.Percent(v.Share), v.Customer, cause)
	}
	return fmt.Sprintf("%s: %s is %s %s", v.Failure, v.Customer, v.State, cause)
}

// availabilityText says how available a customer is and what takes it down
// most probably.
func availabilityText(v graph.Violation) string {
	var cuts []string
	for _, cs := range v.CutSets {
		cuts = append(cuts, fmt.Sprintf("%s (%.3g)", strings.Join(cs.Refs, " + "), cs.Probability))
	}
	msg := fmt.Sprintf("%s is available %.6g of the time (%.1f min/year down)", v.Customer, v.Availability, (1-v.Availability)*graph.MinutesPerYear)
	if len(cuts) > 0 {
		msg += "; most probable cut sets: " + strings.Join(cuts, ", ")
	}
	return msg
}
