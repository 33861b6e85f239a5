package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/internal/phrase"
)

// WriteCatalogSummary writes the one-line summary of a valid catalog:
//
//	ok: 27 customers, 1 provider, 4 regions, 15 zones, 150 nodes, 2 scenarios, 2 policies (3 files)
//
// with the bundled models it includes after its own files ("(3 files;
// bundled models: aws)"); the counts include what the models declare.
//
// "nodes" counts every node of the graph: providers, regions, zones,
// service instances, regional views of zonal services and customers.
func WriteCatalogSummary(w io.Writer, cat *catalog.Catalog) error {
	regions, zones := 0, 0
	for _, p := range cat.Providers {
		regions += len(p.Regions)
		for _, r := range p.Regions {
			zones += len(r.Zones)
		}
	}
	counts := []string{
		phrase.Count(len(cat.Customers), "customer", "customers"),
		phrase.Count(len(cat.Providers), "provider", "providers"),
		phrase.Count(regions, "region", "regions"),
		phrase.Count(zones, "zone", "zones"),
		phrase.Count(len(cat.Nodes()), "node", "nodes"),
		phrase.Count(len(cat.Scenarios), "scenario", "scenarios"),
		phrase.Count(len(cat.Policies), "policy", "policies"),
	}
	files := 0
	for _, f := range cat.Files {
		if !(catalog.Pos{File: f}).Bundled() {
			files++
		}
	}
	from := phrase.Count(files, "file", "files")
	if len(cat.Models) > 0 {
		from += "; bundled models: " + strings.Join(cat.Models, ", ")
	}
	_, err := fmt.Fprintf(w, "ok: %s (%s)\n", strings.Join(counts, ", "), from)
	return err
}

// WriteCatalogErrors writes every error of an invalid catalog, one per line
// as "file:line:col: message; hint", then a line counting them ("3 errors").
func WriteCatalogErrors(w io.Writer, errs catalog.ErrorList) error {
	var b bytes.Buffer
	for _, e := range errs {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	b.WriteString(phrase.Count(len(errs), "error", "errors"))
	b.WriteByte('\n')
	_, err := w.Write(b.Bytes())
	return err
}
