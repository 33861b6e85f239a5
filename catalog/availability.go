package catalog

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Availability is how often a node fails by itself, independently of
// everything else: the probability that it is up, written as
// "availability: P" or as "failures: {per_year: F, hours_to_recover: H}",
// an unavailability of F·H/8760.
type Availability struct {
	Up float64 // in (0, 1]
	// PerYear and HoursToRecover are set when the catalog gives failures.
	PerYear, HoursToRecover float64
	// Provenance says where the figure comes from: an SLA is a
	// commitment, not a measurement, so inferred at best.
	Provenance
	Pos Pos
}

// HoursPerYear is the year that failures per year are counted in.
const HoursPerYear = 8760

// Unavailability is the probability that the node is down by itself: 0
// for a nil Availability, a node that never fails by itself.
func (a *Availability) Unavailability() float64 {
	if a == nil {
		return 0
	}
	return 1 - a.Up
}

// RefAvailability is an availability the top-level availability section
// gives one node by its canonical ref (a zone, a single service instance,
// or any other node), or every instance of a service by the service's ref
// ("aws/ec2"); an instance's own entry wins over its service's.
type RefAvailability struct {
	Ref    string
	RefPos Pos
	Availability
}

// Defaults are the availabilities of the nodes of each kind that set none
// themselves; nil fields leave those nodes failing never by themselves.
type Defaults struct {
	Provider, Region, Zone, Service *Availability
}

// availability decodes the availability or failures key of a map.
func (d *decoder) availability(m *keyed) *Availability {
	a, f := m.get("availability"), m.get("failures")
	if a != nil && f != nil {
		d.errorf(f, "keep one of them", "availability and failures both given")
		return nil
	}
	switch {
	case a != nil:
		return d.availabilityValue(a)
	case f != nil:
		return d.failures(f)
	}
	return nil
}

// availabilityValue decodes a probability of being up, or a map with
// value or failures and their source and confidence.
func (d *decoder) availabilityValue(n *yaml.Node) *Availability {
	if n.Kind == yaml.MappingNode {
		m := d.fields(n, "an availability", withProvenance("value", "failures")...)
		if m == nil {
			return nil
		}
		v, f := m.get("value"), m.get("failures")
		var a *Availability
		switch {
		case v != nil && f != nil:
			d.errorf(f, "keep one of them", "value and failures both given")
		case v != nil:
			a = d.availabilityValue(v)
		case f != nil:
			a = d.failures(f)
		default:
			d.errorf(n, "write value: P or failures: {per_year, hours_to_recover}", "an availability needs value or failures")
		}
		if p := d.provenance(m); a != nil && (p.Source != nil || p.Confidence != Unknown) {
			a.Provenance = p
		}
		return a
	}
	p, ok := d.number(n, "availability")
	if !ok {
		return nil
	}
	if p <= 0 || p > 1 {
		d.errorf(n, "write the probability of being up, such as 0.9995", "availability must be in (0, 1], got %s", n.Value)
		return nil
	}
	return &Availability{Up: p, Pos: d.pos(n)}
}

// failures decodes failures: {per_year: F, hours_to_recover: H}.
func (d *decoder) failures(n *yaml.Node) *Availability {
	if n == nil {
		return nil
	}
	m := d.fields(n, "failures", withProvenance("per_year", "hours_to_recover")...)
	if m == nil {
		return nil
	}
	a := &Availability{Pos: d.pos(n), Provenance: d.provenance(m)}
	for _, k := range []struct {
		key string
		v   *float64
	}{{"per_year", &a.PerYear}, {"hours_to_recover", &a.HoursToRecover}} {
		v := m.get(k.key)
		if v == nil {
			d.errorf(n, "", "failures needs %s", k.key)
			return nil
		}
		f, ok := d.number(v, k.key)
		if !ok {
			return nil
		}
		if f < 0 {
			d.errorf(v, "", "%s must not be negative, got %s", k.key, v.Value)
			return nil
		}
		*k.v = f
	}
	down := a.PerYear * a.HoursToRecover / HoursPerYear
	if down >= 1 {
		d.errorf(n, "", "failures: %g a year of %g hours each leave the node never up", a.PerYear, a.HoursToRecover)
		return nil
	}
	a.Up = 1 - down
	return a
}

// availabilitySection decodes the top-level availability section: a map
// from canonical refs to availabilities.
func (d *decoder) availabilitySection(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "", "availability must be a map from refs to availabilities, got %s", describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.node(n.Content[i]), d.node(n.Content[i+1])
		if k == nil || v == nil {
			return
		}
		ref, ok := d.str(k, "a ref")
		if !ok {
			continue
		}
		if a := d.availabilityValue(v); a != nil {
			d.frag.availability = append(d.frag.availability, RefAvailability{Ref: ref, RefPos: d.pos(k), Availability: *a})
		}
	}
}

// defaults decodes defaults: {availability: {provider: …, region: …,
// zone: …, service: …}}.
func (d *decoder) defaults(n *yaml.Node) {
	v := d.fields(n, "defaults", "availability").get("availability")
	if v == nil {
		return
	}
	kinds := []string{"provider", "region", "zone", "service"}
	m := d.fields(v, "default availabilities", kinds...)
	if m == nil {
		return
	}
	for _, kind := range kinds {
		if x := m.get(kind); x != nil {
			if a := d.availabilityValue(x); a != nil {
				d.frag.defaults = append(d.frag.defaults, kindDefault{kind, a})
			}
		}
	}
}

