package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/browsertest"
)

// sarifSchema is the SARIF 2.1.0 JSON schema of Microsoft's SARIF SDK,
// installed by .ci/browser-deps.sh (npm ci in testdata/sarif).
const sarifSchema = "testdata/sarif/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"

func loadSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(sarifSchema)
	if err != nil {
		browsertest.Missing(t, "no SARIF schema ("+err.Error()+")")
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// multitool returns the path of Microsoft's SARIF Multitool for this
// platform, installed by .ci/browser-deps.sh (npm ci in testdata/sarif),
// skipping the test (or failing it under CI) when it is missing.
func multitool(t *testing.T) string {
	t.Helper()
	platform := map[string]string{"linux": "linux", "darwin": "darwin", "windows": "win32"}[runtime.GOOS]
	name := "Sarif.Multitool"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	p, err := filepath.Abs(filepath.Join("testdata/sarif/node_modules/@microsoft", "sarif-multitool-"+platform, name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); platform == "" || err != nil {
		browsertest.Missing(t, "no SARIF Multitool for "+runtime.GOOS+" at "+p)
	}
	return p
}

// validateSARIF checks SARIF logs, named by a short name each, against the
// SARIF 2.1.0 JSON schema, then with the SARIF Multitool's validate (the
// SARIF SDK's own validator, whose rules go beyond the schema, such as
// SARIF1004 on URIs): one run for every log, since it takes seconds to
// start. Its errors and warnings fail the test; its notes (advice such as
// "provide code snippets") do not. A log whose name starts with
// "unversioned" may lack the tool's version (warning SARIF2005), as
// WriteCheck writes it. With -short, outside CI, only the schema is
// checked.
func validateSARIF(t *testing.T, logs map[string][]byte) {
	t.Helper()
	schema := loadSchema(t)
	dir := t.TempDir()
	var files []string
	for _, name := range slices.Sorted(mapKeys(logs)) {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(logs[name]))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s: SARIF does not validate against the schema: %v", name, err)
		}
		f := filepath.Join(dir, name+".sarif")
		if err := os.WriteFile(f, logs[name], 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if testing.Short() && !browsertest.InCI() {
		return // the multitool takes seconds
	}
	tool := multitool(t)
	config, err := filepath.Abs("testdata/sarif/multitool.xml")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "validation.sarif")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// The files come first: --log takes every value after it.
	args := append(append([]string{"validate"}, files...), "--config", config, "--output", out, "--log", "ForceOverwrite")
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Env = append(os.Environ(), "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", "DOTNET_CLI_TELEMETRY_OPTOUT=1")
	stdout, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("SARIF Multitool: %v\n%s", err, stdout)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("SARIF Multitool wrote no report: %v\n%s", err, stdout)
	}
	// It prints each finding as "FILE(LINE,COL): LEVEL SARIFNNNN: TEXT".
	found := regexp.MustCompile(`^(.*)\((\d+),\d+\): (error|warning) (SARIF\d+): (.*)$`)
	for _, line := range strings.Split(string(stdout), "\n") {
		m := found.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(m[1]), ".sarif")
		if m[4] == "SARIF2005" && strings.HasPrefix(name, "unversioned") {
			continue
		}
		t.Errorf("SARIF Multitool: %s:%s: %s %s: %s", name, m[2], m[3], m[4], m[5])
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// checked loads a catalog, checks its policies and lints it.
func checked(t *testing.T, path string) (*catalog.Catalog, *graph.Graph, []graph.PolicyResult) {
	t.Helper()
	cat, err := catalog.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(cat)
	results, err := g.CheckPolicies(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cat, g, results
}

// sarifDoc is what the tests read back of a SARIF log.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Version string
				Rules   []struct{ ID string }
			}
		}
		Invocations []struct {
			ExecutionSuccessful        bool
			ToolExecutionNotifications []struct {
				Level   string
				Message struct{ Text string }
			}
		}
		OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
		Results            []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string
						URIBaseID string `json:"uriBaseId"`
					}
					Region struct{ StartLine, StartColumn int }
				}
			}
			RelatedLocations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string
						URIBaseID string `json:"uriBaseId"`
					}
					Region struct{ StartLine int }
				}
			}
		}
		Properties *sarifCutCounts
	}
}

