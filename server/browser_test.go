package server_test

// The browser tests run the server on a loopback port and use it as a user
// does, in headless Chromium driven through internal/browsertest: type a
// ref, click Add, read the affected customers off the page — with the
// script and without — and open every view of a hostile catalog, checking
// that nothing runs and nothing is requested outside the server. Chromium
// resolves no host name (--host-resolver-rules), so a request that escaped
// the observers could not leave the machine either.
//
// They need Chromium, which .ci/browser-deps.sh installs. Without it they
// skip, or fail when the environment variable CI is set.
// TestScenarioInBrowser saves a screenshot of the scenario page in its
// temporary directory and, when BLASTRADIUS_SERVE_SCREENSHOT names a PNG
// file, there too (docs/serve-scenario.png is made so).

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/browsertest"
	"github.com/blastradius/blastradius/server"
)

// browserTimeout bounds one test's use of Chromium.
const browserTimeout = 600 * time.Second

// offline are Chromium's flags that keep it from resolving any host name.
var offline = []string{"--host-resolver-rules=MAP * ~NOTFOUND"}

// listen runs s on a loopback port until the test ends and returns its
// base URL.
func listen(t *testing.T, s *server.Server) string {
	t.Helper()
	base, stop := serveLoopback(t, s)
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	})
	return base
}

