package render_test

// TestMermaidRendersInBrowser renders WriteMermaid's output with the mermaid
// npm package in headless Chromium, as GitHub and other Markdown viewers
// do, and checks that every diagram draws without error and that no
// catalog string turns into markup or script.
//
// It needs Chromium and the mermaid package pinned in testdata/browser;
// .ci/browser-deps.sh installs both. Without them the test skips, or
// fails when the environment variable CI is set.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/browsertest"
	"github.com/blastradius/blastradius/render"
)

// browserDir holds the pinned mermaid package and the page's script.
const browserDir = "testdata/browser"

// browserTimeout bounds the one Chromium run that renders every diagram.
const browserTimeout = 60 * time.Second

// browserDiagram is one diagram for the page: a scene's Mermaid text, or a
// hand-written control.
type browserDiagram struct {
	Name      string `json:"name"`
	Text      string `json:"text"`
	scene     *render.Scene
	wantError bool // a control the page must report as broken
}

// browserResult is what testdata/browser/harness.js reports per diagram.
type browserResult struct {
	Name             string   `json:"name"`
	OK               bool     `json:"ok"`
	Error            string   `json:"error"`
	MS               int      `json:"ms"`
	SVGBytes         int      `json:"svgBytes"`
	RawScript        bool     `json:"rawScript"`
	RawAlert         bool     `json:"rawAlert"`
	Tags             []string `json:"tags"`
	Scripts          int      `json:"scripts"`
	Handlers         []string `json:"handlers"`
	URLs             []string `json:"urls"`
	AlertInAttribute []string `json:"alertInAttribute"`
	Nodes            int      `json:"nodes"`
	Clusters         int      `json:"clusters"`
	Edges            int      `json:"edges"`
	ErrorDiagram     bool     `json:"errorDiagram"`
	Text             string   `json:"text"`
	Style            string   `json:"style"`
	Title            *string  `json:"title"`
}

type browserReport struct {
	Done       bool            `json:"done"`
	Fatal      string          `json:"fatal"`
	Diagrams   []browserResult `json:"diagrams"`
	Fired      []string        `json:"fired"`
	PageErrors []string        `json:"pageErrors"`
}

func TestMermaidRendersInBrowser(t *testing.T) {
	chromium, mermaidJS, harnessJS := browserPrerequisites(t)
	diagrams := browserDiagrams(t)
	for _, d := range diagrams {
		if d.scene != nil {
			checkMermaidText(t, d)
		}
	}

	start := time.Now()
	rep, stderr := renderInChromium(t, chromium, mermaidJS, harnessJS, diagrams)
	t.Logf("chromium rendered %d diagrams with mermaid %s in %v", len(diagrams), mermaidVersion(t, mermaidJS), time.Since(start).Round(time.Millisecond))
	if rep.Fatal != "" || !rep.Done || len(rep.Diagrams) != len(diagrams) {
		t.Fatalf("the page did not finish (fatal: %q, done: %v, %d of %d diagrams); chromium stderr:\n%s",
			rep.Fatal, rep.Done, len(rep.Diagrams), len(diagrams), stderr)
	}
	if len(rep.Fired) > 0 {
		t.Errorf("catalog strings ran script in the page: %q", rep.Fired)
	}
	if len(rep.PageErrors) > 0 {
		t.Errorf("the page reported errors: %q", rep.PageErrors)
	}
	for i, d := range diagrams {
		checkBrowserResult(t, d, rep.Diagrams[i], rep)
	}
}

// browserPrerequisites finds Chromium, mermaid.min.js and the page script,
// or skips (fails under CI) when one is missing.
func browserPrerequisites(t *testing.T) (chromium, mermaidJS, harnessJS string) {
	t.Helper()
	chromium = browsertest.Chromium(t)
	dir, err := filepath.Abs(browserDir)
	if err != nil {
		t.Fatal(err)
	}
	harnessJS = filepath.Join(dir, "harness.js")
	if _, err := os.Stat(harnessJS); err != nil {
		t.Fatal(err)
	}
	mermaidJS = filepath.Join(dir, "node_modules", "mermaid", "dist", "mermaid.min.js")
	if _, err := os.Stat(mermaidJS); err != nil {
		browsertest.Missing(t, "the mermaid npm package is not installed in render/"+browserDir+" ("+err.Error()+")")
	}
	return chromium, mermaidJS, harnessJS
}

