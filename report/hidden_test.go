package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/report"
)

// TestHiddenConcentrationSection checks that the HTML and Markdown reports
// name the hidden dependence on a region and what carries it: the wiki
// goes down with cloud@east through its identity vendor and its mail
// vendor (which signs in through the identity vendor), the app through
// the shop it depends on.
func TestHiddenConcentrationSection(t *testing.T) {
	noDiagram := func(*graph.Evaluation, string) (report.Drawing, error) { return report.Drawing{}, nil }
	tests := []struct {
		name  string
		write func(*bytes.Buffer, *report.Document) error
		want  []string
	}{
		{"html", func(b *bytes.Buffer, d *report.Document) error { return report.WriteHTML(b, d) }, []string{
			`<h2>5. Hidden concentration</h2>`,
			`<tr><td><code>cloud@east</code></td><td>region</td><td class="n">3</td><td class="n">1</td><td class="n">2</td><td class="n">3.00×</td><td class="mono">vendors idp (1), mail (1); customers shop (1)</td></tr>`,
		}},
		{"markdown", func(b *bytes.Buffer, d *report.Document) error { return report.WriteMarkdown(b, d) }, []string{
			"## 5. Hidden concentration",
			`| cloud\@east | region | 3 | 1 | 2 | 3.00× | vendors idp \(1\), mail \(1\); customers shop \(1\) |`,
		}},
	}
	d, err := report.NewDocument(loadGraph(t, "vendors"), "t", noDiagram, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b, d); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("lacks %q", w)
				}
			}
			if strings.Contains(b.String(), "No hidden dependence") {
				t.Error("says there is no hidden dependence")
			}
		})
	}
}
