package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-json-experiment/json/jsontext"
	"gopkg.in/yaml.v3"

	"github.com/blastradius/blastradius/catalog/catalogtest"
)

// toJSON rewrites a YAML catalog as JSON, one line per key so that
// positions differ from the YAML's.
func toJSON(t testing.TB, data []byte) []byte {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// withoutPositions copies what c declares and derives, without positions
// and file names, to compare catalogs read from different files.
func withoutPositions(c *Catalog) []any {
	v := []any{c.Providers, c.Customers, c.Scenarios, c.Policies, c.Lint, c.Includes, c.Models, c.nodes}
	clear := reflect.TypeFor[Pos]()
	seen := map[uintptr]bool{}
	var walk func(reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem())
		case reflect.Interface:
			walk(v.Elem())
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			if v.Type() == clear {
				v.Set(reflect.Zero(clear))
				return
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(v))
	return v
}

// TestJSONCatalogs loads catalogs written as YAML and as JSON and wants the
// same catalog from both.
func TestJSONCatalogs(t *testing.T) {
	contract, err := os.ReadFile("testdata/valid/contract.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string][]byte{"contract": contract}
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 20 {
		sources[fmt.Sprintf("random%d", i)] = catalogtest.Random(r)
	}
	for name, data := range sources {
		t.Run(name, func(t *testing.T) {
			fromYAML, yerr := LoadFS(fstest.MapFS{"c.yaml": {Data: data}}, ".")
			fromJSON, jerr := LoadFS(fstest.MapFS{"c.json": {Data: toJSON(t, data)}}, ".")
			if (yerr == nil) != (jerr == nil) {
				t.Fatalf("YAML: %v\nJSON: %v", yerr, jerr)
			}
			if yerr != nil {
				return
			}
			if !reflect.DeepEqual(withoutPositions(fromYAML), withoutPositions(fromJSON)) {
				t.Error("the JSON catalog differs from the YAML one")
			}
		})
	}
}

func TestJSONDirectory(t *testing.T) {
	fsys := fstest.MapFS{
		"cloud.yaml":     {Data: []byte("version: 1\nproviders: [{id: p, regions: [{id: r}]}]\n")},
		"customers.json": {Data: []byte(`{"customers": [{"id": "shop", "depends_on": ["p@r"], "tags": {"tier": "critical"}, "weight": 2.5}]}`)},
	}
	c, err := LoadFS(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	n := c.Node("shop")
	if n == nil || n.Weight != 2.5 || n.Tags["tier"] != "critical" || len(n.Deps) != 1 || n.Deps[0].Target != "p@r" {
		t.Fatalf("customer from JSON: %+v", n)
	}
	if want := (Pos{"customers.json", 1, 16}); n.Pos != want {
		t.Errorf("position %v, want %v", n.Pos, want)
	}
}

func TestJSONErrors(t *testing.T) {
	tests := []struct {
		name, text string
		want       string
	}{
		{"unknown key", "{\n  \"version\": 1,\n  \"customers\": [{\"id\": \"a\", \"dependz\": []}]\n}",
			`c.json:3:29: unknown key "dependz" in a customer; expected one of: id, name,`},
		{"wrong type", "{\"version\": 1, \"customers\": [{\"id\": \"a\", \"weight\": \"heavy\"}]}",
			`c.json:1:52: weight must be a number, got the string "heavy"`},
		{"unknown ref", "{\"version\": 1,\n \"customers\": [{\"id\": \"a\", \"depends_on\": [\"nowhere\"]}]}",
			`c.json:2:43: unknown ref "nowhere"`},
		{"duplicate key", "{\"version\": 1, \"version\": 1}", `c.json:1:16: duplicate key "version" in the catalog (first at line 1)`},
		{"syntax", "{\n  \"version\": 1,\n  \"customers\": [}\n}", "c.json:3:17: invalid JSON: invalid character '}' at start of value"},
		{"truncated", "{\"version\": 1, \"customers\": [", "c.json:1:30: invalid JSON: unexpected end of input"},
		{"two values", "{\"version\": 1} {}", "c.json:1:16: invalid JSON: more than one JSON value"},
		{"not an object", "[1, 2]", "c.json:1:1: the catalog must be a map, got a list"},
		{"bad UTF-8", "{\"version\": 1, \"x\": \"\xff\"}", "c.json:1:22: invalid JSON: invalid UTF-8"},
		{"wide characters", "{\"version\": 1, \"customers\": [{\"id\": \"é\", \"dependz\": 1}]}", `c.json:1:42: unknown key "dependz"`},
		{"empty", "", "c.json:1:1: invalid JSON: unexpected end of input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFS(fstest.MapFS{"c.json": {Data: []byte(tt.text)}}, ".")
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("err = %v, want an ErrorList", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("errors:\n%v\nwant one starting %q", err, tt.want)
			}
		})
	}
}

// FuzzLoadJSON feeds arbitrary bytes to the loader as a JSON file: it must
// never panic, and every failure must be positioned.
func FuzzLoadJSON(f *testing.F) {
	contract, err := os.ReadFile("testdata/valid/contract.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(toJSON(f, contract))
	f.Add([]byte(`{"version": 1, "customers": [{"id": "a", "depends_on": [{"any_of": ["x", "y"]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := LoadFS(fstest.MapFS{"f.json": {Data: data}}, ".")
		var list ErrorList
		if err != nil && !errors.As(err, &list) {
			t.Fatalf("error is not an ErrorList: %v", err)
		}
		for _, e := range list {
			if e.Pos.File != "f.json" || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("bad position in %q", e.Error())
			}
		}
	})
}

// jsonCatalog is a generated catalog with every file rewritten as JSON.
func jsonCatalog(b *testing.B, customers int) (yamlFS, jsonFS fstest.MapFS, size int) {
	yamlFS = catalogtest.Generate(catalogtest.Options{Customers: customers, Seed: 1})
	jsonFS = fstest.MapFS{}
	for name, f := range yamlFS {
		data := toJSON(b, f.Data)
		jsonFS[strings.TrimSuffix(name, ".yaml")+".json"] = &fstest.MapFile{Data: data}
		size += len(data)
	}
	return yamlFS, jsonFS, size
}

// BenchmarkJSON compares ways to read JSON with input positions: jsontext
// tokens into the decoder's node tree (what Load does), encoding/json's
// tokens (which also give offsets), and encoding/json into any (no
// positions at all), then whole loads of the same catalog as JSON and as
// YAML.
func BenchmarkJSON(b *testing.B) {
	yamlFS, jsonFS, size := jsonCatalog(b, 20_000)
	var files [][]byte
	for _, f := range jsonFS {
		files = append(files, f.Data)
	}
	parse := map[string]func([]byte) error{
		"jsontext-nodes": func(data []byte) error {
			p := &jsonParser{dec: jsontext.NewDecoder(bytes.NewReader(data)), data: data, line: 1, col: 1, nodes: slab[yaml.Node]{chunk: 1024}, short: map[string]string{}}
			_, err := p.value()
			return err
		},
		"encoding-json-tokens": func(data []byte) error {
			dec := json.NewDecoder(bytes.NewReader(data))
			for {
				_, err := dec.Token()
				if errors.Is(err, io.EOF) {
					return nil
				}
				if err != nil {
					return err
				}
				_ = dec.InputOffset()
			}
		},
		"encoding-json-any": func(data []byte) error {
			var v any
			return json.Unmarshal(data, &v)
		},
	}
	for _, name := range []string{"jsontext-nodes", "encoding-json-tokens", "encoding-json-any"} {
		b.Run("parse="+name, func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, data := range files {
					if err := parse[name](data); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
	for name, fsys := range map[string]fstest.MapFS{"json": jsonFS, "yaml": yamlFS} {
		b.Run("load="+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := LoadFS(fsys, "."); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
