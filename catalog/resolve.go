package catalog

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// idDecl records where an id of the shared provider/customer namespace is
// declared.
type idDecl struct {
	kind Kind
	pos  Pos
}

// provIndex indexes one provider's declarations.
type provIndex struct {
	p        *Provider
	regions  map[string]*Region
	zones    map[string]*Region // zone id → its region
	services map[string]*Service
	in       map[*Service][]*Region // the regions each service runs in
}

// assembler merges the fragments of a load, checks what spans files, and
// builds the resolved nodes.
type assembler struct {
	c       *Catalog
	provs   map[string]*provIndex
	errs    ErrorList
	seen    map[string]bool         // reported errors, to report each once
	missing map[*Dep]*missingTarget // short names resolving to no instance
	unknown map[string]*RefError    // unknown refs explained so far
	ids     map[string]*idDecl      // the shared provider/customer namespace
}

func assemble(files []string, frags []*fragment) (*Catalog, ErrorList) {
	provs := map[string]*provIndex{}
	a := &assembler{
		c:       &Catalog{Files: files, byRef: map[string]int32{}, provs: provs},
		ids:     map[string]*idDecl{},
		provs:   provs,
		seen:    map[string]bool{},
		missing: map[*Dep]*missingTarget{},
		unknown: map[string]*RefError{},
	}
	a.merge(frags)
	// Sized once: growing maps of a million entries cost a second.
	a.c.byRef = make(map[string]int32, len(a.c.Customers)+64*len(a.c.Providers))
	a.ids = make(map[string]*idDecl, len(a.c.Customers)+len(a.c.Providers))
	a.declare()
	a.expand()
	a.bindAll()
	slices.SortFunc(a.c.nodes, func(x, y *Node) int { return strings.Compare(x.Ref, y.Ref) })
	for i, n := range a.c.nodes {
		a.c.byRef[n.Ref] = int32(i)
	}
	a.resolveAvailability()
	return a.c, a.errs
}

