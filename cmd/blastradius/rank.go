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
	streams streams
	source  catalogSource
	level   *enumValue // --scope: what fails
	top     int
	pairs   bool
	output  outputOptions

	format string // decided from --format and -o
}

func newRankCmd(s streams, runF func(*rankOptions) error) *cobra.Command {
	opts := &rankOptions{
		streams: s,
		level:   newEnum("region", "provider", "region", "zone", "service", "customer"),
		output:  newOutputOptions("text", "json", "markdown"),
	}
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
		Args: noArgs,
		RunE: func(*cobra.Command, []string) (err error) {
			if opts.top < 0 {
				return usageErrorf("--top must not be negative")
			}
			if opts.format, err = opts.output.parse(&opts.source); err != nil {
				return err
			}
			return runOr(runF, opts, rankRun)
		},
	}
	f := cmd.Flags()
	addCatalogFlags(cmd, &opts.source)
	f.Var(opts.level, "scope", "what fails")
	f.IntVar(&opts.top, "top", 0, "show only the first `N` results (0: all)")
	f.BoolVar(&opts.pairs, "pairs", false, "fail every pair within the scope")
	opts.output.addFlags(f)
	return cmd
}

func rankRun(opts *rankOptions) error {
	g, err := opts.source.graph(opts.streams)
	if err != nil {
		return err
	}
	level := catalog.Level(opts.level.value)
	progress := newProgress(opts.streams, "rank "+opts.level.value)
	var write func(io.Writer) error
	if opts.pairs {
		results, err := g.RankPairs(level, progress.update)
		progress.done()
		if errors.Is(err, graph.ErrTooManyPairs) {
			return usageErrorf("--pairs: %w", err)
		}
		if err != nil {
			return failure(err)
		}
		write = func(w io.Writer) error {
			return report.WriteRankPairs(w, level, firstN(results, opts.top), report.Format(opts.format))
		}
	} else {
		results, err := g.Rank(level, progress.update)
		progress.done()
		if err != nil {
			return failure(err)
		}
		write = func(w io.Writer) error {
			return report.WriteRank(w, level, firstN(results, opts.top), report.Format(opts.format))
		}
	}
	return opts.output.write(opts.streams, opts.source.inputs(), write)
}

func firstN[T any](s []T, n int) []T {
	if n > 0 && n < len(s) {
		return s[:n]
	}
	return s
}
