package catalogtest

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// This file holds an independent structural check of catalog format v1,
// written from the contract, so that the generators can be tested without
// the catalog package.

type tCatalog struct {
	Version   *int        `yaml:"version"`
	Providers []tProvider `yaml:"providers"`
	Customers []tCustomer `yaml:"customers"`
	Scenarios []tScenario `yaml:"scenarios"`
	Policies  []tPolicy   `yaml:"policies"`
}

type tProvider struct {
	ID       string     `yaml:"id"`
	Name     string     `yaml:"name"`
	Regions  []tRegion  `yaml:"regions"`
	Services []tService `yaml:"services"`
}

type tRegion struct {
	ID    string   `yaml:"id"`
	Name  string   `yaml:"name"`
	Zones []string `yaml:"zones"`
}

type tService struct {
	ID        string   `yaml:"id"`
	Name      string   `yaml:"name"`
	Scope     string   `yaml:"scope"`
	Regions   []string `yaml:"regions"`
	DependsOn []any    `yaml:"depends_on"`
}

type tCustomer struct {
	ID        string            `yaml:"id"`
	Name      string            `yaml:"name"`
	Tags      map[string]string `yaml:"tags"`
	Weight    *float64          `yaml:"weight"`
	DependsOn []any             `yaml:"depends_on"`
}

type tScenario struct {
	ID      string    `yaml:"id"`
	Name    string    `yaml:"name"`
	Fail    *[]string `yaml:"fail"`
	Degrade *[]string `yaml:"degrade"`
}

type tPolicy struct {
	ID           string            `yaml:"id"`
	Name         string            `yaml:"name"`
	Select       map[string]string `yaml:"select"`
	Survive      string            `yaml:"survive"`
	Allow        string            `yaml:"allow"`
	MaxDownShare *struct {
		Scope string   `yaml:"scope"`
		Share *float64 `yaml:"share"`
	} `yaml:"max_down_share"`
}

// parseFile decodes one catalog file strictly: unknown keys are errors and
// the file must say version: 1.
func parseFile(name string, data []byte) (*tCatalog, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var c tCatalog
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	var extra any
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, fmt.Errorf("%s: more than one YAML document", name)
	}
	if c.Version == nil || *c.Version != 1 {
		return nil, fmt.Errorf("%s: missing version: 1", name)
	}
	if !bytes.HasPrefix(data, []byte("version: 1\n")) {
		return nil, fmt.Errorf("%s: does not start with version: 1", name)
	}
	return &c, nil
}

// merge concatenates the sections of several files.
func merge(cs ...*tCatalog) *tCatalog {
	var m tCatalog
	for _, c := range cs {
		m.Providers = append(m.Providers, c.Providers...)
		m.Customers = append(m.Customers, c.Customers...)
		m.Scenarios = append(m.Scenarios, c.Scenarios...)
		m.Policies = append(m.Policies, c.Policies...)
	}
	return &m
}

type svcInfo struct {
	provider string
	scope    string
	avail    map[string]bool // nil: every region
}

func (s *svcInfo) in(region string) bool { return s.avail == nil || s.avail[region] }

// checker validates a merged catalog and records which features it uses.
type checker struct {
	errs     []string
	nodes    map[string]string // ref → kind
	ids      map[string]string // shared namespace of providers and customers
	services map[string]*svcInfo
	regions  map[string][]string // provider → region ids
	zones    map[string][]string // p@r → zone ids
	seen     map[string]int      // feature → count
	svcEdges map[string][]string // p/s → p/s, for cycle detection
	custEdge map[string][]string // customer → customer
}

func (c *checker) errorf(format string, args ...any) {
	if len(c.errs) < 20 {
		c.errs = append(c.errs, fmt.Sprintf(format, args...))
	}
}

// yamlWords would not read back as strings if written plainly.
var yamlWords = map[string]bool{"true": true, "false": true, "null": true, "yes": true, "no": true,
	"on": true, "off": true, "y": true, "n": true, "~": true}

