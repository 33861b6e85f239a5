package render

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"
)

// WriteDOT writes the scene as Graphviz DOT text. Catalog strings only
// ever appear inside quoted or HTML-escaped labels, so a catalog cannot
// add attributes, nodes or markup to the graph.
func WriteDOT(w io.Writer, s *Scene) error {
	var b bytes.Buffer
	b.WriteString("digraph blastradius {\n")
	graphAttrs(&b, s)
	fmt.Fprintf(&b, "  node [fontname=%q, fontsize=11, margin=\"0.15,0.06\"];\n", fontName)
	fmt.Fprintf(&b, "  edge [fontname=%q, color=%q, arrowsize=0.7];\n", fontName, faintColor)
	s.walk(func(c *Cluster, depth int) {
		indent := strings.Repeat("  ", depth)
		fmt.Fprintf(&b, "%ssubgraph %s {\n", indent, c.ID)
		fmt.Fprintf(&b, "%s  label=%s; style=\"rounded\"; color=\"#8C8C8C\"; fontcolor=\"#404040\"; fontsize=%d;\n",
			indent, quote(c.Label), 14-2*min(depth-1, 2))
	}, func(n *Node, depth int) {
		writeNode(&b, n, strings.Repeat("  ", depth+1))
	}, func(_ *Cluster, depth int) {
		fmt.Fprintf(&b, "%s}\n", strings.Repeat("  ", depth))
	})
	if s.Legend {
		writeLegend(&b)
	}
	for _, e := range s.Edges {
		writeEdge(&b, e)
	}
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}

func graphAttrs(b *bytes.Buffer, s *Scene) {
	b.WriteString("  graph [fontname=\"" + fontName + "\", labelloc=t, labeljust=l, fontsize=12, bgcolor=\"#FFFFFF\", pad=0.3")
	if s.Layout == Radial {
		b.WriteString(", overlap=false, ranksep=1.6")
		if s.Center != "" {
			fmt.Fprintf(b, ", root=%q", s.Center)
		}
	} else {
		b.WriteString(", rankdir=LR, nodesep=0.12, ranksep=0.6, newrank=true, concentrate=true")
	}
	b.WriteString("];\n")
	fmt.Fprintf(b, "  label=<%s>;\n", titleHTML(s))
}

// titleHTML is the picture's heading: title, counts, then what was
// collapsed, as a Graphviz HTML-like label.
func titleHTML(s *Scene) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<FONT POINT-SIZE="20"><B>%s</B></FONT>`, html.EscapeString(s.Title))
	if s.Subtitle != "" {
		fmt.Fprintf(&b, `<BR ALIGN="LEFT"/><FONT POINT-SIZE="14">%s</FONT>`, html.EscapeString(s.Subtitle))
	}
	for _, n := range s.Notes {
		fmt.Fprintf(&b, `<BR ALIGN="LEFT"/><FONT POINT-SIZE="11" COLOR="#595959">Collapsed: %s</FONT>`, html.EscapeString(n))
	}
	b.WriteString(`<BR ALIGN="LEFT"/>`)
	return b.String()
}

func writeNode(b *bytes.Buffer, n *Node, indent string) {
	st := styles[n.Role]
	shape := st.shape
	if n.Group > 0 {
		shape = "folder"
	}
	label := make([]string, 0, 3)
	for _, l := range n.lines() {
		label = append(label, escapeDOT(l))
	}
	tooltip := n.Ref
	if tooltip == "" {
		tooltip = n.Label
	}
	fmt.Fprintf(b, "%s%s [label=\"%s\", tooltip=%s, shape=%s, style=%q, fillcolor=%q, color=%q, fontcolor=%q, penwidth=%s];\n",
		indent, n.ID, strings.Join(label, `\n`), quote(tooltip), shape, st.dotStyle, st.fill, st.border, st.text, st.penwidth)
}

func writeEdge(b *bytes.Buffer, e *Edge) {
	var attrs []string
	if e.Cause {
		attrs = append(attrs, `color="`+causeColor+`"`, "penwidth=2.5", "arrowsize=0.9")
	}
	switch {
	case e.Guess:
		attrs = append(attrs, `style="dotted"`)
	case e.Soft:
		attrs = append(attrs, `style="dashed"`)
	}
	if len(attrs) == 0 {
		fmt.Fprintf(b, "  %s -> %s;\n", e.From, e.To)
		return
	}
	fmt.Fprintf(b, "  %s -> %s [%s];\n", e.From, e.To, strings.Join(attrs, ", "))
}

// writeLegend draws the visual language as an HTML-like table.
func writeLegend(b *bytes.Buffer) {
	var t strings.Builder
	t.WriteString(`<TABLE BORDER="1" COLOR="#8C8C8C" CELLBORDER="0" CELLSPACING="2" CELLPADDING="4">`)
	t.WriteString(`<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>`)
	for _, r := range []Role{Root, Down, Degraded, Context} {
		st := styles[r]
		sample := st.marker
		if sample == "" {
			sample = "up"
		}
		fmt.Fprintf(&t, `<TR><TD BGCOLOR="%s" BORDER="1" COLOR="%s"><FONT COLOR="%s">%s</FONT></TD><TD ALIGN="LEFT">%s</TD></TR>`,
			st.fill, st.border, st.text, sample, html.EscapeString(st.meaning))
	}
	t.WriteString(`<TR><TD><B>bold arrow</B></TD><TD ALIGN="LEFT">cause path: the failure flows along it</TD></TR>`)
	t.WriteString(`<TR><TD><FONT COLOR="` + faintColor + `">thin arrow</FONT></TD><TD ALIGN="LEFT">other dependency (dashed: soft)</TD></TR>`)
	t.WriteString(`<TR><TD>dotted arrow</TD><TD ALIGN="LEFT">a guessed dependency: nothing published supports it</TD></TR>`)
	t.WriteString(`<TR><TD>folder</TD><TD ALIGN="LEFT">a group of nodes, counted</TD></TR>`)
	t.WriteString(`</TABLE>`)
	fmt.Fprintf(b, "  legend [shape=plaintext, style=\"\", margin=0, label=<%s>];\n", t.String())
}

// quote makes s a DOT quoted string.
func quote(s string) string { return `"` + escapeDOT(s) + `"` }

// escapeDOT escapes s for a DOT quoted string: backslashes (which would
// start Graphviz escapes such as \N or \l), quotes, and ampersands (which
// would start entities such as &amp;); line breaks become spaces.
func escapeDOT(s string) string { return dotEscaper.Replace(s) }

var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "&", "&amp;", "\n", " ", "\r", " ")
