package graph

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/blastradius/blastradius/catalog"
)

// PolicyResult is the verdict on one of the catalog's policies.
type PolicyResult struct {
	Policy     *catalog.Policy
	Failures   int         // single failures tried
	Violations []Violation // none when the policy holds
}

// Holds reports whether no single failure breaks the policy.
func (r PolicyResult) Holds() bool { return len(r.Violations) == 0 }

// Violation is one way a single failure breaks a policy: a selected
// customer worse than the policy allows (survive), or more weight down
// than the cap (max_down_share), named by its heaviest customer down.
type Violation struct {
	Failure  string // the single failure, a ref
	Customer string
	State    catalog.State
	Path     Path    // the customer's cause path under the failure
	Share    float64 // max_down_share: the weight share the failure takes down
	// min_availability: the customer's availability, below the policy's,
	// and its most probable minimal cut sets (Failure is empty).
	Availability float64
	CutSets      []CutSet
}

// CheckPolicies evaluates the catalog's policies named by ids, in catalog
// order (every policy when ids is empty; an unknown id yields an error
// wrapping catalog.ErrUnknownPolicy): each single failure at the policy's
// level is tried, in parallel, and every selected customer it leaves worse
// than allowed (or every failure taking down more than the share) is a
// violation, with its cause path. Violations are sorted by failure, then
// customer.
func (g *Graph) CheckPolicies(ids []string, progress Progress) ([]PolicyResult, error) {
	policies := g.cat.Policies
	if len(ids) > 0 {
		policies = nil
		for _, p := range g.cat.Policies {
			if slices.Contains(ids, p.ID) {
				policies = append(policies, p)
			}
		}
		for _, id := range ids {
			if _, err := g.cat.LookupPolicy(id); err != nil {
				return nil, err
			}
		}
	}
	var out []PolicyResult
	for k, p := range policies {
		var stage Progress
		if progress != nil {
			stage = func(done, total int) { progress(k*total+done, len(policies)*total) }
		}
		r, err := g.checkPolicy(p, stage)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (g *Graph) checkPolicy(p *catalog.Policy, progress Progress) (PolicyResult, error) {
	ix := g.ix
	if p.MinAvailability > 0 {
		return g.checkAvailability(p)
	}
	level := p.Survive
	if p.MaxDownShare != nil {
		level = p.MaxDownShare.Level
	}
	ids, err := ix.candidates(level)
	if err != nil {
		return PolicyResult{}, fmt.Errorf("policy %s: %w", p.ID, err)
	}
	selected := make([]bool, len(ix.nodes))
	for _, c := range ix.customers {
		selected[c] = matches(p.Select, ix.nodes[c].Tags)
	}
	found := make([][]Violation, len(ids))
	ix.sweep(len(ids), func(k int) []seed { return single(ids[k]) }, func(k int, pr *propagator) {
		failure := ix.nodes[ids[k]].Ref
		if p.MaxDownShare != nil {
			im := ix.count(pr, nil)
			if im.WeightDownShare > p.MaxDownShare.Share {
				found[k] = []Violation{{Failure: failure, Customer: ix.heaviestDown(pr), State: catalog.Down, Share: im.WeightDownShare}}
			}
			return
		}
		for _, i := range pr.touched {
			if selected[i] && pr.state[i] > p.Allow {
				found[k] = append(found[k], Violation{Failure: failure, Customer: ix.nodes[i].Ref, State: pr.state[i]})
			}
		}
	}, progress)
	r := PolicyResult{Policy: p, Failures: len(ids)}
	for k, vs := range found {
		if len(vs) == 0 {
			continue
		}
		ev, err := g.Evaluate(Scenario{Fail: []string{ix.nodes[ids[k]].Ref}})
		if err != nil {
			return r, err
		}
		slices.SortFunc(vs, func(a, b Violation) int { return cmp.Compare(a.Customer, b.Customer) })
		// Keep only the links on the violators' paths, not the whole
		// evaluation: the paths share them.
		from := make([]int32, len(vs))
		for n, v := range vs {
			from[n] = ix.id(v.Customer)
		}
		l, at := ev.causes().extract(from)
		for n, v := range vs {
			v.Path = Path{l, at[n]}
			r.Violations = append(r.Violations, v)
		}
	}
	return r, nil
}

// matches reports whether tags carry every key and value of sel.
func matches(sel, tags map[string]string) bool {
	for k, v := range sel {
		if tags[k] != v {
			return false
		}
	}
	return true
}

// heaviestDown names the customer down with the most weight (ties: the
// lowest ref) in a propagator's last run.
func (ix *index) heaviestDown(p *propagator) string {
	best := int32(-1)
	for _, i := range p.touched {
		n := ix.nodes[i]
		if n.Kind != catalog.KindCustomer || p.state[i] != catalog.Down {
			continue
		}
		if best < 0 || n.Weight > ix.nodes[best].Weight || n.Weight == ix.nodes[best].Weight && i < best {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return ix.nodes[best].Ref
}

// checkAvailability checks a min_availability policy: every selected
// customer's availability, from the risk analysis, must reach the
// policy's. Failures counts the customers checked.
func (g *Graph) checkAvailability(p *catalog.Policy) (PolicyResult, error) {
	ix := g.ix
	refs := []string{}
	for _, c := range ix.customers {
		if matches(p.Select, ix.nodes[c].Tags) {
			refs = append(refs, ix.nodes[c].Ref)
		}
	}
	r := PolicyResult{Policy: p, Failures: len(refs)}
	if len(refs) == 0 {
		return r, nil
	}
	risk, err := g.Risk(RiskOptions{Customers: refs, CutSets: 3})
	if err != nil {
		return r, fmt.Errorf("policy %s: %w", p.ID, err)
	}
	for _, cr := range risk.Customers {
		if a := 1 - cr.Unavailability; a < p.MinAvailability {
			r.Violations = append(r.Violations, Violation{Customer: cr.Ref, State: catalog.Down, Availability: a, CutSets: cr.CutSets})
		}
	}
	return r, nil
}
