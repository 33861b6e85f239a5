package catalog

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

const v11 = `version: 1
providers:
  - id: aws
    name: Amazon Web Services
    source: https://example.com/fib
    confidence: fact
    regions:
      - {id: us-east-1, zones: [use1-az1, use1-az2], source: [a, b], confidence: inferred}
      - {id: us-west-2, zones: [usw2-az1]}
    services:
      - id: kinesis
      - id: ec2
        scope: zonal
        depends_on:
          - {ref: kinesis, regions: [us-east-1], when: down, source: pes, confidence: guess}
      - id: lambda
        depends_on:
          - {ref: kinesis, impact: degraded, when: down}
          - {ref: ec2, regions: [us-west-2], when: degraded}
customers:
  - id: shop
    source: contract
    confidence: fact
    depends_on:
      - {any_of: [aws/lambda@us-east-1, aws/lambda@us-west-2], source: design doc, confidence: inferred}
scenarios:
  - id: east
    fail: [aws@us-east-1]
    source: https://example.com/pes
    expect:
      down: [aws/lambda@us-east-1]
      degraded: [shop]
      affected: [aws/ec2@us-east-1]
      up: [aws/lambda@us-west-2]
policies:
  - {id: p, survive: region, source: team, confidence: guess}
`

// TestLoadV11 loads a catalog that uses every v1.1 addition and checks
// what the loader keeps of it.
func TestLoadV11(t *testing.T) {
	c, err := LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(v11)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	p := c.Providers[0]
	if !slices.Equal(p.Source, []string{"https://example.com/fib"}) || p.Confidence != Fact {
		t.Errorf("provider provenance %+v", p.Provenance)
	}
	if r := p.Regions[0]; !slices.Equal(r.Source, []string{"a", "b"}) || r.Confidence != Inferred {
		t.Errorf("region provenance %+v", r.Provenance)
	}
	// The region-limited entry exists on the zonal instances of us-east-1 only.
	for ref, want := range map[string][]string{
		"aws/ec2@use1-az1":     {"aws@use1-az1", "aws/kinesis@us-east-1"},
		"aws/ec2@usw2-az1":     {"aws@usw2-az1"},
		"aws/lambda@us-east-1": {"aws@us-east-1", "aws/kinesis@us-east-1"},
		"aws/lambda@us-west-2": {"aws@us-west-2", "aws/kinesis@us-west-2", "aws/ec2@us-west-2"},
	} {
		if got := c.Node(ref).Targets(); !slices.Equal(got, want) {
			t.Errorf("%s depends on %v, want %v", ref, got, want)
		}
	}
	e := c.Node("aws/ec2@use1-az1").Deps[1]
	if !e.WhenDown || e.Soft || e.Confidence != Guess || !slices.Equal(e.Source, []string{"pes"}) {
		t.Errorf("ec2's entry %+v", e)
	}
	l := c.Node("aws/lambda@us-west-2").Deps
	if !l[1].WhenDown || !l[1].Soft || l[2].WhenDown {
		t.Errorf("lambda's entries: when down %v/%v, soft %v", l[1].WhenDown, l[2].WhenDown, l[1].Soft)
	}
	if g := c.Node("shop").Deps[0]; g.Confidence != Inferred || g.Source[0] != "design doc" {
		t.Errorf("shop's group %+v", g.Provenance)
	}
	s := c.Scenarios[0]
	if s.Expect == nil || s.Expect.Down[0].Ref != "aws/lambda@us-east-1" || s.Expect.Up[0].Ref != "aws/lambda@us-west-2" || len(s.Expect.Affected) != 1 {
		t.Errorf("expect %+v", s.Expect)
	}
	if c.Policies[0].Confidence != Guess || c.Customers[0].Confidence != Fact {
		t.Error("policy or customer provenance lost")
	}
}

