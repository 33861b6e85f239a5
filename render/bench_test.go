package render

import (
	"io"
	"testing"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
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
