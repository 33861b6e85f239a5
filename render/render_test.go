package render

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/internal/golden"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/graph"
)

// exampleEvaluation evaluates the bundled example's scenario.
func exampleEvaluation(t testing.TB) (*graph.Graph, *graph.Evaluation) {
	t.Helper()
	c, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}
	return evaluate(t, c, "aws-2021-12-07")
}

func evaluate(t testing.TB, c *catalog.Catalog, scenario string) (*graph.Graph, *graph.Evaluation) {
	t.Helper()
	g := graph.New(c)
	s, err := c.LookupScenario(scenario)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := g.Evaluate(graph.ScenarioOf(s))
	if err != nil {
		t.Fatal(err)
	}
	return g, ev
}

// must unwraps a scene, failing the test on an error.
func must(t testing.TB) func(*Scene, error) *Scene {
	return func(s *Scene, err error) *Scene {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

// scenes are the diagrams the golden and SVG tests draw.
func scenes(t *testing.T) map[string]*Scene {
	g, ev := exampleEvaluation(t)
	focus, err := g.Neighborhood("roomba", graph.Dependencies, -1)
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Load("testdata/evidence.yaml")
	if err != nil {
		t.Fatal(err)
	}
	eg, eev := evaluate(t, c, "net")
	return map[string]*Scene{
		"impact-evidence":  must(t)(BlastRadius(eg, eev, Options{})),
		"impact":           must(t)(BlastRadius(g, ev, Options{})),
		"impact-collapsed": must(t)(BlastRadius(g, ev, Options{MaxNodes: 20})),
		"impact-radial":    must(t)(BlastRadius(g, ev, Options{Layout: Radial})),
		"deps":             must(t)(Dependencies(g, nil, "Dependencies", Options{})),
		"deps-roomba":      must(t)(Dependencies(g, focus, "Dependencies around roomba", Options{})),
		"deps-folded":      must(t)(Dependencies(g, nil, "Dependencies", Options{MaxNodes: 30})),
	}
}

func TestGoldenText(t *testing.T) {
	for name, s := range scenes(t) {
		t.Run(name, func(t *testing.T) {
			var dot, mmd bytes.Buffer
			if err := WriteDOT(&dot, s); err != nil {
				t.Fatal(err)
			}
			if err := WriteMermaid(&mmd, s); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", name+".dot"), dot.Bytes())
			golden.Check(t, filepath.Join("testdata", "golden", name+".mmd"), mmd.Bytes())
		})
	}
}

// svgNode is what the SVG draws for one node: its title (the node id), its
// text lines and the fills of its shapes.
type svgNode struct {
	title string
	texts []string
	fills []string
}

// parseSVG reads every <g class="node"> of Graphviz SVG, however deep its
// shapes and texts sit (tooltips wrap them in links).
func parseSVG(t *testing.T, svg []byte) map[string]*svgNode {
	t.Helper()
	nodes := map[string]*svgNode{}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = false
	var cur *svgNode
	depth, nodeDepth := 0, -1
	var field *string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			attr := func(name string) string {
				for _, a := range el.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch {
			case el.Name.Local == "g" && attr("class") == "node":
				cur, nodeDepth = &svgNode{}, depth
			case cur != nil && el.Name.Local == "title" && cur.title == "":
				field = &cur.title
			case cur != nil && el.Name.Local == "text":
				cur.texts = append(cur.texts, "")
				field = &cur.texts[len(cur.texts)-1]
			case cur != nil && attr("fill") != "":
				cur.fills = append(cur.fills, attr("fill"))
			}
		case xml.CharData:
			if field != nil {
				*field += string(el)
			}
		case xml.EndElement:
			field = nil
			if depth == nodeDepth {
				nodes[cur.title] = cur
				cur, nodeDepth = nil, -1
			}
			depth--
		}
	}
	return nodes
}

func renderSVG(t *testing.T, r *Renderer, s *Scene) (map[string]*svgNode, []byte) {
	t.Helper()
	var out bytes.Buffer
	if err := r.Render(&out, s, SVG); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(out.Bytes(), new(struct{})); err != nil {
		t.Fatalf("SVG is not XML: %v", err)
	}
	return parseSVG(t, out.Bytes()), out.Bytes()
}

// TestSVG parses the SVG of each scene and checks that every node is drawn
// with its state's marker and fill, and that impacts carry the legend.
func TestSVG(t *testing.T) {
	r, err := NewRenderer(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for name, s := range scenes(t) {
		t.Run(name, func(t *testing.T) {
			drawn, _ := renderSVG(t, r, s)
			for _, n := range s.Nodes {
				g, ok := drawn[n.ID]
				if !ok {
					t.Errorf("node %s (%s) is not drawn", n.ID, n.Label)
					continue
				}
				text := strings.Join(g.texts, "\n")
				if !strings.Contains(text, n.Label) {
					t.Errorf("node %s: text %q lacks its label %q", n.ID, text, n.Label)
				}
				st := styles[n.Role]
				if st.marker != "" && !strings.Contains(text, st.marker) {
					t.Errorf("node %s: text %q lacks the marker %s", n.ID, text, st.marker)
				}
				if !hasFill(g, st.fill) {
					t.Errorf("node %s (%s): no shape filled %s", n.ID, n.Label, st.fill)
				}
			}
			_, legend := drawn["legend"]
			if legend != s.Legend {
				t.Errorf("legend drawn = %v, want %v", legend, s.Legend)
			}
		})
	}
}

func hasFill(g *svgNode, fill string) bool {
	for _, f := range g.fills {
		if strings.EqualFold(f, fill) {
			return true
		}
	}
	return false
}

// TestCollapse checks the collapsed impact: within budget, every affected
// customer still counted, and the picture says what it left out.
func TestCollapse(t *testing.T) {
	g, ev := exampleEvaluation(t)
	for _, budget := range []int{5, 20, 40, 60, 1000} {
		s := must(t)(BlastRadius(g, ev, Options{MaxNodes: budget}))
		customers := 0
		for _, n := range s.Nodes {
			switch {
			case n.Group > 0 && strings.Contains(n.Label, "customer"):
				customers += n.Group
			case n.Ref != "" && g.Catalog().Node(n.Ref).Kind == catalog.KindCustomer:
				customers++
			}
		}
		sum := ev.Summary()
		if customers != sum.Down+sum.Degraded {
			t.Errorf("budget %d: %d customers drawn or counted, want %d", budget, customers, sum.Down+sum.Degraded)
		}
		if len(s.Nodes) > budget && budget >= 20 {
			t.Errorf("budget %d: %d nodes", budget, len(s.Nodes))
		}
		if len(g.Catalog().Nodes()) > budget && len(s.Notes) == 0 {
			t.Errorf("budget %d: collapsed without a note", budget)
		}
	}
}

// hostile is a catalog whose strings try to break out of every format.
const hostile = `version: 1
providers:
  - id: p
    name: '</title><script>alert(1)</script>'
    regions: [{id: r, name: '"]; evil [', zones: [z]}]
    services: [{id: s, name: 'back\slash \N \G {a|b} <b>&amp;', depends_on: []}]
customers:
  - id: '<img_src=x_onerror=alert(1)>'
    name: '"]; n0 -> n1 [label="x'
    depends_on: [p/s@r]
  - id: 'x"];click_n0_call_alert()'
    name: '<script>alert(1)</script> #quot; %% click n0 call alert() --> ` + "`md`" + ` ]]>'
    depends_on: ['<img_src=x_onerror=alert(1)>']
scenarios: [{id: s, fail: [p@r]}]
`

// dotString matches a DOT quoted string, escapes included.
var dotString = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// TestEscaping renders a hostile catalog in all four formats: every string
// must come out as inert text.
func TestEscaping(t *testing.T) {
	c, err := catalog.LoadFS(fstest.MapFS{"h.yaml": {Data: []byte(hostile)}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	g, ev := evaluate(t, c, "s")
	s := must(t)(BlastRadius(g, ev, Options{}))
	r, err := NewRenderer(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	var dot bytes.Buffer
	if err := WriteDOT(&dot, s); err != nil {
		t.Fatal(err)
	}
	// Outside quoted strings, nothing of the catalog may remain.
	bare := dotString.ReplaceAllString(dot.String(), `""`)
	for _, bad := range []string{"script", "alert", "evil", "label=\"x"} {
		if strings.Contains(bare, bad) {
			t.Errorf("DOT holds %q outside a quoted string:\n%s", bad, bare)
		}
	}
	drawn, svg := renderSVG(t, r, s)
	if bytes.Contains(svg, []byte("<script")) || bytes.Contains(svg, []byte("<b>")) || bytes.Contains(svg, []byte("<img")) {
		t.Errorf("SVG holds markup from the catalog")
	}
	texts := ""
	for _, g := range drawn {
		texts += strings.Join(g.texts, "\n") + "\n"
	}
	for _, want := range []string{`<script>alert(1)</script>`, `<img_src=x_onerror=alert(1)>`, `"]; n0 -> n1 [label="x`, `back\slash \N \G {a|b} <b>&amp;`} {
		if !strings.Contains(texts, want) {
			t.Errorf("SVG text lacks %q verbatim:\n%s", want, texts)
		}
	}
	if nodes := len(drawn); nodes != len(s.Nodes)+1 { // the legend too
		t.Errorf("SVG has %d nodes, want %d: a label added nodes", nodes, len(s.Nodes)+1)
	}

	var mmd bytes.Buffer
	if err := WriteMermaid(&mmd, s); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "<img", `"]; `, "`md`", "%%"} {
		if strings.Contains(mmd.String(), bad) {
			t.Errorf("Mermaid holds %q:\n%s", bad, mmd.String())
		}
	}

	var img bytes.Buffer
	if err := r.Render(&img, s, PNG); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(&img); err != nil {
		t.Errorf("PNG does not decode: %v", err)
	}
}

// TestDeterministic renders each format twice: the bytes must match.
func TestDeterministic(t *testing.T) {
	g, ev := exampleEvaluation(t)
	r, err := NewRenderer(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, f := range []Format{DOT, Mermaid, SVG, PNG} {
		var a, b bytes.Buffer
		if err := r.Render(&a, must(t)(BlastRadius(g, ev, Options{})), f); err != nil {
			t.Fatal(err)
		}
		if err := r.Render(&b, must(t)(BlastRadius(g, ev, Options{})), f); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s differs between two renders", f)
		}
	}
}
