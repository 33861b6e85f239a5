package cypher

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/exporttest"
)

func TestQuote(t *testing.T) {
	// Strings that break naive quoting, with the literal Quote must make of
	// each.
	hostile := []struct{ in, want string }{
		{"", `''`},
		{"plain", `'plain'`},
		{"o'neil", `'o\'neil'`},
		{`say "hi"`, `'say "hi"'`},
		{`back\slash`, `'back\\slash'`},
		{`trailing\`, `'trailing\\'`},
		{`\u0027 is not a quote`, `'\\u0027 is not a quote'`},
		{"' OR 1=1 // }); MATCH (n) DETACH DELETE n; //", `'\' OR 1=1 // }); MATCH (n) DETACH DELETE n; //'`},
		{"line1\nline2\r\n", `'line1\nline2\r\n'`},
		{"tab\tbs\bff\f", `'tab\tbs\bff\f'`},
		{"nul\x00 bell\a esc\x1b del\x7f c1\u0085", `'nul\u0000 bell\u0007 esc\u001B del\u007F c1\u0085'`},
		{"ls\u2028ps\u2029", `'ls\u2028ps\u2029'`},
		{"rtl\u202eevil\u200b zwsp", `'rtl\u202Eevil\u200B zwsp'`},
		{"tag \U000E0041", `'tag \uDB40\uDC41'`},
		{"<a> & </a> `tick` $param {map}", "'<a> & </a> `tick` $param {map}'"},
		{"Zürich — 東京 🚀 nbsp\u00a0", "'Zürich — 東京 🚀 nbsp\u00a0'"},
		{"bad \xff utf-8", `'bad \uFFFD utf-8'`},
	}
	for _, tt := range hostile {
		got := Quote(tt.in)
		if got != tt.want {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
		back, err := unquote(got)
		if err != nil {
			t.Errorf("Quote(%q) = %s: %v", tt.in, got, err)
			continue
		}
		if want := strings.ToValidUTF8(tt.in, "\uFFFD"); back != want {
			t.Errorf("Quote(%q) = %s reads back as %q", tt.in, got, back)
		}
	}
}

// unquote reads a single-quoted string literal as the Cypher manual
// defines it: a backslash starts one of the escapes \t \b \n \r \f \' \"
// \\ or \uXXXX; a quote or a line break may not stand unescaped.
func unquote(lit string) (string, error) {
	if len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
		return "", fmt.Errorf("not single-quoted")
	}
	body := lit[1 : len(lit)-1]
	var units []uint16
	var out strings.Builder
	flush := func() {
		out.WriteString(string(utf16.Decode(units)))
		units = units[:0]
	}
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == '\'' || c == '\n' || c == '\r':
			return "", fmt.Errorf("unescaped %q at %d", c, i)
		case c != '\\':
			flush()
			r, size := utf8.DecodeRuneInString(body[i:])
			out.WriteRune(r)
			i += size
			continue
		}
		if i+1 >= len(body) {
			return "", fmt.Errorf("dangling backslash")
		}
		e := body[i+1]
		i += 2
		if e == 'u' {
			if i+4 > len(body) {
				return "", fmt.Errorf("short \\u escape")
			}
			u, err := strconv.ParseUint(body[i:i+4], 16, 16)
			if err != nil {
				return "", err
			}
			units = append(units, uint16(u))
			i += 4
			continue
		}
		flush()
		s, ok := map[byte]string{'t': "\t", 'b': "\b", 'n': "\n", 'r': "\r", 'f': "\f", '\'': "'", '"': `"`, '\\': `\`}[e]
		if !ok {
			return "", fmt.Errorf("unknown escape \\%c", e)
		}
		out.WriteString(s)
	}
	flush()
	return out.String(), nil
}

func TestLiteral(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want string
	}{
		{true, "true"}, {3, "3"}, {1.0, "1.0"}, {2.5, "2.5"}, {1e21, "1000000000000000000000.0"},
		{[]string{"a", "b'c"}, `['a', 'b\'c']`}, {[]string(nil), "[]"},
	} {
		if got := Literal(tt.in); got != tt.want {
			t.Errorf("Literal(%#v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestGolden(t *testing.T) { exporttest.Golden(t, Write, ".cypher") }

// statements splits a script into its statements and counts the rows of
// their UNWIND lists.
func statements(t *testing.T, script string) (stmts []string, nodeRows, edgeRows int) {
	t.Helper()
	for _, s := range strings.SplitAfter(script, ";\n") {
		if s == "" {
			continue
		}
		stmts = append(stmts, s)
		rows := 0
		for _, line := range strings.Split(s, "\n") {
			switch {
			case strings.HasPrefix(line, "  {ref: "):
				nodeRows++
				rows++
			case strings.HasPrefix(line, "  {src: "):
				edgeRows++
				rows++
			}
		}
		if rows > Batch {
			t.Errorf("a statement of %d rows, more than %d", rows, Batch)
		}
	}
	return stmts, nodeRows, edgeRows
}

// TestRows checks that the script holds a row for every node and every
// edge, in batches, whatever the catalog's size.
func TestRows(t *testing.T) {
	for _, n := range []int{1, 10, Batch, 3 * Batch} {
		g := exporttest.FanIn(t, n)
		stmts, nodes, edges := statements(t, string(exporttest.Write(t, Write, g, nil)))
		if nodes != g.Order() || edges != g.Size() {
			t.Errorf("fan-in %d: %d node rows, %d edge rows; want %d, %d", n, nodes, edges, g.Order(), g.Size())
		}
		if !strings.HasPrefix(stmts[0], "// ") || !strings.Contains(stmts[0], "CREATE CONSTRAINT") {
			t.Errorf("fan-in %d: the script does not start with its comment and the constraint:\n%s", n, stmts[0])
		}
	}
}

// TestRandom checks the scripts of random catalogs: a row for every node
// and edge, and every string literal readable.
func TestRandom(t *testing.T) {
	exporttest.Random(t, 30, Write, func(t *testing.T, out []byte) (int, int) {
		literals(t, string(out))
		_, nodes, edges := statements(t, string(out))
		return nodes, edges
	})
}

// TestLiterals reads every string literal of the script back, as Neo4j's
// lexer would, and finds among them every string attribute of every node
// and edge of the hostile catalog.
func TestLiterals(t *testing.T) {
	g, ev := exporttest.Labels(t)
	script := string(exporttest.Write(t, Write, g, ev))
	read := literals(t, script)
	want := func(what string, attrs []graph.Attribute) {
		for _, a := range attrs {
			strs, _ := a.Value.([]string)
			if s, ok := a.Value.(string); ok {
				strs = []string{s}
			}
			for _, s := range strs {
				if !read[s] {
					t.Errorf("%s: %s %q is not among the literals", what, a.Name, s)
				}
			}
		}
	}
	for _, n := range g.Nodes() {
		want(n.Ref, g.NodeAttributes(n, ev))
		for _, e := range g.Edges(n) {
			want(n.Ref+" → "+e.To.Ref, append(e.Attributes(), graph.Attribute{Name: "dst", Value: e.To.Ref}))
		}
	}
}

// literals reads every string literal of a script back, as Neo4j's lexer
// would, skipping comment lines, and returns the strings.
func literals(t *testing.T, script string) map[string]bool {
	t.Helper()
	read := map[string]bool{}
	for i := 0; i < len(script); i++ {
		switch {
		case strings.HasPrefix(script[i:], "//") && (i == 0 || script[i-1] == '\n'):
			i += strings.IndexByte(script[i:], '\n')
		case script[i] == '\'':
			j := i + 1
			for ; j < len(script) && script[j] != '\''; j++ {
				if script[j] == '\\' {
					j++
				}
			}
			s, err := unquote(script[i : j+1])
			if err != nil {
				t.Fatalf("literal at %d: %v", i, err)
			}
			read[s] = true
			i = j
		}
	}
	return read
}
