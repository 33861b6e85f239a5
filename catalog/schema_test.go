package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blastradius/blastradius/catalog/catalogtest"
	"github.com/blastradius/blastradius/models"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// compileSchema compiles a catalog schema as a draft-07 validator does,
// checking it against the draft-07 metaschema on the way.
func compileSchema(t testing.TB, data []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	if err := c.AddResource("catalog.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("catalog.schema.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

// documents turns a catalog file into the JSON values the schema sees: one
// per YAML document, as an editor reads them (YAML maps with keys that are
// not strings get the keys' text), or the one value of a JSON file.
func documents(name string, data []byte) ([]any, error) {
	if isJSON(name) {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		return []any{v}, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, jsonValue(v))
	}
}

// jsonValue converts a value yaml.v3 decoded into the types of a JSON
// value. Numbers stay Go numbers, which the validator takes as they are
// (and .inf or .nan as no JSON number).
func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = jsonValue(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = jsonValue(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = jsonValue(x)
		}
		return out
	}
	return v
}

// validateFile validates every document of a file. It returns the
// validation errors, and what keeps the schema from seeing the file (it is
// not YAML or JSON, or holds no document), or "".
func validateFile(s *jsonschema.Schema, name string, data []byte) (invalid []error, broken string) {
	vals, err := documents(name, data)
	switch {
	case err != nil:
		return nil, fmt.Sprintf("%s: %v", name, err)
	case len(vals) == 0:
		return nil, name + ": no document"
	}
	for _, v := range vals {
		if err := s.Validate(v); err != nil {
			invalid = append(invalid, err)
		}
	}
	return invalid, ""
}

// validatePath validates the file at path, as validateFile does.
func validatePath(t *testing.T, s *jsonschema.Schema, path string) (invalid []error, broken string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return validateFile(s, path, data)
}

// catalogFiles lists the catalog files of a path: the file, or every
// catalog file below the directory.
func catalogFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && IsCatalogFile(p) {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSchemaAcceptsValidCatalogs validates every example catalog, every
// bundled model and the valid test catalogs, each document of each file.
func TestSchemaAcceptsValidCatalogs(t *testing.T) {
	s := compileSchema(t, JSONSchema())
	for _, pattern := range []string{
		"../examples/aws-2021-12-07/*.yaml",
		"../examples/vendor-concentration/*.yaml",
		"../examples/ci/*/*.yaml",
		"../models/*/*.yaml",
		"testdata/valid/*.yaml",
		"../cmd/blastradius/testdata/json/valid.json",
	} {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s matches no file (%v)", pattern, err)
		}
		for _, f := range files {
			invalid, broken := validatePath(t, s, f)
			if broken != "" {
				t.Error(broken)
			}
			for _, e := range invalid {
				t.Errorf("%s: the schema rejects a valid catalog:\n%v", f, e)
			}
		}
	}
}

// verdict is what the schema makes of a broken catalog of
// testdata/invalid.
type verdict struct {
	kind int
	why  string
}

const (
	rejected  = iota // the schema rejects a document of the catalog
	inexpress        // the schema accepts every document: the mistake is beyond a schema
	notYAML          // the schema sees no document: the YAML itself is broken or empty
)

func rejects(why string) verdict        { return verdict{rejected, why} }
func notExpressible(why string) verdict { return verdict{inexpress, why} }
func yamlLevel(why string) verdict      { return verdict{notYAML, why} }

