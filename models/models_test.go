package models_test

import (
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/models"
)

// TestEverythingSourced walks every bundled model: every provider, region,
// service and dependency edge carries a source (an edge may take it from
// its group) and a confidence.
func TestEverythingSourced(t *testing.T) {
	ms, err := catalog.Models()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"aws", "azure", "gcp"} {
		if !slices.ContainsFunc(ms, func(m catalog.Model) bool { return m.Name == name }) {
			t.Errorf("no bundled model %s", name)
		}
	}
	for _, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			if m.Version == "" || m.Date == "" || m.Title == "" || len(m.Files) == 0 {
				t.Errorf("model.json incomplete: %+v", m.Info)
			}
			if m.Edges == 0 || m.Sourced != m.Edges || m.ByConfidence[catalog.Unknown] != 0 {
				t.Errorf("%d edges, %d sourced, %d without confidence", m.Edges, m.Sourced, m.ByConfidence[catalog.Unknown])
			}
			c := load(t, m.Name, "")
			for _, p := range c.Providers {
				if !strings.HasPrefix(p.Pos.File, catalog.BundledPrefix+m.Name+"/") {
					continue
				}
				claims := []struct {
					what string
					pr   catalog.Provenance
				}{{"provider " + p.ID, p.Provenance}}
				for _, r := range p.Regions {
					claims = append(claims, struct {
						what string
						pr   catalog.Provenance
					}{"region " + r.ID, r.Provenance})
				}
				for _, s := range p.Services {
					claims = append(claims, struct {
						what string
						pr   catalog.Provenance
					}{"service " + s.ID, s.Provenance})
				}
				for _, cl := range claims {
					if len(cl.pr.Source) == 0 || slices.Contains(cl.pr.Source, "") || cl.pr.Confidence == catalog.Unknown {
						t.Errorf("%s: source %q, confidence %v", cl.what, cl.pr.Source, cl.pr.Confidence)
					}
				}
			}
		})
	}
}

// TestFailuresAnswerWithSources fails every region, zone and service
// instance of each model, in a catalog of one customer that includes it,
// and checks that every cause path is sourced: each hop inside the model
// rests on an entry with a source, or on an edge the contract implies.
func TestFailuresAnswerWithSources(t *testing.T) {
	for _, tt := range []struct{ model, dep string }{
		{"aws", "aws/lambda@us-east-1"},
		{"gcp", "gcp/cloud-run@us-central1"},
		{"azure", "azure/app-service@eastus"},
	} {
		t.Run(tt.model, func(t *testing.T) {
			c := load(t, tt.model, tt.dep)
			g := graph.New(c)
			failures := 0
			for _, n := range c.Nodes() {
				if n.Kind == catalog.KindCustomer || n.Kind == catalog.KindProvider {
					continue
				}
				failures++
				ev, err := g.Evaluate(graph.Scenario{Fail: []string{n.Ref}})
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range ev.Affected() {
					refs := a.Path.Refs()
					for k := 0; k+1 < len(refs); k++ {
						from := c.Node(refs[k])
						if from.Kind == catalog.KindCustomer {
							continue // the catalog's own claim
						}
						if e := from.Evidence(refs[k+1]); !e.Implied && len(e.Source) == 0 {
							t.Fatalf("fail %s: %s → %s has no source", n.Ref, refs[k], refs[k+1])
						}
					}
				}
			}
			if failures < 100 {
				t.Errorf("only %d failures tried", failures)
			}
		})
	}
}

func load(t *testing.T, model, dep string) *catalog.Catalog {
	t.Helper()
	text := "version: 1\ninclude: [" + model + "]\n"
	if dep != "" {
		text += "customers:\n  - {id: app, depends_on: [" + dep + "]}\n"
	}
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(text)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestREADMECoverage checks each model's README coverage table against the
// model: a row per service, with the number of sourced edges the model
// holds.
func TestREADMECoverage(t *testing.T) {
	for _, name := range []string{"aws", "azure", "gcp"} {
		t.Run(name, func(t *testing.T) {
			readme, err := fs.ReadFile(models.FS(), name+"/README.md")
			if err != nil {
				t.Fatal(err)
			}
			rows, col := map[string][]string{}, -1
			for _, line := range strings.Split(string(readme), "\n") {
				if !strings.HasPrefix(line, "|") {
					continue
				}
				cells := strings.Split(strings.Trim(line, "|"), "|")
				for k := range cells {
					cells[k] = strings.TrimSpace(cells[k])
				}
				if cells[0] == "service id" {
					col = slices.IndexFunc(cells, func(c string) bool { return strings.HasPrefix(c, "sourced edges") })
					continue
				}
				if id, ok := strings.CutPrefix(cells[0], "`"); ok && col >= 0 && col < len(cells) {
					rows[strings.TrimSuffix(id, "`")] = cells
				}
			}
			if col < 0 {
				t.Fatal("no coverage table with a 'sourced edges' column")
			}
			c := load(t, name, "")
			for _, p := range c.Providers {
				if p.ID != name {
					continue
				}
				for _, s := range p.Services {
					row, ok := rows[s.ID]
					if !ok {
						t.Errorf("no row for service %s", s.ID)
						continue
					}
					want := 0
					for _, d := range s.DependsOn {
						want += sourcedEdges(d, false)
					}
					if got, _, _ := strings.Cut(row[col], " "); got != strconv.Itoa(want) {
						t.Errorf("%s: the table says %s sourced edges, the model holds %d", s.ID, row[col], want)
					}
				}
			}
		})
	}
}

// sourcedEdges counts the refs of an entry that carry a source, their own
// or their group's.
func sourcedEdges(d *catalog.Dep, inherited bool) int {
	inherited = inherited || len(d.Source) > 0
	if d.Op != catalog.OpRef {
		n := 0
		for _, m := range d.Members {
			n += sourcedEdges(m, inherited)
		}
		return n
	}
	if inherited {
		return 1
	}
	return 0
}
