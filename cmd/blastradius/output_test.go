package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputFiles runs commands with -o and checks what lands on disk: the
// extension picks the format, an extension the command cannot write is a
// wrong request that writes nothing, and only files that would overwrite an
// input or be read as part of the catalog are refused.
func TestOutputFiles(t *testing.T) {
	catDir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "ci", "head", "catalog.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(catDir, "catalog.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	base, head := filepath.Join("..", "..", "examples", "ci", "base"), filepath.Join("..", "..", "examples", "ci", "head")
	tests := []struct {
		name   string
		args   []string // "OUT" stands for the output path
		out    string   // the output's name, in catDir when in is set, else in a fresh directory
		in     bool
		code   int
		starts string // the file's first bytes; "" for no file
		stderr string
	}{
		{name: "diff markdown", args: []string{"diff", base, head, "-o", "OUT"}, out: "change.md", starts: "### blastradius: More fragile"},
		{name: "diff json", args: []string{"diff", base, head, "-o", "OUT"}, out: "change.json", starts: "{\n  \"verdict\""},
		{name: "diff text", args: []string{"diff", base, head, "-o", "OUT"}, out: "change.txt", starts: "More fragile"},
		{name: "diff png refused", args: []string{"diff", base, head, "-o", "OUT"}, out: "change.png", code: 2, stderr: "cannot write"},
		{name: "sarif in the catalog dir", args: []string{"check", "-c", catDir, "-o", "OUT"}, out: "results.sarif", in: true, code: 1, starts: "{\n  \"$schema\""},
		{name: "svg in the catalog dir", args: []string{"graph", "-c", catDir, "-o", "OUT"}, out: "deps.svg", in: true, starts: "<?xml"},
		{name: "yaml in the catalog dir refused", args: []string{"rank", "-c", catDir, "--format", "text", "-o", "OUT"}, out: "rank.yaml", in: true, code: 2,
			stderr: "whose next load would read it as part of the catalog"},
		{name: "json in the catalog dir refused", args: []string{"rank", "-c", catDir, "-o", "OUT"}, out: "impact.json", in: true, code: 2,
			stderr: "whose next load would read it as part of the catalog"},
		{name: "the input itself refused", args: []string{"rank", "-c", filepath.Join(catDir, "catalog.yaml"), "--format", "text", "-o", "OUT"}, out: "catalog.yaml", in: true, code: 2,
			stderr: "refusing to overwrite the input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.in {
				dir = catDir
			}
			out := filepath.Join(dir, tt.out)
			var args []string
			for _, a := range tt.args {
				if a == "OUT" {
					a = out
				}
				args = append(args, a)
			}
			before, _ := os.ReadFile(out)
			r := runCLI(t, nil, args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, tt.code, r.stderr)
			}
			got, err := os.ReadFile(out)
			switch {
			case tt.starts == "" && tt.in:
				if string(got) != string(before) {
					t.Errorf("%s changed", out)
				}
			case tt.starts == "":
				if err == nil {
					t.Errorf("%s was written", out)
				}
			case !strings.HasPrefix(string(got), tt.starts):
				t.Errorf("%s starts %.40q, want %q", out, got, tt.starts)
			}
			if r.stdout != "" {
				t.Errorf("stdout is not empty with -o:\n%s", r.stdout)
			}
		})
	}
}

// TestModelsShow writes a bundled model as YAML and loads it back as a
// catalog of its own: vendoring a model gives the same nodes as including
// it.
func TestModelsShow(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "gcp.yaml")
	if r := runCLI(t, nil, "models", "show", "gcp", "-o", out); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	vendored := runCLI(t, nil, "validate", "-c", out)
	if err := os.WriteFile(filepath.Join(dir, "inc.yaml"), []byte("version: 1\ninclude: [gcp]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	included := runCLI(t, nil, "validate", "-c", filepath.Join(dir, "inc.yaml"))
	if vendored.code != 0 || included.code != 0 {
		t.Fatalf("exit %d, %d: %s %s", vendored.code, included.code, vendored.stderr, included.stderr)
	}
	counts := func(s string) string { return s[:strings.Index(s, " (")] }
	if counts(vendored.stdout) != counts(included.stdout) {
		t.Errorf("vendored %q, included %q", vendored.stdout, included.stdout)
	}
}
