package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
)

// Risk is the machine form of a risk analysis.
type Risk struct {
	Method                   string           `json:"method"`
	DegradedAsDown           bool             `json:"degraded_as_down"` // the figures count degraded customers as out
	Customers                []CustomerRisk   `json:"customers"`
	Importance               []RiskImportance `json:"importance"`
	WhatIf                   []Improvement    `json:"what_if"`
	ExpectedWeightedDowntime float64          `json:"expected_weighted_downtime_minutes_per_year"`
}

// CustomerRisk is one customer's unavailability in the machine form.
type CustomerRisk struct {
	Ref             string      `json:"ref"`
	Unavailability  float64     `json:"unavailability"`
	DowntimeMinutes float64     `json:"downtime_minutes_per_year"`
	Method          string      `json:"method"`
	Interval        *[2]float64 `json:"interval,omitempty"` // Monte Carlo: the 95% interval
	CutSets         []CutSet    `json:"cut_sets"`
}

// CutSet is a minimal cut set in the machine form.
type CutSet struct {
	Refs        []string `json:"refs"`
	Probability float64  `json:"probability"`
}

// RiskImportance is one basic event's importance; a ratio with a zero
// denominator is null.
type RiskImportance struct {
	Ref           string   `json:"ref"`
	Birnbaum      float64  `json:"birnbaum"`
	FussellVesely *float64 `json:"fussell_vesely"`
	RAW           *float64 `json:"raw"`
	RRW           *float64 `json:"rrw"`
	// Availability is the event's availability as the catalog gives it
	// (absent when the node's probability was set in code), with its
	// provenance.
	Availability *float64 `json:"availability,omitempty"`
	Confidence   string   `json:"confidence,omitempty"`
	Source       []string `json:"source,omitempty"`
}

// Improvement is one entry of the what-if list in the machine form.
type Improvement struct {
	Ref     string  `json:"ref"`
	Minutes float64 `json:"minutes_per_year"`
}

// WriteRisk writes a risk analysis: JSON with every requested customer
// and event; text and Markdown with the top customers by expected
// downtime, the top events by Birnbaum importance, and the what-if list.
func WriteRisk(w io.Writer, r *graph.Risk, f Format, top int) error {
	if f == JSON {
		return writeJSON(w, riskJSON(r))
	}
	customers := byDowntime(r.Customers)
	t := &table{
		title: fmt.Sprintf("Risk (%s%s): expected weighted downtime %s min/year over %s", r.Method, degradedNote(r),
			minutes(r.ExpectedWeightedDowntime), phrase.Count(len(r.Customers), "customer", "customers")),
		header: []string{"customer", "unavailability", "min/year", "most probable cut set"},
		right:  []bool{false, true, true, false},
	}
	for _, c := range customers[:min(top, len(customers))] {
		cut := "-"
		if len(c.CutSets) > 0 {
			cut = strings.Join(c.CutSets[0].Refs, " + ") + fmt.Sprintf(" (%.3g)", c.CutSets[0].Probability)
		}
		u := fmt.Sprintf("%.3g", c.Unavailability)
		if c.Method == graph.MethodMonteCarlo {
			u += fmt.Sprintf(" [%.3g, %.3g]", c.Interval[0], c.Interval[1])
		}
		t.add(c.Ref, u, minutes(c.DowntimeMinutes), cut)
	}
	if len(customers) > top {
		t.notes = append(t.notes, fmt.Sprintf("… and %s more (--top)", phrase.Number(len(customers)-top)))
	}
	imp := &table{
		title:  "Importance of each basic event (summed over customers by weight)",
		header: []string{"event", "availability", "Birnbaum", "Fussell-Vesely", "RAW", "RRW"},
		right:  []bool{false, false, true, true, true, true},
	}
	for _, i := range r.Importance[:min(top, len(r.Importance))] {
		imp.add(i.Ref, givenAvailability(i.Availability), fmt.Sprintf("%.3g", i.Birnbaum), ratioText(i.FussellVesely), ratioText(i.RAW), ratioText(i.RRW))
	}
	what := &table{
		title:  "Where to add redundancy first: downtime removed if the node never failed",
		header: []string{"node", "min/year removed"},
		right:  []bool{false, true},
	}
	for _, i := range r.WhatIf {
		what.add(i.Ref, minutes(i.Minutes))
	}
	for _, tb := range []*table{t, imp, what} {
		if err := tb.write(w, f); err != nil {
			return err
		}
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
	}
	return nil
}

