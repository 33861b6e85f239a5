// Package models holds the bundled provider and vendor models: sourced
// catalogs of clouds and SaaS vendors that a catalog pulls in with
// include: [name], embedded in the binary.
//
// Each model is a directory named after it, holding model.json (its name,
// title, version, date, description and the models it includes itself),
// the catalog files (*.yaml) and a README.md with its coverage and sources.
// The package holds data only; package catalog reads it.
package models

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

//go:embed */model.json */*.yaml */README.md
var files embed.FS

// FS returns the bundled models: one directory per model.
func FS() fs.FS { return files }

// Info describes a model, as its model.json says.
type Info struct {
	Name        string   `json:"name"`
	Title       string   `json:"title"`
	Version     string   `json:"version"`
	Date        string   `json:"date"`
	Description string   `json:"description"`
	Includes    []string `json:"includes"` // the models it needs, included with it
}

// ErrUnknown is wrapped by Read's error for a name that is no model.
var ErrUnknown = errors.New("unknown model")

// List returns the models of a library such as FS, sorted by name.
func List(lib fs.FS) ([]Info, error) {
	dirs, err := fs.Glob(lib, "*/model.json")
	if err != nil {
		return nil, err
	}
	var out []Info
	for _, d := range dirs {
		info, err := Read(lib, path.Dir(d))
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	slices.SortFunc(out, func(a, b Info) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Read returns the description of the model called name in a library.
func Read(lib fs.FS, name string) (Info, error) {
	var info Info
	if !fs.ValidPath(name) || path.Dir(name) != "." {
		return info, fmt.Errorf("%w %q", ErrUnknown, name)
	}
	data, err := fs.ReadFile(lib, name+"/model.json")
	if errors.Is(err, fs.ErrNotExist) {
		return info, fmt.Errorf("%w %q", ErrUnknown, name)
	}
	if err != nil {
		return info, err
	}
	if err := json.Unmarshal(data, &info); err != nil {
		return info, fmt.Errorf("model %s: model.json: %w", name, err)
	}
	if info.Name != name {
		return info, fmt.Errorf("model %s: model.json names it %q", name, info.Name)
	}
	return info, nil
}

// Files returns the catalog files of a model, sorted: paths within lib.
func Files(lib fs.FS, name string) ([]string, error) {
	return fs.Glob(lib, name+"/*.yaml")
}
