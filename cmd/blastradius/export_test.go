package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportFile writes each format into a file whose extension picks it,
// and refuses to write over the catalog.
func TestExportFile(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ file, start string }{
		{"deps.graphml", "<?xml"}, {"deps.cypher", "// The dependency graph"}, {"deps.json", "{"},
	} {
		path := filepath.Join(dir, tt.file)
		r := runCLI(t, nil, "export", "-c", "testdata/small.yaml", "--fail", "acme@r1", "-o", path)
		if r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q", tt.file, r.code, r.stdout, r.stderr)
		}
		data, err := os.ReadFile(path)
		if err != nil || !strings.HasPrefix(string(data), tt.start) {
			t.Fatalf("%s: %v, starts %.40q, want %q", tt.file, err, data, tt.start)
		}
		if tt.file == "deps.json" {
			var doc struct {
				Elements struct{ Nodes, Edges []json.RawMessage }
			}
			if err := json.Unmarshal(data, &doc); err != nil || len(doc.Elements.Nodes) == 0 || len(doc.Elements.Edges) == 0 {
				t.Errorf("deps.json: %v, %d nodes, %d edges", err, len(doc.Elements.Nodes), len(doc.Elements.Edges))
			}
		}
	}
	in := filepath.Join(dir, "catalog.yaml")
	small, err := os.ReadFile("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, small, 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "export", "-c", in, "--format", "cypher", "-o", in)
	if r.code != 2 || !strings.Contains(r.stderr, "refusing to overwrite the input") {
		t.Errorf("exit %d, stderr %q; want 2, refusing", r.code, r.stderr)
	}
	if data, _ := os.ReadFile(in); string(data) != string(small) {
		t.Error("the catalog was overwritten")
	}
}
