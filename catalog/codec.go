package catalog

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"maps"
	"math"
	"slices"
	"unsafe"
)

// The compiled form of a catalog, as MarshalBinary writes it:
//
//	magic, version (uvarint), key, counts, table offset (8 bytes), body,
//	string table, CRC-32C
//
// Every string of the body is an index into the table, so the decoded
// catalog shares one copy of each; the counts let the decoder allocate
// dependency entries, customers and nodes in slabs.
const (
	codecMagic = "blastradius-catalog\x00"
	// codecVersion changes whenever the encoding, or what Load derives
	// from a catalog, changes: an entry of another version is stale.
	codecVersion = 4
)

// ErrCorrupt is returned by UnmarshalBinary for data that is not a
// compiled catalog of this version and key: truncated, damaged, foreign or
// stale.
var ErrCorrupt = errors.New("not a compiled catalog of this version")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// MarshalBinary encodes the catalog in its compiled form, which
// UnmarshalBinary decodes into an equal catalog. Equal catalogs encode to
// the same bytes.
func (c *Catalog) MarshalBinary() ([]byte, error) { return c.encode(""), nil }

// UnmarshalBinary decodes a catalog that MarshalBinary encoded. Data that
// is truncated, damaged or of another version yields ErrCorrupt. Equal tag
// maps and selectors are decoded as one shared map: like every Catalog,
// the result is read-only.
func UnmarshalBinary(data []byte) (*Catalog, error) { return decodeCompiled(data, "") }

// encode writes the compiled form of c, tagged with key. The body is
// written in place after the header, then the string table it built; the
// header's counts and table offset are filled in last.
func (c *Catalog) encode(key string) []byte {
	e := &encoder{strs: make(map[string]uint64, len(c.nodes)+len(c.Customers)), table: []string{""}}
	e.strs[""] = 0
	e.buf = make([]byte, 0, 160*len(c.nodes)+1<<16)
	e.buf = append(e.buf, codecMagic...)
	e.uint(codecVersion)
	e.buf = appendString(e.buf, key)
	header := len(e.buf)
	e.buf = append(e.buf, make([]byte, 8*headerFields)...)
	e.catalog(c)
	for k, v := range [headerFields]int{e.deps, e.ptrs, len(c.Customers), len(c.nodes), len(e.buf)} {
		binary.LittleEndian.PutUint64(e.buf[header+8*k:], uint64(v))
	}
	e.uint(uint64(len(e.table)))
	for _, s := range e.table {
		e.buf = appendString(e.buf, s)
	}
	return binary.LittleEndian.AppendUint32(e.buf, crc32.Checksum(e.buf, castagnoli))
}

// headerFields are the fixed-size fields after the key: the counts of
// dependency entries, of their list slots, of customers and of nodes, and
// the offset of the string table.
const headerFields = 5

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// encoder writes the body of a compiled catalog.
type encoder struct {
	buf    []byte
	strs   map[string]uint64 // string → index in table
	table  []string
	cust   []*Customer
	keys   []string // scratch, to sort a map's keys
	recent [1024]recentString
	deps   int // dependency entries written
	ptrs   int // entries of dependency lists written
}

func (e *encoder) uint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *encoder) int(v int64)   { e.buf = binary.AppendVarint(e.buf, v) }
func (e *encoder) byte(v uint8)  { e.buf = append(e.buf, v) }

func (e *encoder) bool(v bool) {
	if v {
		e.byte(1)
	} else {
		e.byte(0)
	}
}

func (e *encoder) float(v float64) {
	e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(v))
}

// str writes a string as its index in the table. A string met before at
// the same address (a file name in every position of the file) skips the
// map.
func (e *encoder) str(s string) {
	if len(s) == 0 {
		e.byte(0)
		return
	}
	p := unsafe.StringData(s)
	slot := &e.recent[(uintptr(unsafe.Pointer(p))>>3)%uintptr(len(e.recent))]
	if slot.p == p && slot.n == len(s) {
		e.uint(slot.i)
		return
	}
	i, ok := e.strs[s]
	if !ok {
		i = uint64(len(e.table))
		e.strs[s] = i
		e.table = append(e.table, s)
	}
	*slot = recentString{p, len(s), i}
	e.uint(i)
}

// recentString is a string the encoder met, by address.
type recentString struct {
	p *byte
	n int
	i uint64
}

// list writes a slice's length, 0 for nil and n+1 otherwise, then each item.
func list[T any](e *encoder, xs []T, item func(T)) {
	if xs == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(xs)) + 1)
	for _, x := range xs {
		item(x)
	}
}

func (e *encoder) strMap(m map[string]string) {
	if m == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(m)) + 1)
	keys := e.keys[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		e.str(k)
		e.str(m[k])
	}
	e.keys = keys
}

func (e *encoder) pos(p Pos) {
	e.str(p.File)
	e.uint(uint64(uint32(p.Line)))
	e.uint(uint64(uint32(p.Col)))
}

func (e *encoder) provenance(p Provenance) {
	list(e, p.Source, e.str)
	e.byte(uint8(p.Confidence))
}

func (e *encoder) reference(r Reference) {
	e.str(r.Ref)
	e.pos(r.Pos)
}

func (e *encoder) references(rs []Reference) { list(e, rs, e.reference) }

func (e *encoder) depList(ds []*Dep) {
	e.ptrs += len(ds)
	list(e, ds, e.dep)
}

