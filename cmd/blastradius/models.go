package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/models"
	"github.com/blastradius/blastradius/report"
)

type modelsOptions struct {
	writeFlags
}

func newModelsCmd(s streams, runF func(*modelsOptions) error) *cobra.Command {
	opts := &modelsOptions{newWriteFlags(s, "text", "json", "markdown")}
	cmd := &cobra.Command{
		Use:   "models",
		Short: "List the bundled provider and vendor models a catalog can include",
		Long: `Models lists the models bundled in blastradius — sourced catalogs of clouds and
vendors that a catalog pulls in with include: [name] — with their version and
date, the regions, zones and services they hold, and their dependency edges
by confidence (fact, inferred, guess).

'models show NAME' writes one as YAML, to vendor it into a catalog and edit it.

` + exitCodesHelp,
		Example: `  blastradius models
  blastradius models show aws -o catalog/aws.yaml`,
	}
	opts.output.addFlags(cmd.Flags())
	cmd.AddCommand(newModelsShowCmd(s, nil))
	return command(cmd, opts, opts.parse, runF, modelsRun)
}

func modelsRun(opts *modelsOptions) error {
	ms, err := catalog.Models()
	if err != nil {
		return failure(err)
	}
	return writeOutput(opts.streams, opts.output.path, nil, func(w io.Writer) error {
		return report.WriteModels(w, ms, report.Format(opts.format))
	})
}

type modelsShowOptions struct {
	streams streams
	name    string
	path    string // -o
}

func newModelsShowCmd(s streams, runF func(*modelsShowOptions) error) *cobra.Command {
	opts := &modelsShowOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Write a bundled model as YAML, to vendor and edit it",
		Long: `Show writes the catalog files of a bundled model as one YAML stream (its files
as documents, separated by ---). Saved into a catalog directory, it stands in
for include: [NAME]: remove that include (and the models that include NAME)
before loading both, since a model's ids may not be defined twice. A model
with no catalog files of its own (vendors) is written as the include: of the
models it holds.

` + exitCodesHelp,
		Example: `  blastradius models show aws > catalog/aws.yaml`,
		Args:    cobra.ExactArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			list, _ := models.List(models.FS())
			var names []string
			for _, m := range list {
				names = append(names, m.Name)
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
	}
	cmd.Flags().StringVarP(&opts.path, "output", "o", "", "write to `FILE` (atomically) instead of stdout")
	return command(cmd, opts, func(_ *cobra.Command, args []string) error {
		opts.name = args[0]
		return nil
	}, runF, modelsShowRun)
}

func modelsShowRun(opts *modelsShowOptions) error {
	lib := models.FS()
	info, err := models.Read(lib, opts.name)
	if errors.Is(err, models.ErrUnknown) {
		return usageErrorf("%w (run blastradius models for the list)", err)
	}
	if err != nil {
		return failure(err)
	}
	files, err := models.Files(lib, opts.name)
	if err != nil {
		return failure(err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# The bundled model %s (%s), version %s of %s, as blastradius %s ships it.\n", info.Name, info.Title, info.Version, info.Date, moduleVersion())
	if len(files) == 0 {
		// A meta-model (vendors): nothing to vendor but its includes, so
		// the stand-in for include: [NAME] is the include of its models.
		fmt.Fprintf(&b, "# It has no catalog files of its own; it includes the models below, so this file stands in for include: [%s].\n", info.Name)
		fmt.Fprintf(&b, "version: 1\ninclude: [%s]\n", strings.Join(info.Includes, ", "))
	} else if len(info.Includes) > 0 {
		fmt.Fprintf(&b, "# It builds on the models %v: keep include: of those, or vendor them too.\n", info.Includes)
	}
	for k, f := range files {
		data, err := fs.ReadFile(lib, f)
		if err != nil {
			return failure(err)
		}
		if k > 0 {
			b.WriteString("---\n")
		}
		fmt.Fprintf(&b, "# %s\n", f)
		b.Write(data)
	}
	return writeOutput(opts.streams, opts.path, nil, func(w io.Writer) error {
		_, err := w.Write(b.Bytes())
		return err
	})
}
