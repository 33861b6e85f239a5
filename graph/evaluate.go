package graph

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/internal/phrase"
)

// Scenario is a set of nodes to fail and to degrade, named by ref.
type Scenario struct {
	ID      string // optional: the catalog scenario it comes from
	Name    string
	Fail    []string
	Degrade []string
}

// maxTitleRefs is how many refs an ad-hoc scenario's title names before it
// says "and N more".
const maxTitleRefs = 3

// Title names the scenario for people: its id, or the refs an ad-hoc
// scenario sets ("impact of aws@us-east-1, aws/iam (degraded)").
func (s Scenario) Title() string {
	if s.ID != "" {
		return s.ID
	}
	refs := slices.Clone(s.Fail)
	for _, r := range s.Degrade {
		refs = append(refs, r+" (degraded)")
	}
	switch {
	case len(refs) == 0:
		return "impact of nothing"
	case len(refs) > maxTitleRefs:
		return fmt.Sprintf("impact of %s and %d more", strings.Join(refs[:maxTitleRefs], ", "), len(refs)-maxTitleRefs)
	}
	return "impact of " + strings.Join(refs, ", ")
}

// ScenarioOf converts a catalog scenario.
func ScenarioOf(s *catalog.Scenario) Scenario {
	refs := func(rs []catalog.Reference) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.Ref
		}
		return out
	}
	return Scenario{ID: s.ID, Name: s.Name, Fail: refs(s.Fail), Degrade: refs(s.Degrade)}
}

// Evaluation is the outcome of one scenario: the state of every node and
// the cause path of every affected one.
type Evaluation struct {
	g        *Graph
	scenario Scenario
	state    []catalog.State
	affected []int32 // sorted by ref
	// The cause paths are found when first asked for: counting what a
	// failure takes down needs none of them.
	seeds     map[int32]catalog.State // the nodes that are their own cause
	explained sync.Once
	links     *links
}

// Affected is a node that is not up, with the cause path that explains it.
type Affected struct {
	Node  *catalog.Node
	State catalog.State
	Path  Path
}

// Evaluate runs a scenario. Every ref must name a node of the catalog; an
// unknown ref yields a *catalog.RefError.
func (g *Graph) Evaluate(s Scenario) (*Evaluation, error) {
	seeds := map[int32]catalog.State{}
	mark := func(refs []string, st catalog.State) ([]string, error) {
		for _, ref := range refs {
			if _, err := g.cat.Lookup(ref); err != nil {
				return nil, err
			}
			id := g.ix.id(ref)
			seeds[id] = max(seeds[id], st)
		}
		return sortedUnique(refs), nil
	}
	var err error
	norm := Scenario{ID: s.ID, Name: s.Name}
	if norm.Fail, err = mark(s.Fail, catalog.Down); err != nil {
		return nil, err
	}
	if norm.Degrade, err = mark(s.Degrade, catalog.Degraded); err != nil {
		return nil, err
	}
	p := newPropagator(g.ix)
	p.parallelMin = parallelLevel
	list := make([]seed, 0, len(seeds))
	for _, id := range slices.Sorted(maps.Keys(seeds)) {
		list = append(list, seed{id, seeds[id]})
	}
	p.run(list)
	e := &Evaluation{g: g, scenario: norm, state: p.state, affected: p.affected()}
	// A node the scenario set is its own cause, unless its dependencies
	// made it worse than the scenario did: then they explain it.
	for i, st := range seeds {
		if e.state[i] > st {
			delete(seeds, i)
		}
	}
	e.seeds = seeds
	return e, nil
}

func sortedUnique(refs []string) []string {
	out := slices.Clone(refs)
	slices.Sort(out)
	return slices.Compact(out)
}

// causes returns the cause paths, finding them on the first call.
func (e *Evaluation) causes() *links {
	e.explained.Do(func() { e.explain(e.seeds) })
	return e.links
}

