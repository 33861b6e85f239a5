package report

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"html"
	"html/template"
	"io"
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
)

// maxRows is how many rows a report table shows before it says how many
// more there are; maxHeatmapRows is the same for the heatmap.
const (
	maxRows        = 50
	maxChartBars   = 10
	maxHeatmapRows = 60
)

//go:embed templates/report.html
var reportHTML string

var htmlTemplate = template.Must(template.New("report").Parse(reportHTML))

// WriteHTML writes the report as one self-contained HTML page: inline CSS
// and SVG, no script, no external request (its Content-Security-Policy
// forbids them too). Every catalog string is escaped by html/template or,
// inside the diagrams, by Graphviz.
func WriteHTML(w io.Writer, d *Document) error {
	var b bytes.Buffer
	if err := htmlTemplate.Execute(&b, newView(d)); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// view is the report with every value formatted for the page.
type view struct {
	Title, CatalogLine, TotalWeight string
	Worst                           []card
	Counts                          [][2]string
	Providers                       []providerRow
	Ranks                           []rankView
	Concentration                   []concentrationView
	Hidden                          []hiddenRow
	HiddenMore                      string
	Heatmap                         template.HTML
	HeatmapMore                     string
	SPOFs                           []spofRow
	SPOFsMore                       string
	Scenarios                       []scenarioView
	Policies                        []policyView
	Findings                        []findingRow
	FindingsMore                    string
	Backtests                       []backtestView
	BacktestTotals                  string
	Risk                            *riskView
}

// riskView is the Risk section: the customers with the most expected
// downtime, the importance ranking as bars, what to improve first.
type riskView struct {
	Method, Total string
	Customers     []riskRow
	Chart         template.HTML
	WhatIf        [][2]string
}

type riskRow struct{ Ref, Unavailability, Minutes, CutSet string }

type backtestView struct {
	ID, Class, Verdict, Scores string
	Sources                    []source
	Unmet                      []unmetRow
}

type unmetRow struct{ Ref, Want, State, Path string }

type card struct{ Ref, Share, Down, Degraded string }

type providerRow struct {
	ID, Name                 string
	Regions, Zones, Services int
}

type rankView struct {
	Level       catalog.Level
	Title, More string
	Chart       template.HTML
	Rows        []rankRow
}

type rankRow struct{ Rank, Ref, Down, Degraded, WeightDown, Share string }

type concentrationView struct {
	By, HHI, More, Spread string
	Rows                  []concentrationRow
}

type concentrationRow struct{ Ref, Down, Direct, Hidden, Amplification, Share, Degraded, Users string }

type hiddenRow struct{ Level, Ref, Down, Direct, Hidden, Amplification, Carriers string }

type spofRow struct{ Customer, Count, List string }

type scenarioView struct {
	ID, Anchor, Title, Summary, File, More string
	SVG                                    template.HTML
	Rows                                   []affectedRow
}

type affectedRow struct {
	Ref, Kind, State, Path string
	Evidence               []source // the sources behind the hops shown
}

// source is one source of evidence: a link when it is a web address.
type source struct {
	Text string
	URL  template.URL // "" unless Text is an http or https address
}

type policyView struct {
	ID, Verdict, Class, Text, More string
	Failures, Count                string
	Rows                           []violationRow
}

type violationRow struct{ Failure, Customer, State, Share, Path string }

type findingRow struct{ Where, Message string }

func newView(d *Document) view {
	v := view{Title: d.Title, TotalWeight: phrase.Decimal(d.Weight),
		CatalogLine: fmt.Sprintf("%s, %s and %s", phrase.Count(d.Customers, "customer", "customers"),
			phrase.Count(len(d.Catalog.Providers), "provider", "providers"), phrase.Count(len(d.Catalog.Scenarios), "scenario", "scenarios"))}
	for _, w := range d.Worst {
		v.Worst = append(v.Worst, card{w.Ref, phrase.Percent(w.WeightDownShare), phrase.Number(w.Down), phrase.Number(w.Degraded)})
	}
	v.Counts, v.Providers = catalogCounts(d.Catalog)
	for _, r := range d.Ranks {
		v.Ranks = append(v.Ranks, newRankView(r))
	}
	for _, c := range []*graph.Concentration{d.Providers, d.Regions} {
		v.Concentration = append(v.Concentration, newConcentrationView(c))
	}
	v.Hidden, v.HiddenMore = hiddenRows(d.Providers, d.Regions)
	v.Heatmap, v.HeatmapMore = heatmap(d.Heatmap)
	for k, s := range d.SPOFs {
		if s.Singles.Len() == 0 {
			v.SPOFsMore = fmt.Sprintf("%s with no single point of failure not shown.", phrase.Count(len(d.SPOFs)-k, "customer", "customers"))
			break
		}
		if k == maxRows {
			v.SPOFsMore = fmt.Sprintf("%s more customers not shown (see blastradius spof --format json).", phrase.Number(len(d.SPOFs)-maxRows))
			break
		}
		v.SPOFs = append(v.SPOFs, spofRow{s.Customer, phrase.Number(s.Singles.Len()), listRefs(s.Singles)})
	}
	for _, s := range d.Scenarios {
		v.Scenarios = append(v.Scenarios, newScenarioView(s))
	}
	for _, r := range d.Policies {
		v.Policies = append(v.Policies, newPolicyView(r))
	}
	v.Backtests, v.BacktestTotals = backtestViews(d.Backtests)
	if d.Risk != nil {
		v.Risk = newRiskView(d.Risk)
	}
	for k, f := range d.Findings {
		if k == maxRows {
			v.FindingsMore = fmt.Sprintf("%s more warnings not shown (see blastradius check --format json).", phrase.Number(len(d.Findings)-maxRows))
			break
		}
		v.Findings = append(v.Findings, findingRow{f.Pos.String(), f.Message})
	}
	return v
}

// catalogCounts counts the catalog's nodes by kind and describes each
// provider.
func catalogCounts(cat *catalog.Catalog) ([][2]string, []providerRow) {
	kinds := map[string]int{}
	for _, n := range cat.Nodes() {
		k := n.Kind.String()
		switch {
		case n.View:
			k = "regional view of a zonal service"
		case n.Kind == catalog.KindService:
			k = "service instance"
		}
		kinds[k]++
	}
	var counts [][2]string
	for _, k := range [][2]string{{"provider", "providers"}, {"region", "regions"}, {"zone", "zones"}, {"service instance", "service instances"},
		{"regional view of a zonal service", "regional views of zonal services"}, {"customer", "customers"}} {
		counts = append(counts, [2]string{k[1], phrase.Number(kinds[k[0]])})
	}
	counts = append(counts, [2]string{"scenarios", phrase.Number(len(cat.Scenarios))}, [2]string{"policies", phrase.Number(len(cat.Policies))})
	var provs []providerRow
	for _, p := range cat.Providers {
		zones := 0
		for _, r := range p.Regions {
			zones += len(r.Zones)
		}
		provs = append(provs, providerRow{p.ID, p.Name, len(p.Regions), zones, len(p.Services)})
	}
	return counts, provs
}

func newRankView(r LevelRank) rankView {
	rv := rankView{Level: r.Level, Title: fmt.Sprintf("%s failures (%s)", titleCase(string(r.Level)), phrase.Number(len(r.Results)))}
	for k, res := range r.Results {
		if k == maxRows {
			rv.More = fmt.Sprintf("%s more not shown (see blastradius rank --scope %s --format json).", phrase.Number(len(r.Results)-maxRows), r.Level)
			break
		}
		rv.Rows = append(rv.Rows, rankRow{phrase.Number(k + 1), res.Ref, phrase.Number(res.Down), phrase.Number(res.Degraded), phrase.Decimal(res.WeightDown), phrase.Percent(res.WeightDownShare)})
	}
	rv.Chart = barChart(r.Results[:min(maxChartBars, len(r.Results))])
	return rv
}

// barChart draws the share of weight each failure takes down, as inline SVG.
// chartBar is one row of a bar chart: its label, the bar filled to frac,
// and a note after it.
type chartBar struct {
	label string
	frac  float64
	note  string
}

// chart draws bars as inline SVG: each label right aligned before its bar
// with its full text as a tooltip, a grey track of width barW, the bar in
// fill and stroke, and the note in noteW after it. Every text is escaped.
func chart(aria string, barW, noteW float64, fill, stroke string, bars []chartBar) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	const rowH = 22.0
	longest := 0
	for _, r := range bars {
		longest = max(longest, len(r.label))
	}
	labelW := min(7.0*float64(longest)+16, 420)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-label="%s" width="100%%" viewBox="0 0 %.0f %.0f" preserveAspectRatio="xMinYMin meet">`,
		html.EscapeString(aria), labelW+barW+noteW, rowH*float64(len(bars))+8)
	for k, r := range bars {
		y := float64(k)*rowH + 4
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="end">%s<title>%s</title></text>`, labelW-8, y+15, html.EscapeString(shorten(r.label, 60)), html.EscapeString(r.label))
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" fill="#EEEEEE"/>`, labelW, y+3, barW, rowH-6)
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" fill="%s" stroke="%s"/>`, labelW, y+3, barW*r.frac, rowH-6, fill, stroke)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f">%s</text>`, labelW+barW+8, y+15, html.EscapeString(r.note))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// barChart draws the share of weight each failure takes down.
func barChart(results []graph.Outcome) template.HTML {
	bars := make([]chartBar, len(results))
	for k, r := range results {
		bars[k] = chartBar{r.Ref, r.WeightDownShare,
			fmt.Sprintf("%s · %s down, %s degraded", phrase.Percent(r.WeightDownShare), phrase.Number(r.Down), phrase.Number(r.Degraded))}
	}
	return chart("share of weight down per failure", 420, 300, "#D55E00", "#5C2800", bars)
}

func newConcentrationView(c *graph.Concentration) concentrationView {
	spread := dependenceSpread(c.Customers) // the provider line, then the region line
	line := spread[0]
	if c.By == catalog.LevelRegion {
		line = spread[1]
	}
	cv := concentrationView{By: string(c.By), HHI: phrase.Number(int(math.Round(c.HHI))), Spread: line + "."}
	for k, e := range c.Entries {
		if k == maxRows {
			cv.More = fmt.Sprintf("%s more not shown.", phrase.Number(len(c.Entries)-maxRows))
			break
		}
		cv.Rows = append(cv.Rows, concentrationRow{e.Ref, phrase.Number(e.Down), phrase.Number(e.Direct), phrase.Number(e.Hidden),
			phrase.Factor(e.Amplification()), phrase.Percent(e.WeightDownShare), phrase.Number(e.Degraded), phrase.Number(e.Users)})
	}
	return cv
}

// hiddenRows lists the providers and regions with hidden dependence, the
// most hidden customers first, each with what carries it.
func hiddenRows(cs ...*graph.Concentration) ([]hiddenRow, string) {
	var entries []graph.Dependence
	level := map[string]catalog.Level{}
	for _, c := range cs {
		for _, e := range c.Entries {
			level[e.Ref] = c.By
		}
		entries = append(entries, c.Entries...)
	}
	hidden := mostHidden(entries)
	var rows []hiddenRow
	for k, e := range hidden {
		if k == maxRows {
			return rows, fmt.Sprintf("%s more not shown (see blastradius concentration --format json).", phrase.Number(len(hidden)-maxRows))
		}
		rows = append(rows, hiddenRow{string(level[e.Ref]), e.Ref, phrase.Number(e.Down), phrase.Number(e.Direct), phrase.Number(e.Hidden),
			phrase.Factor(e.Amplification()), carriedBy(e)})
	}
	return rows, ""
}

// heatmap draws customers × failures as an SVG grid: a coloured cell with
// a glyph (× down, ~ degraded), so it reads without colour too.
func heatmap(e *graph.Exposure) (template.HTML, string) {
	rows := e.Customers[:min(maxHeatmapRows, len(e.Customers))]
	more := ""
	if len(e.Customers) > len(rows) {
		more = fmt.Sprintf("%s less exposed customers not shown.", phrase.Number(len(e.Customers)-len(rows)))
	}
	if len(rows) == 0 || len(e.Failures) == 0 {
		return "", more
	}
	const labelW, cell = 220.0, 20.0
	longest := 0
	for _, f := range e.Failures {
		longest = max(longest, len(f))
	}
	headH := 7.0*float64(longest) + 12
	w := labelW + cell*float64(len(e.Failures)) + 8
	h := headH + cell*float64(len(rows)) + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-label="customer state per region failure" width="%.0f" viewBox="0 0 %.0f %.0f">`, w, w, h)
	for k, f := range e.Failures {
		x := labelW + cell*float64(k) + cell/2
		fmt.Fprintf(&b, `<text transform="translate(%.1f %.0f) rotate(-90)">%s</text>`, x+4, headH-4, html.EscapeString(f))
	}
	for r, c := range rows {
		y := headH + cell*float64(r)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="end">%s</text>`, labelW-6, y+13, html.EscapeString(c.Customer))
		for k, st := range c.States {
			fill, glyph := "#EEEEEE", ""
			switch st {
			case catalog.Down:
				fill, glyph = "#D55E00", "×"
			case catalog.Degraded:
				fill, glyph = "#F0E442", "~"
			}
			x := labelW + cell*float64(k)
			fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.0f" height="%.0f" fill="%s" stroke="#FFFFFF"><title>%s, %s fails: %s</title></rect>`,
				x, y, cell, cell, fill, html.EscapeString(c.Customer), html.EscapeString(e.Failures[k]), st)
			if glyph != "" {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x+cell/2, y+13, glyph)
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), more
}

