package graph

import (
	"math/rand/v2"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
)

// TestLevels checks the order evaluation relies on, on random catalogs
// with cycles: every dependency of a node lies at a lower level, or at the
// same level in the node's own cycle, and a node's level is as low as that
// allows.
func TestLevels(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for range 40 {
		c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: catalogtest.Random(r)}}, ".")
		if err != nil {
			continue
		}
		ix := New(c).ix
		reach := reachability(ix)
		for i := range ix.nodes {
			want := int32(0)
			for _, j := range ix.deps[ix.depStart[i]:ix.depStart[i+1]] {
				cycle := reach[i][j] && reach[j][i]
				switch {
				case cycle && ix.level[j] != ix.level[i]:
					t.Fatalf("%s and %s share a cycle but not a level", ix.nodes[i].Ref, ix.nodes[j].Ref)
				case !cycle && ix.level[j] >= ix.level[i]:
					t.Fatalf("%s (level %d) depends on %s (level %d)", ix.nodes[i].Ref, ix.level[i], ix.nodes[j].Ref, ix.level[j])
				case !cycle:
					want = max(want, ix.level[j]+1)
				}
			}
			if ix.level[i] < want || ix.level[i] >= ix.levels {
				t.Fatalf("%s: level %d, want at least %d and below %d", ix.nodes[i].Ref, ix.level[i], want, ix.levels)
			}
		}
	}
}

// reachability says, for every pair, whether the first depends on the
// second through any chain (a node reaches itself).
func reachability(ix *index) [][]bool {
	n := len(ix.nodes)
	reach := make([][]bool, n)
	for i := range n {
		reach[i] = make([]bool, n)
		stack := []int32{int32(i)}
		reach[i][i] = true
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, w := range ix.deps[ix.depStart[v]:ix.depStart[v+1]] {
				if !reach[i][w] {
					reach[i][w] = true
					stack = append(stack, w)
				}
			}
		}
	}
	return reach
}

// TestParallelLevels evaluates random catalogs (with cycles) with every
// level on all cores, and wants the states of a sequential run.
func TestParallelLevels(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2))
	runs := 0
	for range 60 {
		c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: catalogtest.Random(r)}}, ".")
		if err != nil {
			continue
		}
		ix := New(c).ix
		seq, par := newPropagator(ix), newPropagator(ix)
		par.parallelMin = 1
		for id := range int32(len(ix.nodes)) {
			seeds := []seed{{id, catalog.Down}}
			seq.run(seeds)
			par.run(seeds)
			if !slices.Equal(seq.state, par.state) {
				t.Fatalf("failing %s: parallel states differ from sequential ones", ix.nodes[id].Ref)
			}
			seq.reset(seeds)
			par.reset(seeds)
			runs++
		}
	}
	if runs < 100 {
		t.Fatalf("only %d runs", runs)
	}
}
