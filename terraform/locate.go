package terraform

import (
	"fmt"
	"strings"

	"github.com/blastradius/blastradius/catalog"
)

// target is where one resource runs in the catalog: one ref, or several
// alternatives of which one is enough (replicas), written as any_of.
type target struct {
	refs []string
	// note says how the mapping approximates; "" when it is exact.
	note string
}

// env is what mapping a resource may consult besides its own values.
type env struct {
	table   map[string]Mapping
	models  *catalog.Catalog
	zoneIDs map[string]string    // AWS AZ name → AZ ID: --zone-map, then the state's subnets
	byID    map[string]*resource // the managed resources by their values.id
	// configRegion is the region of the provider configuration of a
	// resource, from a plan's configuration; "" when unknown.
	configRegion func(r *resource) string
}

// str returns a string attribute of r, "" when absent or not a string.
func str(v map[string]any, key string) string {
	s, _ := v[key].(string)
	return s
}

// boolean returns a bool attribute of r.
func boolean(v map[string]any, key string) bool {
	b, _ := v[key].(bool)
	return b
}

// block returns the first element of a nested block (a list of objects),
// or nil.
func block(v map[string]any, key string) map[string]any {
	if l, ok := v[key].([]any); ok && len(l) > 0 {
		m, _ := l[0].(map[string]any)
		return m
	}
	m, _ := v[key].(map[string]any)
	return m
}

