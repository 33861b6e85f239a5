package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/report"
)

// rankLevels are the scopes the rank view ranks, in its tabs' order.
var rankLevels = []catalog.Level{catalog.LevelProvider, catalog.LevelRegion, catalog.LevelZone, catalog.LevelService, catalog.LevelCustomer}

// rank ranks the single failures of a level, once.
func (s *Server) rank(level catalog.Level) (any, error) {
	return s.cached("rank "+string(level), func() (any, error) { return s.g.Rank(level, nil) })
}

// spofs lists every customer's single points of failure, once.
func (s *Server) spofs() (any, error) {
	return s.cached("spof", func() (any, error) { return s.g.SPOFs(nil, 1, nil) })
}

// concentration measures the concentration by provider or region, once.
func (s *Server) concentration(by catalog.Level) (any, error) {
	return s.cached("concentration "+string(by), func() (any, error) { return s.g.Concentration(by, nil) })
}

// Warm computes the whole-catalog analyses the rank, SPOF and
// concentration views show, one after the other, so that their first
// request finds them ready; it stops early when ctx is done. A view asked
// for meanwhile waits for its own analysis only.
func (s *Server) Warm(ctx context.Context) {
	steps := []func() (any, error){
		func() (any, error) { return s.rank(catalog.LevelRegion) },
		func() (any, error) { return s.concentration(catalog.LevelProvider) },
		func() (any, error) { return s.spofs() },
		func() (any, error) { return s.concentration(catalog.LevelRegion) },
	}
	for _, l := range rankLevels {
		steps = append(steps, func() (any, error) { return s.rank(l) })
	}
	for _, step := range steps {
		if ctx.Err() != nil {
			return
		}
		_, _ = step() // an error is kept, and shown by the view
	}
}

type rankRow struct {
	nodeLink
	graph.Tally
	Share   string
	FailURL string
}

type rankPage struct {
	layoutData
	JSONURL string
	Scope   string
	Scopes  []string
	Rows    []rankRow
	Pager   pager
}

func (s *Server) handleRank(w http.ResponseWriter, r *http.Request) {
	scope := r.URL.Query().Get("scope")
	if scope == "" {
		scope = string(catalog.LevelRegion)
	}
	d := rankPage{layoutData: layoutData{Title: "Rank", Nav: "rank"}, Scope: scope}
	known := false
	for _, l := range rankLevels {
		d.Scopes = append(d.Scopes, string(l))
		known = known || string(l) == scope
	}
	if !known {
		s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("scope %q: want provider, region, zone, service or customer", scope))
		return
	}
	v, err := s.rank(catalog.Level(scope))
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	results := v.([]graph.Outcome)
	if asJSON(r) {
		writeJSON(w, func(w io.Writer) error { return report.WriteRank(w, catalog.Level(scope), results, report.JSON) })
		return
	}
	d.JSONURL = "/rank.json?" + url.Values{"scope": {scope}}.Encode()
	p, lo, hi, err := s.paginate(r, len(results))
	if err != nil {
		s.fail(w, r, pageStatus(err), err.Error())
		return
	}
	d.Pager = p
	for _, o := range results[lo:hi] {
		d.Rows = append(d.Rows, rankRow{nodeLink: s.refLink(o.Ref), Tally: o.Tally,
			Share: fmt.Sprintf("%.1f%%", 100*o.WeightDownShare), FailURL: "/scenario?" + url.Values{"fail": {o.Ref}}.Encode()})
	}
	s.page(w, r, http.StatusOK, "rank", d)
}

type spofRow struct {
	nodeLink
	Count   int
	Singles []nodeLink
	More    int
}

type spofPage struct {
	layoutData
	JSONURL   string
	Rows      []spofRow
	Pager     pager
	WithSPOFs int
}

// spofShown is how many single points of failure a row names.
const spofShown = 8

func (s *Server) handleSPOF(w http.ResponseWriter, r *http.Request) {
	v, err := s.spofs()
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	all := v.([]graph.SPOF)
	if asJSON(r) {
		writeJSON(w, func(w io.Writer) error { return report.WriteSPOFs(w, all, report.JSON) })
		return
	}
	d := spofPage{layoutData: layoutData{Title: "Single points of failure", Nav: "spof"}, JSONURL: "/spof.json"}
	for _, sp := range all {
		if sp.Singles.Len() > 0 {
			d.WithSPOFs++
		}
	}
	p, lo, hi, err := s.paginate(r, len(all))
	if err != nil {
		s.fail(w, r, pageStatus(err), err.Error())
		return
	}
	d.Pager = p
	for _, sp := range all[lo:hi] {
		row := spofRow{nodeLink: s.refLink(sp.Customer), Count: sp.Singles.Len()}
		for _, ref := range sp.Singles.Head(spofShown) {
			row.Singles = append(row.Singles, s.refLink(ref))
		}
		row.More = row.Count - len(row.Singles)
		d.Rows = append(d.Rows, row)
	}
	s.page(w, r, http.StatusOK, "spof", d)
}

type concentrationRow struct {
	nodeLink
	graph.Dependence
	Share   string
	FailURL string
}

type concentrationPage struct {
	layoutData
	JSONURL string
	By      string
	HHI     string
	Rows    []concentrationRow
}

func (s *Server) handleConcentration(w http.ResponseWriter, r *http.Request) {
	by := r.URL.Query().Get("by")
	switch by {
	case "":
		by = string(catalog.LevelProvider)
	case string(catalog.LevelProvider), string(catalog.LevelRegion):
	default:
		s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("by %q: want provider or region", by))
		return
	}
	v, err := s.concentration(catalog.Level(by))
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	c := v.(*graph.Concentration)
	if asJSON(r) {
		writeJSON(w, func(w io.Writer) error { return report.WriteConcentration(w, c, report.JSON) })
		return
	}
	d := concentrationPage{layoutData: layoutData{Title: "Concentration", Nav: "concentration"}, By: by, HHI: fmt.Sprintf("%.0f", c.HHI),
		JSONURL: "/concentration.json?" + url.Values{"by": {by}}.Encode()}
	for _, e := range c.Entries {
		d.Rows = append(d.Rows, concentrationRow{nodeLink: s.refLink(e.Ref), Dependence: e,
			Share: fmt.Sprintf("%.1f%%", 100*e.WeightDownShare), FailURL: "/scenario?" + url.Values{"fail": {e.Ref}}.Encode()})
	}
	s.page(w, r, http.StatusOK, "concentration", d)
}
