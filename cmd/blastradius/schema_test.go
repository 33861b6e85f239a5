package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/blastradius/blastradius/catalog"
)

// TestSchemaOutput checks that blastradius schema writes the schema's
// bytes, to stdout and to -o FILE alike.
func TestSchemaOutput(t *testing.T) {
	want := catalog.JSONSchema()
	if r := runCLI(t, nil, "schema"); r.code != 0 || !bytes.Equal(r.stdoutBytes, want) {
		t.Fatalf("exit %d; stdout is not the schema (%d bytes, want %d)\n%s", r.code, len(r.stdoutBytes), len(want), r.stderr)
	}
	path := filepath.Join(t.TempDir(), "catalog.schema.json")
	r := runCLI(t, nil, "schema", "-o", path)
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not the schema", path)
	}
}
