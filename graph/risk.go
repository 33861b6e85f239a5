package graph

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/blastradius/blastradius/catalog"
)

// MinutesPerYear converts a probability of being down into expected
// minutes of downtime a year.
const MinutesPerYear = catalog.HoursPerYear * 60

// The methods a risk figure comes from.
const (
	MethodExact      = "exact"       // binary decision diagrams
	MethodMonteCarlo = "monte-carlo" // seeded sampling, with a 95% interval
)

// RiskOptions chooses what Risk computes.
type RiskOptions struct {
	Customers []string // the customers to report; nil: every customer
	CutSets   int      // the most probable minimal cut sets per customer; 0: 5
	// MaxDiagram bounds the decision diagram of one customer: a customer
	// whose diagram is larger is estimated by Monte Carlo; 0: 1,000,000;
	// negative: every customer by Monte Carlo.
	MaxDiagram int
	Samples    int    // Monte Carlo samples; 0: 100,000
	Seed       uint64 // Monte Carlo seed
}

// Risk is how likely each customer is to be down, in a year of the
// catalog's availabilities, and which nodes matter most.
//
// Every node with an unavailability has one independent basic event,
// "fails by itself"; a node is down when its event happens or when the
// catalog's rules make it down, exactly as if a scenario failed the nodes
// whose events happened. Degraded counts as up.
type Risk struct {
	Customers  []CustomerRisk // in catalog order of the requested customers
	Importance []Importance   // every basic event, by Birnbaum importance, then ref
	// WhatIf lists the ten basic events whose removal (availability 1)
	// lowers the expected weighted downtime the most.
	WhatIf []Improvement
	// ExpectedWeightedDowntime is Σ weight × downtime over the requested
	// customers, in minutes a year.
	ExpectedWeightedDowntime float64
	Method                   string // exact when every customer's figure is exact
}

// CustomerRisk is one customer's unavailability.
type CustomerRisk struct {
	Ref             string
	Unavailability  float64 // P(down)
	DowntimeMinutes float64 // expected, a year
	Method          string
	Interval        [2]float64 // Monte Carlo: the 95% interval of Unavailability
	CutSets         []CutSet   // exact only: the most probable minimal cut sets
}

// CutSet is a minimal set of basic events that takes the customer down,
// with the probability that all of them happen.
type CutSet struct {
	Refs        []string
	Probability float64
}

// Importance measures one basic event against R, the expected weighted
// unavailability Σ_c weight_c × P(c down) of the requested customers:
// Birnbaum R(event happens) − R(event never happens); Fussell–Vesely
// (R − R(never)) / R; risk achievement worth R(happens) / R; risk
// reduction worth R / R(never). A ratio with a zero denominator is +Inf.
type Importance struct {
	Ref                               string
	Birnbaum, FussellVesely, RAW, RRW float64
	reduction                         float64 // R − R(never)
}

// Improvement is the expected weighted downtime, in minutes a year, that
// making one node perfectly reliable removes.
type Improvement struct {
	Ref     string
	Minutes float64
}

