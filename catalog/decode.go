package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fragment is what one catalog file declares.
type fragment struct {
	file         string
	hasVersion   bool // the file has a version key, valid or not
	providers    []*Provider
	customers    []*Customer
	scenarios    []*Scenario
	policies     []*Policy
	lint         []RuleRef
	includes     []Reference
	availability []RefAvailability
	defaults     []kindDefault
	bundled      bool // a file of a bundled model
	errs         ErrorList
	broken       bool // the YAML did not parse, or is not a map
}

// decoder turns the YAML nodes of one file into model values, collecting
// every error with its position.
type decoder struct {
	frag   *fragment
	visits int // nodes left to visit; bounds alias expansion
	// Entries and customers are carved from slabs: a file of ten thousand
	// customers holds some fifty thousand entries.
	entries   slab[Dep]
	customers slab[Customer]
}

// newDecoder makes the decoder of a file of size bytes.
func newDecoder(f *fragment, size int) *decoder {
	return &decoder{frag: f, visits: 16*size + 4096, entries: slab[Dep]{chunk: 512}, customers: slab[Customer]{chunk: 128}}
}

// decodeFile parses one file. It never panics: a parser failure becomes an
// error at the start of the file.
func decodeFile(name string, data []byte) (f *fragment) {
	f = &fragment{file: name}
	d := newDecoder(f, len(data))
	defer func() {
		if r := recover(); r != nil {
			f.errs = append(f.errs, &Error{Pos: Pos{name, 1, 1}, Msg: fmt.Sprintf("cannot parse YAML: %v", r)})
			f.broken = true
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return f
		}
		if err != nil {
			f.errs = append(f.errs, syntaxError(name, data, err))
			f.broken = true
			return f
		}
		if len(doc.Content) == 1 {
			d.document(doc.Content[0])
		}
	}
}

// syntaxError converts a yaml.v3 parse error, which carries a line but no
// column, into an Error. An error without a line is about the bytes
// themselves (control characters, bad UTF-8): it is placed at the first
// such byte.
func syntaxError(file string, data []byte, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, perr := strconv.Atoi(rest[:i]); perr == nil && n > 0 {
				return &Error{Pos: Pos{file, int32(n), 1}, Msg: "invalid YAML: " + rest[i+2:]}
			}
		}
	}
	line, col := badByte(data)
	return &Error{Pos: Pos{file, line, col}, Msg: "invalid YAML: " + msg}
}

// badByte finds the first control character or invalid UTF-8 in data, or
// returns 1:1.
func badByte(data []byte) (line, col int32) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		switch {
		case r == utf8.RuneError && size == 1, r != '\n' && r != '\t' && r != '\r' && unicode.IsControl(r):
			return line, col
		case r == '\n':
			line, col = line+1, 1
		default:
			col++
		}
		data = data[size:]
	}
	return 1, 1
}

func (d *decoder) pos(n *yaml.Node) Pos {
	return Pos{d.frag.file, int32(n.Line), int32(n.Column)}
}

