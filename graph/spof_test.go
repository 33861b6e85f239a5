package graph

import (
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
)

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// chainInfra is what the first customer of catalogtest.Chain depends on
// alone.
var chainInfra = []string{"cloud", "cloud/db@east", "cloud/vm@east", "cloud@east"}

// chainSPOFs is the sorted single points of failure of customer i of
// catalogtest.Chain: every customer before it and chainInfra.
func chainSPOFs(i int) []string {
	out := slices.Clone(chainInfra)
	for j := range i {
		out = append(out, "c"+strconv.Itoa(j))
	}
	slices.Sort(out)
	return out
}

// TestSPOFsOnLongChain checks SPOFs and Lint on 20,000 customers that each
// depend on the one before: customer i has i + 4 single points of failure,
// 2·10⁸ in all, which the sets share instead of listing.
func TestSPOFsOnLongChain(t *testing.T) {
	const n = 20_000
	g := New(load(t, fstest.MapFS{"c.yaml": {Data: catalogtest.Chain(n)}}))
	var got []SPOF
	var err error
	if bytes := allocated(func() { got, err = g.SPOFs(nil, 1, nil) }); bytes > 64<<20 {
		t.Errorf("SPOFs allocated %d MiB", bytes>>20)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d results, want %d", len(got), n)
	}
	for _, s := range got {
		i, _ := strconv.Atoi(strings.TrimPrefix(s.Customer, "c"))
		if s.Singles.Len() != i+len(chainInfra) {
			t.Fatalf("%s: %d single points of failure, want %d", s.Customer, s.Singles.Len(), i+len(chainInfra))
		}
		if i%1999 == 0 || i < 12 || i == n-1 {
			want := chainSPOFs(i)
			if all := slices.Collect(s.Singles.All()); !slices.Equal(all, want) {
				t.Fatalf("%s: %v, want %v", s.Customer, all, want)
			}
			if head := s.Singles.Head(5); !slices.Equal(head, want[:min(5, len(want))]) {
				t.Fatalf("%s: head %v, want %v", s.Customer, head, want[:min(5, len(want))])
			}
			if !s.Singles.Contains("cloud@east") || s.Singles.Contains(s.Customer) || s.Singles.Contains("cloud@west") {
				t.Fatalf("%s: Contains is wrong", s.Customer)
			}
		}
	}
	var findings []Finding
	if bytes := allocated(func() { findings = g.Lint() }); bytes > 64<<20 {
		t.Errorf("Lint allocated %d MiB", bytes>>20)
	}
	if len(findings) != 0 {
		t.Errorf("Lint found %v", findings[0])
	}
}

// TestLintOnLongChain checks the shared-fate rule where every group's
// shared failures are a long list: customer i depends on any of customer
// i-1 and d(i), which depends on customer i-1 too.
func TestLintOnLongChain(t *testing.T) {
	const n = 20_000
	var b strings.Builder
	b.WriteString(base + "customers:\n  - {id: c0, depends_on: [p/db@r1]}\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  - {id: c%d, depends_on: [{any_of: [c%d, d%d]}]}\n  - {id: d%d, depends_on: [c%d]}\n", i, i-1, i, i, i-1)
	}
	g := New(mustLoad(t, b.String()))
	var findings []Finding
	if bytes := allocated(func() { findings = g.Lint() }); bytes > 128<<20 {
		t.Errorf("Lint allocated %d MiB", bytes>>20)
	}
	if len(findings) != n-1 {
		t.Fatalf("%d findings, want %d", len(findings), n-1)
	}
	// c0 fails with p/db@r1, p/vm@r1 and p@r1 (and p, which is left out).
	infra := []string{"p/db@r1", "p/vm@r1", "p@r1"}
	more := regexp.MustCompile(`.*: (.*?)(?: and (\d+) more)?$`)
	for _, f := range findings {
		i, _ := strconv.Atoi(strings.TrimPrefix(f.Node, "c"))
		m := more.FindStringSubmatch(f.Message)
		if f.Rule != catalog.LintSharedFate || m == nil {
			t.Fatalf("unexpected finding %+v", f)
		}
		names := strings.Split(m[1], ", ")
		count, _ := strconv.Atoi(m[2])
		if count+len(names) != i+len(infra) {
			t.Fatalf("%s: %q names %d shared failures, want %d", f.Node, f.Message, count+len(names), i+len(infra))
		}
		if i < 12 || i%1999 == 0 {
			want := slices.Clone(infra)
			for j := range i {
				want = append(want, "c"+strconv.Itoa(j))
			}
			slices.Sort(want)
			if !slices.Equal(names, want[:min(3, len(want))]) {
				t.Fatalf("%s: %q, want the names %v", f.Node, f.Message, want[:min(3, len(want))])
			}
		}
	}
	// And the SPOFs: customer i has every c and d before it except d(i-1)…
	spofs, err := g.SPOFs([]string{"c5"}, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"c0", "c1", "c2", "c3", "c4", "p", "p/db@r1", "p/vm@r1", "p@r1"}
	if got := slices.Collect(spofs[0].Singles.All()); !slices.Equal(got, want) {
		t.Errorf("c5: %v, want %v", got, want)
	}
}

