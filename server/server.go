// Package server is the local web application of `blastradius serve`: it
// holds one catalog's graph in memory and answers, over net/http, the
// questions the commands answer — search over refs and names, a node's
// dependencies and dependents, a scenario's impact with its cause paths and
// diagram, the rank, SPOF and concentration views — as server-rendered
// pages, each at a stable URL whose query string holds the whole view.
//
// It is safe by construction: every page is an html/template, every
// response carries a Content-Security-Policy that allows only the server's
// own scripts, styles and images, the pages work without JavaScript (the
// embedded script only adds live search and in-place updates), only GET and
// HEAD are answered, and nothing a request names is read from or written to
// disk. Serve runs it with timeouts and size limits on a listener the caller
// gives; CheckAddr decides which addresses may be listened on.
package server

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/render"
)

// DefaultPageSize is the number of rows a list shows per page.
const DefaultPageSize = 50

// MaxRefs bounds the refs one scenario URL may fail and degrade together.
const MaxRefs = 256

// CSP is the Content-Security-Policy of every response: nothing but the
// server's own scripts, styles and images, fetches and form submissions
// to the server, no inline script or style, no frames, no <base>.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options tune a Server. The zero value is the default.
type Options struct {
	// MaxNodes is the diagrams' node budget (render.Options.MaxNodes);
	// 0 means render.DefaultMaxNodes.
	MaxNodes int
	// PageSize is the number of rows per page of a list; 0 means
	// DefaultPageSize.
	PageSize int
	// Layout is the diagrams' layout.
	Layout render.Layout
	// Recent is the number of scenarios kept evaluated, with their
	// diagrams; 0 means DefaultRecent, a negative number none.
	Recent int
}

// Server answers the web application's requests from one graph held in
// memory. It is an http.Handler, safe for concurrent use; Close releases
// the diagram renderer.
type Server struct {
	g       *graph.Graph
	cat     *catalog.Catalog
	opt     Options
	pages   map[string]*template.Template
	mux     *http.ServeMux
	search  []searchEntry
	static  fs.FS
	scenIDs []string

	renderOnce sync.Once
	renderer   *render.Renderer
	renderErr  error

	mu       sync.Mutex
	analyses map[string]*analysis
	recent   *recent[recentEval] // scenarios
	drawn    *recent[recentSVG]  // node diagrams
}

// analysis is one whole-catalog analysis, computed on first use and kept.
type analysis struct {
	once sync.Once
	val  any
	err  error
}

// New makes the server of g.
func New(g *graph.Graph, opt Options) (*Server, error) {
	if opt.MaxNodes == 0 {
		opt.MaxNodes = render.DefaultMaxNodes
	}
	if opt.MaxNodes < render.MinMaxNodes {
		return nil, fmt.Errorf("diagram node budget %d: must be at least %d", opt.MaxNodes, render.MinMaxNodes)
	}
	if opt.PageSize <= 0 {
		opt.PageSize = DefaultPageSize
	}
	if opt.Recent == 0 {
		opt.Recent = DefaultRecent
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s := &Server{g: g, cat: g.Catalog(), opt: opt, static: static, analyses: map[string]*analysis{}, recent: newRecent[recentEval](opt.Recent), drawn: newRecent[recentSVG](opt.Recent)}
	s.scenIDs = s.cat.ScenarioIDs()
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	s.search = newSearchIndex(s.cat)
	s.routes()
	return s, nil
}

// parsePages parses each page template together with the layout.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("server: templates: %w", err)
	}
	funcs := template.FuncMap{"inc": func(n int) int { return n + 1 }}
	pages := map[string]*template.Template{}
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", name)
		if err != nil {
			return nil, fmt.Errorf("server: template %s: %w", name, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// Close releases the diagram renderer, if one was started.
func (s *Server) Close() error {
	var err error
	s.renderOnce.Do(func() { s.renderErr = fmt.Errorf("server closed") })
	if s.renderer != nil {
		err = s.renderer.Close()
		s.renderer = nil
	}
	return err
}

// routes registers the pages.
func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.handleSearch)
	m.HandleFunc("GET /node", s.handleNode)
	m.HandleFunc("GET /node.svg", s.handleNodeSVG)
	m.HandleFunc("GET /scenario", s.handleScenario)
	m.HandleFunc("GET /scenario.json", s.handleScenarioJSON)
	m.HandleFunc("GET /scenario.svg", s.handleScenarioSVG)
	m.HandleFunc("GET /rank", s.handleRank)
	m.HandleFunc("GET /rank.json", s.handleRank)
	m.HandleFunc("GET /spof", s.handleSPOF)
	m.HandleFunc("GET /spof.json", s.handleSPOF)
	m.HandleFunc("GET /concentration", s.handleConcentration)
	m.HandleFunc("GET /concentration.json", s.handleConcentration)
	m.Handle("GET /static/", staticFiles(s.static))
	// Browsers ask for an icon unprompted: none, rather than a 404 logged.
	m.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "no page at "+r.URL.Path)
	})
	s.mux = m
}

// staticFiles serves the embedded assets, never a directory listing; they
// change only with the binary, so browsers may keep them a while.
func staticFiles(fsys fs.FS) http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(fsys))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "max-age=3600")
		files.ServeHTTP(w, r)
	})
}

// ServeHTTP answers one request: every response gets the security
// headers; anything but GET and HEAD, and any request with a body, is
// refused before it reaches a page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Vary", "Accept") // a page's URL gives HTML or JSON as Accept asks
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		s.fail(w, r, http.StatusMethodNotAllowed, "only GET and HEAD: this server changes nothing")
		return
	}
	if r.ContentLength != 0 || len(r.TransferEncoding) > 0 {
		s.fail(w, r, http.StatusRequestEntityTooLarge, "a request may not have a body")
		return
	}
	if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
		// A query mangled on its way (a pasted link) would otherwise lose
		// the pairs it cannot read, and answer another scenario.
		s.fail(w, r, http.StatusBadRequest, "the query cannot be read: "+err.Error())
		return
	}
	s.mux.ServeHTTP(w, r)
}

// diagramRenderer returns the server's Graphviz renderer, starting it on
// first use.
func (s *Server) diagramRenderer() (*render.Renderer, error) {
	s.renderOnce.Do(func() {
		s.renderer, s.renderErr = render.NewRenderer(context.Background())
	})
	return s.renderer, s.renderErr
}

// cached runs compute once per key and keeps its result.
func (s *Server) cached(key string, compute func() (any, error)) (any, error) {
	s.mu.Lock()
	a, ok := s.analyses[key]
	if !ok {
		a = &analysis{}
		s.analyses[key] = a
	}
	s.mu.Unlock()
	a.once.Do(func() { a.val, a.err = compute() })
	return a.val, a.err
}

// page renders the named page template with data into a buffer first, so
// that a template error gives a clean 500 rather than half a page.
func (s *Server) page(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var b bytes.Buffer
	t := s.pages[name]
	if t == nil {
		http.Error(w, "no template "+name, http.StatusInternalServerError)
		return
	}
	if err := t.Execute(&b, data); err != nil {
		http.Error(w, "internal error: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = b.WriteTo(w)
}

// errorPage is the data of the error page.
type errorPage struct {
	layoutData
	Status     int
	Message    string
	Suggest    string // the closest existing ref, if any
	SuggestURL string // the same view with Suggest in place of the unknown ref
}
