package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/render"
)

// outputOptions are the flags --format and -o of every command that writes
// one report or diagram.
type outputOptions struct {
	format *enumValue
	path   string
	// byExt maps extensions to this command's formats where they differ
	// from formatByExt (export writes .json as cytoscape); nil: none.
	byExt map[string]string
}

// newOutputOptions makes the options of a command that writes the given
// formats, the first being the default on stdout.
func newOutputOptions(formats ...string) outputOptions {
	return outputOptions{format: newEnum(formats[0], formats...)}
}

func (o *outputOptions) addFlags(f *pflag.FlagSet) {
	f.Var(o.format, "format", "output format")
	f.StringVarP(&o.path, "output", "o", "", "write to `FILE` (atomically) instead of stdout; its extension picks the format")
}

// formatByExt maps an output file's extension to its format.
var formatByExt = map[string]string{
	".txt": "text", ".json": "json", ".svg": "svg", ".png": "png",
	".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid",
	".md": "markdown", ".markdown": "markdown", ".sarif": "sarif",
	".graphml": "graphml", ".cypher": "cypher", ".cql": "cypher",
}

// resolve decides the format for every command alike: --format if given,
// else the extension of -o, else the default. An extension the command
// cannot write, or none, is a wrong request.
func (o *outputOptions) resolve() (string, error) {
	if o.format.set || o.path == "" || o.path == "-" {
		return o.format.value, nil
	}
	ext := strings.ToLower(filepath.Ext(o.path))
	f, ok := o.formatOf(ext)
	switch {
	case ext == "":
		return "", usageErrorf("cannot tell the format of %s: give it an extension (%s) or pass --format", o.path, o.extensions())
	case !ok || !slices.Contains(o.format.allowed, f):
		return "", usageErrorf("cannot write %s: this command writes %s (%s), not %s", o.path, o.format.Type(), o.extensions(), ext)
	}
	return f, nil
}

// formatOf is the format an extension stands for in this command.
func (o *outputOptions) formatOf(ext string) (string, bool) {
	if f, ok := o.byExt[ext]; ok {
		return f, true
	}
	f, ok := formatByExt[ext]
	return f, ok
}

// extensions lists the extensions of the formats the command writes.
func (o *outputOptions) extensions() string {
	all := maps.Clone(formatByExt)
	maps.Copy(all, o.byExt)
	var exts []string
	for _, ext := range slices.Sorted(maps.Keys(all)) {
		if f, _ := o.formatOf(ext); slices.Contains(o.format.allowed, f) {
			exts = append(exts, ext)
		}
	}
	return strings.Join(exts, " ")
}

// diagramOptions are the flags of every command that draws.
type diagramOptions struct {
	layout   *enumValue
	maxNodes int
}

func newDiagramOptions() diagramOptions {
	return diagramOptions{layout: newEnum("layered", "layered", "radial")}
}

func (o *diagramOptions) addFlags(f *pflag.FlagSet) {
	f.Var(o.layout, "layout", "diagram layout: layered (infrastructure to customers, left to right) or radial (the failure at the centre)")
	f.IntVar(&o.maxNodes, "max-nodes", render.DefaultMaxNodes, "diagram node budget; larger diagrams collapse")
}

// render checks the flags and returns the render options they ask for.
func (o *diagramOptions) render() (render.Options, error) {
	if o.maxNodes < render.MinMaxNodes {
		return render.Options{}, usageErrorf("--max-nodes must be at least %d", render.MinMaxNodes)
	}
	layout := render.Layered
	if o.layout.value == "radial" {
		layout = render.Radial
	}
	return render.Options{MaxNodes: o.maxNodes, Layout: layout}, nil
}

// writeOutput runs write into the file at path, or into stdout when path is
// empty or "-". A file is written atomically: into a temporary file beside
// it, then renamed over it, so an interrupted run leaves no half file. It
// refuses to overwrite an input, or to write a file that the next run would
// read as part of a catalog.
func writeOutput(s streams, path string, inputs []string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		if err := write(s.out); err != nil {
			return failure(err)
		}
		return nil
	}
	if err := notAnInput(path, inputs); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return failure(fmt.Errorf("write %s: %w", path, unwrapPathError(err)))
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	err = write(tmp)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return failure(fmt.Errorf("write %s: %w", path, unwrapPathError(err)))
	}
	return nil
}

// unwrapPathError drops the temporary file's name from an fs error.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// notAnInput refuses an output path that is one of the input files, or a
// catalog file (*.yaml, *.yml) inside an input directory, which the next
// run would read as part of the catalog; symlinks are resolved on both
// sides. Any other file inside a catalog directory is fine.
func notAnInput(path string, inputs []string) error {
	out, err := resolve(path)
	if err != nil {
		return usageErrorf("%w", err)
	}
	for _, in := range inputs {
		abs, err := resolve(in)
		if err != nil {
			continue
		}
		if out == abs {
			return usageErrorf("refusing to overwrite the input %s", path)
		}
		info, err := os.Stat(abs)
		if err == nil && info.IsDir() && strings.HasPrefix(out, abs+string(filepath.Separator)) && catalog.IsCatalogFile(out) {
			return usageErrorf("refusing to write %s: it lies in the catalog directory %s, whose next load would read it as part of the catalog; use another name or directory", path, in)
		}
	}
	return nil
}

// resolve makes path absolute with every symlink of its directory (and of
// itself, when it exists) resolved.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return abs, nil // the directory does not exist yet: nothing to resolve
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}
