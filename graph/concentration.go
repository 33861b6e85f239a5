package graph

import (
	"cmp"
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
	// Direct and Hidden split the customers down: a customer is direct
	// when its own dependency entries are down even with every node of
	// every other provider, and every other customer, counted up; else it
	// is hidden, down only through vendors or other customers.
	Direct, Hidden int
	// Carriers are the first few (at most MaxCarriers) of what carries the
	// hidden dependence, most customers first (see Graph.Carriers), and
	// MoreCarriers counts the others.
	Carriers     []Carrier
	MoreCarriers int
}

// MaxCarriers caps the carriers a Concentration keeps per entry, so that
// its size stays linear in the catalog's.
const MaxCarriers = 10

// Amplification is all the customers the failure takes down over those it
// takes down directly; ok is false when none is direct (the factor is
// undefined).
func (d Dependence) Amplification() (factor float64, ok bool) {
	if d.Direct == 0 {
		return 0, false
	}
	return float64(d.Down) / float64(d.Direct), true
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
		keep := ix.provider[all[k]]
		carried := map[Carrier]int{}
		for _, i := range p.touched {
			if p.state[i] == catalog.Down && ix.nodes[i].Kind == catalog.KindCustomer {
				critical[i][slot].Add(1)
				if ix.direct(i, p.state, keep) {
					d.Direct++
				} else {
					d.Hidden++
					ix.carriers(i, p.state, keep, carried)
				}
			}
		}
		cs := sortCarriers(carried)
		d.Carriers, d.MoreCarriers = cs[:min(len(cs), MaxCarriers)], max(len(cs)-MaxCarriers, 0)
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

// direct reports whether customer i, down in states st, is down by its own
// dependency entries with only the nodes of provider keep as they are.
func (ix *index) direct(i int32, st []catalog.State, keep int32) bool {
	return ix.valueMasked(&ix.terms[ix.root[i]], st, keep) == catalog.Down
}

// Carrier is what carries hidden dependence on a failed provider or
// region: another provider (a vendor), or another customer, that hidden
// customers depend on directly and that the failure takes down.
type Carrier struct {
	Via       string // a provider id, or a customer ref
	Customer  bool   // Via is a customer
	Customers int    // the hidden customers it carries
}

// Carriers fails the node named by ref and, for each customer its failure
// takes down only through others (hidden, see Dependence), names what
// carries it: the other providers, by id, and the other customers, by
// ref, that its own dependency entries name and that are down. A customer
// carried by two vendors counts for both. The carriers come vendors first,
// then customers, each sorted by the customers they carry, most first,
// then by name.
func (g *Graph) Carriers(ref string) ([]Carrier, error) {
	if _, err := g.cat.Lookup(ref); err != nil {
		return nil, err
	}
	ix := g.ix
	id := ix.id(ref)
	p := newPropagator(ix)
	p.run(single(id))
	keep, carried := ix.provider[id], map[Carrier]int{}
	for _, i := range ix.customers {
		if p.state[i] == catalog.Down && !ix.direct(i, p.state, keep) {
			ix.carriers(i, p.state, keep, carried)
		}
	}
	return sortCarriers(carried), nil
}

// carriers counts, into carried, each owner that carries hidden customer
// i in states st where provider keep failed: the providers other than
// keep, and the other customers, among the nodes i depends on directly
// that are down. Were none down (a quorum that counts degraded members as
// missing), the affected ones carry it.
func (ix *index) carriers(i int32, st []catalog.State, keep int32, carried map[Carrier]int) {
	for _, worst := range []catalog.State{catalog.Down, catalog.Degraded} {
		var found []Carrier
		for _, j := range ix.deps[ix.depStart[i]:ix.depStart[i+1]] {
			n := ix.nodes[j]
			switch {
			case st[j] < worst:
			case n.Kind == catalog.KindCustomer:
				found = append(found, Carrier{Via: n.Ref, Customer: true})
			case ix.provider[j] != keep:
				found = append(found, Carrier{Via: n.Provider})
			}
		}
		if len(found) > 0 {
			slices.SortFunc(found, compareCarrier)
			for _, c := range slices.Compact(found) {
				carried[c]++
			}
			return
		}
	}
}

// compareCarrier orders carriers vendors first, then by name.
func compareCarrier(a, b Carrier) int {
	if a.Customer != b.Customer {
		if a.Customer {
			return 1
		}
		return -1
	}
	return cmp.Compare(a.Via, b.Via)
}

// sortCarriers lists the counts of carried: vendors first, then
// customers, each by the customers they carry, most first, then by name.
func sortCarriers(carried map[Carrier]int) []Carrier {
	out := make([]Carrier, 0, len(carried))
	for c, n := range carried {
		c.Customers = n
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Carrier) int {
		if a.Customer != b.Customer {
			return compareCarrier(a, b)
		}
		return cmp.Or(cmp.Compare(b.Customers, a.Customers), cmp.Compare(a.Via, b.Via))
	})
	return out
}
