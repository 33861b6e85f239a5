package catalog

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog/catalogtest"
	"github.com/blastradius/blastradius/models"
)

// codecCatalogs are catalogs that exercise every field of the model.
func codecCatalogs(t testing.TB) map[string]fstest.MapFS {
	t.Helper()
	list, err := models.List(models.FS())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range list {
		names = append(names, m.Name)
	}
	contract, err := os.ReadFile("testdata/valid/contract.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]fstest.MapFS{
		"contract":  {"c.yaml": {Data: contract}},
		"generated": catalogtest.Generate(catalogtest.Options{Customers: 300, Seed: 7}),
		"models":    {"c.yaml": {Data: []byte("version: 1\ninclude: [" + strings.Join(names, ", ") + "]\n")}},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		out[fmt.Sprintf("random%d", i)] = fstest.MapFS{"c.yaml": {Data: catalogtest.Random(r)}}
	}
	return out
}

// sameCatalog fails unless b equals a in every field, indexes included.
func sameCatalog(t *testing.T, a, b *Catalog) {
	t.Helper()
	ca, cb := *a, *b
	ca.provs, cb.provs = nil, nil
	if !reflect.DeepEqual(ca, cb) {
		t.Fatal("decoded catalog differs from the loaded one")
	}
	if len(a.provs) != len(b.provs) {
		t.Fatalf("%d provider indexes, want %d", len(b.provs), len(a.provs))
	}
	for id, x := range a.provs {
		y := b.provs[id]
		if y == nil || !reflect.DeepEqual([]any{x.p, x.regions, x.zones, x.services}, []any{y.p, y.regions, y.zones, y.services}) {
			t.Fatalf("provider index %s differs", id)
		}
		for s, in := range x.in {
			if !reflect.DeepEqual(in, y.in[y.services[s.ID]]) {
				t.Fatalf("regions of service %s/%s differ", id, s.ID)
			}
		}
	}
	for _, c := range [2]*Catalog{a, b} {
		for _, cu := range c.Customers {
			if n := c.Node(cu.ID); len(n.Deps) > 0 && n.Deps[0] != cu.DependsOn[0] {
				t.Fatalf("node %s does not share its customer's entries", cu.ID)
			}
		}
	}
}

func TestCompiledRoundTrip(t *testing.T) {
	for name, fsys := range codecCatalogs(t) {
		t.Run(name, func(t *testing.T) {
			c, err := LoadFS(fsys, ".")
			if err != nil {
				t.Skipf("not a valid catalog: %v", err)
			}
			data, err := c.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			d, err := UnmarshalBinary(data)
			if err != nil {
				t.Fatal(err)
			}
			sameCatalog(t, c, d)
			again, _ := d.MarshalBinary()
			if len(again) != len(data) {
				t.Errorf("re-encoding gives %d bytes, want %d", len(again), len(data))
			}
		})
	}
}

// reframe recomputes the checksum of damaged data, so that the decoder
// itself must notice the damage.
func reframe(data []byte) []byte {
	if len(data) < 4 {
		return data
	}
	n := len(data) - 4
	return binary.LittleEndian.AppendUint32(data[:n:n], crc32.Checksum(data[:n], castagnoli))
}

func TestCompiledCorrupt(t *testing.T) {
	c, err := Load("testdata/valid/contract.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data := c.encode("key")
	var other bytes.Buffer
	other.WriteString(codecMagic)
	tests := map[string][]byte{
		"empty":         nil,
		"foreign":       []byte("PK\x03\x04 a zip file, say"),
		"magic only":    []byte(codecMagic),
		"bit flipped":   flip(data, len(data)/2),
		"other version": reframe(bytes.Replace(bytes.Clone(data), []byte(codecMagic+string(rune(codecVersion))), []byte(codecMagic+string(rune(codecVersion+1))), 1)),
	}
	for n := 0; n < len(data); n += max(1, len(data)/200) {
		tests[fmt.Sprintf("truncated to %d", n)] = data[:n]
		tests[fmt.Sprintf("truncated to %d, reframed", n)] = reframe(bytes.Clone(data[:n]))
	}
	for name, b := range tests {
		if _, err := decodeCompiled(b, "key"); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrCorrupt", name, err)
		}
	}
	if _, err := decodeCompiled(data, "another key"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("entry of another key: err = %v, want ErrCorrupt", err)
	}
	if _, err := decodeCompiled(data, "key"); err != nil {
		t.Errorf("intact entry: %v", err)
	}
}

func flip(data []byte, i int) []byte {
	b := bytes.Clone(data)
	b[i] ^= 0x10
	return b
}

