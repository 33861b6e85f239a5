package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/report"
)

type rankOptions struct {
	reportFlags
	level *enumValue // --scope: what fails
	top   int
	pairs bool
}

func newRankCmd(s streams, runF func(*rankOptions) error) *cobra.Command {
	opts := &rankOptions{reportFlags: newReportFlags(s, "text", "json", "markdown"),
		level: newEnum("region", "provider", "region", "zone", "service", "customer")}
	cmd := &cobra.Command{
		Use:   "rank",
		Short: "Rank every single failure (or pair) of a scope by what it takes down",
		Long: `Rank fails every node of a scope on its own — every provider, region, zone,
service instance or customer — and ranks the failures by the customer weight
they take down, then customers down, then customers degraded, then ref.

--pairs fails every pair within the scope instead, and ranks the pairs by what
they take down beyond their two single failures: the correlated failures that
redundancy hides.

` + exitCodesHelp,
		Example: `  blastradius rank --example --scope region
  blastradius rank -c ./catalog --scope zone --pairs --top 10 --format markdown`,
	}
	opts.addTo(cmd)
	f := cmd.Flags()
	f.Var(opts.level, "scope", "what fails")
	f.IntVar(&opts.top, "top", 0, "show only the first `N` results (0: all)")
	f.BoolVar(&opts.pairs, "pairs", false, "fail every pair within the scope")
	return command(cmd, opts, func(c *cobra.Command, args []string) error {
		if opts.top < 0 {
			return usageErrorf("--top must not be negative")
		}
		return opts.parse(c, args)
	}, runF, rankRun)
}

func rankRun(opts *rankOptions) error {
	level, f := catalog.Level(opts.level.value), report.Format(opts.format)
	what := "rank " + opts.level.value
	var write func(io.Writer) error
	var err error
	if opts.pairs {
		var results []graph.PairOutcome
		_, results, err = analyze(&opts.catalogFlags, what, func(g *graph.Graph, p graph.Progress) ([]graph.PairOutcome, error) {
			return g.RankPairs(level, p)
		})
		write = func(w io.Writer) error { return report.WriteRankPairs(w, level, firstN(results, opts.top), f) }
	} else {
		var results []graph.Outcome
		_, results, err = analyze(&opts.catalogFlags, what, func(g *graph.Graph, p graph.Progress) ([]graph.Outcome, error) {
			return g.Rank(level, p)
		})
		write = func(w io.Writer) error { return report.WriteRank(w, level, firstN(results, opts.top), f) }
	}
	if errors.Is(err, graph.ErrTooManyPairs) {
		return usageErrorf("--pairs: %w", err)
	}
	if err != nil {
		return failure(err)
	}
	return opts.write(write)
}

func firstN[T any](s []T, n int) []T {
	if n > 0 && n < len(s) {
		return s[:n]
	}
	return s
}

type spofOptions struct {
	reportFlags
	customers []string
	order     *enumValue
}

func newSPOFCmd(s streams, runF func(*spofOptions) error) *cobra.Command {
	opts := &spofOptions{reportFlags: newReportFlags(s, "text", "json", "markdown"), order: newEnum("1", "1", "2")}
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
	}
	opts.addTo(cmd)
	cmd.Flags().StringArrayVar(&opts.customers, "customer", nil, "only this customer `REF` (repeatable)")
	cmd.Flags().Var(opts.order, "order", "1: single points of failure; 2: also minimal pairs")
	completeCustomers(cmd, &opts.source, "customer")
	return command(cmd, opts, opts.parse, runF, spofRun)
}

func spofRun(opts *spofOptions) error {
	_, res, err := analyze(&opts.catalogFlags, "spof", func(g *graph.Graph, p graph.Progress) ([]graph.SPOF, error) {
		return g.SPOFs(opts.customers, int(opts.order.value[0]-'0'), p)
	})
	if errors.Is(err, catalog.ErrUnknownRef) {
		return usageErrorf("--customer: %w", err)
	}
	if err != nil {
		return failure(err)
	}
	return opts.write(func(w io.Writer) error { return report.WriteSPOFs(w, res, report.Format(opts.format)) })
}

type concentrationOptions struct {
	reportFlags
	by *enumValue
}

func newConcentrationCmd(s streams, runF func(*concentrationOptions) error) *cobra.Command {
	opts := &concentrationOptions{reportFlags: newReportFlags(s, "text", "json", "markdown"), by: newEnum("provider", "provider", "region")}
	cmd := &cobra.Command{
		Use:   "concentration",
		Short: "Measure how much customers depend on each provider or region",
		Long: `Concentration fails every provider and every region on its own and reports, per
provider (or region with --by region), the customers its failure takes down
(critical dependence, with their weight share), those it only degrades, and
those that use it at all; the Herfindahl–Hirschman index of critical
dependence; and how many customers critically depend on 0, 1, 2 or more
providers and regions (per customer in JSON).

The customers a failure takes down are split into direct and hidden. A
customer is direct when its own dependency entries are down even with every
node of every other provider, and every other customer, counted up; else it
is hidden: it goes down only through a vendor or another customer, and the
report names what carries it (the vendors and customers it depends on
directly that the failure takes down). Amplification is all the customers taken down over the direct ones;
it is undefined (null in JSON) when none is direct.

` + exitCodesHelp,
		Example: `  blastradius concentration --example
  blastradius concentration -c ./catalog --by region --format json`,
	}
	opts.addTo(cmd)
	cmd.Flags().Var(opts.by, "by", "group by provider or region")
	return command(cmd, opts, opts.parse, runF, concentrationRun)
}

func concentrationRun(opts *concentrationOptions) error {
	_, c, err := analyze(&opts.catalogFlags, "concentration", func(g *graph.Graph, p graph.Progress) (*graph.Concentration, error) {
		return g.Concentration(catalog.Level(opts.by.value), p)
	})
	if err != nil {
		return failure(err)
	}
	return opts.write(func(w io.Writer) error { return report.WriteConcentration(w, c, report.Format(opts.format)) })
}
