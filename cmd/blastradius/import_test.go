package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportOutput writes imported catalogs with -o, which the other
// commands then read, and refuses to overwrite an input.
func TestImportOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "backstage.yaml")
	r := runCLI(t, nil, "import", "backstage", "../../backstage/testdata/backstage-examples", "-o", out)
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "12 not mapped") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, nil, "validate", "-c", out); r.code != 0 || !strings.Contains(r.stdout, "ok: 20 customers") {
		t.Errorf("validate the import: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, nil, "impact", "-c", out, "--fail", "wayback-archive"); r.code != 0 || !strings.Contains(r.stdout, "wayback-search") {
		t.Errorf("impact on the import: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}

	// An input is never overwritten, nor a catalog file written into an
	// input directory.
	dir = t.TempDir()
	in := filepath.Join(dir, "in.yaml")
	data, err := os.ReadFile("../../backstage/testdata/fixtures/redundancy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, nil, "import", "backstage", in, "-o", in); r.code != 2 || !strings.Contains(r.stderr, "refusing to overwrite the input") {
		t.Errorf("-o the input: exit %d: %s", r.code, r.stderr)
	}
	if r := runCLI(t, nil, "import", "backstage", dir, "-o", filepath.Join(dir, "new.yaml")); r.code != 2 || !strings.Contains(r.stderr, "refusing to write") {
		t.Errorf("-o into the input directory: exit %d: %s", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(in); !bytes.Equal(got, data) {
		t.Error("the input changed")
	}

	// otel reads stdin for "-".
	prom, err := os.ReadFile("../../otel/testdata/namespaced.prom")
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := execute([]string{"import", "otel", "-"}, streams{in: bytes.NewReader(prom), out: &stdout, errOut: &stderr, getenv: func(string) string { return "" }})
	if code != 0 || !strings.Contains(stdout.String(), "(<stdin>:4)") {
		t.Errorf("otel from stdin: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
}

// TestImportExternalRefs imports a resource mapped to a provider no
// bundled model holds: the catalog is written, with a warning that it
// needs that provider from another file of its directory.
func TestImportExternalRefs(t *testing.T) {
	in := filepath.Join(t.TempDir(), "c.yaml")
	const src = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: web}
spec: {type: service, owner: x, dependsOn: ["resource:db"]}
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: db
  annotations: {blastradius.io/ref: onprem/postgres@dc1}
spec: {type: database, owner: x}
`
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "import", "backstage", in)
	if r.code != 0 || !strings.Contains(r.stdout, "onprem/postgres@dc1") || !strings.Contains(r.stderr, "does not load on its own") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}
