// Package draft holds catalogs under construction — what an importer has
// learned from Backstage descriptors, Terraform state or traces — and
// writes them as catalog YAML (format v1, with the v1.1 provenance fields).
//
// A Catalog is a plain typed value: customers with their tags and
// dependency entries, providers with their regions, zones and services,
// comments on any of them, and a header comment. Marshal checks it against
// the contract's id grammar and writes it deterministically: the order of
// every list is the order the draft gives (importers sort what they
// collect), map keys such as tags are sorted, a list of plain refs is
// written in flow style ([a, b]) and anything else in block style.
package draft

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/blastradius/blastradius/catalog"
)

// Confidence is how sure a claim is: "fact", "inferred" or "guess"; the
// empty Confidence means unknown and is not written.
type Confidence string

// The confidences of format v1.1.
const (
	Unknown  Confidence = ""
	Guess    Confidence = "guess"
	Inferred Confidence = "inferred"
	Fact     Confidence = "fact"
)

// Provenance says where a claim comes from (URLs or citations) and how sure
// it is. Empty fields are not written.
type Provenance struct {
	Source     []string
	Confidence Confidence
}

// Catalog is a catalog to write: one file of format v1.
type Catalog struct {
	// Header is a comment written at the top of the file, one "# " line per
	// line of text; empty lines are written as "#".
	Header    string
	Include   []string // bundled models to include, such as "aws"
	Providers []Provider
	Customers []Customer
}

// Provider is a cloud or SaaS vendor with the regions, zones and services a
// draft needs of it.
type Provider struct {
	ID       string
	Name     string
	Regions  []Region
	Services []Service
	Comment  string // written above the provider
	Provenance
}

// Region is a provider's region with its zone ids.
type Region struct {
	ID      string
	Name    string
	Zones   []string
	Comment string
	Provenance
}

// Service is a provider's service.
type Service struct {
	ID        string
	Name      string
	Scope     string   // "zonal", "regional" or "global"; "" writes none (regional)
	Regions   []string // the regions it is limited to; empty: all
	DependsOn []Dep
	Comment   string
	Provenance
}

// Customer is a consumer of services: an application, a team, a company.
type Customer struct {
	ID        string
	Name      string
	Tags      map[string]string
	DependsOn []Dep
	Comment   string // written above the customer
	Provenance
}

// Group is the operator of a dependency entry.
type Group uint8

// The dependency operators: a plain ref, or a group of member entries.
const (
	None   Group = iota // Ref names the target
	AllOf               // every member is needed
	AnyOf               // one member is enough
	Quorum              // K members are needed
)

// Dep is one dependency entry: a ref, or a group of entries. Build one
// with Ref, AllOfDeps, AnyOfDeps or QuorumDeps, then set its other fields.
type Dep struct {
	Ref     string // Group None: the target ref
	Group   Group
	K       int   // Group Quorum: members needed
	Members []Dep // groups
	// Degraded writes impact: degraded — a soft dependency, which can
	// degrade its dependent but never take it down.
	Degraded bool
	// WhenDown writes when: down — the entry counts only while its
	// target is down.
	WhenDown bool
	// Comment is written after a bare ref of one line, else above the
	// entry.
	Comment string
	Provenance
}

// Ref is an entry naming one target.
func Ref(ref string) Dep { return Dep{Ref: ref} }

// AllOfDeps is an entry that needs every member.
func AllOfDeps(members ...Dep) Dep { return Dep{Group: AllOf, Members: members} }

// AnyOfDeps is an entry that needs one member: redundancy.
func AnyOfDeps(members ...Dep) Dep { return Dep{Group: AnyOf, Members: members} }

// QuorumDeps is an entry that needs k of its members.
func QuorumDeps(k int, members ...Dep) Dep { return Dep{Group: Quorum, K: k, Members: members} }

// bare reports whether d is written as a ref string, with its comment (if
// any) after it.
func (d Dep) bare() bool {
	return d.Group == None && !d.Degraded && !d.WhenDown && len(d.Source) == 0 && d.Confidence == Unknown
}

// plain reports whether d is written as a ref string without a comment,
// which fits in a flow list.
func (d Dep) plain() bool { return d.bare() && d.Comment == "" }

// ValidID reports why s cannot be an id of the catalog — empty, or holding
// "/", "@", whitespace or a character that is not printable — or "" when
// it can.
func ValidID(s string) string { return catalog.ValidID(s) }

// Marshal writes c as catalog YAML. A draft that the catalog format cannot
// hold — an invalid id, a string with a control character, an empty
// group, a quorum out of range, an unknown confidence or scope — yields an
// error naming every such problem, and no output.
func Marshal(c *Catalog) ([]byte, error) {
	w := &writer{}
	doc := w.catalog(c)
	if len(w.errs) > 0 {
		return nil, errors.Join(w.errs...)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode catalog: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode catalog: %w", err)
	}
	return b.Bytes(), nil
}

