package report_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/golden"
	"github.com/blastradius/blastradius/report"
)

func TestWriteBacktests(t *testing.T) {
	c, err := catalog.Load("testdata/backtest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(c)
	bs, err := g.Backtests(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		f    report.Format
		t    report.Thresholds
	}{
		{"backtest.txt", report.Text, report.Thresholds{}},
		{"backtest-thresholds.txt", report.Text, report.Thresholds{Precision: 0.9, Recall: 0.9}},
		{"backtest.json", report.JSON, report.Thresholds{Precision: 0.9, Recall: 0.9}},
		{"backtest.md", report.Markdown, report.Thresholds{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := report.WriteBacktests(&b, bs, tt.t, tt.f); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", tt.name), b.Bytes())
		})
	}
	m := report.NewBacktests(bs, report.Thresholds{Recall: 0.9})
	if m.Holds || m.Scenarios[0].Holds || !m.Scenarios[1].Holds || m.Recall != 0.8 || m.Precision != 1 {
		t.Errorf("%+v", m)
	}
}
