package backstage_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/blastradius/blastradius/backstage"
	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/draft"
	"github.com/blastradius/blastradius/internal/golden"
)

// importGolden imports the paths, checks that the written catalog loads,
// and compares it and the notes with the goldens named name.
func importGolden(t *testing.T, name string, opts backstage.Options, paths ...string) (*backstage.Result, *catalog.Catalog) {
	t.Helper()
	files, err := backstage.ReadPaths(paths)
	if err != nil {
		t.Fatal(err)
	}
	res, err := backstage.Import(files, opts)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	c, data, err := draft.Load(res.Catalog, "imported.yaml")
	golden.Check(t, filepath.Join("testdata", "golden", name+".yaml"), data)
	golden.Check(t, filepath.Join("testdata", "golden", name+".notes"), []byte(notes(res)))
	if err != nil {
		t.Fatalf("the written catalog does not load: %v\n%s", err, data)
	}
	again, err := backstage.Import(files, opts)
	if err != nil {
		t.Fatal(err)
	}
	if data2, _ := draft.Marshal(again.Catalog); string(data2) != string(data) {
		t.Error("a second import of the same files differs")
	}
	return res, c
}

func notes(res *backstage.Result) string {
	var b strings.Builder
	for _, n := range res.Notes {
		b.WriteString(n.String() + "\n")
	}
	return b.String()
}

// deps describes a node's dependency entries as the catalog resolved
// them: "t" for a hard ref, "~t" for a soft one, "any(…)", "all(…)".
func deps(t *testing.T, c *catalog.Catalog, ref string) string {
	t.Helper()
	n := c.Node(ref)
	if n == nil {
		t.Fatalf("no node %s", ref)
	}
	var show func(d *catalog.Dep) string
	show = func(d *catalog.Dep) string {
		s := ""
		if d.Soft {
			s = "~"
		}
		switch d.Op {
		case catalog.OpRef:
			return s + d.Target
		case catalog.OpAnyOf:
			s += "any("
		case catalog.OpAllOf:
			s += "all("
		default:
			s += "quorum("
		}
		var ms []string
		for _, m := range d.Members {
			ms = append(ms, show(m))
		}
		return s + strings.Join(ms, " ") + ")"
	}
	var out []string
	for _, d := range n.Deps {
		if !d.Implied {
			out = append(out, show(d))
		}
	}
	return strings.Join(out, " ")
}

// TestBackstageExamples imports Backstage's own example catalog (see
// testdata/backstage-examples/NOTICE).
func TestBackstageExamples(t *testing.T) {
	res, c := importGolden(t, "backstage-examples", backstage.Options{}, "testdata/backstage-examples")
	if res.Entities != 34 || res.Customers != 20 || res.Services != 1 {
		t.Errorf("%d entities, %d customers, %d services", res.Entities, res.Customers, res.Services)
	}
	for ref, want := range map[string]string{
		"wayback-search":                  "wayback-archive", // consumesApis wayback-archive, which wayback-archive provides
		"wayback-archive":                 "~wayback-archive-ingestion ~wayback-archive-storage",
		"system:artist-engagement-portal": "~artist-lookup ~www-artist ~backstage-resources/artists-db",
		"domain:audio":                    "~domain:artists",
	} {
		if got := deps(t, c, ref); got != want {
			t.Errorf("%s depends on %q, want %q", ref, got, want)
		}
	}
	text := notes(res)
	for _, want := range []string{"group:default/team-a: a Group", "user:development/guest", "location:default/example-components: a Location is not followed",
		"names api:default/streetlights, which is not in the input"} {
		if !strings.Contains(text, want) {
			t.Errorf("the notes lack %q", want)
		}
	}
}

