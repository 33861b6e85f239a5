package report

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
)

// Diff is the machine form of a diff.
type Diff struct {
	Verdict   string         `json:"verdict"`
	Fragile   []string       `json:"fragile"` // new-spof, policy, radius-increase: what got worse
	Added     Inventory      `json:"added"`
	Removed   Inventory      `json:"removed"`
	Radius    []RadiusChange `json:"radius"`
	SPOFs     []SPOFChange   `json:"spofs"`
	Policies  []PolicyChange `json:"policies"`
	HHIBefore float64        `json:"hhi_before"`
	HHIAfter  float64        `json:"hhi_after"`
	Hidden    []HiddenChange `json:"hidden"`
	// Availability lists the customers whose probability of being down
	// changed (when either version has availabilities).
	Availability []AvailabilityChange `json:"availability"`
}

// AvailabilityChange is a customer whose probability of being down
// changed.
type AvailabilityChange struct {
	Ref    string  `json:"ref"`
	Before float64 `json:"unavailability_before"`
	After  float64 `json:"unavailability_after"`
}

// Inventory lists customers, services and regions.
type Inventory struct {
	Customers []string `json:"customers"`
	Services  []string `json:"services"`
	Regions   []string `json:"regions"`
}

// RadiusChange is one single failure whose blast radius changed; counts are
// customers, zero where the failure does not exist in that version.
type RadiusChange struct {
	Level            string  `json:"scope"` // provider, region or zone
	Ref              string  `json:"ref"`
	InBase           bool    `json:"in_base"`
	InHead           bool    `json:"in_head"`
	DownBefore       int     `json:"down_before"`
	DownAfter        int     `json:"down_after"`
	DegradedBefore   int     `json:"degraded_before"`
	DegradedAfter    int     `json:"degraded_after"`
	WeightDownBefore float64 `json:"weight_down_before"`
	WeightDownAfter  float64 `json:"weight_down_after"`
	Increase         bool    `json:"increase"`
}

// SPOFChange is one customer's single points of failure gained and lost.
type SPOFChange struct {
	Customer string   `json:"customer"`
	Gained   []string `json:"gained"`
	Lost     []string `json:"lost"`
}

// PolicyChange is one policy whose verdict changed.
type PolicyChange struct {
	ID            string `json:"id"`
	Before        string `json:"before"`
	After         string `json:"after"`
	NewViolations int    `json:"new_violations"`
	Fixed         int    `json:"fixed"`
}

// DiffOptions adds what the report package cannot compute itself.
type DiffOptions struct {
	// Mermaid, if set, is a Mermaid diagram of the largest change, drawn
	// in the Markdown report.
	Mermaid string
	// MermaidTitle says what the diagram shows.
	MermaidTitle string
}

// Fragilities returns the names of the kinds of new fragility a diff can
// find, as Fragility and the diff command's --fail-on name them: a
// customer gained a single point of failure, a policy has new violations,
// a single failure takes more down, a provider or region is depended on
// more through vendors or other customers (hidden dependence).
func Fragilities() []string {
	return []string{"new-spof", "policy", "radius-increase", "hidden-dependence"}
}

// Fragility lists the kinds of new fragility in a diff, in the order of
// Fragilities.
func Fragility(d *graph.Diff) []string {
	spof, policy, radius, hidden := d.Fragile()
	var out []string
	for k, on := range []bool{spof, policy, radius, hidden} {
		if on {
			out = append(out, Fragilities()[k])
		}
	}
	return out
}

