package report_test

// The browser tests open the HTML report in headless Chromium and check
// it as a reader's browser sees it: it loads nothing, logs nothing, has
// every section, shows the numbers `blastradius rank --format json` gives,
// and runs nothing a catalog smuggles into it.
//
// They drive Chromium over the DevTools protocol through a pipe
// (--remote-debugging-pipe) with internal/browsertest's client, and
// observe the page's requests (Network.requestWillBeSent),
// console (Runtime.consoleAPICalled, Log.entryAdded), uncaught exceptions
// (Runtime.exceptionThrown), dialogs (Page.javascriptDialogOpening) and
// DevTools issues (Audits.issueAdded). Control pages prove each observer
// sees what it should.
//
// They need Chromium, which .ci/browser-deps.sh installs. Without it they
// skip, or fail when the environment variable CI is set.
//
// TestReportInBrowser saves a full-page screenshot of the example report
// in its temporary directory and, when BLASTRADIUS_SCREENSHOT names a PNG
// file, there too; TestReportXSSInBrowser then saves its own beside it,
// with "-xss" before the extension.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/browsertest"
	"github.com/blastradius/blastradius/report"
)

// reportBrowserTimeout bounds one test's use of Chromium, from start to
// exit.
const reportBrowserTimeout = 60 * time.Second

// reportInspectJS is the function the tests evaluate in the page.
const reportInspectJS = "testdata/browser/inspect.js"

// reportSections are the ids of the report's sections, in order.
var reportSections = []string{"summary", "catalog", "failures", "concentration", "spofs", "scenarios", "policies"}

// reportLevels are the levels the report ranks, in its order.
var reportLevels = []catalog.Level{catalog.LevelProvider, catalog.LevelRegion, catalog.LevelZone, catalog.LevelService}

func TestReportInBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	start := time.Now()
	cat, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(cat)
	dir := t.TempDir()
	page := writeBrowserReport(t, g, "Blast-radius report: AWS us-east-1, 7 December 2021", dir)
	t.Logf("wrote the example report in %v", time.Since(start).Round(time.Millisecond))

	b := browsertest.Start(t, chromium)
	ctx, cancel := context.WithTimeout(context.Background(), reportBrowserTimeout)
	defer cancel()

	p := b.Open(ctx, t, browsertest.FileURL(page), false)
	var got reportInspection
	inspect(ctx, t, p, false, &got)
	shot := p.Screenshot(ctx, t)
	browsertest.SaveScreenshot(t, shot, filepath.Join(dir, "report.png"), os.Getenv("BLASTRADIUS_SCREENSHOT"))
	browsertest.CheckQuiet(t, "the example report", p.Log())
	checkInertPage(t, "the example report", &got)
	checkIDs(t, "the example report", &got, len(cat.Scenarios))
	checkSections(t, &got)
	checkSummary(t, g, &got)
	checkLayout(t, "the example report", &got)
	checkObserversSee(ctx, t, b, dir)
	t.Logf("chromium (%s) checked the example report (%d elements, %d px tall) in %v",
		b.Version, countElements(got.Tags), got.Layout.Height, time.Since(start).Round(time.Millisecond))
}

func TestReportXSSInBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	start := time.Now()
	hostile, err := catalog.LoadFS(fstest.MapFS{"hostile.yaml": {Data: xssCatalog(t)}}, ".")
	if err != nil {
		t.Fatalf("the hostile catalog does not load: %v", err)
	}
	g := graph.New(hostile)
	dir := t.TempDir()
	page := writeBrowserReport(t, g, xssTitle, dir)
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	// Escaped markup cannot hold the payloads' markup as written.
	for _, s := range []string{"<script", "<img", "<iframe", "<base", "<svg onload", "<foreignObject", "<meta http-equiv=\"refresh", "alert(1)</"} {
		if bytes.Contains(bytes.ToLower(html), bytes.ToLower([]byte(s))) {
			t.Errorf("the hostile report's HTML holds %q unescaped", s)
		}
	}

	b := browsertest.Start(t, chromium)
	ctx, cancel := context.WithTimeout(context.Background(), reportBrowserTimeout)
	defer cancel()

	// First as a reader opens it, under the page's Content-Security-Policy.
	p := b.Open(ctx, t, browsertest.FileURL(page), false)
	var got reportInspection
	inspect(ctx, t, p, true, &got)
	if path := os.Getenv("BLASTRADIUS_SCREENSHOT"); path != "" {
		browsertest.SaveScreenshot(t, p.Screenshot(ctx, t), strings.TrimSuffix(path, filepath.Ext(path))+"-xss"+cmp.Or(filepath.Ext(path), ".png"))
	}
	browsertest.CheckQuiet(t, "the hostile report", p.Log())
	checkInertPage(t, "the hostile report", &got)
	checkIDs(t, "the hostile report", &got, len(hostile.Scenarios))
	checkSections(t, &got)
	if got.Title != xssTitle {
		t.Errorf("the hostile report's title reads %q, want %q", got.Title, xssTitle)
	}
	text := strings.Join(strings.Fields(got.Text), " ")
	for _, s := range xssShown {
		if !strings.Contains(text, strings.Join(strings.Fields(s), " ")) {
			t.Errorf("the hostile report does not show %q as text", s)
		}
	}

	// Then with the policy switched off (Page.setBypassCSP), so that the
	// escaping alone must keep the payloads from running.
	bp := b.Open(ctx, t, browsertest.FileURL(page), true)
	var bypassed reportInspection
	inspect(ctx, t, bp, false, &bypassed)
	browsertest.CheckQuiet(t, "the hostile report without its CSP", bp.Log())
	checkInertPage(t, "the hostile report without its CSP", &bypassed)

	checkObserversSee(ctx, t, b, dir)
	t.Logf("chromium (%s) opened the hostile report twice in %v", b.Version, time.Since(start).Round(time.Millisecond))
}