// Write writes c as catalog YAML to w, as Marshal does.
func Write(w io.Writer, c *Catalog) error {
	data, err := Marshal(c)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// writer builds the YAML nodes of a draft and collects its problems.
type writer struct {
	errs []error
}

func (w *writer) errorf(format string, a ...any) {
	w.errs = append(w.errs, fmt.Errorf(format, a...))
}

// Comment formats text as the body of YAML comment lines: every line
// prefixed with "# " ("#" when empty), control characters escaped.
func Comment(text string) string {
	if text == "" {
		return ""
	}
	lines := strings.Split(strings.ReplaceAll(strings.TrimRight(text, "\n"), "\r\n", "\n"), "\n")
	for i, l := range lines {
		l = escapeControls(l)
		if l == "" {
			lines[i] = "#"
		} else {
			lines[i] = "# " + l
		}
	}
	return strings.Join(lines, "\n")
}

// Printable replaces each control character of s (a line break, a tab, a
// NUL…) by its Go escape, such as \n, so that s fits any string field of
// a catalog. Importers pass names and citations from their input through
// it.
func Printable(s string) string { return escapeControls(s) }

// escapeControls replaces each control character of s by its Go escape,
// and each byte that is not UTF-8 by U+FFFD (YAML holds only text).
func escapeControls(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (w *writer) catalog(c *Catalog) *yaml.Node {
	top := mapping()
	add(top, "version", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: "1"})
	if len(c.Include) > 0 {
		for _, inc := range c.Include {
			w.str(inc, "include")
		}
		add(top, "include", strs(c.Include))
	}
	if len(c.Providers) > 0 {
		seq := sequence()
		for i := range c.Providers {
			seq.Content = append(seq.Content, w.provider(&c.Providers[i]))
		}
		add(top, "providers", seq)
	}
	if len(c.Customers) > 0 {
		seq := sequence()
		for i := range c.Customers {
			seq.Content = append(seq.Content, w.customer(&c.Customers[i]))
		}
		add(top, "customers", seq)
	}
	return &yaml.Node{Kind: yaml.DocumentNode, HeadComment: Comment(c.Header), Content: []*yaml.Node{top}}
}

func (w *writer) provider(p *Provider) *yaml.Node {
	what := fmt.Sprintf("provider %q", p.ID)
	m := w.head(p.ID, p.Name, p.Comment, what)
	if len(p.Regions) > 0 {
		seq := sequence()
		for i := range p.Regions {
			seq.Content = append(seq.Content, w.region(&p.Regions[i], what))
		}
		add(m, "regions", seq)
	}
	if len(p.Services) > 0 {
		seq := sequence()
		for i := range p.Services {
			seq.Content = append(seq.Content, w.service(&p.Services[i], what))
		}
		add(m, "services", seq)
	}
	w.provenance(m, p.Provenance, what)
	return m
}

func (w *writer) region(r *Region, parent string) *yaml.Node {
	what := fmt.Sprintf("%s: region %q", parent, r.ID)
	m := w.head(r.ID, r.Name, r.Comment, what)
	if len(r.Zones) > 0 {
		for _, z := range r.Zones {
			if why := ValidID(z); why != "" {
				w.errorf("%s: zone id %q %s", what, z, why)
			}
		}
		add(m, "zones", strs(r.Zones))
	}
	w.provenance(m, r.Provenance, what)
	return m
}

func (w *writer) service(s *Service, parent string) *yaml.Node {
	what := fmt.Sprintf("%s: service %q", parent, s.ID)
	m := w.head(s.ID, s.Name, s.Comment, what)
	switch s.Scope {
	case "":
	case "zonal", "regional", "global":
		add(m, "scope", str(s.Scope))
	default:
		w.errorf("%s: unknown scope %q (zonal, regional or global)", what, s.Scope)
	}
	if len(s.Regions) > 0 {
		for _, r := range s.Regions {
			w.str(r, what+": region")
		}
		add(m, "regions", strs(s.Regions))
	}
	if len(s.DependsOn) > 0 {
		add(m, "depends_on", w.deps(s.DependsOn, what))
	}
	w.provenance(m, s.Provenance, what)
	return m
}

func (w *writer) customer(c *Customer) *yaml.Node {
	what := fmt.Sprintf("customer %q", c.ID)
	m := w.head(c.ID, c.Name, c.Comment, what)
	if len(c.Tags) > 0 {
		tags := mapping()
		tags.Style = yaml.FlowStyle
		for _, k := range slices.Sorted(maps.Keys(c.Tags)) {
			w.str(k, what+": tag key")
			w.str(c.Tags[k], fmt.Sprintf("%s: tag %q", what, k))
			add(tags, k, str(c.Tags[k]))
		}
		add(m, "tags", tags)
	}
	if len(c.DependsOn) > 0 {
		add(m, "depends_on", w.deps(c.DependsOn, what))
	}
	w.provenance(m, c.Provenance, what)
	return m
}

// head starts the map of a declaration: its id, name and comment.
func (w *writer) head(id, name, comment, what string) *yaml.Node {
	if why := ValidID(id); why != "" {
		w.errorf("%s: id %s", what, why)
	}
	m := mapping()
	m.HeadComment = Comment(comment)
	add(m, "id", str(id))
	if name != "" {
		w.str(name, what+": name")
		add(m, "name", str(name))
	}
	return m
}

// str checks that s is a string the format accepts: no control characters.
func (w *writer) str(s, what string) {
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		w.errorf("%s %s must not contain control characters or line breaks", what, strconv.Quote(s))
	}
}

