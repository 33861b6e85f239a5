package graph

import (
	"cmp"
	"maps"
	"math"
	"slices"

	"github.com/blastradius/blastradius/catalog"
)

// Diff is what changed between two versions of a catalog, and what the
// change does to their failures.
type Diff struct {
	Added, Removed Inventory
	// Radius lists, per level (provider, region, zone), the single
	// failures whose customers down or degraded changed, or that exist in
	// one version only.
	Radius   []RadiusChange
	SPOFs    []SPOFChange   // customers in both versions whose SPOFs changed, by ref
	Policies []PolicyChange // policies whose verdict changed, by id
	// HHIBefore and HHIAfter are the concentration index of critical
	// dependence across providers.
	HHIBefore, HHIAfter float64
	// Hidden lists the providers and regions whose hidden dependence
	// changed (see Dependence), by level then ref.
	Hidden []HiddenChange
	// Availability lists the customers in both versions whose probability
	// of being down (see Risk) changed, by ref; empty when neither version
	// gives any node an availability.
	Availability []AvailabilityChange
}

// AvailabilityChange is a customer whose probability of being down
// changed.
type AvailabilityChange struct {
	Ref           string
	Before, After float64 // P(down)
}

// HiddenChange is a provider or region whose failure takes down a
// different number of customers only through vendors or other customers.
type HiddenChange struct {
	Level         catalog.Level
	Ref           string
	Before, After int // hidden customers; 0 where it does not exist
}

// Inventory lists customers, services (provider/service) and regions
// (provider@region), each sorted.
type Inventory struct {
	Customers, Services, Regions []string
}

// RadiusChange is one single failure whose blast radius changed.
type RadiusChange struct {
	Level         catalog.Level
	Ref           string
	Before, After Tally // zero where the failure does not exist
	InBase        bool
	InHead        bool
}

// Increase reports whether the failure reaches further in the head: more
// weight or more customers down, or more customers affected at all.
func (r RadiusChange) Increase() bool {
	b, a := r.Before, r.After
	return a.WeightDown > b.WeightDown || a.Down > b.Down || a.Down+a.Degraded > b.Down+b.Degraded
}

// SPOFChange is a customer's single points of failure gained and lost.
type SPOFChange struct {
	Customer     string
	Gained, Lost []string
}

// PolicyChange is a policy whose verdict or violations changed.
type PolicyChange struct {
	ID            string
	Before, After string // "holds", "violated" or "absent"
	// NewViolations and Fixed count the (failure, customer) violations
	// found only in the head, and only in the base.
	NewViolations, Fixed int
}

// Compare diffs two versions of a catalog. It runs every analysis the
// diff compares on both versions, telling progress after each.
func Compare(base, head *Graph, progress Progress) (*Diff, error) {
	d := &Diff{}
	bi, hi := base.inventory(), head.inventory()
	d.Added = Inventory{minus(hi.Customers, bi.Customers), minus(hi.Services, bi.Services), minus(hi.Regions, bi.Regions)}
	d.Removed = Inventory{minus(bi.Customers, hi.Customers), minus(bi.Services, hi.Services), minus(bi.Regions, hi.Regions)}
	levels := []catalog.Level{catalog.LevelProvider, catalog.LevelRegion, catalog.LevelZone}
	steps, step := len(levels)+4, 0
	next := func() {
		if step++; progress != nil {
			progress(step, steps)
		}
	}
	for _, level := range levels {
		changes, err := radius(base, head, level)
		if err != nil {
			return nil, err
		}
		d.Radius = append(d.Radius, changes...)
		next()
	}
	var err error
	if d.SPOFs, err = spofChanges(base, head); err != nil {
		return nil, err
	}
	next()
	if d.Policies, err = policyChanges(base, head); err != nil {
		return nil, err
	}
	next()
	for _, level := range []catalog.Level{catalog.LevelProvider, catalog.LevelRegion} {
		var hidden [2]map[string]int
		for k, h := range []struct {
			g   *Graph
			hhi *float64
		}{{base, &d.HHIBefore}, {head, &d.HHIAfter}} {
			c, err := h.g.Concentration(level, nil)
			if err != nil {
				return nil, err
			}
			if level == catalog.LevelProvider {
				*h.hhi = c.HHI
			}
			hidden[k] = map[string]int{}
			for _, e := range c.Entries {
				hidden[k][e.Ref] = e.Hidden
			}
		}
		for _, ref := range slices.Sorted(maps.Keys(union(hidden[0], hidden[1]))) {
			if b, a := hidden[0][ref], hidden[1][ref]; b != a {
				d.Hidden = append(d.Hidden, HiddenChange{level, ref, b, a})
			}
		}
	}
	if d.Availability, err = availabilityChanges(base, head); err != nil {
		return nil, err
	}
	next()
	return d, nil
}

// availabilityChanges compares the risk of the customers in both versions,
// when either version has a basic event. Figures within a relative 1e-9
// are the same: the diagrams of two versions may sum in another order.
func availabilityChanges(base, head *Graph) ([]AvailabilityChange, error) {
	if !base.ix.hasEvents() && !head.ix.hasEvents() {
		return nil, nil
	}
	both := intersect(base.inventory().Customers, head.inventory().Customers)
	if len(both) == 0 {
		return nil, nil
	}
	var figures [2]*Risk
	for k, g := range []*Graph{base, head} {
		r, err := g.Risk(RiskOptions{Customers: both, CutSets: 1})
		if err != nil {
			return nil, err
		}
		figures[k] = r
	}
	var out []AvailabilityChange
	for k, cr := range figures[0].Customers {
		b, a := cr.Unavailability, figures[1].Customers[k].Unavailability
		if math.Abs(a-b) > 1e-9*max(a, b) {
			out = append(out, AvailabilityChange{cr.Ref, b, a})
		}
	}
	return out, nil
}

