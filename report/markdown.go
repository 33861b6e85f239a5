package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the report as Markdown for wikis, with the same
// sections as the HTML page; diagrams are linked by their file names.
func WriteMarkdown(w io.Writer, d *Document) error {
	v := newView(d)
	var b bytes.Buffer
	e := escapeMarkdown
	fmt.Fprintf(&b, "# %s\n\nBlast-radius report of %s. Every count is of customers unless it says otherwise; weight is the customers' `weight` (default 1), and a share is of the total weight, %s.\n",
		e(v.Title), v.CatalogLine, v.TotalWeight)
	table := func(header []string, rows [][]string) {
		b.WriteString("\n|")
		for _, h := range header {
			b.WriteString(" " + h + " |")
		}
		b.WriteString("\n|" + strings.Repeat(" --- |", len(header)) + "\n")
		for _, r := range rows {
			b.WriteString("|")
			for _, c := range r {
				b.WriteString(" " + e(c) + " |")
			}
			b.WriteString("\n")
		}
	}
	more := func(s string) {
		if s != "" {
			fmt.Fprintf(&b, "\n%s\n", e(s))
		}
	}
	b.WriteString("\n## 1. Summary: the worst single failures\n")
	var rows [][]string
	for _, c := range v.Worst {
		rows = append(rows, []string{c.Ref, c.Share, c.Down, c.Degraded})
	}
	table([]string{"failure", "share of weight down", "customers down", "customers degraded"}, rows)

	b.WriteString("\n## 2. The catalog at a glance\n")
	rows = nil
	for _, c := range v.Counts {
		rows = append(rows, []string{c[0], c[1]})
	}
	table([]string{"what", "count"}, rows)

	b.WriteString("\n## 3. Single failures, ranked\n")
	for _, r := range v.Ranks {
		fmt.Fprintf(&b, "\n### %s\n", e(r.Title))
		rows = nil
		for _, x := range r.Rows {
			rows = append(rows, []string{x.Rank, x.Ref, x.Down, x.Degraded, x.WeightDown, x.Share})
		}
		table([]string{"#", string(r.Level), "customers down", "customers degraded", "weight down", "share of weight"}, rows)
		more(r.More)
	}

	b.WriteString("\n## 4. Concentration\n")
	for _, c := range v.Concentration {
		fmt.Fprintf(&b, "\n### By %s: HHI %s\n", c.By, c.HHI)
		rows = nil
		for _, x := range c.Rows {
			rows = append(rows, []string{x.Ref, x.Down, x.Direct, x.Hidden, x.Amplification, x.Share, x.Degraded, x.Users})
		}
		table([]string{c.By, "critical (down)", "direct", "hidden", "amplification", "critical share of weight", "degraded only", "users"}, rows)
		more(c.More)
		more(c.Spread)
	}

	b.WriteString("\n## 5. Hidden concentration\n\nA customer a failure takes down is direct when its own dependencies are down even with every other provider's nodes, and every other customer, up; otherwise it is hidden: down only through a vendor or another customer. A carrier is a vendor or customer that a hidden customer depends on directly and that the failure takes down (a customer can be carried by several). Amplification is all the customers taken down over the direct ones.\n")
	if len(v.Hidden) == 0 {
		b.WriteString("\nNo hidden dependence: every provider and region takes down only customers that depend on it themselves.\n")
	} else {
		rows = nil
		for _, x := range v.Hidden {
			rows = append(rows, []string{x.Ref, x.Level, x.Down, x.Direct, x.Hidden, x.Amplification, x.Carriers})
		}
		table([]string{"failure", "of", "critical (down)", "direct", "hidden", "amplification", "carried by (hidden customers)"}, rows)
		more(v.HiddenMore)
	}

	b.WriteString("\n## 6. Single points of failure\n")
	rows = nil
	for _, s := range v.SPOFs {
		rows = append(rows, []string{s.Customer, s.Count, s.List})
	}
	table([]string{"customer", "count", "single points of failure"}, rows)
	more(v.SPOFsMore)

	b.WriteString("\n## 7. Scenarios\n")
	for _, s := range v.Scenarios {
		fmt.Fprintf(&b, "\n### %s\n\n%s\n\n![The blast radius of %s](%s)\n", e(s.Title), e(s.Summary), e(s.ID), s.File)
		rows = nil
		for _, x := range s.Rows {
			var src []string
			for _, s := range x.Evidence {
				src = append(src, s.Text)
			}
			rows = append(rows, []string{x.Ref, x.Kind, x.State, x.Path, strings.Join(src, "; ")})
		}
		table([]string{"affected node", "kind", "state", "cause path", "evidence"}, rows)
		more(s.More)
	}

	b.WriteString("\n## 8. Policies\n")
	for _, p := range v.Policies {
		fmt.Fprintf(&b, "\n### %s: %s\n\n%s (%s tried, %s.)\n", p.Verdict, e(p.ID), e(p.Text), p.Failures, p.Count)
		if len(p.Rows) > 0 {
			rows = nil
			for _, x := range p.Rows {
				rows = append(rows, []string{x.Failure, x.Customer, x.State, x.Path})
			}
			table([]string{"failure", "customer", "state", "cause path"}, rows)
		}
		more(p.More)
	}
	for _, f := range v.Findings {
		fmt.Fprintf(&b, "\n- warning at %s: %s", e(f.Where), e(f.Message))
	}
	b.WriteString("\n")
	more(v.FindingsMore)

	b.WriteString("\n## 9. Backtests\n")
	if len(v.Backtests) == 0 {
		b.WriteString("\nNo scenario of the catalog carries expect.\n")
	}
	for _, bt := range v.Backtests {
		var src []string
		for _, s := range bt.Sources {
			src = append(src, s.Text)
		}
		fmt.Fprintf(&b, "\n### %s: %s\n\n%s", bt.Verdict, e(bt.ID), e(bt.Scores))
		if len(src) > 0 {
			fmt.Fprintf(&b, " Source: %s.", e(strings.Join(src, "; ")))
		}
		b.WriteString("\n")
		if len(bt.Unmet) > 0 {
			rows = nil
			for _, u := range bt.Unmet {
				rows = append(rows, []string{u.Ref, u.Want, u.State, u.Path})
			}
			table([]string{"node", "expected", "is", "cause path"}, rows)
		}
	}
	more(v.BacktestTotals)
	if d.Risk != nil {
		b.WriteString("\n## 10. Risk\n\n")
		if err := WriteRisk(&b, d.Risk, Markdown, maxRiskRows); err != nil {
			return err
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}
