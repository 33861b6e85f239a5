package report

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
)

// TestReportRiskSection builds the report of a catalog with availabilities
// and wants a Risk section in both forms, with a hostile customer name
// escaped; a catalog without availabilities has none.
func TestReportRiskSection(t *testing.T) {
	data, err := os.ReadFile("../cmd/blastradius/testdata/availability-policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "id: wiki", `id: "<img>wiki", availability: 0.9`, 1)
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: []byte(text)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	none := func(*graph.Evaluation, string) (Drawing, error) { return Drawing{}, nil }
	d, err := NewDocument(graph.New(c), "risk", none, nil)
	if err != nil {
		t.Fatal(err)
	}
	var h, md bytes.Buffer
	if err := WriteHTML(&h, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"10. Risk", "Method: exact", "<code>blog</code>", "Birnbaum importance per basic event", "Where to add redundancy first"} {
		if !strings.Contains(h.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(h.String(), "<img>wiki") || !strings.Contains(h.String(), "&lt;img&gt;wiki") {
		t.Error("HTML carries the customer's markup unescaped, or not at all")
	}
	for _, want := range []string{"## 10. Risk", "### Risk \\(exact\\)", "| blog |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	for _, n := range c.Nodes() {
		n.Unavailability = 0
	}
	d, err = NewDocument(graph.New(c), "no risk", none, nil)
	if err != nil || d.Risk != nil {
		t.Errorf("catalog without availabilities: Risk %v, err %v", d.Risk, err)
	}
}
