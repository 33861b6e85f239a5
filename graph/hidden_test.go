package graph

import (
	"slices"
	"testing"

	"github.com/blastradius/blastradius/catalog"
)

// TestHiddenAgainstDefinition recomputes the direct / hidden split and the
// amplification of every provider and region failure by the definition,
// on random catalogs whose customers depend on customers and on providers
// through each other: evaluate the failure plainly (the reference), then
// evaluate each down customer's own entries once more with every node of
// any other provider, and every other customer, up.
func TestHiddenAgainstDefinition(t *testing.T) {
	hidden := 0
	for gi, g := range randomGraphs(t, 60) {
		c := g.Catalog()
		for _, by := range []catalog.Level{catalog.LevelProvider, catalog.LevelRegion} {
			conc, err := g.Concentration(by, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range conc.Entries {
				failed := c.Node(e.Ref)
				st := reference(c, Scenario{Fail: []string{e.Ref}})
				masked := map[string]catalog.State{}
				for ref, s := range st {
					if n := c.Node(ref); n.Kind != catalog.KindCustomer && n.Provider == failed.Provider {
						masked[ref] = s
					}
				}
				direct, down := 0, 0
				carried := map[string]int{}
				for _, n := range c.Nodes() {
					if n.Kind != catalog.KindCustomer || st[n.Ref] != catalog.Down {
						continue
					}
					down++
					v := catalog.Up
					for _, d := range n.Deps {
						v = max(v, contribution(d, masked))
					}
					if v == catalog.Down {
						direct++
						continue
					}
					carriedBy(c, n, st, failed.Provider, carried)
				}
				if got, want := append(e.Carriers, make([]Carrier, e.MoreCarriers)...), carried; !sameCarriers(got, want) {
					t.Fatalf("catalog %d, %s: carriers %v (and %d more), by the definition %v", gi, e.Ref, e.Carriers, e.MoreCarriers, want)
				}
				if e.Down != down || e.Direct != direct || e.Hidden != down-direct {
					t.Fatalf("catalog %d, %s: down %d, direct %d, hidden %d; by the definition %d, %d, %d",
						gi, e.Ref, e.Down, e.Direct, e.Hidden, down, direct, down-direct)
				}
				f, ok := e.Amplification()
				if ok != (direct > 0) || ok && f != float64(down)/float64(direct) {
					t.Fatalf("catalog %d, %s: amplification %v (%v)", gi, e.Ref, f, ok)
				}
				hidden += e.Hidden
			}
		}
	}
	if hidden == 0 {
		t.Error("no random catalog has a hidden dependence: the test checks nothing")
	}
}

// carriedBy counts what carries hidden customer n, by the definition: the
// other providers and customers whose nodes n names and that are down (or,
// were none down, affected).
func carriedBy(c *catalog.Catalog, n *catalog.Node, st map[string]catalog.State, failed string, carried map[string]int) {
	for _, worst := range []catalog.State{catalog.Down, catalog.Degraded} {
		names := map[string]bool{}
		for _, ref := range n.Targets() {
			t := c.Node(ref)
			switch {
			case st[ref] < worst:
			case t.Kind == catalog.KindCustomer:
				names["customer "+ref] = true
			case t.Provider != failed:
				names[t.Provider] = true
			}
		}
		for name := range names {
			carried[name]++
		}
		if len(names) > 0 {
			return
		}
	}
}

// sameCarriers reports whether the carriers a concentration kept (the
// first few, then as many zero values as it left out) agree with the
// counts of the definition.
func sameCarriers(got []Carrier, want map[string]int) bool {
	if len(got) != len(want) {
		return false
	}
	for _, c := range got {
		name := c.Via
		if c.Customer {
			name = "customer " + name
		}
		if c.Via != "" && want[name] != c.Customers {
			return false
		}
	}
	return true
}

func TestCarriers(t *testing.T) {
	g := New(mustLoad(t, vendorsYAML))
	conc, err := g.Concentration(catalog.LevelRegion, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := conc.Entries[0]
	if f, ok := e.Amplification(); e.Ref != "cloud@east" || e.Down != 4 || e.Direct != 1 || e.Hidden != 3 || !ok || f != 4 {
		t.Fatalf("%+v, amplification %v %v", e, f, ok)
	}
	got, err := g.Carriers("cloud@east")
	if err != nil {
		t.Fatal(err)
	}
	want := []Carrier{{Via: "idp", Customers: 2}, {Via: "mail", Customers: 1}, {Via: "shop", Customer: true, Customers: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("carriers %+v, want %+v", got, want)
	}
	if !slices.Equal(e.Carriers, want) {
		t.Errorf("concentration carriers %+v, want %+v", e.Carriers, want)
	}
	byProvider, err := g.Concentration(catalog.LevelProvider, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range append(conc.Entries, byProvider.Entries...) {
		f, ok := e.Amplification()
		switch e.Ref {
		case "idp@us":
			if !ok || f != 1 || e.Direct != 2 {
				t.Errorf("idp@us: %+v, amplification %v %v", e, f, ok)
			}
		case "mail": // degrades the wiki, takes nothing down
			if ok || e.Down != 0 {
				t.Errorf("mail: %+v, amplification %v %v: want undefined", e, f, ok)
			}
		}
	}
}