func readSARIF(t *testing.T, b []byte) sarifDoc {
	t.Helper()
	var doc sarifDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(doc.Runs))
	}
	for i, r := range doc.Runs[0].Results {
		rules := doc.Runs[0].Tool.Driver.Rules
		if r.RuleIndex >= len(rules) || rules[r.RuleIndex].ID != r.RuleID {
			t.Fatalf("result %d: rule %s at index %d, which is not it", i, r.RuleID, r.RuleIndex)
		}
	}
	return doc
}

// TestSARIF validates the SARIF of a violated catalog, as WriteCheck
// writes it, and checks that its results point at the right YAML lines.
func TestSARIF(t *testing.T) {
	t.Parallel()
	logs := map[string][]byte{}
	for _, tc := range []struct {
		name    string
		catalog string
		want    map[string]string // ruleId → "file:line:col" of its first result
	}{
		{"unversioned-head", "../examples/ci/head/catalog.yaml", map[string]string{
			"policy/critical-survives-region": "../examples/ci/head/catalog.yaml:18:5", // - id: shop
			"policy/region-cap":               "../examples/ci/head/catalog.yaml:28:5", // - id: blog
			"lint/shared-fate":                "../examples/ci/head/catalog.yaml:27:9", // billing's any_of
		}},
		{"unversioned-base", "../examples/ci/base/catalog.yaml", map[string]string{}},
	} {
		cat, g, results := checked(t, tc.catalog)
		var out bytes.Buffer
		if err := WriteSARIF(&out, cat, CheckResults{Policies: results, Findings: g.Lint()}, SARIFOptions{}); err != nil {
			t.Fatal(err)
		}
		logs[tc.name] = out.Bytes()
		got := map[string]string{}
		for _, r := range readSARIF(t, out.Bytes()).Runs[0].Results {
			if _, seen := got[r.RuleID]; seen {
				continue
			}
			l := r.Locations[0].PhysicalLocation
			got[r.RuleID] = fmt.Sprintf("%s:%d:%d", l.ArtifactLocation.URI, l.Region.StartLine, l.Region.StartColumn)
			if strings.HasPrefix(r.RuleID, "policy/") && (len(r.RelatedLocations) != 1 || r.RelatedLocations[0].PhysicalLocation.Region.StartLine < 30) {
				t.Errorf("%s: the policy's own line is not a related location: %+v", r.RuleID, r.RelatedLocations)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: rules with results %v, want %v", tc.catalog, got, tc.want)
		}
		for rule, want := range tc.want {
			if got[rule] != want {
				t.Errorf("%s: %s at %s, want %s", tc.catalog, rule, got[rule], want)
			}
		}
	}
	validateSARIF(t, logs)
}

// TestSARIFLocations writes the SARIF of a catalog named in every way the
// CLI may name it, and checks its URIs: relative to %SRCROOT% below the
// root, an absolute file URI (percent-escaped) elsewhere, never a path
// starting with a slash; every log validates.
func TestSARIFLocations(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("..") // the repository's top level
	if err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	head := filepath.Join(root, "examples", "ci", "head", "catalog.yaml")
	data, err := os.ReadFile(head)
	if err != nil {
		t.Fatal(err)
	}
	outsideDir := filepath.Join(t.TempDir(), "a b%#ü")
	outside := filepath.Join(outsideDir, "catalog.yaml")
	if err := os.MkdirAll(outsideDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(outside, data, 0o644); err != nil {
		t.Fatal(err)
	}
	climbing, err := filepath.Rel(wd, outside) // ../../../tmp/…/catalog.yaml
	if err != nil {
		t.Fatal(err)
	}
	type want struct{ uri, base string }
	tests := []struct {
		name string
		path string // as given to catalog.Load
		opt  SARIFOptions
		want want
	}{
		{"absolute, no root", head, SARIFOptions{}, want{browsertest.FileURL(head), ""}},
		{"relative, no root", "../examples/ci/head/catalog.yaml", SARIFOptions{}, want{"../examples/ci/head/catalog.yaml", ""}},
		{"absolute below root", head, SARIFOptions{Root: root}, want{"examples/ci/head/catalog.yaml", "%SRCROOT%"}},
		{"relative below root", "../examples/ci/head/catalog.yaml", SARIFOptions{Root: root, WorkDir: wd},
			want{"examples/ci/head/catalog.yaml", "%SRCROOT%"}},
		{"absolute outside root", outside, SARIFOptions{Root: root, WorkDir: wd}, want{browsertest.FileURL(outside), ""}},
		{"relative climbing out of root", climbing, SARIFOptions{Root: root, WorkDir: wd}, want{browsertest.FileURL(outside), ""}},
		{"root of the file system", head, SARIFOptions{Root: "/"},
			want{strings.TrimPrefix(filepath.ToSlash(head), "/"), "%SRCROOT%"}},
	}
	logs := map[string][]byte{}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat, g, results := checked(t, tt.path)
			tt.opt.ToolVersion = "v1.2.3"
			var out bytes.Buffer
			if err := WriteSARIF(&out, cat, CheckResults{Policies: results, Findings: g.Lint()}, tt.opt); err != nil {
				t.Fatal(err)
			}
			logs[fmt.Sprintf("locations-%d", i)] = out.Bytes()
			run := readSARIF(t, out.Bytes()).Runs[0]
			// %SRCROOT% is declared with a root, and described without
			// its path, so that the log is the same in every clone.
			base, declared := run.OriginalURIBaseIDs["%SRCROOT%"]
			if declared != (tt.opt.Root != "") || base.URI != "" || len(run.OriginalURIBaseIDs) > 1 || bytes.Contains(out.Bytes(), []byte(`"`+browsertest.FileURL(root)+`/"`)) {
				t.Errorf("originalUriBaseIds %v with root %q: want %%SRCROOT%% declared without a path", run.OriginalURIBaseIDs, tt.opt.Root)
			}
			if len(run.Results) == 0 {
				t.Fatal("no results")
			}
			for _, r := range run.Results {
				a := r.Locations[0].PhysicalLocation.ArtifactLocation
				if a.URI != tt.want.uri || a.URIBaseID != tt.want.base {
					t.Fatalf("location %s (base %q), want %s (base %q)", a.URI, a.URIBaseID, tt.want.uri, tt.want.base)
				}
				for _, l := range r.RelatedLocations {
					if a := l.PhysicalLocation.ArtifactLocation; a.URI != tt.want.uri || a.URIBaseID != tt.want.base {
						t.Fatalf("related location %s (base %q), want %s (base %q)", a.URI, a.URIBaseID, tt.want.uri, tt.want.base)
					}
				}
			}
		})
	}
	validateSARIF(t, logs)

	for _, opt := range []SARIFOptions{{Root: "rel"}, {Root: root, WorkDir: "rel"}, {WorkDir: wd}} {
		if err := WriteSARIF(&bytes.Buffer{}, nil, CheckResults{Policies: nil, Findings: nil}, opt); err == nil {
			t.Errorf("WriteSARIF with %+v: no error, want one", opt)
		}
	}
}

