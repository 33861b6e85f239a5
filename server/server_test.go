package server_test

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/server"
)

// newServer serves the bundled example with pages of pageSize rows.
func newServer(t testing.TB, pageSize int) (*server.Server, *graph.Graph) {
	t.Helper()
	cat, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}
	return serverOf(t, cat, pageSize)
}

func serverOf(t testing.TB, cat *catalog.Catalog, pageSize int) (*server.Server, *graph.Graph) {
	t.Helper()
	g := graph.New(cat)
	s, err := server.New(g, server.Options{PageSize: pageSize})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, g
}

// get answers one request in process.
func get(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandlers(t *testing.T) {
	s, _ := newServer(t, 5)
	const html, js, css, svg, jsn = "text/html; charset=utf-8", "text/javascript; charset=utf-8", "text/css; charset=utf-8", "image/svg+xml", "application/json"
	tests := []struct {
		name, method, target string
		accept               string
		status               int
		ctype                string
		want, notWant        []string
	}{
		{name: "home", target: "/", status: 200, ctype: html, want: []string{"Scenarios in the catalog", "aws-2021-12-07"}},
		{name: "search by ref", target: "/?q=aws@us-east-1", status: 200, ctype: html, want: []string{`<li><a href="/node?ref=aws%40us-east-1"><code>aws@us-east-1</code></a>`}},
		{name: "search by name", target: "/?q=N.+Virginia", status: 200, ctype: html, want: []string{"US East (N. Virginia)"}},
		{name: "search finds nothing", target: "/?q=zzzz-nothing", status: 200, ctype: html, want: []string{"0 found"}},
		{name: "search page 2", target: "/?q=aws&page=2", status: 200, ctype: html, want: []string{`rel="prev"`, "6–10 of"}},
		{name: "search page past the end", target: "/?q=aws&page=99999", status: 404, ctype: html},
		{name: "bad page", target: "/?q=aws&page=x", status: 400, ctype: html},
		{name: "page 0", target: "/rank?page=0", status: 400, ctype: html},
		{name: "page past any int", target: "/spof?page=99999999999999999999", status: 400, ctype: html},
		{name: "node", target: "/node?ref=aws@us-east-1", status: 200, ctype: html, want: []string{"US East (N. Virginia)", "needed by", `/node.svg?depth=1&amp;dir=both&amp;ref=aws%40us-east-1`}},
		{name: "node, dependencies only", target: "/node?ref=aws/dynamodb@us-east-1&dir=dependencies&depth=all", status: 200, ctype: html, want: []string{"needs"}, notWant: []string{"needed by</td>"}},
		{name: "node, bad dir", target: "/node?ref=aws&dir=up", status: 400, ctype: html},
		{name: "node, bad depth", target: "/node?ref=aws&depth=-3", status: 400, ctype: html},
		{name: "node without ref", target: "/node", status: 400, ctype: html},
		{name: "unknown node suggests", target: "/node?ref=aws@us-east-2x", status: 404, ctype: html, want: []string{"unknown ref", `did you mean &#34;aws@us-east-2&#34;`, `href="/node?depth=1&amp;dir=both&amp;ref=aws%40us-east-2"`}},
		{name: "node diagram", target: "/node.svg?ref=aws/dynamodb@us-east-1", status: 200, ctype: svg, want: []string{"<svg"}},
		{name: "empty scenario", target: "/scenario", status: 200, ctype: html, want: []string{`name="add"`}, notWant: []string{`id="affected"`}},
		{name: "scenario", target: "/scenario?fail=aws@us-east-1", status: 200, ctype: html, want: []string{`id="affected"`, `id="down"`, "/scenario.svg?fail=aws%40us-east-1", "/scenario.json?fail=aws%40us-east-1", `rel="next"`}},
		{name: "named scenario", target: "/scenario?scenario=aws-2021-12-07", status: 200, ctype: html, want: []string{"Catalog scenario: <code>aws-2021-12-07</code>", `id="affected"`}},
		{name: "scenario page 2", target: "/scenario?fail=aws@us-east-1&page=2", status: 200, ctype: html, want: []string{"6–10 of"}},
		{name: "scenario page past the end", target: "/scenario?fail=aws@us-east-1&page=100000", status: 404, ctype: html},
		{name: "unknown failure suggests", target: "/scenario?fail=aws@us-east-1x", status: 404, ctype: html, want: []string{"fail: unknown ref", `href="/scenario?fail=aws%40us-east-1"`}},
		{name: "unknown failure as JSON", target: "/scenario?degrade=aws@us-east-1x", accept: "application/json", status: 404, ctype: jsn, want: []string{`"error":"degrade: unknown ref`, `"suggestion":"aws@us-east-1"`}},
		{name: "unknown scenario", target: "/scenario?scenario=nope", status: 404, ctype: html, want: []string{"nope"}},
		{name: "scenario as JSON", target: "/scenario?fail=aws@us-east-1", accept: "application/json", status: 200, ctype: jsn, want: []string{`"summary"`, `"affected"`}},
		{name: "a page without JSON answers HTML", target: "/node?ref=nope", accept: "application/json", status: 404, ctype: html},
		{name: "HTML refused with q=0 gets JSON", target: "/rank", accept: "application/json, text/html;q=0", status: 200, ctype: jsn},
		{name: "JSON refused with q=0 gets HTML", target: "/rank", accept: "text/html, application/json;q=0", status: 200, ctype: html},
		{name: "browsers get the page", target: "/scenario?fail=aws@us-east-1", accept: "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8", status: 200, ctype: html},
		{name: "scenario.json", target: "/scenario.json?fail=aws@us-east-1", status: 200, ctype: jsn, want: []string{`"summary"`}},
		{name: "empty scenario as JSON", target: "/scenario.json", status: 400, ctype: jsn},
		{name: "scenario diagram", target: "/scenario.svg?fail=aws@us-east-1", status: 200, ctype: svg, want: []string{"<svg"}},
		{name: "mangled query", target: "/scenario?fail=aws@us-east-1&degrade=%zz", status: 400, ctype: html, want: []string{"the query cannot be read"}},
		{name: "mangled query as JSON", target: "/scenario?fail=aws@us-east-1&degrade=%zz", accept: "application/json", status: 400, ctype: jsn},
		{name: "too many refs", target: "/scenario?" + strings.Repeat("fail=aws&", server.MaxRefs+1), status: 400, ctype: html},
		{name: "rank", target: "/rank", status: 200, ctype: html, want: []string{"every single region failure", "aws@us-east-1"}},
		{name: "rank zones", target: "/rank?scope=zone&page=2", status: 200, ctype: html, want: []string{"every single zone failure"}},
		{name: "rank, bad scope", target: "/rank?scope=galaxy", status: 400, ctype: html},
		{name: "spof", target: "/spof", status: 200, ctype: html, want: []string{"have a single point of failure", `rel="next"`}},
		{name: "concentration", target: "/concentration?by=region", status: 200, ctype: html, want: []string{"Herfindahl", "aws@us-east-1"}},
		{name: "rank as JSON", target: "/rank.json?scope=zone", status: 200, ctype: jsn, want: []string{`"scope": "zone"`}},
		{name: "rank asked for JSON", target: "/rank", accept: "application/json", status: 200, ctype: jsn, want: []string{`"scope": "region"`}},
		{name: "rank JSON, bad scope", target: "/rank.json?scope=galaxy", status: 400, ctype: jsn},
		{name: "spof as JSON", target: "/spof.json", status: 200, ctype: jsn},
		{name: "concentration as JSON", target: "/concentration.json?by=region", status: 200, ctype: jsn, want: []string{`"hhi"`}},
		{name: "views link their JSON", target: "/concentration", status: 200, ctype: html, want: []string{`href="/concentration.json?by=provider" download="concentration.json"`}},
		{name: "concentration, bad by", target: "/concentration?by=zone", status: 400, ctype: html},
		{name: "script", target: "/static/app.js", status: 200, ctype: js},
		{name: "style", target: "/static/app.css", status: 200, ctype: css},
		{name: "no such static file", target: "/static/nope.js", status: 404},
		{name: "no static listing", target: "/static/", status: 404, notWant: []string{"app.js"}},
		{name: "node, a depth of the URL's", target: "/node?ref=aws@us-east-1&depth=4", status: 200, ctype: html, want: []string{`<option value="3">3</option><option value="4" selected>4</option><option value="5">5</option>`}},
		{name: "no such page", target: "/etc/passwd", status: 404, ctype: html},
		{name: "HEAD", method: "HEAD", target: "/", status: 200, ctype: html},
		{name: "POST", method: "POST", target: "/scenario?fail=aws@us-east-1", status: 405, ctype: html},
		{name: "PUT", method: "PUT", target: "/static/app.js", status: 405, ctype: html},
		{name: "DELETE", method: "DELETE", target: "/", status: 405, ctype: html},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = "GET"
			}
			w := get(s, method, tc.target, "Accept", tc.accept)
			body := w.Body.String()
			if w.Code != tc.status {
				t.Fatalf("%s %s: status %d, want %d\n%s", method, tc.target, w.Code, tc.status, body)
			}
			if tc.ctype != "" && w.Header().Get("Content-Type") != tc.ctype {
				t.Errorf("Content-Type %q, want %q", w.Header().Get("Content-Type"), tc.ctype)
			}
			if got := w.Header().Get("Content-Security-Policy"); got != server.CSP {
				t.Errorf("Content-Security-Policy %q, want %q", got, server.CSP)
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("no X-Content-Type-Options: nosniff")
			}
			if w.Header().Get("Vary") != "Accept" { // one URL, HTML or JSON: caches must tell them apart
				t.Errorf("Vary %q, want Accept", w.Header().Get("Vary"))
			}
			if w.Code == 405 && w.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow %q", w.Header().Get("Allow"))
			}
			for _, s := range tc.want {
				if !strings.Contains(body, s) {
					t.Errorf("the answer lacks %q:\n%s", s, body)
				}
			}
			for _, s := range tc.notWant {
				if strings.Contains(body, s) {
					t.Errorf("the answer holds %q", s)
				}
			}
		})
	}
}

