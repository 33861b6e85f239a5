package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCheckSARIFLocations runs check --format sarif on catalogs named by
// absolute and relative paths, inside the repository and outside it, and
// checks every artifact location: a reference relative to %SRCROOT% (the
// repository's top level) where the file lies below it, else an absolute
// file:// URI — never a path that starts with a slash, which SARIF
// validators reject.
func TestCheckSARIFLocations(t *testing.T) {
	inRepo, err := filepath.Abs(filepath.Join("..", "..", "examples", "ci", "head"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(inRepo, "catalog.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "my catalog")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "catalog.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		uri        *regexp.Regexp
		base       string
	}{
		{"absolute in the repository", inRepo, regexp.MustCompile(`^examples/ci/head/catalog\.yaml$`), "%SRCROOT%"},
		{"relative in the repository", "../../examples/ci/head", regexp.MustCompile(`^examples/ci/head/catalog\.yaml$`), "%SRCROOT%"},
		{"absolute outside", outside, regexp.MustCompile(`^file:///.*/my%20catalog/catalog\.yaml$`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "check", "-c", tt.path, "--format", "sarif")
			if r.code != 1 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			var log struct {
				Runs []struct {
					Results []struct {
						Locations []struct {
							PhysicalLocation struct {
								ArtifactLocation struct {
									URI       string `json:"uri"`
									URIBaseID string `json:"uriBaseId"`
								} `json:"artifactLocation"`
							} `json:"physicalLocation"`
						} `json:"locations"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal(r.stdoutBytes, &log); err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, res := range log.Runs[0].Results {
				for _, l := range res.Locations {
					a := l.PhysicalLocation.ArtifactLocation
					n++
					if !tt.uri.MatchString(a.URI) || a.URIBaseID != tt.base || strings.HasPrefix(a.URI, "/") {
						t.Errorf("location %q (base %q), want %v (base %q)", a.URI, a.URIBaseID, tt.uri, tt.base)
					}
				}
			}
			if n == 0 {
				t.Fatal("no locations")
			}
		})
	}
}
