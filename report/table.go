package report

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"
)

// Format is an output format of the analysis reports.
type Format string

// The analysis report formats.
const (
	Text     Format = "text"
	JSON     Format = "json"
	Markdown Format = "markdown"
)

// table is a titled grid of cells that writes itself as aligned text or as
// a Markdown table.
type table struct {
	title  string
	header []string
	right  []bool // columns aligned right (numbers)
	rows   [][]string
	notes  []string // lines under the table
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// write writes the table as text or Markdown.
func (t *table) write(w io.Writer, f Format) error {
	var b bytes.Buffer
	if f == Markdown {
		t.markdown(&b)
	} else {
		t.text(&b)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func (t *table) text(b *bytes.Buffer) {
	b.WriteString(t.title + "\n\n")
	width := make([]int, len(t.header))
	for _, row := range append([][]string{t.header}, t.rows...) {
		for c, cell := range row {
			width[c] = max(width[c], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range append([][]string{t.header}, t.rows...) {
		var line strings.Builder
		for c, cell := range row {
			pad := strings.Repeat(" ", width[c]-utf8.RuneCountInString(cell))
			if c > 0 {
				line.WriteString("  ")
			}
			if t.right[c] {
				line.WriteString(pad + cell)
			} else {
				line.WriteString(cell + pad)
			}
		}
		b.WriteString("  " + strings.TrimRight(line.String(), " ") + "\n")
	}
	if len(t.notes) > 0 {
		b.WriteString("\n" + strings.Join(t.notes, "\n") + "\n")
	}
}

func (t *table) markdown(b *bytes.Buffer) {
	b.WriteString("### " + escapeMarkdown(t.title) + "\n\n")
	cells := func(row []string, escape bool) {
		b.WriteString("|")
		for _, c := range row {
			if escape {
				c = escapeMarkdown(c)
			}
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	cells(t.header, true)
	b.WriteString("|")
	for c := range t.header {
		if t.right[c] {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, row := range t.rows {
		cells(row, true)
	}
	// Each note is a paragraph; an indented one is an item of a list, and
	// an empty one, a break in text, is left out.
	inList := false
	for _, n := range t.notes {
		item, ok := strings.CutPrefix(n, "  ")
		switch {
		case n == "":
			continue
		case ok && inList:
			b.WriteString("- " + escapeMarkdown(item) + "\n")
		case ok:
			b.WriteString("\n- " + escapeMarkdown(item) + "\n")
		default:
			b.WriteString("\n" + escapeMarkdown(n) + "\n")
		}
		inList = ok
	}
}

// escapeMarkdown makes catalog text inert in GitHub Markdown: HTML
// characters become entities, Markdown punctuation is backslash-escaped,
// and line breaks become spaces.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '!', '|', '~', '@', ':':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escaper returns escapeMarkdown for Markdown, else the identity.
func escaper(markdown bool) func(string) string {
	if markdown {
		return escapeMarkdown
	}
	return func(s string) string { return s }
}
