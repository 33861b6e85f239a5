package graph

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
)

// reference evaluates a scenario the plain way: starting from every node
// up, apply the contract's rules to every node until nothing changes.
func reference(c *catalog.Catalog, s Scenario) map[string]catalog.State {
	set := map[string]catalog.State{}
	for _, r := range s.Degrade {
		set[r] = catalog.Degraded
	}
	for _, r := range s.Fail {
		set[r] = catalog.Down
	}
	st := map[string]catalog.State{}
	for changed := true; changed; {
		changed = false
		for _, n := range c.Nodes() {
			v := set[n.Ref]
			for _, d := range n.Deps {
				v = max(v, contribution(d, st))
			}
			if v != st[n.Ref] {
				st[n.Ref], changed = v, true
			}
		}
	}
	return st
}

// contribution is one entry's contribution, as the contract words it.
func contribution(d *catalog.Dep, st map[string]catalog.State) catalog.State {
	var v catalog.State
	states := func() (down, notUp, n int) {
		for _, m := range d.Members {
			switch contribution(m, st) {
			case catalog.Down:
				down++
				notUp++
			case catalog.Degraded:
				notUp++
			}
		}
		return down, notUp, len(d.Members)
	}
	switch d.Op {
	case catalog.OpRef:
		v = st[d.Target]
	case catalog.OpAllOf:
		for _, m := range d.Members {
			v = max(v, contribution(m, st))
		}
	case catalog.OpAnyOf:
		down, notUp, n := states()
		switch {
		case down == n:
			v = catalog.Down
		case notUp > 0:
			v = catalog.Degraded
		}
	case catalog.OpQuorum:
		down, notUp, n := states()
		switch {
		case n-down < d.Quorum:
			v = catalog.Down
		case notUp > 0:
			v = catalog.Degraded
		}
	}
	if d.WhenDown && v != catalog.Down {
		v = catalog.Up // the contract: when: down counts only a down value
	}
	if d.Soft {
		v = min(v, catalog.Degraded)
	}
	return v
}

// TestAgainstReference compares Evaluate with the reference on random
// catalogs and random scenarios: single and multiple failures, and
// degradations.
func TestAgainstReference(t *testing.T) {
	catalogs := 300
	if testing.Short() {
		catalogs = 50
	}
	for seed := range uint64(catalogs) {
		r := rand.New(rand.NewPCG(seed, 7))
		text := catalogtest.Random(r)
		c, err := catalog.LoadFS(fstest.MapFS{"random.yaml": {Data: text}}, ".")
		if err != nil {
			t.Fatalf("seed %d: random catalog does not load: %v\n%s", seed, err, text)
		}
		g := New(c)
		var scenarios []Scenario
		for _, s := range c.Scenarios {
			scenarios = append(scenarios, ScenarioOf(s))
		}
		nodes := c.Nodes()
		pick := func(k int) []string {
			var refs []string
			for range k {
				refs = append(refs, nodes[r.IntN(len(nodes))].Ref)
			}
			return refs
		}
		for _, n := range nodes {
			scenarios = append(scenarios, Scenario{Fail: []string{n.Ref}}, Scenario{Degrade: []string{n.Ref}})
		}
		for range 10 {
			scenarios = append(scenarios, Scenario{Fail: pick(1 + r.IntN(3)), Degrade: pick(r.IntN(3))})
		}
		for _, s := range scenarios {
			ev, err := g.Evaluate(s)
			if err != nil {
				t.Fatal(err)
			}
			want := reference(c, s)
			for _, n := range nodes {
				if got := ev.State(n.Ref); got != want[n.Ref] {
					t.Fatalf("seed %d, scenario %+v: %s = %v, reference says %v\n%s", seed, s, n.Ref, got, want[n.Ref], text)
				}
			}
			checkPaths(t, g, ev)
			if t.Failed() {
				t.Fatalf("seed %d, scenario %+v\n%s", seed, s, text)
			}
		}
	}
}

// TestDeterministic checks that two evaluations of one scenario agree on
// every state, path and count, whatever map order Go picks.
func TestDeterministic(t *testing.T) {
	for seed := range uint64(20) {
		text := catalogtest.Random(rand.New(rand.NewPCG(seed, 9)))
		var first string
		for range 3 {
			c, err := catalog.LoadFS(fstest.MapFS{"r.yaml": {Data: text}}, ".")
			if err != nil {
				t.Fatal(err)
			}
			g := New(c)
			all := []string{}
			for _, n := range c.Nodes()[:min(3, len(c.Nodes()))] {
				all = append(all, n.Ref)
			}
			ev, err := g.Evaluate(Scenario{Fail: all})
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(ev.Summary())
			for _, a := range ev.Affected() {
				got += fmt.Sprint(a.Node.Ref, a.State, a.Path.Refs())
			}
			if first == "" {
				first = got
			} else if got != first {
				t.Fatalf("seed %d: evaluation differs between runs", seed)
			}
		}
	}
}
