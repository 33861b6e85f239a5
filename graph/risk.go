package graph

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

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
	// whose diagram is larger is estimated by Monte Carlo; 0: 200,000;
	// negative: every customer by Monte Carlo.
	MaxDiagram int
	Samples    int    // Monte Carlo samples; 0: 20,000
	Seed       uint64 // Monte Carlo seed
	// DegradedAsDown counts a customer as out when it is degraded or down:
	// every figure is then about P(degraded or down). The propagation is
	// the engine's either way.
	DegradedAsDown bool
}

// Risk is how likely each customer is to be down, in a year of the
// catalog's availabilities, and which nodes matter most.
//
// Every node with an unavailability has one independent basic event,
// "fails by itself"; a node is down when its event happens or when the
// catalog's rules make it down, exactly as if a scenario failed the nodes
// whose events happened. Degraded counts as up, unless DegradedAsDown.
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
	DegradedAsDown           bool   // the figures count degraded customers as down
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
	// Availability is where the event's probability comes from, with its
	// source and confidence.
	Availability *catalog.Availability
	reduction    float64 // R − R(never)
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
	out := &Risk{Method: MethodExact, Customers: make([]CustomerRisk, len(customers)), DegradedAsDown: opt.DegradedAsDown}
	eventful := ix.eventful()
	parts := g.riskParts(customers, opt, eventful, out.Customers)
	// Per node: Σ_c w_c P(c | its event happens) and Σ_c w_c P(c | never),
	// less Σ_c w_c P(c); and Σ_c w_c × Birnbaum, summed directly for
	// precision. The parts are added in order, so the sums are the same
	// however the work was shared.
	n := len(ix.nodes)
	r1, r0, birn := make([]float64, n), make([]float64, n), make([]float64, n)
	var total float64
	for _, part := range parts {
		total += part.total
		for e, t := range part.terms {
			r1[e] += t[0]
			r0[e] += t[1]
			birn[e] += t[2]
		}
	}
	var sampled []int32
	for k, cr := range out.Customers {
		if cr.Method == MethodMonteCarlo {
			sampled = append(sampled, customers[k])
		}
	}
	exact := total // the importance measures count the exact customers
	if len(sampled) > 0 {
		out.Method = MethodMonteCarlo
		est := ix.sample(sampled, opt)
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
	given := g.cat.Availabilities()
	for id, nd := range ix.nodes {
		if nd.Unavailability <= 0 {
			continue
		}
		happens, never := exact+r1[id], exact+r0[id]
		imp := Importance{Ref: nd.Ref, Birnbaum: birn[id], Availability: given[nd.Ref], reduction: -r0[id]}
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
		opt.MaxDiagram = 200_000
	}
	if opt.Samples == 0 {
		opt.Samples = 20_000
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

// maxCone bounds the nodes one customer's diagram is built over: a
// customer that depends on more (a long chain of customers) is estimated
// by Monte Carlo, so that building stays linear in the catalog.
const maxCone = 4096

// eventful marks the nodes with an event of their own or below them: the
// users, transitively, of every node with an unavailability.
func (ix *index) eventful() []bool {
	out := make([]bool, len(ix.nodes))
	var queue []int32
	for i, n := range ix.nodes {
		if n.Unavailability > 0 {
			out[i] = true
			queue = append(queue, int32(i))
		}
	}
	for k := 0; k < len(queue); k++ {
		for _, u := range ix.users[ix.userStart[queue[k]]:ix.userStart[queue[k]+1]] {
			if !out[u] {
				out[u] = true
				queue = append(queue, u)
			}
		}
	}
	return out
}

// riskChunk is how many customers one worker takes at a time.
const riskChunk = 64

// riskPart is what one chunk of customers adds to the weighted sums.
type riskPart struct {
	total float64
	terms map[int32]*[3]float64 // per event node: Σ for R₁ − R, R₀ − R, Birnbaum
}

// riskParts computes the customers' figures into out, one worker per core
// taking chunks of customers, and returns each chunk's sums. A customer
// whose diagram exceeds the bound is marked for Monte Carlo.
func (g *Graph) riskParts(customers []int32, opt RiskOptions, eventful []bool, out []CustomerRisk) []riskPart {
	ix := g.ix
	parts := make([]riskPart, (len(customers)+riskChunk-1)/riskChunk)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(parts)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := newRiskModel(ix, opt, eventful)
			for k := int(next.Add(1) - 1); k < len(parts); k = int(next.Add(1) - 1) {
				part := riskPart{terms: map[int32]*[3]float64{}}
				for idx := k * riskChunk; idx < min(len(customers), (k+1)*riskChunk); idx++ {
					out[idx] = m.customerRisk(customers[idx], opt, &part)
				}
				parts[k] = part
			}
		}()
	}
	wg.Wait()
	return parts
}

