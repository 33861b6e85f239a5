package catalogtest

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Random returns a small random single-file catalog drawn from r, for
// property tests: one to three providers with one to four regions of one to
// four zones each, two to eight services per provider, three to twenty-five
// customers, one to three scenarios and up to two policies.
//
// The catalog is dense and adversarial rather than realistic. It has
// dependency cycles between services (some through soft edges) and between
// customers, self-dependencies of service instances through full refs,
// nested groups (all_of, any_of and quorum, up to three levels), soft
// dependencies on refs and on groups, refs to every kind of node, short
// service names of every resolution rule, cross-provider refs, weights of
// zero and fractional weights, and a variety of YAML styles (block and flow,
// keys in any order, top-level sections in any order, region and zone ids
// reused across providers).
//
// It is nevertheless always valid per catalog format v1: every ref resolves
// to an existing node, every short name resolves at every instance of its
// service, groups are never empty, 1 ≤ quorum ≤ members, ids are unique and
// contain no "/", "@" or whitespace. The same stream from r gives the same
// bytes.
func Random(r *rand.Rand) []byte {
	g := &rgen{r: r}
	g.build()
	return g.render()
}

// rdep kinds.
const (
	rRef = iota
	rAllOf
	rAnyOf
	rQuorum
)

var groupKeys = [...]string{rAllOf: "all_of", rAnyOf: "any_of", rQuorum: "quorum"}

type rdep struct {
	kind    int
	ref     string
	k       int
	members []rdep
	impact  string   // "", "down" or "degraded"
	when    string   // "", "down" or "degraded"
	regions []string // a region-limited entry of a service
	source  string   // provenance, which never changes evaluation
}

type rProvider struct {
	id       string
	regions  []rRegion
	services []*rService
}

type rRegion struct {
	id    string
	zones []string
}

type rService struct {
	id       string
	scope    string // zonal | regional | global
	explicit bool   // write "scope: regional"
	avail    []bool // per region; nil means all
	deps     []rdep
}

func (s *rService) in(r int) bool { return s.avail == nil || s.avail[r] }

type rCustomer struct {
	id     string
	name   string
	tags   [][2]string
	weight string
	deps   []rdep
}

type rScenario struct {
	id, name      string
	fail, degrade []string
}

type rgen struct {
	r         *rand.Rand
	providers []*rProvider
	customers []*rCustomer
	scenarios []rScenario
	policies  []string // rendered list items

	// Full refs by kind of node, for picking targets.
	provRefs, regionRefs, zoneRefs, regionalRefs, zonalRefs, viewRefs, globalRefs []string
}

func (g *rgen) coin(n int) bool { return g.r.IntN(n) == 0 }