// TestSPOFsOnRingAndFanIn checks a cycle of 5,000 customers, where every
// member has every other as a single point of failure, and 20,000
// customers that one customer depends on.
func TestSPOFsOnRingAndFanIn(t *testing.T) {
	const n = 5_000
	var b strings.Builder
	b.WriteString(base + "customers:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {id: c%d, depends_on: [c%d]}\n", i, (i+1)%n)
	}
	b.WriteString("  - {id: entry, depends_on: [c0, {quorum: 2, of: [p/db@r1, p/db@r2, c1]}]}\n")
	b.WriteString("  - {id: z, depends_on: [{ref: c0, impact: degraded}]}\n")
	g := New(mustLoad(t, b.String()))
	var got []SPOF
	if bytes := allocated(func() { got, _ = g.SPOFs(nil, 1, nil) }); bytes > 64<<20 {
		t.Errorf("SPOFs allocated %d MiB", bytes>>20)
	}
	for _, s := range got {
		want := n - 1
		switch s.Customer {
		case "entry": // every member of the ring, and p, which fails both databases
			want = n + 1
		case "z":
			want = 0
		}
		if s.Singles.Len() != want {
			t.Fatalf("%s: %d single points of failure, want %d", s.Customer, s.Singles.Len(), want)
		}
		if s.Customer == "entry" && !s.Singles.Contains("p") {
			t.Fatalf("entry: p is not a single point of failure")
		}
	}

	g = New(load(t, fstest.MapFS{"c.yaml": {Data: catalogtest.FanIn(20_000)}}))
	if bytes := allocated(func() { got, _ = g.SPOFs([]string{"hub", "c7"}, 1, nil) }); bytes > 64<<20 {
		t.Errorf("SPOFs allocated %d MiB", bytes>>20)
	}
	if got[0].Customer != "c7" || !slices.Equal(slices.Collect(got[0].Singles.All()), []string{"cloud"}) {
		t.Errorf("%s: %v, want [cloud]", got[0].Customer, slices.Collect(got[0].Singles.All()))
	}
	if got[1].Singles.Len() != 20_001 || !got[1].Singles.Contains("c19999") || !got[1].Singles.Contains("cloud") {
		t.Errorf("hub: %d single points of failure, want 20,001", got[1].Singles.Len())
	}
}

