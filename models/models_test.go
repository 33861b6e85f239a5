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

// clouds are the bundled cloud models; every other model with catalog
// files of its own is a vendor, and the vendors meta-model includes it.
var clouds = []string{"aws", "azure", "gcp"}

// bundled returns every bundled model with its census, as models.List
// names them: the tests below walk them all, so a new model is covered
// without being named here.
func bundled(t *testing.T) []catalog.Model {
	t.Helper()
	list, err := models.List(models.FS())
	if err != nil {
		t.Fatal(err)
	}
	ms, err := catalog.Models()
	if err != nil {
		t.Fatal(err)
	}
	var names, loaded []string
	for _, m := range list {
		names = append(names, m.Name)
	}
	for _, m := range ms {
		loaded = append(loaded, m.Name)
	}
	if len(names) == 0 || !slices.Equal(names, loaded) {
		t.Fatalf("models.List names %v, catalog.Models loads %v", names, loaded)
	}
	for _, name := range append(slices.Clone(clouds), "vendors") {
		if !slices.Contains(names, name) {
			t.Errorf("no bundled model %s", name)
		}
	}
	return ms
}

// meta reports whether a model has no catalog files of its own: it only
// includes others.
func meta(m catalog.Model) bool { return len(m.Files) == 0 }

// TestEverythingSourced walks every bundled model: every provider, region,
// service and dependency edge its own files declare carries a source (an
// edge may take it from its group) and a confidence. A model without files
// of its own includes others, and declares nothing.
func TestEverythingSourced(t *testing.T) {
	for _, m := range bundled(t) {
		t.Run(m.Name, func(t *testing.T) {
			if m.Version == "" || m.Date == "" || m.Title == "" || m.Description == "" {
				t.Errorf("model.json incomplete: %+v", m.Info)
			}
			if meta(m) {
				if len(m.Includes) == 0 || len(m.Providers) != 0 || m.Edges != 0 {
					t.Errorf("a model without catalog files must include others and declare nothing: %+v", m)
				}
				return
			}
			if m.Edges == 0 || m.Sourced != m.Edges || m.ByConfidence[catalog.Unknown] != 0 {
				t.Errorf("%d edges, %d sourced, %d without confidence", m.Edges, m.Sourced, m.ByConfidence[catalog.Unknown])
			}
			c := load(t, m.Name)
			checked := 0
			for _, p := range own(c, m.Name) {
				claim := func(what string, pr catalog.Provenance) {
					if !sourced(pr) {
						t.Errorf("%s: source %q, confidence %v", what, pr.Source, pr.Confidence)
					}
				}
				claim("provider "+p.ID, p.Provenance)
				for _, r := range p.Regions {
					claim("region "+r.ID, r.Provenance)
				}
				for _, s := range p.Services {
					claim("service "+s.ID, s.Provenance)
					for _, d := range s.DependsOn {
						walkRefs(d, catalog.Provenance{}, func(d *catalog.Dep, pr catalog.Provenance) {
							checked++
							if !sourced(pr) {
								t.Errorf("%s/%s → %s (%s): source %q, confidence %v", p.ID, s.ID, d.Ref, d.Pos, pr.Source, pr.Confidence)
							}
						})
					}
				}
			}
			if checked != m.Edges {
				t.Errorf("walked %d dependency refs, the census counts %d", checked, m.Edges)
			}
		})
	}
}

// sourced reports whether a claim carries a non-empty source and a
// confidence.
func sourced(pr catalog.Provenance) bool {
	return len(pr.Source) > 0 && !slices.ContainsFunc(pr.Source, func(s string) bool { return strings.TrimSpace(s) == "" }) &&
		pr.Confidence != catalog.Unknown
}

// walkRefs calls f with every ref of a dependency entry, through groups,
// and the provenance it carries: its own, or its innermost group's.
func walkRefs(d *catalog.Dep, inherited catalog.Provenance, f func(*catalog.Dep, catalog.Provenance)) {
	if d.Confidence != catalog.Unknown || len(d.Source) > 0 {
		inherited = d.Provenance
	}
	if d.Op != catalog.OpRef {
		for _, m := range d.Members {
			walkRefs(m, inherited, f)
		}
		return
	}
	f(d, inherited)
}

// own returns the providers a model's own files declare.
func own(c *catalog.Catalog, model string) []*catalog.Provider {
	var out []*catalog.Provider
	for _, p := range c.Providers {
		if strings.HasPrefix(p.Pos.File, catalog.BundledPrefix+model+"/") {
			out = append(out, p)
		}
	}
	return out
}