// kindDefault is one default availability as a file gives it.
type kindDefault struct {
	kind string
	a    *Availability
}

// resolveAvailability gives every node its unavailability: the by-ref
// section first (an instance's own entry, then its service's), then what
// its declaration says (a service's applies to each of its instances),
// then the default for its kind.
func (a *assembler) resolveAvailability() {
	c := a.c
	var dflt Defaults
	for _, kd := range c.defaultsGiven {
		slot := map[string]**Availability{"provider": &dflt.Provider, "region": &dflt.Region, "zone": &dflt.Zone, "service": &dflt.Service}[kd.kind]
		if *slot != nil {
			a.errorf(kd.a.Pos, "", "duplicate default availability for %s (first at %s)", kd.kind, (*slot).Pos)
			continue
		}
		*slot = kd.a
	}
	c.Defaults = dflt
	seen := map[string]Pos{}
	for k := range c.Availability {
		r := &c.Availability[k]
		n := c.Node(r.Ref)
		switch {
		case n == nil && !a.isService(r.Ref):
			a.refError(r.RefPos, r.Ref)
		case seen[r.Ref] != (Pos{}):
			a.errorf(r.RefPos, "", "duplicate availability for %s (first at %s)", r.Ref, seen[r.Ref])
		case n == nil || !n.View:
			seen[r.Ref] = r.RefPos
		default:
			a.errorf(r.RefPos, fmt.Sprintf("give each zone's instance its availability, or the service %s/%s every instance's", n.Provider, n.Service), "%s is the regional view of a zonal service, which never fails by itself", r.Ref)
		}
	}
	for ref, av := range c.Availabilities() {
		c.nodes[c.byRef[ref]].Unavailability = av.Unavailability()
	}
	c.defaultsGiven = nil
}

// Availabilities maps the ref of every node that has an availability to
// the one that gives it: the availability section's entry for the node,
// else the entry of its service there, else its declaration (a service's
// applies to each of its instances), else the default for its kind. A
// regional view of a zonal service has none: it never fails by itself.
func (c *Catalog) Availabilities() map[string]*Availability {
	section := make(map[string]*Availability, len(c.Availability))
	for k := range c.Availability {
		if r := &c.Availability[k]; section[r.Ref] == nil { // the first of duplicates
			section[r.Ref] = &r.Availability
		}
	}
	customers := make(map[string]*Customer, len(c.Customers))
	for _, cu := range c.Customers {
		if cu.Availability != nil {
			customers[cu.ID] = cu
		}
	}
	out := map[string]*Availability{}
	for _, n := range c.nodes {
		if n.View {
			continue
		}
		av := section[n.Ref]
		if av == nil && n.Kind == KindService {
			av = section[n.Provider+"/"+n.Service]
		}
		if av == nil {
			av = c.declared(n, customers)
		}
		if av != nil {
			out[n.Ref] = av
		}
	}
	return out
}

// isService reports whether ref names a service of a provider without an
// instance ("aws/ec2"): in the availability section, it gives each of the
// service's instances the same availability.
func (a *assembler) isService(ref string) bool {
	prov, svc, ok := strings.Cut(ref, "/")
	x := a.provs[prov]
	return ok && !strings.Contains(svc, "@") && x != nil && x.services[svc] != nil
}

// declared is the availability a node's declaration or its kind's default
// gives it.
func (c *Catalog) declared(n *Node, customers map[string]*Customer) *Availability {
	d := c.Defaults
	or := func(x, y *Availability) *Availability {
		if x != nil {
			return x
		}
		return y
	}
	switch n.Kind {
	case KindCustomer:
		if cu := customers[n.Ref]; cu != nil {
			return cu.Availability
		}
	case KindProvider:
		if x := c.provs[n.Provider]; x != nil {
			return or(x.p.Availability, d.Provider)
		}
	case KindRegion:
		if x := c.provs[n.Provider]; x != nil && x.regions[n.Region] != nil {
			return or(x.regions[n.Region].Availability, d.Region)
		}
	case KindZone:
		return d.Zone
	case KindService:
		if n.View {
			return nil
		}
		if x := c.provs[n.Provider]; x != nil && x.services[n.Service] != nil {
			return or(x.services[n.Service].Availability, d.Service)
		}
	}
	return nil
}

// String formats an availability as written.
func (a *Availability) String() string {
	if a.PerYear != 0 || a.HoursToRecover != 0 {
		return fmt.Sprintf("failures %g/year × %g h", a.PerYear, a.HoursToRecover)
	}
	return fmt.Sprintf("%g", a.Up)
}

// minAvailability decodes a policy's min_availability: a probability, or
// {select: {...}, availability: P}.
func (d *decoder) minAvailability(p *Policy, n *yaml.Node) {
	v := n
	if n.Kind == yaml.MappingNode {
		m := d.fields(n, "min_availability", "select", "availability")
		if m == nil {
			return
		}
		if sel := m.get("select"); sel != nil {
			if p.Select != nil {
				d.errorf(sel, "keep one select", "the policy has a select already")
			}
			p.Select = d.stringMap(sel, "select")
		}
		if v = m.get("availability"); v == nil {
			d.errorf(n, "", "min_availability needs availability")
			return
		}
	}
	if a := d.availabilityValue(v); a != nil {
		if a.PerYear != 0 || a.HoursToRecover != 0 {
			d.errorf(v, "write a probability, such as 0.9995", "min_availability takes a probability, not failures")
			return
		}
		p.MinAvailability = a.Up
	}
}
