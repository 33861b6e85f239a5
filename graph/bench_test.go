package graph

import (
	"flag"
	"fmt"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
)

var huge = flag.Bool("huge", false, "also benchmark a 1,000,000-customer catalog (needs about 6 GiB)")

// benchSizes are the catalog sizes benchmarked.
func benchSizes() []int {
	if *huge {
		return []int{10_000, 100_000, 1_000_000}
	}
	return []int{10_000, 100_000}
}

// synthetic loads a generated catalog of n customers.
func synthetic(b *testing.B, n int) *catalog.Catalog {
	b.Helper()
	c, err := catalog.LoadFS(catalogtest.Generate(catalogtest.Options{Customers: n, Seed: 1}), ".")
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkNew measures building the model graph and compiling its index.
func BenchmarkNew(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("customers=%d", n), func(b *testing.B) {
			c := synthetic(b, n)
			for b.Loop() {
				New(c)
			}
		})
	}
}

// BenchmarkEvaluate measures one impact after load: each scenario of the
// generated catalog (a region, a zone, a global service degraded), counted
// (what a summary, a gate or a diagram needs), then with every affected
// node's cause path (what a full listing needs).
func BenchmarkEvaluate(b *testing.B) {
	for _, n := range benchSizes() {
		c := synthetic(b, n)
		g := New(c)
		for _, s := range c.Scenarios {
			sc := ScenarioOf(s)
			for _, paths := range []bool{false, true} {
				b.Run(fmt.Sprintf("customers=%d/%s/paths=%v", n, s.ID, paths), func(b *testing.B) {
					var sum Summary
					for b.Loop() {
						ev, err := g.Evaluate(sc)
						if err != nil {
							b.Fatal(err)
						}
						sum = ev.Summary()
						if paths {
							ev.Affected()
						}
					}
					b.ReportMetric(float64(sum.Down+sum.Degraded), "affected-customers")
				})
			}
		}
	}
}