func (c *checker) id(what, id string) {
	switch {
	case id == "":
		c.errorf("%s has no id", what)
	case strings.ContainsAny(id, "/@"), strings.IndexFunc(id, unicode.IsSpace) >= 0:
		c.errorf("%s id %q contains /, @ or whitespace", what, id)
	case yamlWords[strings.ToLower(id)], strings.IndexFunc(id[:1], unicode.IsLetter) < 0:
		c.errorf("%s id %q would need quoting", what, id)
	}
}

func (c *checker) node(ref, kind string) {
	if _, dup := c.nodes[ref]; dup {
		c.errorf("duplicate node %s", ref)
	}
	c.nodes[ref] = kind
}

// check validates cat and returns the problems found.
func check(cat *tCatalog) *checker {
	c := &checker{
		nodes: map[string]string{}, ids: map[string]string{}, services: map[string]*svcInfo{},
		regions: map[string][]string{}, zones: map[string][]string{}, seen: map[string]int{},
		svcEdges: map[string][]string{}, custEdge: map[string][]string{},
	}
	shared := func(what, id string) {
		c.id(what, id)
		if prev, dup := c.ids[id]; dup {
			c.errorf("%s id %q already used by a %s", what, id, prev)
		}
		c.ids[id] = what
	}
	for _, p := range cat.Providers {
		shared("provider", p.ID)
		c.node(p.ID, "provider")
		local := map[string]string{}
		for _, r := range p.Regions {
			c.id("region", r.ID)
			if prev, dup := local[r.ID]; dup {
				c.errorf("provider %s: region %s already used by a %s", p.ID, r.ID, prev)
			}
			local[r.ID] = "region"
			c.regions[p.ID] = append(c.regions[p.ID], r.ID)
			c.node(p.ID+"@"+r.ID, "region")
			if len(r.Zones) == 0 {
				c.errorf("region %s@%s has no zones", p.ID, r.ID)
			}
		}
		for _, r := range p.Regions {
			for _, z := range r.Zones {
				c.id("zone", z)
				if prev, dup := local[z]; dup {
					c.errorf("provider %s: zone %s already used by a %s", p.ID, z, prev)
				}
				local[z] = "zone"
				c.zones[p.ID+"@"+r.ID] = append(c.zones[p.ID+"@"+r.ID], z)
				c.node(p.ID+"@"+z, "zone")
			}
		}
		for _, s := range p.Services {
			c.id("service", s.ID)
			key := p.ID + "/" + s.ID
			if _, dup := c.services[key]; dup {
				c.errorf("duplicate service %s", key)
			}
			info := &svcInfo{provider: p.ID, scope: s.Scope}
			switch s.Scope {
			case "":
				info.scope = "regional"
			case "regional", "zonal", "global":
			default:
				c.errorf("service %s: bad scope %q", key, s.Scope)
			}
			if s.Regions != nil {
				c.seen["restricted-regions"]++
				if len(s.Regions) == 0 || info.scope == "global" {
					c.errorf("service %s: bad regions list %v", key, s.Regions)
				}
				info.avail = map[string]bool{}
				for _, r := range s.Regions {
					if !slices.Contains(c.regions[p.ID], r) {
						c.errorf("service %s: unknown region %s", key, r)
					}
					info.avail[r] = true
				}
			}
			c.services[key] = info
			if info.scope == "global" {
				c.node(key, "global")
				continue
			}
			for _, r := range c.regions[p.ID] {
				if !info.in(r) {
					continue
				}
				if info.scope == "regional" {
					c.node(key+"@"+r, "regional")
					continue
				}
				c.node(key+"@"+r, "view")
				for _, z := range c.zones[p.ID+"@"+r] {
					c.node(key+"@"+z, "zonal")
				}
			}
		}
	}
	for _, cu := range cat.Customers {
		shared("customer", cu.ID)
		c.node(cu.ID, "customer")
	}

	for _, p := range cat.Providers {
		for _, s := range p.Services {
			key := p.ID + "/" + s.ID
			for _, e := range s.DependsOn {
				c.dep("service "+key, e, 0, func(ref string) { c.serviceRef(key, ref) })
			}
		}
	}
	for _, cu := range cat.Customers {
		if cu.Weight != nil {
			switch w := *cu.Weight; {
			case w < 0:
				c.errorf("customer %s: negative weight", cu.ID)
			case w == 0:
				c.seen["weight-zero"]++
			case w != float64(int64(w)):
				c.seen["weight-fractional"]++
			}
		}
		for k, v := range cu.Tags {
			if k == "" || v == "" {
				c.errorf("customer %s: empty tag", cu.ID)
			}
		}
		if len(cu.DependsOn) == 0 {
			c.errorf("customer %s has no dependencies", cu.ID)
		}
		for _, e := range cu.DependsOn {
			c.dep("customer "+cu.ID, e, 0, func(ref string) { c.customerRef(cu.ID, ref) })
		}
	}

	ids := map[string]bool{}
	for _, s := range cat.Scenarios {
		c.id("scenario", s.ID)
		if ids[s.ID] || c.ids[s.ID] != "" {
			c.errorf("scenario id %q already used", s.ID)
		}
		ids[s.ID] = true
		if s.Fail == nil && s.Degrade == nil {
			c.errorf("scenario %s sets nothing", s.ID)
		}
		var refs []string
		if s.Fail != nil {
			refs = append(refs, *s.Fail...)
		}
		if s.Degrade != nil {
			refs = append(refs, *s.Degrade...)
		}
		if len(refs) == 0 {
			c.errorf("scenario %s lists no ref", s.ID)
		}
		for _, r := range refs {
			if _, ok := c.nodes[r]; !ok {
				c.errorf("scenario %s: unknown ref %q", s.ID, r)
			}
		}
	}
	levels := []string{"provider", "region", "zone", "service"}
	for _, p := range cat.Policies {
		c.id("policy", p.ID)
		if ids[p.ID] || c.ids[p.ID] != "" {
			c.errorf("policy id %q already used", p.ID)
		}
		ids[p.ID] = true
		switch {
		case p.Survive != "" && p.MaxDownShare == nil:
			if !slices.Contains(levels, p.Survive) {
				c.errorf("policy %s: bad survive %q", p.ID, p.Survive)
			}
			if p.Allow != "" && p.Allow != "up" && p.Allow != "degraded" {
				c.errorf("policy %s: bad allow %q", p.ID, p.Allow)
			}
		case p.Survive == "" && p.MaxDownShare != nil:
			m := p.MaxDownShare
			if !slices.Contains(levels, m.Scope) || m.Share == nil || *m.Share < 0 || *m.Share > 1 || p.Allow != "" {
				c.errorf("policy %s: bad max_down_share", p.ID)
			}
		default:
			c.errorf("policy %s needs exactly one of survive and max_down_share", p.ID)
		}
	}
	if hasCycle(c.svcEdges) {
		c.seen["service-cycle"]++
	}
	if hasCycle(c.custEdge) {
		c.seen["customer-cycle"]++
	}
	return c
}

