package report

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
)

// Document is everything the HTML and Markdown reports of a catalog show,
// computed once.
type Document struct {
	Title     string
	Catalog   *catalog.Catalog
	Weight    float64 // total customer weight
	Customers int
	Worst     []graph.Outcome // the three worst single failures of any level
	Ranks     []LevelRank     // per level, the single failures ranked
	Providers *graph.Concentration
	Regions   *graph.Concentration
	Heatmap   *graph.Exposure // customers × regions
	SPOFs     []graph.SPOF    // most exposed customers first
	Scenarios []ScenarioSection
	Policies  []graph.PolicyResult
	Backtests []*graph.Backtest // the scenarios that carry expect
	Findings  []graph.Finding
	Risk      *graph.Risk // nil when no node has an availability
}

// LevelRank is the ranking of one level's single failures.
type LevelRank struct {
	Level   catalog.Level
	Results []graph.Outcome
}

// ScenarioSection is one named scenario: its evaluation and its diagram.
type ScenarioSection struct {
	Scenario   *catalog.Scenario
	Evaluation *graph.Evaluation
	SVG        []byte // the diagram as an SVG document, for File
	Element    []byte // the diagram as an <svg> element, for the HTML page
	File       string // the diagram's file name beside the report
}

// Drawing is one diagram in the two forms the report uses.
type Drawing struct {
	// SVG is a standalone SVG document, written beside the report.
	SVG []byte
	// Element is the same picture as an <svg> element to embed in the
	// HTML page, as render.SVGElement makes it: no prolog, doctype or
	// comments, and every id, and every reference to one, starting with
	// the prefix the report passed the Diagram.
	Element []byte
}

// Diagram draws an evaluation, once, in both forms. idPrefix, such as
// "s1-", is unique to the diagram within the page and made of ASCII
// letters, digits and '-'; it sets the ids of the drawing's Element apart
// from those of the page and of the other diagrams. The report package
// draws nothing itself: the caller passes a renderer in.
type Diagram func(ev *graph.Evaluation, idPrefix string) (Drawing, error)

// NewDocument runs every analysis the report shows.
func NewDocument(g *graph.Graph, title string, diagram Diagram, progress graph.Progress) (*Document, error) {
	cat := g.Catalog()
	d := &Document{Title: title, Catalog: cat}
	steps := 9 + len(cat.Scenarios)
	step := 0
	next := func() {
		step++
		if progress != nil {
			progress(step, steps)
		}
	}
	for _, level := range []catalog.Level{catalog.LevelProvider, catalog.LevelRegion, catalog.LevelZone, catalog.LevelService} {
		r, err := g.Rank(level, nil)
		if err != nil {
			return nil, err
		}
		d.Ranks = append(d.Ranks, LevelRank{level, r})
		d.Worst = append(d.Worst, r...)
		next()
	}
	slices.SortFunc(d.Worst, func(a, b graph.Outcome) int {
		return cmp.Or(cmp.Compare(b.WeightDown, a.WeightDown), cmp.Compare(b.Down, a.Down), cmp.Compare(b.Degraded, a.Degraded), cmp.Compare(a.Ref, b.Ref))
	})
	d.Worst = d.Worst[:min(3, len(d.Worst))]
	var err error
	if d.Providers, err = g.Concentration(catalog.LevelProvider, nil); err != nil {
		return nil, err
	}
	next()
	if d.Regions, err = g.Concentration(catalog.LevelRegion, nil); err != nil {
		return nil, err
	}
	next()
	if d.Heatmap, err = g.Exposure(catalog.LevelRegion); err != nil {
		return nil, err
	}
	next()
	if d.SPOFs, err = g.SPOFs(nil, 1, nil); err != nil {
		return nil, err
	}
	weight := map[string]float64{}
	for _, c := range cat.Customers {
		weight[c.ID] = c.Weight
		d.Weight += c.Weight
		d.Customers++
	}
	slices.SortStableFunc(d.SPOFs, func(a, b graph.SPOF) int {
		return cmp.Or(cmp.Compare(b.Singles.Len(), a.Singles.Len()), cmp.Compare(weight[b.Customer], weight[a.Customer]), cmp.Compare(a.Customer, b.Customer))
	})
	next()
	if d.Policies, err = g.CheckPolicies(nil, nil); err != nil {
		return nil, err
	}
	d.Findings = g.Lint()
	if d.Backtests, err = g.Backtests(nil); err != nil {
		return nil, err
	}
	if slices.ContainsFunc(cat.Nodes(), func(n *catalog.Node) bool { return n.Unavailability > 0 }) {
		if d.Risk, err = g.Risk(graph.RiskOptions{CutSets: 1}); err != nil {
			return nil, err
		}
	}
	next()
	for k, s := range cat.Scenarios {
		ev, err := g.Evaluate(graph.ScenarioOf(s))
		if err != nil {
			return nil, err
		}
		// The prefix comes from the scenario's position, never from the
		// catalog: s1-, s2-, ..., none the start of another or of a
		// section's or scenario's anchor.
		dr, err := diagram(ev, fmt.Sprintf("s%d-", k+1))
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", s.ID, err)
		}
		d.Scenarios = append(d.Scenarios, ScenarioSection{Scenario: s, Evaluation: ev, SVG: dr.SVG, Element: dr.Element,
			File: fmt.Sprintf("scenario-%02d.svg", k+1)})
		next()
	}
	return d, nil
}
