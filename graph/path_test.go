package graph

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
)

// TestPath checks every accessor of every affected node's path against the
// full walk, on random catalogs and on a long chain.
func TestPath(t *testing.T) {
	graphs := randomGraphs(t, 20)
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: catalogtest.Chain(40)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	graphs = append(graphs, New(c))
	for gi, g := range graphs {
		for _, n := range g.Catalog().Nodes()[:min(6, len(g.Catalog().Nodes()))] {
			ev, err := g.Evaluate(Scenario{Fail: []string{n.Ref}})
			if err != nil {
				t.Fatal(err)
			}
			affected := ev.Affected()
			var ids []int32
			for _, a := range affected {
				ids = append(ids, g.ix.ids[a.Node.Ref])
			}
			l, at := ev.links.extract(ids)
			for k, a := range affected {
				checkPath(t, gi, a.Path, a.Node.Ref)
				copied := Path{l, at[k]}
				checkPath(t, gi, copied, a.Node.Ref)
				if !slices.Equal(copied.Refs(), a.Path.Refs()) {
					t.Fatalf("catalog %d: extracted path %v, want %v", gi, copied.Refs(), a.Path.Refs())
				}
			}
		}
	}
}

func checkPath(t *testing.T, gi int, p Path, ref string) {
	t.Helper()
	refs := p.Refs()
	if len(refs) != p.Len() || refs[0] != ref {
		t.Fatalf("catalog %d, %s: Refs %v, Len %d", gi, ref, refs, p.Len())
	}
	for n := 0; n <= ShownTail+1; n++ {
		want := refs[max(0, len(refs)-min(n, ShownTail)):]
		if got := p.Tail(n); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("catalog %d, %s: Tail(%d) = %v, want %v", gi, ref, n, got, want)
		}
		if got := p.Head(n); !slices.Equal(got, refs[:min(n, len(refs))]) {
			t.Fatalf("catalog %d, %s: Head(%d) = %v", gi, ref, n, got)
		}
	}
	head, tail, elided := p.Shown()
	if len(head)+len(tail)+elided != len(refs) || len(head)+len(tail) > ShownRefs {
		t.Fatalf("catalog %d, %s: Shown %v … %d … %v of %v", gi, ref, head, elided, tail, refs)
	}
	if cause := p.Cause(); len(refs) > 1 && cause != refs[1] || len(refs) == 1 && cause != "" {
		t.Fatalf("catalog %d, %s: Cause %q of %v", gi, ref, cause, refs)
	}
}
