// Command synthetic writes a synthetic catalog for benchmarks and demos.
//
// Usage:
//
//	go run ./examples/synthetic -customers 100000 -seed 1 -out /tmp/syn
//
// The catalog is a directory of YAML files in catalog format v1 (see
// package catalogtest): providers.yaml, scenarios.yaml, policies.yaml and
// customers-NNNN.yaml; with -json, the same catalog as JSON files
// (providers.json, ...), for machine-generated catalogs. The same flags
// always give byte-identical files.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
)

func main() {
	customers := flag.Int("customers", 10000, "number of customers")
	seed := flag.Int64("seed", 1, "random seed; equal seeds give identical catalogs")
	providers := flag.Int("providers", catalogtest.DefaultProviders, "number of providers (aws, gcp, azure, then others)")
	perFile := flag.Int("per-file", catalogtest.DefaultCustomersPerFile, "customers per customers-NNNN.yaml file")
	out := flag.String("out", "", "directory to write the catalog to (required)")
	asJSON := flag.Bool("json", false, "write JSON files instead of YAML")
	availability := flag.Bool("availability", false, "give every provider, region, zone and service instance an availability (defaults in providers.yaml)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: synthetic -out DIR [-customers N] [-seed S] [-providers P] [-per-file K] [-json] [-availability]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(*out, catalogtest.Options{
		Customers:        *customers,
		Seed:             *seed,
		Providers:        *providers,
		CustomersPerFile: *perFile,
		Availability:     *availability,
	}, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "synthetic:", err)
		os.Exit(2)
	}
}

func run(out string, opts catalogtest.Options, asJSON bool) error {
	switch {
	case out == "":
		flag.Usage()
		return fmt.Errorf("-out is required")
	case flag.NArg() > 0:
		flag.Usage()
		return fmt.Errorf("unexpected arguments: %v", flag.Args())
	case opts.Customers < 0:
		return fmt.Errorf("-customers must not be negative, got %d", opts.Customers)
	case opts.Providers < 1:
		return fmt.Errorf("-providers must be at least 1, got %d", opts.Providers)
	case opts.CustomersPerFile < 1:
		return fmt.Errorf("-per-file must be at least 1, got %d", opts.CustomersPerFile)
	}
	start := time.Now()
	if err := catalogtest.WriteDir(out, opts); err != nil {
		return err
	}
	if asJSON {
		if err := convertDir(out); err != nil {
			return err
		}
	}
	files, size, err := du(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "synthetic: wrote %d customers, %d providers (seed %d) to %s: %d files, %.1f MB in %s\n",
		opts.Customers, opts.Providers, opts.Seed, out, files, float64(size)/1e6, time.Since(start).Round(time.Millisecond))
	return nil
}

// convertDir rewrites every YAML file of dir as JSON, removing the YAML.
func convertDir(dir string) error {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return err
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		out, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if err := os.WriteFile(strings.TrimSuffix(p, ".yaml")+".json", append(out, '\n'), 0o644); err != nil {
			return err
		}
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}

// du counts the catalog files in dir and their total size.
func du(dir string) (files int, size int64, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !catalog.IsCatalogFile(p) {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		size += info.Size()
		return nil
	})
	return files, size, err
}
