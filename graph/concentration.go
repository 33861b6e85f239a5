package graph

import (
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/blastradius/blastradius/catalog"
)

// Concentration measures how much the catalog's customers lean on each
// provider or region.
type Concentration struct {
	By      catalog.Level // provider or region
	Entries []Dependence  // one per provider or region, ranked like Rank
	// HHI is the Herfindahl–Hirschman index of critical dependence across
	// the entries: the sum of squared percentage shares of critically
	// dependent weight, from near 0 (spread) to 10,000 (one entry).
	HHI       float64
	Customers []CustomerDependence // sorted by ref
}

// Dependence is how the customers depend on one provider or region.
type Dependence struct {
	Outcome // of its failure: Down counts the critically dependent customers
	// Users counts the customers that use it at all: those its failure
	// affects, since any failure reaches every dependent.
	Users       int
	UsersWeight float64
}

// CustomerDependence counts the providers and regions whose failure alone
// takes a customer down.
type CustomerDependence struct {
	Customer  string
	Providers int
	Regions   int
}

// Concentration fails every provider and every region on its own and
// reports the dependence on each entry of level by (provider or region),
// its HHI, and per customer how many providers and regions it critically
// depends on.
func (g *Graph) Concentration(by catalog.Level, progress Progress) (*Concentration, error) {
	if by != catalog.LevelProvider && by != catalog.LevelRegion {
		return nil, fmt.Errorf("unknown level %q: want provider or region", by)
	}
	ix := g.ix
	provs, _ := ix.candidates(catalog.LevelProvider)
	regions, _ := ix.candidates(catalog.LevelRegion)
	all := append(slices.Clone(provs), regions...)
	critical := make([][2]atomic.Int32, len(ix.nodes)) // per customer: providers, regions
	impacts := make([]Dependence, len(all))
	ix.sweep(len(all), func(k int) []seed { return single(all[k]) }, func(k int, p *propagator) {
		d := &impacts[k]
		d.Outcome = Outcome{Ref: ix.nodes[all[k]].Ref, Tally: ix.count(p, nil)}
		d.Users, d.UsersWeight = d.Down+d.Degraded, d.WeightDown+d.WeightDegraded
		slot := 0
		if k >= len(provs) {
			slot = 1
		}
		for _, i := range p.touched {
			if p.state[i] == catalog.Down && ix.nodes[i].Kind == catalog.KindCustomer {
				critical[i][slot].Add(1)
			}
		}
	}, progress)
	c := &Concentration{By: by, Entries: impacts[:len(provs)]}
	if by == catalog.LevelRegion {
		c.Entries = impacts[len(provs):]
	}
	var total float64
	for _, e := range c.Entries {
		total += e.WeightDown
	}
	for _, e := range c.Entries {
		if total > 0 {
			share := 100 * e.WeightDown / total
			c.HHI += share * share
		}
	}
	slices.SortFunc(c.Entries, func(a, b Dependence) int { return compareOutcome(a.Outcome, b.Outcome) })
	for _, i := range ix.customers {
		c.Customers = append(c.Customers, CustomerDependence{Customer: ix.nodes[i].Ref,
			Providers: int(critical[i][0].Load()), Regions: int(critical[i][1].Load())})
	}
	return c, nil
}