// browserDiagrams lists the diagrams to render: the bundled example's
// impact (full, collapsed into groups, radial), its dependency diagram, the
// same for a hostile catalog, and one broken control.
func browserDiagrams(t *testing.T) []*browserDiagram {
	t.Helper()
	var out []*browserDiagram
	add := func(name string, s *render.Scene) {
		var b bytes.Buffer
		if err := render.WriteMermaid(&b, s); err != nil {
			t.Fatal(err)
		}
		out = append(out, &browserDiagram{Name: name, Text: b.String(), scene: s})
	}

	// scene takes what Impact and Dependencies return.
	scene := func(s *render.Scene, err error) *render.Scene {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	ex, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}
	g, ev := browserEvaluate(t, ex, "aws-2021-12-07")
	add("example impact", scene(render.BlastRadius(g, ev, render.Options{})))
	collapsed := scene(render.BlastRadius(g, ev, render.Options{MaxNodes: 20}))
	if !slices.ContainsFunc(collapsed.Nodes, func(n *render.Node) bool { return n.Group > 0 }) {
		t.Fatal("the example's impact with MaxNodes 20 has no group node; pick a smaller budget")
	}
	add("example impact, collapsed to 20 nodes", collapsed)
	add("example impact, radial", scene(render.BlastRadius(g, ev, render.Options{Layout: render.Radial})))
	add("example dependencies", scene(render.Dependencies(g, nil, "AWS example dependencies", render.Options{})))

	hostile, err := catalog.LoadFS(fstest.MapFS{"hostile.yaml": {Data: hostileCatalog(t)}}, ".")
	if err != nil {
		t.Fatalf("the hostile catalog does not load: %v", err)
	}
	hg, hev := browserEvaluate(t, hostile, hostileScenario)
	add("hostile impact", scene(render.BlastRadius(hg, hev, render.Options{})))
	hcollapsed := scene(render.BlastRadius(hg, hev, render.Options{MaxNodes: 4}))
	if !slices.ContainsFunc(hcollapsed.Nodes, func(n *render.Node) bool { return n.Group > 0 }) {
		t.Fatal("the hostile impact with MaxNodes 4 has no group node")
	}
	add("hostile impact, collapsed to 4 nodes", hcollapsed)
	add("hostile impact, radial", scene(render.BlastRadius(hg, hev, render.Options{Layout: render.Radial})))
	add("hostile dependencies", scene(render.Dependencies(hg, nil, hostileStrings[7]+" "+hostileStrings[3], render.Options{})))
	add("hostile dependencies, folded", scene(render.Dependencies(hg, nil, hostileStrings[2], render.Options{MaxNodes: 5})))

	// The control proves that the page reports a diagram mermaid rejects.
	out = append(out, &browserDiagram{Name: "control: broken syntax", Text: "flowchart LR\n  a[[[ -->\n", wantError: true})
	return out
}

