package graph

import (
	"cmp"
	"slices"

	"github.com/blastradius/blastradius/catalog"
)

// SupplyChain is every provider a customer depends on, however far down
// the chain: the shape of a register of information, which asks for each
// ICT provider behind a service, its rank and what its failure does.
type SupplyChain struct {
	Customer  string
	Suppliers []Supplier // by rank, then by provider id
}

// Supplier is one provider in a customer's supply chain.
type Supplier struct {
	Provider string
	Name     string // the provider's name, if the catalog gives one
	// Rank is 1 when the customer's own dependency entries name the
	// provider's nodes, and n when the nearest way to it passes through
	// n-1 others: vendors (other providers) or other customers.
	Rank int
	// Via names the others through which the customer reaches the
	// provider at all (not only on the nearest way), sorted: provider ids
	// and customer refs, as in Carrier. A rank-1 supplier with a Via is
	// also reached through others.
	Via []string
	// Effect is the customer's state when the provider fails alone: down
	// means the provider is critical to it.
	Effect catalog.State
	// Regions are the provider's regions in the chain, sorted by ref, each
	// with the customer's state when the region fails alone.
	Regions []RegionEffect
}

// Critical reports whether the provider's failure alone takes the
// customer down.
func (s Supplier) Critical() bool { return s.Effect == catalog.Down }

// RegionEffect is the customer's state when one region fails alone.
type RegionEffect struct {
	Ref    string
	Effect catalog.State
}

// SupplyChain walks everything the customer named by ref depends on,
// ranks the providers found by the others between the customer and them,
// and fails each of them, and each of their regions found, alone. It
// costs one evaluation per provider and region in the chain.
func (g *Graph) SupplyChain(ref string) (*SupplyChain, error) {
	c, err := g.customer(ref)
	if err != nil {
		return nil, err
	}
	ix := g.ix
	dist, via := ix.chain(c)
	byProvider := map[string]*Supplier{}
	var fail []int32 // providers, then regions, as found
	for i, d := range dist {
		node := ix.nodes[i]
		if d < 0 || node.Kind == catalog.KindCustomer {
			continue
		}
		s := byProvider[node.Provider]
		if s == nil {
			s = &Supplier{Provider: node.Provider, Name: ix.nodes[ix.id(node.Provider)].Name, Rank: int(d), Via: []string{}}
			byProvider[node.Provider] = s
		}
		s.Rank = min(s.Rank, int(d))
		if node.Kind == catalog.KindProvider || node.Kind == catalog.KindRegion {
			fail = append(fail, int32(i))
		}
	}
	for p, names := range via {
		byProvider[p].Via = slices.Sorted(func(yield func(string) bool) {
			for name := range names {
				if !yield(name) {
					return
				}
			}
		})
	}
	effects := make([]catalog.State, len(fail))
	ix.sweep(len(fail), func(k int) []seed { return single(fail[k]) }, func(k int, p *propagator) {
		effects[k] = p.state[c]
	}, nil)
	for k, i := range fail {
		node := ix.nodes[i]
		s := byProvider[node.Provider]
		if node.Kind == catalog.KindProvider {
			s.Effect = effects[k]
		} else {
			s.Regions = append(s.Regions, RegionEffect{node.Ref, effects[k]})
		}
	}
	out := &SupplyChain{Customer: ix.nodes[c].Ref}
	for _, s := range byProvider {
		out.Suppliers = append(out.Suppliers, *s)
	}
	slices.SortFunc(out.Suppliers, func(a, b Supplier) int {
		return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.Provider, b.Provider))
	})
	return out, nil
}

// chain walks the nodes customer c depends on, directly or not, and gives
// each its rank (-1 where not reached): the fewest changes of owner (a
// provider, or a customer) on the way from c. via holds, per provider, the
// names of the other owners whose nodes depend on its nodes, the customer
// c excepted. It is a 0-1 breadth-first search: linear in the edges.
func (ix *index) chain(c int32) (dist []int32, via map[string]map[string]bool) {
	dist = make([]int32, len(ix.nodes))
	for i := range dist {
		dist[i] = -1
	}
	owner := func(i int32) int32 {
		if p := ix.provider[i]; p >= 0 {
			return p
		}
		return -2 - i // a customer is its own owner
	}
	name := func(i int32) string {
		if n := ix.nodes[i]; n.Kind != catalog.KindCustomer {
			return n.Provider
		}
		return ix.nodes[i].Ref
	}
	via = map[string]map[string]bool{}
	dist[c] = 0
	// Every node of a level is at the same rank: a step within an owner
	// stays in the level, a step to another owner goes to the next.
	for level := []int32{c}; len(level) > 0; {
		var next []int32
		for k := 0; k < len(level); k++ {
			u := level[k]
			for _, v := range ix.deps[ix.depStart[u]:ix.depStart[u+1]] {
				step := int32(0)
				if owner(u) != owner(v) {
					step = 1
					if u != c && ix.provider[v] >= 0 {
						p := ix.nodes[v].Provider
						if via[p] == nil {
							via[p] = map[string]bool{}
						}
						via[p][name(u)] = true
					}
				}
				if d := dist[u] + step; dist[v] < 0 || d < dist[v] {
					dist[v] = d
					if step == 0 {
						level = append(level, v)
					} else {
						next = append(next, v)
					}
				}
			}
		}
		level = slices.DeleteFunc(next, func(v int32) bool { return dist[v] != dist[level[0]]+1 })
	}
	return dist, via
}
