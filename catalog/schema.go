package catalog

import _ "embed" // the JSON Schema of the catalog format

// jsonSchema is catalog.schema.json, kept as a string so that no caller
// can change it.
//
//go:embed catalog.schema.json
var jsonSchema string

// JSONSchema returns the JSON Schema (draft-07) of a catalog file, YAML or
// JSON: its sections, the keys of each construct with their documentation,
// types, enums and ranges. Editors that read it (yaml-language-server,
// VS Code) complete keys and show the documentation on hover. It checks one
// file's shape only: whether refs name existing nodes, duplicate ids and
// whatever else spans several entries or files is left to the loader.
// Every call returns a fresh copy of the same bytes.
func JSONSchema() []byte { return []byte(jsonSchema) }