// waitFor polls a JavaScript expression in the page until it is true.
func waitFor(ctx context.Context, t *testing.T, p *browsertest.Page, expr string) {
	t.Helper()
	for {
		var ok bool
		err := p.EvaluateErr(ctx, "!!("+expr+")", &ok)
		if err == nil && ok {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v (last error %v)", expr, ctx.Err(), err)
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// click clicks the middle of the element selector names, with the mouse.
func click(ctx context.Context, t *testing.T, b *browsertest.Browser, p *browsertest.Page, selector string) {
	t.Helper()
	var at struct{ X, Y float64 }
	p.Evaluate(ctx, t, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.scrollIntoView({block: "center"});
		const r = e.getBoundingClientRect(); return {X: r.x + r.width / 2, Y: r.y + r.height / 2}; })()`, selector), &at)
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		b.Must(ctx, p.Session(), "Input.dispatchMouseEvent", map[string]any{"type": typ, "x": at.X, "y": at.Y, "button": "left", "clickCount": 1}, nil)
	}
}

// typeText types text into the element selector names, clicked first.
func typeText(ctx context.Context, t *testing.T, b *browsertest.Browser, p *browsertest.Page, selector, text string) {
	t.Helper()
	click(ctx, t, b, p, selector)
	b.Must(ctx, p.Session(), "Input.insertText", map[string]any{"text": text}, nil)
}

// foreign is what a page did beyond what it should: its requests to
// anywhere but the server and, unless the page is an expected 404, its
// console messages.
func foreign(l browsertest.PageLog, base string, expect404 bool) browsertest.PageLog {
	l.Requests = slices.DeleteFunc(l.Requests, func(u string) bool { return strings.HasPrefix(u, base+"/") })
	if expect404 {
		l.Console = slices.DeleteFunc(l.Console, func(c string) bool {
			return strings.Contains(c, "the server responded with a status of 404") && strings.Contains(c, "("+base+"/")
		})
	}
	return l
}

// shown is what the scenario page shows of its result.
type shown struct {
	URL       string   `json:"url"`
	Down      string   `json:"down"`
	Degraded  string   `json:"degraded"`
	Customers []string `json:"customers"`
	States    []string `json:"states"`
	Diagram   int      `json:"diagram"` // the diagram's natural width: 0 unless it loaded
}

const readResult = `(() => ({
	url: document.URL,
	down: document.getElementById("down").textContent,
	degraded: document.getElementById("degraded").textContent,
	customers: [...document.querySelectorAll("#affected tbody tr td:first-child code")].map(e => e.textContent),
	states: [...document.querySelectorAll("#affected tbody tr td:nth-child(2)")].map(e => e.textContent),
	diagram: document.querySelector("figure.diagram img").naturalWidth,
}))()`

func TestScenarioInBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	cat, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(cat)
	s, err := server.New(g, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	base := listen(t, s)

	// What the page must show: aws@us-east-1's evaluation.
	ev, err := g.Evaluate(graph.Scenario{Fail: []string{"aws@us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, a := range ev.Affected() {
		if a.Node.Kind == catalog.KindCustomer && len(want) < server.DefaultPageSize {
			want = append(want, a.Node.Ref)
		}
	}
	sum := ev.Summary()
	wantURL := base + "/scenario?fail=aws%40us-east-1"

	b := browsertest.Start(t, chromium, offline...)
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()

	for _, script := range []bool{true, false} {
		name := map[bool]string{true: "with its script", false: "without script"}[script]
		p := b.OpenWith(ctx, t, base+"/scenario", browsertest.OpenOptions{NoScript: !script})
		waitFor(ctx, t, p, `document.getElementById("add-ref")`)
		typeText(ctx, t, b, p, "#add-ref", "aws@us-east-1")
		click(ctx, t, b, p, "#add-submit")
		waitFor(ctx, t, p, `document.getElementById("affected") && document.querySelector("figure.diagram img").complete`)
		var got shown
		p.Evaluate(ctx, t, readResult, &got)
		if got.URL != wantURL {
			t.Errorf("%s: the page is at %s, want %s", name, got.URL, wantURL)
		}
		if got.Down != fmt.Sprint(sum.Down) || got.Degraded != fmt.Sprint(sum.Degraded) {
			t.Errorf("%s: the page counts %s down and %s degraded, want %d and %d", name, got.Down, got.Degraded, sum.Down, sum.Degraded)
		}
		if !slices.Equal(got.Customers, want) {
			t.Errorf("%s: the page lists the customers %q, want %q", name, got.Customers, want)
		}
		if got.Diagram == 0 {
			t.Errorf("%s: the diagram did not load", name)
		}
		if script {
			shot := p.Screenshot(ctx, t)
			browsertest.SaveScreenshot(t, shot, filepath.Join(t.TempDir(), "serve-scenario.png"), os.Getenv("BLASTRADIUS_SERVE_SCREENSHOT"))
			// Live search: typing shows matches without a reload.
			typeText(ctx, t, b, p, `input[name="q"]`, "roomba")
			click(ctx, t, b, p, `a[href="/"]`)
			waitFor(ctx, t, p, `document.URL.endsWith("/") && document.getElementById("results")`)
			typeText(ctx, t, b, p, `input[name="q"]`, "roomb")
			waitFor(ctx, t, p, `document.querySelector('#results a[href="/node?ref=roomba"]')`)
		}
		browsertest.CheckQuiet(t, "the scenario page "+name, foreign(p.Log(), base, false))
		t.Logf("%s: %s down, %s degraded, %d customers listed", name, got.Down, got.Degraded, len(got.Customers))
	}
	t.Logf("chromium (%s)", b.Version)
}

func TestHostileInBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	cat := hostileCatalog(t)
	s, err := server.New(graph.New(cat), server.Options{PageSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	base := listen(t, s)
	pages := []string{"/", "/?" + url.Values{"q": {"<"}}.Encode(), "/?" + url.Values{"q": {"alert"}}.Encode() + "&page=2",
		"/rank?scope=customer", "/rank?scope=zone", "/spof", "/concentration?by=region",
		"/node?" + url.Values{"ref": {"<script>alert(1)</script>"}}.Encode()}
	for _, id := range cat.ScenarioIDs() {
		pages = append(pages, "/scenario?"+url.Values{"scenario": {id}}.Encode())
	}
	// Every node's own pages too, with the policy bypassed only: escaping
	// that holds without the policy holds with it, and the pages above
	// check the policy (twice the pages made the test slow under CI load).
	var nodePages []string
	for _, n := range cat.Nodes() {
		nodePages = append(nodePages, "/node?"+url.Values{"ref": {n.Ref}, "depth": {"all"}}.Encode())
		if n.Kind != catalog.KindCustomer {
			nodePages = append(nodePages, "/scenario?"+url.Values{"fail": {n.Ref}}.Encode())
		}
	}

	b := browsertest.Start(t, chromium, offline...)
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	// Every page under its policy, and once more with the policy bypassed,
	// where the escaping alone must keep the payloads inert.
	for _, bypass := range []bool{false, true} {
		if bypass {
			pages = append(pages, nodePages...)
		}
		for _, path := range pages {
			p := b.OpenWith(ctx, t, base+path, browsertest.OpenOptions{BypassCSP: bypass})
			waitFor(ctx, t, p, `[...document.images].every(i => i.complete)`)
			var inert struct {
				Scripts  int      `json:"scripts"`
				Handlers []string `json:"handlers"`
			}
			p.Evaluate(ctx, t, `(() => ({scripts: document.scripts.length,
				handlers: [...document.querySelectorAll("*")].flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name)).map(a => e.tagName + " " + a.name))}))()`, &inert)
			what := fmt.Sprintf("%s (CSP bypassed: %v)", path, bypass)
			if inert.Scripts != 1 || len(inert.Handlers) > 0 {
				t.Errorf("%s: %d scripts, handlers %q", what, inert.Scripts, inert.Handlers)
			}
			browsertest.CheckQuiet(t, what, foreign(p.Log(), base, strings.Contains(path, "alert%281%29")))
		}
	}
	// The script's own paths: live search and adding a failure in place,
	// with payloads as the text typed.
	p := b.OpenWith(ctx, t, base+"/", browsertest.OpenOptions{})
	typeText(ctx, t, b, p, `input[name="q"]`, `<img src=x onerror=alert(1)>`)
	waitFor(ctx, t, p, `document.querySelector("#results h2")`)
	p = b.OpenWith(ctx, t, base+"/scenario", browsertest.OpenOptions{})
	typeText(ctx, t, b, p, "#add-ref", cat.Nodes()[0].Ref)
	click(ctx, t, b, p, "#add-submit")
	waitFor(ctx, t, p, `document.getElementById("affected") || document.querySelector(".counts")`)
	typeText(ctx, t, b, p, "#add-ref", `"><script>alert(2)</script>`)
	click(ctx, t, b, p, "#add-submit")
	waitFor(ctx, t, p, `document.querySelector(".error")`)
	browsertest.CheckQuiet(t, "typing payloads", foreign(p.Log(), base, true))

	// Control: the observers see a dialog and a request outside the server.
	c := b.OpenWith(ctx, t, base+"/", browsertest.OpenOptions{BypassCSP: true})
	var ignored any
	_ = c.EvaluateErr(ctx, `alert("control"); fetch("http://example.invalid/x").catch(() => 0); new Image().src = "http://198.51.100.1/x.png"; 0`, &ignored)
	waitFor(ctx, t, c, `true`)
	time.Sleep(200 * time.Millisecond)
	l := foreign(c.Log(), base, false)
	if len(l.Dialogs) == 0 || len(l.Requests) < 2 {
		t.Errorf("control: the observers missed a dialog or a foreign request: %+v", l)
	}
}
