package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// SVGElement returns doc, an SVG document as Renderer.Render writes it, as
// an <svg> element to place in an HTML page, beside other diagrams:
//
//   - the XML declaration, the doctype and every comment are gone, and so
//     is anything outside the <svg> element but white space;
//   - every id attribute starts with idPrefix, and so does every reference
//     to an id: an href or xlink:href of the form "#id", and url(#id) in
//     the attributes that take one (fill, stroke, clip-path, mask, filter,
//     marker-start, marker-mid, marker-end and style). A reference to an id
//     the document lacks gets the prefix too, so that it cannot point at
//     an element of the page;
//   - everything else stays: the elements, their attributes in their
//     order, and the text, escaped anew.
//
// The document is read as XML tokens, so text and other attribute values
// say what they said: a catalog string that Graphviz wrote as a label or
// tooltip, such as id="x" or <svg, stays text, and no id or reference in
// it gets the prefix. The same document and prefix always give the same
// bytes.
//
// idPrefix may hold ASCII letters, digits, '-' and '_', which an HTML id, a
// URL fragment and a CSS selector all take as they are; SVGElement refuses
// any other. A page with several diagrams gives each its own prefix, none
// the beginning of another (s1-, s2-, ..., s10-), and such that no
// prefixed id can equal an id of the page itself.
func SVGElement(doc []byte, idPrefix string) ([]byte, error) {
	if err := checkIDPrefix(idPrefix); err != nil {
		return nil, err
	}
	out, err := embedSVG(doc, idPrefix)
	if err != nil {
		return nil, fmt.Errorf("render: svg element: %w", err)
	}
	return out, nil
}

// checkIDPrefix accepts a prefix of ASCII letters, digits, '-' and '_'.
func checkIDPrefix(p string) error {
	for i := 0; i < len(p); i++ {
		if c := p[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("render: id prefix %q: only ASCII letters, digits, '-' and '_' may appear in it", p)
		}
	}
	return nil
}

// embedSVG copies the root <svg> element of doc token by token, rewriting
// ids and references to them.
func embedSVG(doc []byte, prefix string) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity // decoded here, escaped again below
	var out bytes.Buffer
	out.Grow(len(doc))
	var open []xml.Name // the elements open, the root first
	startOpen := false  // the last start tag awaits its '>' or '/>'
	done := false       // the root element has ended
	for {
		// Raw tokens keep attribute names as written (xlink:href), which
		// is also how an HTML parser reads them.
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if startOpen {
			startOpen = false
			if end, ok := tok.(xml.EndElement); ok && open[len(open)-1] == end.Name {
				out.WriteString("/>")
				open = open[:len(open)-1]
				done = len(open) == 0
				continue
			}
			out.WriteByte('>')
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case done:
				return nil, fmt.Errorf("a second root element <%s>", qualified(t.Name))
			case len(open) == 0 && (t.Name.Space != "" || t.Name.Local != "svg"):
				return nil, fmt.Errorf("the root element is <%s>, not <svg>", qualified(t.Name))
			}
			open = append(open, t.Name)
			out.WriteByte('<')
			out.WriteString(qualified(t.Name))
			for _, a := range t.Attr {
				out.WriteByte(' ')
				out.WriteString(qualified(a.Name))
				out.WriteString(`="`)
				escape(&out, prefixIDs(a, prefix), true)
				out.WriteByte('"')
			}
			startOpen = true
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				return nil, fmt.Errorf("unexpected </%s>", qualified(t.Name))
			}
			out.WriteString("</")
			out.WriteString(qualified(t.Name))
			out.WriteByte('>')
			open = open[:len(open)-1]
			done = len(open) == 0
		case xml.CharData:
			if len(open) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, fmt.Errorf("text outside the <svg> element: %.40q", t)
				}
				continue
			}
			escape(&out, string(t), false)
		case xml.Comment, xml.ProcInst, xml.Directive:
			// Dropped: the prolog, the doctype and Graphviz's comments.
		}
	}
	if !done {
		return nil, fmt.Errorf("no complete <svg> element")
	}
	return out.Bytes(), nil
}

// qualified is a name as written: prefix:local, or local.
func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// urlAttributes are the attributes whose values may hold url(#id).
var urlAttributes = map[string]bool{
	"fill": true, "stroke": true, "clip-path": true, "mask": true, "filter": true,
	"marker-start": true, "marker-mid": true, "marker-end": true, "style": true,
}

// prefixIDs returns the value of attribute a with its id, or its references
// to ids, prefixed. Any other attribute, such as xlink:title, which holds
// catalog text, keeps its value.
func prefixIDs(a xml.Attr, prefix string) string {
	switch {
	case a.Name.Space == "" && a.Name.Local == "id":
		return prefix + a.Value
	case (a.Name.Space == "" || a.Name.Space == "xlink") && a.Name.Local == "href":
		// A URL starts after leading white space, which browsers strip.
		rest := strings.TrimLeft(a.Value, asciiSpace)
		if len(rest) > 1 && rest[0] == '#' {
			return a.Value[:len(a.Value)-len(rest)] + "#" + prefix + rest[1:]
		}
	case a.Name.Space == "" && urlAttributes[a.Name.Local]:
		return prefixURLs(a.Value, prefix)
	}
	return a.Value
}

// asciiSpace is the white space of HTML and CSS.
const asciiSpace = " \t\n\f\r"

// prefixURLs prefixes the id of every url(#id) in a presentation attribute
// or style declaration, quoted or not, in any letter case.
func prefixURLs(v, prefix string) string {
	var b strings.Builder
	for {
		i := indexURL(v)
		if i < 0 {
			break
		}
		j := i + len("url(")
		for j < len(v) && strings.IndexByte(asciiSpace, v[j]) >= 0 {
			j++
		}
		if j < len(v) && (v[j] == '"' || v[j] == '\'') {
			j++
		}
		b.WriteString(v[:j])
		v = v[j:]
		if len(v) > 1 && v[0] == '#' && strings.IndexByte(")\"' "+asciiSpace, v[1]) < 0 {
			b.WriteString("#" + prefix)
			v = v[1:]
		}
	}
	if b.Len() == 0 {
		return v
	}
	b.WriteString(v)
	return b.String()
}

// indexURL is the index of the first "url(" in s, in any letter case, or -1.
func indexURL(s string) int {
	for i := 0; i+4 <= len(s); i++ {
		if s[i]|0x20 == 'u' && s[i+1]|0x20 == 'r' && s[i+2]|0x20 == 'l' && s[i+3] == '(' {
			return i
		}
	}
	return -1
}

// escape writes s as XML and HTML read it back: text escapes '&', '<' and
// '>', and an attribute value, written in double quotes, also '"' and the
// white space an XML parser would normalize. A carriage return is escaped
// in both, since both parsers turn it into a line feed.
func escape(b *bytes.Buffer, s string, attr bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch c := s[i]; {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '\r':
			esc = "&#13;"
		case attr && c == '"':
			esc = "&quot;"
		case attr && c == '\n':
			esc = "&#10;"
		case attr && c == '\t':
			esc = "&#9;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}