// Risk computes the catalog's risk figures. An unknown or non-customer
// ref yields an error.
func (g *Graph) Risk(opt RiskOptions) (*Risk, error) {
	ix := g.ix
	customers, err := g.riskCustomers(opt.Customers)
	if err != nil {
		return nil, err
	}
	opt = opt.withDefaults()
	m := newRiskModel(ix)
	out := &Risk{Method: MethodExact}
	var sampled []int32
	// Per event: Σ_c w_c P(c | event happens) and Σ_c w_c P(c | never),
	// less Σ_c w_c P(c).
	r1, r0 := make([]float64, len(m.events)), make([]float64, len(m.events))
	birn := make([]float64, len(m.events)) // Σ_c w_c × Birnbaum, summed directly for precision
	var total float64
	for _, c := range customers {
		w := ix.nodes[c].Weight
		f := m.down[c]
		nodes := m.b.reachable(f)
		if opt.MaxDiagram < 0 || len(nodes) > opt.MaxDiagram {
			sampled = append(sampled, c)
			out.Customers = append(out.Customers, CustomerRisk{Ref: ix.nodes[c].Ref, Method: MethodMonteCarlo})
			continue
		}
		p, birnbaum := m.b.derivatives(f, nodes, m.p)
		total += w * p
		for v, bv := range birnbaum { // a variable f does not depend on changes nothing
			r1[v] += w * (1 - m.p[v]) * bv
			r0[v] -= w * m.p[v] * bv
			birn[v] += w * bv
		}
		out.Customers = append(out.Customers, CustomerRisk{Ref: ix.nodes[c].Ref, Unavailability: p,
			DowntimeMinutes: p * MinutesPerYear, Method: MethodExact, CutSets: m.cutSets(f, opt.CutSets)})
	}
	exact := total // the importance measures count the exact customers
	if len(sampled) > 0 {
		out.Method = MethodMonteCarlo
		est := m.sample(sampled, opt.Samples, opt.Seed)
		for k := range out.Customers {
			cr := &out.Customers[k]
			if e, ok := est[cr.Ref]; ok {
				cr.Unavailability, cr.Interval = e.p, e.interval
				cr.DowntimeMinutes = e.p * MinutesPerYear
				total += ix.nodes[ix.id(cr.Ref)].Weight * e.p
			}
		}
	}
	out.ExpectedWeightedDowntime = total * MinutesPerYear
	for v, id := range m.events {
		happens, never := exact+r1[v], exact+r0[v]
		imp := Importance{Ref: ix.nodes[id].Ref, Birnbaum: birn[v], reduction: -r0[v]}
		imp.FussellVesely = riskRatio(imp.reduction, exact)
		imp.RAW = riskRatio(happens, exact)
		imp.RRW = riskRatio(exact, never)
		out.Importance = append(out.Importance, imp)
	}
	slices.SortStableFunc(out.Importance, func(a, b Importance) int {
		return cmp.Or(cmp.Compare(b.Birnbaum, a.Birnbaum), cmp.Compare(a.Ref, b.Ref))
	})
	whatIf := slices.Clone(out.Importance)
	slices.SortStableFunc(whatIf, func(a, b Importance) int {
		return cmp.Or(cmp.Compare(b.reduction, a.reduction), cmp.Compare(a.Ref, b.Ref))
	})
	for _, imp := range whatIf[:min(10, len(whatIf))] {
		if imp.reduction > 0 {
			out.WhatIf = append(out.WhatIf, Improvement{imp.Ref, imp.reduction * MinutesPerYear})
		}
	}
	return out, nil
}

func riskRatio(a, b float64) float64 {
	if b == 0 {
		return math.Inf(1)
	}
	return a / b
}

func (opt RiskOptions) withDefaults() RiskOptions {
	if opt.CutSets == 0 {
		opt.CutSets = 5
	}
	if opt.MaxDiagram == 0 {
		opt.MaxDiagram = 1_000_000
	}
	if opt.Samples == 0 {
		opt.Samples = 100_000
	}
	return opt
}

