package catalog_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/blastradius/blastradius/cache"
	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
)

// BenchmarkLoad measures parsing, validating and resolving a generated
// catalog held in memory.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("customers=%d", n), func(b *testing.B) {
			fsys := catalogtest.Generate(catalogtest.Options{Customers: n, Seed: 1})
			var size int
			for _, f := range fsys {
				size += len(f.Data)
			}
			b.SetBytes(int64(size))
			for b.Loop() {
				if _, err := catalog.LoadFS(fsys, "."); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUnmarshal measures decoding the compiled form of a generated
// catalog, what a cache hit costs on top of reading the entry.
func BenchmarkUnmarshal(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("customers=%d", n), func(b *testing.B) {
			c, err := catalog.LoadFS(catalogtest.Generate(catalogtest.Options{Customers: n, Seed: 1}), ".")
			if err != nil {
				b.Fatal(err)
			}
			data, err := c.MarshalBinary()
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := catalog.UnmarshalBinary(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMarshal measures encoding a generated catalog, what a cache
// miss costs on top of the load.
func BenchmarkMarshal(b *testing.B) {
	c, err := catalog.LoadFS(catalogtest.Generate(catalogtest.Options{Customers: 100_000, Seed: 1}), ".")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.MarshalBinary(); err != nil {
			b.Fatal(err)
		}
	}
}

var catalogDir = flag.String("catalog-dir", "", "a catalog directory for BenchmarkDir (write one with go run ./examples/synthetic)")

// BenchmarkDir measures loading the catalog directory named by
// -catalog-dir against its floor, yaml.v3 parsing the same files into
// yaml.Node with the loader's parallelism (one worker per core): a cold
// load without a cache, a load that fills a cache, and one that reads it.
func BenchmarkDir(b *testing.B) {
	if *catalogDir == "" {
		b.Skip("pass -catalog-dir DIR")
	}
	paths, err := filepath.Glob(filepath.Join(*catalogDir, "*.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("floor=yaml.Node", func(b *testing.B) {
		if len(paths) == 0 {
			b.Skip("no YAML files")
		}
		for b.Loop() {
			parseYAML(b, paths)
		}
	})
	b.Run("load=no-cache", func(b *testing.B) {
		for b.Loop() {
			if _, err := catalog.Load(*catalogDir); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load=cache-miss", func(b *testing.B) {
		for b.Loop() {
			l := catalog.Loader{Cache: &cache.Dir{Path: b.TempDir()}}
			if _, err := l.Load(*catalogDir); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load=cache-hit", func(b *testing.B) {
		l := catalog.Loader{Cache: &cache.Dir{Path: b.TempDir()}}
		if _, err := l.Load(*catalogDir); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := l.Load(*catalogDir); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// parseYAML parses every file into yaml.Node, one worker per core.
func parseYAML(b *testing.B, paths []string) {
	next := make(chan string)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				data, err := os.ReadFile(p)
				if err != nil {
					b.Error(err)
					continue
				}
				dec := yaml.NewDecoder(bytes.NewReader(data))
				for {
					var doc yaml.Node
					if err := dec.Decode(&doc); err != nil {
						if !errors.Is(err, io.EOF) {
							b.Error(err)
						}
						break
					}
				}
			}
		}()
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
}
