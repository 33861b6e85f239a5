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
}

// outputFormat decides the format: --format if given, else the extension
// of --output, else def.
func outputFormat(flag *enumValue, changed bool, output, def string) (string, error) {
	if changed || output == "" || output == "-" {
		if !changed {
			return def, nil
		}
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
		return failure(err)
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
		return failure(fmt.Errorf("write %s: %w", path, err))
	}
	return nil
}

// notAnInput refuses an output path that is one of the input files, or a
// file inside an input directory.
func notAnInput(path string, inputs []string) error {
	out, err := filepath.Abs(path)
	if err != nil {
		return usageErrorf("%w", err)
	}
	outInfo, statErr := os.Stat(path)
	for _, in := range inputs {
		if in == "" {
			continue
		}
		abs, err := filepath.Abs(in)
		if err != nil {
			continue
		}
		info, err := os.Stat(in)
		switch {
		case err != nil:
		case statErr == nil && os.SameFile(info, outInfo):
			return usageErrorf("refusing to overwrite the input %s", path)
		case info.IsDir() && strings.HasPrefix(out, abs+string(filepath.Separator)):
			return usageErrorf("refusing to write %s inside the catalog directory %s", path, in)
		}
	}
	if errors.Is(statErr, os.ErrNotExist) || statErr == nil {
		return nil
	}
	return usageErrorf("%w", statErr)
}
