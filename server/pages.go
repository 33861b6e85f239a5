package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/render"
)

// layoutData is what the layout of every page shows.
type layoutData struct {
	Title string
	Nav   string // the section the page belongs to
	Query string // the search box's text
}

// pager is one page of a long list.
type pager struct {
	Page, Pages, Total int
	From, To           int // 1-based, inclusive; From > To when empty
	Prev, Next         string
}

// errNoSuchPage is paginate's error for a page past the last: a 404, where
// a page parameter that is no page number is a 400.
var errNoSuchPage = errors.New("no such page")

// pageStatus is the status of a paginate error.
func pageStatus(err error) int {
	if errors.Is(err, errNoSuchPage) {
		return http.StatusNotFound
	}
	return http.StatusBadRequest
}

// paginate reads the page parameter and cuts a list of total rows; it
// returns the rows [lo, hi) to show.
func (s *Server) paginate(r *http.Request, total int) (p pager, lo, hi int, err error) {
	p.Page, p.Total = 1, total
	if v := r.URL.Query().Get("page"); v != "" {
		p.Page, err = strconv.Atoi(v)
		if err != nil || p.Page < 1 {
			return p, 0, 0, fmt.Errorf("page %q: want a number from 1", v)
		}
	}
	size := s.opt.PageSize
	p.Pages = max(1, (total+size-1)/size)
	if p.Page > p.Pages {
		return p, 0, 0, fmt.Errorf("page %d: there are %d: %w", p.Page, p.Pages, errNoSuchPage)
	}
	lo, hi = (p.Page-1)*size, min(total, p.Page*size)
	p.From, p.To = lo+1, hi
	link := func(n int) string {
		q := r.URL.Query()
		if n == 1 {
			q.Del("page")
		} else {
			q.Set("page", strconv.Itoa(n))
		}
		return r.URL.Path + "?" + q.Encode()
	}
	if p.Page > 1 {
		p.Prev = link(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.Next = link(p.Page + 1)
	}
	return p, lo, hi, nil
}

// wantsJSON reports whether the request asks for JSON rather than a page:
// its Accept header names application/json and not text/html (a type
// given q=0 is refused, so not named).
func wantsJSON(r *http.Request) bool {
	json, html := false, false
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		if q, err := strconv.ParseFloat(params["q"], 64); err == nil && q == 0 {
			continue
		}
		switch mt {
		case "application/json":
			json = true
		case "text/html":
			html = true
		}
	}
	return json && !html
}

// hasJSON reports whether the view at path has a JSON form.
func hasJSON(path string) bool {
	switch path {
	case "/scenario", "/rank", "/spof", "/concentration":
		return true
	}
	return false
}

// asJSON reports whether a view is asked for as JSON: by its .json path,
// or, for a view that has a JSON form, by the Accept header. Every other
// page (and its errors) is HTML whatever the request accepts.
func asJSON(r *http.Request) bool {
	return strings.HasSuffix(r.URL.Path, ".json") || hasJSON(r.URL.Path) && wantsJSON(r)
}

// writeJSON answers with what write writes, the machine output of the
// command that shows the same view, streamed as it is made.
func writeJSON(w http.ResponseWriter, write func(io.Writer) error) {
	w.Header().Set("Content-Type", "application/json")
	_ = write(w) // the writers fail only when the client's connection does
}

// fail answers with an error: a JSON object when the request wants JSON,
// else the error page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.failSuggest(w, r, status, msg, "", "")
}

// failSuggest is fail with a suggestion: the closest ref, and the URL of
// the same view with it.
func (s *Server) failSuggest(w http.ResponseWriter, r *http.Request, status int, msg, suggest, suggestURL string) {
	if asJSON(r) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(struct {
			Error      string `json:"error"`
			Suggestion string `json:"suggestion,omitempty"`
		}{msg, suggest})
		return
	}
	s.page(w, r, status, "error", errorPage{
		layoutData: layoutData{Title: http.StatusText(status)},
		Status:     status, Message: msg, Suggest: suggest, SuggestURL: suggestURL,
	})
}

// refError answers an unknown ref with 404 and the catalog's suggestion;
// replace gives the URL of the same view with the suggestion in its place.
func (s *Server) refError(w http.ResponseWriter, r *http.Request, msg string, err error, replace func(string) string) {
	var re *catalog.RefError
	if errors.As(err, &re) && re.Suggestion != "" {
		s.failSuggest(w, r, http.StatusNotFound, msg, re.Suggestion, replace(re.Suggestion))
		return
	}
	s.fail(w, r, http.StatusNotFound, msg)
}

