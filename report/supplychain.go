package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
)

// SupplyChain is the machine form of a customer's supply chain.
type SupplyChain struct {
	Customer  string     `json:"customer"`
	Suppliers []Supplier `json:"suppliers"`
}

// Supplier is one provider in the machine form of a supply chain.
type Supplier struct {
	Provider string        `json:"provider"`
	Name     string        `json:"name,omitempty"`
	Rank     int           `json:"rank"`     // 1: named by the customer itself; n: through n-1 others
	Via      []string      `json:"via"`      // the vendors and customers through which it is reached
	Critical bool          `json:"critical"` // its failure alone takes the customer down
	Effect   catalog.State `json:"effect"`   // the customer's state when it fails alone
	Regions  []Region      `json:"regions"`
}

// Region is one region of a supplier and what its failure alone does to
// the customer.
type Region struct {
	Ref    string        `json:"ref"`
	Effect catalog.State `json:"effect"`
}

// WriteSupplyChain writes a customer's supply chain: every provider it
// depends on, at which rank, through whom, and what the failure of each
// provider and region does to it.
func WriteSupplyChain(w io.Writer, sc *graph.SupplyChain, f Format) error {
	if f == JSON {
		return writeJSON(w, supplyChainJSON(sc))
	}
	critical := 0
	for _, s := range sc.Suppliers {
		if s.Critical() {
			critical++
		}
	}
	t := &table{
		title: fmt.Sprintf("Supply chain of %s: %s, %s critical", sc.Customer,
			phrase.Count(len(sc.Suppliers), "provider", "providers"), phrase.Number(critical)),
		header: []string{"rank", "provider", "name", "critical", "through"},
		right:  []bool{true, false, false, false, false},
	}
	var regions []string
	for _, s := range sc.Suppliers {
		through := "-"
		if len(s.Via) > 0 {
			through = listNames(s.Via)
		}
		t.add(phrase.Number(s.Rank), s.Provider, s.Name, criticalWord(s.Effect), through)
		if line := regionLine(s.Regions); line != "" {
			regions = append(regions, "  "+s.Provider+": "+line)
		}
	}
	t.notes = append(t.notes, "Rank 1: the customer's own dependencies name the provider; rank n: the nearest way to it passes through n-1 vendors or other customers. Critical: the provider's failure alone takes the customer down.")
	if len(regions) > 0 {
		t.notes = append(t.notes, "", "The customer when each region in the chain fails alone:")
		t.notes = append(t.notes, regions...)
	}
	return t.write(w, f)
}

// criticalWord says whether a supplier whose failure leaves the customer
// in state st is critical.
func criticalWord(st catalog.State) string {
	switch st {
	case catalog.Down:
		return "yes"
	case catalog.Degraded:
		return "no, degrades it"
	}
	return "no"
}

// regionLine says what the failure of each region does to the customer:
// the regions that take it down, those that degrade it, and how many do
// neither.
func regionLine(rs []graph.RegionEffect) string {
	var parts []string
	for _, st := range []catalog.State{catalog.Down, catalog.Degraded, catalog.Up} {
		var refs []string
		for _, r := range rs {
			if r.Effect == st {
				refs = append(refs, r.Ref)
			}
		}
		switch {
		case len(refs) == 0:
		case st == catalog.Up:
			parts = append(parts, "unaffected by "+phrase.Count(len(refs), "other", "others"))
		default:
			parts = append(parts, st.String()+" by "+listNames(refs))
		}
	}
	return strings.Join(parts, "; ")
}

func supplyChainJSON(sc *graph.SupplyChain) SupplyChain {
	out := SupplyChain{Customer: sc.Customer, Suppliers: []Supplier{}}
	for _, s := range sc.Suppliers {
		j := Supplier{Provider: s.Provider, Name: s.Name, Rank: s.Rank, Via: nonNil(s.Via), Critical: s.Critical(),
			Effect: s.Effect, Regions: []Region{}}
		for _, r := range s.Regions {
			j.Regions = append(j.Regions, Region(r))
		}
		out.Suppliers = append(out.Suppliers, j)
	}
	return out
}
