package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
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

type diffOptions struct {
	streams     streams
	base, head  string
	failOn      []string
	missingBase bool
	cache       cacheOptions
	output      outputOptions
	format      string // decided from --format and -o
}

func newDiffCmd(s streams, runF func(*diffOptions) error) *cobra.Command {
	opts := &diffOptions{streams: s, output: newOutputOptions("text", "json", "markdown")}
	cmd := &cobra.Command{
		Use:   "diff BASE HEAD",
		Short: "Compare two versions of a catalog: did the change make us more fragile?",
		Long: `Diff compares two versions of a catalog and reports what the change does:
customers, services and regions added or removed; every single provider,
region and zone failure whose blast radius changed (customers down and
degraded, before → after); single points of failure gained and lost per
customer; policies that started or stopped holding; providers and regions
whose hidden dependence changed (customers they take down only through a
vendor or another service, not through a dependency of the customer's own);
and the concentration index across providers before and after.

BASE and HEAD are catalog paths (a file or a directory), or git:REF[:PATH] to
read a catalog from the repository's history without touching the work tree
(PATH defaults to the repository root). With --allow-missing-base, a BASE
that holds no catalog (a path that does not exist, or a PATH with no catalog
files at REF) is an empty catalog: the change adds the catalog, and every
finding is new. --format markdown writes a pull-request comment: a one-line
verdict, a table, collapsible details and a Mermaid diagram of the largest
change. With -o FILE the format follows the extension (.txt .json .md).

Exit codes:
  0  done (and nothing that --fail-on names was found)
  1  a catalog is invalid, or --fail-on found new-spof, policy, radius-increase or
     hidden-dependence
  2  the request is wrong`,
		Example: `  blastradius diff examples/ci/base examples/ci/head
  blastradius diff git:origin/main:catalog catalog --format markdown --fail-on new-spof,policy -o diff.md`,
		Args: cobra.ExactArgs(2),
	}
	f := cmd.Flags()
	f.StringSliceVar(&opts.failOn, "fail-on", nil, "exit 1 on these findings: "+strings.Join(report.Fragilities(), ","))
	f.BoolVar(&opts.missingBase, "allow-missing-base", false, "compare against an empty catalog when BASE holds none (a pull request that adds the catalog)")
	opts.output.addFlags(f)
	addCacheFlags(cmd, &opts.cache)
	cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions(report.Fragilities(), cobra.ShellCompDirectiveNoFileComp))
	return command(cmd, opts, func(_ *cobra.Command, args []string) (err error) {
		opts.base, opts.head = args[0], args[1]
		for _, f := range opts.failOn {
			if !slices.Contains(report.Fragilities(), f) {
				return usageErrorf("--fail-on: unknown finding %q: want %s", f, phrase.OrList(report.Fragilities()))
			}
		}
		opts.format, err = opts.output.resolve()
		return err
	}, runF, diffRun)
}

func diffRun(opts *diffOptions) error {
	s := opts.streams
	l := opts.cache.loader(s)
	base, err := loadSpec(s, l, opts.base, opts.missingBase)
	if errors.Is(err, errNoCatalog) {
		return &exitError{status: statusUsage, err: err, hint: "Pass --allow-missing-base when the change adds the catalog."}
	}
	if err != nil {
		return err
	}
	head, err := loadSpec(s, l, opts.head, false)
	if err != nil {
		return err
	}
	progress := newProgress(s, "diff")
	d, err := graph.Compare(base, head, progress.update)
	progress.done()
	if err != nil {
		return failure(err)
	}
	var dopt report.DiffOptions
	if opts.format == "markdown" {
		if dopt, err = largestChange(head, d); err != nil {
			return failure(err)
		}
	}
	var inputs []string
	for _, spec := range []string{opts.base, opts.head} {
		if !strings.HasPrefix(spec, "git:") {
			inputs = append(inputs, spec)
		}
	}
	err = writeOutput(s, opts.output.path, inputs, func(w io.Writer) error {
		return report.WriteDiff(w, d, report.Format(opts.format), dopt)
	})
	if err != nil {
		return err
	}
	for _, found := range report.Fragility(d) {
		if slices.Contains(opts.failOn, found) {
			return errFindings
		}
	}
	return nil
}