// TestSARIFURIs checks the URI escaping on its own.
func TestSARIFURIs(t *testing.T) {
	for _, tt := range []struct {
		file string
		opt  SARIFOptions
		want sarifArtifact
	}{
		{"c.yaml", SARIFOptions{}, sarifArtifact{URI: "c.yaml"}},
		{"a:b/c d.yaml", SARIFOptions{}, sarifArtifact{URI: "a%3Ab/c%20d.yaml"}},
		{"/r/a:b/c#1?.yaml", SARIFOptions{}, sarifArtifact{URI: "file:///r/a:b/c%231%3F.yaml"}},
		{"/r/x/100%/ü.yaml", SARIFOptions{Root: "/r"}, sarifArtifact{URI: "x/100%25/%C3%BC.yaml", URIBaseID: "%SRCROOT%"}},
		{"x/c.yaml", SARIFOptions{Root: "/r", WorkDir: "/r/sub"}, sarifArtifact{URI: "sub/x/c.yaml", URIBaseID: "%SRCROOT%"}},
		{"../c.yaml", SARIFOptions{Root: "/r", WorkDir: "/r/sub"}, sarifArtifact{URI: "c.yaml", URIBaseID: "%SRCROOT%"}},
		{"../../c.yaml", SARIFOptions{Root: "/r", WorkDir: "/r/sub"}, sarifArtifact{URI: "file:///c.yaml"}},
		{"/rx/c.yaml", SARIFOptions{Root: "/r"}, sarifArtifact{URI: "file:///rx/c.yaml"}},
		{"/r/../r2/c.yaml", SARIFOptions{Root: "/r"}, sarifArtifact{URI: "file:///r2/c.yaml"}},
		{"/r/..c.yaml", SARIFOptions{Root: "/r"}, sarifArtifact{URI: "..c.yaml", URIBaseID: "%SRCROOT%"}},
	} {
		if got := tt.opt.artifact(tt.file); got != tt.want {
			t.Errorf("artifact(%q) with %+v = %+v, want %+v", tt.file, tt.opt, got, tt.want)
		}
	}
}