// TestInclude loads catalogs that include models of a library: includes of
// includes, each model once, ids of a model not redefinable, unknown models
// with a suggestion, bundled positions.
func TestInclude(t *testing.T) {
	lib := fstest.MapFS{
		"cloud/model.json":   {Data: []byte(`{"name": "cloud", "version": "1", "includes": []}`)},
		"cloud/cloud.yaml":   {Data: []byte("version: 1\nproviders:\n  - id: cloud\n    regions: [{id: r1}]\n    services: [{id: db}]\n")},
		"vendor/model.json":  {Data: []byte(`{"name": "vendor", "version": "1", "includes": ["cloud"]}`)},
		"vendor/vendor.yaml": {Data: []byte("version: 1\nproviders:\n  - id: vendor\n    services:\n      - {id: api, scope: global, depends_on: [cloud/db@r1]}\n")},
		"broken/model.json":  {Data: []byte(`{"name": "broken", "version": "1"}`)},
		"broken/b.yaml":      {Data: []byte("version: 1\ninclude: [cloud]\nproviders:\n  - id: broken\n    sevices: []\n")},
	}
	load := func(text string) (*Catalog, error) {
		return Loader{}.load(fstest.MapFS{"c.yaml": {Data: []byte(text)}}, ".", func(rel string) string { return rel }, lib)
	}
	c, err := load("version: 1\ninclude: [vendor, cloud]\ncustomers:\n  - {id: shop, depends_on: [vendor/api]}\n")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Models, []string{"vendor", "cloud"}) || len(c.Includes) != 2 || c.Node("cloud/db@r1") == nil {
		t.Fatalf("models %v, includes %v", c.Models, c.Includes)
	}
	if got := c.Node("cloud/db@r1").Pos.File; got != "bundled/cloud/cloud.yaml" {
		t.Errorf("a bundled node's file is %q", got)
	}
	if !slices.Equal(c.Files, []string{"bundled/vendor/vendor.yaml", "bundled/cloud/cloud.yaml", "c.yaml"}) {
		t.Errorf("files %v", c.Files)
	}
	for _, tt := range []struct{ text, want string }{
		{"version: 1\ninclude: [clod]\n", `c.yaml:2:11: unknown model "clod"; did you mean "cloud"?`},
		{"version: 1\ninclude: [zzz]\n", `c.yaml:2:11: unknown model "zzz"; bundled models: broken, cloud, vendor`},
		{"version: 1\ninclude: [cloud]\nproviders:\n  - id: cloud\n", `c.yaml:4:5: duplicate id "cloud": already a provider at bundled/cloud/cloud.yaml:3:5`},
		{"version: 1\ninclude: [broken]\n", "bundled/broken/b.yaml:2:11: a bundled model includes others through its model.json, not include\n" +
			`bundled/broken/b.yaml:5:5: unknown key "sevices" in a provider; did you mean "services"?`},
		{"version: 1\ninclude: cloud\n", "c.yaml:2:10: include must be a list, got the string \"cloud\""},
		{"include: [cloud]\n", `c.yaml:1:1: missing version: 1; add "version: 1" at the top of the catalog`},
	} {
		_, err := load(tt.text)
		var list ErrorList
		if !errors.As(err, &list) || strings.TrimSpace(list.Error()) != tt.want {
			t.Errorf("load(%q):\n got %v\nwant %s", tt.text, err, tt.want)
		}
	}
}