// nodeURL is the URL of a node's page.
func nodeURL(ref string) string { return "/node?" + url.Values{"ref": {ref}}.Encode() }

// nodeLink is a node as a page links to it.
type nodeLink struct {
	Ref, Name, Kind, URL string
}

func linkOf(n *catalog.Node) nodeLink {
	return nodeLink{Ref: n.Ref, Name: n.Name, Kind: n.Kind.String(), URL: nodeURL(n.Ref)}
}

// refLink links a ref that may name no node (it then has no URL).
func (s *Server) refLink(ref string) nodeLink {
	if n := s.cat.Node(ref); n != nil {
		return linkOf(n)
	}
	return nodeLink{Ref: ref}
}

// --- search -------------------------------------------------------------

type searchPage struct {
	layoutData
	Results   []nodeLink
	Pager     pager
	Searched  bool
	Scenarios []scenarioLink
	Nodes     int
	Customers int
}

type scenarioLink struct{ ID, Name, URL string }

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	d := searchPage{layoutData: layoutData{Title: "Search", Nav: "search", Query: q},
		Searched: strings.TrimSpace(q) != "", Nodes: len(s.cat.Nodes()), Customers: len(s.cat.Customers)}
	found := s.find(q)
	p, lo, hi, err := s.paginate(r, len(found))
	if err != nil {
		s.fail(w, r, pageStatus(err), err.Error())
		return
	}
	d.Pager = p
	for _, n := range found[lo:hi] {
		d.Results = append(d.Results, linkOf(n))
	}
	for _, sc := range s.cat.Scenarios {
		d.Scenarios = append(d.Scenarios, scenarioLink{ID: sc.ID, Name: sc.Name,
			URL: "/scenario?" + url.Values{"scenario": {sc.ID}}.Encode()})
	}
	s.page(w, r, http.StatusOK, "search", d)
}

// --- node ---------------------------------------------------------------

// nodeView is the node page's controls, read from the query string.
type nodeView struct {
	ref   string
	dir   string // dependencies, dependents or both
	depth int    // -1: no limit
}

func (v nodeView) query() url.Values {
	q := url.Values{"ref": {v.ref}, "dir": {v.dir}}
	if v.depth < 0 {
		q.Set("depth", "all")
	} else {
		q.Set("depth", strconv.Itoa(v.depth))
	}
	return q
}

// parseNodeView reads ref, dir (default both) and depth (default 1, or
// "all") from the query string.
func parseNodeView(r *http.Request) (nodeView, error) {
	q := r.URL.Query()
	v := nodeView{ref: q.Get("ref"), dir: q.Get("dir"), depth: 1}
	if v.ref == "" {
		return v, errors.New("which node? pass ref")
	}
	switch v.dir {
	case "":
		v.dir = "both"
	case "dependencies", "dependents", "both":
	default:
		return v, fmt.Errorf("dir %q: want dependencies, dependents or both", v.dir)
	}
	switch d := q.Get("depth"); d {
	case "":
	case "all":
		v.depth = -1
	default:
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > 1000 {
			return v, fmt.Errorf("depth %q: want a number from 0 to 1000, or all", d)
		}
		v.depth = n
	}
	return v, nil
}

// neighbour is one node of a node page's list, with how it relates.
type neighbour struct {
	nodeLink
	Relation string // "needs", "needed by" or "both"
}

type nodePage struct {
	layoutData
	Node       nodeLink
	Weight     float64
	Tags       [][2]string
	Location   string
	Dir        string
	Depth      string
	Depths     []string
	Neighbours []neighbour
	Pager      pager
	Needs      int
	NeededBy   int
	FailURL    string
	DegradeURL string
	DiagramURL string
}

// neighbourhood returns the refs within v's depth each way v asks for,
// the node itself left out.
func (s *Server) neighbourhood(v nodeView) (needs, neededBy []string, err error) {
	walk := func(dir graph.Direction) ([]string, error) {
		refs, err := s.g.Neighborhood(v.ref, dir, v.depth)
		return slices.DeleteFunc(refs, func(r string) bool { return r == v.ref }), err
	}
	if v.dir != "dependents" {
		if needs, err = walk(graph.Dependencies); err != nil {
			return nil, nil, err
		}
	}
	if v.dir != "dependencies" {
		if neededBy, err = walk(graph.Dependents); err != nil {
			return nil, nil, err
		}
	}
	return needs, neededBy, nil
}

