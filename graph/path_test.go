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
				ids = append(ids, g.ix.id(a.Node.Ref))
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
	shown := append(slices.Clone(head), tail...)
	for k, h := range shown {
		if want := append(slices.Clone(refs[:len(head)]), refs[len(refs)-len(tail):]...)[k]; h.Ref != want {
			t.Fatalf("catalog %d, %s: shown hop %d is %s, want %s", gi, ref, k, h.Ref, want)
		}
	}
	if len(head) > 1 && !head[1].Evidence.Implied && head[1].Evidence.Confidence == catalog.Unknown && len(head[1].Evidence.Source) == 0 {
		// Random catalogs give some entries provenance; the evidence of a
		// hop must be what the node's entry says.
		n := p.l.nodes[p.at]
		if got := n.Evidence(head[1].Ref); got.Implied || got.Confidence != catalog.Unknown {
			t.Fatalf("catalog %d, %s: hop evidence %+v, node says %+v", gi, ref, head[1].Evidence, got)
		}
	}
	if cause := p.Cause(); len(refs) > 1 && cause != refs[1] || len(refs) == 1 && cause != "" {
		t.Fatalf("catalog %d, %s: Cause %q of %v", gi, ref, cause, refs)
	}
}

// TestPathWeakest checks the weakest confidence of cause paths, including
// through an elided chain and on the paths policy violations keep.
func TestPathWeakest(t *testing.T) {
	g := New(mustLoad(t, `version: 1
providers:
  - id: p
    regions: [{id: r, zones: [z]}]
    services:
      - {id: vm, scope: zonal}
      - id: db
        depends_on: [{ref: vm, confidence: fact, source: docs}]
      - id: api
        depends_on:
          - {any_of: [db], confidence: guess, source: a talk}
      - id: web
        depends_on: [{ref: api, confidence: inferred}]
customers:
  - {id: c0, depends_on: [p/web@r]}
  - {id: c1, depends_on: [c0]}
  - {id: c2, depends_on: [c1]}
  - {id: c3, depends_on: [c2]}
  - {id: c4, depends_on: [c3]}
  - {id: c5, depends_on: [c4]}
  - {id: c6, depends_on: [c5]}
  - {id: c7, depends_on: [c6]}
  - {id: c8, depends_on: [c7]}
  - {id: plain, depends_on: [p@z]}
policies:
  - {id: all, survive: zone}
`))
	ev, err := g.Evaluate(Scenario{Fail: []string{"p@z"}})
	if err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]struct {
		c      catalog.Confidence
		stated bool
	}{
		"c8":      {catalog.Guess, true}, // through api's any_of group
		"p/web@r": {catalog.Guess, true},
		"p/db@r":  {catalog.Fact, true},     // db → vm is a fact, vm → zone implied
		"p/vm@z":  {catalog.Fact, false},    // implied only
		"plain":   {catalog.Fact, false},    // no provenance at all
		"p@z":     {catalog.Unknown, false}, // the failure itself
	} {
		c, stated := ev.Path(ref).Weakest()
		if c != want.c || stated != want.stated {
			t.Errorf("%s: weakest %v (stated %v), want %v (%v)", ref, c, stated, want.c, want.stated)
		}
	}
	if e := g.Catalog().Node("p/api@r").Evidence("p/db@r"); e.Confidence != catalog.Guess || e.Source[0] != "a talk" {
		t.Errorf("api's evidence for db: %+v", e)
	}
	rs, err := g.CheckPolicies(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range rs[0].Violations {
		want, _ := ev.Path(v.Customer).Weakest()
		if got, _ := v.Path.Weakest(); got != want {
			t.Errorf("violation %s: weakest %v, want %v", v.Customer, got, want)
		}
	}
}
