package report

import (
	"bytes"
	"fmt"
	"io"

	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
)

// Thresholds are the least precision and recall each backtest must reach.
type Thresholds struct {
	Precision, Recall float64
}

// Misses reports whether a backtest misses the thresholds.
func (t Thresholds) Misses(b *graph.Backtest) bool {
	return b.Precision < t.Precision || b.Recall < t.Recall
}

// Backtests is the machine form of backtests: per scenario, and the totals
// over all of them (true positives, affected and expected nodes summed).
type Backtests struct {
	Holds     bool               `json:"holds"` // every expectation holds and every threshold is met
	Precision float64            `json:"precision"`
	Recall    float64            `json:"recall"`
	Scenarios []BacktestScenario `json:"scenarios"`
}

// BacktestScenario is the backtest of one scenario.
type BacktestScenario struct {
	ID            string             `json:"id"`
	Source        []string           `json:"source"`
	Holds         bool               `json:"holds"` // its expectations hold and it meets the thresholds
	Checked       int                `json:"checked"`
	Precision     float64            `json:"precision"`
	Recall        float64            `json:"recall"`
	TruePositives int                `json:"true_positives"`
	Affected      int                `json:"affected"`
	Expected      int                `json:"expected"`
	Unmet         []UnmetExpectation `json:"unmet"`
}

// UnmetExpectation is an expectation that does not hold, with the node's
// state and, when it is affected, its cause path.
type UnmetExpectation struct {
	Ref        string        `json:"ref"`
	Want       string        `json:"want"` // down, degraded, affected or up
	State      string        `json:"state"`
	Path       []string      `json:"path"`
	PathLength int           `json:"path_length,omitempty"`
	Evidence   []HopEvidence `json:"evidence,omitempty"`
	Weakest    string        `json:"weakest,omitempty"`
}

// NewBacktests builds the machine form of backtests.
func NewBacktests(bs []*graph.Backtest, t Thresholds) Backtests {
	out := Backtests{Holds: true, Scenarios: []BacktestScenario{}}
	var tp, affected, expected int
	for _, b := range bs {
		s := BacktestScenario{ID: b.Scenario.ID, Source: nonNil(b.Scenario.Source), Holds: b.Holds() && !t.Misses(b), Checked: b.Checked,
			Precision: b.Precision, Recall: b.Recall, TruePositives: b.TruePositives, Affected: b.Affected, Expected: b.Expected,
			Unmet: []UnmetExpectation{}}
		for _, u := range b.Unmet {
			x := UnmetExpectation{Ref: u.Ref, Want: string(u.Want), State: u.Got.String()}
			x.Path, x.PathLength, x.Evidence, x.Weakest = jsonPath(u.Path)
			s.Unmet = append(s.Unmet, x)
		}
		out.Holds = out.Holds && s.Holds
		tp, affected, expected = tp+b.TruePositives, affected+b.Affected, expected+b.Expected
		out.Scenarios = append(out.Scenarios, s)
	}
	out.Precision, out.Recall = ratio(tp, affected), ratio(tp, expected)
	return out
}

// ratio is n/d, or 1 when d is 0 (nothing to get wrong).
func ratio(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

// WriteBacktests writes backtests as text, JSON or Markdown: per scenario
// whether its expectations hold, its precision and recall, and every
// expectation that fails with the node's state and cause path; then the
// totals.
func WriteBacktests(w io.Writer, bs []*graph.Backtest, t Thresholds, f Format) error {
	m := NewBacktests(bs, t)
	if f == JSON {
		return writeJSON(w, m)
	}
	var b bytes.Buffer
	md := f == Markdown
	held := 0
	for _, s := range m.Scenarios {
		if s.Holds {
			held++
		}
	}
	head := fmt.Sprintf("Backtests: %d of %s hold; over all, precision %.2f, recall %.2f", held,
		phrase.Count(len(m.Scenarios), "scenario", "scenarios"), m.Precision, m.Recall)
	if md {
		head = "### " + head
	}
	b.WriteString(head + "\n")
	var notes citations
	writeBacktestLines(&b, bs, t, md, &notes)
	notes.write(&b, escaper(md))
	_, err := w.Write(b.Bytes())
	return err
}

// writeBacktestLines writes a line per backtest, then a line per
// expectation it fails.
func writeBacktestLines(b *bytes.Buffer, bs []*graph.Backtest, t Thresholds, md bool, notes *citations) {
	esc := escaper(md)
	for k, s := range NewBacktests(bs, t).Scenarios {
		mark := "ok  "
		if !s.Holds {
			mark = "FAIL"
		}
		fmt.Fprintf(b, "\n%s %s: %s, %d unmet; precision %.2f (%s of %s affected were expected), recall %.2f (%s of %s expected are affected)%s\n",
			bullet(md, mark), esc(s.ID), phrase.Count(s.Checked, "expectation", "expectations"), len(s.Unmet),
			s.Precision, phrase.Number(s.TruePositives), phrase.Number(s.Affected),
			s.Recall, phrase.Number(s.TruePositives), phrase.Number(s.Expected), below(bs[k], t))
		for _, u := range bs[k].Unmet {
			line := fmt.Sprintf("%s: expected %s, is %s", u.Ref, u.Want, u.Got)
			if u.Path.Len() > 1 {
				line += " " + notes.cause(u.Path)
			}
			fmt.Fprintf(b, "  - %s\n", esc(line))
		}
	}
}

// below says which threshold a backtest misses, or "".
func below(b *graph.Backtest, t Thresholds) string {
	switch {
	case b.Precision < t.Precision && b.Recall < t.Recall:
		return fmt.Sprintf(" — below the thresholds (precision %.2f, recall %.2f)", t.Precision, t.Recall)
	case b.Precision < t.Precision:
		return fmt.Sprintf(" — below the precision threshold %.2f", t.Precision)
	case b.Recall < t.Recall:
		return fmt.Sprintf(" — below the recall threshold %.2f", t.Recall)
	}
	return ""
}
