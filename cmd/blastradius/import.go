package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/draft"
	"github.com/blastradius/blastradius/internal/phrase"
)

func newImportCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Write a catalog from what another tool knows: Backstage descriptors, OpenTelemetry service graphs, Terraform state",
		Long: `Import converts what another tool knows about your software into a catalog:
one YAML file of customers and their dependencies, with the source and
confidence of each, that validate, impact and every other command read.

What an importer cannot map is listed on stderr and in a comment block at
the top of the written catalog, never dropped in silence. Regenerate an
imported file rather than edit it; keep hand-written parts (providers,
scenarios, policies) in other files of the catalog directory.

` + exitCodesHelp,
		Args: cobra.ArbitraryArgs,
		// A parent without a run function would print its help for an
		// unknown importer and exit 0.
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return c.Help()
			}
			var names []string
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, sub.Name())
				}
			}
			hint := ""
			if near := catalog.Closest(args[0], names); near != "" {
				hint = fmt.Sprintf("; did you mean %q?", near)
			}
			return usageErrorf("unknown importer %q (importers: %s)%s", args[0], strings.Join(names, ", "), hint)
		},
	}
	cmd.AddCommand(newImportBackstageCmd(s, nil), newImportOtelCmd(s, nil), newImportTerraformCmd(s, nil))
	return cmd
}

// importOutput is the -o flag of every importer.
type importOutput struct {
	path string
}

func (o *importOutput) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&o.path, "output", "o", "", "write the catalog to `FILE` (*.yaml or *.yml, atomically) instead of stdout")
}

// check refuses an output file that a catalog load would not read as
// YAML.
func (o *importOutput) check() error {
	if o.path == "" || o.path == "-" {
		return nil
	}
	if strings.HasSuffix(o.path, ".yaml") || strings.HasSuffix(o.path, ".yml") {
		return nil
	}
	return usageErrorf("cannot write %s: an imported catalog is YAML, so its file must end in .yaml or .yml (in lower case, as a catalog directory reads them)", o.path)
}

// importNote is one thing an importer did not map.
type importNote interface{ String() string }

// writeImport writes an imported catalog into the -o file or stdout, then
// lists on stderr what was not mapped, a summary, and a warning when the
// catalog does not load on its own (it names refs that only other files
// of the catalog declare).
func writeImport[N importNote](s streams, out importOutput, inputs []string, c *draft.Catalog, notes []N, summary string) error {
	name := "imported.yaml"
	if out.path != "" && out.path != "-" {
		name = filepath.Base(out.path)
	}
	_, data, err := draft.Load(c, name)
	var invalid catalog.ErrorList
	if err != nil && !errors.As(err, &invalid) {
		return failure(err)
	}
	for _, e := range invalid {
		// Refs that only other files may declare are expected; anything
		// else is the importer's fault, and nothing is written.
		if !errors.Is(e, catalog.ErrUnknownRef) {
			return failure(fmt.Errorf("the imported catalog does not load (please report it): %w", err))
		}
	}
	if err := writeOutput(s, out.path, inputs, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}); err != nil {
		return err
	}
	var b strings.Builder
	for _, n := range notes {
		b.WriteString(n.String() + "\n")
	}
	b.WriteString(summary)
	if len(notes) > 0 {
		fmt.Fprintf(&b, "; %s not mapped (listed above, and at the top of the catalog)", phrase.Number(len(notes)))
	}
	b.WriteString("\n")
	if len(invalid) > 0 {
		fmt.Fprintf(&b, "warning: the written catalog does not load on its own; give it, in the same catalog directory, the providers it names:\n%v\n", invalid)
	}
	_, err = io.WriteString(s.errOut, b.String())
	return err
}