func (d *decoder) errorf(n *yaml.Node, hint, format string, args ...any) {
	d.frag.errs = append(d.frag.errs, &Error{Pos: d.pos(n), Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// node follows aliases and charges the visit budget; it returns nil once
// the budget is spent, which stops a document of nested aliases ("billion
// laughs") from expanding without bound.
func (d *decoder) node(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	d.visits--
	if d.visits == 0 {
		d.errorf(n, "", "document expands too many aliases")
	}
	if d.visits <= 0 {
		return nil
	}
	return n
}

// describe names what a node holds, for "expected X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.ShortTag() {
	case "!!null":
		return "nothing"
	case "!!str":
		return fmt.Sprintf("the string %q", n.Value)
	case "!!bool":
		return "the boolean " + n.Value
	}
	return n.Value
}

// fields checks that n is a map whose keys are all known and returns the
// value of each key present. It returns nil when n is not a map.
func (d *decoder) fields(n *yaml.Node, what string, known ...string) *keyed {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "", "%s must be a map, got %s", what, describe(n))
		return nil
	}
	m := &keyed{known: known}
	var unknown map[string]*yaml.Node // keys not known, to find their duplicates
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.node(n.Content[i]), d.node(n.Content[i+1])
		if k == nil || v == nil {
			return nil
		}
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "", "a key in %s must be a string, got %s", what, describe(k))
			continue
		}
		if k.ShortTag() == "!!merge" {
			d.errorf(k, "repeat the keys instead", "merge keys (<<) are not supported")
			continue
		}
		j := slices.Index(known, k.Value)
		first := unknown[k.Value]
		if j >= 0 {
			first = m.keys[j]
		}
		switch {
		case first != nil:
			d.errorf(k, "", "duplicate key %q in %s (first at line %d)", k.Value, what, first.Line)
		case j < 0:
			if unknown == nil {
				unknown = map[string]*yaml.Node{}
			}
			unknown[k.Value] = k
			d.errorf(k, keyHint(k.Value, known), "unknown key %q in %s", k.Value, what)
		default:
			m.keys[j], m.vals[j] = k, v
		}
	}
	return m
}

// maxKeys is the most keys a map of the format knows.
const maxKeys = 10

// keyed holds the keys and values of a map that fields checked: those of
// known[i] at i.
type keyed struct {
	known []string
	keys  [maxKeys]*yaml.Node
	vals  [maxKeys]*yaml.Node
}

// get returns the value of a known key, or nil when the map lacks it (or
// m is nil: no map).
func (m *keyed) get(key string) *yaml.Node {
	if m == nil {
		return nil
	}
	if i := slices.Index(m.known, key); i >= 0 {
		return m.vals[i]
	}
	return nil
}

// keyHint suggests the closest known key, or lists them all.
func keyHint(key string, known []string) string {
	if s := closest(key, known); s != "" {
		return didYouMean(s)
	}
	return "expected one of: " + strings.Join(known, ", ")
}

// list returns the items of a sequence, or nil after reporting an error.
func (d *decoder) list(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "", "%s must be a list, got %s", what, describe(n))
		return nil
	}
	items := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if c = d.node(c); c == nil {
			return nil
		}
		items = append(items, c)
	}
	return items
}

// str returns a scalar's text; ok is false after reporting an error.
func (d *decoder) str(n *yaml.Node, what string) (s string, ok bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		d.errorf(n, "", "%s must be a string, got %s", what, describe(n))
		return "", false
	}
	if strings.IndexFunc(n.Value, unicode.IsControl) >= 0 {
		d.errorf(n, "", "%s must not contain control characters or line breaks, got %s", what, strconv.Quote(n.Value))
		return "", false
	}
	return n.Value, true
}

// id returns a valid id, or "" after reporting an error.
func (d *decoder) id(m *keyed, parent *yaml.Node, what string) string {
	n := m.get("id")
	if n == nil {
		d.errorf(parent, "", "%s has no id", what)
		return ""
	}
	s, ok := d.str(n, what+" id")
	if !ok {
		return ""
	}
	if why := validID(s); why != "" {
		d.errorf(n, "", "%s id %q %s", what, s, why)
		return ""
	}
	return s
}

// optStr returns the string at key, or "" when it is absent or invalid.
func (d *decoder) optStr(m *keyed, key, what string) string {
	if n := m.get(key); n != nil {
		s, _ := d.str(n, what)
		return s
	}
	return ""
}

// number returns a finite float; ok is false after reporting an error.
func (d *decoder) number(n *yaml.Node, what string) (f float64, ok bool) {
	tag := n.ShortTag()
	if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") {
		d.errorf(n, "", "%s must be a number, got %s", what, describe(n))
		return 0, false
	}
	if err := n.Decode(&f); err != nil {
		d.errorf(n, "", "%s must be a number, got %s", what, describe(n))
		return 0, false
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		d.errorf(n, "", "%s must be finite, got %s", what, n.Value)
		return 0, false
	}
	return f, true
}