func (g *rgen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g *rgen) build() {
	r := g.r
	np := 1 + r.IntN(3)
	for pi := range np {
		p := &rProvider{id: "p" + strconv.Itoa(pi+1)}
		nr := 1 + r.IntN(4)
		zoneLetters := r.IntN(2) == 0
		zn := 0
		for ri := range nr {
			reg := rRegion{id: "r" + strconv.Itoa(ri+1)}
			for zi := range 1 + r.IntN(4) {
				if zoneLetters {
					reg.zones = append(reg.zones, reg.id+"-"+string(rune('a'+zi)))
				} else {
					zn++
					reg.zones = append(reg.zones, "z"+strconv.Itoa(zn))
				}
			}
			p.regions = append(p.regions, reg)
		}
		for si := range 2 + r.IntN(7) {
			s := &rService{id: "s" + strconv.Itoa(si+1)}
			switch u := r.IntN(10); {
			case u < 3:
				s.scope = "zonal"
			case u < 7:
				s.scope = "regional"
				s.explicit = r.IntN(2) == 0
			default:
				s.scope = "global"
			}
			if s.scope != "global" && r.IntN(3) == 0 {
				s.avail = make([]bool, nr)
				some := false
				for ri := range s.avail {
					s.avail[ri] = r.IntN(2) == 0
					some = some || s.avail[ri]
				}
				if !some {
					s.avail[r.IntN(nr)] = true
				}
			}
			p.services = append(p.services, s)
		}
		g.providers = append(g.providers, p)
	}

	for _, p := range g.providers {
		g.provRefs = append(g.provRefs, p.id)
		for _, reg := range p.regions {
			g.regionRefs = append(g.regionRefs, p.id+"@"+reg.id)
			for _, z := range reg.zones {
				g.zoneRefs = append(g.zoneRefs, p.id+"@"+z)
			}
		}
		for _, s := range p.services {
			if s.scope == "global" {
				g.globalRefs = append(g.globalRefs, p.id+"/"+s.id)
				continue
			}
			for ri, reg := range p.regions {
				if !s.in(ri) {
					continue
				}
				at := p.id + "/" + s.id + "@" + reg.id
				if s.scope == "regional" {
					g.regionalRefs = append(g.regionalRefs, at)
					continue
				}
				g.viewRefs = append(g.viewRefs, at)
				for _, z := range reg.zones {
					g.zonalRefs = append(g.zonalRefs, p.id+"/"+s.id+"@"+z)
				}
			}
		}
	}

	nc := 3 + r.IntN(23)
	prefixes := []string{"c", "cust-", "acme.", "t_", "Tenant"}
	for ci := range nc {
		c := &rCustomer{id: prefixes[r.IntN(len(prefixes))] + strconv.Itoa(ci+1)}
		if g.coin(2) {
			c.name = "Customer " + strconv.Itoa(ci+1)
		}
		if !g.coin(3) {
			c.tags = append(c.tags, [2]string{"tier", []string{"critical", "standard"}[r.IntN(2)]})
			if g.coin(2) {
				c.tags = append(c.tags, [2]string{"sector", sectors[r.IntN(len(sectors))]})
			}
		}
		switch u := r.IntN(10); {
		case u < 3:
		case u < 4:
			c.weight = "0"
		case u < 7:
			c.weight = strconv.Itoa(1 + r.IntN(100))
		default:
			c.weight = strconv.FormatFloat(float64(1+r.IntN(4000))/8, 'f', -1, 64)
		}
		g.customers = append(g.customers, c)
	}

	for _, p := range g.providers {
		for _, s := range p.services {
			for range r.IntN(5) {
				s.deps = g.appendUnique(s.deps, g.serviceDep(p, s, 0))
			}
			for k := range s.deps {
				if s.scope != "global" && g.coin(4) {
					s.deps[k].regions = g.someRegions(p, s)
				}
			}
		}
	}
	// A cycle of two or three services, possibly through a soft edge.
	if !g.coin(5) {
		p := g.providers[r.IntN(len(g.providers))]
		if len(p.services) >= 2 {
			perm := r.Perm(len(p.services))[:min(len(p.services), 2+r.IntN(2))]
			for i, a := range perm {
				s, t := p.services[a], p.services[perm[(i+1)%len(perm)]]
				d := rdep{ref: g.instanceOf(p, t)}
				if g.shortOK(s, t) && g.coin(2) {
					d.ref = t.id
				}
				if g.coin(2) {
					d.impact = "degraded"
				}
				s.deps = append(s.deps, d)
			}
		}
	}

	for ci, c := range g.customers {
		for range 1 + r.IntN(5) {
			c.deps = g.appendUnique(c.deps, g.customerDep(ci, 0))
		}
	}
	// A cycle of two or three customers.
	if len(g.customers) >= 2 && g.coin(2) {
		perm := r.Perm(len(g.customers))[:2+r.IntN(min(2, len(g.customers)-1))]
		for i, a := range perm {
			d := rdep{ref: g.customers[perm[(i+1)%len(perm)]].id}
			if g.coin(3) {
				d.impact = "degraded"
			}
			g.customers[a].deps = append(g.customers[a].deps, d)
		}
	}

	for si := range 1 + r.IntN(3) {
		sc := rScenario{id: "scenario-" + strconv.Itoa(si+1)}
		if g.coin(2) {
			sc.name = "Scenario " + strconv.Itoa(si+1)
		}
		seen := map[string]bool{}
		for n := 1 + r.IntN(5); n > 0; n-- {
			ref := g.anyRef(true)
			if g.coin(8) {
				ref = g.customers[r.IntN(len(g.customers))].id
			}
			if seen[ref] {
				continue
			}
			seen[ref] = true
			if g.coin(2) {
				sc.fail = append(sc.fail, ref)
			} else {
				sc.degrade = append(sc.degrade, ref)
			}
		}
		g.scenarios = append(g.scenarios, sc)
	}

	levels := []string{"provider", "region", "zone", "service"}
	for pi := range r.IntN(3) {
		id := "policy-" + strconv.Itoa(pi+1)
		if g.coin(2) {
			sel := []string{"{}", "{tier: critical}", "{tier: standard}"}[r.IntN(3)]
			allow := []string{"up", "degraded"}[r.IntN(2)]
			g.policies = append(g.policies, "  - id: "+id+"\n    select: "+sel+"\n    survive: "+g.pick(levels)+"\n    allow: "+allow+"\n")
		} else {
			share := strconv.FormatFloat(float64(r.IntN(101))/100, 'f', -1, 64)
			g.policies = append(g.policies, "  - id: "+id+"\n    max_down_share: {scope: "+g.pick(levels)+", share: "+share+"}\n")
		}
	}
}

