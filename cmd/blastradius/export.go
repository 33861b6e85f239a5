package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/cypher"
	"github.com/blastradius/blastradius/cytoscape"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/graphml"
)

type exportOptions struct {
	reportFlags
	scenarioFlags
}

func newExportCmd(s streams, runF func(*exportOptions) error) *cobra.Command {
	opts := &exportOptions{reportFlags: newReportFlags(s, "graphml", "cypher", "cytoscape")}
	opts.output.byExt = map[string]string{".json": "cytoscape", ".cyjs": "cytoscape"}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export the dependency graph as GraphML, Cypher or Cytoscape.js JSON",
		Long: `Export writes the catalog's whole dependency graph for other graph tools: every
node (customer, provider, region, zone, service instance) with its kind, name
and location, and every dependency as an edge from the dependent to its
dependency, of kind hard, soft or implied (the edges the catalog format
implies: zone to region, instance to location), with its redundancy group
(any_of, all_of, quorum: id, operator, members needed) and its provenance.

  graphml    GraphML with typed keys, for yEd, Gephi and networkx.read_graphml
  cypher     a Cypher script that loads the graph into Neo4j (cypher-shell -f)
  cytoscape  Cytoscape.js elements JSON

--scenario, --fail and --degrade evaluate a scenario first and give every
node its state under it (up, degraded, down). With -o FILE the format follows
the extension (.graphml .cypher .cql .json .cyjs) unless --format is given;
the default on stdout is GraphML. The file is written atomically and never
over an input.

` + exitCodesHelp,
		Example: `  blastradius export --example --format graphml -o deps.graphml
  blastradius export -c ./catalog -o deps.cypher && cypher-shell -f deps.cypher
  blastradius export --example --scenario aws-2021-12-07 -o radius.json`,
	}
	opts.addTo(cmd)
	opts.scenarioFlags.addFlags(cmd, &opts.source, "evaluate")
	return command(cmd, opts, func(c *cobra.Command, args []string) error {
		opts.scenarioFlags.record(c)
		return opts.parse(c, args)
	}, runF, exportRun)
}

func exportRun(opts *exportOptions) error {
	cat, err := opts.source.load(opts.streams)
	if err != nil {
		return err
	}
	g := graph.New(cat)
	var ev *graph.Evaluation
	if opts.given() {
		sc, err := opts.scenarioOf(cat)
		if err != nil {
			return err
		}
		if ev, err = g.Evaluate(sc); err != nil {
			return failure(err)
		}
	}
	write := exporter(opts.format)
	return opts.write(func(w io.Writer) error { return write(w, g, ev) })
}

// exporter returns the writer of a format of export.
func exporter(format string) func(io.Writer, *graph.Graph, *graph.Evaluation) error {
	switch format {
	case "cypher":
		return cypher.Write
	case "cytoscape":
		return cytoscape.Write
	}
	return graphml.Write
}
