package otel

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blastradius/blastradius/catalog"
)

// Sample is one sample line of the Prometheus text exposition format.
type Sample struct {
	Name   string
	Labels []Label // in the order written
	Value  float64
	Pos    catalog.Pos // of the line
}

// Label is a label of a sample.
type Label struct {
	Name, Value string
}

// Label returns the value of the named label, and whether the sample has
// it.
func (s *Sample) Label(name string) (string, bool) {
	for _, l := range s.Labels {
		if l.Name == name {
			return l.Value, true
		}
	}
	return "", false
}

// metricTypes are the types a TYPE line may give.
var metricTypes = []string{"counter", "gauge", "histogram", "summary", "untyped",
	// OpenMetrics adds these.
	"gaugehistogram", "stateset", "info", "unknown"}

// ParseText reads metrics in the Prometheus text exposition format
// (version 0.0.4, and the OpenMetrics lines it meets in practice): one
// sample a line, metric_name{label="value",…} value [timestamp]; lines
// whose first non-blank character is "#" are comments, of which HELP and
// TYPE lines are checked; empty lines are ignored. Label values escape
// "\\", "\"" and "\n". A metric or label name may be written quoted, as
// the UTF-8 names of newer Prometheus versions are:
// {"my.metric", "my.label"="v"}.
//
// Every malformed line is an error at file:line:col, all of them in one
// catalog.ErrorList; the samples of the good lines are returned with it.
func ParseText(file string, data []byte) ([]Sample, error) {
	p := &promParser{file: file, typed: map[string]int{}, helped: map[string]int{}, seen: map[string]int{}}
	lineNo := 0
	for rest := string(data); rest != ""; {
		line, next, _ := strings.Cut(rest, "\n")
		rest = next
		lineNo++
		p.line(lineNo, strings.TrimSuffix(line, "\r"))
	}
	if len(p.errs) > 0 {
		return p.samples, p.errs
	}
	return p.samples, nil
}

type promParser struct {
	file    string
	samples []Sample
	errs    catalog.ErrorList
	typed   map[string]int // metric → line of its TYPE
	helped  map[string]int // metric → line of its HELP
	seen    map[string]int // series → line of its sample
}

func (p *promParser) errorf(line, col int, format string, a ...any) {
	p.errs = append(p.errs, &catalog.Error{Pos: catalog.Pos{File: p.file, Line: int32(line), Col: int32(col)}, Msg: fmt.Sprintf(format, a...)})
}

// cursor scans one line; col is 1-based in bytes.
type cursor struct {
	s string
	i int
}

func (c *cursor) col() int  { return c.i + 1 }
func (c *cursor) eof() bool { return c.i >= len(c.s) }
func (c *cursor) peek() byte {
	if c.eof() {
		return 0
	}
	return c.s[c.i]
}
func (c *cursor) blanks() {
	for !c.eof() && (c.s[c.i] == ' ' || c.s[c.i] == '\t') {
		c.i++
	}
}

// token reads up to the next blank.
func (c *cursor) token() string {
	start := c.i
	for !c.eof() && c.s[c.i] != ' ' && c.s[c.i] != '\t' {
		c.i++
	}
	return c.s[start:c.i]
}

func isNameStart(b byte, colon bool) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_' || colon && b == ':'
}
func isNameByte(b byte, colon bool) bool { return isNameStart(b, colon) || b >= '0' && b <= '9' }

// name reads a metric name (colon: true) or a label name.
func (c *cursor) name(colon bool) string {
	start := c.i
	if c.eof() || !isNameStart(c.s[c.i], colon) {
		return ""
	}
	for !c.eof() && isNameByte(c.s[c.i], colon) {
		c.i++
	}
	return c.s[start:c.i]
}

// quoted reads a double-quoted string with the escapes \\, \" and \n.
func (c *cursor) quoted() (string, error) {
	c.i++ // the opening quote
	var b strings.Builder
	for !c.eof() {
		ch := c.s[c.i]
		switch ch {
		case '"':
			c.i++
			return b.String(), nil
		case '\\':
			if c.i+1 >= len(c.s) {
				c.i++
				return "", fmt.Errorf("unterminated escape")
			}
			switch c.s[c.i+1] {
			case '\\':
				b.WriteByte('\\')
			case '"':
				b.WriteByte('"')
			case 'n':
				b.WriteByte('\n')
			default:
				c.i++
				return "", fmt.Errorf("invalid escape \\%c (a label value escapes only \\\\, \\\" and \\n)", c.s[c.i])
			}
			c.i += 2
		default:
			b.WriteByte(ch)
			c.i++
		}
	}
	return "", fmt.Errorf("unterminated string: no closing \"")
}

func (p *promParser) line(n int, text string) {
	if !utf8.ValidString(text) {
		p.errorf(n, 1, "the line is not valid UTF-8")
		return
	}
	c := &cursor{s: text}
	c.blanks()
	switch {
	case c.eof():
		return
	case c.peek() == '#':
		p.comment(n, c)
		return
	}
	p.sample(n, c)
}