// TestFailuresAnswerWithSources fails, in a catalog that includes one
// bundled model, every region, zone and service instance of the model's
// own providers (of a meta-model: of the providers of the models it
// includes itself) and every node their dependency entries name, and checks
// that every cause path is sourced: each hop rests on an entry with a
// source and a confidence, or on an edge the contract implies. Every
// region, zone and service of those providers must have been failed, and
// three in four of their stated edges must have been crossed by a cause
// path.
func TestFailuresAnswerWithSources(t *testing.T) {
	for _, m := range bundled(t) {
		t.Run(m.Name, func(t *testing.T) {
			c := load(t, m.Name)
			owners := []string{m.Name}
			if meta(m) {
				owners = m.Includes
			}
			want := map[string]bool{} // provider@region, provider@zone and provider/service to fail
			providers := map[string]bool{}
			for _, name := range owners {
				for _, p := range own(c, name) {
					providers[p.ID] = true
					for _, r := range p.Regions {
						want[p.ID+"@"+r.ID] = true
						for _, z := range r.Zones {
							want[p.ID+"@"+z.ID] = true
						}
					}
					for _, s := range p.Services {
						want[p.ID+"/"+s.ID] = true
					}
				}
			}
			if len(providers) == 0 {
				t.Fatal("no providers to fail")
			}
			// The nodes to fail: the models' own, and what they depend on.
			var fail []string
			edges := map[[2]string]bool{} // the stated edges of the own nodes
			seen := map[string]bool{}
			add := func(ref string) {
				if !seen[ref] {
					seen[ref] = true
					fail = append(fail, ref)
				}
			}
			failed := map[string]bool{}
			for _, n := range c.Nodes() {
				if n.Kind == catalog.KindCustomer || n.Kind == catalog.KindProvider || !providers[n.Provider] {
					continue
				}
				switch {
				case n.Service != "":
					failed[n.Provider+"/"+n.Service] = true
				case n.Zone != "":
					failed[n.Provider+"@"+n.Zone] = true
				default:
					failed[n.Provider+"@"+n.Region] = true
				}
				add(n.Ref)
				for _, d := range n.Deps {
					walkRefs(d, catalog.Provenance{}, func(d *catalog.Dep, _ catalog.Provenance) {
						if !d.Implied {
							edges[[2]string{n.Ref, d.Target}] = true
						}
						add(d.Target)
					})
				}
			}
			for w := range want {
				if !failed[w] {
					t.Errorf("%s was never failed", w)
				}
			}
			g := graph.New(c)
			crossed := map[[2]string]bool{}
			for _, ref := range fail {
				ev, err := g.Evaluate(graph.Scenario{Fail: []string{ref}})
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range ev.Affected() {
					refs := a.Path.Refs()
					for k := 0; k+1 < len(refs); k++ {
						from := c.Node(refs[k])
						if from.Kind == catalog.KindCustomer {
							continue // a catalog's own claim
						}
						hop := [2]string{refs[k], refs[k+1]}
						if edges[hop] {
							crossed[hop] = true
						}
						e := from.Evidence(refs[k+1])
						if !e.Implied && (len(e.Source) == 0 || e.Confidence == catalog.Unknown) {
							t.Fatalf("fail %s: %s → %s has source %q, confidence %v", ref, refs[k], refs[k+1], e.Source, e.Confidence)
						}
					}
				}
			}
			t.Logf("%d failures; %d of %d stated edges crossed", len(fail), len(crossed), len(edges))
			// A path is the shortest chain, so an edge beside a shorter one
			// may go uncrossed; most must not.
			if len(edges) > 0 && 4*len(crossed) < 3*len(edges) {
				t.Errorf("cause paths crossed only %d of the %d stated edges", len(crossed), len(edges))
			}
		})
	}
}