// integer returns an int; ok is false after reporting an error.
func (d *decoder) integer(n *yaml.Node, what string) (i int, ok bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&i) != nil {
		d.errorf(n, "", "%s must be an integer, got %s", what, describe(n))
		return 0, false
	}
	return i, true
}

// stringMap decodes a map of string to string, such as tags or a selector.
func (d *decoder) stringMap(n *yaml.Node, what string) map[string]string {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "", "%s must be a map of strings, got %s", what, describe(n))
		return nil
	}
	out := make(map[string]string, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.node(n.Content[i]), d.node(n.Content[i+1])
		if k == nil || v == nil {
			return out
		}
		key, ok := d.str(k, what+" key")
		if !ok {
			continue
		}
		if _, dup := out[key]; dup {
			d.errorf(k, "", "duplicate key %q in %s", key, what)
			continue
		}
		if val, ok := d.str(v, fmt.Sprintf("%s %q", what, key)); ok {
			out[key] = val
		}
	}
	return out
}

// document decodes one top-level map.
func (d *decoder) document(n *yaml.Node) {
	if n = d.node(n); n == nil {
		return
	}
	m := d.fields(n, "the catalog", "version", "include", "providers", "customers", "scenarios", "policies", "lint", "availability", "defaults")
	if m == nil {
		d.frag.broken = true
		return
	}
	if v := m.get("version"); v != nil {
		d.frag.hasVersion = true
		if i, ok := d.integer(v, "version"); ok && i != 1 {
			d.errorf(v, "this blastradius reads catalog format version 1", "unsupported version %d", i)
		}
	}
	f := d.frag
	f.includes = append(f.includes, d.refs(m.get("include"), "include")...)
	each(d, m.get("providers"), "providers", func(n *yaml.Node) { f.providers = appendNonNil(f.providers, d.provider(n)) })
	each(d, m.get("customers"), "customers", func(n *yaml.Node) { f.customers = appendNonNil(f.customers, d.customer(n)) })
	each(d, m.get("scenarios"), "scenarios", func(n *yaml.Node) { f.scenarios = appendNonNil(f.scenarios, d.scenario(n)) })
	each(d, m.get("policies"), "policies", func(n *yaml.Node) { f.policies = appendNonNil(f.policies, d.policy(n)) })
	if v := m.get("lint"); v != nil {
		d.lint(v)
	}
	if v := m.get("availability"); v != nil {
		d.availabilitySection(v)
	}
	if v := m.get("defaults"); v != nil {
		d.defaults(v)
	}
}

// lint decodes a lint section: lint: {disable: [rule, ...]}. Every rule
// must be known; naming one twice is harmless.
func (d *decoder) lint(n *yaml.Node) {
	m := d.fields(n, "lint", "disable")
	v := m.get("disable")
	if v == nil {
		return
	}
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" {
		d.errorf(v, fmt.Sprintf("write disable: [%s]", v.Value), "disable must be a list, got %s", describe(v))
		return
	}
	each(d, v, "disable", func(n *yaml.Node) {
		id, ok := d.str(n, "a lint rule id")
		if !ok {
			return
		}
		if _, err := LookupLintRule(id); err != nil {
			d.errorf(n, lintRuleHint(id), "unknown lint rule %q", id)
			return
		}
		d.frag.lint = append(d.frag.lint, RuleRef{ID: id, Pos: d.pos(n)})
	})
}

// each calls fn for every item of the list n, if n is present.
func each(d *decoder, n *yaml.Node, what string, fn func(*yaml.Node)) {
	if n == nil {
		return
	}
	for _, item := range d.list(n, what) {
		fn(item)
	}
}

func appendNonNil[T any](s []*T, v *T) []*T {
	if v == nil {
		return s
	}
	return append(s, v)
}