func TestModelCensus(t *testing.T) {
	lib := fstest.MapFS{
		"cloud/model.json": {Data: []byte(`{"name": "cloud", "version": "2", "date": "2026-12-01", "includes": []}`)},
		"cloud/cloud.yaml": {Data: []byte(`version: 1
providers:
  - id: cloud
    regions: [{id: r1, zones: [a, b]}, {id: r2}]
    services:
      - {id: net}
      - id: db
        depends_on:
          - {ref: net, source: x, confidence: fact}
          - {any_of: [net, net], confidence: guess}
          - net
`)},
		"vendor/model.json":  {Data: []byte(`{"name": "vendor", "version": "1", "includes": ["cloud"]}`)},
		"vendor/vendor.yaml": {Data: []byte("version: 1\nproviders:\n  - id: vendor\n    services:\n      - {id: api, scope: global, depends_on: [{ref: cloud/db@r1, source: y, confidence: inferred}]}\n")},
	}
	ms, err := modelsIn(lib)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Fatalf("%d models", len(ms))
	}
	c, v := ms[0], ms[1]
	if c.Name != "cloud" || c.Regions != 2 || c.Zones != 2 || c.Services != 2 || c.Edges != 4 || c.Sourced != 1 ||
		c.ByConfidence[Fact] != 1 || c.ByConfidence[Guess] != 2 || c.ByConfidence[Unknown] != 1 || !slices.Equal(c.Files, []string{"bundled/cloud/cloud.yaml"}) {
		t.Errorf("cloud: %+v", c)
	}
	if v.Name != "vendor" || v.Services != 1 || v.Edges != 1 || v.ByConfidence[Inferred] != 1 || v.Regions != 0 {
		t.Errorf("vendor: %+v", v)
	}
}

// TestMetaModel includes a model with no catalog files of its own, only
// includes (as the bundled vendors model is): its models load, each once,
// beside the catalog's own includes, and its census declares nothing.
func TestMetaModel(t *testing.T) {
	lib := fstest.MapFS{
		"cloud/model.json":   {Data: []byte(`{"name": "cloud", "version": "1", "includes": []}`)},
		"cloud/cloud.yaml":   {Data: []byte("version: 1\nproviders:\n  - id: cloud\n    regions: [{id: r1}]\n    services: [{id: db}]\n")},
		"vendor/model.json":  {Data: []byte(`{"name": "vendor", "version": "1", "includes": ["cloud"]}`)},
		"vendor/vendor.yaml": {Data: []byte("version: 1\nproviders:\n  - id: vendor\n    services:\n      - {id: api, scope: global, depends_on: [{ref: cloud/db@r1, source: s, confidence: fact}]}\n")},
		"other/model.json":   {Data: []byte(`{"name": "other", "version": "1", "includes": []}`)},
		"other/other.yaml":   {Data: []byte("version: 1\nproviders:\n  - id: other\n    services: [{id: mail, scope: global}]\n")},
		"all/model.json":     {Data: []byte(`{"name": "all", "version": "1", "includes": ["vendor", "other"]}`)},
		"all/README.md":      {Data: []byte("# all\n")},
	}
	load := func(text string) (*Catalog, error) {
		return Loader{}.load(fstest.MapFS{"c.yaml": {Data: []byte(text)}}, ".", func(rel string) string { return rel }, lib)
	}
	for _, tt := range []struct {
		include string
		files   []string // in order of first mention, breadth first
	}{
		{"[all]", []string{"bundled/vendor/vendor.yaml", "bundled/other/other.yaml", "bundled/cloud/cloud.yaml", "c.yaml"}},
		{"[vendor, all, cloud]", []string{"bundled/vendor/vendor.yaml", "bundled/cloud/cloud.yaml", "bundled/other/other.yaml", "c.yaml"}},
	} {
		text := "version: 1\ninclude: " + tt.include + "\ncustomers:\n  - {id: shop, depends_on: [vendor/api, other/mail]}\n"
		c, err := load(text)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if got := slices.Sorted(slices.Values(c.Models)); !slices.Equal(got, []string{"all", "cloud", "other", "vendor"}) {
			t.Errorf("%q: models %v", text, c.Models)
		}
		if !slices.Equal(c.Files, tt.files) {
			t.Errorf("%q: files %v", text, c.Files)
		}
		if len(c.Providers) != 3 || c.Node("shop") == nil {
			t.Errorf("%q: %d providers", text, len(c.Providers))
		}
	}
	ms, err := modelsIn(lib)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ms, func(m Model) bool { return m.Name == "all" })
	if i < 0 {
		t.Fatal("no model all")
	}
	if a := ms[i]; len(a.Files) != 0 || len(a.Providers) != 0 || a.Services != 0 || a.Edges != 0 || !slices.Equal(a.Includes, []string{"vendor", "other"}) {
		t.Errorf("all: %+v", a)
	}
}
