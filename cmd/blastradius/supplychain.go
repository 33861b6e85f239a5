package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/report"
)

type supplyChainOptions struct {
	reportFlags
	customer string
}

func newSupplyChainCmd(s streams, runF func(*supplyChainOptions) error) *cobra.Command {
	opts := &supplyChainOptions{reportFlags: newReportFlags(s, "text", "json", "markdown")}
	cmd := &cobra.Command{
		Use:   "supply-chain CUSTOMER",
		Short: "List every provider a customer depends on, at which rank and through whom",
		Long: `Supply-chain walks everything CUSTOMER depends on, however far down, and lists
every provider found — the shape a register of information (such as the EU
DORA register) asks for:

  rank     1 when the customer's own dependencies name the provider; n when
           the nearest way to it passes through n-1 others (vendors, that
           is other providers, or other customers)
  through  every vendor or customer through which the customer reaches it
  effect   what the provider's failure alone does to the customer: down
           (the provider is critical), degraded or up

and, per provider, what the failure of each of its regions in the chain
does. ` + "`blastradius graph --focus CUSTOMER --direction up`" + ` draws the same chain.

` + exitCodesHelp,
		Example: `  blastradius supply-chain --example netflix
  blastradius supply-chain -c examples/vendor-concentration checkout --format json -o checkout.json`,
		Args: cobra.ExactArgs(1),
	}
	opts.addTo(cmd)
	completeCustomers(cmd, &opts.source, "")
	return command(cmd, opts, func(c *cobra.Command, args []string) error {
		opts.customer = args[0]
		return opts.parse(c, args)
	}, runF, supplyChainRun)
}

func supplyChainRun(opts *supplyChainOptions) error {
	_, sc, err := analyze(&opts.catalogFlags, "supply chain", func(g *graph.Graph, _ graph.Progress) (*graph.SupplyChain, error) {
		return g.SupplyChain(opts.customer)
	})
	if errors.Is(err, catalog.ErrUnknownRef) {
		return usageErrorf("%w", err)
	}
	if err != nil {
		return failure(err)
	}
	return opts.write(func(w io.Writer) error { return report.WriteSupplyChain(w, sc, report.Format(opts.format)) })
}
