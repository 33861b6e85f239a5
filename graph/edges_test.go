package graph

import (
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
)

func TestEdges(t *testing.T) {
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(catalogtest.Labels)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	g := New(c)
	size := 0
	for _, n := range g.Nodes() {
		size += len(g.Edges(n))
	}
	if size != g.Size() || g.Order() != len(c.Nodes()) {
		t.Errorf("edges %d, Size %d; Order %d, nodes %d", size, g.Size(), g.Order(), len(c.Nodes()))
	}
	byTarget := map[string]Edge{}
	for _, e := range g.Edges(c.Node(`o'neil"<&>\`)) {
		byTarget[e.To.Ref] = e
	}
	tests := []struct {
		to, kind, group, parent string
		op                      catalog.Op
		k, n                    int
		confidence              catalog.Confidence
	}{
		{"cloud/vm@east", EdgeHard, `o'neil"<&>\#1.1`, `o'neil"<&>\#1`, catalog.OpAllOf, 2, 2, catalog.Unknown},
		// Named in an all_of first, then in the quorum, whose provenance backs it.
		{"cloud/db@west", EdgeHard, `o'neil"<&>\#1.2`, `o'neil"<&>\#1`, catalog.OpAllOf, 2, 2, catalog.Guess},
		{"cloud/iam", EdgeHard, `o'neil"<&>\#2`, "", catalog.OpQuorum, 2, 3, catalog.Guess},
	}
	for _, tt := range tests {
		e := byTarget[tt.to]
		if e.Kind != tt.kind || e.Group.ID != tt.group || e.Group.Parent() != tt.parent || e.Group.Op != tt.op ||
			e.Group.K != tt.k || e.Group.N != tt.n || e.Evidence.Confidence != tt.confidence {
			t.Errorf("%s: %+v (parent %q)", tt.to, e, e.Group.Parent())
		}
	}
	shop := g.Edges(c.Node("shop"))
	want := map[string]string{"cloud/db@east": EdgeHard, "cloud/iam": EdgeSoft, `o'neil"<&>\`: EdgeHard}
	if len(shop) != len(want) {
		t.Fatalf("shop has %d edges, want %d", len(shop), len(want))
	}
	for i, e := range shop {
		if want[e.To.Ref] != e.Kind || e.Group.ID != "" || i > 0 && shop[i-1].To.Ref >= e.To.Ref {
			t.Errorf("shop edge %d: %s %s %q", i, e.To.Ref, e.Kind, e.Group.ID)
		}
	}
}