// TestSARIFOptionsFor finds the root of catalogs in and out of a git work
// tree, named relatively, absolutely and through a symbolic link.
func TestSARIFOptionsFor(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git:", err)
	}
	tmp, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join(tmp, "repo")
	if err := os.MkdirAll(filepath.Join(repo, "cat", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("git", "init", "-q", repo).CombinedOutput(); err != nil {
		t.Skipf("git init: %v: %s", err, out)
	}
	if err := os.WriteFile(filepath.Join(repo, "cat", "sub", "c.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(tmp, "link")
	if err := os.Symlink(repo, link); err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(tmp, "elsewhere")
	if err := os.Mkdir(elsewhere, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("git", "-C", elsewhere, "rev-parse", "--show-toplevel").CombinedOutput(); err == nil {
		t.Skipf("the temporary directory is in a git work tree (%s)", out)
	}
	tests := []struct {
		name, wd, path string
		root           string
	}{
		{"relative file", filepath.Join(repo, "cat"), "sub/c.yaml", repo},
		{"relative directory", filepath.Join(repo, "cat"), "sub", repo},
		{"absolute file", elsewhere, filepath.Join(repo, "cat", "sub", "c.yaml"), repo},
		{"top-level directory", elsewhere, repo, repo},
		{"through a symbolic link", elsewhere, filepath.Join(link, "cat", "sub", "c.yaml"), link},
		{"working directory through a symbolic link", filepath.Join(link, "cat"), "sub/c.yaml", link},
		{"outside any work tree", elsewhere, "c.yaml", elsewhere},
		{"missing directory", filepath.Join(repo, "cat"), "nope/c.yaml", filepath.Join(repo, "cat")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(tt.wd)
			t.Setenv("PWD", tt.wd) // os.Getwd trusts $PWD when it names the same directory
			opt, err := SARIFOptionsFor(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if opt.Root != tt.root || opt.WorkDir != tt.wd {
				t.Errorf("SARIFOptionsFor(%s) = root %s, work dir %s; want %s, %s", tt.path, opt.Root, opt.WorkDir, tt.root, tt.wd)
			}
			if a := opt.artifact(tt.path); tt.path == "sub/c.yaml" && (a.URI != "cat/sub/c.yaml" || a.URIBaseID != srcRoot) {
				t.Errorf("%s is at %+v, want cat/sub/c.yaml below %%SRCROOT%%", tt.path, a)
			}
		})
	}
}

// TestSARIFLimits writes the SARIF of a hostile catalog, 20,000 customers
// in a chain with a survive policy: one violation per customer. The log
// must stay within GitHub's limits, list errors before warnings, say what
// it cut, validate, and be the same every time.
func TestSARIFLimits(t *testing.T) {
	t.Parallel()
	cat, err := catalog.LoadFS(fstest.MapFS{"chain.yaml": {Data: catalogtest.Chain(20000)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(cat)
	results, err := g.CheckPolicies(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	// shared-fate would find nothing here, and its analysis of a chain is
	// quadratic (over a minute for this one).
	findings := append(g.Lint(catalog.LintSharedFate), graph.Finding{Rule: catalog.LintNoDependencies, Node: "c0",
		Message: "a finding for the test", Pos: catalog.Pos{File: "chain.yaml", Line: 16, Col: 5}})
	opt := SARIFOptions{LintRules: g.LintRules(), ToolVersion: "v1.2.3"}
	var out, again bytes.Buffer
	if err := WriteSARIF(&out, cat, CheckResults{Policies: results, Findings: findings}, opt); err != nil {
		t.Fatal(err)
	}
	if err := WriteSARIF(&again, cat, CheckResults{Policies: results, Findings: findings}, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), again.Bytes()) {
		t.Error("two writes differ")
	}
	if out.Len() > githubLimits.bytes {
		t.Errorf("%d bytes, more than %d", out.Len(), githubLimits.bytes)
	}
	run := readSARIF(t, out.Bytes()).Runs[0]
	if n := len(run.Results); n != githubLimits.results {
		t.Errorf("%d results, want %d", n, githubLimits.results)
	}
	if n := len(run.Tool.Driver.Rules); n > githubLimits.rules {
		t.Errorf("%d rules, more than %d", n, githubLimits.rules)
	}
	count := map[string]int{}
	for i, r := range run.Results {
		count[r.RuleID]++
		if i > 0 && r.Level == "error" && run.Results[i-1].Level == "warning" {
			t.Fatalf("result %d: an error after a warning", i)
		}
		if len(r.RelatedLocations)+len(r.Locations) > 100 {
			t.Fatalf("result %d: %d locations", i, len(r.RelatedLocations)+len(r.Locations))
		}
		if n := utf8.RuneCountInString(r.Message.Text); n > 2*githubLimits.message {
			t.Fatalf("result %d: a message of %d characters", i, n)
		}
	}
	// Errors first; among them an equal share; the warning is left out.
	if want := map[string]int{"policy/survive-region": 4999, "policy/region-cap": 1}; fmt.Sprint(count) != fmt.Sprint(want) {
		t.Errorf("results per rule %v, want %v", count, want)
	}
	if len(run.Invocations) != 1 || len(run.Invocations[0].ToolExecutionNotifications) != 1 || !run.Invocations[0].ExecutionSuccessful {
		t.Fatalf("invocations %+v, want one saying what was cut", run.Invocations)
	}
	note := run.Invocations[0].ToolExecutionNotifications[0]
	for _, want := range []string{"Only 5,000 of 20,002 results are listed", "GitHub code scanning keeps at most 5,000 results per run",
		"policy/survive-region 4,999 of 20,000", "lint/no-dependencies 0 of 1"} {
		if !strings.Contains(note.Message.Text, want) {
			t.Errorf("notification %q lacks %q", note.Message.Text, want)
		}
	}
	if p := run.Properties; p == nil || !p.Truncated || p.Results != 20002 || p.ResultsListed != 5000 || p.Rules != 4 || p.RulesListed != 4 {
		t.Errorf("properties %+v", p)
	}
	validateSARIF(t, map[string][]byte{"chain": out.Bytes()})
}

// TestSARIFCuts shrinks each limit in turn on a small catalog and checks
// what the log keeps and says.
func TestSARIFCuts(t *testing.T) {
	t.Parallel()
	cat, g, results := checked(t, "../examples/ci/head/catalog.yaml")
	findings := g.Lint()
	opt := SARIFOptions{LintRules: g.LintRules(), ToolVersion: "v1.2.3"}
	full, err := sarifJSON(cat, CheckResults{Policies: results, Findings: findings}, opt, githubLimits)
	if err != nil {
		t.Fatal(err)
	}
	all := readSARIF(t, full).Runs[0]
	if all.Properties != nil || all.Invocations != nil {
		t.Fatalf("nothing is cut, yet the log says %+v %+v", all.Properties, all.Invocations)
	}
	small := func(f func(*sarifLimits)) sarifLimits { l := githubLimits; f(&l); return l }
	tests := []struct {
		name    string
		lim     sarifLimits
		results int    // results listed; -1: fewer than all
		rules   int    // rules listed; -1: any
		note    string // in a notification
	}{
		{"results", small(func(l *sarifLimits) { l.results = 2 }), 2, 4, "Only 2 of 3 results are listed"},
		{"no results", small(func(l *sarifLimits) { l.results = 0 }), 0, 4, "Only 0 of 3 results are listed"},
		{"rules", small(func(l *sarifLimits) { l.rules = 2 }), 2, 2, "Only 2 of 4 rules are listed"},
		{"related locations", small(func(l *sarifLimits) { l.related = 0 }), 3, 4, "2 related locations were left out"},
		{"messages", small(func(l *sarifLimits) { l.message = 60 }), 3, 4, "messages were shortened to 60 characters"},
		{"bytes", small(func(l *sarifLimits) { l.bytes = len(full) * 3 / 4 }), -1, -1, "the file must stay under"},
	}
	logs := map[string][]byte{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := sarifJSON(cat, CheckResults{Policies: results, Findings: findings}, opt, tt.lim)
			if err != nil {
				t.Fatal(err)
			}
			logs["cuts-"+strings.ReplaceAll(tt.name, " ", "-")] = b
			if len(b) > tt.lim.bytes {
				t.Errorf("%d bytes, more than %d", len(b), tt.lim.bytes)
			}
			run := readSARIF(t, b).Runs[0]
			if tt.results < 0 {
				tt.results, tt.rules = min(len(run.Results), len(all.Results)-1), len(run.Tool.Driver.Rules)
			}
			if len(run.Results) != tt.results || len(run.Tool.Driver.Rules) != tt.rules {
				t.Errorf("%d results and %d rules, want %d and %d", len(run.Results), len(run.Tool.Driver.Rules), tt.results, tt.rules)
			}
			var notes []string
			for _, inv := range run.Invocations {
				for _, n := range inv.ToolExecutionNotifications {
					notes = append(notes, n.Message.Text)
				}
			}
			if !strings.Contains(strings.Join(notes, "\n"), tt.note) {
				t.Errorf("notifications %q lack %q", notes, tt.note)
			}
			if run.Properties == nil || !run.Properties.Truncated {
				t.Errorf("properties %+v, want truncated", run.Properties)
			}
		})
	}
	validateSARIF(t, logs)
}

// TestSARIFRules checks that the rules array lists the policies and the
// lint rules that ran or found something, and no other.
func TestSARIFRules(t *testing.T) {
	t.Parallel()
	const text = `version: 1
providers: [{id: p, regions: [{id: r, zones: [z1, z2]}], services: [{id: vm, scope: zonal}]}]
customers:
  - {id: lonely}
  - {id: same-region, depends_on: [{any_of: [p/vm@z1, p/vm@z2]}]}
policies:
  - {id: survive, survive: zone}
`
	tests := []struct {
		name     string
		lint     string   // the catalog's lint section
		disabled []string // passed to Lint
		ran      bool     // LintRules given
		rules    string
	}{
		{"rules that found something", "", nil, false, "policy/survive lint/no-dependencies lint/shared-fate"},
		{"rules that ran", "", nil, true, "policy/survive lint/no-dependencies lint/shared-fate"},
		{"disabled by the catalog", "lint: {disable: [shared-fate]}\n", nil, true, "policy/survive lint/no-dependencies"},
		{"disabled by the caller", "", []string{"no-dependencies"}, true, "policy/survive lint/shared-fate"},
		{"all disabled", "lint: {disable: [shared-fate]}\n", []string{"no-dependencies"}, true, "policy/survive"},
		{"all disabled, ran not given", "lint: {disable: [shared-fate]}\n", []string{"no-dependencies"}, false, "policy/survive"},
	}
	logs := map[string][]byte{}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(text + tt.lint)}}, ".")
			if err != nil {
				t.Fatal(err)
			}
			g := graph.New(cat)
			results, err := g.CheckPolicies(nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			opt := SARIFOptions{ToolVersion: "v1.2.3"}
			if tt.ran {
				opt.LintRules = g.LintRules(tt.disabled...)
			}
			var out bytes.Buffer
			if err := WriteSARIF(&out, cat, CheckResults{Policies: results, Findings: g.Lint(tt.disabled...)}, opt); err != nil {
				t.Fatal(err)
			}
			logs[fmt.Sprintf("rules-%d", i)] = out.Bytes()
			var ids []string
			for _, r := range readSARIF(t, out.Bytes()).Runs[0].Tool.Driver.Rules {
				ids = append(ids, r.ID)
			}
			if got := strings.Join(ids, " "); got != tt.rules {
				t.Errorf("rules %q, want %q", got, tt.rules)
			}
		})
	}
	validateSARIF(t, logs)
}

