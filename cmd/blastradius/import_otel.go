package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/internal/phrase"
	"github.com/blastradius/blastradius/otel"
)

type importOtelOptions struct {
	streams     streams
	file        string
	minRequests int
	output      importOutput
}

func newImportOtelCmd(s streams, runF func(*importOtelOptions) error) *cobra.Command {
	opts := &importOtelOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "otel FILE",
		Short: "Write a catalog from the OpenTelemetry Collector's service graph metrics",
		Long: `Import otel reads the metrics of the OpenTelemetry Collector's servicegraph
connector in the Prometheus text format — FILE, or stdin for "-", as scraped
from the Collector's Prometheus exporter — and writes a catalog:

  traces_service_graph_request_total{client, server, connection_type}
      client and server each become a customer, and the client depends on
      the server, its source the requests seen: "otel servicegraph: 1234
      requests, 5 failed"; confidence inferred, since traffic shows a call,
      not that the client fails with the server
  traces_service_graph_request_failed_total
      the failed count of the same edge

A namespace prefix from the exporter (servicegraph_traces_…) is accepted;
series that differ only in extra dimensions add up. A server only ever
reached as a database or messaging_system is tagged kind: database or
kind: messaging_system. Edges with fewer than --min-requests requests,
self-calls, and other metrics are listed as not mapped. Malformed lines are
reported as file:line:col: message, every error at once.

` + exitCodesHelp,
		Example: `  curl -s http://collector:8889/metrics | blastradius import otel - -o catalog/traffic.yaml
  blastradius import otel metrics.prom --min-requests 100 -o catalog/traffic.yaml`,
		Args: cobra.ExactArgs(1),
	}
	cmd.Flags().IntVar(&opts.minRequests, "min-requests", 1, "leave out edges with fewer than `N` requests")
	opts.output.addFlags(cmd)
	return command(cmd, opts, func(_ *cobra.Command, args []string) error {
		opts.file = args[0]
		if opts.minRequests < 0 {
			return usageErrorf("--min-requests must not be negative, got %d", opts.minRequests)
		}
		return opts.output.check()
	}, runF, importOtelRun)
}

func importOtelRun(opts *importOtelOptions) error {
	s := opts.streams
	name, inputs := opts.file, []string{opts.file}
	var data []byte
	var err error
	if opts.file == "-" {
		name, inputs = "<stdin>", nil
		data, err = io.ReadAll(s.in)
	} else {
		data, err = os.ReadFile(opts.file)
	}
	if err != nil {
		return usageErrorf("%w", err)
	}
	res, err := otel.Import(name, data, otel.Options{MinRequests: float64(opts.minRequests)})
	if err != nil {
		return catalogError(s, err)
	}
	summary := fmt.Sprintf("imported %s: %s, %s", phrase.Count(res.Samples, "sample", "samples"),
		phrase.Count(res.Customers, "customer", "customers"), phrase.Count(res.Edges, "dependency", "dependencies"))
	return writeImport(s, opts.output, inputs, res.Catalog, res.Notes, summary)
}