// TestCSP checks that the policy forbids what the pages never need.
func TestCSP(t *testing.T) {
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "base-uri 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(server.CSP, want) {
			t.Errorf("CSP %q lacks %q", server.CSP, want)
		}
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "http:", "https:", "*", "data:"} {
		if strings.Contains(server.CSP, bad) {
			t.Errorf("CSP %q allows %q", server.CSP, bad)
		}
	}
}

func TestAddRedirects(t *testing.T) {
	s, _ := newServer(t, 0)
	tests := []struct{ target, want string }{
		{"/scenario?add=aws@us-east-1&as=fail", "/scenario?fail=aws%40us-east-1"},
		{"/scenario?fail=aws@us-east-1&add=aws/iam&as=degrade", "/scenario?degrade=aws%2Fiam&fail=aws%40us-east-1"},
		{"/scenario?scenario=aws-2021-12-07&add=aws@us-west-2", "/scenario?fail=aws%40us-west-2&scenario=aws-2021-12-07"},
		{"/scenario?fail=aws&add=", "/scenario?fail=aws"},
	}
	for _, tc := range tests {
		w := get(s, "GET", tc.target)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != tc.want {
			t.Errorf("%s: %d to %q, want 303 to %q", tc.target, w.Code, w.Header().Get("Location"), tc.want)
		}
	}
}

