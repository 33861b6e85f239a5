package catalog

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"runtime/debug"
)

// decodeCompiled decodes a compiled catalog tagged with key.
func decodeCompiled(data []byte, key string) (*Catalog, error) {
	n := len(data) - 4
	if n < len(codecMagic) || string(data[:len(codecMagic)]) != codecMagic ||
		crc32.Checksum(data[:n], castagnoli) != binary.LittleEndian.Uint32(data[n:]) {
		return nil, ErrCorrupt
	}
	r := &reader{data: data[:n], off: len(codecMagic), maps: map[string]map[string]string{}}
	if r.uint() != codecVersion || r.raw() != key || len(r.data)-r.off < 8*headerFields {
		return nil, ErrCorrupt
	}
	var h [headerFields]int
	for k := range h {
		v := binary.LittleEndian.Uint64(r.data[r.off:])
		if v > uint64(len(r.data)) { // each counted item takes a byte at least
			return nil, ErrCorrupt
		}
		h[k], r.off = int(v), r.off+8
	}
	if h[4] < r.off {
		return nil, ErrCorrupt
	}
	// Decoding makes little garbage, and a collection in the middle would
	// scan the fresh slabs, faulting in their pages twice: collection
	// waits until the catalog is whole. When loads overlap, only the
	// first one to pause collection resumes it.
	if prev := debug.SetGCPercent(-1); prev != -1 {
		defer debug.SetGCPercent(prev)
	}
	r.deps, r.ptrs, r.custs, r.nodes = make([]Dep, h[0]), make([]*Dep, h[1]), make([]Customer, h[2]), make([]Node, h[3])
	hugePages(r.deps)
	hugePages(r.ptrs)
	hugePages(r.custs)
	hugePages(r.nodes)
	body := r.off
	r.off = h[4]
	r.table()
	if r.off != len(r.data) {
		return nil, ErrCorrupt
	}
	r.data, r.off = r.data[:h[4]], body
	c := r.catalog()
	if r.err || r.off != len(r.data) {
		return nil, ErrCorrupt
	}
	c.index()
	return c, nil
}

// reader decodes a compiled catalog. After the first error it reads
// zeros, so every loop ends, and err says the data is corrupt.
type reader struct {
	data []byte
	off  int
	err  bool
	strs []string
	// Slabs the decoded values are carved from.
	deps  []Dep
	ptrs  []*Dep
	custs []Customer
	nodes []Node
	depth int                          // of the entry being read
	maps  map[string]map[string]string // the maps read, by their encoding
}

// maxDepth bounds the nesting of groups, so that damaged data cannot
// exhaust the stack.
const maxDepth = 1 << 14

func (r *reader) fail() uint64 {
	r.err = true
	r.off = len(r.data)
	return 0
}

func (r *reader) uint() uint64 {
	v, n := binary.Uvarint(r.data[r.off:])
	if n <= 0 {
		return r.fail()
	}
	r.off += n
	return v
}

func (r *reader) int() int64 {
	v, n := binary.Varint(r.data[r.off:])
	if n <= 0 {
		r.fail()
		return 0
	}
	r.off += n
	return v
}

func (r *reader) byte() uint8 {
	if r.off >= len(r.data) {
		return uint8(r.fail())
	}
	r.off++
	return r.data[r.off-1]
}

func (r *reader) bool() bool { return r.byte() != 0 }

func (r *reader) float() float64 {
	if len(r.data)-r.off < 8 {
		r.fail()
		return 0
	}
	r.off += 8
	return math.Float64frombits(binary.LittleEndian.Uint64(r.data[r.off-8:]))
}

// count reads a number of items, each of which takes at least a byte.
func (r *reader) count() int {
	v := r.uint()
	if v > uint64(len(r.data)-r.off) {
		return int(r.fail())
	}
	return int(v)
}

// raw reads a string written in place.
func (r *reader) raw() string {
	n := r.count()
	r.off += n
	return string(r.data[r.off-n : r.off])
}

