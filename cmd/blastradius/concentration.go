package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/report"
)

type concentrationOptions struct {
	streams streams
	source  catalogSource
	by      *enumValue
	output  outputOptions

	format string // decided from --format and -o
}

func newConcentrationCmd(s streams, runF func(*concentrationOptions) error) *cobra.Command {
	opts := &concentrationOptions{
		streams: s,
		by:      newEnum("provider", "provider", "region"),
		output:  newOutputOptions("text", "json", "markdown"),
	}
	cmd := &cobra.Command{
		Use:   "concentration",
		Short: "Measure how much customers depend on each provider or region",
		Long: `Concentration fails every provider and every region on its own and reports, per
provider (or region with --by region), the customers its failure takes down
(critical dependence, with their weight share), those it only degrades, and
those that use it at all; the Herfindahl–Hirschman index of critical
dependence; and how many customers critically depend on 0, 1, 2 or more
providers and regions (per customer in JSON).

` + exitCodesHelp,
		Example: `  blastradius concentration --example
  blastradius concentration -c ./catalog --by region --format json`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) (err error) {
			if opts.format, err = opts.output.parse(&opts.source); err != nil {
				return err
			}
			return runOr(runF, opts, concentrationRun)
		},
	}
	addCatalogFlags(cmd, &opts.source)
	cmd.Flags().Var(opts.by, "by", "group by provider or region")
	opts.output.addFlags(cmd.Flags())
	return cmd
}

func concentrationRun(opts *concentrationOptions) error {
	g, err := opts.source.graph(opts.streams)
	if err != nil {
		return err
	}
	progress := newProgress(opts.streams, "concentration")
	c, err := g.Concentration(catalog.Level(opts.by.value), progress.update)
	progress.done()
	if err != nil {
		return failure(err)
	}
	return opts.output.write(opts.streams, opts.source.inputs(), func(w io.Writer) error {
		return report.WriteConcentration(w, c, report.Format(opts.format))
	})
}