// verdict sums a diff up in one line.
func verdict(d *graph.Diff) string {
	var parts []string
	gained := 0
	for _, s := range d.SPOFs {
		if len(s.Gained) > 0 {
			gained++
		}
	}
	if gained > 0 {
		parts = append(parts, phrase.Count(gained, "customer gained single points of failure", "customers gained single points of failure"))
	}
	broke, worse := 0, 0
	for _, p := range d.Policies {
		switch {
		case p.After == "violated" && p.Before != "violated":
			broke++
		case p.NewViolations > 0:
			worse++
		}
	}
	if broke > 0 {
		parts = append(parts, phrase.Count(broke, "policy no longer holds", "policies no longer hold"))
	}
	if worse > 0 {
		parts = append(parts, phrase.Count(worse, "violated policy has new violations", "violated policies have new violations"))
	}
	further := 0
	for _, r := range d.Radius {
		if r.Increase() {
			further++
		}
	}
	if further > 0 {
		parts = append(parts, phrase.Count(further, "single failure reaches further", "single failures reach further"))
	}
	more := 0
	for _, h := range d.Hidden {
		if h.After > h.Before {
			more++
		}
	}
	if more > 0 {
		parts = append(parts, phrase.Count(more, "provider or region gained hidden dependence", "providers or regions gained hidden dependence"))
	}
	if len(parts) == 0 {
		return "No new fragility."
	}
	return "More fragile: " + strings.Join(parts, "; ") + "."
}