// errNoCatalog is a BASE or HEAD that holds no catalog.
var errNoCatalog = errors.New("no catalog")

// loadSpec loads the catalog named by a path or by git:REF[:PATH] with l.
// With missingOK, a spec that holds no catalog gives an empty one.
func loadSpec(s streams, l catalog.Loader, spec string, missingOK bool) (*graph.Graph, error) {
	var cat *catalog.Catalog
	var err error
	if rest, ok := strings.CutPrefix(spec, "git:"); ok {
		cat, err = loadGit(l, rest)
	} else {
		cat, err = l.Load(spec)
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, catalog.ErrNoFiles) {
			err = fmt.Errorf("%s: %w (%w)", spec, errNoCatalog, unwrapPathError(err))
		}
	}
	if missingOK && errors.Is(err, errNoCatalog) {
		cat, err = l.LoadFS(fstest.MapFS{"empty.yaml": {Data: []byte("version: 1\n")}}, ".")
	}
	if err != nil {
		return nil, catalogError(s, err)
	}
	return graph.New(cat), nil
}

// loadGit reads the catalog at REF[:PATH] from the repository's objects,
// without touching the work tree. REF and PATH reach git as arguments,
// never through a shell, after --end-of-options. The cache is keyed by the
// files' object ids, so a hit reads no blob.
func loadGit(l catalog.Loader, spec string) (*catalog.Catalog, error) {
	ref, dir, _ := strings.Cut(spec, ":")
	dir = path.Clean("/" + dir)[1:]
	if dir == "" {
		dir = "."
	}
	if ref == "" || strings.HasPrefix(ref, "-") {
		return nil, usageErrorf("git:%s: want git:REF[:PATH], with a REF that does not start with -", spec)
	}
	out, err := git("ls-tree", "-r", "-z", "--full-tree", "--end-of-options", ref, "--", dir)
	if err != nil {
		return nil, usageErrorf("git:%s: %w", spec, err)
	}
	fsys := &gitFS{spec: spec, ids: map[string]string{}, files: fstest.MapFS{}}
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		// <mode> SP <type> SP <object> TAB <file>
		meta, name, ok := strings.Cut(line, "\t")
		fields := strings.Fields(meta)
		if !ok || len(fields) != 3 || fields[1] != "blob" || !catalog.IsCatalogFile(name) {
			continue
		}
		fsys.ids[name] = fields[2]
		fsys.files[name] = &fstest.MapFile{}
	}
	if len(fsys.ids) == 0 {
		return nil, fmt.Errorf("git:%s: %w (%w)", spec, errNoCatalog, catalog.ErrNoFiles)
	}
	root := dir
	if _, isFile := fsys.ids[dir]; isFile {
		root = path.Dir(dir)
	}
	return l.LoadFS(fsys, root)
}

// gitFS is a catalog at a git revision: the files ls-tree lists, each read
// from the object store when opened. It is a catalog.HashFS: a file's hash
// is its blob's object id.
type gitFS struct {
	spec  string
	ids   map[string]string // file → blob id
	files fstest.MapFS      // the tree, without contents, to walk and stat
}

func (g *gitFS) Open(name string) (fs.File, error) {
	id, ok := g.ids[name]
	if !ok {
		return g.files.Open(name)
	}
	data, err := git("cat-file", "blob", id)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: "git:" + g.spec + ":" + name, Err: err}
	}
	return fstest.MapFS{name: {Data: data}}.Open(name)
}

func (g *gitFS) Stat(name string) (fs.FileInfo, error) { return g.files.Stat(name) }

func (g *gitFS) Hash(name string) (string, error) {
	if id, ok := g.ids[name]; ok {
		return id, nil
	}
	return "", &fs.PathError{Op: "hash", Path: name, Err: fs.ErrNotExist}
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

// largestChange draws, for the Markdown comment, the head's blast radius
// of the single failure whose radius grew the most.
func largestChange(head *graph.Graph, d *graph.Diff) (report.DiffOptions, error) {
	var best *graph.RadiusChange
	grow := func(c *graph.RadiusChange) int {
		return c.After.Down - c.Before.Down + c.After.Degraded - c.Before.Degraded
	}
	for k := range d.Radius {
		if r := &d.Radius[k]; r.InHead && (best == nil || grow(r) > grow(best)) {
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
