package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteMermaid writes the scene as a Mermaid flowchart, for Markdown that
// GitHub renders in pull requests and issues. Catalog strings appear only
// inside quoted labels, with every character Mermaid or HTML could read
// as syntax written as an entity code.
func WriteMermaid(w io.Writer, s *Scene) error {
	var b bytes.Buffer
	// Mermaid sanitizes the front-matter title as HTML and decodes no
	// entities there: angle brackets become look-alikes.
	title, _ := json.Marshal(titleQuotes.Replace(s.Title + " · " + s.Subtitle))
	fmt.Fprintf(&b, "---\ntitle: %s\n---\nflowchart LR\n", title)
	s.walk(func(c *Cluster, depth int) {
		fmt.Fprintf(&b, "%ssubgraph %s[\"%s\"]\n", strings.Repeat("  ", depth), c.ID, escapeMermaid(c.Label))
	}, func(n *Node, depth int) {
		mermaidNode(&b, n, strings.Repeat("  ", depth+1))
	}, func(_ *Cluster, depth int) {
		fmt.Fprintf(&b, "%send\n", strings.Repeat("  ", depth))
	})
	if len(s.Notes) > 0 {
		fmt.Fprintf(&b, "  notes[\"%s\"]:::note\n", escapeMermaid("Collapsed: "+strings.Join(s.Notes, "; ")))
	}
	var cause, soft []int
	for i, e := range s.Edges {
		// The arrow, and the same split around a label: A -- guess --> B.
		arrow, open, close := "-->", "--", "-->"
		switch {
		case e.Cause:
			arrow, open, close = "==>", "==", "==>"
			cause = append(cause, i)
		case e.Soft || e.Guess:
			arrow, open, close = "-.->", "-.", ".->"
			soft = append(soft, i)
		}
		if e.Guess {
			fmt.Fprintf(&b, "  %s %s guess %s %s\n", e.From, open, close, e.To)
			continue
		}
		fmt.Fprintf(&b, "  %s %s %s\n", e.From, arrow, e.To)
	}
	for _, r := range []Role{Root, Down, Degraded, Context, Neutral} {
		st := styles[r]
		fmt.Fprintf(&b, "  classDef %s fill:%s,stroke:%s,color:%s,stroke-width:%spx", st.class, st.fill, st.border, st.text, st.penwidth)
		if st.dashArray != "" {
			fmt.Fprintf(&b, ",stroke-dasharray:%s", st.dashArray)
		}
		b.WriteByte('\n')
	}
	b.WriteString("  classDef note fill:#FFFFFF,stroke:#FFFFFF,color:#595959\n")
	linkStyle(&b, cause, "stroke:"+causeColor+",stroke-width:3px")
	linkStyle(&b, soft, "stroke:"+faintColor+",stroke-width:1px")
	_, err := w.Write(b.Bytes())
	return err
}

var titleQuotes = strings.NewReplacer("<", "\u2039", ">", "\u203a")

func mermaidNode(b *bytes.Buffer, n *Node, indent string) {
	lines := n.lines()
	for i, l := range lines {
		lines[i] = escapeMermaid(l)
	}
	open, close := "[\"", "\"]"
	switch {
	case n.Role == Root:
		open, close = "{{\"", "\"}}"
	case n.Group > 0:
		open, close = "[[\"", "\"]]"
	}
	fmt.Fprintf(b, "%s%s%s%s%s:::%s\n", indent, n.ID, open, strings.Join(lines, "<br/>"), close, styles[n.Role].class)
}

func linkStyle(b *bytes.Buffer, edges []int, style string) {
	if len(edges) == 0 {
		return
	}
	ids := make([]string, len(edges))
	for i, e := range edges {
		ids[i] = fmt.Sprint(e)
	}
	fmt.Fprintf(b, "  linkStyle %s %s\n", strings.Join(ids, ","), style)
}

// escapeMermaid writes every character that Mermaid or HTML could read as
// syntax as a Mermaid entity code (#60; for <), and line breaks as spaces.
func escapeMermaid(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"', '#', '&', '<', '>', '`', '\\', '[', ']', '{', '}', '(', ')', '|', '%', ':':
			fmt.Fprintf(&b, "#%d;", r)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
