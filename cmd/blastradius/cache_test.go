package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blastradius/blastradius/cache"
)

const (
	awsExample    = "../../examples/aws-2021-12-07"
	vendorExample = "../../examples/vendor-concentration"
)

// cacheRuns are requests of every command that reads a catalog, in every
// format each writes.
var cacheRuns = [][]string{
	{"validate", "-c", awsExample},
	{"impact", "-c", awsExample, "--scenario", "aws-2021-12-07"},
	{"impact", "-c", awsExample, "--fail", "aws@us-east-1", "--format", "json"},
	{"impact", "-c", awsExample, "--fail", "aws@us-east-1", "--format", "svg"},
	{"impact", "-c", awsExample, "--fail", "aws@us-east-1", "--format", "png"},
	{"impact", "-c", awsExample, "--fail", "aws@us-east-1", "--format", "dot"},
	{"impact", "-c", awsExample, "--fail", "aws@us-east-1", "--format", "mermaid"},
	{"graph", "-c", awsExample},
	{"graph", "-c", awsExample, "--format", "mermaid"},
	{"rank", "-c", awsExample, "--scope", "zone", "--pairs"},
	{"rank", "-c", awsExample, "--format", "json"},
	{"rank", "-c", awsExample, "--format", "markdown"},
	{"spof", "-c", awsExample},
	{"spof", "-c", awsExample, "--format", "json"},
	{"spof", "-c", awsExample, "--format", "markdown"},
	{"concentration", "-c", vendorExample},
	{"concentration", "-c", vendorExample, "--format", "json"},
	{"concentration", "-c", vendorExample, "--format", "markdown"},
	{"supply-chain", "-c", vendorExample, "checkout"},
	{"supply-chain", "-c", vendorExample, "checkout", "--format", "json"},
	{"supply-chain", "-c", vendorExample, "checkout", "--format", "markdown"},
	{"check", "-c", awsExample},
	{"check", "-c", awsExample, "--format", "json"},
	{"check", "-c", awsExample, "--format", "markdown"},
	{"check", "-c", awsExample, "--format", "sarif"},
	{"backtest", "-c", awsExample},
	{"backtest", "-c", awsExample, "--format", "json"},
	{"backtest", "-c", awsExample, "--format", "markdown"},
	{"diff", "testdata/hidden/base.yaml", "testdata/hidden/head.yaml"},
	{"diff", "testdata/hidden/base.yaml", "testdata/hidden/head.yaml", "--format", "json"},
	{"diff", "testdata/hidden/base.yaml", "testdata/hidden/head.yaml", "--format", "markdown"},
	{"report", "-c", awsExample, "-o", "REPORT"},
	{"risk", "-c", "testdata/risk.yaml"},
	{"risk", "-c", "testdata/risk.yaml", "--format", "json"},
	{"risk", "-c", "testdata/risk.yaml", "--format", "markdown"},
	{"impact", "--example", "--scenario", "aws-2021-12-07", "--format", "json"},
}

// TestCacheHitIdentical runs each request without a cache, then twice with
// one (a miss that fills it, then a hit), and wants the same bytes from all
// three: stdout, stderr, exit code and written files.
func TestCacheHitIdentical(t *testing.T) {
	for _, args := range cacheRuns {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			dir, out := t.TempDir(), filepath.Join(t.TempDir(), "report")
			want := runCached(t, "off", args, out)
			runCached(t, dir, args, out)
			entries := ageEntries(t, dir)
			if len(entries) == 0 {
				t.Fatal("the run left no cache entry")
			}
			got := runCached(t, dir, args, out)
			if got != want {
				t.Errorf("cache hit differs from an uncached run:\n got %.300q\nwant %.300q", got, want)
			}
			for _, e := range entries {
				if st, err := os.Stat(e); err != nil || time.Since(st.ModTime()) > time.Hour {
					t.Errorf("entry %s was not read by the rerun", filepath.Base(e))
				}
			}
		})
	}
}