func (a *assembler) errorf(pos Pos, hint, format string, args ...any) {
	a.report(&Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// report records e unless the same error was reported already, as happens
// when an alias repeats a node.
func (a *assembler) report(e *Error) {
	if key := e.Error(); !a.seen[key] {
		a.seen[key] = true
		a.errs = append(a.errs, e)
	}
}

// merge concatenates the fragments in load order and checks the version.
func (a *assembler) merge(frags []*fragment) {
	versioned, broken := false, false
	for _, f := range frags {
		for _, e := range f.errs {
			a.report(e)
		}
		versioned = versioned || f.hasVersion && !f.bundled
		broken = broken || f.broken
		a.c.Providers = append(a.c.Providers, f.providers...)
		a.c.Customers = append(a.c.Customers, f.customers...)
		a.c.Scenarios = append(a.c.Scenarios, f.scenarios...)
		a.c.Policies = append(a.c.Policies, f.policies...)
		a.c.Lint.Disable = append(a.c.Lint.Disable, f.lint...)
		a.c.Availability = append(a.c.Availability, f.availability...)
		a.c.defaultsGiven = append(a.c.defaultsGiven, f.defaults...)
		if !f.bundled {
			a.c.Includes = append(a.c.Includes, f.includes...)
		}
	}
	if i := slices.IndexFunc(frags, func(f *fragment) bool { return !f.bundled }); !versioned && !broken && i >= 0 {
		a.errorf(Pos{frags[i].file, 1, 1}, `add "version: 1" at the top of the catalog`, "missing version: 1")
	}
}

// declare registers every id and reports duplicates, naming both places.
func (a *assembler) declare() {
	for _, p := range a.c.Providers {
		if a.claim(p.ID, KindProvider, p.Pos) {
			a.provs[p.ID] = a.indexProvider(p)
		}
	}
	total := 0.0
	for _, c := range a.c.Customers {
		a.claim(c.ID, KindCustomer, c.Pos)
		if total += c.Weight; math.IsInf(total, 0) {
			a.errorf(c.Pos, "use smaller units", "the total weight of the customers overflows at customer %q", c.ID)
			total = 0
		}
	}
	scenarios := map[string]Pos{}
	for _, s := range a.c.Scenarios {
		a.unique(scenarios, "scenario", s.ID, s.Pos)
	}
	policies := map[string]Pos{}
	for _, p := range a.c.Policies {
		a.unique(policies, "policy", p.ID, p.Pos)
	}
}

// claim takes id in the shared provider/customer namespace.
func (a *assembler) claim(id string, kind Kind, pos Pos) bool {
	if prev := a.ids[id]; prev != nil {
		hint := ""
		if prev.kind != kind {
			hint = "providers and customers share one namespace"
		}
		a.errorf(pos, hint, "duplicate id %q: already a %s at %s", id, prev.kind, prev.pos)
		return false
	}
	a.ids[id] = &idDecl{kind: kind, pos: pos}
	return true
}

// unique records id in seen, reporting a duplicate with both places.
func (a *assembler) unique(seen map[string]Pos, what, id string, pos Pos) bool {
	if prev, dup := seen[id]; dup {
		a.errorf(pos, "", "duplicate %s id %q (first at %s)", what, id, prev)
		return false
	}
	seen[id] = pos
	return true
}

func (a *assembler) indexProvider(p *Provider) *provIndex {
	x := &provIndex{p: p, regions: map[string]*Region{}, zones: map[string]*Region{},
		services: map[string]*Service{}, in: map[*Service][]*Region{}}
	regionPos, zonePos := map[string]Pos{}, map[string]Pos{}
	for _, r := range p.Regions {
		if a.unique(regionPos, "region", r.ID, r.Pos) {
			x.regions[r.ID] = r
		}
	}
	for _, r := range p.Regions {
		if x.regions[r.ID] != r {
			continue
		}
		for _, z := range r.Zones {
			if x.regions[z.ID] != nil {
				a.errorf(z.Pos, "zone and region ids share the provider's @ namespace", "zone id %q is also a region of %s", z.ID, p.ID)
				continue
			}
			if a.unique(zonePos, "zone", z.ID, z.Pos) {
				x.zones[z.ID] = r
			}
		}
	}
	servicePos := map[string]Pos{}
	for _, s := range p.Services {
		if a.unique(servicePos, "service", s.ID, s.Pos) {
			x.services[s.ID] = s
			x.in[s] = a.serviceRegions(x, s)
		}
	}
	return x
}

// serviceRegions returns the regions a service runs in, checking its
// regions list.
func (a *assembler) serviceRegions(x *provIndex, s *Service) []*Region {
	if len(s.Regions) == 0 {
		return x.p.Regions
	}
	if s.Scope == Global {
		a.errorf(s.Regions[0].Pos, "remove regions, or make the service regional", "global service %s/%s has one instance; regions does not apply", x.p.ID, s.ID)
		return nil
	}
	var out []*Region
	seen := map[string]Pos{}
	for _, ref := range s.Regions {
		r := x.regions[ref.Ref]
		if r == nil {
			a.errorf(ref.Pos, didYouMean(closestIn(ref.Ref, maps.Keys(x.regions))), "unknown region %q in provider %s", ref.Ref, x.p.ID)
			continue
		}
		if a.unique(seen, "region", ref.Ref, ref.Pos) {
			out = append(out, r)
		}
	}
	return out
}

// add registers a node.
func (a *assembler) add(n *Node) {
	a.c.nodes = append(a.c.nodes, n)
	a.c.byRef[n.Ref] = int32(len(a.c.nodes) - 1)
}

// implied is a hard edge the contract implies.
func implied(target string, pos Pos) *Dep {
	return &Dep{Op: OpRef, Ref: target, Target: target, Implied: true, Pos: pos}
}

// expand creates every node: providers, regions, zones, service instances,
// regional views and customers. Dependencies are bound later, once every
// node exists.
func (a *assembler) expand() {
	for _, p := range a.c.Providers {
		x := a.provs[p.ID]
		if x == nil {
			continue
		}
		a.add(&Node{Ref: p.ID, Kind: KindProvider, Name: p.Name, Provider: p.ID, Pos: p.Pos})
		for _, r := range p.Regions {
			if x.regions[r.ID] != r {
				continue
			}
			rref := p.ID + "@" + r.ID
			a.add(&Node{Ref: rref, Kind: KindRegion, Name: r.Name, Provider: p.ID, Region: r.ID, Pos: r.Pos, Deps: []*Dep{implied(p.ID, r.Pos)}})
			for _, z := range r.Zones {
				if x.zones[z.ID] == r && a.c.Node(p.ID+"@"+z.ID) == nil {
					a.add(&Node{Ref: p.ID + "@" + z.ID, Kind: KindZone, Provider: p.ID, Region: r.ID, Zone: z.ID, Pos: z.Pos, Deps: []*Dep{implied(rref, z.Pos)}})
				}
			}
		}
		for _, s := range p.Services {
			if x.services[s.ID] == s {
				a.expandService(x, s)
			}
		}
	}
	for _, c := range a.c.Customers {
		if d := a.ids[c.ID]; d != nil && d.pos == c.Pos {
			a.add(&Node{Ref: c.ID, Kind: KindCustomer, Name: c.Name, Weight: c.Weight, Tags: c.Tags, Pos: c.Pos})
		}
	}
}

func (a *assembler) expandService(x *provIndex, s *Service) {
	p := x.p.ID
	base := p + "/" + s.ID
	node := func(ref, region, zone string, loc string) *Node {
		return &Node{Ref: ref, Kind: KindService, Name: s.Name, Provider: p, Region: region, Zone: zone,
			Service: s.ID, Scope: s.Scope, Pos: s.Pos, Deps: []*Dep{implied(loc, s.Pos)}}
	}
	if s.Scope == Global {
		a.add(node(base, "", "", p))
		return
	}
	for _, r := range x.in[s] {
		ref := base + "@" + r.ID
		if s.Scope == Regional {
			a.add(node(ref, r.ID, "", p+"@"+r.ID))
			continue
		}
		view := &Dep{Op: OpAnyOf, Implied: true, Pos: s.Pos}
		for _, z := range r.Zones {
			if x.zones[z.ID] != r {
				continue
			}
			zref := base + "@" + z.ID
			a.add(node(zref, r.ID, z.ID, p+"@"+z.ID))
			view.Members = append(view.Members, implied(zref, s.Pos))
		}
		if len(view.Members) > 0 {
			a.add(&Node{Ref: ref, Kind: KindService, Name: s.Name, Provider: p, Region: r.ID, Service: s.ID,
				Scope: Zonal, View: true, Pos: s.Pos, Deps: []*Dep{view}})
		}
	}
}

// site is where a dependency entry is written: a service instance or a
// customer. It decides how short names resolve.
type site struct {
	prov   *provIndex // nil for a customer
	scope  Scope
	region string
	zone   string
}

// bindAll resolves the declared dependencies of every node, and the refs
// of every scenario.
func (a *assembler) bindAll() {
	for _, c := range a.c.Customers {
		n := a.c.Node(c.ID)
		if n == nil || n.Pos != c.Pos {
			continue // a duplicate, already reported
		}
		for _, d := range c.DependsOn {
			if len(d.Regions) > 0 {
				a.errorf(d.Regions[0].Pos, "only an entry of a provider service can be limited to regions", "regions on an entry of customer %s", c.ID)
			}
			n.Deps = append(n.Deps, a.bind(d, site{}, false))
		}
	}
	a.checkEntryRegions()
	for _, n := range a.c.nodes {
		if n.Kind != KindService || n.View {
			continue
		}
		x := a.provs[n.Provider]
		s := x.services[n.Service]
		at := site{prov: x, scope: s.Scope, region: n.Region, zone: n.Zone}
		for _, d := range s.DependsOn {
			if d.existsIn(n.Region) {
				n.Deps = append(n.Deps, a.bind(d, at, s.Scope != Global))
			}
		}
	}
	a.reportMissing()
	for _, s := range a.c.Scenarios {
		refs := append(slices.Clip(s.Fail), s.Degrade...)
		if e := s.Expect; e != nil {
			refs = slices.Concat(refs, e.Down, e.Degraded, e.Affected, e.Up)
		}
		for _, r := range refs {
			if a.c.Node(r.Ref) == nil {
				a.refError(r.Pos, r.Ref)
			}
		}
	}
}

// existsIn reports whether an entry of a service exists on its instance in
// the given region: always, unless the entry is limited to other regions.
func (d *Dep) existsIn(region string) bool {
	if len(d.Regions) == 0 {
		return true
	}
	for _, r := range d.Regions {
		if r.Ref == region {
			return true
		}
	}
	return false
}

// checkEntryRegions checks the regions of every region-limited entry of a
// provider service: each a region of the provider, on a service that is
// not global, and at least one a region the service runs in.
func (a *assembler) checkEntryRegions() {
	for _, p := range a.c.Providers {
		x := a.provs[p.ID]
		if x == nil {
			continue
		}
		for _, s := range p.Services {
			if x.services[s.ID] != s {
				continue
			}
			for _, d := range s.DependsOn {
				a.checkEntry(x, s, d)
			}
		}
	}
}

func (a *assembler) checkEntry(x *provIndex, s *Service, d *Dep) {
	if len(d.Regions) == 0 {
		return
	}
	if s.Scope == Global {
		a.errorf(d.Regions[0].Pos, "remove regions: a global service has one instance", "regions on an entry of global service %s/%s", x.p.ID, s.ID)
		return
	}
	runs := false
	seen := map[string]Pos{}
	for _, r := range d.Regions {
		if x.regions[r.Ref] == nil {
			a.errorf(r.Pos, didYouMean(closestIn(r.Ref, maps.Keys(x.regions))), "unknown region %q in provider %s", r.Ref, x.p.ID)
			continue
		}
		a.unique(seen, "region", r.Ref, r.Pos)
		for _, in := range x.in[s] {
			runs = runs || in.ID == r.Ref
		}
	}
	if !runs && len(seen) > 0 {
		a.errorf(d.Regions[0].Pos, "list a region the service runs in, or remove the entry",
			"this entry of %s/%s exists on no instance: the service does not run in %s", x.p.ID, s.ID, strings.Join(slices.Sorted(maps.Keys(seen)), ", "))
	}
}

// bind resolves the refs of a dependency tree at a site. With clone it
// returns a copy and leaves d as written, since a service's entries are
// shared by all its instances.
func (a *assembler) bind(d *Dep, at site, clone bool) *Dep {
	out := d
	if clone {
		cp := *d
		out = &cp
		out.Members = slices.Clone(d.Members)
	}
	if d.Op == OpRef {
		out.Target = a.target(d, at)
		return out
	}
	for i, m := range d.Members {
		out.Members[i] = a.bind(m, at, clone)
	}
	return out
}

// target resolves one ref written at a site, or reports why it cannot.
func (a *assembler) target(d *Dep, at site) string {
	ref := d.Ref
	if at.prov != nil && !strings.ContainsAny(ref, "/@") {
		if s := at.prov.services[ref]; s != nil {
			return a.short(d, s, at)
		}
		if a.ids[ref] == nil {
			hint := didYouMean(closestIn(ref, maps.Keys(at.prov.services)))
			a.errorf(d.Pos, hint, "unknown service %q in provider %s", ref, at.prov.p.ID)
			return ""
		}
	}
	if a.c.Node(ref) == nil {
		a.refError(d.Pos, ref)
		return ""
	}
	return ref
}

// short resolves a short service name by the contract's rules.
func (a *assembler) short(d *Dep, s *Service, at site) string {
	base := at.prov.p.ID + "/" + s.ID
	var ref, loc string
	switch {
	case s.Scope == Global:
		return base
	case at.scope == Global:
		example := base + "@" + firstRegion(at.prov, s)
		a.errorf(d.Pos, fmt.Sprintf("write a full ref, such as %q", example),
			"a global service cannot name %s service %q by short name", s.Scope, s.ID)
		return ""
	case at.scope == Zonal && s.Scope == Zonal:
		loc = at.zone
	default:
		loc = at.region
	}
	ref = base + "@" + loc
	if a.c.Node(ref) == nil {
		m := a.missing[d]
		if m == nil {
			m = &missingTarget{prov: at.prov, service: s, refs: map[string]bool{}, regions: map[string]bool{}}
			a.missing[d] = m
		}
		m.refs[ref] = true
		m.regions[at.region] = true
		return ""
	}
	return ref
}

// missingTarget is a short name that resolves, at some of the sites of its
// entry, to an instance its service does not have.
type missingTarget struct {
	prov    *provIndex
	service *Service
	refs    map[string]bool // the instances it names that do not exist
	regions map[string]bool // the regions of those sites
}

func firstRegion(x *provIndex, s *Service) string {
	if rs := x.in[s]; len(rs) > 0 {
		return rs[0].ID
	}
	return "REGION"
}

// reportMissing reports each short name that resolved to no instance at
// some of its sites, once per entry, naming the regions that the target
// service's regions exclude.
func (a *assembler) reportMissing() {
	for d, m := range a.missing {
		refs := slices.Sorted(maps.Keys(m.refs))
		regions := strings.Join(slices.Sorted(maps.Keys(m.regions)), ", ")
		base := m.prov.p.ID + "/" + m.service.ID
		what := refs[0] + ", which does not exist"
		if len(refs) > 1 {
			what = strings.Join(refs, ", ") + ", which do not exist"
		}
		why := fmt.Sprintf("%s is zonal and %s has no zones", base, regions)
		if rs := m.service.Regions; len(rs) > 0 {
			var runs []string
			for _, r := range m.prov.in[m.service] {
				runs = append(runs, r.ID)
			}
			why = fmt.Sprintf("the regions of %s (at %s) are %s, not %s", base, rs[0].Pos, strings.Join(runs, ", "), regions)
		}
		a.errorf(d.Pos, "name an existing instance by full ref, or limit the dependent's regions too",
			"%q resolves to %s: %s", d.Ref, what, why)
	}
}

// maxSuggestions bounds the "did you mean" searches of one load: each one
// may compare the ref with every id of a large catalog.
const maxSuggestions = 100

// refError reports an unknown ref at pos.
func (a *assembler) refError(pos Pos, ref string) {
	e := a.unknown[ref]
	if e == nil {
		e = a.c.lookupError(ref, len(a.unknown) < maxSuggestions)
		a.unknown[ref] = e
	}
	a.report(&Error{Pos: pos, Msg: e.Reason, Hint: e.Hint(), Err: e})
}
