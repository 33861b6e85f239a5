package main

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/render"
	"github.com/blastradius/blastradius/report"
)

type impactOptions struct {
	reportFlags
	scenarioFlags
	color   *enumValue
	diagram diagramOptions
	render  render.Options // from the diagram flags
}

func newImpactCmd(s streams, runF func(*impactOptions) error) *cobra.Command {
	opts := &impactOptions{
		reportFlags: newReportFlags(s, "text", "json", "svg", "png", "dot", "mermaid"),
		color:       newEnum("auto", "auto", "always", "never"),
		diagram:     newDiagramOptions(),
	}
	cmd := &cobra.Command{
		Use:   "impact",
		Short: "Show which customers and nodes a failure takes down or degrades, and why",
		Long: `Impact runs a failure scenario on the catalog and shows every customer and
infrastructure node that goes down or degrades, each with its cause path: the
chain of dependencies from it to a node the scenario failed.

--scenario runs a scenario of the catalog; --fail and --degrade add refs to it,
or make an ad-hoc scenario on their own. Refs follow the catalog grammar:
customer, aws, aws@us-east-1, aws@use1-az4, aws/dynamodb@us-east-1, aws/iam.

--format json writes the stable machine output of catalog format v1.
Text is colored when stdout is a terminal and NO_COLOR is unset or empty;
--color always or never decides instead. Text elides the middle of cause
paths longer than 10 refs; JSON cuts them after 64 and gives path_length.

--format svg, png, dot or mermaid draws the blast radius: the failed roots,
what is down and degraded, cause paths in bold, clustered by provider,
region and zone, with a legend. Above --max-nodes the diagram collapses and
says how. With -o FILE the format follows the extension (.svg .png .dot .gv
.mmd .mermaid .json .txt) unless --format is given; the file is written
atomically and never over an input.

` + exitCodesHelp,
		Example: `  blastradius impact --example --scenario aws-2021-12-07
  blastradius impact --example --scenario aws-2021-12-07 -o impact.svg
  blastradius impact -c ./catalog --fail aws@us-east-1 --layout radial -o radius.png
  blastradius impact -c ./catalog --fail aws@use1-az4 --degrade aws/iam --format json`,
	}
	opts.addTo(cmd)
	opts.scenarioFlags.addFlags(cmd, &opts.source, "run")
	f := cmd.Flags()
	f.Var(opts.color, "color", "color the text output")
	opts.diagram.addFlags(f)
	return command(cmd, opts, func(c *cobra.Command, args []string) (err error) {
		opts.scenarioFlags.record(c)
		if err := opts.parse(c, args); err != nil {
			return err
		}
		opts.render, err = opts.diagram.render()
		return err
	}, runF, impactRun)
}

func impactRun(opts *impactOptions) error {
	s := opts.streams
	cat, err := opts.source.load(s)
	if err != nil {
		return err
	}
	sc, err := opts.scenarioOf(cat)
	if err != nil {
		return err
	}
	g := graph.New(cat)
	ev, err := g.Evaluate(sc)
	if err != nil {
		return failure(err)
	}
	color := opts.output.path == "" && useColor(opts.color.value, s)
	return opts.write(func(w io.Writer) error {
		switch opts.format {
		case "json", "text":
			return report.WriteEvaluation(w, ev, report.Format(opts.format), report.TextOptions{Color: color})
		}
		sc, err := render.BlastRadius(g, ev, opts.render)
		if err != nil {
			return err
		}
		return render.Write(w, sc, render.Format(opts.format))
	})
}

// scenarioFlags are the flags that make a scenario: --scenario, --fail and
// --degrade.
type scenarioFlags struct {
	scenario string
	named    bool // --scenario was given, even empty
	fail     []string
	degrade  []string
}

// addFlags adds the flags to cmd, with completions from the catalog of src;
// verb says what the command does with the scenario ("run").
func (o *scenarioFlags) addFlags(cmd *cobra.Command, src *catalogSource, verb string) {
	f := cmd.Flags()
	f.StringVar(&o.scenario, "scenario", "", verb+" the catalog's scenario `ID`")
	f.StringArrayVar(&o.fail, "fail", nil, "fail the node `REF` (repeatable)")
	f.StringArrayVar(&o.degrade, "degrade", nil, "degrade the node `REF` (repeatable)")
	completeRefs(cmd, src, "fail", "degrade")
	completeScenarios(cmd, src, "scenario")
}

// record notes whether --scenario was given, even empty.
func (o *scenarioFlags) record(c *cobra.Command) { o.named = c.Flags().Changed("scenario") }

// request is the scenario the flags ask for: the catalog's scenario named
// by --scenario, if given, plus the refs of --fail and --degrade.
func (o *scenarioFlags) request() graph.ScenarioRequest {
	return graph.ScenarioRequest{ID: o.scenario, Named: o.named, Fail: o.fail, Degrade: o.degrade}
}

// given reports whether any of the flags was given.
func (o *scenarioFlags) given() bool { return !o.request().Empty() }

// scenarioOf builds the scenario the flags ask for (see request). Without
// any of them it is a wrong request that lists the catalog's scenarios; an
// unknown scenario or ref is a wrong request too.
func (o *scenarioFlags) scenarioOf(cat *catalog.Catalog) (graph.Scenario, error) {
	req := o.request()
	if req.Empty() {
		msg := "nothing to evaluate: pass --scenario ID, or --fail REF / --degrade REF"
		if ids := cat.ScenarioIDs(); len(ids) > 0 {
			msg += "; scenarios in this catalog: " + strings.Join(ids, ", ")
		}
		return graph.Scenario{}, &exitError{status: statusUsage, err: errors.New(msg)}
	}
	sc, err := req.Build(cat)
	var refErr *graph.RequestRefError
	switch {
	case errors.As(err, &refErr):
		return sc, usageErrorf("--%s: %w", refErr.List, refErr.Err)
	case errors.Is(err, catalog.ErrUnknownScenario):
		return sc, usageErrorf("%w", err)
	case err != nil:
		return sc, failure(err)
	}
	return sc, nil
}

// useColor decides whether text output is colored: --color always or
// never decides; auto colors only a terminal, and only while NO_COLOR is
// unset or empty and TERM is not "dumb".
func useColor(mode string, s streams) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if s.getenv("NO_COLOR") != "" || s.getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(s.out)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
