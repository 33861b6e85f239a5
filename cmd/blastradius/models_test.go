package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestModelsShowMetaModel writes the vendors meta-model, which has no
// catalog files of its own: the output is a catalog that includes its
// models, and loads to the same nodes as include: [vendors].
func TestModelsShowMetaModel(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "vendors.yaml")
	if r := runCLI(t, nil, "models", "show", "vendors", "-o", out); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\nversion: 1\ninclude: [okta, auth0, stripe,") || strings.Contains(string(data), "providers:") {
		t.Errorf("models show vendors wrote:\n%s", data)
	}
	shown := runCLI(t, nil, "validate", "-c", out)
	inc := filepath.Join(dir, "inc", "inc.yaml")
	if err := os.MkdirAll(filepath.Dir(inc), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(inc, []byte("version: 1\ninclude: [vendors]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	included := runCLI(t, nil, "validate", "-c", inc)
	if shown.code != 0 || included.code != 0 {
		t.Fatalf("exit %d, %d: %s %s", shown.code, included.code, shown.stderr, included.stderr)
	}
	counts := func(s string) string { return s[:strings.Index(s, " (")] }
	if counts(shown.stdout) != counts(included.stdout) || !strings.Contains(shown.stdout, "30 providers") {
		t.Errorf("shown %q, included %q", shown.stdout, included.stdout)
	}
}
