package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/render"
)

type graphOptions struct {
	focus     string
	direction *enumValue
	depth     int
	format    *enumValue
	diagram   *diagramOptions
}

func newGraphCmd(s streams, gopts *globalOptions) *cobra.Command {
	opts := &graphOptions{
		direction: newEnum("both", "up", "down", "both"),
		format:    newEnum("dot", "svg", "png", "dot", "mermaid"),
		diagram:   newDiagramOptions(),
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
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.focus == "" && (cmd.Flags().Changed("direction") || cmd.Flags().Changed("depth")) {
				return usageErrorf("--direction and --depth go with --focus REF")
			}
			cat, err := gopts.loadCatalog(s)
			if err != nil {
				return err
			}
			g := graph.New(cat)
			var refs []string
			title := "Dependencies"
			if opts.focus != "" {
				dir := map[string]graph.Direction{"up": graph.Dependencies, "down": graph.Dependents, "both": graph.Both}[opts.direction.value]
				if refs, err = g.Neighborhood(opts.focus, dir, opts.depth); err != nil {
					return usageErrorf("--focus: %w", err)
				}
				title = "Dependencies around " + opts.focus
			}
			format, err := outputFormat(opts.format, opts.diagram.output)
			if err != nil {
				return err
			}
			ropt, err := opts.diagram.render()
			if err != nil {
				return err
			}
			ropt.Center = opts.focus
			sc, err := render.Dependencies(g, refs, title, ropt)
			if err != nil {
				return failure(err)
			}
			return writeOutput(s, opts.diagram.output, []string{gopts.catalogPath}, func(w io.Writer) error {
				return render.Write(w, sc, render.Format(format))
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.focus, "focus", "", "draw only the neighbourhood of `REF`")
	f.Var(opts.direction, "direction", "with --focus: up (its dependencies), down (its dependents) or both")
	f.IntVar(&opts.depth, "depth", -1, "with --focus: at most `N` steps away (-1: no limit)")
	f.Var(opts.format, "format", "output format")
	opts.diagram.addFlags(f)
	return cmd
}