// runCached runs the CLI with BLASTRADIUS_CACHE set, and returns
// everything it produced as one string. "REPORT" in args becomes the
// directory out, emptied first, whose files are part of the result.
func runCached(t *testing.T, cacheDir string, args []string, out string) string {
	t.Helper()
	if out != "" {
		os.RemoveAll(out)
	}
	args = append([]string(nil), args...)
	for i, a := range args {
		if a == "REPORT" {
			args[i] = out
		}
	}
	r := runCLI(t, map[string]string{cacheEnv: cacheDir}, args...)
	var b strings.Builder
	b.WriteString(r.stdout + "\x00" + r.stderr + "\x00" + string(rune('0'+r.code)))
	if out != "" {
		filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				data, _ := os.ReadFile(p)
				b.WriteString("\x00" + p + "\x00" + string(data))
			}
			return err
		})
	}
	return b.String()
}

// ageEntries dates every cache entry two hours back, so that a read (which
// marks an entry used) shows, and returns their paths.
func ageEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := filepath.Glob(filepath.Join(dir, "*.brcat"))
	old := time.Now().Add(-2 * time.Hour)
	for _, e := range entries {
		if err := os.Chtimes(e, old, old); err != nil {
			t.Fatal(err)
		}
	}
	return entries
}

// TestCacheDamagedEntries damages every entry in ways a crash, a full disk
// or another program could, and wants the same output after each, the
// entry rebuilt.
func TestCacheDamagedEntries(t *testing.T) {
	args := []string{"check", "-c", awsExample, "--format", "sarif"}
	want := runCached(t, "off", args, "")
	dir := t.TempDir()
	runCached(t, dir, args, "")
	entries := ageEntries(t, dir)
	if len(entries) != 1 {
		t.Fatalf("%d entries, want 1", len(entries))
	}
	intact, _ := os.ReadFile(entries[0])
	damage := map[string][]byte{
		"truncated": intact[:len(intact)/2],
		"empty":     nil,
		"flipped":   append(append(bytes.Clone(intact[:100]), intact[100]^0xff), intact[101:]...),
		"foreign":   []byte("<html>not a catalog</html>"),
	}
	// An intact entry of another catalog, under this catalog's name.
	other := t.TempDir()
	runCached(t, other, []string{"validate", "-c", vendorExample}, "")
	if list, _ := filepath.Glob(filepath.Join(other, "*.brcat")); len(list) == 1 {
		damage["another catalog's"], _ = os.ReadFile(list[0])
	} else {
		t.Fatal("no entry for the other catalog")
	}
	for name, data := range damage {
		if err := os.WriteFile(entries[0], data, 0o644); err != nil {
			t.Fatal(err)
		}
		if got := runCached(t, dir, args, ""); got != want {
			t.Errorf("%s entry changed the result:\n got %.300q\nwant %.300q", name, got, want)
		}
		if rebuilt, _ := os.ReadFile(entries[0]); !bytes.Equal(rebuilt, intact) {
			t.Errorf("%s entry was not rebuilt", name)
		}
	}
}

