package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/blastradius/blastradius/catalog"
)

// WriteCatalogSummary writes the one-line summary of a valid catalog:
//
//	ok: 27 customers, 1 provider, 4 regions, 15 zones, 150 nodes, 2 scenarios, 2 policies (3 files)
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
		count(len(cat.Customers), "customer", "customers"),
		count(len(cat.Providers), "provider", "providers"),
		count(regions, "region", "regions"),
		count(zones, "zone", "zones"),
		count(len(cat.Nodes()), "node", "nodes"),
		count(len(cat.Scenarios), "scenario", "scenarios"),
		count(len(cat.Policies), "policy", "policies"),
	}
	_, err := fmt.Fprintf(w, "ok: %s (%s)\n", strings.Join(counts, ", "), count(len(cat.Files), "file", "files"))
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
	b.WriteString(count(len(errs), "error", "errors"))
	b.WriteByte('\n')
	_, err := w.Write(b.Bytes())
	return err
}

func count(n int, one, many string) string {
	return num(n) + " " + plural(n, one, many)
}
