package catalogtest

import (
	"io"
	"math/rand/v2"
	"strconv"
)

// plan builds the providers of the catalog described by opts and returns
// the files to write, in lexical order. Customers are generated lazily by
// their file's write function, each from its own random stream, so that
// customer i does not depend on how customers are split into files.
func plan(opts Options) []genFile {
	opts = opts.normalized()
	w := newWorld(opts)
	var files []genFile
	nfiles := (opts.Customers + opts.CustomersPerFile - 1) / opts.CustomersPerFile
	width := max(4, len(strconv.Itoa(nfiles-1)))
	for f := range nfiles {
		lo := f * opts.CustomersPerFile
		hi := min(lo+opts.CustomersPerFile, opts.Customers)
		files = append(files, genFile{
			name:  "customers-" + pad(f, width) + ".yaml",
			write: func(out io.Writer) error { return w.writeCustomers(out, lo, hi) },
		})
	}
	files = append(files,
		genFile{name: "policies.yaml", write: w.writePolicies},
		genFile{name: "providers.yaml", write: w.writeProviders},
		genFile{name: "scenarios.yaml", write: w.writeScenarios},
	)
	return files
}

// mix is the splitmix64 finalizer: it spreads nearby inputs (seeds,
// customer numbers) over unrelated random streams.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// pad formats n in decimal with at least width digits.
func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// appendCustomerID appends the id of customer i: "c" and i with at least
// width digits.
func appendCustomerID(b []byte, i, width int) []byte {
	b = append(b, 'c')
	digits := 1
	for x := i; x >= 10; x /= 10 {
		digits++
	}
	for ; digits < width; digits++ {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(i), 10)
}

// world is the infrastructure part of a synthetic catalog plus what is
// needed to generate customer i on demand.
type world struct {
	opts      Options
	providers []*wProvider
	custSeed  uint64 // first half of every customer's PCG seed
	idWidth   int    // digits in customer ids
}

type wProvider struct {
	idx      int
	id, name string
	regions  []*wRegion
	services []*wService
	byRole   map[string]*wService // lookup only; never iterated

	compute, block *wService
	apps           [][]*wService // per region: non-global services customers use
	softs          [][]*wService // per region: monitoring-like services
	globals        []*wService   // global services customers use
}

type wRegion struct {
	idx      int
	id, name string
	zones    []string
	ref      string   // p@r
	zoneRefs []string // p@z
}

type wService struct {
	idx   int
	role  *role
	id    string
	avail []bool   // per region; nil means every region
	deps  []string // flow items of depends_on
	ref   string   // global services: p/s
	at    []string // per region: p/s@r, or "" where the service is not offered
	atZ   [][]string
}

func (s *wService) in(r int) bool { return s.avail == nil || s.avail[r] }

// covers reports whether every region where s is offered also offers t, so
// that a short name from s to t always resolves.
func (s *wService) covers(t *wService) bool {
	if t.avail == nil {
		return true
	}
	if s.avail == nil {
		return false
	}
	for r, ok := range s.avail {
		if ok && !t.avail[r] {
			return false
		}
	}
	return true
}

func newWorld(opts Options) *world {
	s := mix(uint64(opts.Seed))
	rng := rand.New(rand.NewPCG(s, mix(s^0x70726f7669646572)))
	w := &world{
		opts:     opts,
		custSeed: mix(s ^ 0x637573746f6d6572),
		idWidth:  max(6, len(strconv.Itoa(opts.Customers-1))),
	}
	for i := range opts.Providers {
		w.providers = append(w.providers, newProvider(rng, i))
	}
	return w
}