func load(t *testing.T, model string) *catalog.Catalog {
	t.Helper()
	text := "version: 1\ninclude: [" + model + "]\n"
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(text)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestREADMECoverage checks each model's README coverage table against the
// model: a row per service of its own providers and none for a service it
// lacks, with the number of sourced edges the model holds (and their split
// by confidence, where the column has one). A model without files of its
// own lists, instead, every model it includes and no other.
func TestREADMECoverage(t *testing.T) {
	for _, m := range bundled(t) {
		t.Run(m.Name, func(t *testing.T) {
			readme, err := fs.ReadFile(models.FS(), m.Name+"/README.md")
			if err != nil {
				t.Fatal(err)
			}
			if meta(m) {
				rows := table(string(readme), "model")
				if len(rows) == 0 {
					t.Fatal("no table with a 'model' column")
				}
				var listed []string
				for id := range rows {
					if id != "" {
						listed = append(listed, id)
					}
				}
				slices.Sort(listed)
				if want := slices.Sorted(slices.Values(m.Includes)); !slices.Equal(listed, want) {
					t.Errorf("the README lists %v, the model includes %v", listed, want)
				}
				return
			}
			rows := table(string(readme), "service id")
			if len(rows) == 0 {
				t.Fatal("no coverage table with a 'service id' column")
			}
			col, split := -1, 0
			for k, h := range rows[""] {
				if strings.HasPrefix(h, "sourced edges") {
					col, split = k, strings.Count(h, "/")+1
				}
			}
			if col < 0 {
				t.Fatal("no 'sourced edges' column in the coverage table")
			}
			levels := []catalog.Confidence{catalog.Fact, catalog.Inferred, catalog.Guess}[:min(split, 3)]
			c := load(t, m.Name)
			seen := map[string]bool{"": true}
			for _, p := range own(c, m.Name) {
				for _, s := range p.Services {
					seen[s.ID] = true
					row, ok := rows[s.ID]
					if !ok {
						t.Errorf("no row for service %s", s.ID)
						continue
					}
					total, by := 0, map[catalog.Confidence]int{}
					for _, d := range s.DependsOn {
						walkRefs(d, catalog.Provenance{}, func(_ *catalog.Dep, pr catalog.Provenance) {
							if len(pr.Source) > 0 {
								total++
								by[pr.Confidence]++
							}
						})
					}
					want := strconv.Itoa(total)
					if split > 1 {
						var parts []string
						for _, l := range levels {
							parts = append(parts, strconv.Itoa(by[l]))
						}
						want += " (" + strings.Join(parts, " / ") + ")"
					}
					if got := cell(row, col); got != want {
						t.Errorf("%s: the table says %q sourced edges, the model holds %q", s.ID, got, want)
					}
				}
			}
			for id := range rows {
				if !seen[id] {
					t.Errorf("a row for %s, which is no service of the model", id)
				}
			}
		})
	}
}

// table returns the rows of the first Markdown table of text whose header
// has a column named header: each row by the id in that column (the text
// between backticks), and the header row itself under "".
func table(text, header string) map[string][]string {
	rows := map[string][]string{}
	col := -1
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "|") {
			if col >= 0 {
				break // the table ended
			}
			continue
		}
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		if col < 0 {
			if k := slices.Index(cells, header); k >= 0 {
				col = k
				rows[""] = cells
			}
			continue
		}
		if id, ok := strings.CutPrefix(cell(cells, col), "`"); ok {
			rows[strings.TrimSuffix(id, "`")] = cells
		}
	}
	return rows
}

func cell(cells []string, k int) string {
	if k < len(cells) {
		return cells[k]
	}
	return ""
}

// TestVendorsModel includes the vendors meta-model: it loads every vendor
// model (and the clouds they include) with no error, and includes exactly
// the bundled models that are not clouds, so a new vendor model must join it.
func TestVendorsModel(t *testing.T) {
	ms := bundled(t)
	var vendors []string
	for _, m := range ms {
		if !meta(m) && !slices.Contains(clouds, m.Name) {
			vendors = append(vendors, m.Name)
		}
	}
	info, err := models.Read(models.FS(), "vendors")
	if err != nil {
		t.Fatal(err)
	}
	if got := slices.Sorted(slices.Values(info.Includes)); !slices.Equal(got, vendors) {
		t.Errorf("vendors includes %v, want every vendor model %v", got, vendors)
	}
	for _, cloud := range clouds {
		if slices.Contains(info.Includes, cloud) {
			t.Errorf("vendors includes the cloud %s itself; the vendors' own includes bring it", cloud)
		}
	}
	files, err := models.Files(models.FS(), "vendors")
	if err != nil || len(files) != 0 {
		t.Errorf("vendors has catalog files %v (%v)", files, err)
	}

	c := load(t, "vendors")
	for _, want := range append(append([]string{"vendors"}, vendors...), clouds...) {
		if !slices.Contains(c.Models, want) {
			t.Errorf("include: [vendors] did not load %s (loaded %v)", want, c.Models)
		}
	}
	if len(c.Models) != len(ms) {
		t.Errorf("include: [vendors] loaded %d models, %d are bundled", len(c.Models), len(ms))
	}
	for _, name := range vendors {
		if len(own(c, name)) == 0 {
			t.Errorf("no provider of %s", name)
		}
	}
	// A user's catalog beside it: its refs resolve, and a cloud failure
	// reaches vendors of several kinds.
	text := "version: 1\ninclude: [vendors]\ncustomers:\n  - {id: shop, depends_on: [stripe/api, okta/sso@ok1, {ref: pagerduty/notifications@us, impact: degraded}]}\n"
	c, err = catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(text)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := graph.New(c).Evaluate(graph.Scenario{Fail: []string{"aws@us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	down := map[string]bool{}
	for _, a := range ev.Affected() {
		down[a.Node.Provider] = true
	}
	for _, p := range []string{"atlassian", "slack", "twilio", "okta"} {
		if !down[p] {
			t.Errorf("aws@us-east-1 failing affects nothing of %s", p)
		}
	}
	if ev.State("shop") == catalog.Up {
		t.Error("shop stays up when aws@us-east-1 fails")
	}
}