// writeBrowserReport writes the report of g into dir as the report command
// does (index.html with its diagrams drawn by Graphviz) and returns the
// page's path.
func writeBrowserReport(t *testing.T, g *graph.Graph, title, dir string) string {
	t.Helper()
	doc, err := report.NewDocument(g, title, graphvizDiagram(t, g), nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := report.WriteHTML(&b, doc); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "index.html")
	if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return page
}

// reportInspection is what testdata/browser/inspect.js returns.
type reportInspection struct {
	URL        string         `json:"url"`
	Title      string         `json:"title"`
	ReadyState string         `json:"readyState"`
	Scripts    int            `json:"scripts"`
	Images     int            `json:"images"`
	Frames     int            `json:"frames"`
	Tags       map[string]int `json:"tags"`
	Handlers   []string       `json:"handlers"`
	URLs       []struct {
		Element, Name, Value string
		Target               bool
	} `json:"urls"`
	ScriptURLs []string `json:"scriptURLs"`
	StyleURLs  []string `json:"styleURLs"`
	Metas      []struct {
		HTTPEquiv string `json:"httpEquiv"`
		Name      string `json:"name"`
		Charset   string `json:"charset"`
		Content   string `json:"content"`
		InHead    bool   `json:"inHead"`
	} `json:"metas"`
	Sections []struct {
		ID             string  `json:"id"`
		Found          bool    `json:"found"`
		Tag            string  `json:"tag"`
		Heading        string  `json:"heading"`
		HeadingVisible bool    `json:"headingVisible"`
		Top            float64 `json:"top"`
		NavLink        bool    `json:"navLink"`
	} `json:"sections"`
	Cards []struct {
		Ref, Share, What string
	} `json:"cards"`
	RankTables []struct {
		Header []string   `json:"header"`
		Rows   [][]string `json:"rows"`
	} `json:"rankTables"`
	Layout struct {
		PageWidth        int `json:"pageWidth"`
		ScrollWidth      int `json:"scrollWidth"`
		Height           int `json:"height"`
		BodyRight        int `json:"bodyRight"`
		OverflowingCount int `json:"overflowingCount"`
		Overflowing      []struct {
			Element string
			Right   int
			Text    string
		} `json:"overflowing"`
		SideScrollers []struct {
			Element                  string
			ScrollWidth, ClientWidth int
		} `json:"sideScrollers"`
	} `json:"layout"`
	Text string `json:"text"`

	// The page's ids and the references within its diagrams (checkIDs).
	IDs              int      `json:"ids"`
	DuplicateIDs     []string `json:"duplicateIDs"` // the first 20
	DuplicateIDCount int      `json:"duplicateIDCount"`
	Diagrams         int      `json:"diagrams"`
	DiagramRefs      int      `json:"diagramRefs"`
	StrayRefs        []string `json:"strayRefs"` // the first 20
}

// reportTags are the elements the report may hold: the template's HTML and
// the SVG of its charts and of Graphviz. Anything else (script, img,
// iframe, object, foreignObject, base, ...) came from a catalog string.
var reportTags = []string{
	"html", "head", "meta", "title", "style", "body", "header", "nav", "strong", "ol", "ul", "li", "a",
	"section", "h1", "h2", "h3", "p", "div", "span", "i", "code", "table", "thead", "tbody", "tr", "th", "td",
	"figure", "figcaption",
	"svg", "g", "path", "polygon", "polyline", "rect", "ellipse", "circle", "text", "tspan", "defs",
	"lineargradient", "radialgradient", "stop",
}

