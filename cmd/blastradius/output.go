package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/blastradius/blastradius/render"
)

// diagramOptions are the flags of every command that draws.
type diagramOptions struct {
	output   string
	layout   *enumValue
	maxNodes int
}

func newDiagramOptions() *diagramOptions {
	return &diagramOptions{layout: newEnum("layered", "layered", "radial")}
}

func (o *diagramOptions) addFlags(f *pflag.FlagSet) {
	f.StringVarP(&o.output, "output", "o", "", "write to `FILE` (atomically) instead of stdout; its extension picks the format")
	f.Var(o.layout, "layout", "diagram layout: layered (infrastructure to customers, left to right) or radial (the failure at the centre)")
	f.IntVar(&o.maxNodes, "max-nodes", render.DefaultMaxNodes, "diagram node budget; larger diagrams collapse")
}

func (o *diagramOptions) render() (render.Options, error) {
	if o.maxNodes < 1 {
		return render.Options{}, usageErrorf("--max-nodes must be at least 1")
	}
	layout := render.Layered
	if o.layout.value == "radial" {
		layout = render.Radial
	}
	return render.Options{MaxNodes: o.maxNodes, Layout: layout}, nil
}

// formatByExt maps an output file's extension to its format.
var formatByExt = map[string]string{
	".txt": "text", ".json": "json", ".svg": "svg", ".png": "png",
	".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid",
	".md": "markdown", ".markdown": "markdown", ".sarif": "sarif",
}

// outputFormat decides the format: --format if given, else the extension
// of --output, else the flag's default.
func outputFormat(flag *enumValue, output string) (string, error) {
	if flag.set || output == "" || output == "-" {
		return flag.value, nil
	}
	f, ok := formatByExt[strings.ToLower(filepath.Ext(output))]
	if !ok || !slices.Contains(flag.allowed, f) {
		return "", usageErrorf("cannot tell the format of %s from its extension: pass --format %s", output, flag.Type())
	}
	return f, nil
}

// writeOutput runs write into the file at path, or into stdout when path is
// empty or "-". A file is written atomically: into a temporary file beside
// it, then renamed over it, so an interrupted run leaves no half file. It
// refuses to overwrite any of the inputs.
func writeOutput(s streams, path string, inputs []string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			return failure(err)
		}
		if _, err := s.out.Write(b.Bytes()); err != nil {
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
// file inside an input directory, symlinks resolved on both sides.
func notAnInput(path string, inputs []string) error {
	out, err := resolve(path)
	if err != nil {
		return usageErrorf("%w", err)
	}
	for _, in := range inputs {
		if in == "" {
			continue
		}
		abs, err := resolve(in)
		if err != nil {
			continue
		}
		if out == abs {
			return usageErrorf("refusing to overwrite the input %s", path)
		}
		if info, err := os.Stat(abs); err == nil && info.IsDir() && strings.HasPrefix(out, abs+string(filepath.Separator)) {
			return usageErrorf("refusing to write %s inside the catalog directory %s", path, in)
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
