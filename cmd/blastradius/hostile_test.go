package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/blastradius/blastradius/catalog/catalogtest"
)

// TestMain lets a test run the CLI in a process of its own: with
// BLASTRADIUS_RUN_MAIN set, the test binary is blastradius.
func TestMain(m *testing.M) {
	if os.Getenv("BLASTRADIUS_RUN_MAIN") != "" {
		code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		if f := os.Getenv("BLASTRADIUS_PEAK_FILE"); f != "" {
			// VmHWM is the peak of this program's memory alone: a parent's
			// rusage would also count the test process's memory, which the
			// child shares until it calls exec.
			status, _ := os.ReadFile("/proc/self/status")
			os.WriteFile(f, status, 0o644)
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestHostileCatalogs runs the commands a CI gate runs on small catalogs
// built to exhaust it — a chain of 20,000 customers, each depending on the
// one before (cause paths as long as the catalog), and one customer with
// 100,000 dependencies — each in a process of its own, and checks that
// memory and output stay linear in the catalog: the peak resident memory
// and the bytes written stay within fixed bounds, whether the compiled
// catalog is built (the first run on each) or read from the cache. A guard stops a run that
// hangs; no test here asserts a duration.
func TestHostileCatalogs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds large catalogs")
	}
	dir, cacheDir := t.TempDir(), t.TempDir()
	catalogs := []struct {
		name string
		data []byte
		top  string // the customer that depends on all the others
	}{{"chain", catalogtest.Chain(20000), "c19999"}, {"fan-in", catalogtest.FanIn(100000), "hub"}}
	// The same catalogs with an availability on every infrastructure node,
	// for the risk analysis.
	const defaults = "defaults:\n  availability: {provider: 0.99999, region: 0.9999, zone: 0.999, service: 0.9995}\n"
	for _, c := range catalogs {
		if err := os.WriteFile(filepath.Join(dir, c.name+".yaml"), c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, c.name+"-av.yaml"), append(slices.Clone(c.data), defaults...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const maxRSS = 700 << 20 // well under 1 GiB
	runs := []struct {
		name   string
		args   []string // CAT stands for the catalog file, OUT for an output path, TOP for its top customer
		codes  [2]int   // the exit code on the chain, on the fan-in
		maxOut int64    // bytes written to stdout and OUT together
	}{
		{"impact text", []string{"impact", "-c", "CAT", "--fail", "cloud@east"}, [2]int{0, 0}, 8 << 20},
		{"impact json", []string{"impact", "-c", "CAT", "--fail", "cloud@east", "--format", "json"}, [2]int{0, 0}, 120 << 20},
		{"impact svg", []string{"impact", "-c", "CAT", "--fail", "cloud@east", "-o", "OUT.svg"}, [2]int{0, 0}, 1 << 20},
		{"graph svg", []string{"graph", "-c", "CAT", "-o", "OUT.svg"}, [2]int{0, 0}, 1 << 20},
		{"graph focus svg", []string{"graph", "-c", "CAT", "--focus", "cloud/db@east", "-o", "OUT.svg"}, [2]int{0, 0}, 1 << 20},
		{"check sarif", []string{"check", "-c", "CAT", "--format", "sarif", "-o", "OUT.sarif"}, [2]int{1, 0}, 10 << 20},
		{"check json", []string{"check", "-c", "CAT", "--format", "json"}, [2]int{1, 0}, 120 << 20},
		{"report", []string{"report", "-c", "CAT", "-o", "OUT"}, [2]int{0, 0}, 16 << 20},
		{"concentration json", []string{"concentration", "-c", "CAT", "--by", "region", "--format", "json"}, [2]int{0, 0}, 8 << 20},
		{"supply-chain json", []string{"supply-chain", "-c", "CAT", "TOP", "--format", "json"}, [2]int{0, 0}, 4 << 20},
		{"risk json", []string{"risk", "-c", "CAT", "--format", "json"}, [2]int{0, 0}, 120 << 20},
		{"risk json, availabilities", []string{"risk", "-c", "CATAV", "--format", "json"}, [2]int{0, 0}, 120 << 20},
		{"risk text, availabilities", []string{"risk", "-c", "CATAV"}, [2]int{0, 0}, 1 << 20},
		{"export graphml", []string{"export", "-c", "CAT", "--fail", "cloud@east"}, [2]int{0, 0}, 120 << 20},
		{"export cypher", []string{"export", "-c", "CAT", "--fail", "cloud@east", "--format", "cypher"}, [2]int{0, 0}, 60 << 20},
		{"export cytoscape", []string{"export", "-c", "CAT", "--fail", "cloud@east", "--format", "cytoscape"}, [2]int{0, 0}, 120 << 20},
	}
	for k, c := range catalogs {
		name := c.name
		for _, r := range runs {
			t.Run(name+"/"+r.name, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "out")
				var args []string
				for _, a := range r.args {
					switch {
					case a == "CAT":
						a = filepath.Join(dir, name+".yaml")
					case a == "CATAV":
						a = filepath.Join(dir, name+"-av.yaml")
					case a == "TOP":
						a = c.top
					case len(a) >= 3 && a[:3] == "OUT":
						a = out + a[3:]
					}
					args = append(args, a)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, os.Args[0], args...)
				// The first run on each catalog fills the cache, the others read it.
				peakFile := filepath.Join(t.TempDir(), "status")
				cmd.Env = append(os.Environ(), "BLASTRADIUS_RUN_MAIN=1", cacheEnv+"="+cacheDir, "BLASTRADIUS_PEAK_FILE="+peakFile)
				stdout, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
				if err != nil {
					t.Fatal(err)
				}
				defer stdout.Close()
				cmd.Stdout = stdout
				err = cmd.Run()
				if ctx.Err() != nil {
					t.Fatalf("blastradius %v did not finish", args)
				}
				if code := cmd.ProcessState.ExitCode(); code != r.codes[k] {
					t.Fatalf("blastradius %v: exit %d, want %d (%v)", args, code, r.codes[k], err)
				}
				rss := peakRSS(peakFile, cmd.ProcessState)
				written := size(stdout.Name()) + size(out+".svg") + size(out+".sarif") + size(out)
				t.Logf("peak memory %d MiB, wrote %d KiB", rss>>20, written>>10)
				if rss > maxRSS {
					t.Errorf("peak memory %d MiB, want at most %d MiB", rss>>20, maxRSS>>20)
				}
				if written > r.maxOut {
					t.Errorf("wrote %d KiB, want at most %d KiB", written>>10, r.maxOut>>10)
				}
			})
		}
	}
}

// size is the size of a file, or of the files in a directory, or 0.
func size(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	if !info.IsDir() {
		return info.Size()
	}
	var n int64
	entries, _ := os.ReadDir(path)
	for _, e := range entries {
		n += size(filepath.Join(path, e.Name()))
	}
	return n
}

// peakRSS is the child's peak resident memory: VmHWM from the status file
// it wrote, or else its rusage.
func peakRSS(statusFile string, ps *os.ProcessState) int64 {
	status, _ := os.ReadFile(statusFile)
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			if kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64); err == nil {
				return kb << 10
			}
		}
	}
	return ps.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
}