// BenchmarkRank measures whole-catalog sweeps: every region, every zone and
// every service instance failed on its own, in parallel.
func BenchmarkRank(b *testing.B) {
	for _, n := range benchSizes() {
		g := New(synthetic(b, n))
		for _, level := range []catalog.Level{catalog.LevelRegion, catalog.LevelZone, catalog.LevelService} {
			b.Run(fmt.Sprintf("customers=%d/%s", n, level), func(b *testing.B) {
				for b.Loop() {
					if _, err := g.Rank(level, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// analysisCatalogs are the catalogs the whole-catalog analyses are
// benchmarked on: the realistic generator at each size, a chain of 20,000
// customers (each has every customer before it as a single point of
// failure) and a fan-in of 100,000 dependencies on one customer.
func analysisCatalogs() []struct {
	name string
	load func(testing.TB) *catalog.Catalog
} {
	type entry = struct {
		name string
		load func(testing.TB) *catalog.Catalog
	}
	var out []entry
	for _, n := range benchSizes() {
		out = append(out, entry{fmt.Sprintf("customers=%d", n), func(tb testing.TB) *catalog.Catalog {
			return load(tb, catalogtest.Generate(catalogtest.Options{Customers: n, Seed: 1}))
		}})
	}
	return append(out,
		entry{"chain=20000", func(tb testing.TB) *catalog.Catalog {
			return load(tb, fstest.MapFS{"c.yaml": {Data: catalogtest.Chain(20_000)}})
		}},
		entry{"fanin=100000", func(tb testing.TB) *catalog.Catalog {
			return load(tb, fstest.MapFS{"c.yaml": {Data: catalogtest.FanIn(100_000)}})
		}})
}

func load(tb testing.TB, fsys fs.FS) *catalog.Catalog {
	tb.Helper()
	c, err := catalog.LoadFS(fsys, ".")
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// BenchmarkSPOFs measures the single points of failure of every customer,
// as the report computes them.
func BenchmarkSPOFs(b *testing.B) {
	for _, c := range analysisCatalogs() {
		b.Run(c.name, func(b *testing.B) {
			g := New(c.load(b))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := g.SPOFs(nil, 1, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLint measures linting the whole catalog, as check and the
// report do.
func BenchmarkLint(b *testing.B) {
	for _, c := range analysisCatalogs() {
		b.Run(c.name, func(b *testing.B) {
			g := New(c.load(b))
			b.ReportAllocs()
			for b.Loop() {
				g.Lint()
			}
		})
	}
}

// BenchmarkConcentration measures concentration by region — the sweep of
// every provider and region with the direct / hidden split, and the
// carriers of each region with hidden dependence — beside Rank of the
// same failures, the sweep without either, as its baseline.
func BenchmarkConcentration(b *testing.B) {
	for _, c := range analysisCatalogs() {
		g := New(c.load(b))
		b.Run(c.name+"/rank", func(b *testing.B) {
			for b.Loop() {
				if _, err := g.Rank(catalog.LevelRegion, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/concentration", func(b *testing.B) {
			var conc *Concentration
			var err error
			for b.Loop() {
				if conc, err = g.Concentration(catalog.LevelRegion, nil); err != nil {
					b.Fatal(err)
				}
			}
			hidden := 0
			for _, e := range conc.Entries {
				hidden += e.Hidden
			}
			b.ReportMetric(float64(hidden), "hidden-customers")
		})
	}
}

// BenchmarkSupplyChain measures the supply chain of the customer with the
// most dependencies, beside one evaluation of the worst region failure as
// its baseline: a supply chain costs one failure per provider and region
// in the chain.
func BenchmarkSupplyChain(b *testing.B) {
	for _, c := range analysisCatalogs() {
		g := New(c.load(b))
		ix := g.ix
		top := ix.customers[0]
		for _, i := range ix.customers {
			if ix.depStart[i+1]-ix.depStart[i] > ix.depStart[top+1]-ix.depStart[top] {
				top = i
			}
		}
		regions, err := g.Rank(catalog.LevelRegion, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name+"/evaluate-worst-region", func(b *testing.B) {
			for b.Loop() {
				if _, err := g.Evaluate(Scenario{Fail: []string{regions[0].Ref}}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/supply-chain", func(b *testing.B) {
			var sc *SupplyChain
			for b.Loop() {
				if sc, err = g.SupplyChain(ix.nodes[top].Ref); err != nil {
					b.Fatal(err)
				}
			}
			n := 0
			for _, s := range sc.Suppliers {
				n += 1 + len(s.Regions)
			}
			b.ReportMetric(float64(n), "failures")
		})
	}
}

// BenchmarkPropagate measures the propagation alone of each scenario of
// the generated catalog: the states, without cause paths.
func BenchmarkPropagate(b *testing.B) {
	for _, n := range benchSizes() {
		c := synthetic(b, n)
		g := New(c)
		p := newPropagator(g.ix)
		for _, s := range c.Scenarios {
			var seeds []seed
			for _, r := range s.Fail {
				seeds = append(seeds, seed{g.ix.id(r.Ref), catalog.Down})
			}
			for _, r := range s.Degrade {
				seeds = append(seeds, seed{g.ix.id(r.Ref), catalog.Degraded})
			}
			b.Run(fmt.Sprintf("customers=%d/%s", n, s.ID), func(b *testing.B) {
				for b.Loop() {
					p.run(seeds)
					p.reset(seeds)
				}
			})
		}
	}
}

// BenchmarkRisk measures the exact risk of every customer of a generated
// catalog with an availability on every infrastructure node (providers
// 0.99999, regions 0.9999, zones 0.999, service instances 0.9995).
func BenchmarkRisk(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("customers=%d", n), func(b *testing.B) {
			c, err := catalog.LoadFS(catalogtest.Generate(catalogtest.Options{Customers: n, Seed: 1, Availability: true}), ".")
			if err != nil {
				b.Fatal(err)
			}
			g := New(c)
			var r *Risk
			for b.Loop() {
				if r, err = g.Risk(RiskOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			if r.Method != MethodExact {
				b.Fatalf("method %s, want every customer exact", r.Method)
			}
			b.ReportMetric(r.ExpectedWeightedDowntime, "weighted-min/year")
		})
	}
}
