package catalog_test

import (
	"fmt"
	"testing"

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
