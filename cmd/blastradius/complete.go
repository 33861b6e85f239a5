package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/blastradius/blastradius/catalog"
)

// maxCompletions bounds what one completion offers: a shell shows no more.
const maxCompletions = 1000

// completeRefs completes the given flags with the refs of the catalog the
// command's --catalog or --example names.
func completeRefs(cmd *cobra.Command, src *catalogSource, flags ...string) {
	complete(cmd, src, flags, func(c *catalog.Catalog) []string {
		refs := make([]string, len(c.Nodes()))
		for i, n := range c.Nodes() {
			refs[i] = n.Ref
		}
		return refs
	})
}

// completeCustomers completes the given flags with the catalog's customers;
// the flag name "" stands for the command's first argument.
func completeCustomers(cmd *cobra.Command, src *catalogSource, flags ...string) {
	complete(cmd, src, flags, customerRefs)
}

func customerRefs(c *catalog.Catalog) []string {
	var refs []string
	for _, n := range c.Nodes() {
		if n.Kind == catalog.KindCustomer {
			refs = append(refs, n.Ref)
		}
	}
	return refs
}

// completeScenarios completes the given flags with the catalog's scenario ids.
func completeScenarios(cmd *cobra.Command, src *catalogSource, flags ...string) {
	complete(cmd, src, flags, (*catalog.Catalog).ScenarioIDs)
}

// completePolicies completes the given flags with the catalog's policy ids.
func completePolicies(cmd *cobra.Command, src *catalogSource, flags ...string) {
	complete(cmd, src, flags, (*catalog.Catalog).PolicyIDs)
}

// complete registers, for each flag (or, for "", the first argument), a
// completion that loads the catalog (quietly: a catalog that does not load
// completes nothing) and offers the candidates that start with what is
// typed.
func complete(cmd *cobra.Command, src *catalogSource, flags []string, candidates func(*catalog.Catalog) []string) {
	fn := func(_ *cobra.Command, _ []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if src.check() != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		cat, err := src.read(catalog.Loader{})
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, c := range candidates(cat) {
			if strings.HasPrefix(c, typed) && len(out) < maxCompletions {
				out = append(out, c)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
	for _, f := range flags {
		if f == "" {
			cmd.ValidArgsFunction = func(c *cobra.Command, args []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return fn(c, args, typed)
			}
			continue
		}
		cmd.RegisterFlagCompletionFunc(f, fn)
	}
}

// completeEnums completes every flag that takes one of a fixed set of
// values with those values, in every command below root.
func completeEnums(root *cobra.Command) {
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if e, ok := f.Value.(*enumValue); ok {
				cmd.RegisterFlagCompletionFunc(f.Name, cobra.FixedCompletions(e.allowed, cobra.ShellCompDirectiveNoFileComp))
			}
		})
		for _, c := range cmd.Commands() {
			walk(c)
		}
	}
	walk(root)
}
