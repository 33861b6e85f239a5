package catalog

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

// Lookup returns the node a ref names. For an unknown ref it returns a
// *RefError saying why, with the closest existing ref as a suggestion.
func (c *Catalog) Lookup(ref string) (*Node, error) {
	if n := c.Node(ref); n != nil {
		return n, nil
	}
	return nil, c.lookupError(ref, true)
}

// refParts is a ref split by the grammar provider[/service][@location].
type refParts struct {
	prov, svc, loc string
	hasSvc, hasLoc bool
}

// splitRef splits ref by the ref grammar; ok is false when it is malformed.
func splitRef(ref string) (p refParts, ok bool) {
	rest := ref
	if head, loc, found := strings.Cut(rest, "@"); found {
		rest, p.loc, p.hasLoc = head, loc, true
	}
	p.prov, p.svc, p.hasSvc = strings.Cut(rest, "/")
	for _, part := range []string{p.prov, p.svc, p.loc} {
		if strings.ContainsAny(part, "/@") || validID(part) != "" && part != "" {
			return p, false
		}
	}
	return p, p.prov != "" && (!p.hasSvc || p.svc != "") && (!p.hasLoc || p.loc != "")
}

// lookupError explains why ref names no node and, with suggest, finds the
// closest existing ref.
func (c *Catalog) lookupError(ref string, suggest bool) *RefError {
	e := &RefError{Ref: ref, Reason: fmt.Sprintf("unknown ref %q", ref)}
	p, ok := splitRef(ref)
	if !ok {
		e.Reason = fmt.Sprintf("malformed ref %q: expected id, provider@location, provider/service or provider/service@location", ref)
		return e
	}
	if !suggest {
		return e
	}
	if !p.hasSvc && !p.hasLoc {
		if e.Suggestion = closestIn(ref, c.declaredIDs()); e.Suggestion == "" {
			c.bareService(e, ref)
		}
		return e
	}
	x := c.provs[p.prov]
	if x == nil {
		if n := c.Node(p.prov); n != nil && n.Kind == KindCustomer {
			e.Reason = fmt.Sprintf("unknown ref %q: %s is a customer, not a provider", ref, p.prov)
			return e
		}
		e.Reason = fmt.Sprintf("unknown ref %q: no provider %q", ref, p.prov)
		if x = c.provs[closestIn(p.prov, maps.Keys(c.provs))]; x == nil {
			return e
		}
	}
	if !p.hasSvc {
		e.Suggestion = c.nearLocation(x, p.loc)
		return e
	}
	s := x.services[p.svc]
	if s == nil {
		if x.p.ID == p.prov {
			e.Reason = fmt.Sprintf("unknown ref %q: provider %s has no service %q", ref, x.p.ID, p.svc)
		}
		if s = x.services[closestIn(p.svc, maps.Keys(x.services))]; s == nil {
			return e
		}
	}
	base := x.p.ID + "/" + s.ID
	switch {
	case s.Scope == Global:
		if p.svc == s.ID && p.hasLoc {
			e.Reason = fmt.Sprintf("unknown ref %q: %s is a global service, with no location", ref, base)
		}
		e.Suggestion = base
	case !p.hasLoc:
		if p.svc == s.ID && x.p.ID == p.prov {
			e.Reason = fmt.Sprintf("unknown ref %q: %s is a %s service; name one of its instances", ref, base, s.Scope)
		}
		c.suggestInstances(e, base, x.in[s])
	default:
		if x.p.ID == p.prov && s.ID == p.svc {
			e.Reason = c.placeReason(ref, x, s, p.loc)
		}
		e.Suggestion = c.nearInstance(x, s, p.loc)
	}
	if e.Suggestion == ref || c.Node(e.Suggestion) == nil {
		e.Suggestion = ""
	}
	return e
}

// declaredIDs yields the ids of the providers and customers.
func (c *Catalog) declaredIDs() iter.Seq[string] {
	return func(yield func(string) bool) {
		for ref, i := range c.byRef {
			if n := c.nodes[i]; (n.Kind == KindProvider || n.Kind == KindCustomer) && !yield(ref) {
				return
			}
		}
	}
}