// invalidVerdicts names, for every case of testdata/invalid, whether the
// schema rejects it, and why (not).
var invalidVerdicts = map[string]verdict{
	"01-yaml-bad-indentation":                  yamlLevel("YAML syntax error"),
	"02-yaml-unclosed-bracket":                 yamlLevel("YAML syntax error"),
	"03-yaml-tab-indentation":                  yamlLevel("YAML syntax error"),
	"04-empty-file":                            yamlLevel("an empty file has no document"),
	"05-top-level-list":                        rejects("the catalog is an object"),
	"06-missing-version":                       notExpressible("version is required once per catalog, in any of its files"),
	"07-version-2":                             rejects("version is const 1"),
	"08-unknown-top-level-key":                 rejects("unknown key"),
	"09-type-weight-string":                    rejects("weight is a number"),
	"10-type-depends-on-map":                   rejects("depends_on is an array"),
	"11-type-zones-string":                     rejects("zones is an array"),
	"12-type-quorum-string":                    rejects("quorum is an integer"),
	"13-type-tags-list-value":                  rejects("tag values are strings"),
	"14-type-section-map":                      rejects("customers is an array"),
	"15-unknown-key-customer":                  rejects("unknown key"),
	"16-unknown-key-service":                   rejects("unknown key"),
	"17-unknown-key-region":                    rejects("unknown key"),
	"18-unknown-key-scenario":                  rejects("unknown key"),
	"19-unknown-key-policy":                    rejects("unknown key"),
	"20-missing-id-customer":                   rejects("id is required"),
	"21-missing-id-provider":                   rejects("id is required"),
	"22-missing-id-region":                     rejects("id is required"),
	"23-missing-id-service":                    rejects("id is required"),
	"24-missing-id-scenario":                   rejects("id is required"),
	"25-missing-id-policy":                     rejects("id is required"),
	"26-empty-id":                              rejects("id pattern: not empty"),
	"27-id-with-slash":                         rejects("id pattern: no /"),
	"28-id-with-at":                            rejects("id pattern: no @"),
	"29-id-with-space":                         rejects("id pattern: no whitespace"),
	"30-duplicate-customer-id":                 notExpressible("duplicate id"),
	"31-duplicate-customer-id-across-files":    notExpressible("duplicate id across files"),
	"32-provider-id-equals-customer-id":        notExpressible("duplicate id across sections"),
	"33-duplicate-region-id":                   notExpressible("duplicate id"),
	"34-duplicate-service-id":                  notExpressible("duplicate id"),
	"35-duplicate-zone-in-region":              rejects("zones are unique items"),
	"36-duplicate-zone-across-regions":         notExpressible("duplicate id across regions"),
	"37-zone-id-equals-region-id":              notExpressible("a zone id equal to a region id: compares two lists"),
	"38-duplicate-yaml-key":                    yamlLevel("duplicate YAML key: the parser rejects it, the schema sees one value"),
	"39-duplicate-scenario-id":                 notExpressible("duplicate id"),
	"40-unknown-ref-service-typo":              notExpressible("unknown ref"),
	"41-unknown-ref-region-typo":               notExpressible("unknown ref"),
	"42-unknown-ref-customer-typo":             notExpressible("unknown ref"),
	"43-unknown-ref-zone":                      notExpressible("unknown ref"),
	"44-unknown-ref-nested-group":              notExpressible("unknown ref"),
	"45-empty-ref":                             rejects("a ref is not empty"),
	"46-regional-service-without-location":     notExpressible("a ref's location depends on the service's scope"),
	"47-regional-service-at-zone":              notExpressible("a ref's location depends on the service's scope"),
	"48-global-service-with-location":          notExpressible("a ref's location depends on the service's scope"),
	"49-short-name-unknown-service":            notExpressible("unknown ref"),
	"50-short-name-excluded-region":            notExpressible("a short name resolves to an instance that does not exist"),
	"51-global-short-name-to-regional":         notExpressible("a short name's target scope"),
	"52-unknown-scope":                         rejects("scope enum"),
	"53-regions-unknown-region":                notExpressible("unknown region"),
	"54-empty-any-of":                          rejects("any_of minItems 1"),
	"55-empty-all-of":                          rejects("all_of minItems 1"),
	"56-empty-of":                              rejects("of minItems 1"),
	"57-quorum-zero":                           rejects("quorum minimum 1"),
	"58-quorum-exceeds-members":                notExpressible("quorum compared with the length of of"),
	"59-quorum-without-of":                     rejects("quorum depends on of"),
	"60-of-without-quorum":                     rejects("of depends on quorum"),
	"61-entry-ref-and-any-of":                  rejects("exactly one of ref, all_of, any_of, quorum"),
	"62-entry-without-kind":                    rejects("exactly one of ref, all_of, any_of, quorum"),
	"63-weight-negative":                       rejects("weight minimum 0"),
	"64-weight-inf":                            rejects("weight is finite: .inf is above the maximum, and no JSON number"),
	"65-weight-nan":                            rejects(".nan is no JSON number: the validator rejects it; an editor may not"),
	"66-unknown-impact":                        rejects("impact enum"),
	"67-scenario-unknown-ref":                  notExpressible("unknown ref"),
	"68-scenario-sets-nothing":                 rejects("fail or degrade lists a ref"),
	"69-policy-unknown-survive":                rejects("survive enum"),
	"70-policy-allow-down":                     rejects("allow enum"),
	"71-policy-survive-and-max-down-share":     rejects("one of survive, max_down_share, min_availability"),
	"72-policy-checks-nothing":                 rejects("one of survive, max_down_share, min_availability"),
	"73-max-down-share-over-one":               rejects("share maximum 1"),
	"74-select-non-string":                     rejects("select values are strings"),
	"75-version-missing-in-directory":          notExpressible("version is required once per catalog, in any of its files"),
	"76-nested-dir-and-yml":                    rejects("unknown key"),
	"77-multi-errors-one-file":                 rejects("unknown key, weight type, impact and allow enums (refs and the duplicate zone are beyond it)"),
	"78-multi-errors-across-files":             rejects("weight minimum 0 (refs, regions and the duplicate id are beyond it)"),
	"79-yaml-error-plus-semantic-across-files": rejects("unknown key in the file that parses"),
	"80-alias-bomb":                            yamlLevel("alias expansion: the parser refuses it"),
	"81-control-characters":                    rejects("no control characters or line breaks in a name or an id"),
	"82-weight-overflow":                       notExpressible("the total weight of all customers overflows"),
	"83-empty-lists":                           rejects("regions minItems 1; fail or degrade lists a ref"),
	"84-hidden-names":                          rejects("unknown key"),
	"85-raw-control-byte":                      yamlLevel("YAML syntax error: a raw control byte"),
	"86-lint-unknown-rule":                     rejects("lint rule enum"),
	"87-lint-unknown-key":                      rejects("unknown key"),
	"88-lint-wrong-types":                      rejects("disable is an array of rule ids; lint is an object"),
	"89-lint-across-files":                     rejects("lint rule enum"),
	"90-short-name-excluded-regions":           notExpressible("a short name resolves to instances that do not exist"),
	"91-provenance":                            rejects("confidence enum, source not blank nor empty, types"),
	"92-when":                                  rejects("when enum and type"),
	"93-entry-regions":                         rejects("regions minItems 1, none on a member, a customer's or a global service's entry (unknown regions are beyond it)"),
	"94-expect":                                rejects("unknown key, expect lists something, expect is an object (the unknown ref is beyond it)"),
	"95-include":                               rejects("include names a bundled model"),
}

