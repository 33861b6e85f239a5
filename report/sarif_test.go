package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/browsertest"
)

// sarifSchema is the SARIF 2.1.0 JSON schema of Microsoft's SARIF SDK,
// installed by .ci/run (npm ci in testdata/sarif).
const sarifSchema = "testdata/sarif/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"

func loadSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(sarifSchema)
	if err != nil {
		browsertest.Missing(t, "no SARIF schema ("+err.Error()+")")
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSARIF validates the SARIF of a violated catalog against the official
// schema and checks that its results point at the right YAML lines.
func TestSARIF(t *testing.T) {
	schema := loadSchema(t)
	for _, tc := range []struct {
		catalog string
		want    map[string]string // ruleId → "file:line:col" of its first result
	}{
		{"../examples/ci/head/catalog.yaml", map[string]string{
			"policy/critical-survives-region": "../examples/ci/head/catalog.yaml:18:5", // - id: shop
			"policy/region-cap":               "../examples/ci/head/catalog.yaml:28:5", // - id: blog
			"lint/shared-fate":                "../examples/ci/head/catalog.yaml:27:9", // billing's any_of
		}},
		{"../examples/ci/base/catalog.yaml", map[string]string{}},
	} {
		cat, err := catalog.Load(tc.catalog)
		if err != nil {
			t.Fatal(err)
		}
		g := graph.New(cat)
		results, err := g.CheckPolicies(nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := WriteCheck(&out, cat, results, g.Lint(), SARIF); err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s: SARIF does not validate: %v", tc.catalog, err)
		}
		var log struct {
			Runs []struct {
				Results []struct {
					RuleID    string
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
							Region           struct{ StartLine, StartColumn int }
						}
					}
					RelatedLocations []struct {
						PhysicalLocation struct {
							Region struct{ StartLine int }
						}
					}
				}
			}
		}
		if err := json.Unmarshal(out.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range log.Runs[0].Results {
			if _, seen := got[r.RuleID]; seen {
				continue
			}
			l := r.Locations[0].PhysicalLocation
			got[r.RuleID] = strings.Join([]string{l.ArtifactLocation.URI, itoa(l.Region.StartLine), itoa(l.Region.StartColumn)}, ":")
			if strings.HasPrefix(r.RuleID, "policy/") && (len(r.RelatedLocations) != 1 || r.RelatedLocations[0].PhysicalLocation.Region.StartLine < 30) {
				t.Errorf("%s: the policy's own line is not a related location: %+v", r.RuleID, r.RelatedLocations)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: rules with results %v, want %v", tc.catalog, got, tc.want)
		}
		for rule, want := range tc.want {
			if got[rule] != want {
				t.Errorf("%s: %s at %s, want %s", tc.catalog, rule, got[rule], want)
			}
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