func (e *encoder) dep(d *Dep) {
	e.deps++
	e.byte(uint8(d.Op))
	e.bool(d.Soft)
	e.bool(d.WhenDown)
	e.bool(d.Implied)
	e.str(d.Ref)
	if d.Target == d.Ref {
		e.bool(true) // resolved as written
	} else {
		e.bool(false)
		e.str(d.Target)
	}
	e.int(int64(d.Quorum))
	e.depList(d.Members)
	e.references(d.Regions)
	e.provenance(d.Provenance)
	e.pos(d.Pos)
}

func (e *encoder) catalog(c *Catalog) {
	list(e, c.Files, e.str)
	list(e, c.Providers, e.provider)
	list(e, c.Customers, e.customer)
	list(e, c.Scenarios, e.scenario)
	list(e, c.Policies, e.policy)
	list(e, c.Lint.Disable, func(r RuleRef) { e.str(r.ID); e.pos(r.Pos) })
	e.references(c.Includes)
	list(e, c.Models, e.str)
	list(e, c.Availability, func(r RefAvailability) {
		e.str(r.Ref)
		e.pos(r.RefPos)
		e.availability(&r.Availability)
	})
	for _, a := range []*Availability{c.Defaults.Provider, c.Defaults.Region, c.Defaults.Zone, c.Defaults.Service} {
		e.availability(a)
	}
	e.cust = c.Customers
	index := make(map[string]int, len(c.Customers))
	for i, cu := range c.Customers {
		index[cu.ID] = i
	}
	list(e, c.nodes, func(n *Node) { e.node(n, index) })
}

func (e *encoder) provider(p *Provider) {
	e.str(p.ID)
	e.str(p.Name)
	list(e, p.Regions, func(r *Region) {
		e.str(r.ID)
		e.str(r.Name)
		list(e, r.Zones, func(z Zone) { e.str(z.ID); e.pos(z.Pos) })
		e.availability(r.Availability)
		e.provenance(r.Provenance)
		e.pos(r.Pos)
	})
	list(e, p.Services, func(s *Service) {
		e.str(s.ID)
		e.str(s.Name)
		e.byte(uint8(s.Scope))
		e.references(s.Regions)
		e.depList(s.DependsOn)
		e.availability(s.Availability)
		e.provenance(s.Provenance)
		e.pos(s.Pos)
	})
	e.availability(p.Availability)
	e.provenance(p.Provenance)
	e.pos(p.Pos)
}

func (e *encoder) customer(c *Customer) {
	e.str(c.ID)
	e.str(c.Name)
	e.strMap(c.Tags)
	e.float(c.Weight)
	e.depList(c.DependsOn)
	e.availability(c.Availability)
	e.provenance(c.Provenance)
	e.pos(c.Pos)
}

// availability writes an optional availability.
func (e *encoder) availability(a *Availability) {
	e.bool(a != nil)
	if a != nil {
		e.float(a.Up)
		e.float(a.PerYear)
		e.float(a.HoursToRecover)
		e.provenance(a.Provenance)
		e.pos(a.Pos)
	}
}

func (e *encoder) scenario(s *Scenario) {
	e.str(s.ID)
	e.str(s.Name)
	e.references(s.Fail)
	e.references(s.Degrade)
	e.bool(s.Expect != nil)
	if x := s.Expect; x != nil {
		for _, rs := range [][]Reference{x.Down, x.Degraded, x.Affected, x.Up} {
			e.references(rs)
		}
		e.pos(x.Pos)
	}
	e.provenance(s.Provenance)
	e.pos(s.Pos)
}

func (e *encoder) policy(p *Policy) {
	e.str(p.ID)
	e.str(p.Name)
	e.strMap(p.Select)
	e.str(string(p.Survive))
	e.byte(uint8(p.Allow))
	e.bool(p.MaxDownShare != nil)
	if m := p.MaxDownShare; m != nil {
		e.str(string(m.Level))
		e.float(m.Share)
	}
	e.float(p.MinAvailability)
	e.provenance(p.Provenance)
	e.pos(p.Pos)
}

// Node tags: a customer's node is written as the customer's index, since
// everything in it comes from the customer.
const (
	nodeFull = iota
	nodeOfCustomer
)

func (e *encoder) node(n *Node, customers map[string]int) {
	if i, ok := customers[n.Ref]; ok && ofCustomer(n, e.cust[i]) {
		e.byte(nodeOfCustomer)
		e.uint(uint64(i))
		return
	}
	e.byte(nodeFull)
	e.str(n.Ref)
	e.byte(uint8(n.Kind))
	for _, s := range []string{n.Name, n.Provider, n.Region, n.Zone, n.Service} {
		e.str(s)
	}
	e.byte(uint8(n.Scope))
	e.bool(n.View)
	e.float(n.Weight)
	e.strMap(n.Tags)
	e.depList(n.Deps)
	e.pos(n.Pos)
	e.float(n.Unavailability)
}

// ofCustomer reports whether n is the node the assembler makes of c.
func ofCustomer(n *Node, c *Customer) bool {
	return n.Kind == KindCustomer && n.Ref == c.ID && n.Name == c.Name && n.Pos == c.Pos &&
		math.Float64bits(n.Weight) == math.Float64bits(c.Weight) &&
		(n.Tags == nil) == (c.Tags == nil) && maps.Equal(n.Tags, c.Tags) &&
		slices.Equal(n.Deps, c.DependsOn) && (n.Deps == nil || len(n.Deps) > 0) &&
		math.Float64bits(n.Unavailability) == math.Float64bits(c.Availability.Unavailability())
}