func (s *Server) handleNode(w http.ResponseWriter, r *http.Request) {
	v, err := parseNodeView(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	n, err := s.cat.Lookup(v.ref)
	if err != nil {
		s.refError(w, r, err.Error(), err, func(ref string) string {
			v := v
			v.ref = ref
			return "/node?" + v.query().Encode()
		})
		return
	}
	needs, neededBy, err := s.neighbourhood(v)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	// One list, by ref: a node may be both needed and needing (a cycle
	// through customers).
	rel := make(map[string]string, len(needs)+len(neededBy))
	for _, ref := range needs {
		rel[ref] = "needs"
	}
	for _, ref := range neededBy {
		if rel[ref] == "needs" {
			rel[ref] = "both"
		} else {
			rel[ref] = "needed by"
		}
	}
	all := make([]string, 0, len(rel))
	all = append(all, needs...)
	all = append(all, neededBy...)
	slices.Sort(all)
	all = slices.Compact(all)
	p, lo, hi, err := s.paginate(r, len(all))
	if err != nil {
		s.fail(w, r, pageStatus(err), err.Error())
		return
	}
	depth := "all"
	if v.depth >= 0 {
		depth = strconv.Itoa(v.depth)
	}
	depths := []string{"1", "2", "3", "5", "all"}
	if !slices.Contains(depths, depth) { // a depth typed into the URL stays chosen
		depths = slices.Insert(depths, slices.IndexFunc(depths, func(d string) bool {
			n, err := strconv.Atoi(d)
			return err != nil || n > v.depth
		}), depth)
	}
	d := nodePage{
		layoutData: layoutData{Title: n.Ref, Nav: "search"},
		Node:       linkOf(n), Weight: n.Weight, Dir: v.dir, Depth: depth,
		Depths: depths, Pager: p, Needs: len(needs), NeededBy: len(neededBy),
		FailURL:    "/scenario?" + url.Values{"fail": {n.Ref}}.Encode(),
		DegradeURL: "/scenario?" + url.Values{"degrade": {n.Ref}}.Encode(),
		DiagramURL: "/node.svg?" + v.query().Encode(),
	}
	for _, k := range slices.Sorted(maps.Keys(n.Tags)) {
		d.Tags = append(d.Tags, [2]string{k, n.Tags[k]})
	}
	d.Location = strings.Join(slices.DeleteFunc([]string{n.Provider, n.Region, n.Zone}, func(s string) bool { return s == "" }), " · ")
	for _, ref := range all[lo:hi] {
		d.Neighbours = append(d.Neighbours, neighbour{nodeLink: s.refLink(ref), Relation: rel[ref]})
	}
	s.page(w, r, http.StatusOK, "node", d)
}

func (s *Server) handleNodeSVG(w http.ResponseWriter, r *http.Request) {
	v, err := parseNodeView(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if _, err := s.cat.Lookup(v.ref); err != nil {
		s.fail(w, r, http.StatusNotFound, err.Error())
		return
	}
	b, err := s.drawn.get(v.query().Encode()).get(func() ([]byte, error) {
		needs, neededBy, err := s.neighbourhood(v)
		if err != nil {
			return nil, err
		}
		refs := slices.Concat([]string{v.ref}, needs, neededBy)
		sc, err := render.Dependencies(s.g, refs, v.ref, render.Options{MaxNodes: s.opt.MaxNodes, Layout: s.opt.Layout, Center: v.ref})
		if err != nil {
			return nil, err
		}
		return s.draw(sc)
	})
	s.svg(w, r, b, err)
}

// svg answers with a drawing, or the error that kept it from being drawn.
func (s *Server) svg(w http.ResponseWriter, r *http.Request, b []byte, err error) {
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	_, _ = w.Write(b)
}

// draw renders a scene as SVG with the server's Graphviz.
func (s *Server) draw(sc *render.Scene) ([]byte, error) {
	rr, err := s.diagramRenderer()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := rr.Render(&b, sc, render.SVG); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
