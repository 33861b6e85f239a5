package cytoscape

import (
	"encoding/json"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/exporttest"
)

func TestGolden(t *testing.T) { exporttest.Golden(t, Write, ".json") }

// read is the JSON as a Cytoscape.js consumer sees it.
type read struct {
	Elements struct {
		Nodes []struct {
			Data    map[string]any `json:"data"`
			Classes string         `json:"classes"`
		} `json:"nodes"`
		Edges []struct {
			Data    map[string]any `json:"data"`
			Classes string         `json:"classes"`
		} `json:"edges"`
	} `json:"elements"`
}

// TestParse parses the JSON of the bundled example and of the hostile
// catalog: as many nodes and edges as the graph has (graph.Graph's Order
// and Size), unique ids, every edge between two of the nodes, and every
// attribute as it went in.
func TestParse(t *testing.T) {
	labels, ev := exporttest.Labels(t)
	for _, tt := range []struct {
		name string
		g    *graph.Graph
		ev   *graph.Evaluation
	}{{"example", exporttest.Example(t), nil}, {"labels", labels, ev}} {
		t.Run(tt.name, func(t *testing.T) {
			var doc read
			if err := json.Unmarshal(exporttest.Write(t, Write, tt.g, tt.ev), &doc); err != nil {
				t.Fatal(err)
			}
			nodes, edges := doc.Elements.Nodes, doc.Elements.Edges
			if len(nodes) != tt.g.Order() || len(edges) != tt.g.Size() {
				t.Fatalf("%d nodes, %d edges; the graph has %d, %d", len(nodes), len(edges), tt.g.Order(), tt.g.Size())
			}
			ids := map[any]bool{}
			for i, n := range tt.g.Nodes() {
				data := nodes[i].Data
				if ids[data["id"]] || data["id"] != n.Ref || data["label"] != n.Label() {
					t.Errorf("node %d: id %v (seen before: %v), label %v; want %q, %q", i, data["id"], ids[data["id"]], data["label"], n.Ref, n.Label())
				}
				ids[data["id"]] = true
				check(t, n.Ref, data, tt.g.NodeAttributes(n, tt.ev), 2)
			}
			k := 0
			for _, n := range tt.g.Nodes() {
				for _, e := range tt.g.Edges(n) {
					data := edges[k].Data
					k++
					if ids[data["id"]] || data["source"] != n.Ref || data["target"] != e.To.Ref || !ids[data["target"]] {
						t.Errorf("edge %v: %v → %v, want %s → %s", data["id"], data["source"], data["target"], n.Ref, e.To.Ref)
					}
					ids[data["id"]] = true
					check(t, n.Ref+" → "+e.To.Ref, data, e.Attributes(), 3)
				}
			}
		})
	}
}

// TestEdgeIDs checks that an edge never takes the id of a node, even of a
// customer named as edges are numbered.
func TestEdgeIDs(t *testing.T) {
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(`version: 1
providers: [{id: acme, services: [{id: db, scope: global}]}]
customers:
  - {id: e0, depends_on: [acme/db]}
  - {id: e1, depends_on: [e0]}
`)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	var doc read
	if err := json.Unmarshal(exporttest.Write(t, Write, graph.New(c), nil), &doc); err != nil {
		t.Fatal(err)
	}
	ids := map[any]bool{}
	for _, el := range append(doc.Elements.Nodes, doc.Elements.Edges...) {
		if ids[el.Data["id"]] {
			t.Errorf("id %v given twice", el.Data["id"])
		}
		ids[el.Data["id"]] = true
	}
}

// TestRandom parses the JSON of random catalogs: as many nodes and edges
// as the graph has.
func TestRandom(t *testing.T) {
	exporttest.Random(t, 30, Write, func(t *testing.T, out []byte) (int, int) {
		var doc read
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		return len(doc.Elements.Nodes), len(doc.Elements.Edges)
	})
}

// check compares parsed data with the attributes written, besides extra
// fields of Cytoscape's own (id, label, source, target).
func check(t *testing.T, what string, got map[string]any, want []graph.Attribute, extra int) {
	t.Helper()
	if len(got) != len(want)+extra {
		t.Errorf("%s: %d fields %v, want %d", what, len(got), got, len(want)+extra)
	}
	for _, a := range want {
		b, _ := json.Marshal(a.Value)
		if gb, _ := json.Marshal(got[a.Name]); string(gb) != string(b) {
			t.Errorf("%s: %s = %s, want %s", what, a.Name, gb, b)
		}
	}
}
