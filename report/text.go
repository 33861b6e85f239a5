package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
)

// TextOptions tunes the text report.
type TextOptions struct {
	// Color marks states with ANSI escapes: down in bold red, degraded in
	// yellow. Leave it off unless the output is a terminal.
	Color bool
}

// ANSI escapes used when TextOptions.Color is set.
const (
	ansiReset    = "\x1b[0m"
	ansiBold     = "\x1b[1m"
	ansiDown     = "\x1b[1;31m"
	ansiDegraded = "\x1b[33m"
)

// writeEvaluationText writes the report of an evaluation for people:
//
//	aws-2021-12-07: 16 of 27 customers down, 11 degraded (59.3% of weight down)
//	  scenario  AWS us-east-1 internal network congestion, 7 Dec 2021
//	  fail      aws/internal-network@us-east-1
//
//	Customers down (16)
//	  roomba  down  ← aws/apigateway@us-east-1 ← aws/internal-network@us-east-1
//	…
//
//	Customers degraded (11)
//	…
//
//	Infrastructure (22)
//	  aws/internal-network@us-east-1  down      (set by the scenario)
//	…
//
// The first line sums the outcome up; a scenario without an id is titled
// by the refs it sets ("impact of aws@us-east-1"). Then come the scenario's
// name and refs, and three sections: the customers down, the customers
// degraded and every other affected node, each sorted by ref. A row gives
// the ref, the state and the cause path after the node itself, joined with
// " ← "; columns are aligned within a section.
func writeEvaluationText(w io.Writer, ev *graph.Evaluation, opt TextOptions) error {
	var b bytes.Buffer
	sc := ev.Scenario()
	sum := ev.Summary()

	fmt.Fprintf(&b, "%s: %s\n", sc.Title(), sum)
	var head [][2]string
	if sc.Name != "" {
		head = append(head, [2]string{"scenario", sc.Name})
	}
	if len(sc.Fail) > 0 {
		head = append(head, [2]string{"fail", strings.Join(sc.Fail, ", ")})
	}
	if len(sc.Degrade) > 0 {
		head = append(head, [2]string{"degrade", strings.Join(sc.Degrade, ", ")})
	}
	width := 0
	for _, h := range head {
		width = max(width, len(h[0]))
	}
	for _, h := range head {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, h[0], h[1])
	}

	var down, degraded, infra []graph.Affected
	for _, a := range ev.Affected() {
		switch {
		case !isCustomer(a.Node):
			infra = append(infra, a)
		case a.State == catalog.Down:
			down = append(down, a)
		default:
			degraded = append(degraded, a)
		}
	}
	var notes citations
	section(&b, "Customers down", down, opt, &notes)
	section(&b, "Customers degraded", degraded, opt, &notes)
	section(&b, "Infrastructure", infra, opt, &notes)
	notes.write(&b, func(s string) string { return s })

	_, err := w.Write(b.Bytes())
	return err
}

// section writes one titled group of affected nodes.
func section(b *bytes.Buffer, heading string, as []graph.Affected, opt TextOptions, notes *citations) {
	b.WriteByte('\n')
	if opt.Color {
		fmt.Fprintf(b, "%s%s (%d)%s\n", ansiBold, heading, len(as), ansiReset)
	} else {
		fmt.Fprintf(b, "%s (%d)\n", heading, len(as))
	}
	if len(as) == 0 {
		b.WriteString("  (none)\n")
		return
	}
	refWidth, stateWidth := 0, 0
	for _, a := range as {
		refWidth = max(refWidth, utf8.RuneCountInString(a.Node.Ref))
		stateWidth = max(stateWidth, len(a.State.String()))
	}
	for _, a := range as {
		state := a.State.String()
		pad := strings.Repeat(" ", stateWidth-len(state))
		refPad := strings.Repeat(" ", refWidth-utf8.RuneCountInString(a.Node.Ref))
		fmt.Fprintf(b, "  %s%s  %s%s  %s\n", a.Node.Ref, refPad, paint(state, a.State, opt), pad, notes.cause(a.Path))
	}
}

// paint colors a state's name when color is on.
func paint(s string, st catalog.State, opt TextOptions) string {
	if !opt.Color {
		return s
	}
	switch st {
	case catalog.Down:
		return ansiDown + s + ansiReset
	case catalog.Degraded:
		return ansiDegraded + s + ansiReset
	}
	return s
}

// causeOf words a cause path after its node for people, without source
// notes (see citations.cause).
func causeOf(p graph.Path) string { return (*citations)(nil).cause(p) }

// citations numbers the sources that cause paths cite, in the order they
// are first cited, for notes under a report. A nil *citations cites
// nothing.
type citations struct {
	index map[string]int
	list  []string
}

// cause words a cause path after its node for people: its middle elided
// when it is long; each hop marked with the numbers of the sources behind
// it, and as inferred or a guess when its evidence is only that; and, when
// any entry on the path states its confidence, the weakest.
func (c *citations) cause(p graph.Path) string {
	head, tail, elided := p.Shown()
	text := phrase.Cause(c.marked(head), c.marked(tail), elided)
	if conf, stated := p.Weakest(); stated {
		text += " · weakest evidence: " + conf.String()
	}
	return text
}

// marked words hops as refs, each with the numbers of its sources and its
// confidence when that is inferred or a guess.
func (c *citations) marked(hops []graph.Hop) []string {
	out := make([]string, len(hops))
	for k, h := range hops {
		out[k] = h.Ref
		if c != nil && len(h.Evidence.Source) > 0 {
			nums := make([]string, len(h.Evidence.Source))
			for n, src := range h.Evidence.Source {
				nums[n] = strconv.Itoa(c.number(src))
			}
			out[k] += " [" + strings.Join(nums, ",") + "]"
		}
		if conf := h.Evidence.Strength(); h.Evidence.Stated() && conf < catalog.Fact {
			out[k] += " (" + conf.String() + ")"
		}
	}
	return out
}

func (c *citations) number(src string) int {
	if n, ok := c.index[src]; ok {
		return n
	}
	if c.index == nil {
		c.index = map[string]int{}
	}
	c.list = append(c.list, src)
	c.index[src] = len(c.list)
	return len(c.list)
}

// write writes the numbered sources under a heading, if any were cited.
func (c *citations) write(b *bytes.Buffer, esc func(string) string) {
	if len(c.list) == 0 {
		return
	}
	b.WriteString("\nSources\n")
	for k, src := range c.list {
		fmt.Fprintf(b, "  [%d] %s\n", k+1, esc(src))
	}
}
