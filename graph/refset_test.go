package graph

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/blastradius/blastradius/catalog"
)

// testSpace returns a space of the given refs, which must be sorted.
func testSpace(refs []string) *space {
	nodes := make([]*catalog.Node, len(refs))
	for i, ref := range refs {
		nodes[i] = &catalog.Node{Ref: ref}
	}
	return newSpace(nodes)
}

// numbered returns the refs n0000, n0001, … n(n-1), which sort as their
// numbers do.
func numbered(n int) []string {
	refs := make([]string, n)
	for i := range refs {
		refs[i] = fmt.Sprintf("n%06d", i)
	}
	return refs
}

// model is what a set should hold: its ids, sorted.
type model []int32

func (m model) has(id int32) bool { _, ok := slices.BinarySearch(m, id); return ok }

// checkSet checks that s is a treap (ids in order, priorities heap-ordered,
// sizes right) holding exactly m.
func checkSet(t *testing.T, sp *space, what string, s *tnode, m model) {
	t.Helper()
	var walk func(n *tnode, lo, hi int32) int
	walk = func(n *tnode, lo, hi int32) int {
		if n == nil {
			return 0
		}
		if n.id <= lo || n.id >= hi {
			t.Fatalf("%s: id %d out of order", what, n.id)
		}
		for _, c := range []*tnode{n.left, n.right} {
			if c != nil && sp.above(c.id, n.id) {
				t.Fatalf("%s: child %d above its parent %d", what, c.id, n.id)
			}
		}
		size := 1 + walk(n.left, lo, n.id) + walk(n.right, n.id, hi)
		if int(n.size) != size {
			t.Fatalf("%s: size %d at %d, want %d", what, n.size, n.id, size)
		}
		return size
	}
	walk(s, -1, 1<<30)
	var got []int32
	s.each(func(id int32) bool { got = append(got, id); return true })
	if !slices.Equal(got, m) || s.len() != len(m) {
		t.Fatalf("%s: holds %v (len %d), want %v", what, got, s.len(), m)
	}
}

// TestTreap builds sets by every operation from sets built before, so that
// they share subtrees, and checks each against a sorted slice: contents,
// invariants, equality (equal sets must be equal trees whatever built
// them) and the quorum count of several sets, some repeated.
func TestTreap(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 3))
		universe := int32(1 + r.IntN(200))
		sp := testSpace(numbered(int(universe)))
		random := func() int32 { return r.Int32N(universe) }
		sets := []*tnode{nil}
		models := []model{nil}
		add := func(what string, s *tnode, m model) {
			checkSet(t, sp, fmt.Sprintf("seed %d: %s", seed, what), s, m)
			fresh := (*tnode)(nil)
			for _, k := range r.Perm(len(m)) {
				fresh = sp.insert(fresh, m[k])
			}
			if !equal(s, fresh) {
				t.Fatalf("seed %d: %s differs from the same set built afresh", seed, what)
			}
			for k, o := range models {
				if equal(s, sets[k]) != slices.Equal(m, o) {
					t.Fatalf("seed %d: %s: equal to set %d is %v, want %v", seed, what, k, equal(s, sets[k]), slices.Equal(m, o))
				}
			}
			sets, models = append(sets, s), append(models, m)
		}
		pick := func() int { return r.IntN(len(sets)) }
		for range 60 {
			switch op := r.IntN(6); op {
			case 0, 1:
				k, id := pick(), random()
				m := slices.Clone(models[k])
				if !m.has(id) {
					m = append(m, id)
					slices.Sort(m)
				}
				add(fmt.Sprintf("insert %d", id), sp.insert(sets[k], id), m)
				if sets[k].contains(id) != models[k].has(id) {
					t.Fatalf("seed %d: contains(%d) = %v", seed, id, !models[k].has(id))
				}
			case 2:
				k, id := pick(), random()
				if len(models[k]) > 0 && r.IntN(2) == 0 {
					id = models[k][r.IntN(len(models[k]))]
				}
				m := slices.DeleteFunc(slices.Clone(models[k]), func(x int32) bool { return x == id })
				add(fmt.Sprintf("remove %d", id), sp.remove(sets[k], id), m)
			case 3:
				a, b := pick(), pick()
				m := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(models[a]), models[b]...))))
				add("union", sp.union(sets[a], sets[b]), m)
			case 4:
				a, b := pick(), pick()
				m := slices.DeleteFunc(slices.Clone(models[a]), func(x int32) bool { return !models[b].has(x) })
				add("intersect", sp.intersect(sets[a], sets[b]), m)
			case 5:
				n := 1 + r.IntN(24)
				var in []*tnode
				count := map[int32]int{}
				for range n {
					k := pick()
					in = append(in, sets[k])
					for _, id := range models[k] {
						count[id]++
					}
				}
				need := 1 + r.IntN(n+1)
				var m model
				for id, c := range count {
					if c >= need {
						m = append(m, id)
					}
				}
				slices.Sort(m)
				add(fmt.Sprintf("%d of %d", need, n), sp.inAtLeast(need, in), m)
			}
		}
	}
}

