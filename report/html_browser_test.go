package report_test

// The browser tests open the HTML report in headless Chromium and check
// it as a reader's browser sees it: it loads nothing, logs nothing, has
// every section, shows the numbers `blastradius rank --format json` gives,
// and runs nothing a catalog smuggles into it.
//
// They drive Chromium over the DevTools protocol through a pipe
// (--remote-debugging-pipe), with no dependency beyond the standard
// library, and observe the page's requests (Network.requestWillBeSent),
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
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
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

// reportViewport is the window the page is laid out in: a laptop's.
var reportViewport = map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}

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

	b := startReportChromium(t, chromium)
	ctx, cancel := context.WithTimeout(context.Background(), reportBrowserTimeout)
	defer cancel()

	p := b.open(ctx, t, browsertest.FileURL(page), false)
	var got reportInspection
	p.inspect(ctx, t, false, &got)
	shot := p.screenshot(ctx, t)
	saveScreenshot(t, shot, filepath.Join(dir, "report.png"), os.Getenv("BLASTRADIUS_SCREENSHOT"))
	checkQuietPage(t, "the example report", p.log())
	checkInertPage(t, "the example report", &got)
	checkIDs(t, "the example report", &got, len(cat.Scenarios))
	checkSections(t, &got)
	checkSummary(t, g, &got)
	checkLayout(t, "the example report", &got)
	checkObserversSee(ctx, t, b, dir)
	t.Logf("chromium (%s) checked the example report (%d elements, %d px tall) in %v",
		b.version, countElements(got.Tags), got.Layout.Height, time.Since(start).Round(time.Millisecond))
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

	b := startReportChromium(t, chromium)
	ctx, cancel := context.WithTimeout(context.Background(), reportBrowserTimeout)
	defer cancel()

	// First as a reader opens it, under the page's Content-Security-Policy.
	p := b.open(ctx, t, browsertest.FileURL(page), false)
	var got reportInspection
	p.inspect(ctx, t, true, &got)
	if path := os.Getenv("BLASTRADIUS_SCREENSHOT"); path != "" {
		saveScreenshot(t, p.screenshot(ctx, t), strings.TrimSuffix(path, filepath.Ext(path))+"-xss"+cmp.Or(filepath.Ext(path), ".png"))
	}
	checkQuietPage(t, "the hostile report", p.log())
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
	bp := b.open(ctx, t, browsertest.FileURL(page), true)
	var bypassed reportInspection
	bp.inspect(ctx, t, false, &bypassed)
	checkQuietPage(t, "the hostile report without its CSP", bp.log())
	checkInertPage(t, "the hostile report without its CSP", &bypassed)

	checkObserversSee(ctx, t, b, dir)
	t.Logf("chromium (%s) opened the hostile report twice in %v", b.version, time.Since(start).Round(time.Millisecond))
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

// pageLog is what a page did while it was open, as Chromium reported it.
type pageLog struct {
	Requests   []string // URLs other than the page's own and data: URLs
	Console    []string // console API calls and Log entries of level warning or error
	Exceptions []string
	Dialogs    []string
	Issues     []string // DevTools issues (CSP violations, ...)
	Info       []string // Log entries below warning, for the test log
}

// checkQuietPage checks that the page requested nothing, logged no error or
// warning, threw nothing and opened no dialog.
func checkQuietPage(t *testing.T, what string, l pageLog) {
	t.Helper()
	for _, s := range l.Info {
		t.Logf("%s: chromium logged %s", what, s)
	}
	if len(l.Requests) > 0 {
		t.Errorf("%s made requests: %q", what, l.Requests)
	}
	if len(l.Console) > 0 {
		t.Errorf("%s logged to the console: %q", what, l.Console)
	}
	if len(l.Exceptions) > 0 {
		t.Errorf("%s threw: %q", what, l.Exceptions)
	}
	if len(l.Dialogs) > 0 {
		t.Errorf("%s opened dialogs, so script ran: %q", what, l.Dialogs)
	}
	if len(l.Issues) > 0 {
		t.Errorf("%s raised DevTools issues: %q", what, l.Issues)
	}
}

