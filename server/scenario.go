package server

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/render"
	"github.com/blastradius/blastradius/report"
)

// parseRequest reads a scenario from the query string: scenario (a catalog
// scenario's id; empty: none), fail and degrade (repeatable refs).
func parseRequest(q url.Values) (graph.ScenarioRequest, error) {
	req := graph.ScenarioRequest{ID: q.Get("scenario"), Fail: q["fail"], Degrade: q["degrade"]}
	req.Named = req.ID != ""
	if n := len(req.Fail) + len(req.Degrade); n > MaxRefs {
		return req, fmt.Errorf("%d refs: a scenario may fail and degrade at most %d", n, MaxRefs)
	}
	return req, nil
}

// scenarioQuery is the canonical query string of a request.
func scenarioQuery(req graph.ScenarioRequest) url.Values {
	q := url.Values{}
	if req.Named {
		q.Set("scenario", req.ID)
	}
	if len(req.Fail) > 0 {
		q["fail"] = slices.Clone(req.Fail)
	}
	if len(req.Degrade) > 0 {
		q["degrade"] = slices.Clone(req.Degrade)
	}
	return q
}

// scenarioURL is the URL of a request's view under path.
func scenarioURL(path string, req graph.ScenarioRequest) string {
	if q := scenarioQuery(req).Encode(); q != "" {
		return path + "?" + q
	}
	return path
}

// evaluation reads the scenario the request asks for and evaluates it,
// or finds it kept, answering the error itself when it cannot (ok false);
// kept is the scenario's entry, nil for an empty request or an error.
func (s *Server) evaluation(w http.ResponseWriter, r *http.Request) (req graph.ScenarioRequest, kept *recentEval, ok bool) {
	req, err := parseRequest(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return req, nil, false
	}
	if req.Empty() {
		return req, nil, true
	}
	sc, err := req.Build(s.cat)
	var refErr *graph.RequestRefError
	switch {
	case errors.As(err, &refErr):
		bad := refErr.Ref
		s.refError(w, r, err.Error(), refErr.Err, func(ref string) string {
			fixed := req
			fixed.Fail = replaceRef(req.Fail, bad, ref)
			fixed.Degrade = replaceRef(req.Degrade, bad, ref)
			return scenarioURL("/scenario", fixed)
		})
		return req, nil, false
	case errors.Is(err, catalog.ErrUnknownScenario):
		s.fail(w, r, http.StatusNotFound, err.Error())
		return req, nil, false
	case err != nil:
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return req, nil, false
	}
	kept = s.recent.get(scenarioQuery(req).Encode())
	kept.once.Do(func() { kept.ev, kept.err = s.g.Evaluate(sc) })
	if kept.err != nil {
		s.fail(w, r, http.StatusInternalServerError, kept.err.Error())
		return req, nil, false
	}
	return req, kept, true
}

// replaceRef replaces every bad in refs with good.
func replaceRef(refs []string, bad, good string) []string {
	out := slices.Clone(refs)
	for i, r := range out {
		if r == bad {
			out[i] = good
		}
	}
	return out
}

// without is refs less its first ref equal to drop.
func without(refs []string, drop string) []string {
	out := slices.Clone(refs)
	if i := slices.Index(out, drop); i >= 0 {
		out = slices.Delete(out, i, i+1)
	}
	return out
}

type scenarioPage struct {
	layoutData
	Named      scenarioChip
	HasNamed   bool
	Fail       []scenarioChip
	Degrade    []scenarioChip
	Scenarios  []scenarioLink
	Hidden     [][2]string // the current request as hidden form fields
	Evaluated  bool
	Heading    string
	Summary    graph.Summary
	ShareDown  string
	Nodes      int // infrastructure and customers affected
	Customers  []affectedRow
	Pager      pager
	JSONURL    string
	SVGURL     string
	SelfURL    string
	Refs       int // refs in the catalog, for the add box
	MaxRefs    int
	AddAllowed bool
}

// scenarioChip is one part of the scenario, with the URL without it.
type scenarioChip struct {
	nodeLink
	RemoveURL string
}

type affectedRow struct {
	nodeLink
	State  string
	Hops   []hopView
	Elided int
	Tail   []hopView
}

type hopView struct {
	nodeLink
	Evidence string // how the dependency on this hop is backed
	Sources  []string
}

func (s *Server) hops(hs []graph.Hop) []hopView {
	out := make([]hopView, len(hs))
	for i, h := range hs {
		out[i] = hopView{nodeLink: s.refLink(h.Ref)}
		if h.Evidence.Implied {
			out[i].Evidence = "implied"
		} else if h.Evidence.Stated() {
			out[i].Evidence = h.Evidence.Strength().String()
			out[i].Sources = h.Evidence.Source
		}
	}
	return out
}