// TestSchemaInvalidCatalogs checks the verdict on every broken catalog of
// testdata/invalid, and that every case there has one.
func TestSchemaInvalidCatalogs(t *testing.T) {
	s := compileSchema(t, JSONSchema())
	entries, err := os.ReadDir("testdata/invalid")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasSuffix(name, ".yaml") {
			cases[strings.TrimSuffix(name, ".yaml")] = true
		}
	}
	for name := range cases {
		if _, ok := invalidVerdicts[name]; !ok {
			t.Errorf("testdata/invalid/%s has no verdict: add it to invalidVerdicts", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(invalidVerdicts)) {
		want := invalidVerdicts[name]
		t.Run(name, func(t *testing.T) {
			if !cases[name] {
				t.Fatalf("no case testdata/invalid/%s", name)
			}
			var rejectedBy []error
			var broken []string
			path := filepath.Join("testdata", "invalid", name)
			if info, err := os.Stat(path); err != nil || !info.IsDir() {
				path += ".yaml"
			}
			for _, f := range catalogFiles(t, path) {
				invalid, why := validatePath(t, s, f)
				if why != "" {
					broken = append(broken, why)
				}
				rejectedBy = append(rejectedBy, invalid...)
			}
			switch want.kind {
			case rejected:
				if len(rejectedBy) == 0 {
					t.Errorf("the schema accepts it, want it rejected (%s)", want.why)
				}
			case inexpress:
				if len(broken) > 0 || len(rejectedBy) > 0 {
					t.Errorf("marked not expressible (%s), but the schema rejects it or sees no document: %v %v", want.why, broken, rejectedBy)
				}
			case notYAML:
				if len(broken) == 0 {
					t.Errorf("marked as broken YAML (%s), but every file decodes", want.why)
				}
			}
		})
	}
}

// TestSchemaAgreesWithLoader loads small catalogs with the loader and
// validates them with the schema: both must give the verdict of the table.
// The valid ones are the loader's leniencies a schema could miss; the
// invalid ones are rules of the schema beyond testdata/invalid.
func TestSchemaAgreesWithLoader(t *testing.T) {
	s := compileSchema(t, JSONSchema())
	const infra = "providers:\n  - id: p\n    regions: [{id: r, zones: [z1, z2]}, {id: r2}]\n    services:\n      - {id: s}\n      - {id: vm, scope: zonal}\n"
	tests := []struct {
		name  string
		yaml  string // after version: 1 and infra, whose services it may extend, or before infra if it sets version; or a whole JSON catalog
		valid bool
	}{
		{"numbers and booleans as strings", "customers: [{id: 123, name: true, tags: {n: 5}, depends_on: [p/s@r]}]\nscenarios: [{id: 7, fail: [123]}]", true},
		{"unicode id", "customers: [{id: café-ü, depends_on: [p]}]", true},
		{"every section empty", "customers: []\nscenarios: []\npolicies: []\ninclude: []\nlint: {disable: []}\navailability: {}\ndefaults: {}", true},
		{"one list of a scenario may be empty", "scenarios: [{id: x, fail: [], degrade: [p]}]", true},
		{"one list of expect may be empty", "scenarios: [{id: x, fail: [p], expect: {down: [], up: [p@r]}}]", true},
		{"weight zero", "customers: [{id: c, weight: 0, depends_on: [p]}]", true},
		{"availability forms", "customers: [{id: c, depends_on: [p], availability: 1}]\navailability: {p/s: {value: {value: 0.5}, source: x}, p@z1: {failures: {per_year: 0, hours_to_recover: 0}}}\ndefaults: {availability: {zone: 0.999, service: {failures: {per_year: 2, hours_to_recover: 3, confidence: guess}}}}", true},
		{"policies", "policies:\n  - {id: a, survive: zone, allow: up, source: [x, y], confidence: fact}\n  - {id: b, max_down_share: {scope: region, share: 0}}\n  - {id: c, min_availability: {select: {t: x}, availability: 0.9}}\n  - {id: d, select: {}, min_availability: 1}", true},
		{"entry forms", "customers: [{id: c, depends_on: [{quorum: 1, of: [p/s@r, {all_of: [p@r]}], impact: degraded, when: down}, {any_of: [{ref: p, source: x}]}]}]", true},
		{"region-limited entry of a zonal service", "      - {id: db, scope: zonal, depends_on: [{ref: s, regions: [r]}]}", true},
		{"include and lint", "include: [aws]\nlint: {disable: [shared-fate, shared-fate]}", true},

		{"JSON numbers as strings", `{"version": 1, "customers": [{"id": 5, "name": 1.5, "weight": 2e3}]}`, true},
		{"JSON unknown key", `{"version": 1, "customers": [{"id": "c", "wieght": 2}]}`, false},
		{"JSON weight as a string", `{"version": 1, "customers": [{"id": "c", "weight": "2"}]}`, false},
		{"version as a string", "version: '1'", false},
		{"availability zero", "customers: [{id: c, depends_on: [p], availability: 0}]", false},
		{"availability above one", "availability: {p: 1.5}", false},
		{"availability and failures", "customers: [{id: c, depends_on: [p], availability: 0.9, failures: {per_year: 1, hours_to_recover: 1}}]", false},
		{"value and failures", "availability: {p: {value: 0.9, failures: {per_year: 1, hours_to_recover: 1}}}", false},
		{"availability map without value", "availability: {p: {source: x}}", false},
		{"failures without hours", "defaults: {availability: {zone: {failures: {per_year: 1}}}}", false},
		{"negative failures", "defaults: {availability: {zone: {failures: {per_year: -1, hours_to_recover: 1}}}}", false},
		{"unknown default kind", "defaults: {availability: {customer: 0.9}}", false},
		{"allow without survive", "policies: [{id: a, max_down_share: {scope: zone, share: 0.5}, allow: up}]", false},
		{"two selects", "policies: [{id: a, select: {t: x}, min_availability: {select: {t: y}, availability: 0.9}}]", false},
		{"min_availability without availability", "policies: [{id: a, min_availability: {select: {t: y}}}]", false},
		{"share limit without scope", "policies: [{id: a, max_down_share: {share: 0.5}}]", false},
		{"regions on a group member", "      - {id: db, depends_on: [{any_of: [{ref: s, regions: [r]}]}]}", false},
		{"regions on a customer's entry", "customers: [{id: c, depends_on: [{ref: p/s@r, regions: [r]}]}]", false},
		{"regions on a global service's entry", "      - {id: iam, scope: global, depends_on: [{ref: p@r, regions: [r]}]}", false},
		{"empty entry regions", "      - {id: db, depends_on: [{ref: s, regions: []}]}", false},
		{"global service with regions", "      - {id: iam, scope: global, regions: [r]}", false},
		{"duplicate service region", "      - {id: db, regions: [r, r]}", false},
		{"blank source", "customers: [{id: c, depends_on: [p], source: ' '}]", false},
		{"empty source list", "scenarios: [{id: x, fail: [p], source: []}]", false},
		{"null name", "customers: [{id: c, name: null, depends_on: [p]}]", false},
		{"null section", "customers:", false},
		{"id with a line separator", "customers: [{id: \"a\\u2028b\", depends_on: [p]}]", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name, text := "snippet.yaml", "version: 1\n"+infra+tc.yaml+"\n"
			switch {
			case strings.HasPrefix(tc.yaml, "version:"):
				text = tc.yaml + "\n" + infra
			case strings.HasPrefix(tc.yaml, "{"):
				name, text = "snippet.json", tc.yaml
			}
			_, loadErr := parse([]string{name}, func(int) ([]byte, error) { return []byte(text), nil }, models.FS())
			invalid, broken := validateFile(s, name, []byte(text))
			if broken != "" {
				t.Fatal(broken)
			}
			if (loadErr == nil) != tc.valid {
				t.Errorf("the loader gives %v, want valid %v", loadErr, tc.valid)
			}
			if (len(invalid) == 0) != tc.valid {
				t.Errorf("the schema gives %v, want valid %v", invalid, tc.valid)
			}
		})
	}
}

