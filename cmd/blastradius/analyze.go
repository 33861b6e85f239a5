package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/report"
)

// reportOptions are the output flags of the analysis commands.
type reportOptions struct {
	format *enumValue
	output string
}

func newReportOptions() *reportOptions {
	return &reportOptions{format: newEnum("text", "text", "json", "markdown")}
}

func (o *reportOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().Var(o.format, "format", "output format")
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write to `FILE` (atomically) instead of stdout; its extension picks the format")
}

// write writes a report in the chosen format to stdout or the output file.
// The format is --format if given, else the extension of -o, else text.
func (o *reportOptions) write(s streams, gopts *globalOptions, write func(io.Writer, report.Format) error) error {
	format, err := outputFormat(o.format, o.output)
	if err != nil {
		return err
	}
	return writeOutput(s, o.output, []string{gopts.catalogPath}, func(w io.Writer) error {
		return write(w, report.Format(format))
	})
}

// loadGraph loads the catalog and compiles its graph.
func loadGraph(s streams, gopts *globalOptions) (*graph.Graph, error) {
	cat, err := gopts.loadCatalog(s)
	if err != nil {
		return nil, err
	}
	return graph.New(cat), nil
}

func newRankCmd(s streams, gopts *globalOptions) *cobra.Command {
	ro := newReportOptions()
	scope := newEnum("region", "provider", "region", "zone", "service", "customer")
	var top int
	var pairs bool
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
		RunE: func(cmd *cobra.Command, _ []string) error {
			if top < 0 {
				return usageErrorf("--top must not be negative")
			}
			g, err := loadGraph(s, gopts)
			if err != nil {
				return err
			}
			level := catalog.Level(scope.value)
			progress := newProgress(s, "rank "+scope.value)
			if pairs {
				results, err := g.RankPairs(level, progress.update)
				progress.done()
				if err != nil {
					return usageErrorf("%w", err)
				}
				return ro.write(s, gopts, func(w io.Writer, f report.Format) error {
					return report.WriteRankPairs(w, level, firstN(results, top), f)
				})
			}
			results, err := g.Rank(level, progress.update)
			progress.done()
			if err != nil {
				return failure(err)
			}
			return ro.write(s, gopts, func(w io.Writer, f report.Format) error {
				return report.WriteRank(w, level, firstN(results, top), f)
			})
		},
	}
	cmd.Flags().Var(scope, "scope", "what fails")
	cmd.Flags().IntVar(&top, "top", 0, "show only the first `N` results (0: all)")
	cmd.Flags().BoolVar(&pairs, "pairs", false, "fail every pair within the scope")
	ro.addFlags(cmd)
	return cmd
}

func firstN[T any](s []T, n int) []T {
	if n > 0 && n < len(s) {
		return s[:n]
	}
	return s
}

func newSPOFCmd(s streams, gopts *globalOptions) *cobra.Command {
	ro := newReportOptions()
	order := newEnum("1", "1", "2")
	var customers []string
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
		RunE: func(cmd *cobra.Command, _ []string) error {
			g, err := loadGraph(s, gopts)
			if err != nil {
				return err
			}
			for _, ref := range customers {
				if _, err := g.Catalog().Lookup(ref); err != nil {
					return usageErrorf("--customer: %w", err)
				}
			}
			progress := newProgress(s, "spof")
			res, err := g.SPOFs(customers, int(order.value[0]-'0'), progress.update)
			progress.done()
			if err != nil {
				return usageErrorf("--customer: %w", err)
			}
			return ro.write(s, gopts, func(w io.Writer, f report.Format) error { return report.WriteSPOFs(w, res, f) })
		},
	}
	cmd.Flags().StringArrayVar(&customers, "customer", nil, "only this customer `REF` (repeatable)")
	cmd.Flags().Var(order, "order", "1: single points of failure; 2: also minimal pairs")
	ro.addFlags(cmd)
	return cmd
}

func newConcentrationCmd(s streams, gopts *globalOptions) *cobra.Command {
	ro := newReportOptions()
	by := newEnum("provider", "provider", "region")
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
		RunE: func(cmd *cobra.Command, _ []string) error {
			g, err := loadGraph(s, gopts)
			if err != nil {
				return err
			}
			progress := newProgress(s, "concentration")
			c, err := g.Concentration(catalog.Level(by.value), progress.update)
			progress.done()
			if err != nil {
				return failure(err)
			}
			return ro.write(s, gopts, func(w io.Writer, f report.Format) error { return report.WriteConcentration(w, c, f) })
		},
	}
	cmd.Flags().Var(by, "by", "group by provider or region")
	ro.addFlags(cmd)
	return cmd
}

// progress draws a progress bar on stderr for runs that take more than a
// second, and only when stderr is a terminal.
type progress struct {
	mu    sync.Mutex
	w     io.Writer // nil: draw nothing
	what  string
	start time.Time
	last  time.Time
	drawn bool
}

func newProgress(s streams, what string) *progress {
	p := &progress{what: what, start: time.Now()}
	if isTerminal(s.errOut) {
		p.w = s.errOut
	}
	return p
}

// update is a graph.Progress: it redraws at most ten times a second.
func (p *progress) update(done, total int) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 100*time.Millisecond && done < total {
		return
	}
	p.last, p.drawn = now, true
	const width = 30
	filled := width * done / max(total, 1)
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d", p.what, strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total)
}

// done ends the bar's line, if one was drawn.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
