package report

import (
	"fmt"
	"io"

	"github.com/blastradius/blastradius/catalog"
)

// ModelRow is one bundled model in the machine form of a model list.
type ModelRow struct {
	Name        string   `json:"name"`
	Title       string   `json:"title"`
	Version     string   `json:"version"`
	Date        string   `json:"date"`
	Description string   `json:"description"`
	Includes    []string `json:"includes"`
	Regions     int      `json:"regions"`
	Zones       int      `json:"zones"`
	Services    int      `json:"services"`
	Edges       int      `json:"edges"`
	Sourced     int      `json:"sourced"` // edges with a source
	Fact        int      `json:"fact"`
	Inferred    int      `json:"inferred"`
	Guess       int      `json:"guess"`
	Unknown     int      `json:"unknown"` // edges that state no confidence
}

// WriteModels writes the bundled models with their census as a table
// (text or Markdown) or JSON ({"models": [...]}).
func WriteModels(w io.Writer, ms []catalog.Model, f Format) error {
	rows := make([]ModelRow, len(ms))
	for k, m := range ms {
		c := m.ByConfidence
		rows[k] = ModelRow{m.Name, m.Title, m.Version, m.Date, m.Description, nonNil(m.Includes), m.Regions, m.Zones, m.Services,
			m.Edges, m.Sourced, c[catalog.Fact], c[catalog.Inferred], c[catalog.Guess], c[catalog.Unknown]}
	}
	if f == JSON {
		return writeJSON(w, struct {
			Models []ModelRow `json:"models"`
		}{rows})
	}
	t := &table{
		title:  "Bundled models (include: [name]; blastradius models show NAME writes one as YAML)",
		header: []string{"model", "version", "date", "regions", "zones", "services", "edges", "fact", "inferred", "guess", "title"},
		right:  []bool{false, false, false, true, true, true, true, true, true, true, false},
	}
	for _, r := range rows {
		t.add(r.Name, r.Version, r.Date, fmt.Sprint(r.Regions), fmt.Sprint(r.Zones), fmt.Sprint(r.Services), fmt.Sprint(r.Edges),
			fmt.Sprint(r.Fact), fmt.Sprint(r.Inferred), fmt.Sprint(r.Guess), r.Title)
	}
	return t.write(w, f)
}