// dep checks one dependency entry at group depth depth, calling leaf for
// every ref in it.
func (c *checker) dep(where string, e any, depth int, leaf func(string)) {
	switch v := e.(type) {
	case string:
		leaf(v)
	case map[string]any:
		var ops []string
		for k := range v {
			switch k {
			case "ref", "all_of", "any_of", "quorum":
				ops = append(ops, k)
			case "of", "impact", "source", "confidence":
			case "when":
				switch v[k] {
				case "down":
					c.seen["when-down"]++
				case "degraded":
				default:
					c.errorf("%s: bad when %v", where, v[k])
				}
			case "regions":
				if depth > 0 || !strings.HasPrefix(where, "service ") {
					c.errorf("%s: regions on a nested entry or outside a service", where)
				}
				c.seen["region-limited"]++
			default:
				c.errorf("%s: unknown key %q", where, k)
			}
		}
		if len(ops) != 1 {
			c.errorf("%s: entry needs exactly one of ref, all_of, any_of, quorum; has %v", where, ops)
			return
		}
		if im, ok := v["impact"]; ok {
			switch im {
			case "degraded":
				if ops[0] == "ref" {
					c.seen["soft-ref"]++
				} else {
					c.seen["soft-group"]++
				}
			case "down":
				c.seen["explicit-down"]++
			default:
				c.errorf("%s: bad impact %v", where, im)
			}
		}
		if _, ok := v["of"]; ok && ops[0] != "quorum" {
			c.errorf("%s: of without quorum", where)
		}
		var members any
		switch ops[0] {
		case "ref":
			s, ok := v["ref"].(string)
			if !ok {
				c.errorf("%s: ref %v is not a string", where, v["ref"])
				return
			}
			leaf(s)
			return
		case "quorum":
			members = v["of"]
		default:
			members = v[ops[0]]
		}
		list, ok := members.([]any)
		if !ok || len(list) == 0 {
			c.errorf("%s: %s needs a non-empty list, got %v", where, ops[0], members)
			return
		}
		c.seen[ops[0]]++
		c.seen[fmt.Sprintf("group-depth-%d", depth+1)]++
		if ops[0] == "quorum" {
			k, ok := v["quorum"].(int)
			if !ok || k < 1 || k > len(list) {
				c.errorf("%s: quorum %v of %d members", where, v["quorum"], len(list))
			}
		}
		for _, m := range list {
			c.dep(where, m, depth+1, leaf)
		}
	default:
		c.errorf("%s: entry %v (%T) is neither a string nor a map", where, e, e)
	}
}