// table reads the string table into one string that every entry shares.
func (r *reader) table() {
	n := r.count()
	bounds := make([]int, 0, n+1)
	var all []byte
	for range n {
		k := r.count()
		all = append(all, r.data[r.off:r.off+k]...)
		r.off += k
		bounds = append(bounds, len(all))
	}
	s := string(all)
	r.strs = make([]string, len(bounds))
	start := 0
	for i, end := range bounds {
		r.strs[i] = s[start:end]
		start = end
	}
}

func (r *reader) str() string {
	i := r.uint()
	if i >= uint64(len(r.strs)) {
		r.fail()
		return ""
	}
	return r.strs[i]
}

// length reads a list's length: -1 for nil.
func (r *reader) length() int { return r.count() - 1 }

// slice reads a list of values.
func slice[T any](r *reader, item func() T) []T {
	n := r.length()
	if n < 0 {
		return nil
	}
	out := make([]T, n)
	for i := range out {
		out[i] = item()
	}
	return out
}

// strMap reads a map of strings. Equal maps are read as one shared map:
// a million customers mostly carry a few combinations of tags.
func (r *reader) strMap() map[string]string {
	start := r.off
	n := r.length()
	if n < 0 {
		return nil
	}
	for range 2 * n {
		r.uint()
	}
	if m, ok := r.maps[string(r.data[start:r.off])]; ok {
		return m
	}
	end := r.off
	r.off = start
	r.length()
	m := make(map[string]string, n)
	for range n {
		k := r.str()
		m[k] = r.str()
	}
	r.maps[string(r.data[start:end])] = m
	return m
}

func (r *reader) pos() Pos {
	return Pos{File: r.str(), Line: int32(uint32(r.uint())), Col: int32(uint32(r.uint()))}
}

func (r *reader) provenance() Provenance {
	return Provenance{Source: slice(r, r.str), Confidence: Confidence(r.byte())}
}

func (r *reader) reference() Reference { return Reference{Ref: r.str(), Pos: r.pos()} }

func (r *reader) references() []Reference { return slice(r, r.reference) }

// depList reads a list of entries into the pointer slab.
func (r *reader) depList() []*Dep {
	n := r.length()
	if n < 0 {
		return nil
	}
	if n > len(r.ptrs) {
		r.fail()
		return nil
	}
	out := r.ptrs[:n:n]
	r.ptrs = r.ptrs[n:]
	for i := range out {
		out[i] = r.dep()
	}
	return out
}

func (r *reader) dep() *Dep {
	if len(r.deps) == 0 {
		r.fail()
		return &Dep{}
	}
	if r.depth++; r.depth > maxDepth {
		r.fail()
	}
	defer func() { r.depth-- }()
	d := &r.deps[0]
	r.deps = r.deps[1:]
	d.Op = Op(r.byte())
	d.Soft, d.WhenDown, d.Implied = r.bool(), r.bool(), r.bool()
	d.Ref = r.str()
	if d.Target = d.Ref; !r.bool() {
		d.Target = r.str()
	}
	d.Quorum = int(r.int())
	d.Members = r.depList()
	d.Regions = r.references()
	d.Provenance = r.provenance()
	d.Pos = r.pos()
	return d
}

func (r *reader) catalog() *Catalog {
	c := &Catalog{}
	c.Files = slice(r, r.str)
	c.Providers = slice(r, r.provider)
	c.Customers = slice(r, r.customer)
	c.Scenarios = slice(r, r.scenario)
	c.Policies = slice(r, r.policy)
	c.Lint.Disable = slice(r, func() RuleRef { return RuleRef{ID: r.str(), Pos: r.pos()} })
	c.Includes = r.references()
	c.Models = slice(r, r.str)
	c.Availability = slice(r, func() RefAvailability {
		ref, pos := r.str(), r.pos()
		a := r.availability()
		if a == nil {
			r.fail()
			return RefAvailability{}
		}
		return RefAvailability{Ref: ref, RefPos: pos, Availability: *a}
	})
	c.Defaults = Defaults{Provider: r.availability(), Region: r.availability(), Zone: r.availability(), Service: r.availability()}
	c.nodes = slice(r, func() *Node { return r.node(c.Customers) })
	return c
}

