package backstage

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/draft"
	"github.com/blastradius/blastradius/internal/phrase"
)

// candidate is one dependency of an entity before it is resolved.
type candidate struct {
	ref   Ref
	field string // where it comes from, such as "spec.dependsOn"
	pos   catalog.Pos
	conf  draft.Confidence
	soft  bool
}

// customer converts a Component, System or Domain.
func (im *importer) customer(e *entity) draft.Customer {
	c := draft.Customer{
		ID:         im.id[e.ref],
		Name:       draft.Printable(firstOf(e.title, e.name)),
		Tags:       im.tags(e),
		Comment:    describe(e),
		Provenance: draft.Provenance{Source: []string{source(e.pos, "")}, Confidence: draft.Fact},
	}
	c.DependsOn = im.deps(e)
	return c
}

// service converts a Resource: a service of the provider Provider, unless
// it maps to a catalog ref (then ok is false).
func (im *importer) service(e *entity) (draft.Service, bool) {
	if t := im.cloudRef(e); t != "" {
		im.useMap(e.ref)
		for _, d := range e.dependsOn {
			im.note(d.pos, e.ref, "the resource is %s, whose dependencies the catalog's provider models; its spec.dependsOn %s is not mapped", t, d.ref)
		}
		for _, ann := range []string{AnnAnyOf, AnnSoft} {
			if a := e.ann[ann]; a.s != "" {
				im.note(a.pos, e.ref, "the resource is %s, whose dependencies the catalog's provider models; its %s is not mapped", t, ann)
			}
		}
		return draft.Service{}, false
	}
	s := draft.Service{
		ID:         im.id[e.ref],
		Name:       draft.Printable(firstOf(e.title, e.name)),
		Scope:      "global",
		Comment:    describe(e),
		Provenance: draft.Provenance{Source: []string{source(e.pos, "")}, Confidence: draft.Fact},
	}
	s.DependsOn = im.deps(e)
	return s, true
}

// firstOf returns the first non-empty string.
func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// describe is the comment above an entity's customer or service.
func describe(e *entity) string {
	s := e.ref.String()
	if e.typ != "" {
		s += " (" + e.typ + ")"
	}
	if e.desc != "" {
		s += ": " + strings.Join(strings.Fields(e.desc), " ")
	}
	return s
}

// source cites a place of a descriptor file, and the field there.
func source(pos catalog.Pos, field string) string {
	s := fmt.Sprintf("%s:%d", pos.File, pos.Line)
	if field != "" {
		s += " " + field
	}
	return draft.Printable(s)
}

// tags are a customer's tags.
func (im *importer) tags(e *entity) map[string]string {
	t := map[string]string{"kind": e.ref.Kind}
	set := func(k, v string) {
		if v != "" {
			t[k] = draft.Printable(v)
		}
	}
	set("type", e.typ)
	set("lifecycle", e.lifecycle)
	if e.owner != nil {
		set("owner", e.owner.ref.String())
	}
	if e.system != nil {
		set("system", e.system.ref.String())
	}
	if e.domain != nil {
		set("domain", e.domain.ref.String())
	}
	if e.ref.Namespace != DefaultNamespace {
		set("namespace", e.ref.Namespace)
	}
	set("tags", strings.Join(e.tags, ","))
	return t
}

