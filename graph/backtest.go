package graph

import (
	"slices"

	"github.com/blastradius/blastradius/catalog"
)

// Expected is what an expectation asks of a node.
type Expected string

// The expectations a scenario's expect lists ask.
const (
	ExpectDown     Expected = "down"
	ExpectDegraded Expected = "degraded"
	ExpectAffected Expected = "affected" // down or degraded
	ExpectUp       Expected = "up"
)

// holds reports whether a node in state st meets the expectation.
func (x Expected) holds(st catalog.State) bool {
	switch x {
	case ExpectDown:
		return st == catalog.Down
	case ExpectDegraded:
		return st == catalog.Degraded
	case ExpectAffected:
		return st != catalog.Up
	}
	return st == catalog.Up
}

// Backtest is how a scenario's evaluation meets the scenario's
// expectations.
type Backtest struct {
	Scenario   *catalog.Scenario
	Evaluation *Evaluation
	Checked    int     // expectations checked
	Unmet      []Unmet // the expectations that do not hold, in the order written
	// The universe is the nodes of the kinds the expect lists name, less
	// the nodes the scenario sets itself. A true positive is a node that an
	// expect list says goes down, degrades or is affected, and that is
	// affected.
	TruePositives int
	Affected      int // affected nodes of the universe
	Expected      int // nodes expected down, degraded or affected
	// Precision is TruePositives / Affected, Recall TruePositives /
	// Expected; each is 1 when its denominator is 0 (nothing affected,
	// or nothing expected to be).
	Precision, Recall float64
}

// Holds reports whether every expectation holds.
func (b *Backtest) Holds() bool { return len(b.Unmet) == 0 }

// Unmet is an expectation that does not hold: the node, what was expected,
// its actual state and, when it is affected, its cause path.
type Unmet struct {
	Ref  string
	Want Expected
	Got  catalog.State
	Path Path
	Pos  catalog.Pos // where the expectation is written
}

// Backtests runs the catalog's scenarios that carry expect (those named by
// ids when ids is not empty; an unknown id, or one without expect, yields
// an error wrapping catalog.ErrUnknownScenario), in catalog order.
func (g *Graph) Backtests(ids []string) ([]*Backtest, error) {
	var out []*Backtest
	for _, s := range g.cat.Scenarios {
		if s.Expect != nil && (len(ids) == 0 || slices.Contains(ids, s.ID)) {
			b, err := g.Backtest(s)
			if err != nil {
				return nil, err
			}
			out = append(out, b)
		}
	}
	for _, id := range ids {
		s, err := g.cat.LookupScenario(id)
		if err != nil {
			return nil, err
		}
		if s.Expect == nil {
			return nil, &expectError{id}
		}
	}
	return out, nil
}

type expectError struct{ id string }

func (e *expectError) Error() string {
	return "scenario " + e.id + " has no expect: nothing to backtest"
}

func (e *expectError) Is(target error) bool { return target == catalog.ErrUnknownScenario }

// Backtest evaluates one scenario and checks its expectations.
func (g *Graph) Backtest(s *catalog.Scenario) (*Backtest, error) {
	ev, err := g.Evaluate(ScenarioOf(s))
	if err != nil {
		return nil, err
	}
	b := &Backtest{Scenario: s, Evaluation: ev}
	if s.Expect == nil {
		b.Precision, b.Recall = 1, 1
		return b, nil
	}
	kinds := map[catalog.Kind]bool{}
	expected := map[int32]bool{}
	e := s.Expect
	for _, list := range []struct {
		want Expected
		refs []catalog.Reference
	}{{ExpectDown, e.Down}, {ExpectDegraded, e.Degraded}, {ExpectAffected, e.Affected}, {ExpectUp, e.Up}} {
		for _, r := range list.refs {
			i := g.ix.id(r.Ref)
			kinds[g.ix.nodes[i].Kind] = true
			b.Checked++
			if list.want != ExpectUp {
				expected[i] = true
			}
			if st := ev.state[i]; !list.want.holds(st) {
				u := Unmet{Ref: r.Ref, Want: list.want, Got: st, Pos: r.Pos}
				if st != catalog.Up {
					u.Path = Path{ev.causes(), i}
				}
				b.Unmet = append(b.Unmet, u)
			}
		}
	}
	set := map[int32]bool{}
	for _, ref := range append(ev.scenario.Fail, ev.scenario.Degrade...) {
		set[g.ix.id(ref)] = true
	}
	for _, i := range ev.affected {
		if !kinds[g.ix.nodes[i].Kind] || set[i] {
			continue
		}
		b.Affected++
		if expected[i] {
			b.TruePositives++
		}
	}
	for i := range expected {
		if !set[i] {
			b.Expected++
		}
	}
	b.Precision, b.Recall = ratio(b.TruePositives, b.Affected), ratio(b.TruePositives, b.Expected)
	return b, nil
}

// ratio is n/d, or 1 when d is 0.
func ratio(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}