// bareService explains a bare name that is no provider or customer but
// names a service (or nearly does): it suggests the service, or the first
// of its instances with a count of the others.
func (c *Catalog) bareService(e *RefError, name string) {
	var x *provIndex
	var s *Service
	for _, id := range slices.Sorted(maps.Keys(c.provs)) {
		if s = c.provs[id].services[name]; s != nil {
			x = c.provs[id]
			break
		}
	}
	if s == nil {
		for _, id := range slices.Sorted(maps.Keys(c.provs)) {
			if near := closestIn(name, maps.Keys(c.provs[id].services)); near != "" {
				x, s = c.provs[id], c.provs[id].services[near]
				break
			}
		}
	}
	if s == nil {
		return
	}
	base := x.p.ID + "/" + s.ID
	if s.Scope == Global {
		e.Suggestion = base
		return
	}
	if s.ID == name {
		e.Reason = fmt.Sprintf("unknown ref %q: %s is a %s service of %s; name one of its instances", name, name, s.Scope, x.p.ID)
	}
	c.suggestInstances(e, base, x.in[s])
}

// suggestInstances suggests the first existing instance of a service in
// the given regions, counting the others.
func (c *Catalog) suggestInstances(e *RefError, base string, regions []*Region) {
	for _, r := range regions {
		if ref := base + "@" + r.ID; c.Node(ref) != nil {
			if e.Suggestion == "" {
				e.Suggestion = ref
			} else {
				e.Others++
			}
		}
	}
}

// nearLocation suggests the region or zone of x closest to loc.
func (c *Catalog) nearLocation(x *provIndex, loc string) string {
	if l := closestIn(loc, iterConcat(maps.Keys(x.regions), maps.Keys(x.zones))); l != "" {
		return x.p.ID + "@" + l
	}
	return ""
}

// placeReason explains why service s has no instance at loc.
func (c *Catalog) placeReason(ref string, x *provIndex, s *Service, loc string) string {
	base := x.p.ID + "/" + s.ID
	switch {
	case x.zones[loc] != nil && s.Scope == Regional:
		return fmt.Sprintf("unknown ref %q: %s is regional and %s is a zone of %s", ref, base, loc, x.zones[loc].ID)
	case x.regions[loc] != nil || x.zones[loc] != nil:
		var ids []string
		for _, r := range x.in[s] {
			ids = append(ids, r.ID)
		}
		return fmt.Sprintf("unknown ref %q: %s runs only in %s", ref, base, strings.Join(ids, ", "))
	}
	return fmt.Sprintf("unknown ref %q: %s has no location %q", ref, base, loc)
}

// nearInstance suggests the instance of s whose location is closest to loc,
// or the region of loc when loc is a zone and s is regional.
func (c *Catalog) nearInstance(x *provIndex, s *Service, loc string) string {
	if r := x.zones[loc]; r != nil && s.Scope == Regional {
		return x.p.ID + "/" + s.ID + "@" + r.ID
	}
	var locs []string
	for _, r := range x.in[s] {
		locs = append(locs, r.ID)
		if s.Scope == Zonal {
			for _, z := range r.Zones {
				locs = append(locs, z.ID)
			}
		}
	}
	if l := closest(loc, locs); l != "" {
		return x.p.ID + "/" + s.ID + "@" + l
	}
	return ""
}

// Provenances returns a function that gives the provenance of the
// declaration each node comes from: its provider's, region's, service's
// (which every instance of the service shares) or customer's; a zone has
// none. Making the function costs a pass over the customers, each call a
// map lookup or two.
func (c *Catalog) Provenances() func(*Node) Provenance {
	customers := make(map[string]*Customer, len(c.Customers))
	for _, cu := range c.Customers {
		customers[cu.ID] = cu
	}
	return func(n *Node) Provenance {
		if n.Kind == KindCustomer {
			if cu := customers[n.Ref]; cu != nil {
				return cu.Provenance
			}
			return Provenance{}
		}
		x := c.provs[n.Provider]
		if x == nil {
			return Provenance{}
		}
		switch n.Kind {
		case KindProvider:
			return x.p.Provenance
		case KindRegion:
			if r := x.regions[n.Region]; r != nil {
				return r.Provenance
			}
		case KindService:
			if s := x.services[n.Service]; s != nil {
				return s.Provenance
			}
		}
		return Provenance{}
	}
}