func (d *decoder) provider(n *yaml.Node) *Provider {
	m := d.fields(n, "a provider", providerKeys...)
	if m == nil {
		return nil
	}
	p := &Provider{ID: d.id(m, n, "provider"), Name: d.optStr(m, "name", "provider name"), Availability: d.availability(m), Provenance: d.provenance(m), Pos: d.pos(n)}
	each(d, m.get("regions"), "regions", func(n *yaml.Node) { p.Regions = appendNonNil(p.Regions, d.region(n)) })
	each(d, m.get("services"), "services", func(n *yaml.Node) { p.Services = appendNonNil(p.Services, d.service(n)) })
	if p.ID == "" {
		return nil
	}
	return p
}

func (d *decoder) region(n *yaml.Node) *Region {
	m := d.fields(n, "a region", regionKeys...)
	if m == nil {
		return nil
	}
	r := &Region{ID: d.id(m, n, "region"), Name: d.optStr(m, "name", "region name"), Availability: d.availability(m), Provenance: d.provenance(m), Pos: d.pos(n)}
	each(d, m.get("zones"), "zones", func(z *yaml.Node) {
		s, ok := d.str(z, "zone id")
		if !ok {
			return
		}
		if why := validID(s); why != "" {
			d.errorf(z, "", "zone id %q %s", s, why)
			return
		}
		r.Zones = append(r.Zones, Zone{ID: s, Pos: d.pos(z)})
	})
	if r.ID == "" {
		return nil
	}
	return r
}

var scopes = map[string]Scope{"regional": Regional, "zonal": Zonal, "global": Global}

func (d *decoder) service(n *yaml.Node) *Service {
	m := d.fields(n, "a service", serviceKeys...)
	if m == nil {
		return nil
	}
	s := &Service{ID: d.id(m, n, "service"), Name: d.optStr(m, "name", "service name"), Availability: d.availability(m), Provenance: d.provenance(m), Pos: d.pos(n)}
	if v := m.get("scope"); v != nil {
		if name, ok := d.str(v, "scope"); ok {
			sc, known := scopes[name]
			if !known {
				d.errorf(v, keyHint(name, []string{"zonal", "regional", "global"}), "unknown scope %q", name)
			}
			s.Scope = sc
		}
	}
	s.Regions = d.refs(m.get("regions"), "regions")
	if v := m.get("regions"); v != nil && entries(v) == 0 {
		d.errorf(v, "leave regions out to run in every region", "regions is empty")
	}
	s.DependsOn = d.deps(m.get("depends_on"))
	if s.ID == "" {
		return nil
	}
	return s
}

func (d *decoder) customer(n *yaml.Node) *Customer {
	m := d.fields(n, "a customer", customerKeys...)
	if m == nil {
		return nil
	}
	c := d.customers.next()
	*c = Customer{ID: d.id(m, n, "customer"), Name: d.optStr(m, "name", "customer name"), Weight: 1, Availability: d.availability(m), Provenance: d.provenance(m), Pos: d.pos(n)}
	if v := m.get("tags"); v != nil {
		c.Tags = d.stringMap(v, "tags")
	}
	if v := m.get("weight"); v != nil {
		if w, ok := d.number(v, "weight"); ok {
			if w < 0 {
				d.errorf(v, "", "weight must not be negative, got %s", v.Value)
			}
			c.Weight = w
		}
	}
	c.DependsOn = d.deps(m.get("depends_on"))
	if c.ID == "" {
		return nil
	}
	return c
}

// refs decodes a list of refs (or ids), such as a scenario's fail list.
func (d *decoder) refs(n *yaml.Node, what string) []Reference {
	var out []Reference
	each(d, n, what, func(n *yaml.Node) {
		if s, ok := d.str(n, "an entry of "+what); ok {
			if s == "" {
				d.errorf(n, "", "an entry of %s is empty", what)
				return
			}
			out = append(out, Reference{Ref: s, Pos: d.pos(n)})
		}
	})
	return out
}