// someRegions picks regions for a region-limited entry of s: at least one
// that s runs in, maybe one it does not.
func (g *rgen) someRegions(p *rProvider, s *rService) []string {
	var in, out []string
	for ri, reg := range p.regions {
		if s.in(ri) {
			in = append(in, reg.id)
		} else {
			out = append(out, reg.id)
		}
	}
	picked := []string{g.pick(in)}
	for _, id := range in {
		if id != picked[0] && g.coin(2) {
			picked = append(picked, id)
		}
	}
	if len(out) > 0 && g.coin(3) {
		picked = append(picked, g.pick(out))
	}
	return picked
}

// appendUnique appends d unless it is a ref already in deps.
func (g *rgen) appendUnique(deps []rdep, d rdep) []rdep {
	if d.kind == rRef {
		for _, e := range deps {
			if e.kind == rRef && e.ref == d.ref {
				return deps
			}
		}
	}
	return append(deps, d)
}

// shortOK reports whether s may name t by its short name: t is global, or
// neither is global and t is offered wherever s is.
func (g *rgen) shortOK(s, t *rService) bool {
	if s == t {
		return false
	}
	if t.scope == "global" {
		return true
	}
	if s.scope == "global" {
		return false
	}
	for ri := range len(g.regionsOf(s)) {
		if s.in(ri) && !t.in(ri) {
			return false
		}
	}
	return true
}

// regionsOf returns the regions of the provider holding s.
func (g *rgen) regionsOf(s *rService) []rRegion {
	for _, p := range g.providers {
		if slices.Contains(p.services, s) {
			return p.regions
		}
	}
	return nil
}

// instanceOf returns the full ref of a random instance of t.
func (g *rgen) instanceOf(p *rProvider, t *rService) string {
	base := p.id + "/" + t.id
	if t.scope == "global" {
		return base
	}
	var regs []int
	for ri := range p.regions {
		if t.in(ri) {
			regs = append(regs, ri)
		}
	}
	reg := p.regions[regs[g.r.IntN(len(regs))]]
	if t.scope == "zonal" && g.coin(2) {
		return base + "@" + g.pick(reg.zones)
	}
	return base + "@" + reg.id
}

// anyRef returns the full ref of a random node other than a customer;
// providers (bare refs) only if withProviders.
func (g *rgen) anyRef(withProviders bool) string {
	kinds := [][]string{g.regionRefs, g.zoneRefs, g.regionalRefs, g.zonalRefs, g.viewRefs, g.globalRefs}
	if withProviders {
		kinds = append(kinds, g.provRefs)
	}
	for {
		if k := kinds[g.r.IntN(len(kinds))]; len(k) > 0 {
			return g.pick(k)
		}
	}
}

func (g *rgen) impact() string {
	switch g.r.IntN(10) {
	case 0, 1, 2:
		return "degraded"
	case 3:
		return "down"
	}
	return ""
}

// group builds a group of one to four members made by member.
func (g *rgen) group(member func() rdep) rdep {
	d := rdep{kind: rAllOf + g.r.IntN(3)}
	for range 1 + g.r.IntN(4) {
		d.members = g.appendUnique(d.members, member())
	}
	if d.kind == rQuorum {
		d.k = 1 + g.r.IntN(len(d.members))
	}
	d.impact, d.when, d.source = g.impact(), g.when(), g.source()
	return d
}

// when draws the threshold of an entry: mostly none.
func (g *rgen) when() string {
	switch g.r.IntN(10) {
	case 0, 1:
		return "down"
	case 2:
		return "degraded"
	}
	return ""
}

// source draws provenance for an entry: mostly none.
func (g *rgen) source() string {
	if g.coin(6) {
		return g.pick([]string{"https://example.com/pes", "design doc", "guess"})
	}
	return ""
}