func browserEvaluate(t *testing.T, c *catalog.Catalog, scenario string) (*graph.Graph, *graph.Evaluation) {
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

// hostileStrings are names that Mermaid, HTML or JavaScript could read as
// syntax. Names may hold any printable character.
var hostileStrings = []string{
	`<script>alert(1)</script>`,
	`"]; evil["pwned"]; click n0 call alert() %% "`,
	`#quot; #34; #60;script#62; &quot; &lt;b&gt; &#60;i&#62; \" \n`,
	"`markdown` **bold** _it_ `<b>x</b>`",
	`%% comment %%{init: {"securityLevel": "loose", "theme": "dark"}}%%`,
	`click n0 call alert()`,
	`--> ==> -.-> --- ~~~ |edge| :::root ; end subgraph classDef style linkStyle`,
	`<img src=x onerror=alert(1)> <svg onload=alert(1)> <a href="javascript:alert(1)">link</a>`,
	`</span></div></foreignObject><script>alert(2)</script><foreignObject><div>`,
	`{{hexagon}} ((circle)) [[sub]] [(db)] >flag] [/para/] {diamond} (round) [square]`,
	`style:#f00; classDef:#0f0; fill:#00f; color:red; stroke-width:9px`,
	`${alert(1)} {{constructor.constructor('alert(1)')()}} javascript:alert(1)`,
	`ﬂ°lt¶ßimg src=x onerror=alert(3)ﬂ°gt¶ß ﬂ°°60¶ßscriptﬂ°°62¶ß`,
	"日本語 — ünïcödé 🚀 Ελληνικά עברית العربية \u202eRTL\u202c zero\u200bwidth",
	`'single' "double" back\slash <br/> <br> line<br/>break 100% 50%% done`,
}

// hostileIDs are ids that Mermaid, HTML or JavaScript could read as
// syntax. Ids may hold any printable character but "/", "@" and spaces.
var hostileIDs = []string{
	`<script>alert(1)<script>`,             // 0: provider
	`"];evil[`,                             // 1: region
	`#quot;`,                               // 2: zone
	"`tick`",                               // 3: zone
	`%%`,                                   // 4: zone
	`-->`,                                  // 5: region
	`end`,                                  // 6: zone
	`x"onmouseover="alert(1)`,              // 7: service, zonal
	`click`,                                // 8: service, regional
	`%%{init:{"securityLevel":"loose"}}%%`, // 9: service, global
	`日本🚀`,                                  // 10: customer
	`subgraph`,                             // 11: customer
	`<b>b<b>&amp;#35;`,                     // 12: customer
	`"];x[`,                                // 13: scenario
	`classDef`,                             // 14: customer
	`ﬂ°lt¶ß`,                               // 15: customer
}

const hostileScenario = `"];x[`

// hostileCatalog builds a catalog whose every id and name is hostile.
func hostileCatalog(t *testing.T) []byte {
	t.Helper()
	id, name := hostileIDs, hostileStrings
	prov := id[0]
	loc := func(l string) string { return prov + "@" + l }
	svc := func(s, l string) string { return prov + "/" + s + "@" + l }
	type m = map[string]any
	doc := m{
		"version": 1,
		"providers": []m{{
			"id": prov, "name": name[0] + " " + name[1],
			"regions": []m{
				{"id": id[1], "name": name[2], "zones": []string{id[2], id[3], id[4]}},
				{"id": id[5], "name": name[3], "zones": []string{id[6]}},
			},
			"services": []m{
				{"id": id[7], "name": name[4], "scope": "zonal"},
				{"id": id[8], "name": name[5], "depends_on": []any{id[7], m{"ref": prov + "/" + id[9], "impact": "degraded"}}},
				{"id": id[9], "name": name[6], "scope": "global"},
			},
		}},
		"customers": []m{
			{"id": id[10], "name": name[7], "depends_on": []any{svc(id[8], id[1])}},
			{"id": id[11], "name": name[8], "depends_on": []any{m{"any_of": []string{svc(id[8], id[1]), svc(id[8], id[5])}}}},
			{"id": id[12], "name": name[9], "depends_on": []any{svc(id[7], id[2]), m{"ref": id[10], "impact": "degraded"}}},
			{"id": id[14], "name": name[10], "depends_on": []any{m{"quorum": 2, "of": []string{svc(id[7], id[2]), svc(id[7], id[3]), svc(id[7], id[4])}}}},
			{"id": id[15], "name": name[12], "depends_on": []any{svc(id[8], id[1]), loc(id[6])}},
			{"id": "plain", "name": name[13], "depends_on": []any{svc(id[8], id[5])}},
			{"id": "quoted", "name": name[14], "depends_on": []any{id[11]}},
			{"id": "braces", "name": name[11], "depends_on": []any{m{"ref": svc(id[8], id[1]), "impact": "degraded"}}},
		},
		"scenarios": []m{{"id": hostileScenario, "name": name[0] + " " + name[4] + " " + name[13], "fail": []string{loc(id[1])}}},
	}
	data, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Mermaid text grammar: every line WriteMermaid writes is one of these,
// and every catalog string sits in a label that holds no quote, no markup
// and no character Mermaid reads as syntax, only entity codes and <br/>.
var (
	mermaidLabel = `(?:[^"<>#&%\x60\\\[\]{}()|\n]|#[0-9]+;|<br/>)*`
	mermaidLines = []*regexp.Regexp{
		regexp.MustCompile(`^flowchart LR$`),
		regexp.MustCompile(`^(?:  )+subgraph cluster_[0-9]+\["` + mermaidLabel + `"\]$`),
		regexp.MustCompile(`^(?:  )+end$`),
		regexp.MustCompile(`^(?:  )+[ng][0-9]+(?:\["` + mermaidLabel + `"\]|\{\{"` + mermaidLabel + `"\}\}|\[\["` + mermaidLabel + `"\]\]):::(?:root|down|degraded|context|neutral)$`),
		regexp.MustCompile(`^  notes\["` + mermaidLabel + `"\]:::note$`),
		regexp.MustCompile(`^  [ng][0-9]+ (?:-->|==>|-\.->|-- guess -->|== guess ==>|-\. guess \.->) [ng][0-9]+$`),
		regexp.MustCompile(`^  classDef (?:root|down|degraded|context|neutral|note) [a-z-]+:[#0-9A-Za-z. ]+(?:,[a-z-]+:[#0-9A-Za-z. ]+)*$`),
		regexp.MustCompile(`^  linkStyle [0-9]+(?:,[0-9]+)* stroke:#[0-9A-F]{6},stroke-width:[0-9]+px$`),
	}
	mermaidEntity = regexp.MustCompile(`#([0-9]+);`)
)

// checkMermaidText checks the escaping on the text side: the front matter
// holds the title as one JSON string, and every other line follows the
// grammar above.
func checkMermaidText(t *testing.T, d *browserDiagram) {
	t.Helper()
	if strings.Contains(strings.ToLower(d.Text), "<script") {
		t.Errorf("%s: the Mermaid text holds <script", d.Name)
	}
	lines := strings.Split(strings.TrimSuffix(d.Text, "\n"), "\n")
	if len(lines) < 5 || lines[0] != "---" || lines[2] != "---" || !strings.HasPrefix(lines[1], "title: ") {
		t.Fatalf("%s: no front matter with a title:\n%s", d.Name, d.Text)
	}
	var title string
	if err := json.Unmarshal([]byte(strings.TrimPrefix(lines[1], "title: ")), &title); err != nil {
		t.Errorf("%s: the title is not one JSON string: %v\n%s", d.Name, err, lines[1])
	} else if want := strings.NewReplacer("<", "\u2039", ">", "\u203a").Replace(d.scene.Title + " · " + d.scene.Subtitle); title != want {
		t.Errorf("%s: title %q, want %q", d.Name, title, want)
	}
	if strings.ContainsAny(lines[1], "<>&") {
		t.Errorf("%s: the title line holds <, > or & unescaped: %s", d.Name, lines[1])
	}
	for i, l := range lines[3:] {
		if !slices.ContainsFunc(mermaidLines, func(re *regexp.Regexp) bool { return re.MatchString(l) }) {
			t.Errorf("%s: line %d is not one WriteMermaid should write: %q", d.Name, i+4, l)
		}
	}
	// Each label decodes back to the scene's text.
	var want []string
	for _, n := range d.scene.Nodes {
		want = append(want, n.Label)
		if n.Name != "" {
			want = append(want, n.Name)
		}
	}
	decoded := mermaidEntity.ReplaceAllStringFunc(d.Text, func(e string) string {
		r, err := strconv.Atoi(e[1 : len(e)-1])
		if err != nil {
			return e
		}
		return string(rune(r))
	})
	for _, w := range want {
		if !strings.Contains(decoded, w) {
			t.Errorf("%s: no label decodes to %q", d.Name, w)
		}
	}
}

// renderInChromium renders every diagram in one headless Chromium run and
// returns the page's report and Chromium's stderr.
func renderInChromium(t *testing.T, chromium, mermaidJS, harnessJS string, diagrams []*browserDiagram) (*browserReport, string) {
	t.Helper()
	dir := t.TempDir()
	list, err := json.Marshal(diagrams) // escapes <, > and &: safe inside <script>
	if err != nil {
		t.Fatal(err)
	}
	page := `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>blastradius mermaid test</title></head>
<body>
<pre id="result">pending</pre>
<div id="host"></div>
<script type="application/json" id="diagrams">` + string(list) + `</script>
<script src="` + html.EscapeString(browsertest.FileURL(mermaidJS)) + `"></script>
<script src="` + html.EscapeString(browsertest.FileURL(harnessJS)) + `"></script>
</body></html>
`
	pagePath := filepath.Join(dir, "page.html")
	if err := os.WriteFile(pagePath, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	profile := filepath.Join(dir, "profile")
	stdout, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	var stderr bytes.Buffer

	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, append(browsertest.Flags(profile),
		"--virtual-time-budget=30000", "--dump-dom", browsertest.FileURL(pagePath))...)
	// Chromium's helpers may outlive it holding stderr; stdout is a file.
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	runErr := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("chromium did not finish within %v; stderr:\n%s", browserTimeout, stderr.String())
	}
	dom, err := os.ReadFile(stdout.Name())
	if err != nil {
		t.Fatal(err)
	}
	if runErr != nil {
		t.Fatalf("chromium: %v; stderr:\n%s", runErr, stderr.String())
	}
	m := regexp.MustCompile(`<pre id="result">([^<]*)</pre>`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("no result in the page chromium dumped (%d bytes); stderr:\n%s", len(dom), stderr.String())
	}
	if string(m[1]) == "pending" {
		t.Fatalf("the page did not finish within chromium's virtual time budget; stderr:\n%s", stderr.String())
	}
	raw, err := base64.StdEncoding.DecodeString(string(m[1]))
	if err != nil {
		t.Fatalf("result: %v", err)
	}
	var rep browserReport
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatalf("result: %v", err)
	}
	return &rep, stderr.String()
}

