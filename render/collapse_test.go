package render

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
	"github.com/blastradius/blastradius/graph"
)

// shapeHeader is the infrastructure of the test-built shapes: one provider
// with two regions, and a regional base service every other service needs.
const shapeHeader = `version: 1
providers:
  - id: p
    regions:
      - {id: r1, zones: [r1-a, r1-b]}
      - {id: r2, zones: [r2-a, r2-b]}
    services:
      - {id: base}
`

// shapeFooter fails the first region.
const shapeFooter = `scenarios:
  - {id: r1-down, fail: [p@r1]}
`

// wideShape is a wide, shallow catalog: services regional services, some
// depending on others, and customers each on a random few of them in one
// of the regions, a quarter of those dependencies soft.
func wideShape(services, customers int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString(shapeHeader)
	for i := range services {
		fmt.Fprintf(&b, "      - {id: s%d, depends_on: [base", i)
		for range r.IntN(3) {
			if i > 0 {
				fmt.Fprintf(&b, ", s%d", r.IntN(i))
			}
		}
		b.WriteString("]}\n")
	}
	b.WriteString("customers:\n")
	for i := range customers {
		region := []string{"r1", "r2"}[r.IntN(2)]
		fmt.Fprintf(&b, "  - id: c%d\n    weight: %d\n    depends_on:\n", i, 1+r.IntN(100))
		for range 1 + r.IntN(4) {
			s := fmt.Sprintf("p/s%d@%s", r.IntN(services), region)
			if r.IntN(4) == 0 {
				fmt.Fprintf(&b, "      - {ref: %s, impact: degraded}\n", s)
			} else {
				fmt.Fprintf(&b, "      - %s\n", s)
			}
		}
	}
	b.WriteString(shapeFooter)
	return []byte(b.String())
}

// deepShape is a deep chain of global services, each depending on the one
// before it and the first on a regional one, with customers each on a
// random link of the chain: cause paths as long as the chain.
func deepShape(links, customers int) []byte {
	r := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	b.WriteString(shapeHeader)
	b.WriteString("      - {id: g0, scope: global, depends_on: [p/base@r1]}\n")
	for i := 1; i < links; i++ {
		fmt.Fprintf(&b, "      - {id: g%d, scope: global, depends_on: [g%d]}\n", i, i-1)
	}
	b.WriteString("customers:\n")
	for i := range customers {
		fmt.Fprintf(&b, "  - {id: c%d, weight: %d, depends_on: [p/g%d]}\n", i, 1+r.IntN(10), r.IntN(links))
	}
	b.WriteString(shapeFooter)
	return []byte(b.String())
}

// treeShape has customers depending on customers: each customer depends on
// an earlier one (more often on the first few, so that the trees are both
// deep and bushy), or on a service in one of the regions.
func treeShape(services, customers int) []byte {
	r := rand.New(rand.NewPCG(5, 6))
	var b strings.Builder
	b.WriteString(shapeHeader)
	for i := range services {
		fmt.Fprintf(&b, "      - {id: s%d, depends_on: [base]}\n", i)
	}
	b.WriteString("customers:\n")
	for i := range customers {
		dep := fmt.Sprintf("p/s%d@%s", r.IntN(services), []string{"r1", "r2"}[r.IntN(2)])
		if i > 0 && r.IntN(5) != 0 {
			j := r.IntN(i)
			if r.IntN(2) == 0 {
				j = r.IntN(min(i, 20))
			}
			dep = fmt.Sprintf("c%d", j)
			if r.IntN(6) == 0 {
				dep = "{ref: " + dep + ", impact: degraded}"
			}
		}
		fmt.Fprintf(&b, "  - {id: c%d, weight: %d, depends_on: [%s]}\n", i, 1+r.IntN(20), dep)
	}
	b.WriteString(shapeFooter)
	return []byte(b.String())
}

// loadShape loads a single-file catalog and evaluates its scenario.
func loadShape(t testing.TB, data []byte, scenario string) (*graph.Graph, *graph.Evaluation) {
	t.Helper()
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: data}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	return evaluate(t, c, scenario)
}

