package report

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// jsonAppender is a list item of streamJSON that writes its own JSON:
// the bytes encoding/json gives it indented by two spaces under the
// prefix of a list item, without the final newline. The writers of the
// longest lists (the affected nodes of an evaluation) implement it, since
// reflection costs more than the rest of writing them.
type jsonAppender interface {
	appendJSON(b []byte) []byte
}

// The indentation of a list item's lines: a list in the top-level object.
const (
	itemIndent   = "\n      "   // a key of the item
	innerIndent  = "\n        " // an element of a list of the item
	deepIndent   = "\n          "
	deeperIndent = "\n            "
)

// appendJSON writes n as encoding/json indents it inside the "affected"
// list of an evaluation.
func (n AffectedNode) appendJSON(b []byte) []byte {
	b = append(b, '{')
	b = appendKey(b, itemIndent, "ref")
	b = appendJSONString(b, n.Ref)
	b = append(b, ',')
	b = appendKey(b, itemIndent, "kind")
	b = appendJSONString(b, n.Kind)
	b = append(b, ',')
	b = appendKey(b, itemIndent, "state")
	b = appendJSONString(b, n.State)
	if n.Name != "" {
		b = append(b, ',')
		b = appendKey(b, itemIndent, "name")
		b = appendJSONString(b, n.Name)
	}
	b = append(b, ',')
	b = appendKey(b, itemIndent, "path")
	b = appendStrings(b, n.Path, innerIndent, itemIndent)
	if n.PathLength != 0 {
		b = append(b, ',')
		b = appendKey(b, itemIndent, "path_length")
		b = strconv.AppendInt(b, int64(n.PathLength), 10)
	}
	if len(n.Evidence) > 0 {
		b = append(b, ',')
		b = appendKey(b, itemIndent, "evidence")
		b = append(b, '[')
		for k, e := range n.Evidence {
			if k > 0 {
				b = append(b, ',')
			}
			b = append(b, innerIndent...)
			b = append(b, '{')
			b = appendKey(b, deepIndent, "source")
			b = appendStrings(b, e.Source, deeperIndent, deepIndent)
			b = append(b, ',')
			b = appendKey(b, deepIndent, "confidence")
			b = appendJSONString(b, e.Confidence)
			if e.Implied {
				b = append(b, ',')
				b = appendKey(b, deepIndent, "implied")
				b = append(b, "true"...)
			}
			b = append(b, innerIndent...)
			b = append(b, '}')
		}
		b = append(b, itemIndent...)
		b = append(b, ']')
	}
	if n.Weakest != "" {
		b = append(b, ',')
		b = appendKey(b, itemIndent, "weakest")
		b = appendJSONString(b, n.Weakest)
	}
	return append(b, "\n    }"...)
}

// appendKey writes a key of an indented object, on a line of its own.
func appendKey(b []byte, indent, key string) []byte {
	b = append(b, indent...)
	b = append(b, '"')
	b = append(b, key...)
	return append(b, `": `...)
}

// appendStrings writes a list of strings indented as encoding/json does:
// each element on a line at elem, the closing bracket at end; [] when
// empty, null when nil.
func appendStrings(b []byte, list []string, elem, end string) []byte {
	switch {
	case list == nil:
		return append(b, "null"...)
	case len(list) == 0:
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for k, s := range list {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, elem...)
		b = appendJSONString(b, s)
	}
	b = append(b, end...)
	return append(b, ']')
}

// appendJSONString writes s as a JSON string exactly as encoding/json does
// without HTML escaping: control characters, quotes and backslashes
// escaped, bytes that are not UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSON writes c as encoding/json indents it inside the "customers"
// list of a SPOF report.
func (c SPOFCustomer) appendJSON(b []byte) []byte {
	b = append(b, '{')
	b = appendKey(b, itemIndent, "ref")
	b = appendJSONString(b, c.Ref)
	b = append(b, ',')
	b = appendKey(b, itemIndent, "spofs")
	b = appendStrings(b, c.SPOFs, innerIndent, itemIndent)
	b = append(b, ',')
	b = appendKey(b, itemIndent, "pairs")
	switch {
	case c.Pairs == nil:
		b = append(b, "null"...)
	case len(c.Pairs) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for k, p := range c.Pairs {
			if k > 0 {
				b = append(b, ',')
			}
			b = append(b, innerIndent...)
			b = appendStrings(b, p[:], deepIndent, innerIndent)
		}
		b = append(b, itemIndent...)
		b = append(b, ']')
	}
	return append(b, "\n    }"...)
}

// appendJSON writes r as encoding/json indents it inside the "results"
// list of a ranking.
func (r RankResult) appendJSON(b []byte) []byte {
	b = append(b, '{')
	b = appendKey(b, itemIndent, "ref")
	b = appendJSONString(b, r.Ref)
	b = append(b, ',')
	b = appendKey(b, itemIndent, "down")
	b = strconv.AppendInt(b, int64(r.Down), 10)
	b = append(b, ',')
	b = appendKey(b, itemIndent, "degraded")
	b = strconv.AppendInt(b, int64(r.Degraded), 10)
	b = append(b, ',')
	b = appendKey(b, itemIndent, "weight_down")
	b = appendJSONFloat(b, r.WeightDown)
	b = append(b, ',')
	b = appendKey(b, itemIndent, "weight_down_share")
	b = appendJSONFloat(b, r.WeightDownShare)
	return append(b, "\n    }"...)
}

// appendJSON writes c as encoding/json indents it inside the "customers"
// list of a concentration report.
func (c ConcentrationCustomer) appendJSON(b []byte) []byte {
	b = append(b, '{')
	b = appendKey(b, itemIndent, "ref")
	b = appendJSONString(b, c.Ref)
	b = append(b, ',')
	b = appendKey(b, itemIndent, "providers")
	b = strconv.AppendInt(b, int64(c.Providers), 10)
	b = append(b, ',')
	b = appendKey(b, itemIndent, "regions")
	b = strconv.AppendInt(b, int64(c.Regions), 10)
	return append(b, "\n    }"...)
}

// appendJSONFloat writes a finite f as encoding/json does: as ES6 converts
// a number to a string.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1] // e-09 is e-9
		b = b[:n-1]
	}
	return b
}