// TestFixtures imports a fixture for each rule of the mapping.
func TestFixtures(t *testing.T) {
	tests := []struct {
		name  string
		map_  string
		deps  map[string]string // node → its entries, as deps shows them
		tags  map[string]map[string]string
		notes []string
	}{
		{name: "namespaces",
			deps: map[string]string{
				"component:payments:ledger":  "component:payments:gateway auth backstage-resources/payments:ledger-db",
				"gateway":                    "auth",
				"system:payments:money":      "~component:payments:gateway ~component:payments:ledger ~backstage-resources/payments:ledger-db",
				"component:payments:gateway": "",
			},
			tags: map[string]map[string]string{"component:payments:ledger": {"namespace": "payments", "owner": "group:payments/payments-team", "system": "system:payments/money"}},
		},
		{name: "defaulting",
			deps: map[string]string{
				"web":             "backstage-resources/cdn orders all(payments-eu payments-us)",
				"orders":          "all(payments-eu payments-us) backstage-resources/cdn",
				"system:shop":     "~orders ~web",
				"domain:commerce": "~system:shop",
			},
			tags: map[string]map[string]string{"web": {"owner": "user:default/alice", "system": "system:default/shop", "tags": "typescript,frontend", "type": "website", "lifecycle": "production", "kind": "component"}},
		},
		{name: "redundancy",
			deps: map[string]string{
				"checkout":     "~recommendations any(search-a search-b) any(backstage-resources/db-primary backstage-resources/db-replica) any(cache-a cache-b)",
				"system:store": "~checkout checkout-worker ~recommendations",
			},
		},
		{name: "mapping", map_: "mapping.map.yaml",
			deps: map[string]string{
				"api":        "aws/dynamodb@us-east-1 aws/rds@us-east-1 aws/s3@us-east-1 backstage-resources/legacy",
				"system:app": "~api ~aws/dynamodb@us-east-1",
			},
			notes: []string{"resource:default/unused: the map entry names no resource", "its spec.dependsOn resource:default/legacy is not mapped"},
		},
		{name: "unmapped",
			deps: map[string]string{"app": ""},
			notes: []string{
				"annotation blastradius.io/ref has no meaning on a Component",
				"part of system:default/missing-system, which is not in the input",
				"part of component:default/missing-parent, which is not in the input",
				"spec.dependsOn names component:default/missing, which is not in the input",
				"spec.dependsOn names group:default/team, which is not in the input",
				"spec.dependsOn names the entity itself",
				"spec.dependsOn names api:default/internal, which no component of the input provides",
				"spec.consumesApis names api:default/nobody-provides, which no component",
				"spec.consumesApis names api:default/not-declared, which is not in the input",
				"its spec.system system:default/missing-system is not mapped",
				"spec.dependencyOf names component:default/elsewhere, which is not in the input",
				"spec.dependencyOf names group:default/team, which is not in the input",
				"template:default/new-service: a Template",
				`database:default/warehouse: apiVersion "example.com/v1" is not Backstage's`,
				`pipeline:default/deploy: kind "Pipeline" is not part of Backstage's model`,
				"location:default/more: a Location is not followed",
				"unmapped.yaml:55:1: (no entity): the document has no apiVersion and kind",
				"unmapped.yaml:58:1: (no entity)",
			},
		},
		{name: "hostile",
			deps: map[string]string{"a-b-3": "a-b", "backstage-resources/db-1": "backstage-resources/db-1-2", "system:shop": ""},
			notes: []string{
				`component:default/a/b: id "a-b" is taken by component:default/a b, so this one is "a-b-2"`,
				`component:default/backstage-resources: id "backstage-resources" is taken by the provider backstage-resources`,
				`component:default/system:shop: id "system:shop" is taken by system:default/shop, so this one is "system:shop-2"`,
				`component:default/ctl\x01char\ttab: metadata.name "ctl\x01char\ttab" breaks Backstage's naming rules; its id is "ctl-char-tab"`,
				`metadata.name "ünïcödé-☃" breaks`,
				"spec.dependsOn names the entity itself",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts backstage.Options
			if tt.map_ != "" {
				m, err := readMap(filepath.Join("testdata", "fixtures", tt.map_))
				if err != nil {
					t.Fatal(err)
				}
				opts.Map = m
			}
			res, c := importGolden(t, tt.name, opts, filepath.Join("testdata", "fixtures", tt.name+".yaml"))
			for ref, want := range tt.deps {
				if got := deps(t, c, ref); got != want {
					t.Errorf("%s depends on %q, want %q", ref, got, want)
				}
			}
			for ref, want := range tt.tags {
				n := c.Node(ref)
				if n == nil {
					t.Fatalf("no node %s", ref)
				}
				for k, v := range want {
					if n.Tags[k] != v {
						t.Errorf("%s: tag %s = %q, want %q", ref, k, n.Tags[k], v)
					}
				}
			}
			text := notes(res)
			for _, want := range tt.notes {
				if !strings.Contains(text, want) {
					t.Errorf("the notes lack %q:\n%s", want, text)
				}
			}
		})
	}
}

