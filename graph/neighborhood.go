package graph

import "slices"

// Direction says which way Neighborhood walks from a node.
type Direction uint8

// The directions. Both walks each way separately: the dependencies of a
// dependent are not its neighbourhood.
const (
	Dependencies Direction = 1 << iota // what the node needs, transitively
	Dependents                         // who needs the node, transitively
	Both         = Dependencies | Dependents
)

// Neighborhood returns the refs within depth steps of the node named by ref
// in the given direction, ref included, sorted. A negative depth means no
// limit. An unknown ref yields a *catalog.RefError.
func (g *Graph) Neighborhood(ref string, dir Direction, depth int) ([]string, error) {
	if _, err := g.cat.Lookup(ref); err != nil {
		return nil, err
	}
	ix := g.ix
	start := ix.id(ref)
	seen := map[int32]bool{start: true}
	walk := func(rowStart, rows []int32) {
		frontier := []int32{start}
		visited := map[int32]bool{start: true}
		for d := 0; len(frontier) > 0 && (depth < 0 || d < depth); d++ {
			var next []int32
			for _, i := range frontier {
				for _, j := range rows[rowStart[i]:rowStart[i+1]] {
					if !visited[j] {
						visited[j], seen[j] = true, true
						next = append(next, j)
					}
				}
			}
			frontier = next
		}
	}
	if dir&Dependencies != 0 {
		walk(ix.depStart, ix.deps)
	}
	if dir&Dependents != 0 {
		walk(ix.userStart, ix.users)
	}
	refs := make([]string, 0, len(seen))
	for i := range seen {
		refs = append(refs, ix.nodes[i].Ref)
	}
	slices.Sort(refs)
	return refs, nil
}