// checkInertPage checks that the page holds nothing that runs or loads:
// no script, handler, frame, image or foreign element, no link but to its
// own sections, and its Content-Security-Policy in place.
func checkInertPage(t *testing.T, what string, got *reportInspection) {
	t.Helper()
	if got.ReadyState != "complete" {
		t.Errorf("%s: readyState %q", what, got.ReadyState)
	}
	if got.Scripts != 0 || got.Tags["script"] != 0 {
		t.Errorf("%s: %d script elements, want none", what, max(got.Scripts, got.Tags["script"]))
	}
	if got.Images != 0 || got.Frames != 0 {
		t.Errorf("%s: %d images and %d frames, want none", what, got.Images, got.Frames)
	}
	for tag, n := range got.Tags {
		if !slices.Contains(reportTags, tag) {
			t.Errorf("%s: %d <%s> elements, which the report never writes", what, n, tag)
		}
	}
	if len(got.Handlers) > 0 {
		t.Errorf("%s: event handler attributes: %q", what, got.Handlers)
	}
	if len(got.ScriptURLs) > 0 {
		t.Errorf("%s: script URLs in attributes: %q", what, got.ScriptURLs)
	}
	if len(got.StyleURLs) > 0 {
		t.Errorf("%s: URLs in CSS: %q", what, got.StyleURLs)
	}
	for _, u := range got.URLs {
		// A source of evidence is a link out of the page: navigation, never
		// a request the page makes itself.
		if u.Element == "a" && u.Name == "href" && (strings.HasPrefix(u.Value, "https://") || strings.HasPrefix(u.Value, "http://")) {
			continue
		}
		if !strings.HasPrefix(u.Value, "#") || !u.Target {
			t.Errorf("%s: %s %s=%q is not a link to one of the page's own elements", what, u.Element, u.Name, u.Value)
		}
	}
	var csp []string
	for _, m := range got.Metas {
		switch {
		case !m.InHead:
			t.Errorf("%s: a <meta> outside <head>: %+v", what, m)
		case strings.EqualFold(m.HTTPEquiv, "Content-Security-Policy"):
			csp = append(csp, m.Content)
		case m.HTTPEquiv != "":
			t.Errorf("%s: <meta http-equiv=%q content=%q>", what, m.HTTPEquiv, m.Content)
		}
	}
	switch {
	case len(csp) != 1:
		t.Errorf("%s: %d Content-Security-Policy meta tags, want 1", what, len(csp))
	case !strings.Contains(csp[0], "default-src 'none'") || strings.Contains(csp[0], "script-src"):
		t.Errorf("%s: Content-Security-Policy %q does not forbid every script and load", what, csp[0])
	}
}

// checkIDs checks that no id appears twice in the page, that it shows one
// diagram per scenario, and that every reference within a diagram to an
// id points into that diagram.
func checkIDs(t *testing.T, what string, got *reportInspection, scenarios int) {
	t.Helper()
	if got.DuplicateIDCount > 0 {
		t.Errorf("%s: %d of its %d ids appear more than once: %q", what, got.DuplicateIDCount, got.IDs, got.DuplicateIDs)
	}
	if got.Diagrams != scenarios {
		t.Errorf("%s: %d diagrams, want one per scenario (%d)", what, got.Diagrams, scenarios)
	}
	for _, r := range got.StrayRefs {
		t.Errorf("%s: %s does not point into its own diagram", what, r)
	}
	t.Logf("%s: %d ids, %d diagrams, %d references within them", what, got.IDs, got.Diagrams, got.DiagramRefs)
}

// checkSections checks that every section is there, in order, with a
// visible heading and an entry in the contents.
func checkSections(t *testing.T, got *reportInspection) {
	t.Helper()
	if len(got.Sections) != len(reportSections) {
		t.Fatalf("inspected %d sections, want %d", len(got.Sections), len(reportSections))
	}
	for k, s := range got.Sections {
		switch {
		case !s.Found:
			t.Errorf("no element with id %q", s.ID)
			continue
		case s.Tag != "section":
			t.Errorf("#%s is a <%s>, want <section>", s.ID, s.Tag)
		case s.Heading == "" || !s.HeadingVisible:
			t.Errorf("#%s has no visible <h2> (heading %q)", s.ID, s.Heading)
		case !s.NavLink:
			t.Errorf("the contents do not link to #%s", s.ID)
		}
		if k > 0 && got.Sections[k-1].Found && s.Top <= got.Sections[k-1].Top {
			t.Errorf("#%s is not below #%s", s.ID, got.Sections[k-1].ID)
		}
	}
}

