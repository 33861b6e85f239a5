package render

import (
	"cmp"
	"slices"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
)

// BlastRadius builds the diagram of an evaluation: the failed roots, what is
// down and degraded with its cause edges in bold, and unaffected context
// while the node budget allows. Above the budget it collapses in stages,
// each said in the picture's notes: unaffected context goes first, then
// every unaffected node, then affected customers are grouped by the node
// that caused them ("412 customers down via aws/lambda@us-east-1"), then
// nodes deeper in the cause paths are grouped under their ancestors.
func BlastRadius(g *graph.Graph, ev *graph.Evaluation, opt Options) (*Scene, error) {
	sc := ev.Scenario()
	title := sc.Title()
	if sc.Name != "" {
		title += " — " + sc.Name
	}
	b := newBuilder(g, title, ev.Summary().String(), opt.Layout)
	b.scene.Legend = true
	im := newRadiusView(ev)
	budget := opt.budget()
	all := g.Catalog().Nodes()
	ctx := im.context(g)
	switch {
	case len(all) <= budget:
		refs := make([]string, len(all))
		for i, n := range all {
			refs[i] = n.Ref
		}
		b.addNodes(refs, im.role)
	case len(im.affected)+len(ctx) <= budget:
		b.addNodes(append(slices.Clone(im.affected), ctx...), im.role)
		b.notef("%s not shown (only those beside the failure that an affected node depends on)", phrase.Count(len(all)-len(im.affected)-len(ctx), "unaffected node", "unaffected nodes"))
	case len(im.affected) <= budget:
		b.addNodes(slices.Clone(im.affected), im.role)
		b.notef("%s not shown", phrase.Count(len(all)-len(im.affected), "unaffected node", "unaffected nodes"))
	default:
		b.notef("%s not shown", phrase.Count(len(all)-len(im.affected), "unaffected node", "unaffected nodes"))
		im.collapse(b, budget)
	}
	if err := b.addEdges(func(from, to string) bool { return im.parent[to] == from }); err != nil {
		return nil, err
	}
	b.cluster()
	if opt.Layout == Radial {
		b.center(ev.Scenario(), opt.Center)
	}
	return b.finish()
}

// radiusView indexes an evaluation for drawing.
type radiusView struct {
	affected []string // sorted
	state    map[string]catalog.State
	parent   map[string]string // next ref on the cause path
	depth    map[string]int    // length of the cause path
	customer map[string]bool
}

func newRadiusView(ev *graph.Evaluation) *radiusView {
	v := &radiusView{state: map[string]catalog.State{}, parent: map[string]string{},
		depth: map[string]int{}, customer: map[string]bool{}}
	for _, a := range ev.Affected() {
		v.affected = append(v.affected, a.Node.Ref)
		v.state[a.Node.Ref] = a.State
		v.depth[a.Node.Ref] = a.Path.Len() - 1
		if c := a.Path.Cause(); c != "" {
			v.parent[a.Node.Ref] = c
		}
		v.customer[a.Node.Ref] = a.Node.Kind == catalog.KindCustomer
	}
	return v
}

// role draws a node by its state: the scenario's roots, what is down or
// degraded, and unaffected context.
func (v *radiusView) role(n *catalog.Node) Role {
	st, ok := v.state[n.Ref]
	switch {
	case !ok:
		return Context
	case v.depth[n.Ref] == 0 && st == catalog.Down:
		return Root // failed by the scenario; one it only degrades is drawn degraded
	case st == catalog.Down:
		return Down
	}
	return Degraded
}

// context lists the unaffected nodes that affected nodes declare a
// dependency on, in the clusters the failure reaches: what kept working
// beside what failed.
func (v *radiusView) context(g *graph.Graph) []string {
	cat := g.Catalog()
	reached := map[string]bool{}
	for _, ref := range v.affected {
		reached[home(cat.Node(ref))] = true
	}
	seen := map[string]bool{}
	var out []string
	for _, ref := range v.affected {
		for _, t := range cat.Node(ref).Targets() {
			if _, hit := v.state[t]; !hit && !seen[t] && reached[home(cat.Node(t))] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	slices.Sort(out)
	return out
}

// groupKey is one group of collapsed nodes: those under anchor in one
// state, customers apart from infrastructure.
type groupKey struct {
	anchor   string
	state    catalog.State
	customer bool
}

// collapse keeps the affected infrastructure down to the deepest cause
// depth that fits the budget and groups everything below it, customers
// included, under its nearest kept ancestor.
func (v *radiusView) collapse(b *builder, budget int) {
	maxDepth := 0
	for _, d := range v.depth {
		maxDepth = max(maxDepth, d)
	}
	var kept []string
	var groups map[groupKey]int
	for d := maxDepth; d >= 0; d-- {
		kept, groups = v.cut(d)
		if len(kept)+len(groups) <= budget {
			break
		}
	}
	b.addNodes(kept, v.role)
	keys := make([]groupKey, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b groupKey) int {
		return cmp.Or(strings.Compare(a.anchor, b.anchor), boolOrder(a.customer, b.customer), int(b.state)-int(a.state))
	})
	grouped := 0
	for _, k := range keys {
		n := groups[k]
		grouped += n
		what := phrase.Count(n, "node", "nodes")
		if k.customer {
			what = phrase.Count(n, "customer", "customers")
		}
		role := Degraded
		if k.state == catalog.Down {
			role = Down
		}
		gn := b.addGroup(what+" "+k.state.String(), "via "+k.anchor, role, n)
		b.scene.Edges = append(b.scene.Edges, &Edge{From: b.ids[k.anchor], To: gn.ID, Cause: true})
	}
	b.notef("%s grouped by the node on their cause path", phrase.Count(grouped, "affected node", "affected nodes"))
}

// cut keeps the roots and the affected infrastructure within cause depth
// d, and groups every other affected node under its nearest kept ancestor.
func (v *radiusView) cut(d int) ([]string, map[groupKey]int) {
	keep := func(ref string) bool { return v.depth[ref] == 0 || !v.customer[ref] && v.depth[ref] <= d }
	var kept []string
	groups := map[groupKey]int{}
	for _, ref := range v.affected {
		if keep(ref) {
			kept = append(kept, ref)
			continue
		}
		anchor := v.parent[ref]
		for !keep(anchor) {
			anchor = v.parent[anchor]
		}
		groups[groupKey{anchor, v.state[ref], v.customer[ref]}]++
	}
	return kept, groups
}

// center makes the radial layout's centre the given ref, or else the
// scenario's failure: its first failed ref, else its first degraded one.
func (b *builder) center(sc graph.Scenario, ref string) {
	if roots := append(slices.Clone(sc.Fail), sc.Degrade...); ref == "" && len(roots) > 0 {
		ref = roots[0]
	}
	b.scene.Center = b.ids[ref]
}

func boolOrder(a, b bool) int {
	if a == b {
		return 0
	}
	if !a {
		return -1
	}
	return 1
}
