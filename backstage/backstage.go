// Package backstage converts a Backstage software catalog — descriptor
// files (catalog-info.yaml) of kinds Component, System, Domain, Resource
// and API — into a blastradius catalog draft.
//
// The mapping:
//
//   - A Component, System or Domain becomes a customer. Its id is its
//     lower-cased name for a Component of the default namespace,
//     "kind:name" for a System or Domain, and "kind:namespace:name" in any
//     other namespace; Backstage names cannot hold ":", so ids of distinct
//     entities differ.
//   - spec.dependsOn becomes a dependency (fact); spec.dependencyOf the
//     same dependency seen from the other side.
//   - spec.consumesApis becomes a dependency on every component that
//     provides the API (inferred; all of them, unless the API carries
//     blastradius.io/providers: any-of).
//   - A whole depends on its parts: a System on the components and
//     resources whose spec.system names it, a Domain on its systems and
//     subdomains, a Component on its subcomponents. The dependency is soft
//     (impact: degraded; inferred) unless the part carries
//     blastradius.io/critical: "true".
//   - A Resource with blastradius.io/ref (or an entry in the --map file)
//     is that catalog ref, such as aws/rds@us-east-1; any other Resource
//     becomes a global service of the provider backstage-resources.
//   - blastradius.io/any-of: "a, b; c, d" groups dependencies into
//     redundant alternatives (any_of), blastradius.io/soft: "a, b" makes
//     them soft.
//   - spec.type, spec.lifecycle, spec.owner, spec.system or spec.domain,
//     the namespace and metadata.tags become tags.
//
// Everything else — Groups, Users, Locations, Templates, kinds outside
// Backstage's model, references to entities missing from the input — is
// listed as a Note, never dropped in silence.
package backstage

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/draft"
	"github.com/blastradius/blastradius/models"
)

// Provider is the provider whose global services stand for the Resources
// that map to no catalog ref.
const Provider = "backstage-resources"

// The annotations the import reads.
const (
	annPrefix    = "blastradius.io/"
	AnnRef       = annPrefix + "ref"       // Resource: the catalog ref it is
	AnnAnyOf     = annPrefix + "any-of"    // groups of redundant dependencies
	AnnSoft      = annPrefix + "soft"      // dependencies that only degrade
	AnnCritical  = annPrefix + "critical"  // a part its whole cannot do without
	AnnProviders = annPrefix + "providers" // API: "any-of" when one provider is enough
)

var annotations = []string{AnnRef, AnnAnyOf, AnnSoft, AnnCritical, AnnProviders}

// Options are the choices of an import.
type Options struct {
	Map *Map // entity → catalog ref, from a --map file; nil: none
}

// Note is something the import could not map, at the place it comes from.
type Note struct {
	Pos     catalog.Pos
	Subject string // the entity it concerns, as kind:namespace/name
	Msg     string
}

// String formats n as "file:line:col: subject: message".
func (n Note) String() string { return n.Pos.String() + ": " + n.Subject + ": " + n.Msg }

// Result is an import: the catalog draft and what it could not map.
type Result struct {
	Catalog   *draft.Catalog
	Notes     []Note // sorted by position
	Entities  int    // documents read
	Customers int
	Services  int
	// External are the catalog refs that resources map to (by annotation
	// or --map) outside the bundled models the catalog includes: the
	// catalog loads only beside files that declare them.
	External []string
}

// Import converts the descriptors of files into a catalog draft. Input
// that is not valid Backstage — broken YAML, a document without kind or
// metadata.name, a malformed reference, a duplicate entity, a bad
// blastradius.io annotation — yields a catalog.ErrorList with every such
// problem.
func Import(files []File, opts Options) (*Result, error) {
	p := &parser{}
	var all []*entity
	for _, f := range files {
		all = append(all, p.parse(f)...)
	}
	im := &importer{opts: opts, byRef: map[Ref]*entity{}, p: p, bundled: &bundled{}}
	for _, e := range all {
		if first, dup := im.byRef[e.ref]; dup {
			p.errorf(e.pos, "duplicate entity %s (first at %s)", e.ref, first.pos)
			continue
		}
		im.byRef[e.ref] = e
		im.entities = append(im.entities, e)
	}
	slices.SortFunc(im.entities, func(a, b *entity) int { return cmp.Compare(a.ref.String(), b.ref.String()) })
	for _, e := range im.entities {
		im.checkAnnotations(e)
	}
	if len(p.errs) > 0 {
		sortErrors(p.errs)
		return nil, p.errs
	}
	for _, at := range p.skipped {
		im.notes = append(im.notes, Note{Pos: at, Subject: "(no entity)", Msg: "the document has no apiVersion and kind: not a Backstage descriptor, skipped"})
	}
	return im.run(len(all)), nil
}

