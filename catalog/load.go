// Package catalog reads blastradius catalogs: YAML (or JSON) files that map
// customers onto the providers, regions, zones and services they depend on.
//
// Load reads a file or a directory, checks it against catalog format v1 and
// returns a Catalog whose nodes have every dependency resolved to a
// canonical ref. A catalog that breaks the format yields an ErrorList with
// every problem found, each at its file:line:col.
package catalog

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/blastradius/blastradius/models"
)

// ErrNoFiles is returned when a catalog directory holds no catalog file.
var ErrNoFiles = errors.New("no *.yaml, *.yml or *.json files")

// ErrNotRegular is returned for a catalog file that is not a regular file,
// such as a FIFO or a device.
var ErrNotRegular = errors.New("not a regular file")

// Load reads the catalog at path: one file, or every *.yaml, *.yml and
// *.json file below a directory, in lexical path order. A file whose name
// ends in .json is read as JSON, any other as YAML; both carry the same
// schema. Files of a directory are read through os.Root, so a symlink
// cannot pull in a file from outside it.
//
// An invalid catalog yields an ErrorList, in which a file of a directory
// that cannot be read is one more error. A path that cannot be read yields
// an error wrapping the fs error, or ErrNotRegular.
func Load(p string) (*Catalog, error) { return Loader{}.Load(p) }

// LoadFS reads the catalog in directory dir of fsys, as Load reads a
// directory. Error positions name files by their path in fsys.
func LoadFS(fsys fs.FS, dir string) (*Catalog, error) { return Loader{}.LoadFS(fsys, dir) }

// Load reads the catalog at path, as the function Load does, through the
// cache.
func (l Loader) Load(p string) (*Catalog, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		root, err := os.OpenRoot(p)
		if err != nil {
			return nil, err
		}
		defer root.Close()
		return l.load(root.FS(), ".", func(rel string) string { return filepath.Join(p, filepath.FromSlash(rel)) }, models.FS())
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", p, ErrNotRegular)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return l.parse(inputs{names: []string{p}, read: func(int) ([]byte, error) { return data, nil }}, models.FS())
}

// LoadFS reads the catalog in directory dir of fsys, as the function
// LoadFS does, through the cache.
func (l Loader) LoadFS(fsys fs.FS, dir string) (*Catalog, error) {
	return l.load(fsys, dir, func(rel string) string { return path.Join(dir, rel) }, models.FS())
}