// provenance adds source and confidence to m.
func (w *writer) provenance(m *yaml.Node, p Provenance, what string) {
	switch len(p.Source) {
	case 0:
	case 1:
		w.str(p.Source[0], what+": source")
		add(m, "source", str(p.Source[0]))
	default:
		for _, s := range p.Source {
			w.str(s, what+": source")
		}
		seq := sequence()
		for _, s := range p.Source {
			seq.Content = append(seq.Content, str(s))
		}
		add(m, "source", seq)
	}
	switch p.Confidence {
	case Unknown:
	case Fact, Inferred, Guess:
		add(m, "confidence", str(string(p.Confidence)))
	default:
		w.errorf("%s: unknown confidence %q (fact, inferred or guess)", what, p.Confidence)
	}
}

// deps writes a list of entries: in flow style when every entry is a
// plain ref, else in block style.
func (w *writer) deps(ds []Dep, what string) *yaml.Node {
	seq := sequence()
	flow := true
	for i := range ds {
		seq.Content = append(seq.Content, w.dep(&ds[i], what))
		flow = flow && ds[i].plain()
	}
	if flow {
		seq.Style = yaml.FlowStyle
	}
	return seq
}

func (w *writer) dep(d *Dep, what string) *yaml.Node {
	if d.bare() {
		w.ref(d.Ref, what)
		n := str(d.Ref)
		setComment(n, d.Comment)
		return n
	}
	m := mapping()
	switch d.Group {
	case None:
		w.ref(d.Ref, what)
		add(m, "ref", str(d.Ref))
	case AllOf, AnyOf:
		key := map[Group]string{AllOf: "all_of", AnyOf: "any_of"}[d.Group]
		w.members(d, what+": "+key)
		add(m, key, w.deps(d.Members, what))
	case Quorum:
		w.members(d, what+": quorum")
		if d.K < 1 || d.K > len(d.Members) {
			w.errorf("%s: quorum %d is out of range 1..%d", what, d.K, len(d.Members))
		}
		add(m, "quorum", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(d.K)})
		add(m, "of", w.deps(d.Members, what))
	default:
		w.errorf("%s: unknown group %d", what, d.Group)
	}
	if d.Degraded {
		add(m, "impact", str("degraded"))
	}
	if d.WhenDown {
		add(m, "when", str("down"))
	}
	w.provenance(m, d.Provenance, what)
	// yaml.v3 misplaces the line comment of a map: above it, always.
	m.HeadComment = Comment(d.Comment)
	// An entry with a group is written in block style; a single ref with
	// its fields fits on one line.
	if d.Group == None {
		m.Style = yaml.FlowStyle
	}
	return m
}

// setComment puts text after n when it is one line, else above it.
func setComment(n *yaml.Node, text string) {
	switch {
	case text == "":
	case strings.Contains(strings.TrimRight(text, "\n"), "\n"):
		n.HeadComment = Comment(text)
	default:
		n.LineComment = Comment(text)
	}
}

// members checks a group: at least one member, and no ref beside them.
func (w *writer) members(d *Dep, what string) {
	if len(d.Members) == 0 {
		w.errorf("%s is empty; a group needs at least one member", what)
	}
	if d.Ref != "" {
		w.errorf("%s also has ref %q; an entry is a ref or a group", what, d.Ref)
	}
}

// ref checks a ref of a dependency entry: not empty, no control
// characters.
func (w *writer) ref(ref, what string) {
	if ref == "" {
		w.errorf("%s: a dependency ref is empty", what)
		return
	}
	if strings.IndexFunc(ref, unicode.IsSpace) >= 0 {
		w.errorf("%s: ref %q must not contain whitespace", what, ref)
		return
	}
	w.str(ref, what+": ref")
}

func mapping() *yaml.Node  { return &yaml.Node{Kind: yaml.MappingNode} }
func sequence() *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode} }

// str is a string scalar; the encoder quotes it when it would read as
// something else.
func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// strs is a flow list of strings.
func strs(ss []string) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range ss {
		seq.Content = append(seq.Content, str(s))
	}
	return seq
}

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, str(key), v)
}

// Load writes c, as Marshal does, and loads what it wrote with
// catalog.LoadFS as a file of that name: the check that an importer wrote
// a valid catalog. It returns the bytes too. A catalog that includes no
// model and names a ref no provider of it declares does not load on its
// own; the error says which.
func Load(c *Catalog, name string) (*catalog.Catalog, []byte, error) {
	data, err := Marshal(c)
	if err != nil {
		return nil, nil, err
	}
	cat, err := catalog.LoadFS(fstest.MapFS{name: {Data: data}}, ".")
	return cat, data, err
}
