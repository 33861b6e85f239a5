package examples_test

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/blastradius/blastradius/internal/golden"
	"github.com/blastradius/blastradius/report"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/render"
)

func evaluate(t *testing.T) (*graph.Graph, *graph.Evaluation) {
	t.Helper()
	c, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(c)
	s, err := c.LookupScenario("aws-2021-12-07")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := g.Evaluate(graph.ScenarioOf(s))
	if err != nil {
		t.Fatal(err)
	}
	return g, ev
}

// TestReplays runs every scenario of the example that carries expect —
// the 7 December 2021 outage and the other AWS incidents replayed against
// the bundled AWS model — and checks that every expectation holds and each
// replay reaches a precision and recall of at least 0.8.
func TestReplays(t *testing.T) {
	c, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}
	bs, err := graph.New(c).Backtests(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) < 4 {
		t.Fatalf("%d replays, want the 2021 outage and at least three others", len(bs))
	}
	for _, b := range bs {
		for _, u := range b.Unmet {
			t.Errorf("%s: %s is %v, expected %s (%v)", b.Scenario.ID, u.Ref, u.Got, u.Want, u.Path.Refs())
		}
		if b.Precision < 0.8 || b.Recall < 0.8 {
			t.Errorf("%s: precision %.2f, recall %.2f, want at least 0.8 each", b.Scenario.ID, b.Precision, b.Recall)
		}
		if len(b.Scenario.Source) == 0 {
			t.Errorf("%s has no source", b.Scenario.ID)
		}
	}
}

// TestOutageCustomers checks the customers the facts single out.
func TestOutageCustomers(t *testing.T) {
	_, ev := evaluate(t)
	tests := []struct {
		ref  string
		want catalog.State
		why  string
	}{
		{"netflix", catalog.Degraded, "multi-region: lost part of its traffic, stayed up"},
		{"roomba", catalog.Down, "single-region, behind API Gateway in us-east-1"},
		{"prime-video", catalog.Degraded, "quorum of three regional stacks still met"},
		{"ticketmaster", catalog.Down, "presale moved a day"},
	}
	for _, tt := range tests {
		if got := ev.State(tt.ref); got != tt.want {
			t.Errorf("%s is %v, want %v (%s)", tt.ref, got, tt.want, tt.why)
		}
	}
	if s := ev.Summary(); s.Customers < 25 || s.Down+s.Degraded != s.Customers {
		t.Errorf("summary %+v: want at least 25 customers, every one affected", s)
	}
}

// TestCommittedDiagram fails when the committed SVG of the scenario, shown
// in the README, no longer matches what blastradius draws.
func TestCommittedDiagram(t *testing.T) {
	g, ev := evaluate(t)
	sc, err := render.BlastRadius(g, ev, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var svg bytes.Buffer
	if err := render.Write(&svg, sc, render.SVG); err != nil {
		t.Fatal(err)
	}
	// The diagram the README shows; regenerate it with go test ./examples
	// -update, or blastradius impact --example --scenario aws-2021-12-07 -o
	// examples/aws-2021-12-07/impact.svg.
	golden.Check(t, "aws-2021-12-07/impact.svg", svg.Bytes())
}

// TestVendorConcentration checks what the vendor-concentration example
// exists to show: a region the company barely uses takes most of its
// systems down through vendors chosen independently of each other, and
// the concentration analysis names those vendors.
func TestVendorConcentration(t *testing.T) {
	c, err := catalog.Load("vendor-concentration")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(c.Customers); n < 20 || n > 40 {
		t.Errorf("%d systems, want 20 to 40", n)
	}
	g := graph.New(c)
	conc, err := g.Concentration(catalog.LevelRegion, nil)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{} // vendors some system depends on
	for _, e := range conc.Entries {
		if n := c.Node(e.Ref); e.Users > 0 && !slices.Contains([]string{"aws", "gcp", "azure"}, n.Provider) {
			used[n.Provider] = true
		}
	}
	if len(used) < 10 {
		t.Errorf("systems use %d vendors (%v), want at least 10", len(used), slices.Sorted(maps.Keys(used)))
	}
	worst := conc.Entries[0]
	if worst.Ref != "aws@us-east-1" || worst.Direct != 1 || worst.Hidden < 8 {
		t.Fatalf("worst region %s: %d direct, %d hidden; want aws@us-east-1, 1 direct (the data warehouse), most hidden",
			worst.Ref, worst.Direct, worst.Hidden)
	}
	var vendors []string
	for _, cr := range worst.Carriers {
		if !cr.Customer {
			vendors = append(vendors, cr.Via)
		}
	}
	for _, v := range []string{"datadog", "okta", "slack", "twilio"} {
		if !slices.Contains(vendors, v) {
			t.Errorf("aws@us-east-1 is carried by vendors %v, want %s among them", vendors, v)
		}
	}
	var page bytes.Buffer
	noDiagram := func(*graph.Evaluation, string) (report.Drawing, error) { return report.Drawing{}, nil }
	doc, err := report.NewDocument(g, "Fernhill", noDiagram, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.WriteHTML(&page, doc); err != nil {
		t.Fatal(err)
	}
	if want := "<td><code>aws@us-east-1</code></td><td>region</td>"; !strings.Contains(page.String(), want) ||
		!strings.Contains(page.String(), "vendors twilio (2), datadog (1), okta (1), slack (1)") {
		t.Error("the HTML report's hidden concentration does not name us-east-1 and the vendors that carry it")
	}
	sc, err := g.SupplyChain("web-app")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sc.Suppliers {
		if s.Provider == "aws" && (s.Rank != 2 || !slices.Contains(s.Regions, graph.RegionEffect{Ref: "aws@us-east-1", Effect: catalog.Down})) {
			t.Errorf("web-app's supply chain has aws at rank %d with regions %v; want rank 2, us-east-1 taking it down", s.Rank, s.Regions)
		}
	}
}

// TestAvailabilities checks that every availability of the example says
// where it comes from: an SLA (a commitment, so inferred at best, citing
// the page) or an assumption marked guess; and that risk is exact on it.
func TestAvailabilities(t *testing.T) {
	c, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}
	given := map[string]*catalog.Availability{"defaults.zone": c.Defaults.Zone, "defaults.region": c.Defaults.Region,
		"defaults.provider": c.Defaults.Provider, "defaults.service": c.Defaults.Service}
	for i := range c.Availability {
		given[c.Availability[i].Ref] = &c.Availability[i].Availability
	}
	for ref, a := range given {
		switch {
		case a == nil:
		case a.Confidence == catalog.Guess:
		case a.Confidence == catalog.Inferred && len(a.Source) == 1 && strings.HasPrefix(a.Source[0], "http"):
		default:
			t.Errorf("%s (%s): confidence %v, sources %q; want an SLA page as inferred, or guess", ref, a.Pos, a.Confidence, a.Source)
		}
	}
	r, err := graph.New(c).Risk(graph.RiskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != graph.MethodExact {
		t.Errorf("method %s, want exact", r.Method)
	}
	for _, cr := range r.Customers {
		if cr.Unavailability <= 0 || len(cr.CutSets) == 0 {
			t.Errorf("%s: unavailability %g with %d cut sets; every customer of the example can fail", cr.Ref, cr.Unavailability, len(cr.CutSets))
		}
	}
}
