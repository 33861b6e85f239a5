package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/report"
)

// catalogSource is the catalog a command reads: the flags --catalog PATH
// and --example.
type catalogSource struct {
	path    string
	example bool
	cache   cacheOptions
}

// addCatalogFlags adds --catalog and --example to cmd.
func addCatalogFlags(cmd *cobra.Command, src *catalogSource) {
	f := cmd.Flags()
	f.StringVarP(&src.path, "catalog", "c", "", "the catalog: a YAML or JSON file `PATH`, or a directory of them")
	f.BoolVar(&src.example, "example", false, "use the bundled example catalog (AWS us-east-1, 7 Dec 2021)")
	addCacheFlags(cmd, &src.cache)
}

// check refuses a source that names no catalog, or two.
func (src *catalogSource) check() error {
	if src.example && src.path != "" {
		return usageErrorf("--catalog and --example exclude each other: pass one")
	}
	if !src.example && src.path == "" {
		return usageErrorf("no catalog: pass --catalog PATH or --example")
	}
	return nil
}

// inputs are the files and directories the source reads, which no output
// may overwrite.
func (src *catalogSource) inputs() []string {
	if src.path == "" {
		return nil
	}
	return []string{src.path}
}

// load loads the catalog. An invalid catalog is reported on stderr, every
// error and a count (statusInvalid); a missing or unreadable path is a
// wrong request.
func (src *catalogSource) load(s streams) (*catalog.Catalog, error) {
	cat, err := src.read(src.cache.loader(s))
	if err != nil {
		return nil, catalogError(s, err)
	}
	return cat, nil
}

// read loads the catalog with l, returning the load's error as it is.
func (src *catalogSource) read(l catalog.Loader) (*catalog.Catalog, error) {
	if src.example {
		return l.LoadFS(examples.AWS20211207())
	}
	return l.Load(src.path)
}

// graph loads the catalog and compiles its graph.
func (src *catalogSource) graph(s streams) (*graph.Graph, error) {
	cat, err := src.load(s)
	if err != nil {
		return nil, err
	}
	return graph.New(cat), nil
}

// catalogError turns a failed load into an exit: an invalid catalog prints
// every error on stderr (statusInvalid); anything else is a wrong request.
func catalogError(s streams, err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	var list catalog.ErrorList
	if errors.As(err, &list) {
		if werr := report.WriteCatalogErrors(s.errOut, list); werr != nil {
			return failure(werr)
		}
		return &exitError{status: statusInvalid}
	}
	return usageErrorf("%w", err)
}