func newProvider(rng *rand.Rand, idx int) *wProvider {
	p := &wProvider{idx: idx, byRole: map[string]*wService{}}
	var info providerInfo
	switch {
	case idx < len(namedProviders):
		info = namedProviders[idx]
	default:
		info.zones = zoneLetter
		if o := idx - len(namedProviders); o < len(otherProviders) {
			info.id, info.name = otherProviders[o].id, otherProviders[o].name
		} else {
			info.id, info.name = "cloud"+pad(idx+1, 2), "Cloud "+strconv.Itoa(idx+1)
		}
		suffix := "-" + strconv.Itoa(idx+1)
		for _, g := range geos {
			info.regions = append(info.regions, regionInfo{id: g.id + suffix, name: g.name + " " + strconv.Itoa(idx+1)})
		}
	}
	p.id, p.name = info.id, info.name
	nreg := min(8+rng.IntN(13), len(info.regions))
	for r := range nreg {
		ri := info.regions[r]
		reg := &wRegion{idx: r, id: ri.id, name: ri.name, ref: p.id + "@" + ri.id}
		for z := range 3 + rng.IntN(4) {
			var zid string
			switch info.zones {
			case zoneAZ:
				zid = ri.abbr + "-az" + strconv.Itoa(z+1)
			case zoneNumber:
				zid = ri.id + "-z" + strconv.Itoa(z+1)
			default:
				zid = ri.id + "-" + string(rune('a'+z))
			}
			reg.zones = append(reg.zones, zid)
			reg.zoneRefs = append(reg.zoneRefs, p.id+"@"+zid)
		}
		p.regions = append(p.regions, reg)
	}

	// Every core role, plus a random subset of at least two optional ones.
	var optional []int
	for i := range roles {
		if roles[i].optional {
			optional = append(optional, i)
		}
	}
	keep := map[int]bool{}
	perm := rng.Perm(len(optional))
	for _, k := range perm[:2+rng.IntN(len(optional)-1)] {
		keep[optional[k]] = true
	}
	nameCol := min(idx, 3)
	for i := range roles {
		ro := &roles[i]
		if ro.optional && !keep[i] {
			continue
		}
		s := &wService{idx: len(p.services), role: ro, id: ro.names[nameCol]}
		if ro.restricted && nreg > 1 {
			s.avail = make([]bool, nreg)
			n := 0
			for r := range s.avail {
				if rng.IntN(2) == 0 {
					s.avail[r] = true
					n++
				}
			}
			switch n {
			case 0:
				s.avail[rng.IntN(nreg)] = true
			case nreg:
				s.avail[rng.IntN(nreg)] = false
			}
		}
		p.services = append(p.services, s)
		p.byRole[ro.key] = s
	}

	first := p.regions[0]
	for _, s := range p.services {
		if s.role.scope == "global" {
			s.ref = p.id + "/" + s.id
		} else {
			s.at = make([]string, nreg)
			if s.role.scope == "zonal" {
				s.atZ = make([][]string, nreg)
			}
			for r, reg := range p.regions {
				if !s.in(r) {
					continue
				}
				s.at[r] = p.id + "/" + s.id + "@" + reg.id
				if s.atZ != nil {
					for _, z := range reg.zones {
						s.atZ[r] = append(s.atZ[r], p.id+"/"+s.id+"@"+z)
					}
				}
			}
		}
	}
	for _, s := range p.services {
		for _, d := range s.role.deps {
			switch {
			case d == "^":
				s.deps = append(s.deps, "{ref: "+first.ref+", impact: degraded}")
			case d[0] == '^':
				t := p.byRole[d[1:]]
				if t != nil && t.role.scope != "global" && t.in(0) {
					s.deps = append(s.deps, "{ref: "+t.at[0]+", impact: degraded}")
				}
			default:
				soft := d[0] == '~'
				if soft {
					d = d[1:]
				}
				t := p.byRole[d]
				if t == nil || t == s {
					continue
				}
				if t.role.scope != "global" && (s.role.scope == "global" || !s.covers(t)) {
					continue // the short name would not resolve everywhere
				}
				if soft {
					s.deps = append(s.deps, "{ref: "+t.id+", impact: degraded}")
				} else {
					s.deps = append(s.deps, t.id)
				}
			}
		}
	}

	p.compute, p.block = p.byRole[roleCompute], p.byRole[roleBlock]
	p.apps = make([][]*wService, nreg)
	p.softs = make([][]*wService, nreg)
	for _, s := range p.services {
		switch {
		case s.role.scope == "global":
			if s.role.app || s.role.soft {
				p.globals = append(p.globals, s)
			}
		case s == p.compute:
			// Every customer gets compute from its archetype.
		default:
			for r := range nreg {
				if !s.in(r) {
					continue
				}
				if s.role.soft {
					p.softs[r] = append(p.softs[r], s)
				} else if s.role.app {
					p.apps[r] = append(p.apps[r], s)
				}
			}
		}
	}
	return p
}

// appendFlowList appends "[a, b, c]".
func appendFlowList(b []byte, items []string) []byte {
	b = append(b, '[')
	for i, it := range items {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, it...)
	}
	return append(b, ']')
}