// checkSummary checks that the summary cards and the ranking tables show
// what `blastradius rank --scope LEVEL --format json` writes.
func checkSummary(t *testing.T, g *graph.Graph, got *reportInspection) {
	t.Helper()
	var all []report.RankResult
	var ranks []report.Rank
	for _, level := range reportLevels {
		results, err := g.Rank(level, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := report.WriteRank(&b, level, results, report.JSON); err != nil {
			t.Fatal(err)
		}
		var r report.Rank
		if err := json.Unmarshal(b.Bytes(), &r); err != nil {
			t.Fatalf("rank --scope %s --format json: %v", level, err)
		}
		ranks = append(ranks, r)
		all = append(all, r.Results...)
	}
	// The summary's order, as its text states it: weight down, then
	// customers down, then degraded; ties by ref.
	slices.SortFunc(all, func(a, b report.RankResult) int {
		return cmp.Or(cmp.Compare(b.WeightDown, a.WeightDown), cmp.Compare(b.Down, a.Down), cmp.Compare(b.Degraded, a.Degraded), cmp.Compare(a.Ref, b.Ref))
	})
	want := all[:min(3, len(all))]
	if len(got.Cards) != len(want) {
		t.Fatalf("the summary shows %d cards, want %d", len(got.Cards), len(want))
	}
	what := regexp.MustCompile(`^of the weight down: ([0-9,]+) customers? down, ([0-9,]+) degraded$`)
	for k, c := range got.Cards {
		w := want[k]
		if c.Ref != w.Ref {
			t.Errorf("summary card %d names %q, want %q (%+v)", k+1, c.Ref, w.Ref, w)
			continue
		}
		if !shareMatches(c.Share, w.WeightDownShare) {
			t.Errorf("summary card %d (%s) shows %q of the weight down, want %.4f%%", k+1, c.Ref, c.Share, 100*w.WeightDownShare)
		}
		t.Logf("summary card %d: %s, %s, %s", k+1, c.Ref, c.Share, c.What)
		m := what.FindStringSubmatch(c.What)
		if m == nil {
			t.Errorf("summary card %d (%s) reads %q", k+1, c.Ref, c.What)
			continue
		}
		if down, degraded := atoiComma(t, m[1]), atoiComma(t, m[2]); down != w.Down || degraded != w.Degraded {
			t.Errorf("summary card %d (%s) shows %d down and %d degraded, want %d and %d", k+1, c.Ref, down, degraded, w.Down, w.Degraded)
		}
	}

	if len(got.RankTables) != len(ranks) {
		t.Fatalf("section #failures has %d tables, want one per level (%d)", len(got.RankTables), len(ranks))
	}
	for k, r := range ranks {
		tab := got.RankTables[k]
		col := func(name string) int {
			i := slices.Index(tab.Header, name)
			if i < 0 {
				t.Fatalf("the %s ranking has no column %q: %q", r.Level, name, tab.Header)
			}
			return i
		}
		ref, down, degraded, wdown, share := col(r.Level), col("customers down"), col("customers degraded"), col("weight down"), col("share of weight")
		if n := min(len(r.Results), 50); len(tab.Rows) != n {
			t.Errorf("the %s ranking shows %d rows, want %d", r.Level, len(tab.Rows), n)
		}
		for i, row := range tab.Rows[:min(len(tab.Rows), len(r.Results))] {
			w := r.Results[i]
			if row[ref] != w.Ref || atoiComma(t, row[down]) != w.Down || atoiComma(t, row[degraded]) != w.Degraded ||
				!weightMatches(row[wdown], w.WeightDown) || !shareMatches(row[share], w.WeightDownShare) {
				t.Errorf("the %s ranking's row %d reads %q, want %+v", r.Level, i+1, row, w)
			}
		}
	}
}

// shareMatches reports whether a percentage as shown ("42.9%") is share to
// the precision shown.
func shareMatches(shown string, share float64) bool {
	digits, ok := strings.CutSuffix(shown, "%")
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return false
	}
	prec := 0.5
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		prec = 0.5 * math.Pow(10, -float64(len(digits)-i-1))
	}
	return math.Abs(f-100*share) <= prec+1e-9
}

// weightMatches reports whether a weight as shown ("1,234" or "2.50") is w
// to the precision shown.
func weightMatches(shown string, w float64) bool {
	digits := strings.ReplaceAll(shown, ",", "")
	f, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return false
	}
	prec := 0.0
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		prec = 0.5 * math.Pow(10, -float64(len(digits)-i-1))
	}
	return math.Abs(f-w) <= prec+1e-9
}

