package otel_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/draft"
	"github.com/blastradius/blastradius/internal/golden"
	"github.com/blastradius/blastradius/otel"
)

// importFile imports a fixture, compares the written catalog and the
// notes with their goldens, and loads the catalog.
func importFile(t *testing.T, name string, opts otel.Options) (*otel.Result, *catalog.Catalog) {
	t.Helper()
	path := filepath.Join("testdata", name+".prom")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := otel.Import(path, data, opts)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	c, out, err := draft.Load(res.Catalog, "otel.yaml")
	golden.Check(t, filepath.Join("testdata", "golden", name+".yaml"), out)
	if err != nil {
		t.Fatalf("the written catalog does not load: %v\n%s", err, out)
	}
	var notes strings.Builder
	for _, n := range res.Notes {
		notes.WriteString(n.String() + "\n")
	}
	golden.Check(t, filepath.Join("testdata", "golden", name+".notes"), []byte(notes.String()))
	again, _ := otel.Import(path, data, opts)
	if out2, _ := draft.Marshal(again.Catalog); string(out2) != string(out) {
		t.Error("a second import differs")
	}
	return res, c
}

// edges lists a customer's dependencies with the source of each.
func edges(t *testing.T, c *catalog.Catalog, id string) map[string]string {
	t.Helper()
	n := c.Node(id)
	if n == nil {
		t.Fatalf("no customer %s", id)
	}
	out := map[string]string{}
	for _, d := range n.Deps {
		out[d.Target] = strings.Join(d.Source, "; ")
		if d.Confidence != catalog.Inferred {
			t.Errorf("%s → %s: confidence %v, want inferred", id, d.Target, d.Confidence)
		}
	}
	return out
}

func TestImport(t *testing.T) {
	res, c := importFile(t, "servicegraph", otel.Options{MinRequests: 10})
	want := map[string]map[string]string{
		"frontend": {
			"catalog":  "otel servicegraph: 5000 requests, 0 failed (testdata/servicegraph.prom:6)",
			"checkout": "otel servicegraph: 1234 requests, 5 failed (testdata/servicegraph.prom:5)",
		},
		"checkout": {
			"orders-db": "otel servicegraph: 980 requests, 0 failed, database (testdata/servicegraph.prom:7)",
			"kafka":     "otel servicegraph: 410 requests, 0 failed, messaging_system (testdata/servicegraph.prom:8)",
			"payments":  "otel servicegraph: 300 requests, 3 failed (testdata/servicegraph.prom:13)",
		},
		"user":    {"frontend": "otel servicegraph: 7000 requests, 0 failed, virtual_node (testdata/servicegraph.prom:9)"},
		"catalog": {}, // calls itself: noted
		"batch":   {}, // 3 requests, below --min-requests 10
		"legacy":  {}, // failures without a request count
	}
	for id, w := range want {
		got := edges(t, c, id)
		if len(got) != len(w) {
			t.Errorf("%s depends on %v, want %v", id, got, w)
		}
		for target, src := range w {
			if got[target] != src {
				t.Errorf("%s → %s: source %q, want %q", id, target, got[target], src)
			}
		}
	}
	if n := c.Node("orders-db"); n == nil || n.Tags["kind"] != "database" {
		t.Errorf("orders-db is not tagged a database: %v", n)
	}
	if res.Edges != 6 || res.Customers != 9 {
		t.Errorf("%d edges, %d customers", res.Edges, res.Customers)
	}
	var notes strings.Builder
	for _, n := range res.Notes {
		notes.WriteString(n.String() + "\n")
	}
	for _, s := range []string{"catalog → catalog: a service calling itself", "batch → catalog: 3 requests, below --min-requests 10",
		"legacy → checkout: failed requests but no", "metric traces_service_graph_request_server_seconds_bucket is not one the import reads",
		"metric traces_service_graph_unpaired_spans_total"} {
		if !strings.Contains(notes.String(), s) {
			t.Errorf("notes lack %q:\n%s", s, notes.String())
		}
	}
}

func TestImportNamespaced(t *testing.T) {
	_, c := importFile(t, "namespaced", otel.Options{})
	if got := edges(t, c, "web"); got["api"] != "otel servicegraph: 42 requests, 0 failed (testdata/namespaced.prom:4)" {
		t.Errorf("web: %v", got)
	}
	if got := edges(t, c, "api"); got["db"] == "" {
		t.Errorf("api: %v", got)
	}
}

func TestImportHostile(t *testing.T) {
	res, c := importFile(t, "hostile", otel.Options{})
	for _, n := range c.Customers {
		if draft.ValidID(n.ID) != "" {
			t.Errorf("invalid id %q", n.ID)
		}
	}
	if n := c.Node("line-break"); n == nil || n.Name != `line\nbreak` {
		t.Errorf("line-break: %+v", n)
	}
	if got := edges(t, c, "quoted.name"); got["a-b-c"] == "" {
		t.Errorf("the quoted metric name was not read: %v", got)
	}
	if len(res.Notes) == 0 {
		t.Error("no notes on renamed services")
	}
}

var errLine = regexp.MustCompile(`^[^:\s]+:[0-9]+:[0-9]+: \S`)

func TestImportInvalid(t *testing.T) {
	path := filepath.Join("testdata", "invalid", "syntax.prom")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := otel.Import(path, data, otel.Options{})
	var list catalog.ErrorList
	if !errors.As(err, &list) || res != nil {
		t.Fatalf("Import = %v, %v; want a catalog.ErrorList", res, err)
	}
	for _, e := range list {
		if !errLine.MatchString(e.Error()) {
			t.Errorf("%q is not file:line:col: message", e.Error())
		}
	}
	if len(list) < 18 {
		t.Errorf("only %d errors:\n%v", len(list), err)
	}
	golden.Check(t, filepath.Join("testdata", "invalid", "syntax.golden"), []byte(err.Error()+"\n"))
}

func TestParseText(t *testing.T) {
	samples, err := otel.ParseText("x", []byte("# a comment\n\n  m{a=\"x\\\\y\\\"z\\nw\",b=\"\"} 1.5 123\r\n{\"my.metric\",\"my.label\"=\"v\"} -Inf\nbare 3"))
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != 3 {
		t.Fatalf("%d samples", len(samples))
	}
	if v, _ := samples[0].Label("a"); v != "x\\y\"z\nw" || samples[0].Value != 1.5 || samples[0].Pos.Line != 3 {
		t.Errorf("%+v", samples[0])
	}
	if v, ok := samples[1].Label("my.label"); samples[1].Name != "my.metric" || v != "v" || !ok {
		t.Errorf("%+v", samples[1])
	}
	if samples[2].Name != "bare" || samples[2].Value != 3 {
		t.Errorf("%+v", samples[2])
	}
}

// FuzzImport: any input is read or refused, never a panic, and what is
// written loads.
func FuzzImport(f *testing.F) {
	for _, p := range []string{"testdata/servicegraph.prom", "testdata/namespaced.prom", "testdata/hostile.prom", "testdata/invalid/syntax.prom"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := otel.Import("f.prom", data, otel.Options{})
		if err != nil {
			return
		}
		if _, out, err := draft.Load(res.Catalog, "c.yaml"); err != nil {
			t.Fatalf("the written catalog does not load: %v\n%s", err, out)
		}
	})
}