// serviceDep returns a dependency entry of service s of provider p, at
// group depth depth. Leaves are short names that resolve at every instance
// of s, or full refs to any non-customer node other than a bare provider
// (a bare id in a service's depends_on would read as a short name).
func (g *rgen) serviceDep(p *rProvider, s *rService, depth int) rdep {
	if depth < 3 && g.r.IntN(10) < 3 {
		return g.group(func() rdep { return g.serviceDep(p, s, depth+1) })
	}
	d := rdep{impact: g.impact(), when: g.when(), source: g.source()}
	if g.coin(2) {
		var short []string
		for _, t := range p.services {
			if g.shortOK(s, t) {
				short = append(short, t.id)
			}
		}
		if len(short) > 0 {
			d.ref = g.pick(short)
			return d
		}
	}
	d.ref = g.anyRef(false)
	return d
}

// customerDep returns a dependency entry of customer ci at group depth
// depth. Leaves are full refs to any node, including providers and other
// customers.
func (g *rgen) customerDep(ci, depth int) rdep {
	if depth < 3 && g.r.IntN(10) < 3 {
		return g.group(func() rdep { return g.customerDep(ci, depth+1) })
	}
	d := rdep{impact: g.impact()}
	if len(g.customers) > 1 && g.coin(5) {
		d.ref = g.customers[g.other(len(g.customers), ci)].id
		return d
	}
	d.ref = g.anyRef(true)
	return d
}

// other returns a number in [0, n) other than not; n must be at least 2.
func (g *rgen) other(n, not int) int {
	k := g.r.IntN(n - 1)
	if k >= not {
		k++
	}
	return k
}

func (g *rgen) render() []byte {
	var b strings.Builder
	b.WriteString("version: 1\n")
	sections := []func(*strings.Builder){g.renderProviders, g.renderCustomers, g.renderScenarios}
	if len(g.policies) > 0 {
		sections = append(sections, g.renderPolicies)
	}
	for _, i := range g.r.Perm(len(sections)) {
		sections[i](&b)
	}
	return []byte(b.String())
}

func indent(b *strings.Builder, n int) {
	for range n {
		b.WriteByte(' ')
	}
}

// list writes items as a flow or block sequence after "key:" at indent n.
func (g *rgen) list(b *strings.Builder, n int, key string, items []string) {
	indent(b, n)
	b.WriteString(key)
	b.WriteByte(':')
	if len(items) == 0 || g.coin(2) {
		b.WriteString(" [" + strings.Join(items, ", ") + "]\n")
		return
	}
	b.WriteByte('\n')
	for _, it := range items {
		indent(b, n+2)
		b.WriteString("- " + it + "\n")
	}
}

func (g *rgen) renderProviders(b *strings.Builder) {
	b.WriteString("providers:\n")
	for _, p := range g.providers {
		b.WriteString("  - id: " + p.id + "\n")
		if g.coin(2) {
			b.WriteString("    name: Provider " + strings.ToUpper(p.id) + "\n")
		}
		b.WriteString("    regions:\n")
		for _, reg := range p.regions {
			b.WriteString("      - id: " + reg.id + "\n")
			g.list(b, 8, "zones", reg.zones)
		}
		b.WriteString("    services:\n")
		for _, s := range p.services {
			b.WriteString("      - id: " + s.id + "\n")
			if s.scope != "regional" || s.explicit {
				b.WriteString("        scope: " + s.scope + "\n")
			}
			if s.avail != nil {
				var regs []string
				for ri, ok := range s.avail {
					if ok {
						regs = append(regs, p.regions[ri].id)
					}
				}
				g.list(b, 8, "regions", regs)
			}
			g.deps(b, 8, s.deps)
		}
	}
}

func (g *rgen) renderCustomers(b *strings.Builder) {
	b.WriteString("customers:\n")
	for _, c := range g.customers {
		b.WriteString("  - id: " + c.id + "\n")
		if c.name != "" {
			b.WriteString("    name: " + c.name + "\n")
		}
		if len(c.tags) > 0 {
			if g.coin(2) {
				var kv []string
				for _, t := range c.tags {
					kv = append(kv, t[0]+": "+t[1])
				}
				b.WriteString("    tags: {" + strings.Join(kv, ", ") + "}\n")
			} else {
				b.WriteString("    tags:\n")
				for _, t := range c.tags {
					b.WriteString("      " + t[0] + ": " + t[1] + "\n")
				}
			}
		}
		if c.weight != "" {
			b.WriteString("    weight: " + c.weight + "\n")
		}
		g.deps(b, 4, c.deps)
	}
}