// deps decodes a depends_on list.
func (d *decoder) deps(n *yaml.Node) []*Dep {
	var out []*Dep
	each(d, n, "depends_on", func(n *yaml.Node) { out = appendNonNil(out, d.dep(n)) })
	return out
}

var depOps = []string{"ref", "all_of", "any_of", "quorum"}

// dep decodes one dependency entry: a ref string or a map.
func (d *decoder) dep(n *yaml.Node) *Dep {
	if n.Kind == yaml.ScalarNode {
		s, ok := d.str(n, "a dependency")
		if !ok {
			return nil
		}
		if s == "" {
			d.errorf(n, "", "a dependency ref is empty")
			return nil
		}
		dep := d.entries.next()
		*dep = Dep{Op: OpRef, Ref: s, Pos: d.pos(n)}
		return dep
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "", "a dependency must be a ref or a map, got %s", describe(n))
		return nil
	}
	m := d.fields(n, "a dependency entry", entryKeys...)
	if m == nil {
		return nil
	}
	dep := d.entries.next()
	*dep = Dep{Pos: d.pos(n), Provenance: d.provenance(m)}
	if v := m.get("impact"); v != nil {
		dep.Soft = d.state(v, "impact") == Degraded
	}
	if v := m.get("when"); v != nil {
		dep.WhenDown = d.state(v, "when") == Down
	}
	if v := m.get("regions"); v != nil {
		dep.Regions = d.refs(v, "regions")
		if entries(v) == 0 {
			d.errorf(v, "leave regions out for an entry of every instance", "regions is empty")
		}
	}
	var ops []string
	for _, op := range depOps {
		if m.get(op) != nil {
			ops = append(ops, op)
		}
	}
	switch len(ops) {
	case 0:
		if m.get("of") != nil {
			d.errorf(m.get("of"), "add quorum: K, the number of members needed", "of needs quorum")
		} else {
			d.errorf(n, "", "a dependency entry needs one of ref, all_of, any_of or quorum")
		}
		return nil
	case 1:
	default:
		d.errorf(n, "", "a dependency entry takes exactly one of ref, all_of, any_of or quorum; this one has %s", strings.Join(ops, " and "))
		return nil
	}
	if ops[0] != "quorum" && m.get("of") != nil {
		d.errorf(m.get("of"), "use quorum: K with of, or list the members under "+ops[0], "of belongs with quorum")
		return nil
	}
	switch ops[0] {
	case "ref":
		s, ok := d.str(m.get("ref"), "ref")
		if !ok {
			return nil
		}
		if s == "" {
			d.errorf(m.get("ref"), "", "a dependency ref is empty")
			return nil
		}
		dep.Op, dep.Ref = OpRef, s
	case "all_of", "any_of":
		dep.Op = OpAllOf
		if ops[0] == "any_of" {
			dep.Op = OpAnyOf
		}
		if !d.group(dep, m.get(ops[0]), ops[0]) {
			return nil
		}
	case "quorum":
		return d.quorum(dep, n, m)
	}
	return dep
}

// group decodes the members of an all_of, any_of or quorum list.
func (d *decoder) group(dep *Dep, n *yaml.Node, what string) bool {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "", "%s must be a list, got %s", what, describe(n))
		return false
	}
	if len(n.Content) == 0 {
		d.errorf(n, "", "%s is empty; a group needs at least one member", what)
		return false
	}
	dep.Members = d.deps(n)
	for _, m := range dep.Members {
		if len(m.Regions) > 0 {
			d.errorf(n, "put regions on the entry that holds the group", "regions limits a top-level entry of depends_on, not a member of %s", what)
			break
		}
	}
	return len(dep.Members) > 0
}