// checkObserversSee opens control pages that do what the report must not,
// and checks that the observers catch each: without this, a blind observer
// would pass every check above.
func checkObserversSee(ctx context.Context, t *testing.T, b *reportBrowser, dir string) {
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
	l := b.open(ctx, t, noisy, false).log()
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
	l = b.open(ctx, t, guarded, false).log()
	if len(l.Dialogs) > 0 {
		t.Errorf("control: an inline script ran despite the report's Content-Security-Policy: %q", l.Dialogs)
	}
	if len(l.Console) == 0 && len(l.Issues) == 0 {
		t.Errorf("control: the observer missed the Content-Security-Policy refusing an inline script")
	}
	l = b.open(ctx, t, guarded, true).log()
	if !slices.ContainsFunc(l.Dialogs, func(s string) bool { return strings.Contains(s, "control csp") }) {
		t.Errorf("control: with the policy bypassed, the inline script did not run: %q", l.Dialogs)
	}
}

func saveScreenshot(t *testing.T, shot []byte, paths ...string) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("the screenshot is no PNG: %v", err)
	}
	for _, p := range paths {
		if p == "" {
			continue
		}
		if err := os.WriteFile(p, shot, 0o644); err != nil {
			t.Errorf("screenshot: %v", err)
			continue
		}
		t.Logf("wrote a %dx%d screenshot to %s", img.Bounds().Dx(), img.Bounds().Dy(), p)
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

// reportBrowser is one Chromium driven over the DevTools protocol through
// --remote-debugging-pipe: Chromium reads commands, each a JSON object and
// a NUL byte, from its file descriptor 3 and writes replies and events the
// same way to its file descriptor 4.
type reportBrowser struct {
	t       *testing.T
	cmd     *exec.Cmd
	stderr  *lockedBuffer
	version string

	writeMu sync.Mutex
	in      *os.File // Chromium's fd 3, our end

	mu      sync.Mutex
	nextID  int
	pending map[int]chan cdpMessage
	events  map[string][]cdpMessage // by session
	gone    chan struct{}           // closed when Chromium closes fd 4
	readErr error
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startReportChromium starts headless Chromium with a fresh profile; the
// test's cleanup closes it.
func startReportChromium(t *testing.T, chromium string) *reportBrowser {
	t.Helper()
	profile := filepath.Join(t.TempDir(), "profile")
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	b := &reportBrowser{t: t, stderr: &lockedBuffer{}, in: cmdW, pending: map[int]chan cdpMessage{},
		events: map[string][]cdpMessage{}, gone: make(chan struct{})}
	b.cmd = exec.Command(chromium, append(browsertest.Flags(profile),
		"--hide-scrollbars", "--remote-debugging-pipe", "about:blank")...)
	b.cmd.ExtraFiles = []*os.File{cmdR, evW} // fds 3 and 4
	b.cmd.Stderr = b.stderr
	// Chromium's helpers may outlive it holding stderr.
	b.cmd.WaitDelay = 5 * time.Second
	if err := b.cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	cmdR.Close()
	evW.Close()
	go b.read(evR)
	t.Cleanup(b.close)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var v struct{ Product string }
	if err := b.call(ctx, "", "Browser.getVersion", nil, &v); err != nil {
		t.Fatalf("chromium does not answer on its DevTools pipe: %v; stderr:\n%s", err, b.stderr.String())
	}
	b.version = v.Product
	return b
}

// read dispatches Chromium's messages until it closes the pipe.
func (b *reportBrowser) read(r *os.File) {
	defer r.Close()
	br := bufio.NewReaderSize(r, 1<<20)
	var err error
	for {
		var raw []byte
		raw, err = br.ReadBytes(0)
		if err != nil {
			break
		}
		var msg cdpMessage
		if err = json.Unmarshal(raw[:len(raw)-1], &msg); err != nil {
			break
		}
		b.mu.Lock()
		if msg.Method == "" {
			if ch, ok := b.pending[msg.ID]; ok {
				delete(b.pending, msg.ID)
				ch <- msg
			}
		} else {
			b.events[msg.SessionID] = append(b.events[msg.SessionID], msg)
		}
		b.mu.Unlock()
		if msg.Method == "Page.javascriptDialogOpening" {
			// A dialog blocks the page until answered.
			go b.send(msg.SessionID, "Page.handleJavaScriptDialog", map[string]any{"accept": true})
		}
	}
	b.mu.Lock()
	if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
		b.readErr = err
	}
	b.mu.Unlock()
	close(b.gone)
}

// send writes a command and returns its id without waiting for the reply.
func (b *reportBrowser) send(session, method string, params any) (int, chan cdpMessage, error) {
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan cdpMessage, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	data, err := json.Marshal(struct {
		ID        int    `json:"id"`
		Method    string `json:"method"`
		Params    any    `json:"params,omitempty"`
		SessionID string `json:"sessionId,omitempty"`
	}{id, method, params, session})
	if err != nil {
		return 0, nil, err
	}
	b.writeMu.Lock()
	defer b.writeMu.Unlock()
	_, err = b.in.Write(append(data, 0))
	return id, ch, err
}

// call sends a command and decodes its result into result, if not nil.
func (b *reportBrowser) call(ctx context.Context, session, method string, params, result any) error {
	id, ch, err := b.send(session, method, params)
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case msg := <-ch:
		if msg.Error != nil {
			return fmt.Errorf("%s: %s (%d)", method, msg.Error.Message, msg.Error.Code)
		}
		if result != nil {
			return json.Unmarshal(msg.Result, result)
		}
		return nil
	case <-b.gone:
		return fmt.Errorf("%s: chromium closed its DevTools pipe (%v)", method, b.readErr)
	case <-ctx.Done():
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// must is call, failing the test on error.
func (b *reportBrowser) must(ctx context.Context, session, method string, params, result any) {
	b.t.Helper()
	if err := b.call(ctx, session, method, params, result); err != nil {
		b.t.Fatalf("%v; chromium stderr:\n%s", err, b.stderr.String())
	}
}

// close asks Chromium to quit, and kills it if it does not.
func (b *reportBrowser) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = b.call(ctx, "", "Browser.close", nil, nil)
	b.in.Close()
	done := make(chan error, 1)
	go func() { done <- b.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = b.cmd.Process.Kill()
		<-done
	}
}

// reportPage is one tab, attached with its own session.
type reportPage struct {
	b       *reportBrowser
	session string
	url     string
}

// open opens url in a new tab, observed from before the navigation, waits
// until it has loaded, and returns the tab. With bypassCSP, Chromium
// ignores the page's Content-Security-Policy.
func (b *reportBrowser) open(ctx context.Context, t *testing.T, pageURL string, bypassCSP bool) *reportPage {
	t.Helper()
	var target struct{ TargetID string }
	b.must(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct{ SessionID string }
	b.must(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	p := &reportPage{b: b, session: attached.SessionID, url: pageURL}
	for _, domain := range []string{"Page", "Runtime", "Log", "Network", "Audits"} {
		b.must(ctx, p.session, domain+".enable", nil, nil)
	}
	b.must(ctx, p.session, "Emulation.setDeviceMetricsOverride", reportViewport, nil)
	if bypassCSP {
		b.must(ctx, p.session, "Page.setBypassCSP", map[string]any{"enabled": true}, nil)
	}
	var nav struct{ ErrorText string }
	b.must(ctx, p.session, "Page.navigate", map[string]any{"url": pageURL}, &nav)
	if nav.ErrorText != "" {
		t.Fatalf("navigate to %s: %s", pageURL, nav.ErrorText)
	}
	// Until the navigation commits, evaluating may fail as the old
	// document goes; keep asking.
	for {
		var state struct {
			URL   string `json:"url"`
			Ready string `json:"ready"`
		}
		err := p.evaluateErr(ctx, `({url: document.URL, ready: document.readyState})`, &state)
		if err == nil && state.URL == pageURL && state.Ready == "complete" {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s did not load: %v (at %q, %q, last error %v); chromium stderr:\n%s", pageURL, ctx.Err(), state.URL, state.Ready, err, b.stderr.String())
		case <-b.gone:
			t.Fatalf("chromium quit while loading %s; stderr:\n%s", pageURL, b.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	var fonts bool
	p.evaluate(ctx, t, `document.fonts.ready.then(() => true)`, &fonts)
	return p
}

// evaluate evaluates a JavaScript expression in the page, awaiting it if
// it is a promise, and decodes its value into out.
func (p *reportPage) evaluate(ctx context.Context, t *testing.T, expr string, out any) {
	t.Helper()
	if err := p.evaluateErr(ctx, expr, out); err != nil {
		t.Fatalf("evaluate in %s: %v; chromium stderr:\n%s", p.url, err, p.b.stderr.String())
	}
}

func (p *reportPage) evaluateErr(ctx context.Context, expr string, out any) error {
	var res struct {
		Result struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.b.call(ctx, p.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &res)
	if err != nil {
		return err
	}
	if e := res.ExceptionDetails; e != nil {
		return fmt.Errorf("%s %s", e.Text, e.Exception.Description)
	}
	if err := json.Unmarshal(res.Result.Value, out); err != nil {
		return fmt.Errorf("%v (a %s)", err, res.Result.Type)
	}
	return nil
}

// inspect evaluates testdata/browser/inspect.js in the page.
func (p *reportPage) inspect(ctx context.Context, t *testing.T, withText bool, out *reportInspection) {
	t.Helper()
	js, err := os.ReadFile(reportInspectJS)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := json.Marshal(map[string]any{"sections": reportSections, "withText": withText})
	if err != nil {
		t.Fatal(err)
	}
	p.evaluate(ctx, t, "("+strings.TrimSpace(string(js))+")("+string(opts)+")", out)
}

// screenshot captures the whole page, beyond the window, as PNG.
func (p *reportPage) screenshot(ctx context.Context, t *testing.T) []byte {
	t.Helper()
	var metrics struct {
		CSSContentSize struct{ Width, Height float64 } `json:"cssContentSize"`
	}
	p.b.must(ctx, p.session, "Page.getLayoutMetrics", nil, &metrics)
	var shot struct{ Data string }
	p.b.must(ctx, p.session, "Page.captureScreenshot", map[string]any{
		"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": metrics.CSSContentSize.Width, "height": metrics.CSSContentSize.Height, "scale": 1},
	}, &shot)
	data, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// log sums up the events of the page's session so far.
func (p *reportPage) log() pageLog {
	p.b.mu.Lock()
	events := slices.Clone(p.b.events[p.session])
	p.b.mu.Unlock()
	var l pageLog
	for _, e := range events {
		switch e.Method {
		case "Network.requestWillBeSent":
			var ev struct {
				Request struct{ URL string } `json:"request"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			if u := ev.Request.URL; u != p.url && !strings.HasPrefix(u, "data:") {
				l.Requests = append(l.Requests, u)
			}
		case "Runtime.consoleAPICalled":
			var ev struct {
				Type string `json:"type"`
				Args []struct {
					Value       any    `json:"value"`
					Description string `json:"description"`
				} `json:"args"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			var args []string
			for _, a := range ev.Args {
				args = append(args, cmp.Or(fmt.Sprint(a.Value), a.Description))
			}
			l.Console = append(l.Console, "console."+ev.Type+": "+strings.Join(args, " "))
		case "Log.entryAdded":
			var ev struct {
				Entry struct{ Source, Level, Text, URL string } `json:"entry"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			s := fmt.Sprintf("%s %s: %s (%s)", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text, ev.Entry.URL)
			if ev.Entry.Level == "error" || ev.Entry.Level == "warning" {
				l.Console = append(l.Console, s)
			} else {
				l.Info = append(l.Info, s)
			}
		case "Runtime.exceptionThrown":
			var ev struct {
				Details struct {
					Text      string `json:"text"`
					Exception struct {
						Description string `json:"description"`
					} `json:"exception"`
				} `json:"exceptionDetails"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			l.Exceptions = append(l.Exceptions, ev.Details.Text+" "+ev.Details.Exception.Description)
		case "Page.javascriptDialogOpening":
			var ev struct{ Type, Message string }
			_ = json.Unmarshal(e.Params, &ev)
			l.Dialogs = append(l.Dialogs, ev.Type+": "+ev.Message)
		case "Audits.issueAdded":
			var ev struct {
				Issue struct {
					Code    string          `json:"code"`
					Details json.RawMessage `json:"details"`
				} `json:"issue"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			l.Issues = append(l.Issues, ev.Issue.Code+" "+string(ev.Issue.Details))
		}
	}
	return l
}