func (r *reader) provider() *Provider {
	p := &Provider{ID: r.str(), Name: r.str()}
	p.Regions = slice(r, func() *Region {
		g := &Region{ID: r.str(), Name: r.str()}
		g.Zones = slice(r, func() Zone { return Zone{ID: r.str(), Pos: r.pos()} })
		g.Availability = r.availability()
		g.Provenance, g.Pos = r.provenance(), r.pos()
		return g
	})
	p.Services = slice(r, func() *Service {
		s := &Service{ID: r.str(), Name: r.str(), Scope: Scope(r.byte())}
		s.Regions = r.references()
		s.DependsOn = r.depList()
		s.Availability = r.availability()
		s.Provenance, s.Pos = r.provenance(), r.pos()
		return s
	})
	p.Availability = r.availability()
	p.Provenance, p.Pos = r.provenance(), r.pos()
	return p
}

func (r *reader) customer() *Customer {
	if len(r.custs) == 0 {
		r.fail()
		return &Customer{}
	}
	c := &r.custs[0]
	r.custs = r.custs[1:]
	c.ID, c.Name = r.str(), r.str()
	c.Tags = r.strMap()
	c.Weight = r.float()
	c.DependsOn = r.depList()
	c.Availability = r.availability()
	c.Provenance, c.Pos = r.provenance(), r.pos()
	return c
}

// availability reads an optional availability.
func (r *reader) availability() *Availability {
	if !r.bool() {
		return nil
	}
	return &Availability{Up: r.float(), PerYear: r.float(), HoursToRecover: r.float(), Provenance: r.provenance(), Pos: r.pos()}
}

func (r *reader) scenario() *Scenario {
	s := &Scenario{ID: r.str(), Name: r.str()}
	s.Fail, s.Degrade = r.references(), r.references()
	if r.bool() {
		x := &Expectation{}
		x.Down, x.Degraded, x.Affected, x.Up = r.references(), r.references(), r.references(), r.references()
		x.Pos = r.pos()
		s.Expect = x
	}
	s.Provenance, s.Pos = r.provenance(), r.pos()
	return s
}

func (r *reader) policy() *Policy {
	p := &Policy{ID: r.str(), Name: r.str()}
	p.Select = r.strMap()
	p.Survive = Level(r.str())
	p.Allow = State(r.byte())
	if r.bool() {
		p.MaxDownShare = &ShareLimit{Level: Level(r.str()), Share: r.float()}
	}
	p.MinAvailability = r.float()
	p.Provenance, p.Pos = r.provenance(), r.pos()
	return p
}

func (r *reader) node(customers []*Customer) *Node {
	if len(r.nodes) == 0 {
		r.fail()
		return &Node{}
	}
	n := &r.nodes[0]
	r.nodes = r.nodes[1:]
	if r.byte() == nodeOfCustomer {
		i := r.uint()
		if i >= uint64(len(customers)) {
			r.fail()
			return n
		}
		c := customers[i]
		*n = Node{Ref: c.ID, Kind: KindCustomer, Name: c.Name, Weight: c.Weight, Tags: c.Tags, Pos: c.Pos,
			Unavailability: c.Availability.Unavailability()}
		if len(c.DependsOn) > 0 {
			n.Deps = c.DependsOn
		}
		return n
	}
	n.Ref, n.Kind = r.str(), Kind(r.byte())
	n.Name, n.Provider, n.Region, n.Zone, n.Service = r.str(), r.str(), r.str(), r.str(), r.str()
	n.Scope, n.View = Scope(r.byte()), r.bool()
	n.Weight = r.float()
	n.Tags = r.strMap()
	n.Deps = r.depList()
	n.Pos = r.pos()
	n.Unavailability = r.float()
	return n
}

// index rebuilds what a decoded catalog derives from its declarations:
// the node index and each provider's.
func (c *Catalog) index() {
	c.byRef = make(map[string]int32, len(c.nodes))
	for i, n := range c.nodes {
		c.byRef[n.Ref] = int32(i)
	}
	a := &assembler{c: c, seen: map[string]bool{}}
	c.provs = make(map[string]*provIndex, len(c.Providers))
	for _, p := range c.Providers {
		c.provs[p.ID] = a.indexProvider(p)
	}
}