// hasEvents reports whether any node has an unavailability.
func (ix *index) hasEvents() bool {
	return slices.ContainsFunc(ix.nodes, func(n *catalog.Node) bool { return n.Unavailability > 0 })
}

// Fragile reports which kinds of new fragility the diff holds: a customer
// that gained a single point of failure, a policy that stopped holding (or
// arrived violated), a single failure that takes more down, a provider or
// region that more customers depend on only through vendors or other
// customers.
func (d *Diff) Fragile() (newSPOF, policy, radiusIncrease, hidden bool) {
	for _, s := range d.SPOFs {
		newSPOF = newSPOF || len(s.Gained) > 0
	}
	for _, p := range d.Policies {
		policy = policy || p.NewViolations > 0
	}
	for _, r := range d.Radius {
		radiusIncrease = radiusIncrease || r.Increase()
	}
	for _, h := range d.Hidden {
		hidden = hidden || h.After > h.Before
	}
	return newSPOF, policy, radiusIncrease, hidden
}

// union returns the keys of a and b, each once.
func union(a, b map[string]int) map[string]int {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

func (g *Graph) inventory() Inventory {
	var inv Inventory
	for _, n := range g.cat.Nodes() {
		switch {
		case n.Kind == catalog.KindCustomer:
			inv.Customers = append(inv.Customers, n.Ref)
		case n.Kind == catalog.KindRegion:
			inv.Regions = append(inv.Regions, n.Ref)
		}
	}
	for _, p := range g.cat.Providers {
		for _, s := range p.Services {
			inv.Services = append(inv.Services, p.ID+"/"+s.ID)
		}
	}
	slices.Sort(inv.Services)
	inv.Services = slices.Compact(inv.Services)
	return inv
}

// intersect returns the items of sorted a that are in b, sorted.
func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); ok {
			out = append(out, x)
		}
	}
	return out
}

// minus returns the sorted elements of a not in b.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, found := slices.BinarySearch(b, x); !found {
			out = append(out, x)
		}
	}
	return out
}

// radius ranks a level in both versions and keeps what changed.
func radius(base, head *Graph, level catalog.Level) ([]RadiusChange, error) {
	before, err := base.Rank(level, nil)
	if err != nil {
		return nil, err
	}
	after, err := head.Rank(level, nil)
	if err != nil {
		return nil, err
	}
	byRef := map[string]*RadiusChange{}
	for _, r := range before {
		byRef[r.Ref] = &RadiusChange{Level: level, Ref: r.Ref, Before: r.Tally, InBase: true}
	}
	for _, r := range after {
		c := byRef[r.Ref]
		if c == nil {
			c = &RadiusChange{Level: level, Ref: r.Ref}
			byRef[r.Ref] = c
		}
		c.After, c.InHead = r.Tally, true
	}
	var out []RadiusChange
	for _, c := range byRef {
		b, a := c.Before, c.After
		if c.InBase != c.InHead || b.Down != a.Down || b.Degraded != a.Degraded || b.WeightDown != a.WeightDown {
			out = append(out, *c)
		}
	}
	slices.SortFunc(out, func(x, y RadiusChange) int { return cmp.Compare(x.Ref, y.Ref) })
	return out, nil
}

func spofChanges(base, head *Graph) ([]SPOFChange, error) {
	before, err := base.SPOFs(nil, 1, nil)
	if err != nil {
		return nil, err
	}
	after, err := head.SPOFs(nil, 1, nil)
	if err != nil {
		return nil, err
	}
	was := map[string]RefSet{}
	for _, s := range before {
		was[s.Customer] = s.Singles
	}
	var out []SPOFChange
	d := newDiffer()
	for _, s := range after {
		old, ok := was[s.Customer]
		if !ok {
			continue
		}
		c := SPOFChange{Customer: s.Customer, Gained: d.minus(s.Singles, old), Lost: d.minus(old, s.Singles)}
		if len(c.Gained)+len(c.Lost) > 0 {
			out = append(out, c)
		}
	}
	return out, nil
}

func policyChanges(base, head *Graph) ([]PolicyChange, error) {
	type verdict struct {
		state      string
		violations map[[2]string]bool // (failure, customer)
	}
	verdicts := func(g *Graph) (map[string]verdict, error) {
		rs, err := g.CheckPolicies(nil, nil)
		if err != nil {
			return nil, err
		}
		out := map[string]verdict{}
		for _, r := range rs {
			v := verdict{state: "violated", violations: map[[2]string]bool{}}
			if r.Holds() {
				v.state = "holds"
			}
			for _, x := range r.Violations {
				v.violations[[2]string{x.Failure, x.Customer}] = true
			}
			out[r.Policy.ID] = v
		}
		return out, nil
	}
	before, err := verdicts(base)
	if err != nil {
		return nil, err
	}
	after, err := verdicts(head)
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for id := range before {
		ids[id] = true
	}
	for id := range after {
		ids[id] = true
	}
	var out []PolicyChange
	for id := range ids {
		b, a := before[id], after[id]
		c := PolicyChange{ID: id, Before: cmp.Or(b.state, "absent"), After: cmp.Or(a.state, "absent")}
		for v := range a.violations {
			if !b.violations[v] {
				c.NewViolations++
			}
		}
		for v := range b.violations {
			if !a.violations[v] {
				c.Fixed++
			}
		}
		if c.Before != c.After || c.NewViolations+c.Fixed > 0 {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(x, y PolicyChange) int { return cmp.Compare(x.ID, y.ID) })
	return out, nil
}
