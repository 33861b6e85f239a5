package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/report"
)

type backtestOptions struct {
	reportFlags
	scenarios  []string
	thresholds report.Thresholds
}

func newBacktestCmd(s streams, runF func(*backtestOptions) error) *cobra.Command {
	opts := &backtestOptions{reportFlags: newReportFlags(s, "text", "json", "markdown")}
	cmd := &cobra.Command{
		Use:   "backtest",
		Short: "Replay the scenarios that carry expect and score the model against them",
		Long: `Backtest runs every scenario of the catalog that carries expect (or each
--scenario) and checks its expectations: the nodes it must take down, degrade,
affect, and leave up. For each scenario it prints the expectations that fail,
with the node's actual state and cause path, and how well the model
reproduces it: precision (of the affected nodes of the kinds the expect
lists name, the share that were expected) and recall (of the nodes expected
down, degraded or affected, the share that are), then the totals.

Exit codes:
  0  every expectation holds and every scenario meets the thresholds
  1  an expectation fails, a scenario misses --min-precision or
     --min-recall, or the catalog is invalid
  2  the request is wrong`,
		Example: `  blastradius backtest --example
  blastradius backtest -c ./catalog --min-precision 0.8 --min-recall 0.8 --format markdown`,
	}
	opts.addTo(cmd)
	f := cmd.Flags()
	f.StringArrayVar(&opts.scenarios, "scenario", nil, "only the scenario `ID` (repeatable)")
	f.Float64Var(&opts.thresholds.Precision, "min-precision", 0, "fail a scenario whose precision is below `P` (0 to 1)")
	f.Float64Var(&opts.thresholds.Recall, "min-recall", 0, "fail a scenario whose recall is below `R` (0 to 1)")
	completeScenarios(cmd, &opts.source, "scenario")
	return command(cmd, opts, func(c *cobra.Command, args []string) error {
		for _, t := range []struct {
			name string
			v    float64
		}{{"--min-precision", opts.thresholds.Precision}, {"--min-recall", opts.thresholds.Recall}} {
			if t.v < 0 || t.v > 1 {
				return usageErrorf("%s must be between 0 and 1, got %g", t.name, t.v)
			}
		}
		return opts.parse(c, args)
	}, runF, backtestRun)
}

func backtestRun(opts *backtestOptions) error {
	_, bs, err := analyze(&opts.catalogFlags, "backtest", func(g *graph.Graph, _ graph.Progress) ([]*graph.Backtest, error) {
		return g.Backtests(opts.scenarios)
	})
	if errors.Is(err, catalog.ErrUnknownScenario) {
		return usageErrorf("--scenario: %w", err)
	}
	if err != nil {
		return failure(err)
	}
	err = opts.write(func(w io.Writer) error {
		return report.WriteBacktests(w, bs, opts.thresholds, report.Format(opts.format))
	})
	if err != nil {
		return err
	}
	for _, b := range bs {
		if !b.Holds() || opts.thresholds.Misses(b) {
			return errFindings
		}
	}
	return nil
}