// deps resolves the dependencies of e: its own, the APIs it consumes, its
// parts, and those others declare with spec.dependencyOf; then the
// annotations group them (any-of) and soften them.
func (im *importer) deps(e *entity) []draft.Dep {
	var cands []candidate
	for _, d := range e.dependsOn {
		cands = append(cands, candidate{ref: d.ref, field: "spec.dependsOn", pos: d.pos, conf: draft.Fact})
	}
	for _, d := range e.consumesAP {
		cands = append(cands, candidate{ref: d.ref, field: "spec.consumesApis", pos: d.pos, conf: draft.Inferred})
	}
	for _, part := range im.parts[e.ref] {
		pe := im.byRef[part]
		field := map[string]string{"system": "spec.system", "domain": "spec.domain"}[e.ref.Kind]
		switch {
		case pe.ref.Kind == "component" && e.ref.Kind == "component":
			field = "spec.subcomponentOf"
		case pe.ref.Kind == "domain":
			field = "spec.subdomainOf"
		}
		critical := pe.ann[AnnCritical].s == "true"
		cands = append(cands, candidate{ref: part, field: field + " of " + part.String(), pos: pe.pos, conf: draft.Inferred, soft: !critical})
	}
	for _, r := range im.reverse[e.ref] {
		cands = append(cands, candidate{ref: r.from.ref, field: "spec.dependencyOf of " + r.from.ref.String(), pos: r.pos, conf: draft.Fact})
	}
	for _, g := range parseGroups(e.ann[AnnSoft].s) {
		for _, m := range g {
			r, _ := ParseRef(m, "component", e.ref.Namespace)
			found := false
			for i := range cands {
				if cands[i].ref == r {
					cands[i].soft, found = true, true
				}
			}
			if !found {
				im.note(e.ann[AnnSoft].pos, e.ref, "%s names %s, which is no dependency of this entity", AnnSoft, r)
			}
		}
	}
	var groups []draft.Dep
	for _, g := range parseGroups(e.ann[AnnAnyOf].s) {
		if dep, ok := im.anyOf(e, g, &cands); ok {
			groups = append(groups, dep)
		}
	}
	var out []draft.Dep
	seen := map[string]int{} // an entry's key → its index in out
	for _, c := range cands {
		if c.ref == e.ref {
			im.note(c.pos, e.ref, "%s names the entity itself: not mapped", c.field)
			continue
		}
		dep, ok := im.target(e, c.ref, c.pos, c.field)
		if !ok {
			continue
		}
		key := depKey(dep)
		if i, ok := seen[key]; ok {
			// The same target twice: one entry, as strong as the strongest
			// (a hard dependencyOf is not lost to a soft part-of), citing both.
			d := &out[i]
			d.Degraded = d.Degraded && c.soft
			if c.conf == draft.Fact {
				d.Provenance.Confidence = draft.Fact
			}
			d.Provenance.Source = append(d.Provenance.Source, source(c.pos, c.field))
			continue
		}
		seen[key] = len(out)
		dep.Degraded = c.soft
		dep.Provenance = draft.Provenance{Source: []string{source(c.pos, c.field)}, Confidence: c.conf}
		out = append(out, dep)
	}
	return append(out, groups...)
}