// load reads the catalog in directory dir of fsys; lib holds the models
// its files may include.
func (l Loader) load(fsys fs.FS, dir string, display func(rel string) string, lib fs.FS) (*Catalog, error) {
	var rels []string
	err := fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && IsCatalogFile(p) {
			rel := p
			if dir != "." {
				rel = strings.TrimPrefix(p, dir+"/")
			}
			rels = append(rels, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(rels) == 0 {
		return nil, fmt.Errorf("%s: %w", display("."), ErrNoFiles)
	}
	slices.Sort(rels)
	names := make([]string, len(rels))
	for i, rel := range rels {
		names[i] = display(rel)
	}
	in := inputs{names: names,
		read: func(i int) ([]byte, error) { return readRegular(fsys, path.Join(dir, rels[i])) },
		open: func(i int) (io.ReadCloser, error) { return openRegular(fsys, path.Join(dir, rels[i])) }}
	if h, ok := fsys.(HashFS); ok {
		in.hash = func(i int) (string, error) { return h.Hash(path.Join(dir, rels[i])) }
	}
	return l.parse(in, lib)
}

// IsCatalogFile reports whether a file of that name below a catalog
// directory is read as part of the catalog: a *.yaml, *.yml or *.json
// file.
func IsCatalogFile(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || isJSON(name)
}

// openRegular opens a regular file, or a symlink to one.
func openRegular(fsys fs.FS, name string) (io.ReadCloser, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, errors.Join(err, ErrNotRegular)
	}
	return f, nil
}

// readRegular reads a regular file, or a symlink to one; a FIFO or a
// device would block or never end.
func readRegular(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	return fs.ReadFile(fsys, name)
}

// parse decodes the files in parallel, then the bundled models they
// include, and assembles the catalog.
func parse(names []string, read func(i int) ([]byte, error), lib fs.FS) (*Catalog, error) {
	frags := decodeAll(names, read)
	included, bundled := include(lib, frags)
	// The models come first: the catalog builds on them, so an id that
	// redefines one of theirs is reported in the catalog's own file.
	var files []string
	for _, f := range bundled {
		if f.bundled {
			files = append(files, f.file)
		}
	}
	c, errs := assemble(append(files, names...), append(bundled, frags...))
	if len(errs) > 0 {
		errs.sort()
		return nil, errs
	}
	c.Models = included
	return c, nil
}

// decodeAll decodes the named files, one worker per core.
func decodeAll(names []string, read func(i int) ([]byte, error)) []*fragment {
	frags := make([]*fragment, len(names))
	forEach(len(names), func(i int) {
		data, err := read(i)
		if err != nil {
			frags[i] = &fragment{file: names[i], broken: true,
				errs: ErrorList{{Pos: Pos{names[i], 1, 1}, Msg: "cannot read: " + unwrapPath(err)}}}
			return
		}
		if isJSON(names[i]) {
			frags[i] = decodeJSON(names[i], data)
		} else {
			frags[i] = decodeFile(names[i], data)
		}
	})
	return frags
}

// forEach calls f for 0 ≤ i < n, one worker per core.
func forEach(n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// BundledPrefix starts the file names of bundled models in positions:
// "bundled/aws/provider.yaml".
const BundledPrefix = "bundled/"

// include decodes the models of lib that the fragments include, and the
// models those include, each once, in order of first mention. It returns
// their names and their fragments; a name that is no model is an error in
// a fragment of its own.
func include(lib fs.FS, frags []*fragment) (names []string, out []*fragment) {
	var queue []Reference
	for _, f := range frags {
		queue = append(queue, f.includes...)
	}
	seen := map[string]bool{}
	for k := 0; k < len(queue); k++ {
		r := queue[k]
		if seen[r.Ref] {
			continue
		}
		seen[r.Ref] = true
		info, err := models.Read(lib, r.Ref)
		if err != nil {
			out = append(out, &fragment{file: r.Pos.File, errs: ErrorList{includeError(lib, r, err)}})
			continue
		}
		names = append(names, r.Ref)
		for _, inc := range info.Includes {
			queue = append(queue, Reference{Ref: inc, Pos: r.Pos})
		}
		files, err := models.Files(lib, r.Ref)
		if err != nil {
			out = append(out, &fragment{file: r.Pos.File, errs: ErrorList{{Pos: r.Pos, Msg: fmt.Sprintf("model %s: %v", r.Ref, err)}}})
			continue
		}
		display := make([]string, len(files))
		for i, f := range files {
			display[i] = BundledPrefix + f
		}
		for _, f := range decodeAll(display, func(i int) ([]byte, error) { return fs.ReadFile(lib, files[i]) }) {
			f.bundled = true
			for _, inc := range f.includes {
				f.errs = append(f.errs, &Error{Pos: inc.Pos, Msg: "a bundled model includes others through its model.json, not include"})
			}
			out = append(out, f)
		}
	}
	return names, out
}

// includeError explains an include that names no model.
func includeError(lib fs.FS, r Reference, err error) *Error {
	if !errors.Is(err, models.ErrUnknown) {
		return &Error{Pos: r.Pos, Msg: fmt.Sprintf("cannot include %q: %v", r.Ref, err)}
	}
	var known []string
	if list, lerr := models.List(lib); lerr == nil {
		for _, m := range list {
			known = append(known, m.Name)
		}
	}
	hint := "bundled models: " + strings.Join(known, ", ")
	if near := closest(r.Ref, known); near != "" {
		hint = didYouMean(near)
	}
	return &Error{Pos: r.Pos, Msg: fmt.Sprintf("unknown model %q", r.Ref), Hint: hint}
}

// unwrapPath drops the path an fs.PathError repeats, keeping its reason.
func unwrapPath(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
