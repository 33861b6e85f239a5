package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportTerraformOutput writes the draft with -o, checks that it is
// the bytes stdout gets, and that validate accepts it with the customers
// the state's modules make.
func TestImportTerraformOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "terraform.yaml")
	in := filepath.Join("..", "..", "terraform", "testdata", "state.json")
	r := runCLI(t, nil, "import", "terraform", in, "-o", out)
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "imported 17 resources (a Terraform state): 12 mapped into 3 customers") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	written, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	std := runCLI(t, nil, "import", "terraform", in)
	if std.stdout != string(written) {
		t.Errorf("-o wrote other bytes than stdout got")
	}
	v := runCLI(t, nil, "validate", "-c", out, "--no-cache")
	if v.code != 0 || !strings.HasPrefix(v.stdout, "ok: 3 customers, 1 provider,") {
		t.Fatalf("validate: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
	imp := runCLI(t, nil, "impact", "-c", out, "--no-cache", "--fail", "aws@use1-az4")
	if imp.code != 0 || !strings.Contains(imp.stdout, "1 of 3 customers down") {
		t.Fatalf("impact: exit %d\n%s%s", imp.code, imp.stdout, imp.stderr)
	}
}
