package main

import (
	"io"

	"github.com/blastradius/blastradius/graph"
	"github.com/spf13/cobra"
)

// command gives cmd the shape every command has: RunE checks the parsed
// flags with check (nil: nothing to check), then passes the options to runF
// when a test gives one — the seam through which flag tests see what was
// parsed — or else to the command's own run function. A command takes no
// positional arguments unless it says otherwise.
func command[T any](cmd *cobra.Command, opts *T, check func(*cobra.Command, []string) error, runF, run func(*T) error) *cobra.Command {
	if cmd.Args == nil {
		cmd.Args = noArgs
	}
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if check != nil {
			if err := check(c, args); err != nil {
				return err
			}
		}
		if runF != nil {
			return runF(opts)
		}
		return run(opts)
	}
	return cmd
}

// catalogFlags are the options of every command that reads one catalog:
// its streams, and --catalog or --example.
type catalogFlags struct {
	streams streams
	source  catalogSource
}

// analyze loads the catalog's graph and runs an analysis on it, drawing a
// progress bar named what. A catalog that does not load gives an exit
// error; the analysis's own error is returned as it is.
func analyze[T any](c *catalogFlags, what string, run func(*graph.Graph, graph.Progress) (T, error)) (*graph.Graph, T, error) {
	var zero T
	g, err := c.source.graph(c.streams)
	if err != nil {
		return nil, zero, err
	}
	progress := newProgress(c.streams, what)
	defer progress.done()
	res, err := run(g, progress.update)
	return g, res, err
}

// writeFlags are the options of a command that writes one document
// without reading a catalog: its streams, --format and -o.
type writeFlags struct {
	streams streams
	output  outputOptions
	format  string // decided from --format and -o
}

// newWriteFlags makes the options of a command that writes the given
// formats, the first being the default on stdout.
func newWriteFlags(s streams, formats ...string) writeFlags {
	return writeFlags{streams: s, output: newOutputOptions(formats...)}
}

// parse decides the format; it is a check for command.
func (w *writeFlags) parse(*cobra.Command, []string) (err error) {
	w.format, err = w.output.resolve()
	return err
}

// reportFlags are the options of every command that reads a catalog and
// writes one report or diagram: --catalog or --example, --format and -o.
type reportFlags struct {
	catalogFlags
	output outputOptions
	format string // decided from --format and -o
}

// newReportFlags makes the options of a command that writes the given
// formats, the first being the default on stdout.
func newReportFlags(s streams, formats ...string) reportFlags {
	return reportFlags{catalogFlags: catalogFlags{streams: s}, output: newOutputOptions(formats...)}
}

// addTo adds the flags to cmd.
func (r *reportFlags) addTo(cmd *cobra.Command) {
	addCatalogFlags(cmd, &r.source)
	r.output.addFlags(cmd.Flags())
}

// parse checks the catalog flags and decides the format; it is a check
// for command.
func (r *reportFlags) parse(*cobra.Command, []string) (err error) {
	if err := r.source.check(); err != nil {
		return err
	}
	r.format, err = r.output.resolve()
	return err
}

// write writes the report into the -o file, or to stdout.
func (r *reportFlags) write(fn func(io.Writer) error) error {
	return writeOutput(r.streams, r.output.path, r.source.inputs(), fn)
}
