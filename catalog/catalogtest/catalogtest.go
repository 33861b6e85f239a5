// Package catalogtest generates synthetic catalogs for tests and benchmarks.
//
// Generate and WriteDir build a large, realistic-looking catalog in format v1:
// a few cloud providers with their regions, zones and services, any number of
// customers spread over numbered files, a handful of scenarios and two
// policies. Random builds a small, dense, adversarial single-file catalog for
// property tests.
//
// Every catalog this package produces is valid per catalog format v1, and
// the output is a pure function of the input: the same Options (or the same
// random stream) always give byte-identical files.
package catalogtest

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"
)

// Defaults applied by Generate and WriteDir to zero Options fields.
const (
	DefaultProviders        = 3
	DefaultCustomersPerFile = 10000
)

// Options configures the synthetic catalog built by Generate and WriteDir.
// The zero value is a catalog of the default providers with no customers.
type Options struct {
	// Customers is the number of customers. Zero or less means none.
	Customers int
	// Seed selects the catalog: equal seeds give byte-identical output.
	Seed int64
	// Providers is the number of providers; 0 means DefaultProviders.
	// The first three are aws, gcp and azure; further ones get other names.
	Providers int
	// CustomersPerFile is the number of customers per customers-NNNN.yaml
	// file; 0 means DefaultCustomersPerFile. Customer i is the same whatever
	// the split: only the file boundaries move.
	CustomersPerFile int
	// Availability gives every provider, region, zone and service instance
	// an availability, by defaults in providers.yaml (DefaultAvailability),
	// for risk analyses.
	Availability bool
}

// DefaultAvailability is the defaults section that Options.Availability
// adds: assumptions of the order of cloud SLAs, not measurements.
const DefaultAvailability = `defaults:
  availability: {provider: 0.99999, region: 0.9999, zone: 0.999, service: 0.9995}
`

func (o Options) normalized() Options {
	if o.Customers < 0 {
		o.Customers = 0
	}
	if o.Providers <= 0 {
		o.Providers = DefaultProviders
	}
	if o.CustomersPerFile <= 0 {
		o.CustomersPerFile = DefaultCustomersPerFile
	}
	return o
}

// Generate returns the synthetic catalog described by opts as in-memory
// files: providers.yaml, scenarios.yaml, policies.yaml and
// customers-0000.yaml, customers-0001.yaml, … (no customer file when
// opts.Customers is zero). Every file starts with "version: 1".
//
// Generate holds the whole catalog in memory; for very large catalogs use
// WriteDir, which streams.
func Generate(opts Options) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, f := range plan(opts) {
		var b bytes.Buffer
		if err := f.write(&b); err != nil {
			// bytes.Buffer never fails; a failure here is a bug.
			panic("catalogtest: " + err.Error())
		}
		fsys[f.name] = &fstest.MapFile{Data: b.Bytes(), Mode: 0o644}
	}
	return fsys
}

// WriteDir writes the files Generate would return into dir, creating dir
// (and its parents) if needed and overwriting files of the same names. It
// also removes customers-*.yaml files that are not part of this catalog, so
// that a smaller catalog written over a larger one does not pick up the
// larger one's extra customers; it leaves every other file alone. It writes
// one file at a time, so memory use does not grow with the number of
// customers.
func WriteDir(dir string, opts Options) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := plan(opts)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, "customers-") || !strings.HasSuffix(name, ".yaml") ||
			slices.ContainsFunc(files, func(f genFile) bool { return f.name == name }) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, write func(io.Writer) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(fh, 256<<10)
	err = write(w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	return err
}

// genFile is one file of a generated catalog: its name and a function that
// writes its content.
type genFile struct {
	name  string
	write func(io.Writer) error
}
