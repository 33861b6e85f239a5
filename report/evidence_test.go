package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/report"
)

// TestEvidence checks that every output shows the provenance behind cause
// paths: text marks inferred and guessed hops and ends with the weakest
// confidence, JSON gives each hop's source and confidence, the HTML page
// links web sources (only those) and Markdown lists them.
func TestEvidence(t *testing.T) {
	c, err := catalog.Load("testdata/evidence.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(c)
	ev, err := g.Evaluate(graph.Scenario{Fail: []string{"cloud/net@east"}})
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := report.WriteEvaluation(&text, ev, report.Text, report.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"shop  down  ← cloud/db@east [3] (inferred) ← cloud/net@east [4] · weakest evidence: inferred",
		"blog  down  ← cloud/queue@east [1,2] (guess) ← cloud/net@east (guess) · weakest evidence: guess",
		"Sources\n  [1] javascript:alert(1)\n  [2] <b>bold</b>\n  [3] design review\n  [4] https://example.com/db\n",
		"cloud/db@east     down      ← cloud/net@east [4] · weakest evidence: fact",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	var js bytes.Buffer
	if err := report.WriteEvaluation(&js, ev, report.JSON, report.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	var out report.Evaluation
	if err := json.Unmarshal(js.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	for _, a := range out.Affected {
		switch a.Ref {
		case "blog":
			if a.Weakest != "guess" || len(a.Evidence) != 2 || a.Evidence[0].Confidence != "guess" || a.Evidence[0].Source[0] != "javascript:alert(1)" {
				t.Errorf("shop: weakest %q, evidence %+v", a.Weakest, a.Evidence)
			}
		case "cloud/net@east":
			if a.Evidence != nil || a.Weakest != "" {
				t.Errorf("the failure itself has evidence %+v", a.Evidence)
			}
		}
	}
	doc, err := report.NewDocument(g, "evidence", func(*graph.Evaluation, string) (report.Drawing, error) {
		return report.Drawing{SVG: []byte("<svg></svg>"), Element: []byte("<svg></svg>")}, nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var html, md bytes.Buffer
	if err := report.WriteHTML(&html, doc); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteMarkdown(&md, doc); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<a href="https://example.com/db" rel="noreferrer">https://example.com/db</a>`, "javascript:alert(1)", "&lt;b&gt;bold&lt;/b&gt;", "design review"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(html.String(), `href="javascript`) || strings.Contains(html.String(), "<b>bold") {
		t.Error("HTML links or renders an unsafe source")
	}
	if !strings.Contains(md.String(), "design review") || strings.Contains(md.String(), "<b>") {
		t.Errorf("Markdown evidence missing or unescaped:\n%s", md.String())
	}
}