// TestSARIFText checks the escaping of catalog strings in messages, and
// that a catalog of hostile ids makes a valid log whose messages say them
// literally.
func TestSARIFText(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"plain ← text", "plain ← text"},
		{"[x](1)", `\[x\](1)`},
		{"{0}", "{{0}}"},
		{`<\script>`, `<\script>`},
		{`a\[b`, `a\\\[b`},
		{`a\\b`, `a\\\b`},
		{`a\`, `a\`},
	} {
		if got := sarifText(tt.in); got != tt.want {
			t.Errorf("sarifText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	const hostile = `version: 1
providers: [{id: p, regions: [{id: r}], services: [{id: db}]}]
customers:
  - {id: '[x](1)', tags: {t: c}, depends_on: [p/db@r]}
  - {id: '{0}', tags: {t: c}, depends_on: [p/db@r]}
  - {id: 'a\[b]', tags: {t: c}, depends_on: [p/db@r]}
policies:
  - {id: '[p](javascript:alert(1))', select: {t: c}, survive: region}
`
	cat, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(hostile)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(cat)
	results, err := g.CheckPolicies(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteSARIF(&out, cat, CheckResults{Policies: results, Findings: g.Lint()}, SARIFOptions{ToolVersion: "v1.2.3"}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range readSARIF(t, out.Bytes()).Runs[0].Results {
		got = append(got, r.Message.Text)
	}
	want := []string{
		`Policy \[p\](javascript:alert(1)) is violated: p@r: \[x\](1) is down ← p/db@r ← p@r`,
		`Policy \[p\](javascript:alert(1)) is violated: p@r: a\\\[b\] is down ← p/db@r ← p@r`,
		`Policy \[p\](javascript:alert(1)) is violated: p@r: {{0}} is down ← p/db@r ← p@r`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("messages\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	validateSARIF(t, map[string][]byte{"hostile": out.Bytes()})
}

func TestFairShares(t *testing.T) {
	for _, tt := range []struct {
		sizes  []int
		budget int
		want   []int
	}{
		{nil, 5, []int{}},
		{[]int{20000, 1}, 5000, []int{4999, 1}},
		{[]int{3, 3, 3}, 5, []int{2, 2, 1}},
		{[]int{0, 10, 2}, 6, []int{0, 4, 2}},
		{[]int{1, 1}, 0, []int{0, 0}},
		{[]int{2, 3}, 100, []int{2, 3}},
	} {
		if got := fairShares(tt.sizes, tt.budget); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("fairShares(%v, %d) = %v, want %v", tt.sizes, tt.budget, got, tt.want)
		}
	}
}

// TestSARIFExpectations writes the backtests of scenarios whose
// expectations fail: a rule per scenario (expect/ID), each unmet
// expectation an error on the scenario's line with the expectation's own
// line as a related location; the log validates.
func TestSARIFExpectations(t *testing.T) {
	cat, err := catalog.Load("testdata/backtest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	bs, err := graph.New(cat).Backtests(nil)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteSARIF(&out, cat, CheckResults{Backtests: bs}, SARIFOptions{ToolVersion: "v1.2.3"}); err != nil {
		t.Fatal(err)
	}
	run := readSARIF(t, out.Bytes()).Runs[0]
	if len(run.Results) != 2 {
		t.Fatalf("%d results, want 2", len(run.Results))
	}
	scenario := cat.Scenarios[0].Pos
	for k, r := range run.Results {
		loc := r.Locations[0].PhysicalLocation
		rel := r.RelatedLocations[0].PhysicalLocation
		want := cat.Scenarios[0].Expect.Degraded[1].Pos // wiki
		if k == 1 {
			want = cat.Scenarios[0].Expect.Up[1].Pos // p/db@r1
		}
		if r.RuleID != "expect/net" || loc.Region.StartLine != int(scenario.Line) || rel.Region.StartLine != int(want.Line) {
			t.Errorf("result %d: rule %s at line %d, related line %d; want expect/net at %d, related %d",
				k, r.RuleID, loc.Region.StartLine, rel.Region.StartLine, scenario.Line, want.Line)
		}
	}
	validateSARIF(t, map[string][]byte{"expectations": out.Bytes()})
}