func newScenarioView(s ScenarioSection) scenarioView {
	sc := s.Evaluation.Scenario()
	title := sc.Title()
	if sc.Name != "" {
		title += ": " + sc.Name
	}
	sv := scenarioView{ID: sc.ID, Anchor: "scenario-" + sc.ID, Title: title, File: s.File,
		Summary: s.Evaluation.Summary().String() + ".", SVG: template.HTML(s.Element)}
	affected := s.Evaluation.Affected()
	slices.SortStableFunc(affected, func(a, b graph.Affected) int { // customers first
		return cmp.Compare(kindOrder(a.Node), kindOrder(b.Node))
	})
	for k, a := range affected {
		if k == maxRows {
			sv.More = fmt.Sprintf("%s more affected nodes not shown (see blastradius impact --scenario %s --format json).", phrase.Number(len(affected)-maxRows), sc.ID)
			break
		}
		sv.Rows = append(sv.Rows, affectedRow{a.Node.Ref, a.Node.Kind.String(), a.State.String(), causeOf(a.Path), sources(a.Path)})
	}
	return sv
}

func newPolicyView(r graph.PolicyResult) policyView {
	pv := policyView{ID: r.Policy.ID, Verdict: "holds", Class: "ok", Text: titleCase(policyText(r.Policy)) + ".",
		Failures: failuresTried(r), Count: phrase.Count(len(r.Violations), "violation", "violations")}
	if !r.Holds() {
		pv.Verdict, pv.Class = "violated", "fail"
	}
	for k, v := range r.Violations {
		if k == maxRows {
			pv.More = fmt.Sprintf("%s more violations not shown (see blastradius check --format json).", phrase.Number(len(r.Violations)-maxRows))
			break
		}
		row := violationRow{v.Failure, v.Customer, v.State.String(), "", causeOf(v.Path)}
		switch {
		case r.Policy.MaxDownShare != nil:
			row.Share = phrase.Percent(v.Share)
		case v.Failure == "": // min_availability
			row = violationRow{"-", v.Customer, fmt.Sprintf("available %.6g", v.Availability), "", availabilityText(v)}
		}
		pv.Rows = append(pv.Rows, row)
	}
	return pv
}

