package graph

import "slices"

// computeLevels gives every node its level: 0 for a node without
// dependencies, else one more than the highest level among its
// dependencies outside its own cycle; the nodes of a cycle (a strongly
// connected component) share one level. Every dependency of a node is at
// a lower level or in the node's cycle, so evaluating level by level
// settles each node once, cycles apart. It runs Tarjan's algorithm without
// recursion, in time linear in the graph.
func (ix *index) computeLevels() {
	n := len(ix.nodes)
	ix.level, ix.cyclic = make([]int32, n), make([]bool, n)
	ix.levelSize = make([]int32, n+1) // trimmed to levels at the end
	order := make([]int32, n)         // 1 + the visit order; 0 while unvisited
	low := make([]int32, n)
	comp := make([]int32, n) // 1 + the component, once it is complete
	var stack []int32        // visited nodes whose component is open
	type frame struct{ v, next int32 }
	var calls []frame
	visited, comps := int32(0), int32(0)
	visit := func(v int32) {
		visited++
		order[v], low[v] = visited, visited
		stack = append(stack, v)
		calls = append(calls, frame{v, ix.depStart[v]})
	}
	for s := range int32(n) {
		if order[s] != 0 {
			continue
		}
		visit(s)
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			v := f.v
			if f.next < ix.depStart[v+1] {
				w := ix.deps[f.next]
				f.next++
				switch {
				case order[w] == 0:
					visit(w)
				case comp[w] == 0: // on the stack
					low[v] = min(low[v], order[w])
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				u := calls[len(calls)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] != order[v] {
				continue
			}
			k := len(stack) - 1
			for stack[k] != v {
				k--
			}
			members := stack[k:]
			comps++
			for _, m := range members {
				comp[m] = comps
			}
			level := int32(0)
			for _, m := range members {
				for _, w := range ix.deps[ix.depStart[m]:ix.depStart[m+1]] {
					if comp[w] != comps {
						level = max(level, ix.level[w]+1)
					}
				}
			}
			for _, m := range members {
				ix.level[m] = level
				ix.levelSize[level]++
				if len(members) > 1 || slices.Contains(ix.deps[ix.depStart[m]:ix.depStart[m+1]], m) {
					ix.cyclic[m] = true
				}
			}
			ix.levels = max(ix.levels, level+1)
			stack = stack[:k]
		}
	}
	ix.levelSize = ix.levelSize[:ix.levels]
}