// riskCustomers resolves the requested customers, in catalog order.
func (g *Graph) riskCustomers(refs []string) ([]int32, error) {
	if refs == nil {
		return g.ix.customers, nil
	}
	var out []int32
	for _, ref := range refs {
		id, err := g.customer(ref)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// riskModel is every node's "down" function over the basic events.
type riskModel struct {
	ix     *index
	b      *bdd
	events []int32   // node of each variable, in variable order
	p      []float64 // probability of each event
	down   []int32   // the BDD of "node i is down"
}

func newRiskModel(ix *index) *riskModel {
	m := &riskModel{ix: ix, b: newBDD(), down: make([]int32, len(ix.nodes))}
	// Nodes by level, so that dependencies come first; the events in
	// that order are the variable order.
	order := make([]int32, len(ix.nodes))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(ix.level[a], ix.level[b]) })
	// Variables in the order a depth-first walk from the customers meets
	// their events: the events of one branch of a redundancy group stay
	// together, which keeps the diagrams small.
	vars := make([]int32, len(ix.nodes))
	for i := range vars {
		vars[i] = -1
	}
	visited := make([]bool, len(ix.nodes))
	var walk func(i int32)
	walk = func(i int32) {
		if visited[i] {
			return
		}
		visited[i] = true
		if u := ix.nodes[i].Unavailability; u > 0 {
			vars[i] = int32(len(m.events))
			m.events = append(m.events, i)
			m.p = append(m.p, u)
		}
		for _, j := range ix.deps[ix.depStart[i]:ix.depStart[i+1]] {
			walk(j)
		}
	}
	for _, c := range ix.customers {
		walk(c)
	}
	for _, i := range order {
		walk(i)
	}
	for start := 0; start < len(order); {
		end := start
		for end < len(order) && ix.level[order[end]] == ix.level[order[start]] {
			end++
		}
		m.settle(order[start:end], vars)
		start = end
	}
	return m
}

// settle computes the down functions of the nodes of one level: those off
// cycles once, those on cycles by iterating from their own events up to
// the least fixpoint.
func (m *riskModel) settle(level []int32, vars []int32) {
	own := func(i int32) int32 {
		if vars[i] < 0 {
			return bddFalse
		}
		return m.b.variable(vars[i])
	}
	var cyclic []int32
	for _, i := range level {
		if m.ix.cyclic[i] {
			cyclic = append(cyclic, i)
			m.down[i] = own(i)
			continue
		}
		m.down[i] = m.b.or(own(i), m.termDown(&m.ix.terms[m.ix.root[i]]))
	}
	for changed := len(cyclic) > 0; changed; {
		changed = false
		for _, i := range cyclic {
			if f := m.b.or(own(i), m.termDown(&m.ix.terms[m.ix.root[i]])); f != m.down[i] {
				m.down[i], changed = f, true
			}
		}
	}
}

// termDown is the function "term t contributes down", as the engine's
// rules say: a ref is its target; all_of is down when a member is; any_of
// and quorum when fewer than k members are not down; a soft term never.
func (m *riskModel) termDown(t *term) int32 {
	if t.soft {
		return bddFalse
	}
	switch t.op {
	case catalog.OpRef:
		return m.down[t.target]
	case catalog.OpAllOf:
		f := bddFalse
		for _, mt := range m.ix.members(t) {
			f = m.b.or(f, m.termDown(&mt))
		}
		return f
	}
	k := 1
	if t.op == catalog.OpQuorum {
		k = int(t.k)
	}
	ms := m.ix.members(t)
	if k > len(ms) {
		return bddTrue
	}
	fs := make([]int32, len(ms))
	for j := range ms {
		fs[j] = m.termDown(&ms[j])
	}
	return m.b.atLeast(len(ms)-k+1, fs)
}

// cutSets returns the n most probable minimal cut sets of f, most
// probable first, then by refs.
func (m *riskModel) cutSets(f int32, n int) []CutSet {
	z := m.b.minimal(f, map[int32]int32{})
	best := map[int32]float64{}
	var bound func(z int32) float64 // the most probable product of z
	bound = func(z int32) float64 {
		switch z {
		case bddFalse:
			return 0
		case bddTrue:
			return 1
		}
		if r, ok := best[z]; ok {
			return r
		}
		nd := m.b.nodes[z]
		r := max(bound(nd.lo), m.p[nd.v]*bound(nd.hi))
		best[z] = r
		return r
	}
	var found []CutSet
	var path []int32
	var walk func(z int32, prob float64)
	walk = func(z int32, prob float64) {
		if z == bddFalse || (len(found) == n && prob*bound(z) < found[n-1].Probability) {
			return
		}
		if z == bddTrue {
			refs := make([]string, len(path))
			for k, v := range path {
				refs[k] = m.ix.nodes[m.events[v]].Ref
			}
			slices.Sort(refs)
			found = append(found, CutSet{refs, prob})
			slices.SortStableFunc(found, func(a, b CutSet) int {
				return cmp.Or(cmp.Compare(b.Probability, a.Probability), slices.Compare(a.Refs, b.Refs))
			})
			found = found[:min(len(found), n)]
			return
		}
		nd := m.b.nodes[z]
		path = append(path, nd.v)
		walk(nd.hi, prob*m.p[nd.v])
		path = path[:len(path)-1]
		walk(nd.lo, prob)
	}
	walk(z, 1)
	return found
}