// kindOrder puts customers before infrastructure.
func kindOrder(n *catalog.Node) int {
	if n.Kind == catalog.KindCustomer {
		return 0
	}
	return 1
}

// shorten cuts s to n runes with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// newSource makes a source a link when it is an http or https address.
func newSource(s string) source {
	src := source{Text: s}
	if u, err := url.Parse(s); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		src.URL = template.URL(u.String())
	}
	return src
}

// sources lists, without repeats and in path order, the sources of the
// evidence behind the hops of a path that people are shown.
func sources(p graph.Path) []source {
	head, tail, _ := p.Shown()
	var out []source
	seen := map[string]bool{}
	for _, h := range append(head, tail...) {
		for _, s := range h.Evidence.Source {
			if seen[s] {
				continue
			}
			seen[s] = true
			out = append(out, newSource(s))
		}
	}
	return out
}

// backtestViews formats the backtests, and a line of totals.
func backtestViews(bs []*graph.Backtest) ([]backtestView, string) {
	m := NewBacktests(bs, Thresholds{})
	var out []backtestView
	for k, s := range m.Scenarios {
		v := backtestView{ID: s.ID, Class: "ok", Verdict: "holds",
			Scores: fmt.Sprintf("%s; precision %.2f (%s of %s affected nodes were expected), recall %.2f (%s of %s expected nodes are affected).",
				phrase.Count(s.Checked, "expectation", "expectations"), s.Precision, phrase.Number(s.TruePositives), phrase.Number(s.Affected),
				s.Recall, phrase.Number(s.TruePositives), phrase.Number(s.Expected))}
		if !s.Holds {
			v.Class, v.Verdict = "fail", fmt.Sprintf("%d unmet", len(s.Unmet))
		}
		for _, src := range s.Source {
			v.Sources = append(v.Sources, newSource(src))
		}
		for _, u := range bs[k].Unmet {
			v.Unmet = append(v.Unmet, unmetRow{u.Ref, string(u.Want), u.Got.String(), causeOf(u.Path)})
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, ""
	}
	return out, fmt.Sprintf("Over all %s: precision %.2f, recall %.2f.", phrase.Count(len(out), "scenario", "scenarios"), m.Precision, m.Recall)
}

// failuresTried says what a policy check tried: single failures, or the
// customers whose availability it checked.
func failuresTried(r graph.PolicyResult) string {
	if r.Policy.MinAvailability > 0 {
		return phrase.Count(r.Failures, "customer", "customers")
	}
	return phrase.Count(r.Failures, "single failure", "single failures")
}