// TestSchemaAcceptsWhatTheLoaderAccepts validates, with the schema, every
// catalog of other tests that the loader accepts on its own: random and
// generated catalogs, the fuzz corpus, the test catalogs of the other
// packages. None of them may be rejected.
func TestSchemaAcceptsWhatTheLoaderAccepts(t *testing.T) {
	s := compileSchema(t, JSONSchema())
	type file struct {
		name string
		data []byte
	}
	var files []file
	for seed := range uint64(200) {
		files = append(files, file{fmt.Sprintf("random-%d.yaml", seed), catalogtest.Random(rand.New(rand.NewPCG(seed, 1)))})
	}
	gen := catalogtest.Generate(catalogtest.Options{Customers: 30, CustomersPerFile: 10, Availability: true})
	for _, name := range slices.Sorted(maps.Keys(gen)) {
		files = append(files, file{name, gen[name].Data})
	}
	corpus, err := filepath.Glob("testdata/fuzz/*/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range corpus {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// go test fuzz v1, then one []byte("...") line
		_, lit, _ := strings.Cut(strings.TrimSpace(string(data)), "\n[]byte(")
		text, err := strconv.Unquote(strings.TrimSuffix(lit, ")"))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		files = append(files, file{p + ".yaml", []byte(text)})
	}
	for _, root := range []string{"../report/testdata", "../render/testdata", "../cmd/blastradius/testdata"} {
		for _, p := range catalogFiles(t, root) {
			if strings.Contains(p, "node_modules") || strings.Contains(p, string(filepath.Separator)+"golden"+string(filepath.Separator)) {
				continue
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, file{p, data})
		}
	}
	accepted := 0
	for _, f := range files {
		if _, err := parse([]string{f.name}, func(int) ([]byte, error) { return f.data, nil }, models.FS()); err != nil {
			continue
		}
		accepted++
		invalid, broken := validateFile(s, f.name, f.data)
		if broken != "" {
			t.Errorf("the loader accepts %s, but the schema cannot read it: %s", f.name, broken)
		}
		for _, e := range invalid {
			t.Errorf("the loader accepts %s, the schema rejects it:\n%v", f.name, e)
		}
	}
	if accepted < 215 {
		t.Errorf("the loader accepts %d of %d catalogs, want 215 at least: is the test blind?", accepted, len(files))
	}
}
