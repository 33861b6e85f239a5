package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// newImportCmd is the parent of the importers: commands that write a
// catalog draft from what another tool knows. Run alone it prints its
// help; an unknown importer is a wrong request, with a suggestion.
func newImportCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Write a catalog draft from Terraform state or plans",
		Long: `Import writes a catalog draft — customers and the services they depend on,
as catalog YAML that includes the bundled models it names — from what another
tool already knows. The draft lists at its top whatever it could not map;
review it, then add redundancy (any_of) and soft dependencies by hand.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return c.Help()
			}
			msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
			if sug := c.SuggestionsFor(args[0]); len(sug) > 0 {
				msg += fmt.Sprintf("; did you mean %q?", sug[0])
			}
			return &exitError{status: statusUsage, err: fmt.Errorf("%s", msg), hint: usageHint(c)}
		},
	}
	cmd.SuggestionsMinimumDistance = 2
	cmd.AddCommand(newImportTerraformCmd(s, nil))
	return cmd
}
