package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/report"
)

type riskOptions struct {
	reportFlags
	customers []string
	top       int
	samples   int
	seed      uint64
	degraded  bool // --degraded-as-down
}

func newRiskCmd(s streams, runF func(*riskOptions) error) *cobra.Command {
	opts := &riskOptions{reportFlags: newReportFlags(s, "text", "json", "markdown")}
	cmd := &cobra.Command{
		Use:   "risk",
		Short: "How likely each customer is to be down, and which node matters most",
		Long: `Risk turns the catalog's availabilities into probabilities. Every node with an
availability (or failures per year and hours to recover, or a default for its
kind) has one independent basic event, "fails by itself"; a node is down when
its event happens or when the catalog's rules make it down, exactly as if a
scenario failed it. Degraded counts as up; with --degraded-as-down, a
customer that is degraded counts as down (every figure is then about being
degraded or down).

For each customer: the probability of being down, the expected downtime in
minutes a year, and its most probable minimal cut sets. For each basic event,
against the expected weighted unavailability R = Σ weight × P(down) of the
customers: Birnbaum (R if it always happens − R if it never does),
Fussell-Vesely, risk achievement worth and risk reduction worth; and the ten
nodes whose perfect reliability removes the most weighted downtime.

Figures are exact (binary decision diagrams); a customer whose diagram would
exceed a size bound is estimated by seeded Monte Carlo with a 95% interval,
and the output says which method gave each figure.

` + exitCodesHelp,
		Example: `  blastradius risk -c ./catalog
  blastradius risk -c ./catalog --customer checkout --format json`,
	}
	opts.addTo(cmd)
	f := cmd.Flags()
	f.StringArrayVar(&opts.customers, "customer", nil, "report only this customer `REF` (repeatable)")
	f.IntVar(&opts.top, "top", 20, "customers and events listed in text and Markdown")
	f.IntVar(&opts.samples, "samples", 20_000, "Monte Carlo samples, for customers beyond the exact bound")
	f.Uint64Var(&opts.seed, "seed", 1, "Monte Carlo seed")
	f.BoolVar(&opts.degraded, "degraded-as-down", false, "count a degraded customer as down")
	completeCustomers(cmd, &opts.source, "customer")
	return command(cmd, opts, func(c *cobra.Command, args []string) error {
		if opts.top < 1 || opts.samples < 1 {
			return usageErrorf("--top and --samples must be at least 1")
		}
		return opts.parse(c, args)
	}, runF, riskRun)
}

func riskRun(opts *riskOptions) error {
	_, r, err := analyze(&opts.catalogFlags, "risk", func(g *graph.Graph, _ graph.Progress) (*graph.Risk, error) {
		return g.Risk(graph.RiskOptions{Customers: opts.customers, Samples: opts.samples, Seed: opts.seed, DegradedAsDown: opts.degraded})
	})
	if errors.Is(err, catalog.ErrUnknownRef) {
		return usageErrorf("%w", err)
	}
	if err != nil {
		return failure(err)
	}
	return opts.write(func(w io.Writer) error { return report.WriteRisk(w, r, report.Format(opts.format), opts.top) })
}
