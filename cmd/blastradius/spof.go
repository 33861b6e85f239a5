package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/report"
)

type spofOptions struct {
	streams   streams
	source    catalogSource
	customers []string
	order     *enumValue
	output    outputOptions

	format string // decided from --format and -o
}

func newSPOFCmd(s streams, runF func(*spofOptions) error) *cobra.Command {
	opts := &spofOptions{
		streams: s,
		order:   newEnum("1", "1", "2"),
		output:  newOutputOptions("text", "json", "markdown"),
	}
	cmd := &cobra.Command{
		Use:   "spof",
		Short: "List what takes each customer down on its own (and, with --order 2, in pairs)",
		Long: `Spof lists, for every customer (or each --customer), every node whose failure
alone takes it down: its single points of failure. With --order 2 it also
lists the minimal pairs: two nodes whose failures together take it down while
neither alone does.

` + exitCodesHelp,
		Example: `  blastradius spof --example --customer roomba --customer netflix --order 2
  blastradius spof -c ./catalog --format json -o spofs.json`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) (err error) {
			if opts.format, err = opts.output.parse(&opts.source); err != nil {
				return err
			}
			return runOr(runF, opts, spofRun)
		},
	}
	f := cmd.Flags()
	addCatalogFlags(cmd, &opts.source)
	f.StringArrayVar(&opts.customers, "customer", nil, "only this customer `REF` (repeatable)")
	f.Var(opts.order, "order", "1: single points of failure; 2: also minimal pairs")
	opts.output.addFlags(f)
	completeCustomers(cmd, &opts.source, "customer")
	return cmd
}

func spofRun(opts *spofOptions) error {
	g, err := opts.source.graph(opts.streams)
	if err != nil {
		return err
	}
	progress := newProgress(opts.streams, "spof")
	res, err := g.SPOFs(opts.customers, int(opts.order.value[0]-'0'), progress.update)
	progress.done()
	if errors.Is(err, catalog.ErrUnknownRef) {
		return usageErrorf("--customer: %w", err)
	}
	if err != nil {
		return failure(err)
	}
	return opts.output.write(opts.streams, opts.source.inputs(), func(w io.Writer) error {
		return report.WriteSPOFs(w, res, report.Format(opts.format))
	})
}