// TestTreapSharing checks that a set one id larger than another costs
// O(log n) new nodes, and that operations on sets that share most of
// their trees return the shared parts.
func TestTreapSharing(t *testing.T) {
	sp := testSpace(numbered(100_001))
	var s *tnode
	for i := range int32(100_000) {
		s = sp.insert(s, i)
	}
	nodes := func(roots ...*tnode) int {
		seen := map[*tnode]bool{}
		var walk func(*tnode)
		walk = func(n *tnode) {
			if n != nil && !seen[n] {
				seen[n] = true
				walk(n.left)
				walk(n.right)
			}
		}
		for _, r := range roots {
			walk(r)
		}
		return len(seen)
	}
	bigger := sp.insert(s, 100_000)
	if added := nodes(s, bigger) - s.len(); added > 64 {
		t.Errorf("inserting into a set of %d made %d nodes", s.len(), added)
	}
	for _, pair := range [][2]*tnode{{s, bigger}, {bigger, s}} {
		if u := sp.union(pair[0], pair[1]); u != bigger {
			t.Errorf("union of a set and a superset is not the superset")
		}
		if i := sp.intersect(pair[0], pair[1]); i != s {
			t.Errorf("intersection of a set and a superset is not the set")
		}
	}
	if q := sp.inAtLeast(2, []*tnode{s, bigger, sp.remove(s, 5)}); !equal(q, s) || nodes(s, q) != s.len() {
		t.Errorf("2 of 3 nearly equal sets: %d ids, %d nodes not shared", q.len(), nodes(s, q)-s.len())
	}
	if sp.remove(s, -1) != s || sp.insert(s, 7) != s {
		t.Errorf("removing an absent id or inserting a present one copied the set")
	}
}

// TestDiffer compares sets of two spaces that share some refs, built so
// that sets in each space share subtrees, with their sorted slices.
func TestDiffer(t *testing.T) {
	for seed := range uint64(100) {
		r := rand.New(rand.NewPCG(seed, 5))
		all := numbered(1 + r.IntN(300))
		var refs [2][]string
		for _, ref := range all {
			switch r.IntN(4) {
			case 0:
				refs[0] = append(refs[0], ref)
			case 1:
				refs[1] = append(refs[1], ref)
			default:
				refs[0] = append(refs[0], ref)
				refs[1] = append(refs[1], ref)
			}
		}
		if len(refs[0]) == 0 || len(refs[1]) == 0 {
			continue
		}
		spaces := [2]*space{testSpace(refs[0]), testSpace(refs[1])}
		// A chain of sets in each space, each the one before plus or
		// minus a ref, mostly the same ref in both.
		var sets [2][]RefSet
		var models [2][]map[string]bool
		var cur [2]*tnode
		var model [2]map[string]bool
		for side := range 2 {
			model[side] = map[string]bool{}
		}
		for range 80 {
			ref := all[r.IntN(len(all))]
			add := r.IntN(3) > 0
			for side := range 2 {
				ref := ref
				if r.IntN(8) == 0 {
					ref = all[r.IntN(len(all))] // a change in this space alone
				}
				m := maps.Clone(model[side])
				if i, ok := slices.BinarySearch(refs[side], ref); ok && add {
					cur[side] = spaces[side].insert(cur[side], int32(i))
					m[ref] = true
				} else if ok {
					cur[side] = spaces[side].remove(cur[side], int32(i))
					delete(m, ref)
				}
				model[side] = m
				sets[side] = append(sets[side], RefSet{spaces[side], cur[side]})
				models[side] = append(models[side], m)
			}
		}
		d := newDiffer()
		for k := range sets[0] {
			for _, dir := range [][2]int{{0, 1}, {1, 0}} {
				a, b := dir[0], dir[1]
				var want []string
				for ref := range models[a][k] {
					if !models[b][k][ref] {
						want = append(want, ref)
					}
				}
				slices.Sort(want)
				if got := d.minus(sets[a][k], sets[b][k]); !slices.Equal(got, want) {
					t.Fatalf("seed %d, set %d: %v minus %v is %v, want %v", seed, k,
						slices.Collect(sets[a][k].All()), slices.Collect(sets[b][k].All()), got, want)
				}
			}
		}
	}
}
