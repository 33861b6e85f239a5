// Package terraform imports Terraform state and plans into blastradius
// catalog drafts.
//
// Import reads the JSON that terraform show -json prints (of a state, or
// of a plan: its planned values), maps the managed resources of the
// providers hashicorp/aws, hashicorp/google and hashicorp/azurerm onto the
// services of the bundled models aws, gcp and azure by the table that
// Mappings returns, and groups them into customers: one per module, or
// one per value of a tag. Each customer depends on the refs of its
// resources, deduplicated, each entry naming the Terraform addresses
// behind it as its source.
//
// Nothing is dropped silently: every resource Import cannot map (a type
// not in the table, a data source, a resource without a region, a region
// or zone that the bundled models do not hold, a resource without the
// grouping tag, a resource that a plan destroys) is listed in the
// Report and in the header comment of the draft, and every mapping that
// approximates (an AWS instance whose AZ ID is unknown, mapped to the
// regional view) is listed and commented on its entry.
package terraform

import (
	"cmp"
	"embed"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/draft"
)

// Options tune Import.
type Options struct {
	// GroupBy decides the customers: "module" (or "", the default) makes
	// one customer per module instance, the root module included;
	// "tag:KEY" one per value of the tag KEY (AWS and Azure tags, Google
	// labels).
	GroupBy string
	// ZoneMap maps AWS Availability Zone names (us-east-1a), which differ
	// per account, to the AZ IDs (use1-az4) that the bundled model names
	// zones by. It overrides the pairs that aws_subnet resources of the
	// input give.
	ZoneMap map[string]string
	// Source names the input in the draft's header, such as its file name.
	Source string
	// Models are the bundled models aws, gcp and azure, loaded; nil:
	// Import loads them (LoadModels), which callers importing many files
	// can do once.
	Models *catalog.Catalog
}

// Entry is one resource in a Report.
type Entry struct {
	Address string // the Terraform address, such as module.app.aws_instance.web[0]
	Type    string // the resource type
	Reason  string // why it is unmapped, or how it is approximated
}

// String formats e as "address: reason".
func (e Entry) String() string { return e.Address + ": " + e.Reason }

// Report says what Import could not map, and what it approximated.
type Report struct {
	Kind      string // "state" or "plan"
	Resources int    // resources read, data sources included
	Mapped    int    // resources in the draft
	Unmapped  []Entry
	// Approximated lists mapped resources whose ref is coarser than the
	// resource, such as the regional view for an instance in an unknown AZ.
	Approximated []Entry
}

// modelsFS holds models.yaml, a catalog that includes the bundled models
// aws, gcp and azure.
//
//go:embed models.yaml
var modelsFS embed.FS

// LoadModels loads the bundled models aws, gcp and azure, against which
// Import checks every ref it writes.
func LoadModels() (*catalog.Catalog, error) {
	c, err := catalog.LoadFS(modelsFS, ".")
	if err != nil {
		return nil, fmt.Errorf("load the bundled models: %w", err)
	}
	return c, nil
}

// groupBy is a parsed Options.GroupBy.
type groupBy struct {
	tag string // "" groups by module
}

// CheckGroupBy reports whether s is a valid Options.GroupBy: "", "module"
// or "tag:KEY".
func CheckGroupBy(s string) error {
	_, err := parseGroupBy(s)
	return err
}

func parseGroupBy(s string) (groupBy, error) {
	switch {
	case s == "" || s == "module":
		return groupBy{}, nil
	case strings.HasPrefix(s, "tag:"):
		key := strings.TrimPrefix(s, "tag:")
		if !utf8.ValidString(key) || strings.IndexFunc(key, unicode.IsControl) >= 0 {
			return groupBy{}, fmt.Errorf("%q: the tag must be printable UTF-8", s)
		}
		if key != "" {
			return groupBy{tag: key}, nil
		}
	}
	return groupBy{}, fmt.Errorf("%q: want module or tag:KEY", s)
}

