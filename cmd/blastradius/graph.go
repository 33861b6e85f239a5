package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/render"
)

type graphOptions struct {
	reportFlags
	focus     string
	direction *enumValue
	depth     int
	diagram   diagramOptions
	render    render.Options // from the diagram flags and --focus
}

// directions maps --direction to the walk it asks for.
var directions = map[string]graph.Direction{"up": graph.Dependencies, "down": graph.Dependents, "both": graph.Both}

func newGraphCmd(s streams, runF func(*graphOptions) error) *cobra.Command {
	opts := &graphOptions{
		reportFlags: newReportFlags(s, "dot", "svg", "png", "mermaid"),
		direction:   newEnum("both", "up", "down", "both"),
		diagram:     newDiagramOptions(),
	}
	cmd := &cobra.Command{
		Use:   "graph",
		Short: "Draw the dependency diagram of the catalog, or of one node's neighbourhood",
		Long: `Graph draws the catalog's dependencies, each arrow from a dependency to what
depends on it, clustered by provider, region and zone.

--focus REF draws only the neighbourhood of one node: --direction up follows
what it depends on (what a customer needs), down what depends on it (who
needs a service), both (the default) each way; --depth N stops after N
steps (default: no limit).

Above --max-nodes the diagram folds zones into their regions' views, then
groups customers by the region they run in, then folds service instances
into their regions, and says so in the picture. With -o FILE the format
follows the extension (.svg .png .dot .gv .mmd .mermaid); the default on
stdout is DOT.

` + exitCodesHelp,
		Example: `  blastradius graph --example -o deps.svg
  blastradius graph --example --focus roomba --direction up -o roomba.svg
  blastradius graph -c ./catalog --focus aws/iam --direction down --depth 2 --format mermaid`,
	}
	opts.addTo(cmd)
	f := cmd.Flags()
	f.StringVar(&opts.focus, "focus", "", "draw only the neighbourhood of `REF`")
	f.Var(opts.direction, "direction", "with --focus: up (its dependencies), down (its dependents) or both")
	f.IntVar(&opts.depth, "depth", -1, "with --focus: at most `N` steps away (-1: no limit)")
	opts.diagram.addFlags(f)
	completeRefs(cmd, &opts.source, "focus")
	return command(cmd, opts, func(c *cobra.Command, args []string) (err error) {
		if opts.focus == "" && (c.Flags().Changed("direction") || c.Flags().Changed("depth")) {
			return usageErrorf("--direction and --depth go with --focus REF")
		}
		if err := opts.parse(c, args); err != nil {
			return err
		}
		opts.render, err = opts.diagram.render()
		opts.render.Center = opts.focus
		return err
	}, runF, graphRun)
}

func graphRun(opts *graphOptions) error {
	g, err := opts.source.graph(opts.streams)
	if err != nil {
		return err
	}
	var refs []string
	title := "Dependencies"
	if opts.focus != "" {
		if refs, err = g.Neighborhood(opts.focus, directions[opts.direction.value], opts.depth); err != nil {
			return usageErrorf("--focus: %w", err)
		}
		title = "Dependencies around " + opts.focus
	}
	sc, err := render.Dependencies(g, refs, title, opts.render)
	if err != nil {
		return failure(err)
	}
	return opts.write(func(w io.Writer) error {
		return render.Write(w, sc, render.Format(opts.format))
	})
}
