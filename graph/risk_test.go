package graph

import (
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
)

// randomRisk loads a random catalog (cycles, quorums, soft edges,
// customers on customers, when: down) and gives up to n random nodes an
// unavailability.
func randomRisk(t *testing.T, r *rand.Rand, n int) (*Graph, bool) {
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: catalogtest.Random(r)}}, ".")
	if err != nil {
		return nil, false
	}
	nodes := c.Nodes()
	for _, i := range r.Perm(len(nodes))[:min(n, len(nodes))] {
		nodes[i].Unavailability = 0.01 + 0.5*r.Float64()
	}
	return New(c), true
}

// enumerate computes, by trying every combination of the basic events,
// R = Σ_c w_c P(c out), each customer's P(out), and R with each event
// forced to happen and forced not to; a customer is out when its state is
// at least worst.
func enumerate(g *Graph, worst catalog.State) (perCustomer map[string]float64, r float64, r1, r0 map[string]float64) {
	ix := g.ix
	var events []int32
	for i, n := range ix.nodes {
		if n.Unavailability > 0 {
			events = append(events, int32(i))
		}
	}
	perCustomer = map[string]float64{}
	r1, r0 = map[string]float64{}, map[string]float64{}
	p := newPropagator(ix)
	for mask := 0; mask < 1<<len(events); mask++ {
		prob := 1.0
		var seeds []seed
		for k, e := range events {
			u := ix.nodes[e].Unavailability
			if mask&(1<<k) != 0 {
				prob *= u
				seeds = append(seeds, seed{e, catalog.Down})
			} else {
				prob *= 1 - u
			}
		}
		p.run(seeds)
		var weighted float64
		for _, c := range ix.customers {
			if p.state[c] >= worst {
				perCustomer[ix.nodes[c].Ref] += prob
				weighted += ix.nodes[c].Weight
			}
		}
		p.reset(seeds)
		r += prob * weighted
		// Conditioning on event k: the same state, weighted without its factor.
		for k, e := range events {
			u, ref := ix.nodes[e].Unavailability, ix.nodes[e].Ref
			if mask&(1<<k) != 0 {
				r1[ref] += prob / u * weighted
			} else {
				r0[ref] += prob / (1 - u) * weighted
			}
		}
	}
	return perCustomer, r, r1, r0
}

// TestRiskAgainstEnumeration checks every probability and importance
// measure against enumeration of all 2^n combinations of at most 18
// basic events on random catalogs, with degraded counted as up (the
// default) and as down.
func TestRiskAgainstEnumeration(t *testing.T) {
	for _, degraded := range []bool{false, true} {
		worst := catalog.Down
		if degraded {
			worst = catalog.Degraded
		}
		t.Run(map[bool]string{false: "degraded is up", true: "degraded is down"}[degraded], func(t *testing.T) {
			checkAgainstEnumeration(t, RiskOptions{CutSets: 1000, DegradedAsDown: degraded}, worst)
		})
	}
}

func checkAgainstEnumeration(t *testing.T, opt RiskOptions, worst catalog.State) {
	r := rand.New(rand.NewPCG(13, 13))
	checked := 0
	for checked < 60 {
		n := 1 + r.IntN(14)
		if checked%12 == 0 {
			n = 18 // the most the issue asks for
		}
		g, ok := randomRisk(t, r, n)
		if !ok {
			continue
		}
		checked++
		risk, err := g.Risk(opt)
		if err != nil {
			t.Fatal(err)
		}
		perCustomer, total, r1, r0 := enumerate(g, worst)
		// Probabilities within 1e-12; sums weighted by customers within
		// 1e-12 per unit of weight.
		scale := 1.0
		close := func(what string, got, want float64) {
			t.Helper()
			if math.Abs(got-want) > 1e-12*max(scale, math.Abs(want)) && !(math.IsInf(got, 1) && math.IsInf(want, 1)) {
				t.Fatalf("%s = %.17g, enumeration gives %.17g", what, got, want)
			}
		}
		for _, cr := range risk.Customers {
			close("P("+cr.Ref+" down)", cr.Unavailability, perCustomer[cr.Ref])
			checkCutSets(t, g, cr, worst)
		}
		scale = g.ix.weight
		close("expected weighted unavailability", risk.ExpectedWeightedDowntime/MinutesPerYear, total)
		for _, imp := range risk.Importance {
			close("Birnbaum of "+imp.Ref, imp.Birnbaum, r1[imp.Ref]-r0[imp.Ref])
			close("Fussell-Vesely of "+imp.Ref, imp.FussellVesely, riskRatio(total-r0[imp.Ref], total))
			close("RAW of "+imp.Ref, imp.RAW, riskRatio(r1[imp.Ref], total))
			close("RRW of "+imp.Ref, imp.RRW, riskRatio(total, r0[imp.Ref]))
		}
	}
}