func (w *world) writeProviders(out io.Writer) error {
	b := []byte("version: 1\n")
	if w.opts.Availability {
		b = append(b, DefaultAvailability...)
	}
	b = append(b, "providers:\n"...)
	for _, p := range w.providers {
		b = append(b, "  - id: "...)
		b = append(b, p.id...)
		b = append(b, "\n    name: "...)
		b = append(b, p.name...)
		b = append(b, "\n    regions:\n"...)
		for _, r := range p.regions {
			b = append(b, "      - id: "...)
			b = append(b, r.id...)
			b = append(b, "\n        name: "...)
			b = append(b, r.name...)
			b = append(b, "\n        zones: "...)
			b = appendFlowList(b, r.zones)
			b = append(b, '\n')
		}
		b = append(b, "    services:\n"...)
		for _, s := range p.services {
			b = append(b, "      - id: "...)
			b = append(b, s.id...)
			b = append(b, '\n')
			if s.role.scope != "regional" {
				b = append(b, "        scope: "...)
				b = append(b, s.role.scope...)
				b = append(b, '\n')
			}
			if s.avail != nil {
				var regs []string
				for r, ok := range s.avail {
					if ok {
						regs = append(regs, p.regions[r].id)
					}
				}
				b = append(b, "        regions: "...)
				b = appendFlowList(b, regs)
				b = append(b, '\n')
			}
			if len(s.deps) > 0 {
				b = append(b, "        depends_on: "...)
				b = appendFlowList(b, s.deps)
				b = append(b, '\n')
			}
		}
	}
	_, err := out.Write(b)
	return err
}

func (w *world) writeScenarios(out io.Writer) error {
	p := w.providers[0]
	r0 := p.regions[0]
	type scenario struct{ id, name, fail, degrade string }
	sc := []scenario{
		{id: p.id + "-" + r0.id + "-outage", name: p.name + " " + r0.id + " region outage", fail: r0.ref},
		{id: p.id + "-" + r0.zones[1] + "-outage", name: p.name + " zone " + r0.zones[1] + " outage", fail: r0.zoneRefs[1]},
		{id: p.id + "-" + p.byRole[roleIAM].id + "-degraded", name: p.name + " " + p.byRole[roleIAM].id + " degraded", degrade: p.byRole[roleIAM].ref},
		{id: p.id + "-" + r0.id + "-network-congestion", name: p.name + " " + r0.id + " internal network congestion",
			fail: p.byRole[roleNetwork].at[0], degrade: p.byRole[roleIAM].ref},
		{id: p.id + "-" + p.byRole["kv-db"].id + "-" + r0.id + "-outage", name: p.name + " " + p.byRole["kv-db"].id + " outage in " + r0.id,
			fail: p.byRole["kv-db"].at[0]},
	}
	if len(w.providers) > 1 {
		q := w.providers[1]
		sc = append(sc,
			scenario{id: q.id + "-" + q.regions[0].id + "-outage", name: q.name + " " + q.regions[0].id + " region outage", fail: q.regions[0].ref},
			scenario{id: p.id + "-and-" + q.id + "-first-regions-outage", name: "first regions of " + p.id + " and " + q.id + " down",
				fail: r0.ref + ", " + q.regions[0].ref},
		)
	}
	sc = append(sc, scenario{id: p.id + "-global-outage", name: p.name + " entirely down", fail: p.id})
	b := []byte("version: 1\nscenarios:\n")
	for _, s := range sc {
		b = append(b, "  - id: "...)
		b = append(b, s.id...)
		b = append(b, "\n    name: "...)
		b = append(b, s.name...)
		if s.fail != "" {
			b = append(b, "\n    fail: ["...)
			b = append(b, s.fail...)
			b = append(b, ']')
		}
		if s.degrade != "" {
			b = append(b, "\n    degrade: ["...)
			b = append(b, s.degrade...)
			b = append(b, ']')
		}
		b = append(b, '\n')
	}
	_, err := out.Write(b)
	return err
}

func (w *world) writePolicies(out io.Writer) error {
	_, err := io.WriteString(out, `version: 1
policies:
  - id: critical-survives-any-region
    select: {tier: critical}
    survive: region
    allow: degraded
  - id: region-blast-radius-cap
    max_down_share: {scope: region, share: 0.30}
`)
	return err
}

