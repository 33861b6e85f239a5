package report_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/golden"
	"github.com/blastradius/blastradius/report"
)

// TestWriteSPOFsLongLists writes the SPOFs of a chain of 30 customers,
// each with every customer before it as a single point of failure: text
// and Markdown list the first 20 and count the rest; the streamed JSON
// lists them all and equals the whole value encoded at once.
func TestWriteSPOFsLongLists(t *testing.T) {
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: catalogtest.Chain(30)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(c)
	spofs, err := g.SPOFs([]string{"c0", "c16", "c29"}, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for f, ext := range map[report.Format]string{report.Text: "txt", report.Markdown: "md"} {
		var b bytes.Buffer
		if err := report.WriteSPOFs(&b, spofs, f); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, goldenPath("spofs-chain."+ext), b.Bytes())
	}

	whole := report.SPOFs{Customers: []report.SPOFCustomer{}}
	for _, s := range spofs {
		whole.Customers = append(whole.Customers, report.SPOFCustomer{Ref: s.Customer, SPOFs: slices.Collect(s.Singles.All()), Pairs: [][2]string{}})
	}
	if n := len(whole.Customers[2].SPOFs); n != 33 {
		t.Fatalf("c29 has %d single points of failure, want 33", n)
	}
	for _, in := range [][]graph.SPOF{spofs, nil} {
		var got, want bytes.Buffer
		if err := report.WriteSPOFs(&got, in, report.JSON); err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if in == nil {
			whole.Customers = whole.Customers[:0]
		}
		if err := enc.Encode(whole); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("streamed JSON differs from the whole value:\n%s\nwant:\n%s", got.String(), want.String())
		}
		if bytes.Contains(got.Bytes(), []byte("null")) {
			t.Error("output holds a null")
		}
	}
}

// TestHTMLSPOFsLongLists checks that the report lists the first 20 single
// points of failure of a customer and counts the rest.
func TestHTMLSPOFsLongLists(t *testing.T) {
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: catalogtest.Chain(30)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(c)
	d, err := report.NewDocument(g, "chain", func(*graph.Evaluation, string) (report.Drawing, error) {
		return report.Drawing{SVG: []byte("<svg></svg>"), Element: []byte("<svg></svg>")}, nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.SPOFs[0].Customer != "c29" || d.SPOFs[0].Singles.Len() != 33 {
		t.Fatalf("first customer %s with %d, want c29 with 33", d.SPOFs[0].Customer, d.SPOFs[0].Singles.Len())
	}
	var html, md bytes.Buffer
	if err := report.WriteHTML(&html, d); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	list := "c0, c1, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c2, c20, c21, c22, c23, c24, c25, c26 and 13 more"
	for name, out := range map[string]string{"HTML": html.String(), "Markdown": md.String()} {
		if !strings.Contains(out, list) {
			t.Errorf("%s: the list of c29 is not %q", name, list)
		}
		if strings.Contains(out, "c27, c28") {
			t.Errorf("%s lists more than 20 single points of failure", name)
		}
	}
}
