package render

import (
	"cmp"
	"maps"
	"slices"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
)

// Dependencies builds the dependency diagram of the nodes named by refs
// (every node when refs is nil): each declared dependency between them,
// drawn from the dependency to its dependent, clustered by provider,
// region and zone. Above the node budget it folds in stages, each said in
// the picture's notes: zones and zonal instances into their regional
// views, then customers into one counted box per region they run in, then
// service instances into their regions.
func Dependencies(g *graph.Graph, refs []string, title string, opt Options) (*Scene, error) {
	cat := g.Catalog()
	if refs == nil {
		for _, n := range cat.Nodes() {
			refs = append(refs, n.Ref)
		}
	}
	b := newBuilder(g, title, phrase.Count(len(refs), "node", "nodes"), opt.Layout)
	f := &folding{cat: cat, into: map[string]string{}, shown: slices.Clone(refs)}
	budget := opt.budget()
	if len(f.shown) > budget {
		f.fold(func(n *catalog.Node) string {
			if n.Zone == "" {
				return ""
			}
			if n.Kind == catalog.KindZone {
				return n.Provider + "@" + n.Region
			}
			return n.Provider + "/" + n.Service + "@" + n.Region
		})
		b.notef("zones and zonal instances folded into their regions' views")
	}
	var groups map[string]int
	if len(f.shown) > budget {
		groups = f.groupCustomers()
		b.notef("%s grouped by the region they run in", phrase.Count(sumValues(groups), "customer", "customers"))
	}
	if len(f.shown)+len(groups) > budget {
		f.fold(func(n *catalog.Node) string {
			if n.Kind != catalog.KindService || n.Region == "" {
				return ""
			}
			return n.Provider + "@" + n.Region
		})
		b.notef("service instances folded into their regions")
	}
	b.addNodes(f.shown, func(*catalog.Node) Role { return Neutral })
	for _, home := range slices.Sorted(maps.Keys(groups)) {
		if home == "" { // customers that reach no infrastructure: one box, on nothing
			b.addGroup(phrase.Count(groups[home], "customer", "customers"), "on no infrastructure", Neutral, groups[home])
			continue
		}
		gn := b.addGroup(phrase.Count(groups[home], "customer", "customers"), "on "+f.resolve(home), Neutral, groups[home])
		b.scene.Edges = append(b.scene.Edges, &Edge{From: b.ids[f.resolve(home)], To: gn.ID})
	}
	if err := f.edges(b); err != nil {
		return nil, err
	}
	b.cluster()
	if center := cmp.Or(opt.Center, first(refs)); opt.Layout == Radial && center != "" {
		b.scene.Center = b.ids[f.resolve(center)]
	}
	return b.finish()
}

// folding tracks which nodes a dependency diagram still shows and where
// each hidden node went.
type folding struct {
	cat   *catalog.Catalog
	shown []string
	into  map[string]string // hidden ref → the ref or "" (a customer group) standing for it
	group map[string]string // grouped customer → its home
}

// fold hides every shown node for which to names another node, and shows
// that node instead.
func (f *folding) fold(to func(*catalog.Node) string) {
	seen := map[string]bool{}
	var next []string
	for _, ref := range f.shown {
		if t := to(f.cat.Node(ref)); t != "" && f.cat.Node(t) != nil {
			f.into[ref] = t
			ref = t
		}
		if !seen[ref] {
			seen[ref] = true
			next = append(next, ref)
		}
	}
	f.shown = next
}

// resolve follows folds to the shown node standing for ref.
func (f *folding) resolve(ref string) string {
	for {
		t, ok := f.into[ref]
		if !ok {
			return ref
		}
		ref = t
	}
}

// groupCustomers hides every customer and counts them by home (homeOf);
// a home that is not shown yet is shown.
func (f *folding) groupCustomers() map[string]int {
	groups := map[string]int{}
	f.group = make(map[string]string, len(f.shown)) // sized once: a region's neighbourhood has tens of thousands
	memo := map[string]string{}
	var next []string
	for _, ref := range f.shown {
		n := f.cat.Node(ref)
		if n.Kind != catalog.KindCustomer {
			next = append(next, ref)
			continue
		}
		home := homeOf(f.cat, n, memo)
		groups[home]++
		f.group[ref] = home
	}
	f.shown = next
	shown := make(map[string]bool, len(next))
	for _, ref := range next {
		shown[ref] = true
	}
	for _, home := range slices.Sorted(maps.Keys(groups)) {
		if home != "" && !shown[f.resolve(home)] {
			f.shown = append(f.shown, home)
		}
	}
	return groups
}

// homeOf is where a customer runs: the region, else the provider, of the
// first infrastructure node it depends on; a customer that depends only on
// customers runs where the first of them runs, and one whose customers
// reach no infrastructure (it depends on nothing, or they cycle) has the
// home "". memo keeps the homes found, so that each customer of a chain is
// walked once.
func homeOf(cat *catalog.Catalog, n *catalog.Node, memo map[string]string) string {
	const pending = "\x00" // on the walk now: met again, a cycle
	var path []string
	home := ""
	for cur := n; cur != nil; {
		if h, ok := memo[cur.Ref]; ok {
			if h != pending {
				home = h
			}
			break
		}
		memo[cur.Ref] = pending
		path = append(path, cur.Ref)
		next, infra := firstDependency(cat, cur)
		if infra != "" {
			home = infra
			break
		}
		cur = next
	}
	for _, ref := range path {
		memo[ref] = home
	}
	return home
}

// firstDependency returns where the first infrastructure node n depends on
// runs (its region, else its provider), or, when n depends on none, the
// first customer it depends on (nil: none either).
func firstDependency(cat *catalog.Catalog, n *catalog.Node) (*catalog.Node, string) {
	var customer *catalog.Node
	for e := range n.RefEntries() {
		tn := cat.Node(e.Dep.Target)
		switch {
		case tn.Kind == catalog.KindCustomer:
			if customer == nil {
				customer = tn
			}
		case tn.Region != "":
			return nil, tn.Provider + "@" + tn.Region
		default:
			return nil, tn.Provider
		}
	}
	return customer, ""
}

// edges draws the declared dependencies between shown nodes, following
// folds, as the model graph of the shown and folded nodes has them;
// grouped customers are already joined to their home.
func (f *folding) edges(b *builder) error {
	var refs []string
	for _, ref := range f.allRefs() {
		if _, grouped := f.group[ref]; !grouped {
			refs = append(refs, ref)
		}
	}
	edges, err := modelEdges(b.g, refs)
	if err != nil {
		return err
	}
	seen := map[[2]string]bool{}
	for _, e := range edges {
		from, to := b.ids[f.resolve(e.Target)], b.ids[f.resolve(e.Source)]
		kind := e.Properties.Attributes["kind"]
		if from == to || seen[[2]string{from, to}] || kind == graph.EdgeImplied {
			continue
		}
		seen[[2]string{from, to}] = true
		b.scene.Edges = append(b.scene.Edges, &Edge{From: from, To: to, Soft: kind == graph.EdgeSoft, Guess: b.guess(e.Source, e.Target)})
	}
	return nil
}

// allRefs lists the shown and the folded refs, sorted.
func (f *folding) allRefs() []string {
	refs := slices.Clone(f.shown)
	for r := range f.into {
		refs = append(refs, r)
	}
	slices.Sort(refs)
	return slices.Compact(refs)
}

func first(refs []string) string {
	if len(refs) == 0 {
		return ""
	}
	return refs[0]
}

func sumValues(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