// comment checks HELP and TYPE lines; other comments are ignored.
func (p *promParser) comment(n int, c *cursor) {
	c.i++
	c.blanks()
	kw := c.token()
	if kw != "HELP" && kw != "TYPE" {
		return
	}
	c.blanks()
	at := c.col()
	name := c.name(true)
	if name == "" || !c.eof() && c.peek() != ' ' && c.peek() != '\t' {
		p.errorf(n, at, "# %s needs a metric name", kw)
		return
	}
	c.blanks()
	if kw == "HELP" {
		if first, dup := p.helped[name]; dup {
			p.errorf(n, at, "a second HELP line for %s (first at line %d)", name, first)
		}
		p.helped[name] = n
		return
	}
	at = c.col()
	typ := c.token()
	c.blanks()
	switch {
	case !slices.Contains(metricTypes, typ):
		p.errorf(n, at, "# TYPE %s: unknown type %q (counter, gauge, histogram, summary or untyped)", name, typ)
	case !c.eof():
		p.errorf(n, c.col(), "# TYPE %s %s: unexpected %q after the type", name, typ, c.s[c.i:])
	}
	if first, dup := p.typed[name]; dup {
		p.errorf(n, at, "a second TYPE line for %s (first at line %d)", name, first)
	}
	p.typed[name] = n
}

// sample reads metric_name{labels} value [timestamp].
func (p *promParser) sample(n int, c *cursor) {
	s := Sample{Pos: catalog.Pos{File: p.file, Line: int32(n), Col: int32(c.col())}}
	if c.peek() != '{' {
		if s.Name = c.name(true); s.Name == "" {
			p.errorf(n, c.col(), "a sample must start with a metric name, got %q", c.s[c.i:])
			return
		}
	}
	if c.peek() == '{' {
		if !p.labels(n, c, &s) {
			return
		}
	}
	if s.Name == "" {
		p.errorf(n, int(s.Pos.Col), "a sample needs a metric name")
		return
	}
	if !c.eof() && c.peek() != ' ' && c.peek() != '\t' {
		p.errorf(n, c.col(), "unexpected %q after the metric name", c.peek())
		return
	}
	c.blanks()
	at := c.col()
	v := c.token()
	if v == "" {
		p.errorf(n, at, "the sample of %s has no value", s.Name)
		return
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || strings.ContainsAny(v, "_xXpP") { // Go's hex floats and digit separators are not the format's
		p.errorf(n, at, "value %q of %s is not a number", v, s.Name)
		return
	}
	s.Value = f
	c.blanks()
	if !c.eof() {
		at = c.col()
		ts := c.token()
		// Milliseconds as an integer; OpenMetrics writes seconds as a float.
		if _, err := strconv.ParseInt(ts, 10, 64); err != nil {
			if f, ferr := strconv.ParseFloat(ts, 64); ferr != nil || math.IsNaN(f) || math.IsInf(f, 0) || strings.ContainsAny(ts, "_xXpP") {
				p.errorf(n, at, "timestamp %q of %s is not a number", ts, s.Name)
				return
			}
		}
		c.blanks()
		if !c.eof() {
			p.errorf(n, c.col(), "unexpected %q after the timestamp", c.s[c.i:])
			return
		}
	}
	key := seriesKey(s)
	if first, dup := p.seen[key]; dup {
		p.errorf(n, int(s.Pos.Col), "a second sample of the series %s (first at line %d)", key, first)
		return
	}
	p.seen[key] = n
	p.samples = append(p.samples, s)
}

// labels reads {name="value",…}; a quoted string without "=" names the
// metric. ok is false after an error.
func (p *promParser) labels(n int, c *cursor, s *Sample) bool {
	c.i++ // {
	names := map[string]bool{}
	for {
		c.blanks()
		switch {
		case c.eof():
			p.errorf(n, c.col(), "labels of %s are not closed with }", s.Name)
			return false
		case c.peek() == '}':
			c.i++
			return true
		}
		at := c.col()
		var name string
		quotedName := c.peek() == '"'
		if quotedName {
			q, err := c.quoted()
			if err != nil {
				p.errorf(n, at, "%v", err)
				return false
			}
			name = q
		} else if name = c.name(false); name == "" {
			p.errorf(n, at, "expected a label name, got %q", c.s[c.i:])
			return false
		}
		c.blanks()
		if quotedName && (c.peek() == ',' || c.peek() == '}') {
			// {"metric.name", …}: the metric's name.
			if s.Name != "" {
				p.errorf(n, at, "the sample names its metric twice")
				return false
			}
			s.Name = name
		} else {
			if c.peek() != '=' {
				p.errorf(n, c.col(), "expected = after the label name %s", name)
				return false
			}
			c.i++
			c.blanks()
			if c.peek() != '"' {
				p.errorf(n, c.col(), "the value of label %s must be a double-quoted string", name)
				return false
			}
			vat := c.col()
			v, err := c.quoted()
			if err != nil {
				p.errorf(n, vat, "label %s: %v", name, err)
				return false
			}
			if names[name] {
				p.errorf(n, at, "label %s is given twice", name)
				return false
			}
			names[name] = true
			s.Labels = append(s.Labels, Label{Name: name, Value: v})
		}
		c.blanks()
		switch c.peek() {
		case ',':
			c.i++
		case '}':
		default:
			p.errorf(n, c.col(), "expected , or } after a label, got %q", c.s[c.i:])
			return false
		}
	}
}

// seriesKey identifies a series: its name and its labels, sorted.
func seriesKey(s Sample) string {
	ls := slices.Clone(s.Labels)
	slices.SortFunc(ls, func(a, b Label) int { return strings.Compare(a.Name, b.Name) })
	var b strings.Builder
	b.WriteString(s.Name + "{")
	for i, l := range ls {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(l.Name + "=" + strconv.Quote(l.Value))
	}
	b.WriteString("}")
	return b.String()
}