// TestFamiliesAgainstBruteForce fails every node alone and checks, for
// every entry and group of every node (soft ones read as hard, as Lint
// reads them), the nodes whose failure takes it down, and every
// customer's single points of failure, on catalogs of any size.
func TestFamiliesAgainstBruteForce(t *testing.T) {
	for gi, g := range randomGraphs(t, 120) {
		ix := g.ix
		states := make([][]catalog.State, len(ix.nodes))
		for x, n := range ix.nodes {
			_, ev := brute(t, g, n.Ref)
			states[x] = ev.state
		}
		f := newFamilies(ix, 1)
		var check func(i int, t0 *term)
		check = func(i int, t0 *term) {
			hard := *t0
			hard.soft = false
			var want []int32
			for x := range ix.nodes {
				if ix.value(&hard, states[x]) == catalog.Down {
					want = append(want, int32(x))
				}
			}
			var got []int32
			f.term(&hard).singles.each(func(x int32) bool { got = append(got, x); return true })
			if !slices.Equal(got, want) {
				t.Fatalf("catalog %d, a term of %s: %v, brute force %v", gi, ix.nodes[i].Ref, got, want)
			}
			if t0.op != catalog.OpRef {
				ms := ix.members(t0)
				for k := range ms {
					check(i, &ms[k])
				}
			}
		}
		for i := range ix.nodes {
			f.of(int32(i))
			check(i, &ix.terms[ix.root[i]])
		}
		got, err := g.SPOFs(nil, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range got {
			var want []string
			for x, n := range ix.nodes {
				if n.Ref != s.Customer && states[x][ix.id(s.Customer)] == catalog.Down {
					want = append(want, n.Ref)
				}
			}
			if all := slices.Collect(s.Singles.All()); !slices.Equal(all, want) || s.Singles.Len() != len(want) {
				t.Fatalf("catalog %d, %s: %v, brute force %v", gi, s.Customer, all, want)
			}
		}
	}
}

// TestSPOFChanges checks the SPOFs gained and lost between random
// catalogs (customers of the same id in two of them) against the lists,
// and between two chains of 20,000 customers, the second with one more
// dependency in its middle.
func TestSPOFChanges(t *testing.T) {
	gs := randomGraphs(t, 40)
	for k := range gs {
		base, head := gs[max(0, k-1)], gs[k]
		got, err := spofChanges(base, head)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := base.SPOFs(nil, 1, nil)
		after, _ := head.SPOFs(nil, 1, nil)
		was := map[string][]string{}
		for _, s := range before {
			was[s.Customer] = slices.Collect(s.Singles.All())
		}
		var want []SPOFChange
		for _, s := range after {
			if old, ok := was[s.Customer]; ok {
				now := slices.Collect(s.Singles.All())
				if c := (SPOFChange{s.Customer, minus(now, old), minus(old, now)}); len(c.Gained)+len(c.Lost) > 0 {
					want = append(want, c)
				}
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("catalogs %d and %d: %v, want %v", max(0, k-1), k, got, want)
		}
	}

	const n = 20_000
	chain := catalogtest.Chain(n)
	moved := strings.Replace(string(chain), "{id: c10000, depends_on: [c9999]}", "{id: c10000, depends_on: [c9999, cloud/db@west]}", 1)
	base := New(load(t, fstest.MapFS{"c.yaml": {Data: chain}}))
	head := New(load(t, fstest.MapFS{"c.yaml": {Data: []byte(moved)}}))
	var got []SPOFChange
	var err error
	if bytes := allocated(func() { got, err = spofChanges(base, head) }); bytes > 128<<20 {
		t.Errorf("spofChanges allocated %d MiB", bytes>>20)
	}
	if err != nil {
		t.Fatal(err)
	}
	west := []string{"cloud/db@west", "cloud/vm@west", "cloud@west"}
	if len(got) != n/2 {
		t.Fatalf("%d customers changed, want %d", len(got), n/2)
	}
	for _, c := range got {
		if i, _ := strconv.Atoi(strings.TrimPrefix(c.Customer, "c")); i < n/2 || !slices.Equal(c.Gained, west) || len(c.Lost) != 0 {
			t.Fatalf("%s gained %v and lost %v, want %v and nothing", c.Customer, c.Gained, c.Lost, west)
		}
	}
	if same, _ := spofChanges(head, head); len(same) != 0 {
		t.Errorf("a catalog against itself: %v", same[0])
	}
}
