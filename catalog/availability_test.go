package catalog

import (
	"errors"
	"maps"
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

const availabilityCatalog = `version: 1
defaults:
  availability: {zone: 0.999, service: 0.9995}
providers:
  - id: p
    availability: {value: 0.99999, source: "https://example.com/sla", confidence: inferred}
    regions:
      - {id: r1, zones: [z1, z2], failures: {per_year: 2, hours_to_recover: 4.38}}
      - {id: r2, zones: [z3]}
    services:
      - {id: vm, scope: zonal}
      - {id: db, failures: {per_year: 87.6, hours_to_recover: 1, source: "postmortems", confidence: fact}, depends_on: [vm]}
      - {id: dns, scope: global, availability: 1}
      - {id: cache, availability: 0.5}
customers:
  - {id: shop, availability: 0.9, depends_on: [p/db@r1]}
  - {id: blog, depends_on: [p/dns]}
availability:
  p/vm@z2: {failures: {per_year: 1, hours_to_recover: 8.76}}
  p@r2: 0.5
  p/cache: 0.99   # every instance, over the declaration
  p/cache@r2: 0.9 # but this one
`

func TestAvailability(t *testing.T) {
	c, err := LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(availabilityCatalog)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]float64{
		"p":          0.00001,
		"p@r1":       0.001, // 2 × 4.38 / 8760
		"p@r2":       0.5,   // the section wins
		"p@z1":       0.001, // the zone default
		"p/vm@z1":    0.0005,
		"p/vm@z2":    0.001,
		"p/vm@r1":    0, // a regional view never fails by itself
		"p/db@r1":    0.01,
		"p/db@r2":    0.01,
		"p/dns":      0,
		"p/cache@r1": 0.01,
		"p/cache@r2": 0.1,
		"shop":       0.1,
		"blog":       0,
	} {
		n := c.Node(ref)
		if n == nil {
			t.Fatalf("no node %s", ref)
		}
		if math.Abs(n.Unavailability-want) > 1e-12 {
			t.Errorf("%s: unavailability %g, want %g", ref, n.Unavailability, want)
		}
	}
	if a := c.Providers[0].Availability; a.Confidence != Inferred || len(a.Source) != 1 || a.Source[0] != "https://example.com/sla" {
		t.Errorf("provider availability provenance %+v", a.Provenance)
	}
	if a := c.Providers[0].Services[1].Availability; a.Confidence != Fact || a.PerYear != 87.6 {
		t.Errorf("service failures %+v", a)
	}
	data, _ := c.MarshalBinary()
	d, err := UnmarshalBinary(data)
	if err != nil {
		t.Fatal(err)
	}
	sameCatalog(t, c, d)
	// Where each figure comes from, the same after the binary round trip.
	for _, cat := range []*Catalog{c, d} {
		got := cat.Availabilities()
		for ref, want := range map[string]string{
			"p": "0.99999", "p@r1": "failures 2/year × 4.38 h", "p@r2": "0.5", "p@z1": "0.999",
			"p/vm@z2": "failures 1/year × 8.76 h", "p/cache@r1": "0.99", "p/cache@r2": "0.9", "shop": "0.9",
		} {
			if a := got[ref]; a == nil || a.String() != want {
				t.Errorf("Availabilities()[%s] = %v, want %s", ref, a, want)
			}
		}
		for _, ref := range []string{"p/vm@r1", "blog"} {
			if a, ok := got[ref]; ok {
				t.Errorf("Availabilities()[%s] = %v, want none", ref, a)
			}
		}
		if a := got["p"]; a == nil || a.Confidence != Inferred {
			t.Errorf("p: provenance lost: %+v", a)
		}
	}
}