// blocks returns every element of a nested block that is an object.
func blocks(v map[string]any, key string) []map[string]any {
	l, _ := v[key].([]any)
	var out []map[string]any
	for _, e := range l {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// strings returns a list-of-strings attribute.
func stringList(v map[string]any, key string) []string {
	l, _ := v[key].([]any)
	var out []string
	for _, e := range l {
		if s, ok := e.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// node returns the node ref names in the bundled models, or nil.
func (e *env) node(ref string) *catalog.Node { return e.models.Node(ref) }

// is reports whether loc names a node of kind k of provider prov.
func (e *env) is(prov, loc string, k catalog.Kind) bool {
	if loc == "" || strings.ContainsAny(loc, "/@") {
		return false
	}
	n := e.node(prov + "@" + loc)
	return n != nil && n.Kind == k
}

// ref checks that ref names a node of the bundled models.
func (e *env) ref(ref string) (target, string) {
	if strings.Count(ref, "@") > 1 || e.node(ref) == nil {
		return target{}, fmt.Sprintf("%s is not in the bundled model", ref)
	}
	return target{refs: []string{ref}}, ""
}

// global maps to a global service.
func (e *env) global(prov, svc string) (target, string) { return e.ref(prov + "/" + svc) }

// regional maps to a service in the region of r.
func (e *env) regional(r *resource, prov, svc string) (target, string) {
	region := e.region(r, prov)
	if region == "" {
		return target{}, "no region: its values name none and no provider configuration gives one"
	}
	if !e.is(prov, region, catalog.KindRegion) {
		return target{}, fmt.Sprintf("region %q is not a region of the bundled model %s", region, prov)
	}
	return e.ref(prov + "/" + svc + "@" + region)
}

// inRegions maps to any_of a regional service in the given regions (one
// region: a plain ref).
func (e *env) inRegions(prov, svc string, regions []string) (target, string) {
	var t target
	seen := map[string]bool{}
	for _, region := range regions {
		region = normalizeRegion(prov, region)
		if !e.is(prov, region, catalog.KindRegion) {
			return target{}, fmt.Sprintf("region %q is not a region of the bundled model %s", region, prov)
		}
		ref := prov + "/" + svc + "@" + region
		if !seen[ref] {
			seen[ref] = true
			t.refs = append(t.refs, ref)
		}
	}
	if len(t.refs) == 0 {
		return target{}, "no region"
	}
	for _, ref := range t.refs {
		if _, why := e.ref(ref); why != "" {
			return target{}, why
		}
	}
	return t, ""
}

// zonal maps to a zonal service in the zone of r when it is known, else to
// the service's regional view, noting the approximation.
func (e *env) zonal(r *resource, prov, svc, zone, why string) (target, string) {
	if zone != "" && e.is(prov, zone, catalog.KindZone) {
		return e.ref(prov + "/" + svc + "@" + zone)
	}
	t, reason := e.regional(r, prov, svc)
	if reason != "" {
		return t, reason
	}
	if why == "" {
		why = "its zone is not known"
	}
	t.note = fmt.Sprintf("%s: the regional view %s (any_of its zones) stands in, which reads the loss of one zone as degraded, not down", why, t.refs[0])
	return t, ""
}

// normalizeRegion writes a region as the bundled model names it: GCP
// locations in lower case, Azure locations as programmatic names ("East
// US" → eastus).
func normalizeRegion(prov, s string) string {
	switch prov {
	case "gcp":
		return strings.ToLower(s)
	case "azure":
		return strings.ToLower(strings.ReplaceAll(s, " ", ""))
	}
	return s
}

// region finds the region of r: its own attributes first, then its
// provider configuration.
func (e *env) region(r *resource, prov string) string {
	v := r.Values
	switch prov {
	case "aws":
		if s := str(v, "region"); s != "" {
			return s
		}
		if id := str(v, "availability_zone_id"); id != "" {
			if n := e.node("aws@" + id); n != nil && n.Kind == catalog.KindZone {
				return n.Region
			}
		}
		if az := str(v, "availability_zone"); az != "" {
			return strings.TrimRight(az, "abcdefghijklmnopqrstuvwxyz")
		}
		for _, key := range []string{"arn", "id"} { // many ids are ARNs
			if region := arnRegion(str(v, key)); region != "" {
				return region
			}
		}
	case "gcp":
		for _, key := range []string{"region", "location", "location_id"} {
			if loc := strings.ToLower(str(v, key)); loc != "" {
				if e.is("gcp", loc, catalog.KindZone) {
					return e.node("gcp@" + loc).Region
				}
				return loc
			}
		}
		if zone := str(v, "zone"); zone != "" {
			if e.is("gcp", zone, catalog.KindZone) {
				return e.node("gcp@" + zone).Region
			}
		}
	case "azure":
		if loc := str(v, "location"); loc != "" {
			return normalizeRegion("azure", loc)
		}
	}
	return e.configRegion(r)
}

// arnRegion returns the region field of an ARN
// (arn:partition:service:region:account:resource), "" when it has none.
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}

// awsZone finds the AZ ID of an AWS resource: its availability_zone_id,
// that of its subnet (when the subnet is in the same file), or its AZ name
// through the zone map. It returns the AZ name when no ID is known.
func (e *env) awsZone(r *resource, nameKey string) (id, name string) {
	v := r.Values
	if id := str(v, "availability_zone_id"); id != "" {
		return id, ""
	}
	if sub, ok := e.byID[str(v, "subnet_id")]; ok && sub.Type == "aws_subnet" {
		if id := str(sub.Values, "availability_zone_id"); id != "" {
			return id, ""
		}
		if name == "" {
			name = str(sub.Values, "availability_zone")
		}
	}
	if n := str(v, nameKey); n != "" {
		name = n
	}
	if id, ok := e.zoneIDs[name]; ok {
		return id, ""
	}
	return "", name
}

// awsZonal maps an AWS resource that runs in one AZ.
func (e *env) awsZonal(r *resource, svc, nameKey string) (target, string) {
	id, name := e.awsZone(r, nameKey)
	why := "its Availability Zone is not known"
	switch {
	case id != "" && !e.is("aws", id, catalog.KindZone):
		why = fmt.Sprintf("AZ ID %q is not in the bundled model", id)
	case name != "":
		why = fmt.Sprintf("AZ name %s stands for a different AZ ID in every account and none is known (pass --zone-map %s=AZ-ID, or keep its aws_subnet with availability_zone_id in the state)", name, name)
	}
	return e.zonal(r, "aws", svc, id, why)
}
