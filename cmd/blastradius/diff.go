package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
	"github.com/blastradius/blastradius/render"
	"github.com/blastradius/blastradius/report"
)

// failOnNames are the findings that --fail-on turns into exit 1.
var failOnNames = []string{"new-spof", "policy", "radius-increase"}

func newDiffCmd(s streams) *cobra.Command {
	ro := newReportOptions()
	var failOn []string
	cmd := &cobra.Command{
		Use:   "diff BASE HEAD",
		Short: "Compare two versions of a catalog: did the change make us more fragile?",
		Long: `Diff compares two versions of a catalog and reports what the change does:
customers, services and regions added or removed; every single provider,
region and zone failure whose blast radius changed (customers down and
degraded, before → after); single points of failure gained and lost per
customer; policies that started or stopped holding; and the concentration
index across providers before and after.

BASE and HEAD are catalog paths (a file or a directory), or git:REF[:PATH] to
read a catalog from the repository's history without touching the work tree
(PATH defaults to the repository root). --format markdown writes a
pull-request comment: a one-line verdict, a table, collapsible details and a
Mermaid diagram of the largest change.

Exit codes:
  0  done (and nothing that --fail-on names was found)
  1  a catalog is invalid, or --fail-on found new-spof, policy or radius-increase
  2  the request is wrong`,
		Example: `  blastradius diff examples/ci/base examples/ci/head
  blastradius diff git:origin/main:catalog catalog --format markdown --fail-on new-spof,policy`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("catalog") || cmd.Flags().Changed("example") {
				return usageErrorf("diff takes its catalogs as BASE and HEAD, not --catalog or --example")
			}
			for _, f := range failOn {
				if !slices.Contains(failOnNames, f) {
					return usageErrorf("--fail-on: unknown finding %q: want %s", f, phrase.OrList(failOnNames))
				}
			}
			var gs [2]*graph.Graph
			for k, arg := range args {
				g, err := loadSpec(s, arg)
				if err != nil {
					return err
				}
				gs[k] = g
			}
			d, err := graph.Compare(gs[0], gs[1], nil)
			if err != nil {
				return failure(err)
			}
			var opt report.DiffOptions
			if format, _ := outputFormat(ro.format, ro.output); format == "markdown" {
				if opt, err = largestChange(gs[1], d); err != nil {
					return failure(err)
				}
			}
			inputs := slices.DeleteFunc(slices.Clone(args), func(a string) bool { return strings.HasPrefix(a, "git:") })
			err = writeOutput(s, ro.output, inputs, func(w io.Writer) error {
				return report.WriteDiff(w, d, report.Format(ro.format.value), opt)
			})
			if err != nil {
				return err
			}
			for _, found := range report.Fragility(d) {
				if slices.Contains(failOn, found) {
					return &exitError{code: exitInvalid}
				}
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&failOn, "fail-on", nil, "exit 1 on these findings: "+strings.Join(failOnNames, ","))
	ro.addFlags(cmd)
	return cmd
}

// loadSpec loads a catalog named by a path or by git:REF[:PATH].
func loadSpec(s streams, spec string) (*graph.Graph, error) {
	var cat *catalog.Catalog
	var err error
	if rest, ok := strings.CutPrefix(spec, "git:"); ok {
		cat, err = loadGit(rest)
	} else {
		cat, err = catalog.Load(spec)
	}
	if err != nil {
		return nil, catalogError(s, err)
	}
	g := graph.New(cat)
	return g, nil
}

// loadGit reads the catalog at REF[:PATH] from the repository's objects,
// without touching the work tree. REF and PATH reach git as arguments,
// never through a shell, after --end-of-options.
func loadGit(spec string) (*catalog.Catalog, error) {
	ref, dir, _ := strings.Cut(spec, ":")
	dir = path.Clean("/" + dir)[1:]
	if dir == "" {
		dir = "."
	}
	if ref == "" || strings.HasPrefix(ref, "-") {
		return nil, usageErrorf("git:%s: want git:REF[:PATH], with a REF that does not start with -", spec)
	}
	out, err := git("ls-tree", "-r", "-z", "--full-tree", "--name-only", "--end-of-options", ref, "--", dir)
	if err != nil {
		return nil, usageErrorf("git:%s: %w", spec, err)
	}
	fsys := fstest.MapFS{}
	for _, name := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		if !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") {
			continue
		}
		data, err := git("cat-file", "blob", "--end-of-options", ref+":"+name)
		if err != nil {
			return nil, usageErrorf("git:%s: %w", spec, err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	if len(fsys) == 0 {
		return nil, usageErrorf("git:%s: %w", spec, catalog.ErrNoFiles)
	}
	root := dir
	if _, isFile := fsys[dir]; isFile {
		root = path.Dir(dir)
	}
	return catalog.LoadFS(fsys, root)
}

// git runs git with arguments as data and returns its output.
func git(args ...string) ([]byte, error) {
	var stderr bytes.Buffer
	cmd := exec.Command("git", args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(msg)
	}
	return out, nil
}

// largestChange draws, for the Markdown comment, the head's impact of the
// single failure whose blast radius grew the most.
func largestChange(head *graph.Graph, d *graph.Diff) (report.DiffOptions, error) {
	var best *graph.RadiusChange
	for k := range d.Radius {
		r := &d.Radius[k]
		if !r.InHead {
			continue
		}
		grow := func(c *graph.RadiusChange) int {
			return c.After.Down - c.Before.Down + c.After.Degraded - c.Before.Degraded
		}
		if best == nil || grow(r) > grow(best) {
			best = r
		}
	}
	if best == nil {
		return report.DiffOptions{}, nil
	}
	ev, err := head.Evaluate(graph.Scenario{Fail: []string{best.Ref}})
	if err != nil {
		return report.DiffOptions{}, err
	}
	sc, err := render.BlastRadius(head, ev, render.Options{MaxNodes: 40})
	if err != nil {
		return report.DiffOptions{}, err
	}
	var mmd bytes.Buffer
	if err := render.WriteMermaid(&mmd, sc); err != nil {
		return report.DiffOptions{}, err
	}
	return report.DiffOptions{Mermaid: mmd.String(),
		MermaidTitle: fmt.Sprintf("The largest change: %s %s fails (after)", best.Level, best.Ref)}, nil
}