// TestCollapseShapes collapses large blast radii of several catalog shapes
// and checks that the picture uses its budget, draws the infrastructure
// that takes down the most customer weight, and accounts for every
// affected node.
func TestCollapseShapes(t *testing.T) {
	generated, err := catalog.LoadFS(catalogtest.Generate(catalogtest.Options{Customers: 3000, Seed: 1}), ".")
	if err != nil {
		t.Fatal(err)
	}
	shapes := []struct {
		name string
		load func(t *testing.T) (*graph.Graph, *graph.Evaluation)
	}{
		{"generated", func(t *testing.T) (*graph.Graph, *graph.Evaluation) {
			return evaluate(t, generated, "aws-us-east-1-outage")
		}},
		{"wide", func(t *testing.T) (*graph.Graph, *graph.Evaluation) {
			return loadShape(t, wideShape(300, 2000), "r1-down")
		}},
		{"deep", func(t *testing.T) (*graph.Graph, *graph.Evaluation) {
			return loadShape(t, deepShape(400, 1500), "r1-down")
		}},
		{"customer-trees", func(t *testing.T) (*graph.Graph, *graph.Evaluation) {
			return loadShape(t, treeShape(30, 2000), "r1-down")
		}},
		{"chain", func(t *testing.T) (*graph.Graph, *graph.Evaluation) {
			return loadShape(t, catalogtest.Chain(500), "east-down")
		}},
		{"fan-in", func(t *testing.T) (*graph.Graph, *graph.Evaluation) {
			return loadShape(t, catalogtest.FanIn(2000), "east-down")
		}},
	}
	for _, shape := range shapes {
		t.Run(shape.name, func(t *testing.T) {
			g, ev := shape.load(t)
			if n := len(ev.Affected()); n <= 150 {
				t.Fatalf("only %d affected nodes: the shape does not need collapsing", n)
			}
			for _, budget := range []int{40, 150} {
				t.Run(fmt.Sprint(budget), func(t *testing.T) {
					s := must(t)(BlastRadius(g, ev, Options{MaxNodes: budget}))
					checkCollapsed(t, g, ev, s, budget)
					checkHeaviest(t, g, ev, s, max(3, budget/20))
					var a, b bytes.Buffer
					if err := WriteDOT(&a, s); err != nil {
						t.Fatal(err)
					}
					if err := WriteDOT(&b, must(t)(BlastRadius(g, ev, Options{MaxNodes: budget}))); err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(a.Bytes(), b.Bytes()) {
						t.Error("two scenes of the same evaluation give different DOT")
					}
				})
			}
		})
	}
}

// TestCollapseRandom checks the collapse of small adversarial catalogs
// (cycles, customers on customers, groups, soft edges) with small budgets.
func TestCollapseRandom(t *testing.T) {
	collapsed := 0
	for seed := range uint64(300) {
		data := catalogtest.Random(rand.New(rand.NewPCG(seed, 7)))
		c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: data}}, ".")
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		g := graph.New(c)
		for _, sc := range c.Scenarios {
			ev, err := g.Evaluate(graph.ScenarioOf(sc))
			if err != nil {
				t.Fatal(err)
			}
			for _, budget := range []int{4, 7, 12, 25} {
				if len(ev.Affected()) <= budget || len(c.Nodes()) <= budget {
					continue
				}
				collapsed++
				s := must(t)(BlastRadius(g, ev, Options{MaxNodes: budget}))
				t.Run(fmt.Sprintf("seed=%d/%s/%d", seed, sc.ID, budget), func(t *testing.T) {
					checkCollapsed(t, g, ev, s, budget)
				})
			}
		}
	}
	if collapsed < 100 {
		t.Errorf("only %d collapsed scenes: the random catalogs are too small", collapsed)
	}
}

