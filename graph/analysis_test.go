package graph

import (
	"math/rand/v2"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
)

// randomGraphs loads n random catalogs.
func randomGraphs(t *testing.T, n int) []*Graph {
	t.Helper()
	var gs []*Graph
	for seed := range uint64(n) {
		text := catalogtest.Random(rand.New(rand.NewPCG(seed, 11)))
		c, err := catalog.LoadFS(fstest.MapFS{"r.yaml": {Data: text}}, ".")
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		g := New(c)
		gs = append(gs, g)
	}
	return gs
}

// brute evaluates one scenario on its own and counts its customers.
func brute(t *testing.T, g *Graph, fail ...string) (Tally, *Evaluation) {
	t.Helper()
	ev, err := g.Evaluate(Scenario{Fail: fail})
	if err != nil {
		t.Fatal(err)
	}
	return ev.Summary().Tally, ev
}

// TestRankAgainstBruteForce checks every ranked single failure and pair
// against its own evaluation.
func TestRankAgainstBruteForce(t *testing.T) {
	levels := []catalog.Level{catalog.LevelProvider, catalog.LevelRegion, catalog.LevelZone, catalog.LevelService, catalog.LevelCustomer}
	for gi, g := range randomGraphs(t, 25) {
		for _, level := range levels {
			got, err := g.Rank(level, nil)
			if err != nil {
				t.Fatal(err)
			}
			refs, _ := g.ix.candidates(level)
			if len(got) != len(refs) {
				t.Fatalf("catalog %d, %s: %d results, want %d", gi, level, len(got), len(refs))
			}
			for k, r := range got {
				want, _ := brute(t, g, r.Ref)
				if r.Tally != want {
					t.Fatalf("catalog %d, %s: %+v, brute force %+v", gi, level, r, want)
				}
				if k > 0 && compareOutcome(got[k-1], r) > 0 {
					t.Fatalf("catalog %d, %s: results out of order at %d", gi, level, k)
				}
			}
			if len(refs) > 12 {
				continue
			}
			pairs, err := g.RankPairs(level, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(pairs) != len(refs)*(len(refs)-1)/2 {
				t.Fatalf("catalog %d, %s: %d pairs for %d nodes", gi, level, len(pairs), len(refs))
			}
			for _, p := range pairs {
				want, ev := brute(t, g, p.Refs[0], p.Refs[1])
				_, a := brute(t, g, p.Refs[0])
				_, b := brute(t, g, p.Refs[1])
				added := 0
				for _, af := range ev.Affected() {
					if af.Node.Kind == catalog.KindCustomer && af.State == catalog.Down &&
						a.State(af.Node.Ref) != catalog.Down && b.State(af.Node.Ref) != catalog.Down {
						added++
					}
				}
				if p.Tally != want || p.AddedDown != added {
					t.Fatalf("catalog %d, pair %v: %+v added %d, brute force %+v added %d", gi, p.Refs, p.Tally, p.AddedDown, want, added)
				}
			}
		}
	}
}

// TestSPOFsAgainstBruteForce fails every node, then every pair of nodes,
// and compares what takes each customer down with SPOFs.
func TestSPOFsAgainstBruteForce(t *testing.T) {
	for gi, g := range randomGraphs(t, 30) {
		nodes := g.Catalog().Nodes()
		if len(nodes) > 90 {
			continue // keep the pair brute force quick
		}
		singles := map[string][]string{}
		down := map[string]*Evaluation{}
		for _, n := range nodes {
			_, ev := brute(t, g, n.Ref)
			down[n.Ref] = ev
		}
		for _, c := range g.ix.customers {
			cref := g.ix.nodes[c].Ref
			for _, n := range nodes {
				if n.Ref != cref && down[n.Ref].State(cref) == catalog.Down {
					singles[cref] = append(singles[cref], n.Ref)
				}
			}
		}
		pairs := map[string][][2]string{}
		for a := range nodes {
			for b := a + 1; b < len(nodes); b++ {
				x, y := nodes[a].Ref, nodes[b].Ref
				_, ev := brute(t, g, x, y)
				for _, c := range g.ix.customers {
					cref := g.ix.nodes[c].Ref
					if x == cref || y == cref || ev.State(cref) != catalog.Down ||
						down[x].State(cref) == catalog.Down || down[y].State(cref) == catalog.Down {
						continue
					}
					pairs[cref] = append(pairs[cref], [2]string{x, y})
				}
			}
		}
		got, err := g.SPOFs(nil, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range got {
			if all := slices.Collect(s.Singles.All()); !slices.Equal(all, singles[s.Customer]) || s.Singles.Len() != len(all) {
				t.Fatalf("catalog %d, %s: singles %v (%d), brute force %v", gi, s.Customer, all, s.Singles.Len(), singles[s.Customer])
			}
			if !slices.Equal(s.Pairs, pairs[s.Customer]) {
				t.Fatalf("catalog %d, %s: pairs %v, brute force %v", gi, s.Customer, s.Pairs, pairs[s.Customer])
			}
		}
		one, err := g.SPOFs(nil, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k := range one {
			if !slices.Equal(slices.Collect(one[k].Singles.All()), slices.Collect(got[k].Singles.All())) || one[k].Pairs != nil {
				t.Fatalf("catalog %d, %s: order 1 differs from order 2's singles", gi, one[k].Customer)
			}
		}
	}
}

// TestConcentrationAgainstBruteForce checks the entries, the HHI and the
// per-customer counts against single evaluations.
func TestConcentrationAgainstBruteForce(t *testing.T) {
	for gi, g := range randomGraphs(t, 20) {
		provs, _ := g.ix.candidates(catalog.LevelProvider)
		regions, _ := g.ix.candidates(catalog.LevelRegion)
		counts := map[string][2]int{}
		for slot, ids := range [][]int32{provs, regions} {
			for _, id := range ids {
				_, ev := brute(t, g, g.ix.nodes[id].Ref)
				for _, a := range ev.Affected() {
					if a.Node.Kind == catalog.KindCustomer && a.State == catalog.Down {
						c := counts[a.Node.Ref]
						c[slot]++
						counts[a.Node.Ref] = c
					}
				}
			}
		}
		for _, by := range []catalog.Level{catalog.LevelProvider, catalog.LevelRegion} {
			c, err := g.Concentration(by, nil)
			if err != nil {
				t.Fatal(err)
			}
			rank, _ := g.Rank(by, nil)
			hhi, total := 0.0, 0.0
			for k, e := range c.Entries {
				if e.Outcome != rank[k] || e.Users != e.Down+e.Degraded {
					t.Fatalf("catalog %d, %s: entry %+v, rank %+v", gi, by, e, rank[k])
				}
				total += e.WeightDown
			}
			for _, e := range c.Entries {
				if total > 0 {
					hhi += (100 * e.WeightDown / total) * (100 * e.WeightDown / total)
				}
			}
			if diff := c.HHI - hhi; diff > 1e-6 || diff < -1e-6 {
				t.Fatalf("catalog %d: HHI %v, want %v", gi, c.HHI, hhi)
			}
			for _, cu := range c.Customers {
				if want := counts[cu.Customer]; cu.Providers != want[0] || cu.Regions != want[1] {
					t.Fatalf("catalog %d, %s: %+v, brute force %v", gi, cu.Customer, cu, want)
				}
			}
		}
	}
}

// TestExposureAgainstBruteForce checks every cell of the region matrix.
func TestExposureAgainstBruteForce(t *testing.T) {
	for gi, g := range randomGraphs(t, 15) {
		e, err := g.Exposure(catalog.LevelRegion)
		if err != nil {
			t.Fatal(err)
		}
		for k, f := range e.Failures {
			_, ev := brute(t, g, f)
			for _, c := range e.Customers {
				if c.States[k] != ev.State(c.Customer) {
					t.Fatalf("catalog %d: %s under %s is %v, brute force %v", gi, c.Customer, f, c.States[k], ev.State(c.Customer))
				}
			}
		}
		for k := 1; k < len(e.Customers); k++ {
			if e.Customers[k-1].Down < e.Customers[k].Down {
				t.Fatalf("catalog %d: rows not ordered by exposure", gi)
			}
		}
	}
}

func TestLint(t *testing.T) {
	g := New(mustLoad(t, base+`customers:
  - {id: lonely}
  - id: same-region
    depends_on: [{any_of: [p/vm@z1, p/vm@z2]}]
  - id: two-regions
    depends_on: [{any_of: [p/db@r1, p/db@r2]}]
  - id: quorum
    depends_on: [{quorum: 2, of: [p/db@r1, p/fn@r1, p/db@r2]}]
  - id: loop
    depends_on: [{any_of: [loop-b, loop-c]}]
  - {id: loop-b, depends_on: [loop]}
  - {id: loop-c, depends_on: [loop]}
`))
	got := map[string]string{}
	for _, f := range g.Lint() {
		got[f.Node] = f.Rule + ": " + f.Message
	}
	want := map[string]string{
		"lonely":      "no-dependencies: customer lonely depends on nothing, so no failure can reach it",
		"same-region": "shared-fate: the any_of group of same-region is not redundant: one failure takes every branch down: p@r1",
		"quorum":      "shared-fate: the quorum 2 of 3 group of quorum is not redundant: one failure takes down more branches than it can lose: p/db@r1, p/vm@r1, p@r1",
	}
	for node, w := range want {
		if got[node] != w {
			t.Errorf("%s: %q, want %q", node, got[node], w)
		}
	}
	for node := range got {
		if _, ok := want[node]; !ok {
			t.Errorf("unexpected finding on %s: %s", node, got[node])
		}
	}
}