func readMap(path string) (*backstage.Map, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return backstage.ParseMap(backstage.File{Name: path, Data: data})
}

// errLine is the shape of every reported error.
var errLine = regexp.MustCompile(`^[^:\s]+:[0-9]+:[0-9]+: \S`)

// TestInvalid checks that bad input yields every error at once, each at
// file:line:col, and no catalog.
func TestInvalid(t *testing.T) {
	for _, name := range []string{"syntax", "envelope"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "invalid", name+".yaml")
			files, err := backstage.ReadPaths([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			res, err := backstage.Import(files, backstage.Options{})
			checkErrors(t, path, res != nil, err)
		})
	}
	t.Run("map", func(t *testing.T) {
		path := filepath.Join("testdata", "invalid", "map.yaml")
		m, err := readMap(path)
		checkErrors(t, path, m != nil, err)
	})
}

func checkErrors(t *testing.T, path string, gotResult bool, err error) {
	t.Helper()
	var list catalog.ErrorList
	if !errors.As(err, &list) || len(list) == 0 || gotResult {
		t.Fatalf("err = %v, want a catalog.ErrorList and no result", err)
	}
	for _, e := range list {
		if !errLine.MatchString(e.Error()) {
			t.Errorf("error %q is not file:line:col: message", e.Error())
		}
	}
	golden.Check(t, strings.TrimSuffix(path, ".yaml")+".golden", []byte(err.Error()+"\n"))
}

func TestParseRef(t *testing.T) {
	tests := []struct {
		in, kind, ns string
		want         string // "" for an error
	}{
		{"name", "group", "default", "group:default/name"},
		{"ns/name", "group", "default", "group:ns/name"},
		{"User:NS/Name", "group", "default", "user:ns/name"},
		{"kind:name", "", "mine", "kind:mine/name"},
		{"a/b:c", "api", "default", "api:a/b:c"}, // a "/" before the ":" makes the rest the name
		{"name", "", "default", ""},              // no kind where none defaults
		{"kind:", "x", "default", ""},
		{":name", "x", "default", ""},
		{"ns/", "x", "default", ""},
		{"/name", "x", "default", ""},
		{"", "x", "default", ""},
	}
	for _, tt := range tests {
		r, err := backstage.ParseRef(tt.in, tt.kind, tt.ns)
		got := ""
		if err == nil {
			got = r.String()
		}
		if got != tt.want {
			t.Errorf("ParseRef(%q, %q, %q) = %q, %v; want %q", tt.in, tt.kind, tt.ns, got, err, tt.want)
		}
	}
}

// TestReadPaths reads a directory in lexical order and refuses a path
// that holds nothing.
func TestReadPaths(t *testing.T) {
	files, err := backstage.ReadPaths([]string{"testdata/backstage-examples/systems", "testdata/fixtures/mapping.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	want := []string{"testdata/backstage-examples/systems/artist-engagement-portal-system.yaml",
		"testdata/backstage-examples/systems/audio-playback-system.yaml",
		"testdata/backstage-examples/systems/podcast-system.yaml", "testdata/fixtures/mapping.yaml"}
	if !slices.Equal(names, want) {
		t.Errorf("read %q", names)
	}
	if _, err := backstage.ReadPaths([]string{t.TempDir()}); err == nil {
		t.Error("an empty directory gave no error")
	}
	if _, err := backstage.ReadPaths([]string{"testdata/nope.yaml"}); err == nil {
		t.Error("a missing file gave no error")
	}
}

// FuzzImport feeds arbitrary bytes to the import: it may fail, never
// panic, and what it writes must load.
func FuzzImport(f *testing.F) {
	for _, dir := range []string{"testdata/fixtures", "testdata/invalid"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := backstage.Import([]backstage.File{{Name: "fuzz.yaml", Data: data}}, backstage.Options{})
		_, _ = backstage.ParseMap(backstage.File{Name: "map.yaml", Data: data})
		if err != nil {
			return
		}
		if _, out, err := draft.Load(res.Catalog, "c.yaml"); err != nil {
			t.Fatalf("the written catalog does not load: %v\n%s", err, out)
		}
	})
}
