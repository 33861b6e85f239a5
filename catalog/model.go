package catalog

import (
	"fmt"
	"iter"
	"strings"
	"unicode"
)

// enumName is the name of an enumerated value: names[v], or "Type(v)" for
// a value without one.
func enumName[T ~uint8](v T, typ string, names ...string) string {
	if int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, uint8(v))
}

// Pos is a position in a catalog file. Line and Col are 1-based.
type Pos struct {
	File string
	Line int32
	Col  int32
}

// Bundled reports whether p lies in a bundled model.
func (p Pos) Bundled() bool { return strings.HasPrefix(p.File, BundledPrefix) }

// String formats p as "file:line:col".
func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// before reports whether p sorts before q: by file, then line, then column.
func (p Pos) before(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// State is the condition of a node: Up < Degraded < Down.
type State uint8

// The states, ordered from best to worst.
const (
	Up State = iota
	Degraded
	Down
)

// String returns "up", "degraded" or "down".
func (s State) String() string { return enumName(s, "State", "up", "degraded", "down") }

// MarshalText encodes s as its name.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Scope says where the instances of a service live.
type Scope uint8

// The service scopes. Regional is the default.
const (
	Regional Scope = iota // one instance per region
	Zonal                 // one instance per zone, plus a regional view per region
	Global                // a single instance
)

// String returns "regional", "zonal" or "global".
func (s Scope) String() string { return enumName(s, "Scope", "regional", "zonal", "global") }

// Level names a kind of single failure that policies and analyses range over.
type Level string

// The failure levels a policy may name.
const (
	LevelProvider Level = "provider"
	LevelRegion   Level = "region"
	LevelZone     Level = "zone"
	LevelService  Level = "service"

	// LevelCustomer ranges over customers, whose failure takes down the
	// customers that depend on them. Analyses take it; policies do not.
	LevelCustomer Level = "customer"
)

// Catalog is a loaded, validated catalog: its declarations as written, and
// every node they imply with dependencies resolved to canonical refs.
type Catalog struct {
	Files     []string // files read, in load order
	Providers []*Provider
	Customers []*Customer
	Scenarios []*Scenario
	Policies  []*Policy
	Lint      Lint // the lint rules it switches off, from every file's lint section
	// Includes are the bundled models the catalog's files include, as
	// written; Models names every model read, includes of includes too.
	Includes []Reference
	Models   []string
	// Availability gives nodes their availability by canonical ref (the
	// top-level availability section), Defaults by kind.
	Availability []RefAvailability
	Defaults     Defaults

	defaultsGiven []kindDefault // as the files give them, before checks

	nodes []*Node          // sorted by ref
	byRef map[string]int32 // ref → position in nodes
	provs map[string]*provIndex
}

// Provider is a cloud or SaaS vendor with its regions, zones and services.
type Provider struct {
	ID           string
	Name         string
	Regions      []*Region
	Services     []*Service
	Availability *Availability // nil: the default, if any
	Provenance
	Pos Pos
}

// Region is a provider's region with its availability zones.
type Region struct {
	ID           string
	Name         string
	Zones        []Zone
	Availability *Availability // nil: the default, if any
	Provenance
	Pos Pos
}

// Zone is an availability zone. Zone ids are unique within their provider.
type Zone struct {
	ID  string
	Pos Pos
}

// Service is a provider's service: a template instantiated per region,
// per zone, or once, according to its Scope.
type Service struct {
	ID        string
	Name      string
	Scope     Scope
	Regions   []Reference // the regions it is limited to; empty means all
	DependsOn []*Dep
	// Availability applies to each instance independently; nil: the
	// default, if any.
	Availability *Availability
	Provenance
	Pos Pos
}

// Customer is a consumer of services: an application, a company, a team.
type Customer struct {
	ID           string
	Name         string
	Tags         map[string]string
	Weight       float64
	DependsOn    []*Dep
	Availability *Availability // nil: never fails by itself
	Provenance
	Pos Pos
}

// Op is the operator of a dependency entry.
type Op uint8

// The dependency operators.
const (
	OpRef    Op = iota // a single ref
	OpAllOf            // every member is needed
	OpAnyOf            // one member is enough
	OpQuorum           // Quorum members are needed
)

// String returns the operator's key in a catalog: "ref", "all_of", "any_of"
// or "quorum".
func (o Op) String() string { return enumName(o, "Op", depOps...) }

// Dep is one dependency entry: a ref or a group of entries, with its impact.
type Dep struct {
	Ref     string // OpRef: the ref as written
	Target  string // OpRef: the canonical ref it resolves to
	Members []*Dep // groups
	Quorum  int    // OpQuorum: members needed
	// Regions limit an entry of a provider service to the instances in
	// those regions (a zonal instance: its zone's region); empty: all.
	Regions []Reference
	Provenance
	Pos Pos
	// The small fields come last, packed: a catalog of a million
	// customers holds millions of entries.
	Op   Op
	Soft bool // "impact: degraded": the entry can degrade its node, never take it down
	// WhenDown ("when: down") makes the entry contribute only a down
	// value: anything better counts as up. Soft applies after it.
	WhenDown bool
	Implied  bool // an edge the contract implies (zone → region, instance → location, …)
}

// Reference is a ref as written in a catalog, with its position.
type Reference struct {
	Ref string
	Pos Pos
}

// Scenario is a named set of nodes to fail or degrade.
type Scenario struct {
	ID      string
	Name    string
	Fail    []Reference
	Degrade []Reference
	Expect  *Expectation // nil: none
	Provenance
	Pos Pos
}

// Expectation is what a scenario must do: the nodes it must take down, must
// degrade, must affect (down or degraded), and must leave up. A backtest
// checks it.
type Expectation struct {
	Down, Degraded, Affected, Up []Reference
	Pos                          Pos
}

// Confidence says how sure a claim is, from the weakest: Unknown (unset),
// Guess, Inferred (follows from a primary source), Fact (a primary source
// says so).
type Confidence uint8

// The confidences, weakest first.
const (
	Unknown Confidence = iota
	Guess
	Inferred
	Fact
)

// String returns "unknown", "guess", "inferred" or "fact".
func (c Confidence) String() string {
	return enumName(c, "Confidence", "unknown", "guess", "inferred", "fact")
}

// MarshalText encodes c as its name.
func (c Confidence) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Provenance says where a claim of the catalog comes from and how sure it
// is. It never changes evaluation.
type Provenance struct {
	Source     []string // URLs or citations
	Confidence Confidence
}

// Policy is a resilience rule evaluated by a later analysis: either every
// selected customer survives each single failure at Survive level with at
// worst the Allow state, or no single failure takes down more than a share
// of the weight.
type Policy struct {
	ID           string
	Name         string
	Select       map[string]string // tag selector; empty selects every customer
	Survive      Level             // "" when the policy is a MaxDownShare
	Allow        State             // Up or Degraded
	MaxDownShare *ShareLimit
	// MinAvailability, when set, is the availability every selected
	// customer must reach in the risk analysis.
	MinAvailability float64
	Provenance
	Pos Pos
}

// ShareLimit caps the weight share that a single failure at Level may take down.
type ShareLimit struct {
	Level Level
	Share float64
}

// Kind is the kind of a node.
type Kind uint8

// The node kinds.
const (
	KindProvider Kind = iota
	KindRegion
	KindZone
	KindService
	KindCustomer
)

// String returns the kind's name as used in machine output.
func (k Kind) String() string {
	return enumName(k, "Kind", "provider", "region", "zone", "service", "customer")
}

// MarshalText encodes k as its name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Node is one vertex of the dependency graph: a provider, region, zone,
// service instance, regional view of a zonal service, or customer.
type Node struct {
	Ref      string
	Name     string // display name, if the catalog gives one
	Provider string // owning provider id; empty for customers
	Region   string // region id for regions, zones and located services
	Zone     string // zone id for zones and zonal service instances
	Service  string // service id for service nodes
	Weight   float64
	Tags     map[string]string
	Deps     []*Dep // resolved dependency entries, implied ones first
	Pos      Pos    // where it is declared
	// Unavailability is the probability that the node fails by itself,
	// from the catalog's availabilities; 0: never.
	Unavailability float64
	Kind           Kind
	Scope          Scope // service nodes: the service's scope
	View           bool  // the regional view of a zonal service
}

// Label returns the node's name, or its ref when it has none.
func (n *Node) Label() string {
	if n.Name != "" {
		return n.Name
	}
	return n.Ref
}

// Targets returns the refs of every node n depends on, through groups, in
// the order its entries name them, without repeats.
func (n *Node) Targets() []string {
	var out []string
	seen := map[string]bool{}
	var walk func(d *Dep)
	walk = func(d *Dep) {
		if d.Op == OpRef && !seen[d.Target] {
			seen[d.Target] = true
			out = append(out, d.Target)
		}
		for _, m := range d.Members {
			walk(m)
		}
	}
	for _, d := range n.Deps {
		walk(d)
	}
	return out
}

// Nodes returns every node of the catalog, sorted by ref. The slice is
// shared: do not modify it.
func (c *Catalog) Nodes() []*Node { return c.nodes }

// Node returns the node named by a canonical ref, or nil.
func (c *Catalog) Node(ref string) *Node {
	if i, ok := c.byRef[ref]; ok {
		return c.nodes[i]
	}
	return nil
}

// Index returns the position in Nodes of the node named by a canonical
// ref, or false.
func (c *Catalog) Index(ref string) (int, bool) {
	i, ok := c.byRef[ref]
	return int(i), ok
}

// LookupScenario returns the scenario with the given id. For an unknown id
// it returns an error wrapping ErrUnknownScenario that suggests the closest
// id and lists them all.
func (c *Catalog) LookupScenario(id string) (*Scenario, error) {
	return lookupID(c.Scenarios, id, (*Scenario).id, ErrUnknownScenario, "scenarios")
}

// ScenarioIDs returns the ids of the catalog's scenarios in declaration order.
func (c *Catalog) ScenarioIDs() []string { return ids(c.Scenarios, (*Scenario).id) }

// LookupPolicy returns the policy with the given id. For an unknown id it
// returns an error wrapping ErrUnknownPolicy that suggests the closest id
// and lists them all.
func (c *Catalog) LookupPolicy(id string) (*Policy, error) {
	return lookupID(c.Policies, id, (*Policy).id, ErrUnknownPolicy, "policies")
}

// PolicyIDs returns the ids of the catalog's policies in declaration order.
func (c *Catalog) PolicyIDs() []string { return ids(c.Policies, (*Policy).id) }

func (s *Scenario) id() string { return s.ID }
func (p *Policy) id() string   { return p.ID }

// find returns the item with the given id, or nil.
func find[T any](items []*T, id string, idOf func(*T) string) *T {
	for _, it := range items {
		if idOf(it) == id {
			return it
		}
	}
	return nil
}

// ids returns the ids of items in order.
func ids[T any](items []*T, idOf func(*T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = idOf(it)
	}
	return out
}

// lookupID returns the item with the given id, or an error wrapping
// sentinel that suggests the closest id and lists them all.
func lookupID[T any](items []*T, id string, idOf func(*T) string, sentinel error, plural string) (*T, error) {
	if it := find(items, id, idOf); it != nil {
		return it, nil
	}
	all := ids(items, idOf)
	if len(all) == 0 {
		return nil, fmt.Errorf("%w %q: the catalog has no %s", sentinel, id, plural)
	}
	hint := ""
	if s := closest(id, all); s != "" {
		hint = "; " + didYouMean(s)
	}
	return nil, fmt.Errorf("%w %q%s (%s: %s)", sentinel, id, hint, plural, strings.Join(all, ", "))
}

// ValidID reports why id cannot be an id of a catalog — empty, or holding
// "/", "@", whitespace or a character that is not printable — or "" when
// it can. Writers of catalogs check their ids with it.
func ValidID(id string) string { return validID(id) }

// validID reports why id cannot be an id, or "" when it can.
func validID(id string) string {
	switch {
	case id == "":
		return "must not be empty"
	case strings.ContainsAny(id, "/@"):
		return `must not contain "/" or "@"`
	case strings.IndexFunc(id, unicode.IsSpace) >= 0:
		return "must not contain whitespace"
	case strings.IndexFunc(id, notGraphic) >= 0:
		return "must contain only printable characters"
	}
	return ""
}

func notGraphic(r rune) bool { return !unicode.IsGraphic(r) }

// Evidence is what backs one dependency of a node: the provenance of the
// entry that names it (or of the innermost group around that entry that
// carries provenance), or that the contract implies it (zone → region,
// instance → location, regional view → zones), which is a fact.
type Evidence struct {
	Provenance
	Implied bool
}

// Stated reports whether the evidence says how sure it is: implied, or
// with a confidence.
func (e Evidence) Stated() bool { return e.Implied || e.Confidence != Unknown }

// Strength is the confidence of the evidence: Fact for an implied
// dependency.
func (e Evidence) Strength() Confidence {
	if e.Implied {
		return Fact
	}
	return e.Confidence
}

// RefEntry is one ref entry among a node's dependencies, seen in its
// context: the groups around it and what backs it.
type RefEntry struct {
	Dep *Dep // the entry, of Op OpRef
	// Evidence is the entry's provenance, or that of the innermost group
	// around it that carries any, and whether the contract implies it.
	Evidence Evidence
	// Soft is set when the entry or a group around it is "impact: degraded".
	Soft bool
	// Group is the innermost group entry around it; nil at the top level.
	Group *Dep
	// Path numbers the entries from the node's Deps down to this one, each
	// from 1: [2] is its second entry, [1, 3] the third member of its first.
	// The slice is reused by the next entry: copy it to keep it.
	Path []int
}

// RefEntries yields n's ref entries, depth first in the order the catalog
// lists them (implied ones first), with their context.
func (n *Node) RefEntries() iter.Seq[RefEntry] {
	return func(yield func(RefEntry) bool) {
		var path []int
		var walk func(d *Dep, group *Dep, inherited Provenance, soft bool) bool
		walk = func(d *Dep, group *Dep, inherited Provenance, soft bool) bool {
			if d.Confidence != Unknown || len(d.Source) > 0 {
				inherited = d.Provenance
			}
			soft = soft || d.Soft
			if d.Op == OpRef {
				return yield(RefEntry{Dep: d, Evidence: Evidence{Provenance: inherited, Implied: d.Implied},
					Soft: soft, Group: group, Path: path})
			}
			for k, m := range d.Members {
				path = append(path, k+1)
				ok := walk(m, d, inherited, soft)
				path = path[:len(path)-1]
				if !ok {
					return false
				}
			}
			return true
		}
		for k, d := range n.Deps {
			path = append(path[:0], k+1)
			if !walk(d, nil, Provenance{}, false) {
				return
			}
		}
	}
}

// Better reports whether e backs a dependency better than what backs
// another entry naming the same target: e says how sure it is, or cites a
// source.
func (e Evidence) Better() bool { return e.Stated() || len(e.Source) > 0 }

// Evidence returns what backs n's dependency on the node named by target:
// of the entries that name it, the first that carries provenance (its own
// or its innermost group's), else the first. The zero Evidence means n
// names no such target, or nothing backs it. It walks the entries as
// RefEntries yields them, without allocating: it runs for every hop of
// every cause path a report shows.
func (n *Node) Evidence(target string) Evidence {
	var first Evidence
	found := false
	for _, d := range n.Deps {
		if e, ok := evidenceIn(d, target, Provenance{}, &first, &found); ok {
			return e
		}
	}
	return first
}

// evidenceIn looks for target in entry d, under the provenance its groups
// pass down: it returns the first entry that backs it better (true), and
// records the first entry naming it at all in first.
func evidenceIn(d *Dep, target string, inherited Provenance, first *Evidence, found *bool) (Evidence, bool) {
	if d.Confidence != Unknown || len(d.Source) > 0 {
		inherited = d.Provenance
	}
	if d.Op == OpRef {
		if d.Target != target {
			return Evidence{}, false
		}
		e := Evidence{Provenance: inherited, Implied: d.Implied}
		if e.Better() {
			return e, true
		}
		if !*found {
			*first, *found = e, true
		}
		return Evidence{}, false
	}
	for _, m := range d.Members {
		if e, ok := evidenceIn(m, target, inherited, first, found); ok {
			return e, true
		}
	}
	return Evidence{}, false
}