// writeCustomers writes the file holding customers lo ≤ i < hi.
func (w *world) writeCustomers(out io.Writer, lo, hi int) error {
	g := &custGen{w: w, pcg: rand.NewPCG(0, 0)}
	g.rng = rand.New(g.pcg)
	b := make([]byte, 0, 64<<10)
	b = append(b, "version: 1\ncustomers:\n"...)
	for i := lo; i < hi; i++ {
		b = g.appendCustomer(b, i)
		if len(b) > 60<<10 {
			if _, err := out.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	_, err := out.Write(b)
	return err
}

// custGen generates customers; it is reused from one customer to the next.
type custGen struct {
	w    *world
	pcg  *rand.PCG
	rng  *rand.Rand
	used []bool // services of the current provider already depended on
	b    []byte
	n    int // dependency entries written for the current customer
}

const entryPrefix = "      - "

func (g *custGen) hard(ref string) {
	g.b = append(g.b, entryPrefix...)
	g.b = append(g.b, ref...)
	g.b = append(g.b, '\n')
	g.n++
}

func (g *custGen) soft(ref string) {
	g.b = append(g.b, entryPrefix+"{ref: "...)
	g.b = append(g.b, ref...)
	g.b = append(g.b, ", impact: degraded}\n"...)
	g.n++
}

// skewed returns a number in [0, n) biased towards 0, so that the first
// providers and regions carry most customers.
func (g *custGen) skewed(n int) int {
	u := g.rng.Float64()
	return min(int(float64(n)*u*u), n-1)
}

// other returns a number in [0, n) different from every number in not,
// which must leave at least one choice.
func (g *custGen) other(n int, not ...int) int {
	for {
		k := g.rng.IntN(n)
		ok := true
		for _, x := range not {
			ok = ok && k != x
		}
		if ok {
			return k
		}
	}
}

// pickApp returns an unused app service of p offered in region r and in
// every region of also, or nil.
func (g *custGen) pickApp(p *wProvider, r int, also ...int) *wService {
	pool := p.apps[r]
	for range 6 {
		s := pool[g.rng.IntN(len(pool))]
		if g.used[s.idx] {
			continue
		}
		ok := true
		for _, a := range also {
			ok = ok && s.in(a)
		}
		if ok {
			g.used[s.idx] = true
			return s
		}
	}
	return nil
}

// instance returns a ref to s in region r: usually the region, for a zonal
// service sometimes one of its zones.
func (g *custGen) instance(s *wService, r int) string {
	if s.atZ != nil && g.rng.IntN(3) == 0 {
		zs := s.atZ[r]
		return zs[g.rng.IntN(len(zs))]
	}
	return s.at[r]
}

// allOf appends a block-style all_of member of an any_of at indent 10.
func (g *custGen) allOf(refs ...string) {
	g.b = append(g.b, "          - all_of: "...)
	g.b = appendFlowList(g.b, refs)
	g.b = append(g.b, '\n')
}

func (g *custGen) appendCustomer(b []byte, i int) []byte {
	w := g.w
	g.pcg.Seed(w.custSeed, mix(uint64(i)))
	rng := g.rng
	g.b, g.n = b, 0

	g.b = append(g.b, "  - id: "...)
	g.b = appendCustomerID(g.b, i, w.idWidth)
	if rng.IntN(2) == 0 {
		g.b = append(g.b, "\n    name: "...)
		g.b = append(g.b, nameWords1[rng.IntN(len(nameWords1))]...)
		g.b = append(g.b, ' ')
		g.b = append(g.b, nameWords2[rng.IntN(len(nameWords2))]...)
	}
	g.b = append(g.b, "\n    tags: {tier: "...)
	if rng.IntN(5) == 0 {
		g.b = append(g.b, "critical"...)
	} else {
		g.b = append(g.b, "standard"...)
	}
	g.b = append(g.b, ", sector: "...)
	g.b = append(g.b, sectors[rng.IntN(len(sectors))]...)
	g.b = append(g.b, '}')
	switch u := rng.IntN(20); {
	case u == 0:
		// default weight 1
	case u < 4:
		g.b = append(g.b, "\n    weight: "...)
		g.b = strconv.AppendFloat(g.b, float64(1+rng.IntN(10000))/100, 'f', -1, 64)
	default:
		x := rng.Float64()
		g.b = append(g.b, "\n    weight: "...)
		g.b = strconv.AppendInt(g.b, int64(1+999*x*x*x), 10)
	}
	g.b = append(g.b, "\n    depends_on:\n"...)
	u := rng.Float64()

	target := 2 + min(int(9*u*u*u), 8) // 2–10 entries, mostly few
	if i > 0 && rng.IntN(20) == 0 {
		if rng.IntN(3) == 0 {
			g.b = append(g.b, entryPrefix+"{ref: "...)
			g.b = appendCustomerID(g.b, rng.IntN(i), w.idWidth)
			g.b = append(g.b, ", impact: degraded}\n"...)
		} else {
			g.b = append(g.b, entryPrefix...)
			g.b = appendCustomerID(g.b, rng.IntN(i), w.idWidth)
			g.b = append(g.b, '\n')
		}
		g.n++
	}

	p := w.providers[g.skewed(len(w.providers))]
	if cap(g.used) < len(p.services) {
		g.used = make([]bool, len(p.services))
	}
	g.used = g.used[:len(p.services)]
	clear(g.used)
	nreg := len(p.regions)
	r := g.skewed(nreg)
	reg := p.regions[r]
	g.used[p.compute.idx] = true

	switch u := rng.IntN(100); {
	case u < 9 && nreg >= 2: // active-active over 2 or 3 regions
		rs := []int{r, g.other(nreg, r)}
		if nreg >= 3 && rng.IntN(2) == 0 {
			rs = append(rs, g.other(nreg, rs...))
		}
		svcs := []*wService{p.compute}
		for range 1 + rng.IntN(4)/3 {
			if s := g.pickApp(p, r, rs[1:]...); s != nil {
				svcs = append(svcs, s)
			}
		}
		g.b = append(g.b, entryPrefix+"any_of:\n"...)
		refs := make([]string, len(svcs))
		for _, rr := range rs {
			for k, s := range svcs {
				refs[k] = s.at[rr]
			}
			g.allOf(refs...)
		}
		g.n++
	case u < 16 && nreg >= 3: // quorum 2 of 3 regions, plus compute at home
		r1 := g.other(nreg, r)
		r2 := g.other(nreg, r, r1)
		g.hard(p.compute.at[r])
		if s := g.pickApp(p, r, r1, r2); s != nil {
			g.b = append(g.b, entryPrefix+"quorum: 2\n        of: "...)
			g.b = appendFlowList(g.b, []string{s.at[r], s.at[r1], s.at[r2]})
			g.b = append(g.b, '\n')
			g.n++
		}
	case u < 27 && len(reg.zones) >= 3: // zone-redundant compute and storage
		zs := rng.Perm(len(reg.zones))[:3]
		c, d := p.compute.atZ[r], p.block.atZ[r]
		g.b = append(g.b, entryPrefix+"any_of: "...)
		g.b = appendFlowList(g.b, []string{c[zs[0]], c[zs[1]], c[zs[2]]})
		g.b = append(g.b, '\n')
		g.n++
		if rng.IntN(2) == 0 {
			g.used[p.block.idx] = true
			g.b = append(g.b, entryPrefix+"quorum: 2\n        of: "...)
			g.b = appendFlowList(g.b, []string{d[zs[0]], d[zs[1]], d[zs[2]]})
			g.b = append(g.b, '\n')
			g.n++
		}
	case u < 31 && len(w.providers) >= 2: // multi-cloud failover
		q := w.providers[g.other(len(w.providers), p.idx)]
		qr := g.skewed(len(q.regions))
		a := []string{p.compute.at[r]}
		if s := g.pickApp(p, r); s != nil {
			a = append(a, s.at[r])
		}
		bq := []string{q.compute.at[qr], q.apps[qr][g.rng.IntN(len(q.apps[qr]))].at[qr]}
		g.b = append(g.b, entryPrefix+"any_of:\n"...)
		g.allOf(a...)
		g.allOf(bq...)
		g.n++
	default: // single region, single zone or the regional view
		if rng.IntN(3) == 0 {
			zs := p.compute.atZ[r]
			g.hard(zs[rng.IntN(len(zs))])
		} else {
			g.hard(p.compute.at[r])
		}
	}

	for tries := 0; g.n < target && tries < 20; tries++ {
		switch u := rng.IntN(10); {
		case u < 6:
			if s := g.pickApp(p, r); s != nil {
				g.hard(g.instance(s, r))
			}
		case u < 8:
			if softs := p.softs[r]; len(softs) > 0 {
				s := softs[rng.IntN(len(softs))]
				if !g.used[s.idx] {
					g.used[s.idx] = true
					g.soft(s.at[r])
				}
			}
		default:
			s := p.globals[rng.IntN(len(p.globals))]
			if !g.used[s.idx] {
				g.used[s.idx] = true
				if s.role.soft || rng.IntN(3) == 0 {
					g.soft(s.ref)
				} else {
					g.hard(s.ref)
				}
			}
		}
	}
	for _, s := range p.apps[r] {
		if g.n >= 2 {
			break
		}
		if !g.used[s.idx] {
			g.used[s.idx] = true
			g.hard(s.at[r])
		}
	}
	return g.b
}
