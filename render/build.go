package render

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	dgraph "github.com/dominikbraun/graph"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
)

// DefaultMaxNodes is the node budget of a diagram when Options.MaxNodes is 0.
const DefaultMaxNodes = 150

// MinMaxNodes is the smallest budget a collapsed diagram keeps to: the
// failed nodes and the groups of what they take down need a few boxes.
const MinMaxNodes = 4

// Options tunes what a diagram shows.
type Options struct {
	// MaxNodes is the node budget, at least MinMaxNodes. Above it the
	// diagram collapses and says so in the picture: a blast radius drops
	// unaffected nodes, then draws the failed nodes and the nodes that take
	// down the most customer weight, grouping the rest under the nearest
	// drawn node on their cause path; a dependency diagram folds zones,
	// customers and service instances.
	MaxNodes int
	Layout   Layout
	// Center is the ref drawn at the centre of a radial layout: by default
	// the scenario's first failure, or a dependency diagram's first node.
	Center string
}

func (o Options) budget() int {
	if o.MaxNodes > 0 {
		return o.MaxNodes
	}
	return DefaultMaxNodes
}

// builder assembles a scene from chosen refs and groups.
type builder struct {
	g     *graph.Graph
	cat   *catalog.Catalog
	scene *Scene
	ids   map[string]string // ref → node id
}

func newBuilder(g *graph.Graph, title, subtitle string, layout Layout) *builder {
	return &builder{g: g, cat: g.Catalog(), ids: map[string]string{},
		scene: &Scene{Title: title, Subtitle: subtitle, Layout: layout}}
}

// addNodes adds a node for each ref, in ref order, with its role.
func (b *builder) addNodes(refs []string, role func(*catalog.Node) Role) {
	slices.Sort(refs)
	for _, ref := range refs {
		n := b.cat.Node(ref)
		id := "n" + strconv.Itoa(len(b.ids))
		b.ids[ref] = id
		name := n.Name
		if name == ref {
			name = ""
		}
		b.scene.Nodes = append(b.scene.Nodes, &Node{ID: id, Ref: ref, Label: ref, Name: name, Role: role(n)})
	}
}

// addGroup adds a node standing for count nodes.
func (b *builder) addGroup(label, name string, role Role, count int) *Node {
	n := &Node{ID: "g" + strconv.Itoa(len(b.scene.Nodes)), Label: label, Name: name, Role: role, Group: count}
	b.scene.Nodes = append(b.scene.Nodes, n)
	return n
}

// addEdges draws every declared dependency between two drawn nodes, from
// the dependency to its dependent, as the model graph of the drawn nodes
// has them. Edges the contract implies (zone to region, instance to
// location) are left to the clusters, unless cause says they are on a
// cause path.
func (b *builder) addEdges(cause func(from, to string) bool) error {
	var refs []string
	for _, n := range b.scene.Nodes {
		if n.Ref != "" {
			refs = append(refs, n.Ref)
		}
	}
	edges, err := modelEdges(b.g, refs)
	if err != nil {
		return err
	}
	for _, e := range edges {
		kind := e.Properties.Attributes["kind"]
		isCause := cause(e.Target, e.Source)
		if kind == graph.EdgeImplied && !isCause {
			continue
		}
		b.scene.Edges = append(b.scene.Edges, &Edge{From: b.ids[e.Target], To: b.ids[e.Source], Cause: isCause,
			Soft: kind == graph.EdgeSoft, Guess: b.guess(e.Source, e.Target)})
	}
	return nil
}

// guess reports whether the entry behind a dependency is a guess.
func (b *builder) guess(from, to string) bool {
	e := b.cat.Node(from).Evidence(to)
	return !e.Implied && e.Confidence == catalog.Guess
}

// modelEdges returns the edges of the model graph of the given nodes,
// sorted by dependent, then dependency.
func modelEdges(g *graph.Graph, refs []string) ([]dgraph.Edge[string], error) {
	model, err := g.Model(refs)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	edges, err := model.Edges()
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	slices.SortFunc(edges, func(a, b dgraph.Edge[string]) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), strings.Compare(a.Target, b.Target))
	})
	return edges, nil
}

// cluster places every drawn infrastructure node in its provider, region
// and zone clusters; global services get a cluster of their own inside
// their provider.
func (b *builder) cluster() {
	byKey := map[string]*Cluster{}
	var get func(key string) *Cluster
	get = func(key string) *Cluster {
		if c := byKey[key]; c != nil {
			return c
		}
		c := &Cluster{Label: key}
		byKey[key] = c
		prov, rest, scoped := strings.Cut(key, "@")
		switch {
		case key == customersKey:
			c.Label = "Customers"
			b.scene.Clusters = append(b.scene.Clusters, c)
		case strings.HasSuffix(key, "/*"):
			c.Label = "global services"
			parent := get(strings.TrimSuffix(key, "/*"))
			parent.Children = append(parent.Children, c)
		case scoped:
			c.Label = rest
			parentKey := prov
			if n := b.cat.Node(key); n != nil && n.Kind == catalog.KindZone {
				parentKey = prov + "@" + n.Region
			}
			parent := get(parentKey)
			parent.Children = append(parent.Children, c)
		default:
			if n := b.cat.Node(key); n != nil && n.Name != "" {
				c.Label = n.Name
			}
			b.scene.Clusters = append(b.scene.Clusters, c)
		}
		return c
	}
	homes := map[*Node]string{}
	for _, sn := range b.scene.Nodes {
		if sn.Ref == "" {
			continue
		}
		key := home(b.cat.Node(sn.Ref))
		get(key)
		homes[sn] = key
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		byKey[k].ID = "cluster_" + strconv.Itoa(i)
	}
	for sn, key := range homes {
		sn.Cluster = byKey[key].ID
	}
}

// customersKey is the cluster key of customers; it cannot be a ref.
const customersKey = "@customers"

// home is the key of the innermost cluster a node belongs in: "p", "p@r",
// "p@z", "p/*" (global services) or customersKey.
func home(n *catalog.Node) string {
	switch {
	case n.Kind == catalog.KindCustomer:
		return customersKey
	case n.Zone != "":
		return n.Provider + "@" + n.Zone
	case n.Region != "":
		return n.Provider + "@" + n.Region
	case n.Kind == catalog.KindService:
		return n.Provider + "/*"
	}
	return n.Provider
}

// finish sorts the scene and returns it.
func (b *builder) finish() (*Scene, error) {
	b.scene.sortScene()
	return b.scene, nil
}

// notef records what the picture leaves out.
func (b *builder) notef(format string, args ...any) {
	b.scene.Notes = append(b.scene.Notes, fmt.Sprintf(format, args...))
}
