package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/internal/phrase"
	"github.com/blastradius/blastradius/terraform"
)

type importTerraformOptions struct {
	streams streams
	input   string            // FILE, or "-" for stdin
	groupBy string            // --group-by
	zoneMap map[string]string // --zone-map
	output  importOutput
}

func newImportTerraformCmd(s streams, runF func(*importTerraformOptions) error) *cobra.Command {
	opts := &importTerraformOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "terraform FILE",
		Short: "Write a catalog from Terraform state or plans (terraform show -json)",
		Long: `Terraform reads the JSON that 'terraform show -json' prints — of the state, or
of a saved plan (its planned values) — and writes a catalog draft: the managed
resources of the providers hashicorp/aws, hashicorp/google and hashicorp/azurerm
map onto the services of the bundled models aws, gcp and azure (the table is in
README-terraform.md), grouped into customers. A FILE of - reads stdin.

--group-by module (the default) makes one customer per module instance, the
root module included; --group-by tag:KEY one per value of the tag KEY (AWS
and Azure tags, Google labels). Each customer depends on its resources' refs,
deduplicated; each entry's source names the Terraform addresses behind it.

Every resource that does not map (a type not in the table, a data source, no
region, no grouping tag, destroyed by the plan) is listed on stderr and at the
top of the draft; so is every approximation. AWS Availability Zone names
(us-east-1a) stand for different AZ IDs in every account, and the bundled
model names zones by AZ ID: an instance's AZ ID comes from its
availability_zone_id, its subnet's in the same file, or --zone-map
NAME=ID; without one, the regional view (aws/ec2@us-east-1) stands in.

` + exitCodesHelp + `
  (an input that is not terraform show -json output exits 1, with its line:col)`,
		Example: `  terraform show -json > state.json
  blastradius import terraform state.json -o catalog/terraform.yaml
  terraform show -json plan.out | blastradius import terraform - --group-by tag:service
  blastradius import terraform state.json --zone-map us-east-1a=use1-az4,us-east-1b=use1-az6`,
		Args: cobra.ExactArgs(1),
	}
	f := cmd.Flags()
	f.StringVar(&opts.groupBy, "group-by", "module", "one customer per `module` instance, or per value of a tag: tag:KEY")
	f.StringToStringVar(&opts.zoneMap, "zone-map", nil, "AWS AZ names to the AZ IDs of your account, `NAME=ID` (us-east-1a=use1-az4); repeatable")
	opts.output.addFlags(cmd)
	cmd.MarkFlagFilename("output", "yaml", "yml")
	cmd.RegisterFlagCompletionFunc("group-by", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return []cobra.Completion{"module", "tag:"}, cobra.ShellCompDirectiveNoFileComp
	})
	cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return []cobra.Completion{"json"}, cobra.ShellCompDirectiveFilterFileExt
	}
	return command(cmd, opts, func(_ *cobra.Command, args []string) error {
		opts.input = args[0]
		if err := terraform.CheckGroupBy(opts.groupBy); err != nil {
			return usageErrorf("--group-by %w", err)
		}
		return opts.output.check()
	}, runF, importTerraformRun)
}

func importTerraformRun(opts *importTerraformOptions) error {
	var in io.Reader = opts.streams.in
	name, inputs := "<stdin>", []string(nil)
	if opts.input != "-" {
		f, err := os.Open(opts.input)
		if err != nil {
			return usageErrorf("%w", err)
		}
		defer f.Close()
		in, name, inputs = f, opts.input, []string{opts.input}
	}
	cat, rep, err := terraform.Import(in, terraform.Options{GroupBy: opts.groupBy, ZoneMap: opts.zoneMap, Source: name})
	var ie *terraform.InputError
	switch {
	case errors.As(err, &ie) && ie.Line > 0:
		return failure(fmt.Errorf("%s:%w", name, err))
	case errors.As(err, &ie):
		return failure(fmt.Errorf("%s: %w", name, err))
	case err != nil:
		return usageErrorf("%w", err)
	}
	// Approximations are mapped, so they are not notes (what is not
	// mapped): they are listed above the summary.
	var b strings.Builder
	for _, e := range rep.Approximated {
		fmt.Fprintf(&b, "%s: approximated: %s\n", e.Address, e.Reason)
	}
	fmt.Fprintf(&b, "imported %s (a Terraform %s): %d mapped into %s", phrase.Count(rep.Resources, "resource", "resources"), rep.Kind,
		rep.Mapped, phrase.Count(len(cat.Customers), "customer", "customers"))
	if n := len(rep.Approximated); n > 0 {
		fmt.Fprintf(&b, ", %d approximated", n)
	}
	return writeImport(opts.streams, opts.output, inputs, cat, rep.Unmapped, b.String())
}