// Import reads the JSON that terraform show -json prints, of a state or a
// plan, and returns the catalog draft it maps to, with the report of what
// it left out or approximated. The draft includes the bundled models its
// refs name, so that it loads as it is. Input that is not such JSON is an
// error (syntax errors name their line and column); a resource that does
// not map is never one.
func Import(r io.Reader, opts Options) (*draft.Catalog, *Report, error) {
	gb, err := parseGroupBy(opts.GroupBy)
	if err != nil {
		return nil, nil, fmt.Errorf("group by %w", err)
	}
	doc, err := parse(r)
	if err != nil {
		return nil, nil, err
	}
	if opts.Models == nil {
		if opts.Models, err = LoadModels(); err != nil {
			return nil, nil, err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(opts.ZoneMap)) {
		id := opts.ZoneMap[name]
		if n := opts.Models.Node("aws@" + id); n == nil || n.Kind != catalog.KindZone {
			return nil, nil, fmt.Errorf("zone map %s=%s: %q is not an AZ ID of the bundled model aws (such as use1-az4)", name, id, id)
		}
	}
	rep := &Report{Kind: "state"}
	values := doc.Values
	if doc.PlannedValues != nil {
		rep.Kind, values = "plan", doc.PlannedValues
	}
	var all []resource
	if values != nil && values.RootModule != nil {
		if all, err = values.RootModule.resources(nil, 0); err != nil {
			return nil, nil, err
		}
	}
	rep.Resources = len(all)
	e := newEnv(doc, all, opts)
	groups := map[string]*group{}
	for i := range all {
		res := &all[i]
		t, why := mapResource(e, res)
		if why == "" && gb.tag != "" {
			if _, ok := tagOf(res.Values, gb.tag); !ok {
				why = fmt.Sprintf("no tag %s (it maps to %s)", gb.tag, strings.Join(t.refs, " or "))
			}
		}
		if why != "" {
			rep.Unmapped = append(rep.Unmapped, entry(res.Address, res.Type, why))
			continue
		}
		rep.Mapped++
		if t.note != "" {
			rep.Approximated = append(rep.Approximated, entry(res.Address, res.Type, t.note))
		}
		key := res.module
		if gb.tag != "" {
			key, _ = tagOf(res.Values, gb.tag)
		}
		g := groups[key]
		if g == nil {
			g = &group{key: key, deps: map[string]*dep{}}
			groups[key] = g
		}
		g.add(t, res.Address)
	}
	if doc.PlannedValues != nil {
		for _, rc := range doc.ResourceChanges {
			if slices.Equal(rc.Change.Actions, []string{"delete"}) {
				rep.Unmapped = append(rep.Unmapped, entry(rc.Address, rc.Type, "the plan destroys it"))
			}
		}
	}
	sortEntries(rep.Unmapped)
	sortEntries(rep.Approximated)
	return buildDraft(doc, gb, groups, rep, opts), rep, nil
}

// entry is an Entry with the control characters of the input escaped, so
// that a report cannot drive a terminal.
func entry(address, typ, reason string) Entry {
	return Entry{Address: draft.Printable(address), Type: draft.Printable(typ), Reason: draft.Printable(reason)}
}

func sortEntries(es []Entry) {
	slices.SortStableFunc(es, func(a, b Entry) int { return strings.Compare(a.Address, b.Address) })
}

// mapResource maps one resource, or says why it cannot.
func mapResource(e *env, r *resource) (target, string) {
	if r.Mode == "data" {
		return target{}, "data source: read by the configuration, not managed by it"
	}
	if r.Mode != "managed" && r.Mode != "" {
		return target{}, fmt.Sprintf("mode %q is neither managed nor data", r.Mode)
	}
	prov := providerOf(r.ProviderName)
	m, ok := e.table[r.Type]
	switch {
	case prov == "":
		return target{}, fmt.Sprintf("provider %q is not mapped (only hashicorp/aws, hashicorp/google and hashicorp/azurerm are)", r.ProviderName)
	case !ok && plumbing(r.Type):
		return target{}, fmt.Sprintf("%s is configuration (network, identity, grouping): no node of the bundled model fails with it", r.Type)
	case !ok:
		return target{}, fmt.Sprintf("no mapping for resource type %s", r.Type)
	case m.Provider != prov:
		return target{}, fmt.Sprintf("resource type %s does not belong to provider %s", r.Type, r.ProviderName)
	}
	return m.fn(e, r)
}

// plumbing reports whether a resource type configures other resources
// (networks, permissions, groupings) rather than running something a
// customer depends on; such resources are reported as unmapped with that
// reason.
func plumbing(typ string) bool {
	for _, prefix := range []string{
		"aws_vpc", "aws_subnet", "aws_security_group", "aws_route_table", "aws_internet_gateway", "aws_iam_",
		"google_compute_network", "google_compute_subnetwork", "google_compute_firewall", "google_project_", "google_service_account",
		"azurerm_resource_group", "azurerm_subnet", "azurerm_network_security_group", "azurerm_role_assignment",
	} {
		if strings.HasPrefix(typ, prefix) {
			return true
		}
	}
	return false
}

// providerOf returns the bundled model of a Terraform provider source
// address (registry.terraform.io/hashicorp/aws; OpenTofu's registry and
// the bare names of old Terraform versions too), or "".
func providerOf(name string) string {
	for _, host := range []string{"registry.terraform.io/", "registry.opentofu.org/"} {
		if rest, ok := strings.CutPrefix(name, host); ok {
			name, ok = strings.CutPrefix(rest, "hashicorp/")
			if !ok {
				return ""
			}
			break
		}
	}
	switch name {
	case "aws":
		return "aws"
	case "google", "google-beta":
		return "gcp"
	case "azurerm":
		return "azure"
	}
	return ""
}

// tagOf returns the value of tag key: from tags (AWS, Azure), tags_all
// (AWS, with the provider's default tags), labels or effective_labels
// (Google).
func tagOf(v map[string]any, key string) (string, bool) {
	for _, field := range []string{"tags", "tags_all", "labels", "effective_labels", "resource_labels"} {
		if m, ok := v[field].(map[string]any); ok {
			if s, ok := m[key].(string); ok && s != "" {
				return s, true
			}
		}
	}
	return "", false
}

// newEnv indexes what mapping resources consults: the mapping table, the
// resources by id, AZ names by ID, and the regions of the plan's provider
// configurations.
func newEnv(doc *document, all []resource, opts Options) *env {
	e := &env{models: opts.Models, table: map[string]Mapping{}, byID: map[string]*resource{}, zoneIDs: map[string]string{}}
	for _, m := range Mappings() {
		e.table[m.Type] = m
	}
	conflict := map[string]bool{}
	for i := range all {
		r := &all[i]
		if r.Mode == "data" {
			continue
		}
		if id := str(r.Values, "id"); id != "" {
			e.byID[id] = r
		}
		if r.Type == "aws_subnet" {
			name, id := str(r.Values, "availability_zone"), str(r.Values, "availability_zone_id")
			if name == "" || id == "" {
				continue
			}
			if old, ok := e.zoneIDs[name]; ok && old != id {
				conflict[name] = true // several accounts in one file
			}
			e.zoneIDs[name] = id
		}
	}
	for name := range conflict {
		delete(e.zoneIDs, name)
	}
	maps.Copy(e.zoneIDs, opts.ZoneMap)
	e.configRegion = configRegions(doc)
	return e
}

// configRegions returns the function that finds the region of a resource's
// provider configuration in a plan: the constant region of the
// configuration the resource names, else the region every configuration
// of its provider agrees on.
func configRegions(doc *document) func(*resource) string {
	if doc.Configuration == nil || len(doc.Configuration.ProviderConfig) == 0 {
		return func(*resource) string { return "" }
	}
	pcs := doc.Configuration.ProviderConfig
	keys := map[string]string{}
	doc.Configuration.RootModule.providerKeys("", keys, 0)
	region := func(pc providerConfig) string {
		s, _ := pc.Expressions["region"].ConstantValue.(string)
		return s
	}
	return func(r *resource) string {
		prov := providerOf(r.ProviderName)
		if key, ok := keys[stripIndexes(r.Address)]; ok {
			if pc, ok := pcs[key]; ok {
				return region(pc)
			}
			if _, after, ok := strings.Cut(key, ":"); ok {
				if pc, ok := pcs[after]; ok {
					return region(pc)
				}
			}
		}
		agreed := ""
		for _, k := range slices.Sorted(maps.Keys(pcs)) {
			pc := pcs[k]
			if providerOf(cmp.Or(pc.FullName, pc.Name)) != prov {
				continue
			}
			s := region(pc)
			if s == "" || agreed != "" && s != agreed {
				return ""
			}
			agreed = s
		}
		return agreed
	}
}

// group is one customer being built: its dependencies by key.
type group struct {
	key  string // module address or tag value
	deps map[string]*dep
}

// dep is one dependency entry of a group: a target and the addresses
// behind it.
type dep struct {
	refs      []string
	addresses []string
	notes     []string
}

func (g *group) add(t target, address string) {
	key := strings.Join(t.refs, "|")
	d := g.deps[key]
	if d == nil {
		d = &dep{refs: t.refs}
		g.deps[key] = d
	}
	d.addresses = append(d.addresses, address)
	if t.note != "" {
		d.notes = append(d.notes, address+": "+t.note)
	}
}

// buildDraft writes the groups as customers of a draft.
func buildDraft(doc *document, gb groupBy, groups map[string]*group, rep *Report, opts Options) *draft.Catalog {
	c := &draft.Catalog{Header: header(doc, gb, rep, opts)}
	used := map[string]bool{}
	var ids draft.IDs
	for _, prov := range []string{"aws", "azure", "gcp"} { // providers share the customers' namespace
		ids.Take(prov)
	}
	for _, key := range slices.Sorted(maps.Keys(groups)) {
		g := groups[key]
		id, _ := ids.Assign(customerID(key, gb))
		cu := draft.Customer{ID: id, Name: draft.Printable(customerName(key, gb))}
		if gb.tag != "" {
			cu.Tags = map[string]string{draft.Printable(gb.tag): draft.Printable(key)}
		}
		for _, dk := range slices.Sorted(maps.Keys(g.deps)) {
			d := g.deps[dk]
			slices.Sort(d.addresses)
			d.addresses = slices.Compact(d.addresses)
			var entry draft.Dep
			if len(d.refs) == 1 {
				entry = draft.Ref(d.refs[0])
			} else {
				var members []draft.Dep
				for _, ref := range d.refs {
					members = append(members, draft.Ref(ref))
				}
				entry = draft.AnyOfDeps(members...)
			}
			entry.Source = make([]string, len(d.addresses))
			for i, a := range d.addresses {
				entry.Source[i] = draft.Printable(a)
			}
			entry.Confidence = draft.Inferred
			if len(d.notes) > 0 {
				slices.Sort(d.notes)
				entry.Confidence = draft.Guess
				entry.Comment = strings.Join(d.notes, "\n")
			}
			cu.DependsOn = append(cu.DependsOn, entry)
			for _, ref := range d.refs {
				prov, _, _ := strings.Cut(ref, "/")
				used[prov] = true
			}
		}
		c.Customers = append(c.Customers, cu)
	}
	c.Include = slices.Sorted(maps.Keys(used))
	return c
}

// customerID is the id a group key asks for: a module address without
// its "module." prefixes and quotes (module.app.module.db → app.db,
// module.app["eu"] → app[eu]; the root module → root), or a tag value;
// draft.IDs makes it valid and unique.
func customerID(key string, gb groupBy) string {
	if gb.tag != "" {
		return key
	}
	if key == "" {
		return "root"
	}
	key = strings.TrimPrefix(strings.ReplaceAll(key, ".module.", "."), "module.")
	return strings.ReplaceAll(key, `"`, "")
}

// customerName names a customer after its group: the module address, or
// the tag.
func customerName(key string, gb groupBy) string {
	switch {
	case gb.tag != "":
		return gb.tag + "=" + key
	case key != "":
		return key
	}
	return "root module"
}

// header is the comment at the top of the draft: where it comes from, how
// it was grouped, and every resource unmapped or approximated.
func header(doc *document, gb groupBy, rep *Report, opts Options) string {
	var b strings.Builder
	src := strings.ToValidUTF8(cmp.Or(opts.Source, "standard input"), "\uFFFD")
	fmt.Fprintf(&b, "Imported by blastradius import terraform from %s: a Terraform %s", src, rep.Kind)
	if doc.FormatVersion != nil {
		fmt.Fprintf(&b, " (format_version %s", *doc.FormatVersion)
		if doc.TerraformVersion != "" {
			fmt.Fprintf(&b, ", Terraform %s", doc.TerraformVersion)
		}
		b.WriteString(")")
	}
	b.WriteString(".\n")
	if gb.tag != "" {
		fmt.Fprintf(&b, "One customer per value of the tag %s; ", gb.tag)
	} else {
		b.WriteString("One customer per module; ")
	}
	b.WriteString("each depends on the services its resources map to, each entry\n")
	b.WriteString("naming the Terraform addresses behind it (confidence: guess where the mapping approximates).\n")
	b.WriteString("Every entry is needed: Terraform does not say which resources are redundant, so write any_of\n")
	b.WriteString("over the zones or regions of a service where its replicas cover for each other (any_of is\n")
	b.WriteString("written only for one resource that replicates itself: Cosmos DB regions, Bigtable clusters,\n")
	b.WriteString("dual-region buckets).\n")
	fmt.Fprintf(&b, "%d of %d resources mapped.\n", rep.Mapped, rep.Resources)
	list := func(title string, es []Entry) {
		if len(es) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d):\n", title, len(es))
		for _, e := range es {
			fmt.Fprintf(&b, "  %s: %s\n", e.Address, e.Reason)
		}
	}
	list("Unmapped, not in this catalog", rep.Unmapped)
	list("Approximated", rep.Approximated)
	return b.String()
}
