package graph

import (
	"errors"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
)

// mustLoad loads a one-file catalog from text.
func mustLoad(t testing.TB, text string) *catalog.Catalog {
	t.Helper()
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(text)}}, ".")
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return c
}

const base = `version: 1
providers:
  - id: p
    regions:
      - id: r1
        zones: [z1, z2, z3]
      - id: r2
        zones: [z4]
    services:
      - id: vm
        scope: zonal
      - id: db
        depends_on: [vm]
      - id: iam
        scope: global
        depends_on: [{ref: p@r1, impact: degraded}]
      - id: fn
        regions: [r1]
        depends_on: [db, iam]
`

// TestSemantics checks each rule of the contract on a small catalog.
func TestSemantics(t *testing.T) {
	tests := []struct {
		name      string
		customers string
		fail      []string
		degrade   []string
		want      map[string]catalog.State
	}{
		{"plain ref", `[{id: c, depends_on: [p/db@r1]}]`, []string{"p/db@r1"}, nil,
			map[string]catalog.State{"c": catalog.Down, "p/db@r2": catalog.Up}},
		{"soft ref caps at degraded", `[{id: c, depends_on: [{ref: p/db@r1, impact: degraded}]}]`, []string{"p/db@r1"}, nil,
			map[string]catalog.State{"c": catalog.Degraded}},
		{"degraded node with a failing hard dependency is down", `[{id: c, depends_on: [p/db@r1]}]`, []string{"p/db@r1"}, []string{"c"},
			map[string]catalog.State{"c": catalog.Down}},
		{"degrade propagates as degraded", `[{id: c, depends_on: [p/db@r1]}]`, nil, []string{"p/db@r1"},
			map[string]catalog.State{"c": catalog.Degraded}},
		{"fail wins over degrade", `[{id: c, depends_on: [p/db@r1]}]`, []string{"p/db@r1"}, []string{"p/db@r1"},
			map[string]catalog.State{"c": catalog.Down, "p/db@r1": catalog.Down}},
		{"all_of takes the worst member", `[{id: c, depends_on: [{all_of: [p/db@r1, p/db@r2]}]}]`, []string{"p/db@r2"}, nil,
			map[string]catalog.State{"c": catalog.Down}},
		{"any_of with one member down is degraded", `[{id: c, depends_on: [{any_of: [p/db@r1, p/db@r2]}]}]`, []string{"p/db@r2"}, nil,
			map[string]catalog.State{"c": catalog.Degraded}},
		{"any_of with every member down is down", `[{id: c, depends_on: [{any_of: [p/db@r1, p/db@r2]}]}]`, []string{"p/db@r1", "p/db@r2"}, nil,
			map[string]catalog.State{"c": catalog.Down}},
		{"any_of with a degraded member is degraded", `[{id: c, depends_on: [{any_of: [p/db@r1, p/db@r2]}]}]`, nil, []string{"p/db@r1", "p/db@r2"},
			map[string]catalog.State{"c": catalog.Degraded}},
		{"quorum met is degraded", `[{id: c, depends_on: [{quorum: 2, of: [p/db@r1, p/db@r2, p]}]}]`, []string{"p/db@r1"}, nil,
			map[string]catalog.State{"c": catalog.Degraded}},
		{"quorum lost is down", `[{id: c, depends_on: [{quorum: 2, of: [p/db@r1, p/db@r2, p/vm@z4]}]}]`, []string{"p/db@r1", "p/vm@z4"}, nil,
			map[string]catalog.State{"c": catalog.Down, "p/db@r2": catalog.Down}},
		{"quorum counts degraded members as alive", `[{id: c, depends_on: [{quorum: 2, of: [p/db@r1, p/db@r2]}]}]`, nil, []string{"p/db@r1", "p/db@r2"},
			map[string]catalog.State{"c": catalog.Degraded}},
		{"soft group", `[{id: c, depends_on: [{all_of: [p/db@r1], impact: degraded}]}]`, []string{"p/db@r1"}, nil,
			map[string]catalog.State{"c": catalog.Degraded}},
		{"zone failure degrades the regional view", `[{id: c, depends_on: [p/vm@r1]}]`, []string{"p@z1"}, nil,
			map[string]catalog.State{"c": catalog.Degraded, "p/vm@z1": catalog.Down, "p/vm@r1": catalog.Degraded, "p/db@r1": catalog.Degraded}},
		{"every zone down takes the view down", `[{id: c, depends_on: [p/vm@r1]}]`, []string{"p@z1", "p@z2", "p@z3"}, nil,
			map[string]catalog.State{"c": catalog.Down, "p/vm@r1": catalog.Down, "p@r1": catalog.Up}},
		{"region failure takes its zones and instances", `[{id: c, depends_on: [p/fn@r1]}]`, []string{"p@r1"}, nil,
			map[string]catalog.State{"c": catalog.Down, "p@z2": catalog.Down, "p/iam": catalog.Degraded, "p/db@r2": catalog.Up, "p": catalog.Up}},
		{"provider failure takes everything", `[{id: c, depends_on: [p/db@r2]}]`, []string{"p"}, nil,
			map[string]catalog.State{"c": catalog.Down, "p/iam": catalog.Down, "p/vm@z4": catalog.Down}},
		{"global service degrades through its control plane", `[{id: c, depends_on: [p/fn@r1]}]`, []string{"p@r1"}, nil,
			map[string]catalog.State{"p/iam": catalog.Degraded}},
		{"customers depend on customers", `[{id: a, depends_on: [p/db@r1]}, {id: b, depends_on: [a]}]`, []string{"p/db@r1"}, nil,
			map[string]catalog.State{"b": catalog.Down}},
		{"a cycle with no failure stays up", `[{id: a, depends_on: [b]}, {id: b, depends_on: [a]}, {id: x, depends_on: [p/db@r1]}]`, []string{"p/db@r1"}, nil,
			map[string]catalog.State{"a": catalog.Up, "b": catalog.Up, "x": catalog.Down}},
		{"a failure entering a cycle takes it down", `[{id: a, depends_on: [b, p/db@r1]}, {id: b, depends_on: [a]}]`, []string{"p/db@r1"}, nil,
			map[string]catalog.State{"a": catalog.Down, "b": catalog.Down}},
		{"a cycle through any_of is the least fixpoint", `[{id: a, depends_on: [{any_of: [b, p/db@r1]}]}, {id: b, depends_on: [{any_of: [a, p/db@r2]}]}]`, []string{"p/db@r1", "p/db@r2"}, nil,
			map[string]catalog.State{"a": catalog.Degraded, "b": catalog.Degraded}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New(mustLoad(t, base+"customers: "+tt.customers+"\n"))
			ev, err := g.Evaluate(Scenario{Fail: tt.fail, Degrade: tt.degrade})
			if err != nil {
				t.Fatal(err)
			}
			for ref, want := range tt.want {
				if got := ev.State(ref); got != want {
					t.Errorf("%s = %v, want %v", ref, got, want)
				}
			}
			checkPaths(t, g, ev)
		})
	}
}

