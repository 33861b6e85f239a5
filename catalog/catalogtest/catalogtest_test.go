package catalogtest

import (
	"bytes"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func sortedNames(fsys fstest.MapFS) []string {
	return slices.Sorted(maps.Keys(fsys))
}

func equalFS(t *testing.T, a, b fstest.MapFS) bool {
	t.Helper()
	if !slices.Equal(sortedNames(a), sortedNames(b)) {
		return false
	}
	for name, f := range a {
		if !bytes.Equal(f.Data, b[name].Data) {
			return false
		}
	}
	return true
}

func TestGenerateFiles(t *testing.T) {
	tests := []struct {
		opts Options
		want []string
	}{
		{Options{}, []string{"policies.yaml", "providers.yaml", "scenarios.yaml"}},
		{Options{Customers: 1}, []string{"customers-0000.yaml", "policies.yaml", "providers.yaml", "scenarios.yaml"}},
		{Options{Customers: 25, CustomersPerFile: 10},
			[]string{"customers-0000.yaml", "customers-0001.yaml", "customers-0002.yaml", "policies.yaml", "providers.yaml", "scenarios.yaml"}},
		{Options{Customers: 20, CustomersPerFile: 10}, []string{"customers-0000.yaml", "customers-0001.yaml", "policies.yaml", "providers.yaml", "scenarios.yaml"}},
		{Options{Customers: 12, CustomersPerFile: 1}, []string{
			"customers-0000.yaml", "customers-0001.yaml", "customers-0002.yaml", "customers-0003.yaml",
			"customers-0004.yaml", "customers-0005.yaml", "customers-0006.yaml", "customers-0007.yaml",
			"customers-0008.yaml", "customers-0009.yaml", "customers-0010.yaml", "customers-0011.yaml",
			"policies.yaml", "providers.yaml", "scenarios.yaml"}},
	}
	for _, tt := range tests {
		got := sortedNames(Generate(tt.opts))
		if !slices.Equal(got, tt.want) {
			t.Errorf("Generate(%+v) files = %v, want %v", tt.opts, got, tt.want)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	tests := []Options{
		{Customers: 500, Seed: 1},
		{Customers: 500, Seed: -7, Providers: 5, CustomersPerFile: 100},
		{Customers: 100, Seed: 42, Providers: 1},
		{Customers: 50, Seed: 3, Providers: 15},
	}
	for _, opts := range tests {
		if !equalFS(t, Generate(opts), Generate(opts)) {
			t.Errorf("Generate(%+v) differs between two calls", opts)
		}
	}
}

func TestGenerateSeedsDiffer(t *testing.T) {
	for _, seeds := range [][2]int64{{1, 2}, {0, 1}, {1, -1}, {100, 101}} {
		a := Generate(Options{Customers: 200, Seed: seeds[0]})
		b := Generate(Options{Customers: 200, Seed: seeds[1]})
		for _, name := range []string{"providers.yaml", "customers-0000.yaml"} {
			if bytes.Equal(a[name].Data, b[name].Data) {
				t.Errorf("seeds %d and %d give the same %s", seeds[0], seeds[1], name)
			}
		}
	}
}

// customersBody concatenates the customer files minus their headers.
func customersBody(fsys fstest.MapFS) string {
	var b strings.Builder
	for _, name := range sortedNames(fsys) {
		if strings.HasPrefix(name, "customers-") {
			b.WriteString(strings.TrimPrefix(string(fsys[name].Data), "version: 1\ncustomers:\n"))
		}
	}
	return b.String()
}

func TestGenerateSplitIndependent(t *testing.T) {
	want := customersBody(Generate(Options{Customers: 300, Seed: 9}))
	for _, per := range []int{1, 7, 100, 299, 300, 1000} {
		if got := customersBody(Generate(Options{Customers: 300, Seed: 9, CustomersPerFile: per})); got != want {
			t.Errorf("CustomersPerFile %d changes the customers", per)
		}
	}
	// A prefix of a larger catalog holds the same first customers.
	small := customersBody(Generate(Options{Customers: 40, Seed: 9}))
	if !strings.HasPrefix(want, small) {
		t.Errorf("the first 40 of 300 customers differ from a catalog of 40")
	}
}

func TestWriteDirMatchesGenerate(t *testing.T) {
	opts := Options{Customers: 250, Seed: 5, CustomersPerFile: 100}
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := WriteDir(dir, opts); err != nil {
		t.Fatal(err)
	}
	got := fstest.MapFS{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got[e.Name()] = &fstest.MapFile{Data: data}
	}
	if !equalFS(t, got, Generate(opts)) {
		t.Errorf("WriteDir and Generate disagree: files %v vs %v", sortedNames(got), sortedNames(Generate(opts)))
	}
	if err := fstest.TestFS(Generate(opts), sortedNames(got)...); err != nil {
		t.Error(err)
	}
}

func TestWriteDirRemovesStaleCustomers(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "notes.yaml")
	if err := os.WriteFile(other, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, Options{Customers: 30, CustomersPerFile: 10}); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, Options{Customers: 5, CustomersPerFile: 10}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{"customers-0000.yaml", "notes.yaml", "policies.yaml", "providers.yaml", "scenarios.yaml"}
	if !slices.Equal(got, want) {
		t.Errorf("after rewriting with fewer customers: %v, want %v", got, want)
	}
}

func TestWriteDirError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(file, Options{Customers: 1}); err == nil {
		t.Error("WriteDir into a regular file: no error")
	}
}

func TestGenerateValid(t *testing.T) {
	tests := []Options{
		{Customers: 2000, Seed: 1},
		{Customers: 300, Seed: 2, Providers: 1, CustomersPerFile: 64},
		{Customers: 300, Seed: 3, Providers: 14},
	}
	for _, opts := range tests {
		fsys := Generate(opts)
		var cats []*tCatalog
		total := 0
		for _, name := range sortedNames(fsys) {
			data := fsys[name].Data
			if strings.HasPrefix(name, "customers-") {
				total += len(data)
			}
			c, err := parseFile(name, data)
			if err != nil {
				t.Fatalf("Generate(%+v): %v", opts, err)
			}
			cats = append(cats, c)
		}
		cat := merge(cats...)
		wantProviders := opts.Providers
		if wantProviders == 0 {
			wantProviders = DefaultProviders
		}
		if len(cat.Customers) != opts.Customers || len(cat.Providers) != wantProviders {
			t.Errorf("Generate(%+v): %d customers, %d providers", opts, len(cat.Customers), len(cat.Providers))
		}
		c := check(cat)
		for _, e := range c.errs {
			t.Errorf("Generate(%+v): %s", opts, e)
		}
		for _, p := range cat.Providers {
			if n := len(p.Regions); n < 8 || n > 20 {
				t.Errorf("provider %s has %d regions", p.ID, n)
			}
			if n := len(p.Services); n < 25 || n > 40 {
				t.Errorf("provider %s has %d services", p.ID, n)
			}
		}
		for _, cu := range cat.Customers {
			if n := len(cu.DependsOn); n < 2 || n > 10 {
				t.Errorf("customer %s has %d dependency entries", cu.ID, n)
			}
		}
		if opts.Customers >= 2000 {
			for _, f := range []string{"quorum", "any_of", "all_of", "soft-ref", "ref-customer", "ref-view",
				"ref-zonal", "ref-global", "ref-regional", "weight-fractional", "restricted-regions", "service-cycle"} {
				if c.seen[f] == 0 {
					t.Errorf("Generate(%+v): no %s", opts, f)
				}
			}
			// About 250 bytes a customer: 100,000 customers make 20–30 MB.
			if per := total / opts.Customers; per < 200 || per > 300 {
				t.Errorf("Generate(%+v): %d bytes per customer", opts, per)
			}
		}
	}
}

func TestRandomDeterministic(t *testing.T) {
	for seed := range uint64(50) {
		a := Random(rand.New(rand.NewPCG(seed, 1)))
		b := Random(rand.New(rand.NewPCG(seed, 1)))
		if !bytes.Equal(a, b) {
			t.Fatalf("seed %d: Random differs between two calls", seed)
		}
		if c := Random(rand.New(rand.NewPCG(seed, 2))); bytes.Equal(a, c) {
			t.Errorf("seeds (%d, 1) and (%d, 2) give the same catalog", seed, seed)
		}
	}
}

// TestRandomValid checks Random's catalogs against the contract and that,
// taken together, they exercise every feature they promise.
func TestRandomValid(t *testing.T) {
	seen := map[string]int{}
	for seed := range uint64(500) {
		data := Random(rand.New(rand.NewPCG(seed, 0)))
		cat, err := parseFile("random.yaml", data)
		if err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, data)
		}
		c := check(cat)
		for _, e := range c.errs {
			t.Errorf("seed %d: %s", seed, e)
		}
		if len(c.errs) > 0 {
			t.Fatalf("seed %d catalog:\n%s", seed, data)
		}
		if n := len(cat.Providers); n < 1 || n > 3 {
			t.Errorf("seed %d: %d providers", seed, n)
		}
		if n := len(cat.Customers); n < 3 || n > 25 {
			t.Errorf("seed %d: %d customers", seed, n)
		}
		if n := len(cat.Scenarios); n < 1 || n > 3 {
			t.Errorf("seed %d: %d scenarios", seed, n)
		}
		for f, n := range c.seen {
			seen[f] += n
		}
	}
	for _, f := range []string{
		"all_of", "any_of", "quorum", "group-depth-3", "soft-ref", "soft-group", "explicit-down",
		"ref-provider", "ref-region", "ref-zone", "ref-regional", "ref-zonal", "ref-view", "ref-global", "ref-customer",
		"short-regional-to-regional", "short-regional-to-zonal", "short-regional-to-global",
		"short-zonal-to-zonal", "short-zonal-to-regional", "short-zonal-to-global", "short-global-to-global",
		"cross-provider", "self-instance", "restricted-regions", "weight-zero", "weight-fractional",
		"service-cycle", "customer-cycle", "when-down", "region-limited",
	} {
		if seen[f] == 0 {
			t.Errorf("no catalog has %s", f)
		}
	}
}

func BenchmarkWriteCustomers(b *testing.B) {
	w := newWorld(Options{Customers: 10000, Seed: 1}.normalized())
	b.ReportAllocs()
	for b.Loop() {
		if err := w.writeCustomers(io.Discard, 0, 10000); err != nil {
			b.Fatal(err)
		}
	}
}