// checkCutSets checks that each cut set takes the customer out (to a
// state at least worst) and that no event of it can be left out.
func checkCutSets(t *testing.T, g *Graph, cr CustomerRisk, worst catalog.State) {
	t.Helper()
	down := func(refs []string) bool {
		ev, err := g.Evaluate(Scenario{Fail: refs})
		if err != nil {
			t.Fatal(err)
		}
		return ev.State(cr.Ref) >= worst
	}
	for _, cs := range cr.CutSets {
		if !down(cs.Refs) {
			t.Fatalf("cut set %v does not take %s down", cs.Refs, cr.Ref)
		}
		for k := range cs.Refs {
			if rest := slices.Delete(slices.Clone(cs.Refs), k, k+1); len(rest) > 0 && down(rest) {
				t.Fatalf("cut set %v of %s is not minimal: %v suffices", cs.Refs, cr.Ref, rest)
			}
		}
	}
}

// TestMonteCarloCoverage estimates a random catalog's customers by Monte
// Carlo with 100 fixed seeds and wants the exact figure inside the stated
// 95% interval in at least 90 of 100 trials, for each customer.
func TestMonteCarloCoverage(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 21))
	var g *Graph
	for g == nil {
		if c, ok := randomRisk(t, r, 10); ok {
			g = c
		}
	}
	exact, err := g.Risk(RiskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	inside := make([]int, len(exact.Customers))
	for seed := range uint64(100) {
		mc, err := g.Risk(RiskOptions{MaxDiagram: -1, Samples: 2000, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if mc.Method != MethodMonteCarlo {
			t.Fatalf("method %s, want %s", mc.Method, MethodMonteCarlo)
		}
		for k, cr := range mc.Customers {
			if want := exact.Customers[k].Unavailability; cr.Interval[0] <= want && want <= cr.Interval[1] {
				inside[k]++
			}
		}
	}
	for k, n := range inside {
		if n < 90 {
			t.Errorf("%s: exact figure inside the interval in %d of 100 trials", exact.Customers[k].Ref, n)
		}
	}
}

// TestRiskDeterministic computes the risk of a generated catalog on one
// core and on every core: the figures must be equal to the last bit,
// since the weighted sums add the workers' parts in order.
func TestRiskDeterministic(t *testing.T) {
	c, err := catalog.LoadFS(catalogtest.Generate(catalogtest.Options{Customers: 300, Seed: 1}), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, nd := range c.Nodes() {
		if nd.Kind != catalog.KindCustomer && !nd.View {
			nd.Unavailability = 1e-4
		}
	}
	g := New(c)
	prev := runtime.GOMAXPROCS(1)
	one, err := g.Risk(RiskOptions{})
	runtime.GOMAXPROCS(max(prev, 4))
	many, err2 := g.Risk(RiskOptions{})
	runtime.GOMAXPROCS(prev)
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	if !reflect.DeepEqual(one, many) {
		t.Error("the figures depend on how many cores computed them")
	}
}