func atoiComma(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		t.Errorf("not a count: %q", s)
		return -1
	}
	return n
}

// checkLayout checks that nothing makes the page scroll sideways at a
// laptop's width; the diagrams scroll inside their frames.
func checkLayout(t *testing.T, what string, got *reportInspection) {
	t.Helper()
	l := got.Layout
	for _, s := range l.SideScrollers {
		t.Logf("%s: %s scrolls sideways (%d px in %d px)", what, s.Element, s.ScrollWidth, s.ClientWidth)
	}
	for _, o := range l.Overflowing {
		t.Logf("%s: %s reaches %d px, past the text column's %d px: %q", what, o.Element, o.Right, l.BodyRight, o.Text)
	}
	if l.ScrollWidth > l.PageWidth {
		t.Errorf("%s is %d px wide in a %d px window: it scrolls sideways", what, l.ScrollWidth, l.PageWidth)
	}
}

// checkObserversSee opens control pages that do what the report must not,
// and checks that the observers catch each: without this, a blind observer
// would pass every check above.
func checkObserversSee(ctx context.Context, t *testing.T, b *browsertest.Browser, dir string) {
	t.Helper()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"+body+"</html>\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return browsertest.FileURL(path)
	}
	csp := `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`
	noisy := write("control-noisy.html", `<title>control</title></head><body>
<img src="missing.png" alt="">
<script>console.error("control error"); console.warn("control warning"); alert("control alert"); throw new Error("control exception");</script>
</body>`)
	l := b.Open(ctx, t, noisy, false).Log()
	if !slices.ContainsFunc(l.Requests, func(s string) bool { return strings.HasSuffix(s, "/missing.png") }) {
		t.Errorf("control: the observer missed a request for missing.png: %q", l.Requests)
	}
	for _, s := range []string{"control error", "control warning"} {
		if !slices.ContainsFunc(l.Console, func(c string) bool { return strings.Contains(c, s) }) {
			t.Errorf("control: the observer missed the console message %q: %q", s, l.Console)
		}
	}
	if !slices.ContainsFunc(l.Exceptions, func(s string) bool { return strings.Contains(s, "control exception") }) {
		t.Errorf("control: the observer missed an uncaught exception: %q", l.Exceptions)
	}
	if !slices.ContainsFunc(l.Dialogs, func(s string) bool { return strings.Contains(s, "control alert") }) {
		t.Errorf("control: the observer missed an alert: %q", l.Dialogs)
	}

	// Under the report's policy an inline script is refused, and the
	// refusal is reported; with the policy bypassed it runs.
	guarded := write("control-csp.html", csp+`<title>control</title></head><body>
<script>alert("control csp")</script>
</body>`)
	l = b.Open(ctx, t, guarded, false).Log()
	if len(l.Dialogs) > 0 {
		t.Errorf("control: an inline script ran despite the report's Content-Security-Policy: %q", l.Dialogs)
	}
	if len(l.Console) == 0 && len(l.Issues) == 0 {
		t.Errorf("control: the observer missed the Content-Security-Policy refusing an inline script")
	}
	l = b.Open(ctx, t, guarded, true).Log()
	if !slices.ContainsFunc(l.Dialogs, func(s string) bool { return strings.Contains(s, "control csp") }) {
		t.Errorf("control: with the policy bypassed, the inline script did not run: %q", l.Dialogs)
	}
}

func countElements(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// The hostile catalog: each payload is a name, tag, id or title that HTML,
// SVG, CSS, URLs or Go templates could read as syntax.
const xssTitle = `</title><script>alert("title")</script> {{.Title}} <b>report</b>`

// xssShown are the payloads the report shows as text (in tables, headings
// or diagrams).
var xssShown = append(append([]string{xssTitle}, catalogtest.XSSNames...), catalogtest.XSSIDs...)

// xssCatalog is catalogtest.XSS, failing the test on error.
func xssCatalog(t testing.TB) []byte {
	t.Helper()
	data, err := catalogtest.XSS()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// inspect evaluates testdata/browser/inspect.js in the page.
func inspect(ctx context.Context, t *testing.T, p *browsertest.Page, withText bool, out *reportInspection) {
	t.Helper()
	js, err := os.ReadFile(reportInspectJS)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := json.Marshal(map[string]any{"sections": reportSections, "withText": withText})
	if err != nil {
		t.Fatal(err)
	}
	p.Evaluate(ctx, t, "("+strings.TrimSpace(string(js))+")("+string(opts)+")", out)
}