// customerRef checks a ref in a customer's depends_on.
func (c *checker) customerRef(id, ref string) {
	kind, ok := c.nodes[ref]
	if !ok {
		c.errorf("customer %s: unknown ref %q", id, ref)
		return
	}
	c.seen["ref-"+kind]++
	if kind == "customer" {
		if ref == id {
			c.errorf("customer %s depends on itself", id)
		}
		c.custEdge[id] = append(c.custEdge[id], ref)
	}
}

// serviceRef checks a ref in the depends_on of service key (p/s): a full
// ref to an existing node, or a short name that resolves at every instance.
func (c *checker) serviceRef(key, ref string) {
	s := c.services[key]
	if strings.ContainsAny(ref, "/@") {
		kind, ok := c.nodes[ref]
		if !ok {
			c.errorf("service %s: unknown ref %q", key, ref)
			return
		}
		c.seen["ref-"+kind]++
		if !strings.HasPrefix(ref, s.provider+"/") && !strings.HasPrefix(ref, s.provider+"@") {
			c.seen["cross-provider"]++
		}
		if target, _, _ := strings.Cut(ref, "@"); strings.Contains(target, "/") {
			c.svcEdges[key] = append(c.svcEdges[key], target)
			if target == key {
				c.seen["self-instance"]++
			}
		}
		return
	}
	tkey := s.provider + "/" + ref
	t, ok := c.services[tkey]
	if !ok {
		c.errorf("service %s: short name %q is no service of %s", key, ref, s.provider)
		return
	}
	c.svcEdges[key] = append(c.svcEdges[key], tkey)
	if t.scope == "global" {
		c.seen["short-"+s.scope+"-to-global"]++
		return
	}
	if s.scope == "global" {
		c.errorf("service %s: global service names non-global %s by short name", key, ref)
		return
	}
	c.seen["short-"+s.scope+"-to-"+t.scope]++
	for _, r := range c.regions[s.provider] {
		if !s.in(r) {
			continue
		}
		var locs []string
		if s.scope == "zonal" && t.scope == "zonal" {
			locs = c.zones[s.provider+"@"+r]
		} else {
			locs = []string{r}
		}
		for _, l := range locs {
			if _, ok := c.nodes[tkey+"@"+l]; !ok {
				c.errorf("service %s: short name %q does not resolve at %s", key, ref, l)
			}
		}
	}
}

// hasCycle reports whether the directed graph has a cycle.
func hasCycle(edges map[string][]string) bool {
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var visit func(string) bool
	visit = func(n string) bool {
		color[n] = grey
		for _, m := range edges[n] {
			switch color[m] {
			case grey:
				return true
			case white:
				if visit(m) {
					return true
				}
			}
		}
		color[n] = black
		return false
	}
	for n := range edges {
		if color[n] == white && visit(n) {
			return true
		}
	}
	return false
}