// svgTags are the elements a Mermaid flowchart may hold. Anything else
// (a, img, script, iframe, b, i, ...) came from a catalog string.
var svgTags = []string{
	"br", "circle", "defs", "div", "ellipse", "fedropshadow", "filter", "foreignobject", "g",
	"line", "marker", "p", "path", "polygon", "rect", "span", "style", "svg", "text", "tspan",
}

// checkBrowserResult checks what the page reported for one diagram.
func checkBrowserResult(t *testing.T, d *browserDiagram, r browserResult, rep *browserReport) {
	t.Helper()
	if r.Name != d.Name {
		t.Fatalf("result %q for diagram %q", r.Name, d.Name)
	}
	if d.wantError {
		if r.OK || r.Error == "" {
			t.Errorf("%s: mermaid rendered the broken control; the page cannot tell a broken diagram", d.Name)
		}
		return
	}
	t.Logf("%s: %d nodes, %d clusters, %d edges, %d bytes of SVG in %d ms", d.Name, r.Nodes, r.Clusters, r.Edges, r.SVGBytes, r.MS)
	if !r.OK {
		t.Errorf("%s: mermaid failed: %s\n%s", d.Name, r.Error, d.Text)
		return
	}
	if r.ErrorDiagram {
		t.Errorf("%s: mermaid drew its error diagram", d.Name)
	}
	if first := rep.Diagrams[0]; r.Style != first.Style {
		t.Errorf("%s: mermaid drew with other styles than for %s: a directive or setting in the text took effect", d.Name, first.Name)
	}
	wantNodes := len(d.scene.Nodes)
	if len(d.scene.Notes) > 0 {
		wantNodes++
	}
	if r.Nodes == 0 || r.Nodes != wantNodes {
		t.Errorf("%s: the SVG has %d nodes, want %d", d.Name, r.Nodes, wantNodes)
	}
	if want := countClusters(d.scene.Clusters); r.Clusters != want {
		t.Errorf("%s: the SVG has %d clusters, want %d", d.Name, r.Clusters, want)
	}
	if r.Edges != len(d.scene.Edges) {
		t.Errorf("%s: the SVG has %d edges, want %d", d.Name, r.Edges, len(d.scene.Edges))
	}
	if r.RawScript || r.Scripts > 0 {
		t.Errorf("%s: the SVG holds a <script> element", d.Name)
	}
	if r.RawAlert || len(r.AlertInAttribute) > 0 {
		t.Errorf("%s: the SVG holds alert( in markup: %q", d.Name, r.AlertInAttribute)
	}
	if len(r.Handlers) > 0 {
		t.Errorf("%s: the SVG holds event handler attributes: %q", d.Name, r.Handlers)
	}
	if len(r.URLs) > 0 {
		t.Errorf("%s: the SVG holds links or URLs: %q", d.Name, r.URLs)
	}
	for _, tag := range r.Tags {
		if !slices.Contains(svgTags, strings.ToLower(tag)) {
			t.Errorf("%s: the SVG holds a <%s> element, which no flowchart has", d.Name, tag)
		}
	}
	// The drawing shows each catalog string as text, as written.
	var want []string
	for _, n := range d.scene.Nodes {
		want = append(want, n.Label, n.Name)
	}
	var labels func([]*render.Cluster)
	labels = func(cs []*render.Cluster) {
		for _, c := range cs {
			want = append(want, c.Label)
			labels(c.Children)
		}
	}
	labels(d.scene.Clusters)
	space := regexp.MustCompile(`\s+`)
	for _, w := range want {
		w = strings.TrimSpace(space.ReplaceAllString(w, " "))
		if w == "" || strings.Contains(r.Text, w) {
			continue
		}
		if why := mermaidQuirk(w, false); why != "" {
			t.Logf("%s: the drawing does not show %q as written: %s (a known Mermaid quirk)", d.Name, w, why)
			continue
		}
		t.Errorf("%s: the drawing does not show %q", d.Name, w)
	}
	title := strings.TrimSpace(space.ReplaceAllString(d.scene.Title+" · "+d.scene.Subtitle, " "))
	switch {
	case r.Title == nil:
		t.Errorf("%s: the drawing has no title", d.Name)
	case *r.Title == title:
	case mermaidQuirk(title, true) != "":
		t.Logf("%s: the drawing's title is %q, not %q: %s (a known Mermaid quirk)", d.Name, *r.Title, title, mermaidQuirk(title, true))
	default:
		t.Errorf("%s: the drawing's title is %q, want %q", d.Name, *r.Title, title)
	}
}

// mermaidQuirk says why Mermaid shows s other than as written, for the
// cases known to happen with WriteMermaid's escaping, or "". None of them
// turns text into markup; the page checks that apart.
func mermaidQuirk(s string, title bool) string {
	switch {
	case strings.Contains(s, "ﬂ°") || strings.Contains(s, "¶ß"):
		return "Mermaid decodes its own entity placeholders ﬂ°…¶ß even in text it did not encode"
	case title && strings.ContainsAny(s, "<>"):
		return "WriteMermaid draws < and > in the title as ‹ and ›, since Mermaid sanitizes the title as HTML"
	case strings.Contains(s, `\n`):
		return `Mermaid draws a \n in a label holding <br/> as a line break`
	}
	return ""
}

// mermaidVersion reads the version of the mermaid package in use.
func mermaidVersion(t *testing.T, mermaidJS string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(filepath.Dir(mermaidJS), "..", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct{ Version string }
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	return pkg.Version
}

func countClusters(cs []*render.Cluster) int {
	n := len(cs)
	for _, c := range cs {
		n += countClusters(c.Children)
	}
	return n
}
