package catalogtest_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"

	"github.com/blastradius/blastradius/catalog/catalogtest"
)

func ExampleGenerate() {
	fsys := catalogtest.Generate(catalogtest.Options{Customers: 25, Seed: 1, CustomersPerFile: 10})
	names, _ := fs.Glob(fsys, "*.yaml")
	for _, name := range names {
		fmt.Println(name)
	}
	// Output:
	// customers-0000.yaml
	// customers-0001.yaml
	// customers-0002.yaml
	// policies.yaml
	// providers.yaml
	// scenarios.yaml
}

func ExampleRandom() {
	r := rand.New(rand.NewPCG(1, 2))
	data := catalogtest.Random(r)
	line, _, _ := bytes.Cut(data, []byte("\n"))
	fmt.Println(string(line))
	// Output: version: 1
}