// FuzzUnmarshal decodes damaged but correctly framed data: it must never
// panic, and whatever it accepts must encode again.
func FuzzUnmarshal(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 5 {
		if c, err := LoadFS(fstest.MapFS{"c.yaml": {Data: catalogtest.Random(r)}}, "."); err == nil {
			data, _ := c.MarshalBinary()
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := UnmarshalBinary(reframe(bytes.Clone(data)))
		if err == nil {
			c.MarshalBinary()
		}
	})
}

// memCache is a Cache in memory that counts what it serves.
type memCache struct {
	mu         sync.Mutex
	entries    map[string][]byte
	hits, puts int
}

func (m *memCache) Get(key string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.entries[key]
	if ok {
		m.hits++
	}
	return data, ok
}

func (m *memCache) Put(key string, data []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.puts++
	m.entries[key] = data
}

func TestLoaderCache(t *testing.T) {
	base := catalogtest.Generate(catalogtest.Options{Customers: 50, Seed: 3})
	cache := &memCache{entries: map[string][]byte{}}
	l := Loader{Cache: cache}
	want, err := LoadFS(base, ".")
	if err != nil {
		t.Fatal(err)
	}
	load := func(fsys fstest.MapFS) *Catalog {
		t.Helper()
		c, err := l.LoadFS(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	sameCatalog(t, want, load(base))
	if cache.hits != 0 || cache.puts != 1 {
		t.Fatalf("first load: %d hits, %d puts; want a miss that stores", cache.hits, cache.puts)
	}
	sameCatalog(t, want, load(base))
	if cache.hits != 1 {
		t.Fatalf("rerun: %d hits, want 1", cache.hits)
	}

	var file string
	for name := range base {
		if strings.Contains(name, "customers") {
			file = name
			break
		}
	}
	changed, added := clone(base), clone(base)
	changed[file] = &fstest.MapFile{Data: append(bytes.Clone(base[file].Data), "\n# edited\n"...)}
	added["zz-extra.yaml"] = &fstest.MapFile{Data: []byte("customers:\n  - {id: extra, depends_on: [" + want.Customers[0].ID + "]}\n")}
	for _, tt := range []struct {
		name string
		fsys fstest.MapFS
	}{{"changed", changed}, {"added", added}} {
		hits := cache.hits
		c := load(tt.fsys)
		if cache.hits != hits {
			t.Errorf("%s file: served from the cache", tt.name)
		}
		fresh, _ := LoadFS(tt.fsys, ".")
		sameCatalog(t, fresh, c)
	}
	hits := cache.hits
	load(base)
	if cache.hits != hits+1 {
		t.Errorf("original files again: no hit")
	}
	delete(added, "zz-extra.yaml") // removing the added file gives the original
	load(added)
	if cache.hits != hits+2 {
		t.Errorf("added file removed again: no hit")
	}

	// A damaged entry is rebuilt and replaced.
	for key, data := range cache.entries {
		cache.entries[key] = flip(data, len(data)/3)
	}
	puts := cache.puts
	sameCatalog(t, want, load(base))
	if cache.puts != puts+1 {
		t.Errorf("damaged entry: not rebuilt and stored")
	}

	// An invalid catalog is never stored.
	puts = cache.puts
	if _, err := l.LoadFS(fstest.MapFS{"c.yaml": {Data: []byte("version: 1\ncustomers: [{id: a, depends_on: [nowhere]}]\n")}}, "."); err == nil {
		t.Fatal("invalid catalog loaded")
	}
	if cache.puts != puts {
		t.Errorf("invalid catalog stored")
	}
}

func clone(fsys fstest.MapFS) fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range fsys {
		out[k] = v
	}
	return out
}

// hashFS is a MapFS that knows digests and counts the files read.
type hashFS struct {
	fstest.MapFS
	mu    sync.Mutex
	reads int
}

func (h *hashFS) Hash(name string) (string, error) {
	return fmt.Sprintf("%x", crc32.ChecksumIEEE(h.MapFS[name].Data)), nil
}

func (h *hashFS) ReadFile(name string) ([]byte, error) {
	h.mu.Lock()
	h.reads++
	h.mu.Unlock()
	return h.MapFS.ReadFile(name)
}

func TestLoaderHashFS(t *testing.T) {
	fsys := &hashFS{MapFS: catalogtest.Generate(catalogtest.Options{Customers: 20, Seed: 5})}
	l := Loader{Cache: &memCache{entries: map[string][]byte{}}}
	want, err := l.LoadFS(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	fsys.reads = 0
	got, err := l.LoadFS(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	sameCatalog(t, want, got)
	if fsys.reads != 0 {
		t.Errorf("cache hit read %d files, want none", fsys.reads)
	}
}
