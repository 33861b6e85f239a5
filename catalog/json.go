package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"gopkg.in/yaml.v3"
)

// isJSON reports whether a catalog file is JSON: its name ends in .json.
func isJSON(name string) bool { return strings.HasSuffix(name, ".json") }

// decodeJSON parses a JSON catalog file into the node tree that the YAML
// decoder reads, each node at its line and column, so that both formats
// share one schema, one decoder and one form of error.
func decodeJSON(name string, data []byte) *fragment {
	f := &fragment{file: name}
	p := &jsonParser{dec: jsontext.NewDecoder(bytes.NewReader(data), jsontext.AllowDuplicateNames(true)),
		file: name, data: data, line: 1, col: 1, nodes: slab[yaml.Node]{chunk: 1024}, short: map[string]string{}}
	root, err := p.value()
	if err == nil {
		err = p.end()
	}
	if err != nil {
		f.errs = append(f.errs, err.(*Error))
		f.broken = true
		return f
	}
	d := newDecoder(f, len(data))
	d.document(root)
	return f
}

// jsonParser builds yaml.Nodes from JSON tokens. It tracks the line and
// column of the input as it goes, so positions cost time linear in the
// input, however long its lines.
type jsonParser struct {
	dec       *jsontext.Decoder
	file      string
	data      []byte
	off       int // the input offset that line and col describe
	line, col int
	// Allocation: nodes and their children come from slabs; children
	// wait on a stack until their parent is complete; short strings are
	// shared.
	nodes slab[yaml.Node]
	ptrs  []*yaml.Node
	stack []*yaml.Node
	short map[string]string
}

// start returns the line and column of the next token: the first byte
// after the last token that is not whitespace or a separator.
func (p *jsonParser) start() (line, col int) {
	i := int(p.dec.InputOffset())
	for i < len(p.data) {
		switch p.data[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	return p.at(i)
}

// at returns the line and column of offset i, which is not before the
// last offset asked for. Columns count characters, as YAML's do.
func (p *jsonParser) at(i int) (line, col int) {
	i = min(i, len(p.data))
	for p.off < i {
		r, size := rune(p.data[p.off]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(p.data[p.off:])
		}
		if r == '\n' {
			p.line, p.col = p.line+1, 1
		} else {
			p.col++
		}
		p.off += size
	}
	return p.line, p.col
}

// end checks that nothing follows the value.
func (p *jsonParser) end() error {
	line, col := p.start()
	_, err := p.dec.ReadToken()
	switch {
	case errors.Is(err, io.EOF):
		return nil
	case err == nil:
		return &Error{Pos: Pos{p.file, int32(line), int32(col)}, Msg: "invalid JSON: more than one JSON value"}
	}
	return p.syntaxError(err)
}

// value reads one JSON value.
func (p *jsonParser) value() (*yaml.Node, error) {
	line, col := p.start()
	n := p.nodes.next()
	n.Line, n.Column = line, col
	var err error
	switch kind := p.dec.PeekKind(); kind {
	case '{', '[':
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
		end := jsontext.Kind('}')
		if kind == '[' {
			n.Kind, n.Tag, end = yaml.SequenceNode, "!!seq", ']'
		}
		if _, err = p.dec.ReadToken(); err != nil {
			break
		}
		mark := len(p.stack)
		for p.dec.PeekKind() != end {
			v, err := p.value() // a key is a string: the decoder checks
			if err != nil {
				return nil, err
			}
			p.stack = append(p.stack, v)
		}
		n.Content = p.children(mark)
		_, err = p.dec.ReadToken()
	default:
		var raw jsontext.Value
		if raw, err = p.dec.ReadValue(); err == nil {
			n.Kind, n.Tag = yaml.ScalarNode, scalarTag(kind, raw)
			n.Value, err = p.text(kind, raw)
		}
	}
	if err != nil {
		return nil, p.syntaxError(err)
	}
	return n, nil
}

// children moves the nodes stacked since mark into a slice of their own.
func (p *jsonParser) children(mark int) []*yaml.Node {
	n := len(p.stack) - mark
	if n == 0 {
		return nil
	}
	if len(p.ptrs) < n {
		p.ptrs = make([]*yaml.Node, max(n, 4096))
	}
	out := p.ptrs[:n:n]
	p.ptrs = p.ptrs[n:]
	copy(out, p.stack[mark:])
	clear(p.stack[mark:])
	p.stack = p.stack[:mark]
	return out
}

// text is the value of a scalar: a string unquoted (short ones, such as
// keys, shared), anything else as written.
func (p *jsonParser) text(kind jsontext.Kind, raw []byte) (string, error) {
	if kind != '"' {
		return string(raw), nil
	}
	body := raw[1 : len(raw)-1]
	if bytes.IndexByte(body, '\\') >= 0 {
		b, err := jsontext.AppendUnquote(nil, raw)
		return string(b), err
	}
	if len(body) > 16 {
		return string(body), nil
	}
	if s, ok := p.short[string(body)]; ok {
		return s, nil
	}
	s := string(body)
	if len(p.short) < 4096 {
		p.short[s] = s
	}
	return s, nil
}

// scalarTag is the YAML tag of a JSON scalar.
func scalarTag(k jsontext.Kind, text []byte) string {
	switch k {
	case '"':
		return "!!str"
	case 't', 'f':
		return "!!bool"
	case 'n':
		return "!!null"
	}
	if bytes.ContainsAny(text, ".eE") {
		return "!!float"
	}
	return "!!int"
}

// syntaxError places a JSON syntax error at its line and column.
func (p *jsonParser) syntaxError(err error) *Error {
	off := len(p.data)
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		off = int(se.ByteOffset)
		err = se.Err
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("unexpected end of input")
	}
	p.off, p.line, p.col = 0, 1, 1
	line, col := p.at(off)
	return &Error{Pos: Pos{p.file, int32(line), int32(col)}, Msg: fmt.Sprintf("invalid JSON: %v", err)}
}