func (d *decoder) quorum(dep *Dep, n *yaml.Node, m *keyed) *Dep {
	dep.Op = OpQuorum
	k, kok := d.integer(m.get("quorum"), "quorum")
	of := m.get("of")
	if of == nil {
		d.errorf(n, "list the members under of", "quorum needs of")
		return nil
	}
	if !d.group(dep, of, "of") || !kok {
		return nil
	}
	switch {
	case k < 1:
		d.errorf(m.get("quorum"), "", "quorum must be at least 1, got %d", k)
		return nil
	case k > len(of.Content):
		d.errorf(m.get("quorum"), "", "quorum %d exceeds the %d members of its group", k, len(of.Content))
		return nil
	}
	dep.Quorum = k
	return dep
}

var states = map[string]State{"down": Down, "degraded": Degraded}

// state decodes the value of impact or when: down or degraded.
func (d *decoder) state(n *yaml.Node, what string) State {
	s, ok := d.str(n, what)
	if !ok {
		return Down
	}
	st, known := states[s]
	if !known {
		d.errorf(n, keyHint(s, []string{"down", "degraded"}), "unknown %s %q", what, s)
		return Down
	}
	return st
}

// withProvenance adds the provenance keys to the known keys of a map.
func withProvenance(known ...string) []string { return append(known, "source", "confidence") }

// The keys of each map of the format, made once: the decoder checks them
// for every customer and entry.
var (
	providerKeys = withProvenance("id", "name", "regions", "services", "availability", "failures")
	regionKeys   = withProvenance("id", "name", "zones", "availability", "failures")
	serviceKeys  = withProvenance("id", "name", "scope", "regions", "depends_on", "availability", "failures")
	customerKeys = withProvenance("id", "name", "tags", "weight", "depends_on", "availability", "failures")
	entryKeys    = withProvenance("ref", "all_of", "any_of", "quorum", "of", "impact", "when", "regions")
	scenarioKeys = withProvenance("id", "name", "fail", "degrade", "expect")
	policyKeys   = withProvenance("id", "name", "select", "survive", "allow", "max_down_share", "min_availability")
)

var confidences = map[string]Confidence{"fact": Fact, "inferred": Inferred, "guess": Guess}

// provenance decodes source (a string or a list of strings) and confidence
// (fact, inferred or guess) from a map.
func (d *decoder) provenance(m *keyed) Provenance {
	var p Provenance
	if v := m.get("source"); v != nil {
		if v.Kind == yaml.SequenceNode {
			for _, r := range d.refs(v, "source") {
				p.Source = append(p.Source, r.Ref)
			}
			if len(v.Content) == 0 {
				d.errorf(v, "leave source out when there is none", "source is empty")
			}
		} else if s, ok := d.str(v, "source"); ok {
			if strings.TrimSpace(s) == "" {
				d.errorf(v, "leave source out when there is none", "source is empty")
			} else {
				p.Source = []string{s}
			}
		}
	}
	if v := m.get("confidence"); v != nil {
		if s, ok := d.str(v, "confidence"); ok {
			c, known := confidences[s]
			if !known {
				d.errorf(v, keyHint(s, []string{"fact", "inferred", "guess"}), "unknown confidence %q", s)
			}
			p.Confidence = c
		}
	}
	return p
}

func (d *decoder) scenario(n *yaml.Node) *Scenario {
	m := d.fields(n, "a scenario", scenarioKeys...)
	if m == nil {
		return nil
	}
	s := &Scenario{ID: d.id(m, n, "scenario"), Name: d.optStr(m, "name", "scenario name"), Provenance: d.provenance(m), Pos: d.pos(n)}
	s.Fail = d.refs(m.get("fail"), "fail")
	s.Degrade = d.refs(m.get("degrade"), "degrade")
	if v := m.get("expect"); v != nil {
		s.Expect = d.expect(v)
	}
	if entries(m.get("fail"))+entries(m.get("degrade")) == 0 {
		d.errorf(n, "list refs under fail or degrade", "scenario %q sets nothing", s.ID)
	}
	if s.ID == "" {
		return nil
	}
	return s
}