// TestCausePath checks that a path explains the state: a down customer is
// traced through the hard dependency that took it down, not a shorter soft
// one.
func TestCausePath(t *testing.T) {
	g := New(mustLoad(t, base+`customers:
  - id: c
    depends_on: [p/fn@r1, {ref: p/db@r1, impact: degraded}]
  - id: d
    depends_on: [{ref: p/db@r1, impact: degraded}, p/vm@r1]
`))
	ev, err := g.Evaluate(Scenario{Fail: []string{"p/db@r1", "p@z1"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ref  string
		want []string
	}{
		{"c", []string{"c", "p/fn@r1", "p/db@r1"}},
		{"d", []string{"d", "p/db@r1"}},
		{"p/db@r1", []string{"p/db@r1"}},
		{"p/vm@r1", []string{"p/vm@r1", "p/vm@z1", "p@z1"}},
		{"p/db@r2", nil},
	}
	for _, tt := range tests {
		if got := ev.Path(tt.ref).Refs(); !slices.Equal(got, tt.want) {
			t.Errorf("Path(%s) = %v, want %v", tt.ref, got, tt.want)
		}
	}
	// A node the scenario degrades that its dependencies take down is
	// explained by them, not by the scenario.
	ev, err = g.Evaluate(Scenario{Fail: []string{"p/db@r1"}, Degrade: []string{"c"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ev.Path("c").Refs(), []string{"c", "p/fn@r1", "p/db@r1"}; !slices.Equal(got, want) {
		t.Errorf("Path(c) = %v, want %v", got, want)
	}
}

func TestEvaluateUnknownRef(t *testing.T) {
	g := New(mustLoad(t, base))
	_, err := g.Evaluate(Scenario{Fail: []string{"p/db@r3"}})
	if !errors.Is(err, catalog.ErrUnknownRef) {
		t.Fatalf("err = %v, want an unknown ref error", err)
	}
}

// checkPaths asserts that every affected node's path is a real chain of
// dependencies through affected nodes, ending at a node the scenario set.
func checkPaths(t *testing.T, g *Graph, ev *Evaluation) {
	t.Helper()
	s := ev.Scenario()
	seeds := append(slices.Clone(s.Fail), s.Degrade...)
	for _, a := range ev.Affected() {
		p := a.Path.Refs()
		if len(p) == 0 || p[0] != a.Node.Ref {
			t.Errorf("%s: path %v does not start at the node", a.Node.Ref, p)
			continue
		}
		if !slices.Contains(seeds, p[len(p)-1]) {
			t.Errorf("%s: path %v does not end at a node the scenario set", a.Node.Ref, p)
		}
		for k, ref := range p {
			if ev.State(ref) == catalog.Up {
				t.Errorf("%s: path %v passes through %s, which is up", a.Node.Ref, p, ref)
			}
			if k > 0 && !slices.Contains(g.Catalog().Node(p[k-1]).Targets(), ref) {
				t.Errorf("%s: path %v: %s does not depend on %s", a.Node.Ref, p, p[k-1], ref)
			}
		}
	}
}

func TestScenarioTitle(t *testing.T) {
	tests := []struct {
		s    Scenario
		want string
	}{
		{Scenario{ID: "aws-2021-12-07", Fail: []string{"x"}}, "aws-2021-12-07"},
		{Scenario{Fail: []string{"aws@us-east-1"}, Degrade: []string{"aws/iam"}}, "impact of aws@us-east-1, aws/iam (degraded)"},
		{Scenario{Fail: []string{"a", "b", "c", "d", "e"}}, "impact of a, b, c and 2 more"},
		{Scenario{}, "impact of nothing"},
	}
	for _, tt := range tests {
		if got := tt.s.Title(); got != tt.want {
			t.Errorf("Title() = %q, want %q", got, tt.want)
		}
	}
}

func TestSummaryString(t *testing.T) {
	tests := []struct {
		s    Summary
		want string
	}{
		{Summary{Customers: 27, Tally: Tally{Down: 16, Degraded: 11, WeightDownShare: 16.0 / 27}}, "16 of 27 customers down, 11 degraded (59.3% of weight down)"},
		{Summary{Customers: 1, Tally: Tally{Down: 1, WeightDownShare: 1}}, "1 of 1 customer down, 0 degraded (100.0% of weight down)"},
		{Summary{Customers: 1000000, Tally: Tally{Down: 17304, Degraded: 342345}}, "17,304 of 1,000,000 customers down, 342,345 degraded (0.0% of weight down)"},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestNeighborhood(t *testing.T) {
	g := New(mustLoad(t, base+"customers: [{id: c, depends_on: [p/fn@r1]}, {id: d, depends_on: [c]}]\n"))
	tests := []struct {
		ref   string
		dir   Direction
		depth int
		want  []string
	}{
		{"c", Dependencies, 1, []string{"c", "p/fn@r1"}},
		{"c", Dependencies, 2, []string{"c", "p/db@r1", "p/fn@r1", "p/iam", "p@r1"}},
		{"c", Dependents, -1, []string{"c", "d"}},
		{"p/fn@r1", Both, 1, []string{"c", "p/db@r1", "p/fn@r1", "p/iam", "p@r1"}},
		{"p/iam", Dependents, -1, []string{"c", "d", "p/fn@r1", "p/iam"}},
		{"d", Dependencies, 0, []string{"d"}},
	}
	for _, tt := range tests {
		got, err := g.Neighborhood(tt.ref, tt.dir, tt.depth)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("Neighborhood(%s, %d, %d) = %v, %v; want %v", tt.ref, tt.dir, tt.depth, got, err, tt.want)
		}
	}
	if _, err := g.Neighborhood("nope", Both, 1); !errors.Is(err, catalog.ErrUnknownRef) {
		t.Errorf("unknown ref: err = %v", err)
	}
}