func (s *Server) handleScenario(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if add := q.Get("add"); add != "" || q.Has("add") {
		// The add box: fold it into the canonical URL, so that every view
		// has one stable address.
		req, err := parseRequest(q)
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, err.Error())
			return
		}
		if add != "" {
			if q.Get("as") == "degrade" {
				req.Degrade = append(req.Degrade, add)
			} else {
				req.Fail = append(req.Fail, add)
			}
		}
		http.Redirect(w, r, scenarioURL("/scenario", req), http.StatusSeeOther)
		return
	}
	if asJSON(r) {
		s.handleScenarioJSON(w, r)
		return
	}
	req, kept, ok := s.evaluation(w, r)
	if !ok {
		return
	}
	d := scenarioPage{layoutData: layoutData{Title: "Scenario", Nav: "scenario"}, Refs: len(s.cat.Nodes()), MaxRefs: MaxRefs,
		AddAllowed: len(req.Fail)+len(req.Degrade) < MaxRefs}
	for _, sc := range s.cat.Scenarios {
		d.Scenarios = append(d.Scenarios, scenarioLink{ID: sc.ID, Name: sc.Name})
	}
	if req.Named {
		d.HasNamed = true
		rest := req
		rest.Named, rest.ID = false, ""
		d.Named = scenarioChip{nodeLink: nodeLink{Ref: req.ID}, RemoveURL: scenarioURL("/scenario", rest)}
		if cs, err := s.cat.LookupScenario(req.ID); err == nil {
			d.Named.Name = cs.Name
		}
	}
	for _, ref := range req.Fail {
		rest := req
		rest.Fail = without(req.Fail, ref)
		d.Fail = append(d.Fail, scenarioChip{nodeLink: s.refLink(ref), RemoveURL: scenarioURL("/scenario", rest)})
	}
	for _, ref := range req.Degrade {
		rest := req
		rest.Degrade = without(req.Degrade, ref)
		d.Degrade = append(d.Degrade, scenarioChip{nodeLink: s.refLink(ref), RemoveURL: scenarioURL("/scenario", rest)})
	}
	for k, vs := range scenarioQuery(req) {
		for _, v := range vs {
			d.Hidden = append(d.Hidden, [2]string{k, v})
		}
	}
	slices.SortStableFunc(d.Hidden, func(a, b [2]string) int { return cmp.Compare(a[0], b[0]) })
	if kept == nil {
		s.page(w, r, http.StatusOK, "scenario", d)
		return
	}
	ev := kept.ev
	d.Evaluated = true
	d.Heading = ev.Scenario().Title()
	d.Summary = ev.Summary()
	d.ShareDown = fmt.Sprintf("%.1f%%", 100*d.Summary.WeightDownShare)
	var customers []graph.Affected
	customers, d.Nodes = kept.affectedCustomers()
	p, lo, hi, err := s.paginate(r, len(customers))
	if err != nil {
		s.fail(w, r, pageStatus(err), err.Error())
		return
	}
	d.Pager = p
	for _, a := range customers[lo:hi] {
		head, tail, elided := a.Path.Shown()
		d.Customers = append(d.Customers, affectedRow{nodeLink: linkOf(a.Node), State: a.State.String(),
			Hops: s.hops(head), Elided: elided, Tail: s.hops(tail)})
	}
	d.JSONURL = scenarioURL("/scenario.json", req)
	d.SVGURL = scenarioURL("/scenario.svg", req)
	d.SelfURL = scenarioURL("/scenario", req)
	s.page(w, r, http.StatusOK, "scenario", d)
}

// handleScenarioJSON writes the scenario's evaluation as
// `blastradius impact --format json` does, through the same writer.
func (s *Server) handleScenarioJSON(w http.ResponseWriter, r *http.Request) {
	kept := s.nonEmpty(w, r, "evaluate")
	if kept == nil {
		return
	}
	writeJSON(w, func(w io.Writer) error {
		return report.WriteEvaluation(w, kept.ev, report.JSON, report.TextOptions{})
	})
}

// nonEmpty is evaluation for a view that needs a scenario: an empty
// request is a bad one, refused as nothing to what.
func (s *Server) nonEmpty(w http.ResponseWriter, r *http.Request, what string) *recentEval {
	_, kept, ok := s.evaluation(w, r)
	if ok && kept == nil {
		s.fail(w, r, http.StatusBadRequest, "nothing to "+what+": pass scenario=ID, or fail=REF / degrade=REF")
	}
	return kept
}

func (s *Server) handleScenarioSVG(w http.ResponseWriter, r *http.Request) {
	kept := s.nonEmpty(w, r, "draw")
	if kept == nil {
		return
	}
	b, err := kept.drawing.get(func() ([]byte, error) {
		sc, err := render.BlastRadius(s.g, kept.ev, render.Options{MaxNodes: s.opt.MaxNodes, Layout: s.opt.Layout})
		if err != nil {
			return nil, err
		}
		return s.draw(sc)
	})
	s.svg(w, r, b, err)
}