// estimate is a Monte Carlo estimate with its 95% interval.
type estimate struct {
	p        float64
	interval [2]float64
}

// sample estimates the unavailability of the customers by drawing every
// event n times from a generator seeded with seed and propagating the
// failures; the interval is Wilson's.
func (m *riskModel) sample(customers []int32, n int, seedValue uint64) map[string]estimate {
	r := rand.New(rand.NewPCG(seedValue, 0x626c617374))
	p := newPropagator(m.ix)
	down := make([]int, len(customers))
	var seeds []seed
	for range n {
		seeds = seeds[:0]
		for v, id := range m.events {
			if r.Float64() < m.p[v] {
				seeds = append(seeds, seed{id, catalog.Down})
			}
		}
		p.run(seeds)
		for k, c := range customers {
			if p.state[c] == catalog.Down {
				down[k]++
			}
		}
		p.reset(seeds)
	}
	out := make(map[string]estimate, len(customers))
	for k, c := range customers {
		out[m.ix.nodes[c].Ref] = wilson(down[k], n)
	}
	return out
}

// wilson is the Wilson score interval at 95% for k successes in n draws.
func wilson(k, n int) estimate {
	const z = 1.959963984540054
	ph, nf := float64(k)/float64(n), float64(n)
	center := (ph + z*z/(2*nf)) / (1 + z*z/nf)
	half := z / (1 + z*z/nf) * math.Sqrt(ph*(1-ph)/nf+z*z/(4*nf*nf))
	return estimate{ph, [2]float64{max(0, center-half), min(1, center+half)}}
}

// reachable lists the inner nodes of f in variable order.
func (b *bdd) reachable(f int32) []int32 {
	seen := map[int32]bool{}
	var out []int32
	var walk func(f int32)
	walk = func(f int32) {
		if f == bddFalse || f == bddTrue || seen[f] {
			return
		}
		seen[f] = true
		out = append(out, f)
		walk(b.nodes[f].lo)
		walk(b.nodes[f].hi)
	}
	walk(f)
	slices.SortFunc(out, func(x, y int32) int { return cmp.Compare(b.nodes[x].v, b.nodes[y].v) })
	return out
}

// derivatives returns P(f) and, for every variable f depends on, its
// Birnbaum importance P(f | v) − P(f | not v): one pass up for the
// probability of each node, one down for the probability of reaching it.
func (b *bdd) derivatives(f int32, nodes []int32, p []float64) (float64, map[int32]float64) {
	prob := make(map[int32]float64, len(nodes)+2)
	prob[bddFalse], prob[bddTrue] = 0, 1
	for k := len(nodes) - 1; k >= 0; k-- {
		n := b.nodes[nodes[k]]
		prob[nodes[k]] = p[n.v]*prob[n.hi] + (1-p[n.v])*prob[n.lo]
	}
	reach := make(map[int32]float64, len(nodes))
	reach[f] = 1
	out := map[int32]float64{}
	for _, id := range nodes {
		n, r := b.nodes[id], reach[id]
		out[n.v] += r * (prob[n.hi] - prob[n.lo])
		reach[n.hi] += r * p[n.v]
		reach[n.lo] += r * (1 - p[n.v])
	}
	return prob[f], out
}

// String sums a customer's risk up: "0.0123% down, 64.7 min/year (exact)".
func (c CustomerRisk) String() string {
	return fmt.Sprintf("%.4g%% down, %.1f min/year (%s)", 100*c.Unavailability, c.DowntimeMinutes, c.Method)
}