// TestRemoveLinks checks that each part of a scenario links to the same
// scenario without it.
func TestRemoveLinks(t *testing.T) {
	s, _ := newServer(t, 0)
	body := get(s, "GET", "/scenario?scenario=aws-2021-12-07&fail=aws@us-west-2&degrade=aws/iam@us-east-1").Body.String()
	for _, want := range []string{
		`href="/scenario?degrade=aws%2Fiam%40us-east-1&amp;fail=aws%40us-west-2" aria-label="remove aws-2021-12-07"`,
		`href="/scenario?degrade=aws%2Fiam%40us-east-1&amp;scenario=aws-2021-12-07" aria-label="remove aws@us-west-2"`,
		`href="/scenario?fail=aws%40us-west-2&amp;scenario=aws-2021-12-07" aria-label="remove aws/iam@us-east-1"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no link %s", want)
		}
	}
}

// hostileCatalog loads catalogtest.XSS.
func hostileCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	data, err := catalogtest.XSS()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.LoadFS(fstest.MapFS{"hostile.yaml": {Data: data}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestHostileLabels serves the hostile catalog and checks that no payload
// reaches a page as markup.
func TestHostileLabels(t *testing.T) {
	cat := hostileCatalog(t)
	s, _ := serverOf(t, cat, 0)
	var targets []string
	for _, id := range cat.ScenarioIDs() {
		targets = append(targets, "/scenario?"+url.Values{"scenario": {id}}.Encode())
	}
	for _, n := range cat.Nodes() {
		targets = append(targets, "/node?"+url.Values{"ref": {n.Ref}, "depth": {"all"}}.Encode(),
			"/scenario?"+url.Values{"fail": {n.Ref}}.Encode(), "/?"+url.Values{"q": {n.Name}}.Encode())
	}
	targets = append(targets, "/rank?scope=provider", "/rank?scope=region", "/rank?scope=zone", "/rank?scope=service",
		"/rank?scope=customer", "/spof", "/concentration", "/concentration?by=region", "/?q=<script>", "/node?ref=<script>alert(1)</script>x")
	for _, target := range targets {
		w := get(s, "GET", target)
		if w.Code != 200 && w.Code != 404 {
			t.Errorf("%s: status %d", target, w.Code)
		}
		checkInertHTML(t, target, w.Body.String())
	}
	// The diagrams hold the payloads as SVG text only.
	for _, target := range []string{"/scenario.svg?scenario=" + url.QueryEscape(cat.ScenarioIDs()[0]), "/node.svg?depth=all&ref=" + url.QueryEscape(cat.Nodes()[0].Ref)} {
		w := get(s, "GET", target)
		if w.Code != 200 {
			t.Fatalf("%s: status %d", target, w.Code)
		}
		checkInertSVG(t, target, w.Body.String())
	}
}

// pageTags are the elements the templates write.
var pageTags = map[string]bool{"html": true, "head": true, "meta": true, "title": true, "link": true, "script": true, "body": true,
	"header": true, "nav": true, "a": true, "form": true, "input": true, "button": true, "main": true, "h1": true, "h2": true,
	"p": true, "ul": true, "li": true, "code": true, "span": true, "strong": true, "small": true, "section": true, "label": true,
	"select": true, "option": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
	"figure": true, "figcaption": true, "img": true, "dl": true, "dt": true, "dd": true, "div": true}

// checkInertHTML parses a page as a browser would and checks that it holds
// only the templates' elements, one script (the server's), no handler
// attribute, and no URL but the server's own paths.
func checkInertHTML(t *testing.T, what, page string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	scripts := 0
	var nodes []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		nodes = append(nodes, n)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, n := range nodes {
		if n.Type != html.ElementNode {
			continue
		}
		if !pageTags[n.Data] {
			t.Errorf("%s: a <%s> element", what, n.Data)
		}
		if n.Data == "script" {
			scripts++
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(key, "on"), key == "style", key == "srcdoc", key == "formaction":
				t.Errorf("%s: <%s %s=%q>", what, n.Data, a.Key, a.Val)
			case key == "href" || key == "src" || key == "action":
				if !strings.HasPrefix(a.Val, "/") || strings.HasPrefix(a.Val, "//") {
					t.Errorf("%s: <%s %s=%q> leaves the server", what, n.Data, a.Key, a.Val)
				}
			}
		}
	}
	if scripts != 1 {
		t.Errorf("%s: %d scripts, want the server's one", what, scripts)
	}
}

// svgTags are the elements of Graphviz's SVG.
var svgTags = map[string]bool{"svg": true, "g": true, "title": true, "path": true, "polygon": true, "polyline": true,
	"text": true, "a": true, "ellipse": true, "defs": true, "linearGradient": true, "radialGradient": true, "stop": true}

// checkInertSVG checks that an SVG holds only Graphviz's elements and no
// handler attribute.
func checkInertSVG(t *testing.T, what, doc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if !svgTags[se.Name.Local] {
				t.Errorf("%s: a <%s> element", what, se.Name.Local)
			}
			for _, a := range se.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || a.Name.Local == "href" && !strings.HasPrefix(a.Value, "#") {
					t.Errorf("%s: <%s %s=%q>", what, se.Name.Local, a.Name.Local, a.Value)
				}
			}
		}
	}
}

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		addr     string
		loopback bool
		err      string
	}{
		{"127.0.0.1:8080", true, ""},
		{"127.1.2.3:0", true, ""},
		{"[::1]:8080", true, ""},
		{"localhost:8080", true, ""},
		{"0.0.0.0:8080", false, ""},
		{"[::]:8080", false, ""},
		{"192.168.1.10:8080", false, ""},
		{":8080", false, "every interface"},
		{"example.com:8080", false, "not the host name"},
		{"127.0.0.1", false, "missing port"},
		{"127.0.0.1:", false, "no port"},
	}
	for _, tc := range tests {
		loop, err := server.CheckAddr(tc.addr)
		if tc.err == "" && (err != nil || loop != tc.loopback) || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("CheckAddr(%q) = %v, %v; want %v, %q", tc.addr, loop, err, tc.loopback, tc.err)
		}
	}
}

// serveLoopback runs h with Serve on a loopback port and returns its base
// URL; stop cancels Serve's context and waits for it to return.
func serveLoopback(t *testing.T, h http.Handler) (base string, stop func() error) {
	t.Helper()
	return serveOn(t, h, "127.0.0.1:0")
}

// serveOn runs h on addr (with Network's choice of network) and returns
// its URL and a function that stops it.
func serveOn(t *testing.T, h http.Handler, addr string) (base string, stop func() error) {
	t.Helper()
	ln, err := net.Listen(server.Network(addr), addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- server.Serve(ctx, ln, h) }()
	return "http://" + ln.Addr().String(), func() error {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				return fmt.Errorf("Serve after cancel: %w", err)
			}
			return nil
		case <-time.After(10 * time.Second):
			return errors.New("Serve did not return after its context was cancelled")
		}
	}
}

// TestServeWildcard runs the server on every IPv4 interface, as
// --addr 0.0.0.0:PORT asks: a name of another site is refused there too
// (DNS rebinding reaches 127.0.0.1 through it), an IP address and the
// machine's name are answered, and no IPv6 address is listened on.
func TestServeWildcard(t *testing.T) {
	s, _ := newServer(t, 0)
	base, stop := serveOn(t, s, "0.0.0.0:0")
	defer stop()
	port := base[strings.LastIndex(base, ":")+1:]
	name, _ := os.Hostname()
	for host, want := range map[string]int{"attacker.example": 421, "127.0.0.1": 200, "localhost": 200, "10.1.2.3": 200, name: 200} {
		req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+"/", nil)
		req.Host = host + ":" + port
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Host %s: status %d, want %d", host, res.StatusCode, want)
		}
	}
	if res, err := http.Get("http://[::1]:" + port + "/"); err == nil {
		res.Body.Close()
		t.Errorf("0.0.0.0 listens on IPv6 ::1 too")
	}
}

func TestNetwork(t *testing.T) {
	for addr, want := range map[string]string{"0.0.0.0:8080": "tcp4", "127.0.0.1:1": "tcp4", "[::]:8080": "tcp6", "[::1]:1": "tcp6", "localhost:8080": "tcp"} {
		if got := server.Network(addr); got != want {
			t.Errorf("Network(%q) = %q, want %q", addr, got, want)
		}
	}
}

// TestServe runs the server on a real loopback listener, checks the limits
// it applies, and shuts it down by cancelling its context.
func TestServe(t *testing.T) {
	s, _ := newServer(t, 0)
	base, stop := serveLoopback(t, s)
	res, err := http.Get(base + "/scenario?fail=aws@us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Security-Policy") != server.CSP {
		t.Errorf("status %d, CSP %q", res.StatusCode, res.Header.Get("Content-Security-Policy"))
	}
	// Another site's page cannot reach it by a name that resolves here.
	req, _ := http.NewRequest("GET", base+"/", nil)
	req.Host = "attacker.example:80"
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("a foreign Host: %v, %v; want 421", res, err)
	} else {
		res.Body.Close()
	}
	// A request with a body is refused, and headers past the limit too.
	if res, err := http.Post(base+"/", "text/plain", strings.NewReader("x")); err != nil || res.StatusCode != 405 {
		t.Errorf("POST: %v, %v", res, err)
	} else {
		res.Body.Close()
	}
	req, _ = http.NewRequest("GET", base+"/?q="+strings.Repeat("a", 2*server.MaxHeaderBytes), nil)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a huge request: %v, %v; want 431", res, err)
	} else {
		res.Body.Close()
	}
	if err := stop(); err != nil {
		t.Error(err)
	}
	if _, err := http.Get(base + "/"); err == nil {
		t.Errorf("the server still answers after shutdown")
	}
}
