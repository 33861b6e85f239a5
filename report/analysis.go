package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
)

// writeJSON writes v as indented JSON with a trailing newline, without
// HTML escaping.
func writeJSON(w io.Writer, v any) error {
	b, err := indentJSON(v, "")
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// streamJSON writes head, a value whose JSON ends with an empty list as its
// last key, with that list filled by the n items item(k) gives: the same
// bytes as writeJSON of the whole value, one item at a time, so that a
// long list is never held whole in memory.
func streamJSON(w io.Writer, head any, n int, item func(k int) any) error {
	bw := bufio.NewWriter(w)
	h, err := indentJSON(head, "")
	if err != nil {
		return err
	}
	if n == 0 {
		bw.Write(h)
		return bw.Flush()
	}
	bw.Write(bytes.TrimSuffix(h, []byte("[]\n}\n")))
	bw.WriteString("[\n")
	var buf []byte
	for k := range n {
		v := item(k)
		if a, ok := v.(jsonAppender); ok {
			buf = a.appendJSON(buf[:0])
		} else {
			b, err := indentJSON(v, "    ")
			if err != nil {
				return err
			}
			buf = bytes.TrimSuffix(b, []byte("\n"))
		}
		if k > 0 {
			bw.WriteString(",\n")
		}
		bw.WriteString("    ")
		bw.Write(buf)
	}
	bw.WriteString("\n  ]\n}\n")
	return bw.Flush()
}

// indentJSON encodes v indented by two spaces, every line but the first
// after prefix, with a trailing newline and without HTML escaping.
func indentJSON(v any, prefix string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	err := enc.Encode(v)
	return b.Bytes(), err
}

// RankResult is one single failure in the machine form of a ranking.
type RankResult struct {
	Ref             string  `json:"ref"`
	Down            int     `json:"down"`
	Degraded        int     `json:"degraded"`
	WeightDown      float64 `json:"weight_down"`
	WeightDownShare float64 `json:"weight_down_share"`
}

// Rank is the machine form of a ranking of single failures.
type Rank struct {
	Level   string       `json:"scope"`   // the level whose nodes failed, as rank --scope names it
	Results []RankResult `json:"results"` // never null
}

// WriteRank writes a ranking of single failures at a level.
func WriteRank(w io.Writer, level catalog.Level, results []graph.Outcome, f Format) error {
	if f == JSON {
		return streamJSON(w, Rank{Level: string(level), Results: []RankResult{}}, len(results), func(k int) any {
			r := results[k]
			return RankResult{r.Ref, r.Down, r.Degraded, r.WeightDown, r.WeightDownShare}
		})
	}
	t := &table{
		title:  fmt.Sprintf("Single %s failures, ranked by the weight they take down", level),
		header: []string{"#", string(level), "customers down", "degraded", "weight down", "share"},
		right:  []bool{true, false, true, true, true, true},
	}
	for k, r := range results {
		t.add(phrase.Number(k+1), r.Ref, phrase.Number(r.Down), phrase.Number(r.Degraded), phrase.Decimal(r.WeightDown), phrase.Percent(r.WeightDownShare))
	}
	return t.write(w, f)
}

// PairResult is one pair of failures in the machine form of a ranking.
type PairResult struct {
	Refs            [2]string `json:"refs"`
	Down            int       `json:"down"`
	Degraded        int       `json:"degraded"`
	WeightDown      float64   `json:"weight_down"`
	WeightDownShare float64   `json:"weight_down_share"`
	AddedDown       int       `json:"added_down"`        // down only when both fail
	AddedWeightDown float64   `json:"added_weight_down"` // their weight
}

// RankPairs is the machine form of a ranking of pairs of failures.
type RankPairs struct {
	Level   string       `json:"scope"`
	Pairs   bool         `json:"pairs"` // always true: tells pair rankings apart
	Results []PairResult `json:"results"`
}

// WriteRankPairs writes a ranking of pairs of failures at a level.
func WriteRankPairs(w io.Writer, level catalog.Level, results []graph.PairOutcome, f Format) error {
	if f == JSON {
		out := RankPairs{Level: string(level), Pairs: true, Results: []PairResult{}}
		for _, r := range results {
			out.Results = append(out.Results, PairResult{r.Refs, r.Down, r.Degraded, r.WeightDown, r.WeightDownShare, r.AddedDown, r.AddedWeightDown})
		}
		return writeJSON(w, out)
	}
	t := &table{
		title:  fmt.Sprintf("Pairs of %s failures, ranked by what they take down beyond their two singles", level),
		header: []string{"#", "pair", "added down", "added weight", "customers down", "degraded", "weight down", "share"},
		right:  []bool{true, false, true, true, true, true, true, true},
	}
	for k, r := range results {
		t.add(phrase.Number(k+1), r.Refs[0]+" + "+r.Refs[1], phrase.Number(r.AddedDown), phrase.Decimal(r.AddedWeightDown),
			phrase.Number(r.Down), phrase.Number(r.Degraded), phrase.Decimal(r.WeightDown), phrase.Percent(r.WeightDownShare))
	}
	return t.write(w, f)
}

// SPOFCustomer is one customer in the machine form of a SPOF report.
type SPOFCustomer struct {
	Ref   string      `json:"ref"`
	SPOFs []string    `json:"spofs"` // never null
	Pairs [][2]string `json:"pairs"` // never null; empty at order 1
}

// SPOFs is the machine form of a SPOF report.
type SPOFs struct {
	Customers []SPOFCustomer `json:"customers"`
}

// WriteSPOFs writes each customer's single points of failure, and minimal
// pairs at order 2. Text and Markdown list the first 20 single points of
// failure of a customer and count the rest; JSON lists them all, and is
// written one customer at a time.
func WriteSPOFs(w io.Writer, spofs []graph.SPOF, f Format) error {
	if f == JSON {
		return streamJSON(w, SPOFs{Customers: []SPOFCustomer{}}, len(spofs), func(k int) any {
			c := SPOFCustomer{Ref: spofs[k].Customer, SPOFs: nonNil(slices.Collect(spofs[k].Singles.All())), Pairs: spofs[k].Pairs}
			if c.Pairs == nil {
				c.Pairs = [][2]string{}
			}
			return c
		})
	}
	if f == Markdown {
		t := &table{
			title:  "What takes each customer down on its own, and in pairs",
			header: []string{"customer", "single points of failure", "minimal pairs"},
			right:  []bool{false, false, false},
		}
		for _, s := range spofs {
			t.add(s.Customer, listRefs(s.Singles), joinPairs(s.Pairs))
		}
		return t.write(w, f)
	}
	var b bytes.Buffer
	for k, s := range spofs {
		if k > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s\n  single points of failure (%d): %s\n", s.Customer, s.Singles.Len(), listRefs(s.Singles))
		if len(s.Pairs) > 0 {
			fmt.Fprintf(&b, "  minimal pairs (%d): %s\n", len(s.Pairs), joinPairs(s.Pairs))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// maxListed is how many names of one kind (a customer's single points of
// failure, a supplier's vendors) the text and Markdown outputs and the
// report list.
const maxListed = 20

// listRefs joins the first maxListed refs of s and says how many more it
// has.
func listRefs(s graph.RefSet) string { return joinHead(s.Head(maxListed), s.Len()) }

// listNames joins the first maxListed names and says how many more there
// are.
func listNames(names []string) string {
	return joinHead(names[:min(len(names), maxListed)], len(names))
}

// joinHead joins the first names of a list of total.
func joinHead(head []string, total int) string {
	list := strings.Join(head, ", ")
	if more := total - len(head); more > 0 {
		list += " and " + phrase.Number(more) + " more"
	}
	return list
}

func joinPairs(pairs [][2]string) string {
	parts := make([]string, len(pairs))
	for k, p := range pairs {
		parts[k] = p[0] + " + " + p[1]
	}
	return strings.Join(parts, "; ")
}

// ConcentrationEntry is one provider or region in the machine form of a
// concentration report.
type ConcentrationEntry struct {
	Ref            string  `json:"ref"`
	Critical       int     `json:"critical"` // customers its failure takes down
	CriticalWeight float64 `json:"critical_weight"`
	CriticalShare  float64 `json:"critical_share"`
	DegradedOnly   int     `json:"degraded_only"` // customers its failure only degrades
	Users          int     `json:"users"`         // customers that use it at all
	UsersWeight    float64 `json:"users_weight"`
	Direct         int     `json:"direct"` // critical customers down by their own entries
	Hidden         int     `json:"hidden"` // critical customers down only through others
	// Amplification is critical / direct, null when no customer is direct.
	Amplification *float64  `json:"amplification"`
	Carriers      []Carrier `json:"carriers"`      // the first few, most first
	MoreCarriers  int       `json:"more_carriers"` // how many carriers are left out
}

// Carrier is a provider (a vendor), or a customer, that carries hidden
// dependence: hidden customers depend on it directly, and it is down.
type Carrier struct {
	Via       string `json:"via"`       // a provider id, or a customer ref
	Customer  bool   `json:"customer"`  // via is a customer
	Customers int    `json:"customers"` // the hidden customers it carries
}

// ConcentrationCustomer counts what one customer critically depends on.
type ConcentrationCustomer struct {
	Ref       string `json:"ref"`
	Providers int    `json:"providers"`
	Regions   int    `json:"regions"`
}

// Concentration is the machine form of a concentration report.
type Concentration struct {
	By        string                  `json:"by"`
	HHI       float64                 `json:"hhi"`
	Entries   []ConcentrationEntry    `json:"entries"`
	Customers []ConcentrationCustomer `json:"customers"`
}

// WriteConcentration writes a concentration report.
func WriteConcentration(w io.Writer, c *graph.Concentration, f Format) error {
	if f == JSON {
		head := Concentration{By: string(c.By), HHI: c.HHI, Entries: []ConcentrationEntry{}, Customers: []ConcentrationCustomer{}}
		for _, e := range c.Entries {
			head.Entries = append(head.Entries, concentrationEntry(e))
		}
		return streamJSON(w, head, len(c.Customers), func(k int) any {
			cu := c.Customers[k]
			return ConcentrationCustomer{cu.Customer, cu.Providers, cu.Regions}
		})
	}
	t := &table{
		title:  fmt.Sprintf("Concentration by %s: HHI of critical dependence %.0f (of 10,000)", c.By, c.HHI),
		header: []string{string(c.By), "critical (down)", "direct", "hidden", "amplification", "weight share", "degraded only", "users"},
		right:  []bool{false, true, true, true, true, true, true, true},
	}
	for _, e := range c.Entries {
		t.add(e.Ref, phrase.Number(e.Down), phrase.Number(e.Direct), phrase.Number(e.Hidden), phrase.Factor(e.Amplification()),
			phrase.Percent(e.WeightDownShare), phrase.Number(e.Degraded), phrase.Number(e.Users))
	}
	t.notes = append(t.notes, dependenceSpread(c.Customers)...)
	t.notes = append(t.notes, hiddenNotes(c.By, c.Entries)...)
	return t.write(w, f)
}

func concentrationEntry(e graph.Dependence) ConcentrationEntry {
	out := ConcentrationEntry{Ref: e.Ref, Critical: e.Down, CriticalWeight: e.WeightDown, CriticalShare: e.WeightDownShare,
		DegradedOnly: e.Degraded, Users: e.Users, UsersWeight: e.UsersWeight, Direct: e.Direct, Hidden: e.Hidden, Carriers: []Carrier{},
		MoreCarriers: e.MoreCarriers}
	if f, ok := e.Amplification(); ok {
		out.Amplification = &f
	}
	for _, c := range e.Carriers {
		out.Carriers = append(out.Carriers, Carrier(c))
	}
	return out
}

// maxHiddenNotes caps the entries whose carriers a concentration report
// names.
const maxHiddenNotes = 10

// hiddenNotes explains the hidden columns and names, for the entries with
// the most hidden customers, what carries them.
func hiddenNotes(by catalog.Level, entries []graph.Dependence) []string {
	hidden := mostHidden(entries)
	if len(hidden) == 0 {
		return []string{"", "No hidden dependence: every " + string(by) + " takes down only customers that depend on it themselves."}
	}
	out := []string{"", "Hidden dependence (customers down only through a vendor or another customer, which carries them; amplification = critical / direct):"}
	for _, e := range hidden[:min(len(hidden), maxHiddenNotes)] {
		out = append(out, fmt.Sprintf("  %s: %s hidden, carried by %s", e.Ref, phrase.Number(e.Hidden), carriedBy(e)))
	}
	if more := len(hidden) - maxHiddenNotes; more > 0 {
		out = append(out, "  and "+phrase.Count(more, string(by), string(by)+"s")+" more")
	}
	return out
}

// mostHidden returns the entries with hidden dependence, the most hidden
// customers first, then in their order.
func mostHidden(entries []graph.Dependence) []graph.Dependence {
	hidden := slices.DeleteFunc(slices.Clone(entries), func(e graph.Dependence) bool { return e.Hidden == 0 })
	slices.SortStableFunc(hidden, func(a, b graph.Dependence) int { return cmp.Compare(b.Hidden, a.Hidden) })
	return hidden
}

// carriedBy names an entry's carriers with the hidden customers each
// carries: the vendors, then the customers.
func carriedBy(e graph.Dependence) string {
	var vendors, customers []string
	for _, c := range e.Carriers {
		part := fmt.Sprintf("%s (%s)", c.Via, phrase.Number(c.Customers))
		if c.Customer {
			customers = append(customers, part)
		} else {
			vendors = append(vendors, part)
		}
	}
	var out []string
	if len(vendors) > 0 {
		out = append(out, "vendors "+strings.Join(vendors, ", "))
	}
	if len(customers) > 0 {
		out = append(out, "customers "+strings.Join(customers, ", "))
	}
	list := strings.Join(out, "; ")
	if e.MoreCarriers > 0 {
		list += " and " + phrase.Number(e.MoreCarriers) + " more"
	}
	return list
}

// dependenceSpread sums up how many providers and regions customers
// critically depend on.
func dependenceSpread(cs []graph.CustomerDependence) []string {
	var provs, regions [3]int // 0, 1, 2 or more
	for _, c := range cs {
		provs[min(c.Providers, 2)]++
		regions[min(c.Regions, 2)]++
	}
	line := func(what string, n [3]int) string {
		return fmt.Sprintf("Customers critically dependent on 0 / 1 / 2+ %s: %s / %s / %s", what, phrase.Number(n[0]), phrase.Number(n[1]), phrase.Number(n[2]))
	}
	return []string{line("providers", provs), line("regions", regions)}
}
