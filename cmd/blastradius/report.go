package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/render"
	"github.com/blastradius/blastradius/report"
)

type reportOptions struct {
	catalogFlags
	dir      string
	maxNodes int
}

func newReportCmd(s streams, runF func(*reportOptions) error) *cobra.Command {
	opts := &reportOptions{catalogFlags: catalogFlags{streams: s}}
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the HTML report of the catalog: the concentration-risk story, pictures first",
		Long: `Report runs every analysis and writes, into the directory -o DIR:
  index.html        one self-contained page (inline CSS and SVG, no script, no
                    external request) that prints on A4 and Letter
  report.md         the same content in Markdown, for wikis
  scenario-NN.svg   the diagram of each named scenario

Sections: a summary of the three worst single failures; the catalog at a
glance; single failures ranked per level with bar charts; concentration per
provider and region with a customers × regions heatmap; single points of
failure per customer; every named scenario with its diagram and affected
nodes; policy results. Large catalogs get truncated tables (with counts of
what is not shown) and collapsed diagrams.

` + exitCodesHelp,
		Example: `  blastradius report --example -o blastradius-report
  blastradius report -c ./catalog -o out/report`,
	}
	addCatalogFlags(cmd, &opts.source)
	cmd.Flags().StringVarP(&opts.dir, "output", "o", "blastradius-report", "write the report into `DIR`")
	cmd.Flags().IntVar(&opts.maxNodes, "max-nodes", render.DefaultMaxNodes, "node budget of each diagram")
	return command(cmd, opts, func(*cobra.Command, []string) error {
		if opts.maxNodes < render.MinMaxNodes {
			return usageErrorf("--max-nodes must be at least %d", render.MinMaxNodes)
		}
		return opts.source.check()
	}, runF, reportRun)
}

func reportRun(opts *reportOptions) error {
	s := opts.streams
	if err := notAnInput(filepath.Join(opts.dir, "index.html"), opts.source.inputs()); err != nil {
		return err
	}
	title := "Blast-radius report"
	if opts.source.example {
		title += ": AWS us-east-1, 7 December 2021"
	}
	_, doc, err := analyze(&opts.catalogFlags, "report", func(g *graph.Graph, p graph.Progress) (*report.Document, error) {
		r, err := render.NewRenderer(context.Background())
		if err != nil {
			return nil, err
		}
		defer r.Close()
		return report.NewDocument(g, title, drawer(g, r, opts.maxNodes), p)
	})
	if err != nil {
		return failure(err)
	}
	return writeReport(s, opts.dir, opts.source.inputs(), doc)
}

// drawer draws the report's diagrams: each evaluation's blast radius, laid
// out once, as an SVG file and as an element for the page.
func drawer(g *graph.Graph, r *render.Renderer, maxNodes int) report.Diagram {
	return func(ev *graph.Evaluation, idPrefix string) (report.Drawing, error) {
		sc, err := render.BlastRadius(g, ev, render.Options{MaxNodes: maxNodes})
		if err != nil {
			return report.Drawing{}, err
		}
		var b bytes.Buffer
		if err := r.Render(&b, sc, render.SVG); err != nil {
			return report.Drawing{}, err
		}
		el, err := render.SVGElement(b.Bytes(), idPrefix)
		return report.Drawing{SVG: b.Bytes(), Element: el}, err
	}
}

// writeReport writes every file of the report, each atomically.
func writeReport(s streams, dir string, inputs []string, doc *report.Document) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return failure(err)
	}
	type file struct {
		name  string
		write func(io.Writer) error
	}
	files := []file{
		{"index.html", func(w io.Writer) error { return report.WriteHTML(w, doc) }},
		{"report.md", func(w io.Writer) error { return report.WriteMarkdown(w, doc) }},
	}
	for _, sc := range doc.Scenarios {
		files = append(files, file{sc.File, func(w io.Writer) error { _, err := w.Write(sc.SVG); return err }})
	}
	for _, f := range files {
		if err := writeOutput(s, filepath.Join(dir, f.name), inputs, f.write); err != nil {
			return err
		}
	}
	fmt.Fprintf(s.errOut, "wrote %s\n", filepath.Join(dir, "index.html"))
	return nil
}