// WriteDiff writes a diff as text, JSON or Markdown (a pull-request
// comment: a verdict, a table, collapsible details and a diagram).
func WriteDiff(w io.Writer, d *graph.Diff, f Format, opt DiffOptions) error {
	if f == JSON {
		return writeJSON(w, diffJSON(d))
	}
	var b bytes.Buffer
	md := f == Markdown
	esc := escaper(md)
	if md {
		fmt.Fprintf(&b, "### blastradius: %s\n\n", verdict(d))
		b.WriteString("| change | count |\n| --- | ---: |\n")
		for _, row := range summaryRows(d) {
			fmt.Fprintf(&b, "| %s | %s |\n", row[0], row[1])
		}
	} else {
		fmt.Fprintf(&b, "%s\n\n", verdict(d))
		for _, row := range summaryRows(d) {
			fmt.Fprintf(&b, "  %-48s  %s\n", row[0], row[1])
		}
	}
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		if md {
			fmt.Fprintf(&b, "\n<details><summary>%s (%d)</summary>\n\n", html.EscapeString(title), len(lines))
			for _, l := range lines {
				fmt.Fprintf(&b, "- %s\n", esc(l))
			}
			b.WriteString("\n</details>\n")
			return
		}
		fmt.Fprintf(&b, "\n%s (%d)\n", title, len(lines))
		for _, l := range lines {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	section("Added", inventoryLines(d.Added))
	section("Removed", inventoryLines(d.Removed))
	var radius []string
	for _, r := range d.Radius {
		radius = append(radius, fmt.Sprintf("%s %s: down %s → %s, degraded %s → %s, weight down %s → %s", r.Level, r.Ref,
			existing(r.InBase, r.Before.Down), existing(r.InHead, r.After.Down), existing(r.InBase, r.Before.Degraded), existing(r.InHead, r.After.Degraded),
			phrase.Decimal(r.Before.WeightDown), phrase.Decimal(r.After.WeightDown)))
	}
	section("Single failures whose blast radius changed", radius)
	var spofs []string
	for _, s := range d.SPOFs {
		var parts []string
		if len(s.Gained) > 0 {
			parts = append(parts, "gained "+strings.Join(s.Gained, ", "))
		}
		if len(s.Lost) > 0 {
			parts = append(parts, "lost "+strings.Join(s.Lost, ", "))
		}
		spofs = append(spofs, s.Customer+": "+strings.Join(parts, "; "))
	}
	section("Single points of failure", spofs)
	var policies []string
	for _, p := range d.Policies {
		policies = append(policies, fmt.Sprintf("%s: %s → %s (%d new violations, %d fixed)", p.ID, p.Before, p.After, p.NewViolations, p.Fixed))
	}
	section("Policies", policies)
	var hidden []string
	for _, h := range d.Hidden {
		hidden = append(hidden, fmt.Sprintf("%s %s: %d → %d customers down only through vendors or other customers", h.Level, h.Ref, h.Before, h.After))
	}
	section("Hidden dependence", hidden)
	var avail []string
	for _, a := range d.Availability {
		avail = append(avail, fmt.Sprintf("%s: down %.1f → %.1f min/year (unavailability %.3g → %.3g)", a.Ref,
			a.Before*graph.MinutesPerYear, a.After*graph.MinutesPerYear, a.Before, a.After))
	}
	section("Availability", avail)
	if md && opt.Mermaid != "" {
		fmt.Fprintf(&b, "\n<details><summary>%s</summary>\n\n```mermaid\n%s```\n\n</details>\n", html.EscapeString(opt.MermaidTitle), opt.Mermaid)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func summaryRows(d *graph.Diff) [][2]string {
	gained, lost := 0, 0
	for _, s := range d.SPOFs {
		gained += len(s.Gained)
		lost += len(s.Lost)
	}
	added, removed := len(d.Added.Customers)+len(d.Added.Services)+len(d.Added.Regions), len(d.Removed.Customers)+len(d.Removed.Services)+len(d.Removed.Regions)
	return [][2]string{
		{"customers, services and regions added / removed", fmt.Sprintf("%d / %d", added, removed)},
		{"single failures whose blast radius changed", phrase.Number(len(d.Radius))},
		{"single points of failure gained / lost", fmt.Sprintf("%d / %d", gained, lost)},
		{"policies whose verdict changed", phrase.Number(len(d.Policies))},
		{"concentration (HHI across providers)", fmt.Sprintf("%.0f → %.0f", d.HHIBefore, d.HHIAfter)},
	}
}

func inventoryLines(inv graph.Inventory) []string {
	var out []string
	for _, c := range inv.Customers {
		out = append(out, "customer "+c)
	}
	for _, s := range inv.Services {
		out = append(out, "service "+s)
	}
	for _, r := range inv.Regions {
		out = append(out, "region "+r)
	}
	return out
}

// existing shows a count, or "none" where the failure does not exist.
func existing(in bool, n int) string {
	if !in {
		return "none"
	}
	return phrase.Number(n)
}

func diffJSON(d *graph.Diff) Diff {
	out := Diff{Verdict: verdict(d), Fragile: nonNil(Fragility(d)), Added: nonNilInventory(d.Added), Removed: nonNilInventory(d.Removed),
		Radius: []RadiusChange{}, SPOFs: []SPOFChange{}, Policies: []PolicyChange{}, HHIBefore: d.HHIBefore, HHIAfter: d.HHIAfter, Hidden: []HiddenChange{},
		Availability: []AvailabilityChange{}}
	for _, r := range d.Radius {
		out.Radius = append(out.Radius, RadiusChange{string(r.Level), r.Ref, r.InBase, r.InHead, r.Before.Down, r.After.Down,
			r.Before.Degraded, r.After.Degraded, r.Before.WeightDown, r.After.WeightDown, r.Increase()})
	}
	for _, s := range d.SPOFs {
		out.SPOFs = append(out.SPOFs, SPOFChange{s.Customer, nonNil(s.Gained), nonNil(s.Lost)})
	}
	for _, p := range d.Policies {
		out.Policies = append(out.Policies, PolicyChange{p.ID, p.Before, p.After, p.NewViolations, p.Fixed})
	}
	for _, h := range d.Hidden {
		out.Hidden = append(out.Hidden, HiddenChange{string(h.Level), h.Ref, h.Before, h.After})
	}
	for _, a := range d.Availability {
		out.Availability = append(out.Availability, AvailabilityChange(a))
	}
	return out
}

// HiddenChange is a provider or region whose hidden dependence changed:
// customers its failure takes down only through vendors or others.
type HiddenChange struct {
	Level  string `json:"scope"` // provider or region
	Ref    string `json:"ref"`
	Before int    `json:"hidden_before"`
	After  int    `json:"hidden_after"`
}

func nonNilInventory(inv graph.Inventory) Inventory {
	return Inventory{Customers: nonNil(inv.Customers), Services: nonNil(inv.Services), Regions: nonNil(inv.Regions)}
}
