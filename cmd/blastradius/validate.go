package main

import (
	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/report"
)

type validateOptions struct {
	catalogFlags
}

func newValidateCmd(s streams, runF func(*validateOptions) error) *cobra.Command {
	opts := &validateOptions{catalogFlags{streams: s}}
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check a catalog against the format and print what it holds",
		Long: `Validate loads the catalog and checks it against catalog format v1.

A valid catalog prints one line to stdout, such as
  ok: 27 customers, 1 provider, 4 regions, 15 zones, 150 nodes, 2 scenarios, 2 policies (3 files)
and exits 0. An invalid one prints every error to stderr, one per line as
file:line:col: message, then their count, and exits 1.

` + exitCodesHelp,
		Example: `  blastradius validate --catalog ./catalog
  blastradius validate --example`,
	}
	addCatalogFlags(cmd, &opts.source)
	return command(cmd, opts, func(*cobra.Command, []string) error { return opts.source.check() }, runF, validateRun)
}

func validateRun(opts *validateOptions) error {
	cat, err := opts.source.load(opts.streams)
	if err != nil {
		return err
	}
	if err := report.WriteCatalogSummary(opts.streams.out, cat); err != nil {
		return failure(err)
	}
	return nil
}