// sortErrors sorts errors by position.
func sortErrors(errs catalog.ErrorList) {
	slices.SortStableFunc(errs, func(a, b *catalog.Error) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
}

// importer holds the state of one import.
type importer struct {
	opts     Options
	p        *parser
	entities []*entity // sorted by ref
	byRef    map[Ref]*entity
	notes    []Note

	ids       draft.IDs
	serviceID draft.IDs
	id        map[Ref]string    // customers and unmapped resources (service ids)
	holder    map[string]string // customer or service id → who holds it
	providers map[Ref][]Ref     // api → the components that provide it, sorted
	parts     map[Ref][]Ref     // whole → parts, sorted
	reverse   map[Ref][]refFrom
	includes  map[string]bool
	external  map[string]bool // mapped refs of no bundled model
	bundled   *bundled
}

// refFrom is a reference and the entity that wrote it.
type refFrom struct {
	from *entity
	refValue
}

func (im *importer) note(pos catalog.Pos, subject Ref, format string, a ...any) {
	im.notes = append(im.notes, Note{Pos: pos, Subject: draft.Printable(subject.String()), Msg: draft.Printable(fmt.Sprintf(format, a...))})
}

// mapped reports whether e is an entity of Backstage's model that the
// import maps, by kind.
func mapped(e *entity) bool {
	if !isBackstageAPI(e.apiVersion) {
		return false
	}
	switch e.ref.Kind {
	case "component", "system", "domain", "resource", "api":
		return true
	}
	return false
}

// isCustomer reports whether e becomes a customer.
func isCustomer(e *entity) bool {
	return mapped(e) && (e.ref.Kind == "component" || e.ref.Kind == "system" || e.ref.Kind == "domain")
}

func (im *importer) run(documents int) *Result {
	im.ids.Take(Provider)
	// The bundled models a mapped resource may include bring their
	// providers into the customers' namespace: a component named "aws"
	// is renamed (and listed), not left to clash with include: [aws].
	list, _ := models.List(models.FS()) // the embedded library lists without error
	for _, m := range list {
		im.ids.Take(m.Name)
	}
	im.id = map[Ref]string{}
	im.holder = map[string]string{"customer " + Provider: "the provider " + Provider}
	im.providers = map[Ref][]Ref{}
	im.parts = map[Ref][]Ref{}
	im.reverse = map[Ref][]refFrom{}
	im.includes = map[string]bool{}
	im.external = map[string]bool{}
	for _, e := range im.entities {
		im.unmappedEntity(e)
		im.index(e)
	}
	// Entities whose names follow Backstage's rules get their ids first,
	// so that a malformed name never takes the id of a well-formed one.
	for _, wellFormed := range []bool{true, false} {
		for _, e := range im.entities {
			if validName(e.name) == wellFormed {
				im.assignID(e)
			}
		}
	}
	res := &Result{Catalog: &draft.Catalog{}, Entities: documents}
	var services []draft.Service
	for _, e := range im.entities {
		switch {
		case isCustomer(e):
			res.Catalog.Customers = append(res.Catalog.Customers, im.customer(e))
		case mapped(e) && e.ref.Kind == "resource":
			if s, ok := im.service(e); ok {
				services = append(services, s)
			}
		}
	}
	if im.opts.Map != nil {
		for _, m := range im.opts.Map.entries {
			if !m.used {
				im.notes = append(im.notes, Note{Pos: m.pos, Subject: m.ref.String(), Msg: "the map entry names no resource of the input that anything depends on"})
			}
		}
	}
	if len(services) > 0 {
		res.Catalog.Providers = []draft.Provider{{ID: Provider, Name: "Resources declared in Backstage",
			Comment:  "Backstage Resources without a blastradius.io/ref annotation or --map entry: each is a global service here.",
			Services: services}}
	}
	res.Catalog.Include = slices.Sorted(maps.Keys(im.includes))
	res.External = slices.Sorted(maps.Keys(im.external))
	slices.SortStableFunc(im.notes, func(a, b Note) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col), cmp.Compare(a.Msg, b.Msg))
	})
	res.Notes = im.notes
	res.Customers, res.Services = len(res.Catalog.Customers), len(services)
	res.Catalog.Header = header(res)
	return res
}

