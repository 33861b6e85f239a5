package main

import (
	"github.com/spf13/cobra"
)

// newImportCmd is the parent of the importers: commands that write a
// catalog draft from what another tool knows.
func newImportCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Write a catalog draft from Terraform state or plans",
		Long: `Import writes a catalog draft — customers and the services they depend on,
as catalog YAML that includes the bundled models it names — from what another
tool already knows. The draft lists at its top whatever it could not map;
review it, then add redundancy (any_of) and soft dependencies by hand.`,
		Args: noArgs,
	}
	cmd.AddCommand(newImportTerraformCmd(s, nil))
	return cmd
}
