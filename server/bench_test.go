package server_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/catalogtest"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/server"
)

// benchTargets are the interactions the benchmarks time: each a request a
// click or a keystroke makes.
var benchTargets = []struct{ name, target, accept string }{
	{"search/ref", "/?q=aws@us-east-1", ""},
	{"search/name", "/?q=bright", ""},
	{"search/none", "/?q=no-such-thing", ""},
	{"node/region", "/node?ref=aws@us-east-1", ""},
	{"node/region-depth-2-page-2", "/node?ref=aws@us-east-1&depth=2&page=2", ""},
	{"node/customer-all", "/node?ref=c000000&depth=all", ""},
	{"node.svg/customer", "/node.svg?ref=c000000&dir=dependencies&depth=all", ""},
	{"node.svg/region", "/node.svg?ref=aws@us-east-1", ""},
	{"node.svg/region-all", "/node.svg?ref=aws@us-east-1&depth=all", ""},
	{"node.svg/zone", "/node.svg?ref=aws@use1-az2&depth=1", ""},
	{"scenario/empty", "/scenario", ""},
	{"scenario/region", "/scenario?fail=aws@us-east-1", ""},
	{"scenario/region-page-500", "/scenario?fail=aws@us-east-1&page=500", ""},
	{"scenario/zone", "/scenario?scenario=aws-use1-az2-outage", ""},
	{"scenario/two-regions", "/scenario?scenario=aws-and-gcp-first-regions-outage", ""},
	{"scenario/region-json", "/scenario?fail=aws@us-east-1", "application/json"},
	{"scenario/zone-json", "/scenario?scenario=aws-use1-az2-outage", "application/json"},
	{"scenario.svg/region", "/scenario.svg?fail=aws@us-east-1", ""},
	{"scenario.svg/zone", "/scenario.svg?scenario=aws-use1-az2-outage", ""},
	{"add/redirect", "/scenario?fail=aws@us-east-1&add=aws@us-west-2", ""},
	{"rank/region", "/rank?scope=region", ""},
	{"rank/service", "/rank?scope=service", ""},
	{"rank/customer-page-100", "/rank?scope=customer&page=100", ""},
	{"spof/page-1", "/spof", ""},
	{"spof/page-1000", "/spof?page=1000", ""},
	{"concentration/provider", "/concentration", ""},
	{"concentration/region", "/concentration?by=region", ""},
	{"json/rank-service", "/rank.json?scope=service", ""},
	{"json/rank-customer", "/rank.json?scope=customer", ""},
	{"json/spof", "/spof.json", ""},
	{"json/concentration-region", "/concentration.json?by=region", ""},
	{"static/script", "/static/app.js", ""},
}

// benchGraph is the graph of the 100,000-customer synthetic catalog.
func benchGraph(b *testing.B) *graph.Graph {
	b.Helper()
	cat, err := catalog.LoadFS(catalogtest.Generate(catalogtest.Options{Customers: 100000, Seed: 1}), ".")
	if err != nil {
		b.Fatal(err)
	}
	return graph.New(cat)
}

// serveOnce answers one request and counts its body's bytes for -bench's
// MB/s. The body goes to a counter, as it goes to a socket: a recorder
// that kept it would time the growing of its buffer too.
func serveOnce(b *testing.B, s http.Handler, target, accept string) {
	r := httptest.NewRequest("GET", target, nil)
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	w := &countingWriter{header: http.Header{}, code: http.StatusOK}
	s.ServeHTTP(w, r)
	if w.code != 200 && w.code != http.StatusSeeOther {
		b.Fatalf("%s: status %d: %s", target, w.code, w.head)
	}
	b.SetBytes(w.n)
}

// countingWriter is a ResponseWriter that keeps the status, the headers,
// the first bytes of the body and its length.
type countingWriter struct {
	header http.Header
	code   int
	head   []byte
	n      int64
}

func (w *countingWriter) Header() http.Header  { return w.header }
func (w *countingWriter) WriteHeader(code int) { w.code = code }
func (w *countingWriter) Write(p []byte) (int, error) {
	if len(w.head) < 300 {
		w.head = append(w.head, p[:min(len(p), 300-len(w.head))]...)
	}
	w.n += int64(len(p))
	return len(p), nil
}

// BenchmarkHandlers times each interaction on the 100,000-customer
// catalog, server side, after a first request has warmed what the server
// keeps: under kept, the analyses behind rank, SPOF and concentration,
// Graphviz, and the scenario's evaluation and diagram (as when a page's
// diagram, JSON or next page follow the page), and node diagrams drawn
// once; under fresh, the scenario views and node diagrams again with
// nothing kept (Options.Recent < 0), as when first asked.
func BenchmarkHandlers(b *testing.B) {
	g := benchGraph(b)
	for _, mode := range []struct {
		name   string
		recent int
		only   []string // the targets' name prefixes; nil: every target
	}{{"kept", 0, nil}, {"fresh", -1, []string{"scenario", "node.svg"}}} {
		s, err := server.New(g, server.Options{Recent: mode.recent})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		for _, bt := range benchTargets {
			if mode.only != nil && !slices.ContainsFunc(mode.only, func(p string) bool { return strings.HasPrefix(bt.name, p) }) {
				continue
			}
			b.Run(mode.name+"/"+bt.name, func(b *testing.B) {
				serveOnce(b, s, bt.target, bt.accept)
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					serveOnce(b, s, bt.target, bt.accept)
				}
			})
		}
	}
}

// BenchmarkFirstRequest times the first request of each view that computes
// a whole-catalog analysis, on a fresh server each time: what the first
// click on it costs before the server keeps the result.
func BenchmarkFirstRequest(b *testing.B) {
	g := benchGraph(b)
	for _, target := range []string{"/rank?scope=region", "/rank?scope=zone", "/rank?scope=service", "/rank?scope=customer", "/spof", "/concentration", "/concentration?by=region", "/scenario.svg?fail=aws@us-east-1"} {
		b.Run(target[1:], func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s, err := server.New(g, server.Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				serveOnce(b, s, target, "")
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
		})
	}
}
