package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/backstage"
	"github.com/blastradius/blastradius/internal/phrase"
)

type importBackstageOptions struct {
	streams streams
	paths   []string
	mapFile string
	output  importOutput
}

func newImportBackstageCmd(s streams, runF func(*importBackstageOptions) error) *cobra.Command {
	opts := &importBackstageOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "backstage PATH...",
		Short: "Write a catalog from Backstage descriptor files (catalog-info.yaml)",
		Long: `Import backstage reads Backstage descriptor files — each PATH a file, or a
directory of *.yaml and *.yml files — and writes a catalog:

  Component, System, Domain   a customer: "name" for a Component of the default
                              namespace, "system:name", "domain:name", and
                              "kind:namespace:name" in other namespaces
  spec.dependsOn              a dependency (fact); spec.dependencyOf the same,
                              seen from the other side
  spec.consumesApis           a dependency on every component providing the API
                              (inferred)
  spec.system, spec.domain,   the whole depends on its parts, softly (impact:
  subcomponentOf, subdomainOf degraded) unless the part is annotated
                              blastradius.io/critical: "true"
  Resource                    the catalog ref of its blastradius.io/ref
                              annotation or --map entry (aws/rds@us-east-1),
                              else a global service of backstage-resources
  type, lifecycle, owner…     tags

References follow Backstage: [kind:][namespace/]name, the namespace defaulting
to the referring entity's, the kind to the field's (none for dependsOn),
compared case-insensitively. Annotations blastradius.io/any-of: "a, b; c, d"
and blastradius.io/soft: "a, b" mark redundant and soft dependencies;
blastradius.io/providers: any-of on an API lets one provider suffice.

--map FILE maps resources to catalog refs, one per line:
  resource:default/artists-db: aws/rds@us-east-1

Groups, Users, Locations, Templates, other kinds and references to entities
missing from the input are listed as not mapped. Bad input (broken YAML, no
kind or name, malformed references, duplicate entities, bad annotations) is
reported as file:line:col: message, every error at once.

` + exitCodesHelp,
		Example: `  blastradius import backstage ./catalog-info.yaml -o catalog/backstage.yaml
  blastradius import backstage ./backstage-catalog/ --map resources.yaml -o catalog/backstage.yaml`,
		Args: cobra.ArbitraryArgs,
	}
	cmd.Flags().StringVar(&opts.mapFile, "map", "", "map Resources to catalog refs with the YAML `FILE` (entity ref: catalog ref)")
	opts.output.addFlags(cmd)
	return command(cmd, opts, func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usageErrorf("no input: pass descriptor files or directories of them")
		}
		opts.paths = args
		return opts.output.check()
	}, runF, importBackstageRun)
}

func importBackstageRun(opts *importBackstageOptions) error {
	s := opts.streams
	files, err := backstage.ReadPaths(opts.paths)
	if err != nil {
		return usageErrorf("%w", err)
	}
	inputs := opts.paths
	var o backstage.Options
	if opts.mapFile != "" {
		data, err := os.ReadFile(opts.mapFile)
		if err != nil {
			return usageErrorf("--map: %w", err)
		}
		if o.Map, err = backstage.ParseMap(backstage.File{Name: opts.mapFile, Data: data}); err != nil {
			return catalogError(s, err)
		}
		inputs = append(inputs, opts.mapFile)
	}
	res, err := backstage.Import(files, o)
	if err != nil {
		return catalogError(s, err)
	}
	summary := fmt.Sprintf("imported %s: %s, %s", phrase.Count(res.Entities, "entity", "entities"),
		phrase.Count(res.Customers, "customer", "customers"), phrase.Count(res.Services, "service", "services"))
	return writeImport(s, opts.output, inputs, res.Catalog, res.Notes, summary)
}