// unmappedEntity notes an entity the import does not map, and the parts
// of a mapped one that it does not use.
func (im *importer) unmappedEntity(e *entity) {
	switch {
	case !isBackstageAPI(e.apiVersion):
		im.note(e.pos, e.ref, "apiVersion %q is not Backstage's (backstage.io/…): not mapped", e.apiVersion)
	case e.ref.Kind == "group" || e.ref.Kind == "user":
		im.note(e.pos, e.ref, "a %s owns entities and is not a dependency: it appears only in the owner tag of what it owns", backstageKinds[e.ref.Kind])
	case e.ref.Kind == "location":
		im.note(e.pos, e.ref, "a Location is not followed: pass the files it targets, or their directory, to the import")
	case e.ref.Kind == "template":
		im.note(e.pos, e.ref, "a Template scaffolds new software and has no runtime dependencies: not mapped")
	case backstageKinds[e.ref.Kind] == "":
		im.note(e.pos, e.ref, "kind %q is not part of Backstage's model: not mapped", e.kind)
	case e.ref.Kind == "api" && e.system != nil:
		im.note(e.system.pos, e.ref, "an API is not a node of the catalog (its consumers depend on its providers), so its spec.system %s is not mapped", e.system.ref)
	}
	for _, k := range slices.Sorted(maps.Keys(e.ann)) {
		if !strings.HasPrefix(k, annPrefix) || !mapped(e) {
			continue
		}
		kind := e.ref.Kind
		used := k == AnnRef && kind == "resource" || k == AnnProviders && kind == "api" ||
			k == AnnCritical && kind != "api" && kind != "domain" ||
			(k == AnnAnyOf || k == AnnSoft) && kind != "api"
		if !used {
			im.note(e.ann[k].pos, e.ref, "annotation %s has no meaning on a %s: not used", k, backstageKinds[kind])
		}
	}
}

// index records the relations of e that others use: the APIs it provides,
// the whole it is part of, and the entities it is a dependency of.
func (im *importer) index(e *entity) {
	if !mapped(e) {
		return
	}
	for _, a := range e.providesApis {
		im.providers[a.ref] = append(im.providers[a.ref], e.ref)
		if _, ok := im.byRef[a.ref]; !ok {
			im.note(a.pos, e.ref, "spec.providesApis names %s, which is not in the input", a.ref)
		}
	}
	for _, whole := range []*refValue{e.system, e.domain, e.subcomponentOf, e.subdomainOf} {
		if whole == nil || e.ref.Kind == "api" {
			continue
		}
		if w, ok := im.byRef[whole.ref]; !ok || !isCustomer(w) {
			why := "which is not in the input"
			if ok {
				why = "which is not mapped"
			}
			im.note(whole.pos, e.ref, "part of %s, %s: the part-of relation is not mapped", whole.ref, why)
			continue
		}
		im.parts[whole.ref] = append(im.parts[whole.ref], e.ref)
	}
	for _, d := range e.dependencyOf {
		im.reverse[d.ref] = append(im.reverse[d.ref], refFrom{from: e, refValue: d})
		if t, ok := im.byRef[d.ref]; !ok || !isCustomer(t) && !(mapped(t) && t.ref.Kind == "resource") {
			why := "which is not in the input"
			if ok {
				why = "which is not a customer or a resource"
			}
			im.note(d.pos, e.ref, "spec.dependencyOf names %s, %s: not mapped", d.ref, why)
		}
	}
}

// assignID gives a customer its id, and a resource of no catalog ref its
// service id.
func (im *importer) assignID(e *entity) {
	var ids *draft.IDs
	var want, space string
	switch {
	case isCustomer(e):
		ids, want, space = &im.ids, customerID(e.ref), "customer "
	case mapped(e) && e.ref.Kind == "resource" && im.cloudRef(e) == "":
		ids, want, space = &im.serviceID, serviceID(e.ref), "service "
	default:
		return
	}
	id, clashed := ids.Assign(want)
	im.id[e.ref] = id
	im.holder[space+id] = e.ref.String()
	switch {
	case clashed:
		im.note(e.pos, e.ref, "id %q is taken by %s, so this one is %q", draft.Sanitize(want), im.holder[space+draft.Sanitize(want)], id)
	case !validName(e.name):
		im.note(e.pos, e.ref, "metadata.name %q breaks Backstage's naming rules; its id is %q", e.name, id)
	}
}

// validName reports whether a name follows Backstage's default rules.
func validName(name string) bool { return len(name) <= 63 && nameRE.MatchString(name) }

// customerID is the id a customer asks for.
func customerID(r Ref) string {
	switch {
	case r.Namespace != DefaultNamespace:
		return r.Kind + ":" + r.Namespace + ":" + r.Name
	case r.Kind == "component":
		return r.Name
	}
	return r.Kind + ":" + r.Name
}

// serviceID is the id a resource's service asks for.
func serviceID(r Ref) string {
	if r.Namespace != DefaultNamespace {
		return r.Namespace + ":" + r.Name
	}
	return r.Name
}

// cloudRef is the catalog ref a resource maps to: its --map entry, else
// its blastradius.io/ref annotation, else "".
func (im *importer) cloudRef(e *entity) string {
	if t, ok := im.opts.Map.lookup(e.ref); ok {
		return t
	}
	return e.ann[AnnRef].s
}