// checkCollapsed checks a scene collapsed to budget: it has between
// budget-4 (and at least half the budget) and budget boxes; every group
// hangs from a drawn anchor by a cause edge; every drawn affected node's
// cause is drawn; and the drawn nodes and group counts add up to the
// affected nodes, customers and states included.
func checkCollapsed(t *testing.T, g *graph.Graph, ev *graph.Evaluation, s *Scene, budget int) {
	t.Helper()
	affected := ev.Affected()
	if len(affected) <= budget {
		t.Fatalf("%d affected nodes fit the budget %d", len(affected), budget)
	}
	if n := len(s.Nodes); n > budget || n < max(budget/2, budget-4) {
		t.Errorf("%d boxes for a budget of %d and %d affected nodes", n, budget, len(affected))
	}
	byID := map[string]*Node{}
	drawn := map[string]bool{}
	for _, n := range s.Nodes {
		byID[n.ID] = n
		if n.Ref != "" {
			drawn[n.Ref] = true
		}
	}
	causes := map[[2]string]bool{}
	for _, e := range s.Edges {
		if e.Cause {
			causes[[2]string{e.From, e.To}] = true
		}
	}
	type tally struct{ customers, others [3]int } // by state
	var want, got tally
	add := func(tl *tally, customer bool, st catalog.State, n int) {
		if customer {
			tl.customers[st] += n
		} else {
			tl.others[st] += n
		}
	}
	for _, a := range affected {
		add(&want, a.Node.Kind == catalog.KindCustomer, a.State, 1)
		if !drawn[a.Node.Ref] {
			continue
		}
		add(&got, a.Node.Kind == catalog.KindCustomer, a.State, 1)
		if c := a.Path.Cause(); c != "" && !drawn[c] {
			t.Errorf("%s is drawn but not %s, the next node on its cause path", a.Node.Ref, c)
		}
	}
	ids := map[string]string{} // ref → id
	for _, n := range s.Nodes {
		if n.Ref != "" {
			ids[n.Ref] = n.ID
		}
	}
	for _, n := range s.Nodes {
		if n.Group == 0 {
			continue
		}
		anchor, ok := strings.CutPrefix(n.Name, "via ")
		if !ok {
			t.Errorf("group %q: name %q does not say via what", n.Label, n.Name)
			continue
		}
		switch id, isDrawn := ids[anchor]; {
		case anchor == noAnchor:
		case !isDrawn:
			t.Errorf("group %q: anchor %s is not drawn", n.Label, anchor)
		case !causes[[2]string{id, n.ID}]:
			t.Errorf("group %q: no cause edge from %s", n.Label, anchor)
		}
		st := catalog.Down
		if n.Role == Degraded {
			st = catalog.Degraded
		}
		add(&got, strings.Contains(n.Label, "customer"), st, n.Group)
	}
	if got != want {
		t.Errorf("drawn and grouped (customers, others by state) = %v, want %v", got, want)
	}
	if len(s.Notes) < 2 {
		t.Errorf("notes %q do not say what was left out and grouped", s.Notes)
	}
}

// checkHeaviest checks that the top infrastructure nodes by the customer
// weight that goes down through them are drawn as their own boxes. The
// weight is found here by walking every down customer's cause path.
func checkHeaviest(t *testing.T, g *graph.Graph, ev *graph.Evaluation, s *Scene, top int) {
	t.Helper()
	carried := map[string]float64{}
	for _, a := range ev.Affected() {
		if a.Node.Kind != catalog.KindCustomer || a.State != catalog.Down {
			continue
		}
		for ref := a.Node.Ref; ref != ""; ref = ev.Path(ref).Cause() {
			carried[ref] += a.Node.Weight
		}
	}
	var infra []string
	for ref, w := range carried {
		if g.Catalog().Node(ref).Kind != catalog.KindCustomer && w > 0 {
			infra = append(infra, ref)
		}
	}
	slices.SortFunc(infra, func(a, b string) int { return cmp.Or(cmp.Compare(carried[b], carried[a]), strings.Compare(a, b)) })
	if len(infra) == 0 {
		return
	}
	// Ties at the boundary may go either way: require only the nodes
	// strictly heavier than the first one left out.
	bar := -1.0
	if len(infra) > top {
		bar = carried[infra[top]]
	}
	drawn := map[string]bool{}
	for _, n := range s.Nodes {
		drawn[n.Ref] = true
	}
	for _, ref := range infra[:min(top, len(infra))] {
		if carried[ref] > bar && !drawn[ref] {
			t.Errorf("%s takes down weight %v (among the top %d) but is not drawn", ref, carried[ref], top)
		}
	}
}

// TestDependenciesBounded draws the whole dependency diagram of catalogs
// of hostile shapes — a chain of customers, customers on nothing, a cycle
// of customers, a fan-in — and wants it within its budget: customers that
// depend only on customers are grouped where the first of them runs (a
// chain of 20,000 once drew 20,000 boxes in 2.5 minutes of Graphviz).
func TestDependenciesBounded(t *testing.T) {
	var loose, cycle strings.Builder
	loose.WriteString("version: 1\ncustomers:\n")
	cycle.WriteString("version: 1\ncustomers:\n")
	for i := range 2000 {
		fmt.Fprintf(&loose, "  - {id: c%d}\n", i)
		fmt.Fprintf(&cycle, "  - {id: c%d, depends_on: [c%d]}\n", i, (i+1)%2000)
	}
	for _, shape := range []struct {
		name string
		data []byte
	}{
		{"chain", catalogtest.Chain(2000)},
		{"customers on nothing", []byte(loose.String())},
		{"cycle of customers", []byte(cycle.String())},
		{"fan-in", catalogtest.FanIn(2000)},
	} {
		t.Run(shape.name, func(t *testing.T) {
			c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: shape.data}}, ".")
			if err != nil {
				t.Fatal(err)
			}
			s := must(t)(Dependencies(graph.New(c), nil, "all", Options{MaxNodes: 40}))
			if len(s.Nodes) > 40 {
				t.Errorf("%d nodes drawn, want at most 40", len(s.Nodes))
			}
		})
	}
}
