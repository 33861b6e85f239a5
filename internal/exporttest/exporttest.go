// Package exporttest holds what the tests of the exporters (graphml,
// cypher, cytoscape) share: the graphs they write.
package exporttest

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/golden"
)

// Writer is an exporter's Write function.
type Writer func(io.Writer, *graph.Graph, *graph.Evaluation) error

// Write runs an exporter and returns what it wrote, failing the test on an
// error.
func Write(t testing.TB, w Writer, g *graph.Graph, ev *graph.Evaluation) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := w(&b, g, ev); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Golden checks what an exporter writes of the Labels graph, without and
// with its scenario, against the golden files testdata/labels.EXT and
// testdata/labels-scenario.EXT, and that a second write gives the same
// bytes.
func Golden(t *testing.T, w Writer, ext string) {
	g, ev := Labels(t)
	for _, tt := range []struct {
		name string
		ev   *graph.Evaluation
	}{{"labels", nil}, {"labels-scenario", ev}} {
		t.Run(tt.name, func(t *testing.T) {
			out := Write(t, w, g, tt.ev)
			golden.Check(t, filepath.Join("testdata", tt.name+ext), out)
			if !bytes.Equal(out, Write(t, w, g, tt.ev)) {
				t.Error("two writes differ")
			}
		})
	}
}

// Labels returns the graph of catalogtest.Labels, whose strings break
// naive escaping, and its evaluation of the failure of cloud@east.
func Labels(t testing.TB) (*graph.Graph, *graph.Evaluation) {
	t.Helper()
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(catalogtest.Labels)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(c)
	ev, err := g.Evaluate(graph.Scenario{Fail: []string{"cloud@east"}})
	if err != nil {
		t.Fatal(err)
	}
	return g, ev
}

// Example returns the graph of the bundled example, examples.AWS20211207.
func Example(t testing.TB) *graph.Graph {
	t.Helper()
	c, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}
	return graph.New(c)
}

// Random writes the graphs of n random catalogs (catalogtest.Random,
// seeded 1 to n) with an exporter, each with the evaluation of the failure
// of its first provider (none when it has none), in subtests; count reads
// the output back and returns how many nodes and edges it holds, which
// must be the graph's Order and Size.
func Random(t *testing.T, n int, w Writer, count func(t *testing.T, out []byte) (nodes, edges int)) {
	for seed := 1; seed <= n; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			data := catalogtest.Random(rand.New(rand.NewPCG(uint64(seed), 0)))
			c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: data}}, ".")
			if err != nil {
				t.Fatal(err)
			}
			g := graph.New(c)
			var ev *graph.Evaluation
			if len(c.Providers) > 0 {
				if ev, err = g.Evaluate(graph.Scenario{Fail: []string{c.Providers[0].ID}}); err != nil {
					t.Fatal(err)
				}
			}
			if nodes, edges := count(t, Write(t, w, g, ev)); nodes != g.Order() || edges != g.Size() {
				t.Errorf("%d nodes, %d edges; want %d, %d", nodes, edges, g.Order(), g.Size())
			}
		})
	}
}

// FanIn returns the graph of catalogtest.FanIn(n): n customers and a hub
// that depends on each.
func FanIn(t testing.TB, n int) *graph.Graph {
	t.Helper()
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: catalogtest.FanIn(n)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	return graph.New(c)
}
