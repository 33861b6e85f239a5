package render

import (
	"io"
	"testing"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
	"github.com/blastradius/blastradius/graph"
)

// BenchmarkRender measures drawing an impact after evaluation: building the
// scene (collapse included) and rendering it, for the bundled example and
// for a region failure in a 100,000-customer synthetic catalog.
func BenchmarkRender(b *testing.B) {
	big, err := catalog.LoadFS(catalogtest.Generate(catalogtest.Options{Customers: 100_000, Seed: 1}), ".")
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name     string
		cat      *catalog.Catalog
		scenario string
	}{
		{"example", nil, "aws-2021-12-07"},
		{"customers=100000", big, "aws-us-east-1-outage"},
	}
	r, err := NewRenderer(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	for _, c := range cases {
		g, ev := exampleEvaluation(b)
		if c.cat != nil {
			g, ev = evaluate(b, c.cat, c.scenario)
		}
		b.Run(c.name+"/scene", func(b *testing.B) {
			for b.Loop() {
				must(b)(BlastRadius(g, ev, Options{}))
			}
		})
		for _, f := range []Format{DOT, SVG, PNG} {
			b.Run(c.name+"/"+string(f), func(b *testing.B) {
				for b.Loop() {
					if err := r.Render(io.Discard, must(b)(BlastRadius(g, ev, Options{})), f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkCollapse measures building the collapsed scene of large blast
// radii, hostile shapes included: a region failure in a 100,000-customer
// synthetic catalog, a chain of 20,000 customers (cause paths 20,000 long)
// and 100,000 customers fanning in to one.
func BenchmarkCollapse(b *testing.B) {
	big, err := catalog.LoadFS(catalogtest.Generate(catalogtest.Options{Customers: 100_000, Seed: 1}), ".")
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name string
		load func() (*graph.Graph, *graph.Evaluation)
	}{
		{"customers=100000", func() (*graph.Graph, *graph.Evaluation) { return evaluate(b, big, "aws-us-east-1-outage") }},
		{"chain=20000", func() (*graph.Graph, *graph.Evaluation) {
			return loadShape(b, catalogtest.Chain(20_000), "east-down")
		}},
		{"fan-in=100000", func() (*graph.Graph, *graph.Evaluation) {
			return loadShape(b, catalogtest.FanIn(100_000), "east-down")
		}},
	}
	for _, c := range cases {
		g, ev := c.load()
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				must(b)(BlastRadius(g, ev, Options{}))
			}
			b.ReportMetric(float64(len(ev.Affected())), "affected")
		})
	}
}