// depKey identifies what an entry depends on, to drop repeats.
func depKey(d draft.Dep) string {
	if d.Group == draft.None {
		return d.Ref
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d(", d.Group)
	for _, m := range d.Members {
		b.WriteString(depKey(m) + ",")
	}
	return b.String() + ")"
}

// anyOf builds the any_of entry of one group of the any-of annotation and
// takes its members out of cands.
func (im *importer) anyOf(e *entity, group []string, cands *[]candidate) (draft.Dep, bool) {
	at := e.ann[AnnAnyOf].pos
	var members []draft.Dep
	for _, m := range group {
		r, _ := ParseRef(m, "component", e.ref.Namespace)
		*cands = slices.DeleteFunc(*cands, func(c candidate) bool { return c.ref == r })
		if r == e.ref {
			im.note(at, e.ref, "%s names the entity itself: not mapped", AnnAnyOf)
			continue
		}
		if dep, ok := im.target(e, r, at, AnnAnyOf); ok {
			members = append(members, dep)
		}
	}
	switch len(members) {
	case 0:
		im.note(at, e.ref, "no member of the %s group %q maps: the group is not written", AnnAnyOf, strings.Join(group, ", "))
		return draft.Dep{}, false
	case 1:
		members[0].Provenance = draft.Provenance{Source: []string{source(at, AnnAnyOf)}, Confidence: draft.Fact}
		return members[0], true
	}
	dep := draft.AnyOfDeps(members...)
	dep.Provenance = draft.Provenance{Source: []string{source(at, AnnAnyOf)}, Confidence: draft.Fact}
	return dep, true
}

// target resolves a reference of e to the entry that depends on it: a
// customer's id, a resource's catalog ref or service, or the providers of
// an API. A reference that maps to nothing is noted, and ok is false.
func (im *importer) target(e *entity, r Ref, at catalog.Pos, field string) (dep draft.Dep, ok bool) {
	if t, ok := im.opts.Map.lookup(r); ok && r.Kind == "resource" {
		im.useMap(r)
		im.include(t)
		return draft.Ref(t), true
	}
	t := im.byRef[r]
	switch {
	case t == nil:
		im.note(at, e.ref, "%s names %s, which is not in the input: not mapped", field, r)
		return dep, false
	case isCustomer(t):
		return draft.Ref(im.id[r]), true
	case mapped(t) && r.Kind == "resource":
		if ref := im.cloudRef(t); ref != "" {
			im.include(ref)
			return draft.Ref(ref), true
		}
		return draft.Ref(Provider + "/" + im.id[r]), true
	case mapped(t) && r.Kind == "api":
		return im.api(e, t, at, field)
	}
	im.note(at, e.ref, "%s names %s, a %s, which is not mapped", field, r, firstOf(backstageKinds[r.Kind], t.kind))
	return dep, false
}

// api resolves a dependency on an API to the components that provide it.
func (im *importer) api(e, api *entity, at catalog.Pos, field string) (draft.Dep, bool) {
	var members []draft.Dep
	for _, p := range im.providers[api.ref] {
		if p == e.ref {
			continue // a component consuming its own API
		}
		if pe := im.byRef[p]; isCustomer(pe) {
			members = append(members, draft.Ref(im.id[p]))
		}
	}
	switch len(members) {
	case 0:
		im.note(at, e.ref, "%s names %s, which no component of the input provides: not mapped", field, api.ref)
		return draft.Dep{}, false
	case 1:
		return members[0], true
	}
	if api.ann[AnnProviders].s == "any-of" {
		return draft.AnyOfDeps(members...), true
	}
	return draft.AllOfDeps(members...), true
}

// include adds the bundled model of a catalog ref's provider, if there is
// one, to the catalog's includes; else the ref is external.
func (im *importer) include(ref string) {
	if im.bundled.model(ref) != nil {
		im.includes[provider(ref)] = true
	} else {
		im.external[ref] = true
	}
}

// parseGroups splits an annotation value into groups (by ";") of members
// (by ","), each trimmed; empty ones are left out.
func parseGroups(s string) [][]string {
	var out [][]string
	for _, g := range strings.Split(s, ";") {
		var members []string
		for _, m := range strings.Split(g, ",") {
			if m = strings.TrimSpace(m); m != "" {
				members = append(members, m)
			}
		}
		if len(members) > 0 {
			out = append(out, members)
		}
	}
	return out
}

// checkAnnotations reports blastradius.io annotations that are unknown or
// malformed.
func (im *importer) checkAnnotations(e *entity) {
	for _, k := range slices.Sorted(maps.Keys(e.ann)) {
		if !strings.HasPrefix(k, annPrefix) {
			continue
		}
		v := e.ann[k]
		switch k {
		case AnnRef:
			if why := checkCatalogRef(v.s); why != "" {
				im.p.errorf(v.pos, "%s %q %s", k, v.s, why)
			} else if why := im.bundled.check(v.s); why != "" {
				im.p.errorf(v.pos, "%s: %s", k, why)
			}
		case AnnAnyOf, AnnSoft:
			groups := parseGroups(v.s)
			if len(groups) == 0 {
				im.p.errorf(v.pos, "%s is empty", k)
			}
			if k == AnnSoft && strings.Contains(v.s, ";") {
				im.p.errorf(v.pos, "%s takes one list of references separated by \",\", not groups", k)
			}
			for _, g := range groups {
				for _, m := range g {
					if _, err := ParseRef(m, "component", e.ref.Namespace); err != nil {
						im.p.errorf(v.pos, "%s", refError(k, m, err))
					}
				}
			}
		case AnnCritical:
			if v.s != "true" && v.s != "false" {
				im.p.errorf(v.pos, "%s must be \"true\" or \"false\", got %q", k, v.s)
			}
		case AnnProviders:
			if v.s != "any-of" && v.s != "all-of" {
				im.p.errorf(v.pos, "%s must be \"any-of\" or \"all-of\", got %q", k, v.s)
			}
		default:
			hint := ""
			if s := catalog.Closest(k, annotations); s != "" {
				hint = fmt.Sprintf("; did you mean %q?", s)
			}
			im.p.errorf(v.pos, "unknown annotation %s (known: %s)%s", k, strings.Join(annotations, ", "), hint)
		}
	}
}

// checkCatalogRef says why s is not a catalog ref of the grammar
// provider[/service][@location] (or a customer id), or "".
func checkCatalogRef(s string) string {
	head, loc, hasLoc := strings.Cut(s, "@")
	prov, svc, hasSvc := strings.Cut(head, "/")
	parts := []string{prov}
	if hasSvc {
		parts = append(parts, svc)
	}
	if hasLoc {
		parts = append(parts, loc)
	}
	for _, part := range parts {
		if why := draft.ValidID(part); why != "" {
			return "is not a catalog ref (provider, provider@location, provider/service or provider/service@location): a part " + why
		}
	}
	return ""
}

// header is the comment at the top of the written catalog.
func header(res *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Imported from Backstage descriptors by blastradius import backstage:\n")
	fmt.Fprintf(&b, "%s read; %s (Components, Systems, Domains), %s of %s (Resources).\n",
		phrase.Count(res.Entities, "entity", "entities"), phrase.Count(res.Customers, "customer", "customers"), phrase.Count(res.Services, "service", "services"), Provider)
	b.WriteString("Regenerate it rather than edit it; put hand-written parts in other files of the catalog directory.\n")
	if len(res.Notes) == 0 {
		b.WriteString("\nEverything read was mapped.\n")
		return b.String()
	}
	fmt.Fprintf(&b, "\nNot mapped (%d):\n", len(res.Notes))
	for _, n := range res.Notes {
		b.WriteString("  " + n.String() + "\n")
	}
	return b.String()
}