// customerRisk computes one customer's figures, adding its share of the
// weighted sums to part.
func (m *riskModel) customerRisk(c int32, opt RiskOptions, part *riskPart) CustomerRisk {
	nd := m.ix.nodes[c]
	f, ok := m.build(c)
	var nodes []int32
	if ok {
		nodes = m.b.reachable(f)
	}
	if opt.MaxDiagram < 0 || !ok || len(nodes) > opt.MaxDiagram {
		return CustomerRisk{Ref: nd.Ref, Method: MethodMonteCarlo}
	}
	p, birnbaum := m.b.derivatives(f, nodes, m.p)
	w := nd.Weight
	part.total += w * p
	for v, bv := range birnbaum {
		if bv == 0 {
			continue // a variable f does not depend on changes nothing
		}
		t := part.terms[m.events[v]]
		if t == nil {
			t = new([3]float64)
			part.terms[m.events[v]] = t
		}
		t[0] += w * (1 - m.p[v]) * bv
		t[1] -= w * m.p[v] * bv
		t[2] += w * bv
	}
	return CustomerRisk{Ref: nd.Ref, Unavailability: p, DowntimeMinutes: p * MinutesPerYear,
		Method: MethodExact, CutSets: m.cutSets(f, opt.CutSets)}
}

// riskModel builds, one customer at a time, the "down" function of every
// node the customer depends on, over the basic events of those nodes, in a
// diagram of its own whose variables follow a depth-first walk from the
// customer: the events of one branch of a redundancy group stay together,
// which keeps diagrams small (one variable order for every customer made
// them grow with the catalog).
type riskModel struct {
	ix     *index
	limit  int // the most diagram nodes a customer may take; beyond, build gives up
	b      *bdd
	events []int32   // the node of each variable, in variable order
	p      []float64 // the probability of each event
	vars   []int32   // the variable of each node of the cone, -1 for none
	// eventful marks the nodes with an event below them (or their own):
	// the others are never down, and the walk stops there.
	eventful []bool
	down     []int32 // the diagram of "node i is down", for the cone
	// hurt is the diagram of "node i is degraded or down", for the cone,
	// when degraded counts as down (else nil).
	hurt []int32
	cone []int32
}

func newRiskModel(ix *index, opt RiskOptions, eventful []bool) *riskModel {
	m := &riskModel{ix: ix, limit: opt.MaxDiagram, eventful: eventful, b: newBDD(), vars: make([]int32, len(ix.nodes)),
		down: make([]int32, len(ix.nodes))}
	if opt.DegradedAsDown {
		m.hurt = make([]int32, len(ix.nodes))
	}
	for i := range m.vars {
		m.vars[i] = -1
	}
	return m
}

// build returns the diagram of "customer c is down"; false when it would
// exceed the limit.
func (m *riskModel) build(c int32) (int32, bool) {
	ix := m.ix
	for _, i := range m.cone {
		m.vars[i] = -1
	}
	m.b.reset()
	m.events, m.p, m.cone = m.events[:0], m.p[:0], m.cone[:0]
	visited := map[int32]bool{}
	var walk func(i int32)
	walk = func(i int32) {
		if visited[i] || len(m.cone) > maxCone {
			return
		}
		visited[i] = true
		if !m.eventful[i] { // never down: no event below it
			m.down[i] = bddFalse
			if m.hurt != nil {
				m.hurt[i] = bddFalse
			}
			return
		}
		m.cone = append(m.cone, i)
		if u := ix.nodes[i].Unavailability; u > 0 {
			m.vars[i] = int32(len(m.events))
			m.events = append(m.events, i)
			m.p = append(m.p, u)
		}
		m.walkTerm(&ix.terms[ix.root[i]], walk)
	}
	walk(c)
	if len(m.cone) > maxCone {
		return 0, false
	}
	order := slices.Clone(m.cone)
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(ix.level[a], ix.level[b]) })
	for start := 0; start < len(order); {
		end := start
		for end < len(order) && ix.level[order[end]] == ix.level[order[start]] {
			end++
		}
		m.settle(order[start:end])
		if m.limit > 0 && m.b.size() > 4*m.limit {
			return 0, false
		}
		start = end
	}
	if m.hurt != nil {
		return m.hurt[c], true
	}
	return m.down[c], true
}

// walkTerm calls walk on the targets of t that can take it down (or
// degrade it, when that counts), in the order the catalog lists them: the
// members of one redundancy group stay together in the variable order. A
// soft term never takes a node down.
func (m *riskModel) walkTerm(t *term, walk func(int32)) {
	switch {
	case t.soft && m.hurt == nil:
	case t.op == catalog.OpRef:
		walk(t.target)
	default:
		for _, mt := range m.ix.members(t) {
			m.walkTerm(&mt, walk)
		}
	}
}

// settle computes the down functions of the nodes of one level: those off
// cycles once, those on cycles by iterating from their own events up to
// the least fixpoint.
func (m *riskModel) settle(level []int32) {
	m.fixpoint(level, m.down, m.termDown)
	if m.hurt != nil {
		m.fixpoint(level, m.hurt, m.termHurt)
	}
}

