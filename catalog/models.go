package catalog

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/blastradius/blastradius/models"
)

// Model is a bundled model with a census of what its own files declare
// (the models it includes are counted on their own).
type Model struct {
	models.Info
	Files     []string // its catalog files, as positions name them
	Providers []string
	Regions   int
	Zones     int
	Services  int
	// Edges counts the dependencies its services declare (each ref of
	// their depends_on, through groups), Sourced those with a source, and
	// ByConfidence those of each confidence (an entry inherits its
	// group's provenance).
	Edges        int
	Sourced      int
	ByConfidence map[Confidence]int
}

// Models loads every bundled model, each with the models it includes, and
// counts what each declares itself. A model that does not load is a bug of
// the product: it yields the load's error.
func Models() ([]Model, error) { return modelsIn(models.FS()) }

func modelsIn(lib fs.FS) ([]Model, error) {
	list, err := models.List(lib)
	if err != nil {
		return nil, err
	}
	var out []Model
	for _, info := range list {
		text := []byte("version: 1\ninclude: [" + info.Name + "]\n")
		c, err := parse([]string{"include.yaml"}, func(int) ([]byte, error) { return text, nil }, lib)
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", info.Name, err)
		}
		out = append(out, census(c, info))
	}
	return out, nil
}

// census counts what the files of one model declare.
func census(c *Catalog, info models.Info) Model {
	m := Model{Info: info, ByConfidence: map[Confidence]int{}}
	prefix := BundledPrefix + info.Name + "/"
	for _, f := range c.Files {
		if strings.HasPrefix(f, prefix) {
			m.Files = append(m.Files, f)
		}
	}
	for _, p := range c.Providers {
		if !strings.HasPrefix(p.Pos.File, prefix) {
			continue
		}
		m.Providers = append(m.Providers, p.ID)
		m.Regions += len(p.Regions)
		for _, r := range p.Regions {
			m.Zones += len(r.Zones)
		}
		m.Services += len(p.Services)
		for _, s := range p.Services {
			for _, d := range s.DependsOn {
				m.countEdges(d, Provenance{})
			}
		}
	}
	return m
}

func (m *Model) countEdges(d *Dep, inherited Provenance) {
	if d.Confidence != Unknown || len(d.Source) > 0 {
		inherited = d.Provenance
	}
	if d.Op != OpRef {
		for _, x := range d.Members {
			m.countEdges(x, inherited)
		}
		return
	}
	m.Edges++
	if len(inherited.Source) > 0 {
		m.Sourced++
	}
	m.ByConfidence[inherited.Confidence]++
}
