package render

import (
	"slices"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
)

// BlastRadius builds the diagram of an evaluation: the failed roots, what is
// down and degraded with its cause edges in bold, and unaffected context
// while the node budget allows. Above the budget it collapses in stages,
// each said in the picture's notes: unaffected context goes first, then
// every unaffected node, then the affected nodes are drawn as far as the
// budget holds them (the failed nodes, then those that take down the most
// customer weight) and the rest are grouped under the nearest drawn node on
// their cause path ("412 customers down via aws/lambda@us-east-1").
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
	var ctx []string
	if len(im.affected) <= budget {
		ctx = im.context(g)
	}
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
	if err := b.addEdges(im.isCause); err != nil {
		return nil, err
	}
	b.cluster()
	if opt.Layout == Radial {
		b.center(ev.Scenario(), opt.Center)
	}
	return b.finish()
}

// radiusView indexes an evaluation for drawing. Affected nodes are numbered
// by their position in affected, and the per-node slices are indexed so.
type radiusView struct {
	affected []string // sorted
	index    map[string]int32
	state    []catalog.State
	parent   []int32 // the next node on the cause path; -1 for a node the scenario set
	depth    []int32 // hops from the node to the end of its cause path
	customer []bool
	weight   []float64 // the catalog weight of each customer
}

func newRadiusView(ev *graph.Evaluation) *radiusView {
	as := ev.Affected()
	n := len(as)
	v := &radiusView{affected: make([]string, n), index: make(map[string]int32, n),
		state: make([]catalog.State, n), parent: make([]int32, n), depth: make([]int32, n),
		customer: make([]bool, n), weight: make([]float64, n)}
	for i, a := range as {
		v.affected[i] = a.Node.Ref
		v.index[a.Node.Ref] = int32(i)
	}
	for i, a := range as {
		v.state[i] = a.State
		v.depth[i] = int32(a.Path.Len() - 1)
		v.parent[i] = -1
		if c := a.Path.Cause(); c != "" {
			if p, ok := v.index[c]; ok {
				v.parent[i] = p
			}
		}
		v.customer[i] = a.Node.Kind == catalog.KindCustomer
		v.weight[i] = a.Node.Weight
	}
	return v
}

// role draws a node by its state: the scenario's roots, what is down or
// degraded, and unaffected context.
func (v *radiusView) role(n *catalog.Node) Role {
	i, ok := v.index[n.Ref]
	switch {
	case !ok:
		return Context
	case v.depth[i] == 0 && v.state[i] == catalog.Down:
		return Root // failed by the scenario; one it only degrades is drawn degraded
	case v.state[i] == catalog.Down:
		return Down
	}
	return Degraded
}

// isCause reports whether from is the next node on to's cause path.
func (v *radiusView) isCause(from, to string) bool {
	i, ok := v.index[to]
	return ok && v.parent[i] >= 0 && v.affected[v.parent[i]] == from
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
			if _, hit := v.index[t]; !hit && !seen[t] && reached[home(cat.Node(t))] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	slices.Sort(out)
	return out
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
