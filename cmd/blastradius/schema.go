package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
)

type schemaOptions struct {
	writeFlags
}

func newSchemaCmd(s streams, runF func(*schemaOptions) error) *cobra.Command {
	opts := &schemaOptions{newWriteFlags(s, "json")}
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Write the JSON Schema of the catalog format, for editors",
		Long: `Schema writes the JSON Schema (draft-07) of a catalog file, YAML or JSON: every
section and key with its documentation, types, enums and ranges. An editor
that reads it (VS Code with the YAML extension, any yaml-language-server
client) completes keys, shows their documentation on hover and flags wrong
keys and values as you type. Save it beside the catalog and point a YAML
file at it with a first line such as

  # yaml-language-server: $schema=./catalog.schema.json

Keep the file outside a catalog directory: every .json file there is read
as part of the catalog. The schema checks each file's shape only: unknown
refs, duplicate ids and other rules that span entries or files are left to
'blastradius validate'.

` + exitCodesHelp,
		Example: `  blastradius schema > catalog.schema.json
  blastradius schema -o catalog.schema.json`,
	}
	opts.output.addFlags(cmd.Flags())
	return command(cmd, opts, opts.parse, runF, schemaRun)
}

func schemaRun(opts *schemaOptions) error {
	return writeOutput(opts.streams, opts.output.path, nil, func(w io.Writer) error {
		_, err := w.Write(catalog.JSONSchema())
		return err
	})
}