// fixpoint sets f[i] to "i's event happens, or its entries make it so"
// for the nodes of one level, as term says of an entry.
func (m *riskModel) fixpoint(level []int32, f []int32, term func(*term) int32) {
	own := func(i int32) int32 {
		if m.vars[i] < 0 {
			return bddFalse
		}
		return m.b.variable(m.vars[i])
	}
	var cyclic []int32
	for _, i := range level {
		if m.ix.cyclic[i] {
			cyclic = append(cyclic, i)
			f[i] = own(i)
			continue
		}
		f[i] = m.b.or(own(i), term(&m.ix.terms[m.ix.root[i]]))
	}
	for changed := len(cyclic) > 0; changed; {
		changed = false
		for _, i := range cyclic {
			if fi := m.b.or(own(i), term(&m.ix.terms[m.ix.root[i]])); fi != f[i] {
				f[i], changed = fi, true
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
	return m.entryDown(t)
}

// entryDown is termDown without the cap of a soft term.
func (m *riskModel) entryDown(t *term) int32 {
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
	ms := m.ix.members(t)
	k := t.quorum()
	if k > len(ms) {
		return bddTrue
	}
	fs := make([]int32, len(ms))
	for j := range ms {
		fs[j] = m.termDown(&ms[j])
	}
	return m.b.atLeast(len(ms)-k+1, fs)
}

// termHurt is the function "term t contributes degraded or down": a ref
// is when its target is; a group when any member is (an any_of or quorum
// short of members is down, and that needs a member down, or has too few
// members to begin with); a soft term caps at degraded, which still
// counts; a when: down term counts only when it is down.
func (m *riskModel) termHurt(t *term) int32 {
	ms := m.ix.members(t)
	switch {
	case t.whenDown:
		return m.entryDown(t)
	case t.op == catalog.OpRef:
		return m.hurt[t.target]
	case t.op != catalog.OpAllOf && t.quorum() > len(ms):
		return bddTrue
	}
	f := bddFalse
	for j := range ms {
		f = m.b.or(f, m.termHurt(&ms[j]))
	}
	return f
}

// quorum is how many members of an any_of (1) or a quorum (k) must be up.
func (t *term) quorum() int {
	if t.op == catalog.OpQuorum {
		return int(t.k)
	}
	return 1
}

// cutSets returns the n most probable minimal cut sets of f, most
// probable first, then by refs.
func (m *riskModel) cutSets(f int32, n int) []CutSet {
	memo := make([]int32, f+1) // the nodes below f were made before it
	for i := range memo {
		memo[i] = -1
	}
	z := m.b.minimal(f, memo)
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

// maxDraws bounds the event draws of one Monte Carlo estimate.
const maxDraws = 100_000_000

// estimate is a Monte Carlo estimate with its 95% interval.
type estimate struct {
	p        float64
	interval [2]float64
}

// sample estimates the unavailability of the customers by drawing every
// event opt.Samples times (fewer for a catalog of many events) from a
// generator seeded with opt.Seed and propagating the failures; the
// interval is Wilson's.
func (ix *index) sample(customers []int32, opt RiskOptions) map[string]estimate {
	r := rand.New(rand.NewPCG(opt.Seed, 0x626c617374))
	worst := catalog.Down // the least state that counts
	if opt.DegradedAsDown {
		worst = catalog.Degraded
	}
	p := newPropagator(ix)
	var events []int32
	for i, nd := range ix.nodes {
		if nd.Unavailability > 0 {
			events = append(events, int32(i))
		}
	}
	// Each sample draws every event: bound the draws, so that a catalog
	// of many events costs fewer samples (and a wider interval), not more
	// time.
	n := min(opt.Samples, max(1000, maxDraws/(len(events)+1)))
	down := make([]int, len(customers))
	var seeds []seed
	for range n {
		seeds = seeds[:0]
		for _, id := range events {
			if r.Float64() < ix.nodes[id].Unavailability {
				seeds = append(seeds, seed{id, catalog.Down})
			}
		}
		p.run(seeds)
		for k, c := range customers {
			if p.state[c] >= worst {
				down[k]++
			}
		}
		p.reset(seeds)
	}
	out := make(map[string]estimate, len(customers))
	for k, c := range customers {
		out[ix.nodes[c].Ref] = wilson(down[k], n)
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

// reachable lists the inner nodes of f, children before parents: a node
// is made after its children, so in the order of their ids.
func (b *bdd) reachable(f int32) []int32 {
	seen := make([]bool, f+1)
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
	slices.Sort(out)
	return out
}

// derivatives returns P(f) and, for every variable, its Birnbaum
// importance P(f | v) − P(f | not v) (zero for a variable f does not
// depend on): one pass up for the probability of each node, one down for
// the probability of reaching it.
func (b *bdd) derivatives(f int32, nodes []int32, p []float64) (float64, []float64) {
	prob := make([]float64, max(f, bddTrue)+1)
	prob[bddTrue] = 1
	for _, id := range nodes {
		n := b.nodes[id]
		prob[id] = p[n.v]*prob[n.hi] + (1-p[n.v])*prob[n.lo]
	}
	reach := make([]float64, len(prob))
	reach[f] = 1
	out := make([]float64, len(p))
	for _, id := range slices.Backward(nodes) {
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