// givenAvailability is an availability as the catalog wrote it, with its
// confidence when it has one: "0.9995 (inferred)".
func givenAvailability(a *catalog.Availability) string {
	switch {
	case a == nil:
		return ""
	case a.Confidence == catalog.Unknown:
		return a.String()
	}
	return a.String() + " (" + a.Confidence.String() + ")"
}

// degradedNote says so when the figures count degraded customers as down.
func degradedNote(r *graph.Risk) string {
	if r.DegradedAsDown {
		return "; degraded counts as down"
	}
	return ""
}

func minutes(m float64) string { return phrase.Decimal(m) }

func ratioText(x float64) string {
	if math.IsInf(x, 0) {
		return "∞"
	}
	return fmt.Sprintf("%.3g", x)
}

func finite(x float64) *float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return nil
	}
	return &x
}

func riskJSON(r *graph.Risk) Risk {
	out := Risk{Method: r.Method, DegradedAsDown: r.DegradedAsDown, ExpectedWeightedDowntime: r.ExpectedWeightedDowntime,
		Customers: []CustomerRisk{}, Importance: []RiskImportance{}, WhatIf: []Improvement{}}
	for _, c := range r.Customers {
		j := CustomerRisk{Ref: c.Ref, Unavailability: c.Unavailability, DowntimeMinutes: c.DowntimeMinutes,
			Method: c.Method, CutSets: []CutSet{}}
		if c.Method == graph.MethodMonteCarlo {
			iv := c.Interval
			j.Interval = &iv
		}
		for _, cs := range c.CutSets {
			j.CutSets = append(j.CutSets, CutSet{Refs: cs.Refs, Probability: cs.Probability})
		}
		out.Customers = append(out.Customers, j)
	}
	for _, i := range r.Importance {
		ri := RiskImportance{Ref: i.Ref, Birnbaum: i.Birnbaum,
			FussellVesely: finite(i.FussellVesely), RAW: finite(i.RAW), RRW: finite(i.RRW)}
		if a := i.Availability; a != nil {
			ri.Availability, ri.Source = &a.Up, a.Source
			if a.Confidence != catalog.Unknown {
				ri.Confidence = a.Confidence.String()
			}
		}
		out.Importance = append(out.Importance, ri)
	}
	for _, i := range r.WhatIf {
		out.WhatIf = append(out.WhatIf, Improvement(i))
	}
	return out
}

// maxRiskRows bounds the customers and events the report lists.
const maxRiskRows = 10

func newRiskView(r *graph.Risk) *riskView {
	v := &riskView{Method: r.Method, Total: minutes(r.ExpectedWeightedDowntime)}
	for _, c := range byDowntime(r.Customers)[:min(maxRiskRows, len(r.Customers))] {
		cut := ""
		if len(c.CutSets) > 0 {
			cut = strings.Join(c.CutSets[0].Refs, " + ")
		}
		v.Customers = append(v.Customers, riskRow{c.Ref, fmt.Sprintf("%.3g", c.Unavailability), minutes(c.DowntimeMinutes), cut})
	}
	v.Chart = importanceChart(r.Importance[:min(maxRiskRows, len(r.Importance))])
	for _, w := range r.WhatIf {
		v.WhatIf = append(v.WhatIf, [2]string{w.Ref, minutes(w.Minutes)})
	}
	return v
}

// byDowntime sorts customers by expected downtime, most first, then ref.
func byDowntime(cs []graph.CustomerRisk) []graph.CustomerRisk {
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(a, b graph.CustomerRisk) int {
		if a.DowntimeMinutes != b.DowntimeMinutes {
			if a.DowntimeMinutes > b.DowntimeMinutes {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Ref, b.Ref)
	})
	return out
}

// importanceChart draws the Birnbaum importance of each event as a bar,
// relative to the largest, with the other measures beside it.
func importanceChart(imps []graph.Importance) template.HTML {
	if len(imps) == 0 || imps[0].Birnbaum <= 0 {
		return ""
	}
	bars := make([]chartBar, len(imps))
	for k, i := range imps {
		bars[k] = chartBar{i.Ref, i.Birnbaum / imps[0].Birnbaum,
			fmt.Sprintf("Birnbaum %.3g · FV %s · RAW %s · RRW %s", i.Birnbaum, ratioText(i.FussellVesely), ratioText(i.RAW), ratioText(i.RRW))}
	}
	return chart("Birnbaum importance per basic event", 320, 360, "#0072B2", "#003A5C", bars)
}