func TestAvailabilityErrors(t *testing.T) {
	const head = "version: 1\nproviders: [{id: p, regions: [{id: r, zones: [z]}], services: [{id: vm, scope: zonal}]}]\n"
	tests := []struct {
		name, text, want string
	}{
		{"zero", "providers: [{id: q, availability: 0}]", "c.yaml:4:35: availability must be in (0, 1], got 0"},
		{"above one", "providers: [{id: q, availability: 1.5}]", "availability must be in (0, 1], got 1.5"},
		{"not a number", "providers: [{id: q, availability: high}]", `availability must be a number, got the string "high"`},
		{"both", "providers: [{id: q, availability: 0.9, failures: {per_year: 1, hours_to_recover: 1}}]", "availability and failures both given"},
		{"missing key", "providers: [{id: q, failures: {per_year: 1}}]", "failures needs hours_to_recover"},
		{"negative", "providers: [{id: q, failures: {per_year: -1, hours_to_recover: 1}}]", "per_year must not be negative, got -1"},
		{"never up", "providers: [{id: q, failures: {per_year: 365, hours_to_recover: 24}}]", "leave the node never up"},
		{"unknown ref", "availability: {p@nowhere: 0.9}", `unknown ref "p@nowhere"`},
		{"view", "availability: {p/vm@r: 0.9}", "p/vm@r is the regional view of a zonal service, which never fails by itself; give each zone's instance its availability, or the service p/vm every instance's"},
		{"unknown service", "availability: {p/cache: 0.9}", `unknown ref "p/cache"`},
		{"duplicate service", "availability: {p/vm: 0.9}\n---\navailability: {p/vm: 0.8}", "duplicate availability for p/vm"},
		{"duplicate ref", "availability: {p@z: 0.9}\n---\navailability: {p@z: 0.8}", "duplicate availability for p@z"},
		{"duplicate default", "defaults: {availability: {zone: 0.9}}\n---\ndefaults: {availability: {zone: 0.8}}", "duplicate default availability for zone"},
		{"unknown kind", "defaults: {availability: {customer: 0.9}}", `unknown key "customer" in default availabilities`},
		{"not a map", "availability: [p@z]", "availability must be a map from refs to availabilities, got a list"},
		{"value and failures", "availability: {p@z: {value: 0.9, failures: {per_year: 1, hours_to_recover: 1}}}", "value and failures both given"},
		{"neither", "availability: {p@z: {source: x}}", "an availability needs value or failures"},
		{"bad confidence", "availability: {p@z: {value: 0.9, confidence: certain}}", `confidence`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(head + "---\n" + tt.text + "\n")}}, ".")
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("err = %v, want an ErrorList", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("errors:\n%v\nwant one with %q", err, tt.want)
			}
		})
	}
}

func TestMinAvailabilityPolicy(t *testing.T) {
	const head = "version: 1\ncustomers: [{id: a, tags: {tier: gold}}]\n---\n"
	tests := []struct {
		name, text string
		want       float64
		sel        map[string]string
		err        string
	}{
		{"number", "policies: [{id: p, select: {tier: gold}, min_availability: 0.999}]", 0.999, map[string]string{"tier": "gold"}, ""},
		{"map", "policies: [{id: p, min_availability: {select: {tier: gold}, availability: 0.9995}}]", 0.9995, map[string]string{"tier": "gold"}, ""},
		{"two selects", "policies: [{id: p, select: {a: b}, min_availability: {select: {tier: gold}, availability: 0.9}}]", 0, nil, "the policy has a select already"},
		{"failures", "policies: [{id: p, min_availability: {failures: {per_year: 1, hours_to_recover: 1}}}]", 0, nil, `unknown key "failures" in min_availability`},
		{"with survive", "policies: [{id: p, survive: region, min_availability: 0.9}]", 0, nil, "a policy takes one of survive, max_down_share and min_availability"},
		{"out of range", "policies: [{id: p, min_availability: 2}]", 0, nil, "availability must be in (0, 1], got 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(head + tt.text + "\n")}}, ".")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p := c.Policies[0]
			if p.MinAvailability != tt.want || !maps.Equal(p.Select, tt.sel) {
				t.Errorf("policy %+v, want min %g select %v", p, tt.want, tt.sel)
			}
		})
	}
}
