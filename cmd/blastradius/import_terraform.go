package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog/draft"
	"github.com/blastradius/blastradius/terraform"
)

type importTerraformOptions struct {
	streams streams
	input   string            // FILE, or "-" for stdin
	groupBy string            // --group-by
	zoneMap map[string]string // --zone-map
	path    string            // -o
}

func newImportTerraformCmd(s streams, runF func(*importTerraformOptions) error) *cobra.Command {
	opts := &importTerraformOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "terraform FILE",
		Short: "Write a catalog draft from terraform show -json (state or plan)",
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
	f.StringVarP(&opts.path, "output", "o", "", "write to `FILE` (atomically; *.yaml or *.yml) instead of stdout")
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
		if ext := strings.ToLower(filepath.Ext(opts.path)); opts.path != "" && opts.path != "-" && ext != ".yaml" && ext != ".yml" {
			return usageErrorf("cannot write %s: import writes a YAML catalog (.yaml .yml)", opts.path)
		}
		return nil
	}, runF, importTerraformRun)
}

func importTerraformRun(opts *importTerraformOptions) error {
	var in io.Reader = opts.streams.in
	name := "standard input"
	var inputs []string
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
	data, err := draft.Marshal(cat)
	if err != nil {
		return failure(err)
	}
	if err := writeOutput(opts.streams, opts.path, inputs, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}); err != nil {
		return err
	}
	writeImportReport(opts.streams.errOut, name, rep, len(cat.Customers))
	return nil
}

// writeImportReport tells on stderr what the import did not map or
// approximated; the draft's header lists the same.
func writeImportReport(w io.Writer, name string, rep *terraform.Report, customers int) {
	fmt.Fprintf(w, "import terraform: %d of %d resources of %s (a Terraform %s) mapped into %d customers\n", rep.Mapped, rep.Resources, name, rep.Kind, customers)
	list := func(title string, es []terraform.Entry) {
		if len(es) == 0 {
			return
		}
		fmt.Fprintf(w, "%s (%d):\n", title, len(es))
		for _, e := range es {
			fmt.Fprintf(w, "  %s: %s\n", e.Address, e.Reason)
		}
	}
	list("unmapped, not in the catalog", rep.Unmapped)
	list("approximated", rep.Approximated)
}
