package graph

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/blastradius/blastradius/catalog"
)

// Tally counts the customers that one failure (or scenario) takes down or
// degrades, and their weight.
type Tally struct {
	Down            int
	Degraded        int
	WeightDown      float64
	WeightDegraded  float64
	WeightDownShare float64 // WeightDown over the catalog's total weight; 0 when that is 0
}

// Outcome is what the failure of one node takes down: a row of Rank.
type Outcome struct {
	Ref string // the failed node
	Tally
}

// PairOutcome is what two failures together take down, and what that adds
// over the two failures on their own: the customers that only the pair
// takes down, whose redundancy survives either failure alone.
type PairOutcome struct {
	Refs [2]string
	Tally
	AddedDown       int
	AddedWeightDown float64
}

// ErrTooManyPairs is returned by RankPairs when a level has too many nodes
// to try every pair.
var ErrTooManyPairs = errors.New("too many pairs")

// MaxPairs is the most pairs RankPairs tries.
const MaxPairs = 1_000_000

// candidates returns the nodes of a level, sorted: providers, regions,
// zones, service instances (not the regional views of zonal services, which
// fail only through their zones), or customers.
func (ix *index) candidates(level catalog.Level) ([]int32, error) {
	var want func(*catalog.Node) bool
	switch level {
	case catalog.LevelProvider:
		want = func(n *catalog.Node) bool { return n.Kind == catalog.KindProvider }
	case catalog.LevelRegion:
		want = func(n *catalog.Node) bool { return n.Kind == catalog.KindRegion }
	case catalog.LevelZone:
		want = func(n *catalog.Node) bool { return n.Kind == catalog.KindZone }
	case catalog.LevelService:
		want = func(n *catalog.Node) bool { return n.Kind == catalog.KindService && !n.View }
	case catalog.LevelCustomer:
		want = func(n *catalog.Node) bool { return n.Kind == catalog.KindCustomer }
	default:
		return nil, fmt.Errorf("unknown level %q: want provider, region, zone, service or customer", level)
	}
	var ids []int32
	for i, n := range ix.nodes {
		if want(n) {
			ids = append(ids, int32(i))
		}
	}
	return ids, nil
}

// count sums up the customers a propagator's last run affected; with
// down, it also marks the customers down.
func (ix *index) count(p *propagator, down *bitset) Tally {
	return ix.tally(p.touched, p.state, down)
}

// tally sums up the customers among the affected nodes ids, in states st;
// with down, it also marks the customers down. Weights are added in ref
// order whatever the order of ids, so that the same failure always gives
// the same sums, bit for bit, in an impact, a sweep or a policy check.
func (ix *index) tally(ids []int32, st []catalog.State, down *bitset) Tally {
	var im Tally
	var downs, degraded []int32
	for _, i := range ids {
		if ix.nodes[i].Kind != catalog.KindCustomer {
			continue
		}
		switch st[i] {
		case catalog.Down:
			downs = append(downs, i)
			if down != nil {
				down.set(int(i))
			}
		case catalog.Degraded:
			degraded = append(degraded, i)
		}
	}
	im.Down, im.WeightDown = len(downs), ix.sumWeights(downs)
	im.Degraded, im.WeightDegraded = len(degraded), ix.sumWeights(degraded)
	if ix.weight > 0 {
		im.WeightDownShare = im.WeightDown / ix.weight
	}
	return im
}

// sumWeights adds the weights of the given nodes in ref order.
func (ix *index) sumWeights(ids []int32) float64 {
	if !slices.IsSorted(ids) {
		slices.Sort(ids)
	}
	var w float64
	for _, i := range ids {
		w += ix.nodes[i].Weight
	}
	return w
}

// Rank evaluates the failure of every node at a level on its own and
// returns the impacts ranked: by weight down, then customers down, then
// customers degraded, then ref.
func (g *Graph) Rank(level catalog.Level, progress Progress) ([]Outcome, error) {
	ids, err := g.ix.candidates(level)
	if err != nil {
		return nil, err
	}
	out := make([]Outcome, len(ids))
	g.ix.sweep(len(ids), func(k int) []seed { return single(ids[k]) }, func(k int, p *propagator) {
		out[k] = Outcome{Ref: g.ix.nodes[ids[k]].Ref, Tally: g.ix.count(p, nil)}
	}, progress)
	slices.SortFunc(out, compareOutcome)
	return out, nil
}

// compareOutcome orders outcomes worst first: by weight down, customers
// down, customers degraded, then ref.
func compareOutcome(a, b Outcome) int {
	return cmp.Or(compareTally(a.Tally, b.Tally), cmp.Compare(a.Ref, b.Ref))
}

func compareTally(a, b Tally) int {
	return cmp.Or(cmp.Compare(b.WeightDown, a.WeightDown), cmp.Compare(b.Down, a.Down), cmp.Compare(b.Degraded, a.Degraded))
}

// RankPairs evaluates every pair of failures at a level and ranks them by
// what they add over their two singles: by added weight down, then added
// customers down, then as Rank ranks. It returns ErrTooManyPairs when the
// level has more than MaxPairs pairs.
func (g *Graph) RankPairs(level catalog.Level, progress Progress) ([]PairOutcome, error) {
	ix := g.ix
	ids, err := ix.candidates(level)
	if err != nil {
		return nil, err
	}
	n := len(ids)
	if pairs := n * (n - 1) / 2; pairs > MaxPairs {
		return nil, fmt.Errorf("%w: %d %ss make %d pairs, more than %d", ErrTooManyPairs, n, level, pairs, MaxPairs)
	}
	total := n + n*(n-1)/2
	var stage Progress
	if progress != nil {
		stage = func(done, _ int) { progress(done, total) }
	}
	downs := make([]bitset, n)
	ix.sweep(n, func(k int) []seed { return single(ids[k]) }, func(k int, p *propagator) {
		downs[k] = newBitset(len(ix.nodes))
		ix.count(p, &downs[k])
	}, stage)
	var pairs [][2]int
	for a := range n {
		for b := a + 1; b < n; b++ {
			pairs = append(pairs, [2]int{a, b})
		}
	}
	if progress != nil {
		stage = func(done, _ int) { progress(n+done, total) }
	}
	out := make([]PairOutcome, len(pairs))
	ix.sweep(len(pairs), func(k int) []seed {
		return []seed{{ids[pairs[k][0]], catalog.Down}, {ids[pairs[k][1]], catalog.Down}}
	}, func(k int, p *propagator) {
		a, b := pairs[k][0], pairs[k][1]
		r := &out[k]
		r.Tally = ix.count(p, nil)
		r.Refs = [2]string{ix.nodes[ids[a]].Ref, ix.nodes[ids[b]].Ref}
		for _, i := range p.touched {
			if p.state[i] == catalog.Down && ix.nodes[i].Kind == catalog.KindCustomer && !downs[a].has(int(i)) && !downs[b].has(int(i)) {
				r.AddedDown++
				r.AddedWeightDown += ix.nodes[i].Weight
			}
		}
	}, stage)
	slices.SortFunc(out, func(x, y PairOutcome) int {
		return cmp.Or(cmp.Compare(y.AddedWeightDown, x.AddedWeightDown), cmp.Compare(y.AddedDown, x.AddedDown),
			compareTally(x.Tally, y.Tally), cmp.Compare(x.Refs[0], y.Refs[0]), cmp.Compare(x.Refs[1], y.Refs[1]))
	})
	return out, nil
}

// bitset is a set of node ids.
type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