func (g *rgen) renderScenarios(b *strings.Builder) {
	b.WriteString("scenarios:\n")
	for _, s := range g.scenarios {
		b.WriteString("  - id: " + s.id + "\n")
		if s.name != "" {
			b.WriteString("    name: " + s.name + "\n")
		}
		if len(s.fail) > 0 || g.coin(4) {
			g.list(b, 4, "fail", s.fail)
		}
		if len(s.degrade) > 0 || g.coin(4) {
			g.list(b, 4, "degrade", s.degrade)
		}
	}
}

func (g *rgen) renderPolicies(b *strings.Builder) {
	b.WriteString("policies:\n")
	for _, p := range g.policies {
		b.WriteString(p)
	}
}

// deps writes "depends_on:" at indent n, or nothing for no entries.
func (g *rgen) deps(b *strings.Builder, n int, deps []rdep) {
	if len(deps) == 0 {
		return
	}
	indent(b, n)
	if g.coin(4) {
		b.WriteString("depends_on: ")
		g.flowList(b, deps)
		b.WriteByte('\n')
		return
	}
	b.WriteString("depends_on:\n")
	for _, d := range deps {
		g.blockItem(b, n+2, d)
	}
}

func (g *rgen) flowList(b *strings.Builder, deps []rdep) {
	b.WriteByte('[')
	for i, d := range deps {
		if i > 0 {
			b.WriteString(", ")
		}
		g.flow(b, d)
	}
	b.WriteByte(']')
}

// flow writes d as a flow node: a plain ref, or a flow map.
func (g *rgen) flow(b *strings.Builder, d rdep) {
	if d.kind == rRef && d.plain() && !g.coin(8) {
		b.WriteString(d.ref)
		return
	}
	var parts []string
	switch d.kind {
	case rRef:
		parts = append(parts, "ref: "+d.ref)
	case rQuorum:
		var of strings.Builder
		g.flowList(&of, d.members)
		parts = append(parts, "quorum: "+strconv.Itoa(d.k), "of: "+of.String())
	default:
		var m strings.Builder
		g.flowList(&m, d.members)
		parts = append(parts, groupKeys[d.kind]+": "+m.String())
	}
	for _, kv := range d.extras() {
		parts = append(parts, kv[0]+": "+kv[1])
	}
	if g.coin(4) {
		slices.Reverse(parts)
	}
	b.WriteString("{" + strings.Join(parts, ", ") + "}")
}

// blockItem writes d as a block sequence item whose "-" is at indent n.
// plain reports whether an entry can be written as a bare ref.
func (d rdep) plain() bool { return len(d.extras()) == 0 }

// extras are the keys of an entry beside its operator, with their values
// as YAML flow text.
func (d rdep) extras() [][2]string {
	var out [][2]string
	if d.impact != "" {
		out = append(out, [2]string{"impact", d.impact})
	}
	if d.when != "" {
		out = append(out, [2]string{"when", d.when})
	}
	if len(d.regions) > 0 {
		out = append(out, [2]string{"regions", "[" + strings.Join(d.regions, ", ") + "]"})
	}
	if d.source != "" {
		out = append(out, [2]string{"source", strconv.Quote(d.source)}, [2]string{"confidence", "inferred"})
	}
	return out
}

func (g *rgen) blockItem(b *strings.Builder, n int, d rdep) {
	indent(b, n)
	b.WriteString("- ")
	if (d.kind == rRef && d.plain() && !g.coin(8)) || g.coin(5) {
		g.flow(b, d)
		b.WriteByte('\n')
		return
	}
	// A block map; its keys start at column n+2.
	type field struct {
		key   string
		write func()
	}
	var fields []field
	members := func(key string) field {
		return field{key, func() {
			b.WriteString(key + ":")
			if g.coin(3) {
				b.WriteByte(' ')
				g.flowList(b, d.members)
				b.WriteByte('\n')
				return
			}
			b.WriteByte('\n')
			for _, m := range d.members {
				g.blockItem(b, n+4, m)
			}
		}}
	}
	switch d.kind {
	case rRef:
		fields = append(fields, field{"ref", func() { b.WriteString("ref: " + d.ref + "\n") }})
	case rQuorum:
		fields = append(fields, field{"quorum", func() { b.WriteString("quorum: " + strconv.Itoa(d.k) + "\n") }}, members("of"))
	default:
		fields = append(fields, members(groupKeys[d.kind]))
	}
	for _, kv := range d.extras() {
		fields = append(fields, field{kv[0], func() { b.WriteString(kv[0] + ": " + kv[1] + "\n") }})
	}
	if g.coin(4) {
		slices.Reverse(fields)
	}
	for i, f := range fields {
		if i > 0 {
			indent(b, n+2)
		}
		f.write()
	}
}
