package graph

import (
	"flag"
	"fmt"
	"testing"

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
// generated catalog (a region, a zone, a global service degraded).
func BenchmarkEvaluate(b *testing.B) {
	for _, n := range benchSizes() {
		c := synthetic(b, n)
		g := New(c)
		for _, s := range c.Scenarios {
			b.Run(fmt.Sprintf("customers=%d/%s", n, s.ID), func(b *testing.B) {
				sc := ScenarioOf(s)
				var ev *Evaluation
				var err error
				for b.Loop() {
					if ev, err = g.Evaluate(sc); err != nil {
						b.Fatal(err)
					}
				}
				sum := ev.Summary()
				b.ReportMetric(float64(sum.Down+sum.Degraded), "affected-customers")
			})
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
