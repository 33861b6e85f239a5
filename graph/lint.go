package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/blastradius/blastradius/catalog"
)

// Finding is a warning about a valid catalog that may not mean what it
// says.
type Finding struct {
	Rule    string
	Node    string // the node it concerns
	Message string
	Pos     catalog.Pos
}

// LintRules returns the lint rules that Lint(disabled...) runs, sorted by
// id: every rule of catalog.LintRules that neither the catalog's
// lint.disable nor disabled names. An id in disabled that names no rule is
// ignored; check it first with catalog.LookupLintRule.
func (g *Graph) LintRules(disabled ...string) []catalog.LintRule {
	var out []catalog.LintRule
	for _, r := range catalog.LintRules() {
		if !g.cat.Lint.Disabled(r.ID) && !slices.Contains(disabled, r.ID) {
			out = append(out, r)
		}
	}
	return out
}

// Lint runs the lint rules that neither the catalog's lint.disable nor
// disabled switch off (see LintRules): customers with no dependencies
// (no-dependencies), and any_of or quorum groups whose branches all fail
// with one node short of a whole provider: redundancy that is not
// (shared-fate). A group written once for a service is reported once, at
// its first instance. Findings are sorted by position.
func (g *Graph) Lint(disabled ...string) []Finding {
	run := map[string]bool{}
	for _, r := range g.LintRules(disabled...) {
		run[r.ID] = true
	}
	ix := g.ix
	var out []Finding
	reported := map[catalog.Pos]bool{}
	fam := newFamilies(ix, 1)
	for i, n := range ix.nodes {
		if n.Pos.Bundled() {
			continue // a bundled model's warnings are the product's, not the catalog's
		}
		if run[catalog.LintNoDependencies] && n.Kind == catalog.KindCustomer && len(n.Deps) == 0 {
			out = append(out, Finding{Rule: catalog.LintNoDependencies, Node: n.Ref, Pos: n.Pos,
				Message: fmt.Sprintf("customer %s depends on nothing, so no failure can reach it", n.Ref)})
		}
		if !run[catalog.LintSharedFate] || n.View || (n.Kind != catalog.KindCustomer && n.Kind != catalog.KindService) {
			continue
		}
		fam.of(int32(i)) // solves every dependency's family first
		root := &ix.terms[ix.root[i]]
		for k, d := range n.Deps {
			out = fam.sharedFate(out, reported, int32(i), d, &ix.members(root)[k])
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	return out
}

// sharedFate walks one written entry of node i and its compiled term
// together and reports each redundant group that a single failure defeats.
func (f *families) sharedFate(out []Finding, reported map[catalog.Pos]bool, i int32, d *catalog.Dep, t *term) []Finding {
	if d.Op == catalog.OpRef {
		return out
	}
	ms := f.ix.members(t)
	for k, m := range d.Members {
		out = f.sharedFate(out, reported, i, m, &ms[k])
	}
	if d.Op == catalog.OpAllOf || reported[d.Pos] {
		return out
	}
	hard := *t
	hard.soft = false
	// A whole provider failing is what concentration measures; the node
	// itself appears when the group leads back to it through a cycle.
	names, shared := f.sharedRefs(f.term(&hard).singles, i, 3)
	if shared == 0 {
		return out
	}
	reported[d.Pos] = true
	more := ""
	if shared > len(names) {
		more = fmt.Sprintf(" and %d more", shared-len(names))
	}
	n := f.ix.nodes[i]
	what := fmt.Sprintf("the any_of group of %s is not redundant: one failure takes every branch down", n.Ref)
	if d.Op == catalog.OpQuorum {
		what = fmt.Sprintf("the quorum %d of %d group of %s is not redundant: one failure takes down more branches than it can lose",
			d.Quorum, len(d.Members), n.Ref)
	}
	return append(out, Finding{Rule: catalog.LintSharedFate, Node: n.Ref, Pos: d.Pos,
		Message: fmt.Sprintf("%s: %s%s", what, strings.Join(names, ", "), more)})
}

// sharedRefs returns the first n refs of s that are neither providers nor
// node i, and how many such refs s has. It reads no more of s than it
// must: the count comes from looking up each provider when there are
// fewer providers than refs.
func (f *families) sharedRefs(s *tnode, i int32, n int) ([]string, int) {
	nodes := f.ix.nodes
	skip := func(j int32) bool { return j == i || nodes[j].Kind == catalog.KindProvider }
	var names []string
	if n > 0 {
		s.each(func(j int32) bool {
			if !skip(j) {
				names = append(names, nodes[j].Ref)
			}
			return len(names) < n
		})
	}
	if f.providers == nil {
		f.providers = []int32{}
		for j, node := range nodes {
			if node.Kind == catalog.KindProvider {
				f.providers = append(f.providers, int32(j))
			}
		}
	}
	count := s.len()
	if len(f.providers) < count {
		if s.contains(i) {
			count--
		}
		for _, p := range f.providers {
			if s.contains(p) {
				count--
			}
		}
	} else {
		s.each(func(j int32) bool {
			if skip(j) {
				count--
			}
			return true
		})
	}
	return names, count
}