// explain finds for every affected node the shortest chain to a seed that
// explains its state: each step goes to a dependency whose contribution
// alone gives the node its state (for a down node, a hard dependency that
// is down). Ties go to the worse state, then to the lower ref.
func (e *Evaluation) explain(seeds map[int32]catalog.State) {
	st := e.state
	from, to := e.explainingEdges(seeds)
	// The same edges in rows by j, for a breadth-first search from the seeds.
	rows := make([]int32, len(st)+1)
	for _, j := range from {
		rows[j+1]++
	}
	for k := 1; k < len(rows); k++ {
		rows[k] += rows[k-1]
	}
	next := slices.Clone(rows[:len(st)])
	byCause := make([]int32, len(from))
	for k, j := range from {
		byCause[next[j]] = to[k]
		next[j]++
	}
	dist := make([]int32, len(st)) // depth+1 of each reached node, 0 when unreached
	frontier := slices.Sorted(maps.Keys(seeds))
	byDepth := slices.Clone(frontier) // every reached node, in order of depth
	for _, i := range frontier {
		dist[i] = 1
	}
	for d := int32(2); len(frontier) > 0; d++ {
		var reached []int32
		for _, j := range frontier {
			for _, i := range byCause[rows[j]:rows[j+1]] {
				if dist[i] == 0 {
					dist[i] = d
					reached = append(reached, i)
				}
			}
		}
		frontier = reached
		byDepth = append(byDepth, reached...)
	}
	parent := next // reused: 1 + the next node on each cause path, 0 at its end
	clear(parent)
	for k, j := range from {
		i := to[k]
		if dist[j] == 0 || dist[j]+1 != dist[i] {
			continue
		}
		if p := parent[i] - 1; p < 0 || st[j] > st[p] {
			parent[i] = j + 1
		}
	}
	for i := range dist {
		dist[i] = max(dist[i]-1, 0) // now the depth
	}
	e.links = newLinks(e.g.ix.nodes, parent, dist, byDepth)
}

// explainingEdges lists the edges j → i where dependency j explains the
// state of affected node i, grouped by i in ascending order, j ascending
// within. The affected nodes are split into one chunk per core, read in
// parallel, and joined in order.
func (e *Evaluation) explainingEdges(seeds map[int32]catalog.State) (from, to []int32) {
	ix, st := e.g.ix, e.state
	chunks := min(runtime.GOMAXPROCS(0), max(1, len(e.affected)/4096))
	parts := make([][2][]int32, chunks)
	var wg sync.WaitGroup
	for c := range chunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := c*len(e.affected)/chunks, (c+1)*len(e.affected)/chunks
			var f, t, buf []int32
			for _, i := range e.affected[lo:hi] {
				if _, seed := seeds[i]; seed {
					continue
				}
				buf = sortedUniqueIDs(ix.reasons(&ix.terms[ix.root[i]], st[i], st, buf[:0]))
				for _, j := range buf {
					f, t = append(f, j), append(t, i)
				}
			}
			parts[c] = [2][]int32{f, t}
		}()
	}
	wg.Wait()
	for _, p := range parts {
		from, to = append(from, p[0]...), append(to, p[1]...)
	}
	return from, to
}

// reasons appends the targets under term t whose contribution reaches
// state s: the leaves of t that explain a node in state s.
func (ix *index) reasons(t *term, s catalog.State, st []catalog.State, out []int32) []int32 {
	if ix.value(t, st) < s {
		return out
	}
	if t.op == catalog.OpRef {
		return append(out, t.target)
	}
	ms := ix.members(t)
	for k := range ms {
		out = ix.reasons(&ms[k], s, st, out)
	}
	return out
}

func sortedUniqueIDs(ids []int32) []int32 {
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Scenario returns the evaluated scenario, its refs sorted and deduplicated.
func (e *Evaluation) Scenario() Scenario { return e.scenario }

// State returns the state of the node named by ref; Up for unknown refs.
func (e *Evaluation) State(ref string) catalog.State {
	if i, ok := e.g.ix.find(ref); ok {
		return e.state[i]
	}
	return catalog.Up
}

// Path returns the cause path of the node named by ref; it is empty when
// the node is up or unknown.
func (e *Evaluation) Path(ref string) Path {
	i, ok := e.g.ix.find(ref)
	if !ok || e.state[i] == catalog.Up {
		return Path{}
	}
	return Path{e.causes(), i}
}

// Affected lists every node that is not up, sorted by ref.
func (e *Evaluation) Affected() []Affected {
	out := make([]Affected, len(e.affected))
	links := e.causes()
	for k, i := range e.affected {
		out[k] = Affected{Node: e.g.ix.nodes[i], State: e.state[i], Path: Path{links, i}}
	}
	return out
}

// Summary counts the customers an evaluation affects, out of all.
type Summary struct {
	Customers int     // customers in the catalog
	Weight    float64 // their total weight
	Tally
}

// String sums the outcome up for people:
// "16 of 27 customers down, 11 degraded (59.3% of weight down)".
func (s Summary) String() string {
	return fmt.Sprintf("%s of %s down, %s degraded (%s of weight down)", phrase.Number(s.Down),
		phrase.Count(s.Customers, "customer", "customers"), phrase.Number(s.Degraded), phrase.Percent(s.WeightDownShare))
}

// Summary returns the customer counts of the evaluation.
func (e *Evaluation) Summary() Summary {
	ix := e.g.ix
	return Summary{Customers: len(ix.customers), Weight: ix.weight, Tally: ix.tally(e.affected, e.state, nil)}
}