// TestCacheChangedFiles edits, adds and removes catalog files and wants
// each version's own result, never a stale one.
func TestCacheChangedFiles(t *testing.T) {
	cat := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(cat, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.yaml", "version: 1\nproviders: [{id: p, regions: [{id: r1}]}]\ncustomers: [{id: one, depends_on: [p@r1]}]\n")
	dir := t.TempDir()
	steps := []struct {
		name string
		edit func()
		want string
	}{
		{"first", func() {}, "1 customer"},
		{"changed", func() {
			write("a.yaml", "version: 1\nproviders: [{id: p, regions: [{id: r1}, {id: r2}]}]\ncustomers: [{id: one, depends_on: [p@r1]}]\n")
		}, "2 regions"},
		{"added", func() { write("b.yaml", "customers: [{id: two, depends_on: [p@r2]}]\n") }, "2 customers"},
		{"removed", func() { os.Remove(filepath.Join(cat, "b.yaml")) }, "1 customer"},
	}
	for _, st := range steps {
		st.edit()
		r := runCLI(t, map[string]string{cacheEnv: dir}, "validate", "-c", cat)
		if r.code != 0 || !strings.Contains(r.stdout, st.want) {
			t.Errorf("%s: got %q (exit %d), want %q", st.name, r.stdout+r.stderr, r.code, st.want)
		}
	}
	write("a.yaml", "version: 1\ncustomers: [{id: one, depends_on: [nowhere]}]\n")
	before, _ := (&cache.Dir{Path: dir}).Info()
	if r := runCLI(t, map[string]string{cacheEnv: dir}, "validate", "-c", cat); r.code != 1 {
		t.Errorf("invalid catalog: exit %d, want 1", r.code)
	}
	if after, _ := (&cache.Dir{Path: dir}).Info(); after.Entries != before.Entries {
		t.Errorf("an invalid catalog was cached: %d entries, was %d", after.Entries, before.Entries)
	}
}

// TestCacheConcurrentRuns starts runs on the same catalog at once, cold:
// each must succeed with the same output.
func TestCacheConcurrentRuns(t *testing.T) {
	args := []string{"rank", "-c", awsExample, "--format", "json"}
	want := runCached(t, "off", args, "")
	dir := t.TempDir()
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := runCached(t, dir, args, ""); got != want {
				t.Errorf("concurrent run differs:\n got %.300q\nwant %.300q", got, want)
			}
		}()
	}
	wg.Wait()
}

// TestCacheGitObjects diffs two git revisions twice: the rerun reads the
// catalogs from the cache, keyed by object id, with the same result.
func TestCacheGitObjects(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	repo := t.TempDir()
	gitIn := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitIn("init", "-q")
	for i, f := range []string{"base.yaml", "head.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata", "hidden", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(repo, "cat"), 0o755)
		os.WriteFile(filepath.Join(repo, "cat", "catalog.yaml"), data, 0o644)
		gitIn("add", ".")
		gitIn("commit", "-q", "-m", []string{"base", "head"}[i])
	}
	t.Chdir(repo)
	args := []string{"diff", "git:HEAD~1:cat", "git:HEAD:cat", "--format", "json"}
	want := runCached(t, "off", args, "")
	dir := t.TempDir()
	runCached(t, dir, args, "")
	if entries := ageEntries(t, dir); len(entries) != 2 {
		t.Fatalf("%d entries, want one per revision", len(entries))
	}
	if got := runCached(t, dir, args, ""); got != want {
		t.Errorf("cached git diff differs:\n got %.300q\nwant %.300q", got, want)
	}
}

func TestCacheCommand(t *testing.T) {
	dir := t.TempDir()
	runCached(t, dir, []string{"validate", "-c", awsExample}, "")
	r := runCLI(t, nil, "cache", "info", "--cache", dir, "--format", "json")
	if r.code != 0 || !strings.Contains(r.stdout, `"entries": 1`) {
		t.Errorf("cache info: %q (exit %d)", r.stdout+r.stderr, r.code)
	}
	r = runCLI(t, nil, "cache", "clear", "--cache", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "removed 1 entry") {
		t.Errorf("cache clear: %q (exit %d)", r.stdout+r.stderr, r.code)
	}
	if r = runCLI(t, map[string]string{cacheEnv: "off"}, "cache", "info"); r.code != 2 {
		t.Errorf("cache info with the cache off: exit %d, want 2", r.code)
	}
	if r = runCLI(t, nil, "validate", "-c", awsExample, "--cache", dir, "--no-cache"); r.code != 2 {
		t.Errorf("--cache with --no-cache: exit %d, want 2", r.code)
	}
}
