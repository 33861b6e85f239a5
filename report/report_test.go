package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blastradius/blastradius/internal/golden"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/report"
)

// catalogs the tests evaluate, by name.
func loadGraph(t *testing.T, name string) *graph.Graph {
	t.Helper()
	var (
		cat *catalog.Catalog
		err error
	)
	switch name {
	case "small", "vendors":
		cat, err = catalog.Load(filepath.Join("testdata", name+".yaml"))
	case "aws":
		cat, err = catalog.LoadFS(examples.AWS20211207())
	default:
		t.Fatalf("unknown test catalog %q", name)
	}
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	g := graph.New(cat)
	return g
}

type testCase struct {
	name     string // golden file stem
	catalog  string // "small" or "aws"
	scenario string // a catalog scenario id, or "" for the ad-hoc one below
	adhoc    graph.Scenario
}

var cases = []testCase{
	{name: "small-r1-loss", catalog: "small", scenario: "r1-loss"},
	{name: "small-zone-a", catalog: "small", scenario: "zone-a"},
	{name: "small-mixed", catalog: "small", scenario: "mixed"},
	{name: "small-adhoc", catalog: "small", adhoc: graph.Scenario{Fail: []string{"acme/queue@r1", "acme@r2"}, Degrade: []string{"acme/auth"}}},
	{name: "small-adhoc-many", catalog: "small", adhoc: graph.Scenario{Fail: []string{"acme@r1-a", "acme@r1-b", "acme@r2-a", "acme/cdn"}}},
	{name: "small-empty", catalog: "small", adhoc: graph.Scenario{}},
	{name: "aws-2021-12-07", catalog: "aws", scenario: "aws-2021-12-07"},
	{name: "aws-us-east-1-region-loss", catalog: "aws", scenario: "us-east-1-region-loss"},
}

func evaluate(t *testing.T, tc testCase) *graph.Evaluation {
	t.Helper()
	g := loadGraph(t, tc.catalog)
	s := tc.adhoc
	if tc.scenario != "" {
		cs, err := g.Catalog().LookupScenario(tc.scenario)
		if err != nil {
			t.Fatal(err)
		}
		s = graph.ScenarioOf(cs)
	}
	ev, err := g.Evaluate(s)
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	return ev
}

func TestWriteEvaluationJSON(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := evaluate(t, tc)
			var a, b bytes.Buffer
			if err := report.WriteEvaluation(&a, ev, report.JSON, report.TextOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := report.WriteEvaluation(&b, ev, report.JSON, report.TextOptions{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("two writes of one evaluation differ")
			}
			checkJSONShape(t, a.Bytes())
			golden.Check(t, goldenPath(tc.name+".json"), a.Bytes())
		})
	}
}

func TestWriteEvaluationText(t *testing.T) {
	for _, tc := range cases {
		for _, color := range []bool{false, true} {
			name := tc.name + ".txt"
			if color {
				name = tc.name + ".color.txt"
			}
			t.Run(name, func(t *testing.T) {
				ev := evaluate(t, tc)
				var b bytes.Buffer
				if err := report.WriteEvaluation(&b, ev, report.Text, report.TextOptions{Color: color}); err != nil {
					t.Fatal(err)
				}
				hasEsc := bytes.Contains(b.Bytes(), []byte("\x1b["))
				if hasEsc != color {
					t.Errorf("color %v, output has escapes: %v", color, hasEsc)
				}
				golden.Check(t, goldenPath(name), b.Bytes())
			})
		}
	}
}

// checkJSONShape checks the contract's shape independently of the goldens:
// key order, lists never null, a trailing newline, decodability.
func checkJSONShape(t *testing.T, out []byte) {
	t.Helper()
	if !bytes.HasSuffix(out, []byte("}\n")) {
		t.Error("output does not end in a newline after the object")
	}
	if bytes.Contains(out, []byte("null")) {
		t.Error("output holds a null")
	}
	s := string(out)
	order := []string{`"scenario"`, `"fail"`, `"degrade"`, `"summary"`, `"customers"`, `"down"`, `"degraded"`,
		`"weight"`, `"weight_down"`, `"weight_degraded"`, `"weight_down_share"`, `"affected"`}
	at := 0
	for _, k := range order {
		i := strings.Index(s[at:], k+":")
		if i < 0 {
			t.Fatalf("key %s missing or out of order", k)
		}
		at += i
	}
	var imp report.Evaluation
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&imp); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if imp.Affected == nil || imp.Scenario.Fail == nil || imp.Scenario.Degrade == nil {
		t.Error("a list decoded as null")
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteErrors(t *testing.T) {
	ev := evaluate(t, cases[0])
	if err := report.WriteEvaluation(failWriter{}, ev, report.JSON, report.TextOptions{}); err == nil {
		t.Error("WriteEvaluation JSON: no error from a failing writer")
	}
	if err := report.WriteEvaluation(failWriter{}, ev, report.Text, report.TextOptions{}); err == nil {
		t.Error("WriteEvaluation text: no error from a failing writer")
	}
}

func TestNewEvaluationEmpty(t *testing.T) {
	ev := evaluate(t, testCase{catalog: "small", adhoc: graph.Scenario{}})
	imp := report.NewEvaluation(ev)
	if imp.Affected == nil || len(imp.Affected) != 0 {
		t.Errorf("affected = %#v, want an empty non-nil slice", imp.Affected)
	}
	if imp.Scenario.Fail == nil || imp.Scenario.Degrade == nil {
		t.Errorf("scenario lists are nil: %#v", imp.Scenario)
	}
}

func TestWriteCatalogSummary(t *testing.T) {
	for _, name := range []string{"small", "aws"} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := report.WriteCatalogSummary(&b, loadGraph(t, name).Catalog()); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(b.String(), "ok: ") || !strings.HasSuffix(b.String(), ")\n") {
				t.Errorf("unexpected summary %q", b.String())
			}
			golden.Check(t, goldenPath("catalog-summary-"+name+".txt"), b.Bytes())
		})
	}
}

func TestWriteCatalogErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		errs catalog.ErrorList
	}{
		{"one", catalog.ErrorList{{Pos: catalog.Pos{File: "a.yaml", Line: 3, Col: 5}, Msg: `unknown key "depnds_on" in a customer`, Hint: `did you mean "depends_on"?`}}},
		{"two", catalog.ErrorList{
			{Pos: catalog.Pos{File: "a.yaml", Line: 1, Col: 1}, Msg: "missing version"},
			{Pos: catalog.Pos{File: "b/c.yml", Line: 12, Col: 7}, Msg: `unknown ref "aws/lamda@us-east-1"`, Hint: `did you mean "aws/lambda@us-east-1"?`},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := report.WriteCatalogErrors(&b, tc.errs); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if len(lines) != len(tc.errs)+1 {
				t.Errorf("%d lines, want %d:\n%s", len(lines), len(tc.errs)+1, b.String())
			}
			golden.Check(t, goldenPath("catalog-errors-"+tc.name+".txt"), b.Bytes())
		})
	}
}

func goldenPath(name string) string { return filepath.Join("testdata", "golden", name) }