// expect decodes a scenario's expectations: the nodes it must take down,
// degrade, affect, or leave up.
func (d *decoder) expect(n *yaml.Node) *Expectation {
	m := d.fields(n, "expect", "down", "degraded", "affected", "up")
	if m == nil {
		return nil
	}
	e := &Expectation{Pos: d.pos(n), Down: d.refs(m.get("down"), "down"), Degraded: d.refs(m.get("degraded"), "degraded"),
		Affected: d.refs(m.get("affected"), "affected"), Up: d.refs(m.get("up"), "up")}
	if entries(m.get("down"))+entries(m.get("degraded"))+entries(m.get("affected"))+entries(m.get("up")) == 0 {
		d.errorf(n, "list refs under down, degraded, affected or up", "expect lists nothing")
	}
	return e
}

// entries counts the items of a list as written; a value that is not a
// list counts as one, since its error is reported already.
func entries(n *yaml.Node) int {
	switch {
	case n == nil:
		return 0
	case n.Kind == yaml.SequenceNode:
		return len(n.Content)
	}
	return 1
}

var levelNames = []string{"provider", "region", "zone", "service"}

func (d *decoder) level(n *yaml.Node, what string) Level {
	s, ok := d.str(n, what)
	if !ok {
		return ""
	}
	if !slices.Contains(levelNames, s) {
		d.errorf(n, keyHint(s, levelNames), "unknown %s %q", what, s)
		return ""
	}
	return Level(s)
}

func (d *decoder) policy(n *yaml.Node) *Policy {
	m := d.fields(n, "a policy", policyKeys...)
	if m == nil {
		return nil
	}
	p := &Policy{ID: d.id(m, n, "policy"), Name: d.optStr(m, "name", "policy name"), Allow: Degraded, Provenance: d.provenance(m), Pos: d.pos(n)}
	if v := m.get("select"); v != nil {
		p.Select = d.stringMap(v, "select")
	}
	survive, share, avail := m.get("survive"), m.get("max_down_share"), m.get("min_availability")
	switch {
	case survive != nil && share != nil:
		d.errorf(share, "write two policies", "a policy takes survive or max_down_share, not both")
	case avail != nil && (survive != nil || share != nil):
		d.errorf(avail, "write two policies", "a policy takes one of survive, max_down_share and min_availability")
	case survive == nil && share == nil && avail == nil:
		d.errorf(n, "", "policy %q needs survive, max_down_share or min_availability", p.ID)
	case survive != nil:
		p.Survive = d.level(survive, "survive level")
	case share != nil:
		p.MaxDownShare = d.shareLimit(share)
	default:
		d.minAvailability(p, avail)
	}
	if v := m.get("allow"); v != nil {
		if survive == nil {
			d.errorf(v, "", "allow belongs with survive")
		}
		if s, ok := d.str(v, "allow"); ok {
			switch s {
			case "up":
				p.Allow = Up
			case "degraded":
				p.Allow = Degraded
			default:
				d.errorf(v, "allow names the worst compliant state: up or degraded", "invalid allow %q", s)
			}
		}
	}
	if p.ID == "" {
		return nil
	}
	return p
}

func (d *decoder) shareLimit(n *yaml.Node) *ShareLimit {
	m := d.fields(n, "max_down_share", "scope", "share")
	if m == nil {
		return nil
	}
	l := &ShareLimit{}
	if v := m.get("scope"); v != nil {
		l.Level = d.level(v, "scope")
	} else {
		d.errorf(n, "", "max_down_share needs scope")
	}
	if v := m.get("share"); v != nil {
		if f, ok := d.number(v, "share"); ok {
			if f < 0 || f > 1 {
				d.errorf(v, "a share is a fraction such as 0.30", "share must be between 0 and 1, got %s", v.Value)
			}
			l.Share = f
		}
	} else {
		d.errorf(n, "", "max_down_share needs share")
	}
	return l
}
