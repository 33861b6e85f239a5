// Package otel converts the service graph that the OpenTelemetry
// Collector's servicegraph connector derives from traces into a
// blastradius catalog draft.
//
// The connector counts the requests between each pair of services in
// traces_service_graph_request_total{client, server, connection_type} and
// the failed ones in traces_service_graph_request_failed_total; the
// Collector's Prometheus exporter exposes them in the Prometheus text
// format, its namespace option prefixing the names (servicegraph_traces_…).
// Every client and server becomes a customer, and every edge a dependency
// of the client on the server, carrying the requests and failures seen as
// its source. Traffic shows that a call happens, not that the client fails
// with the server, so each dependency is inferred, never a fact.
package otel

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/draft"
	"github.com/blastradius/blastradius/internal/phrase"
)

// The metrics the import reads, without the exporter's namespace.
const (
	RequestTotal = "traces_service_graph_request_total"
	FailedTotal  = "traces_service_graph_request_failed_total"
)

// connectionTypes are the values of connection_type the connector writes:
// unset (a direct request), virtual_node (one side is an uninstrumented
// peer), messaging_system and database.
var connectionTypes = []string{"", "virtual_node", "messaging_system", "database"}

// Options are the choices of an import.
type Options struct {
	// MinRequests drops the edges with fewer requests (each is noted):
	// rare calls are often retries, health checks or one-off jobs.
	MinRequests float64
}

// Note is something the import read but did not map.
type Note struct {
	Pos catalog.Pos
	Msg string
}

// String formats n as "file:line:col: message".
func (n Note) String() string { return n.Pos.String() + ": " + n.Msg }

// Result is an import: the catalog draft and what it did not map.
type Result struct {
	Catalog   *draft.Catalog
	Notes     []Note
	Samples   int // samples read
	Edges     int // dependencies written
	Customers int
}

// edge is the traffic from one client to one server.
type edge struct {
	client, server string
	requests       float64
	failed         float64
	seenRequests   bool
	types          map[string]bool // connection types
	pos            catalog.Pos     // of its first request sample
}

// Import reads servicegraph metrics in the Prometheus text format. A
// malformed line, or a servicegraph sample without client or server or
// with a count that is negative or not finite, is an error; every error
// comes in one catalog.ErrorList.
func Import(file string, data []byte, opts Options) (*Result, error) {
	samples, err := ParseText(file, data)
	errs, _ := err.(catalog.ErrorList)
	var notes []Note
	edges := map[[2]string]*edge{}
	ignored := map[string]catalog.Pos{} // other metrics, by name → first sample
	for _, s := range samples {
		metric := servicegraphMetric(s.Name)
		if metric == "" {
			if _, ok := ignored[s.Name]; !ok {
				ignored[s.Name] = s.Pos
			}
			continue
		}
		client, okC := s.Label("client")
		server, okS := s.Label("server")
		if !okC || !okS || client == "" || server == "" {
			errs = append(errs, &catalog.Error{Pos: s.Pos, Msg: fmt.Sprintf("%s needs the labels client and server, both not empty", s.Name)})
			continue
		}
		if s.Value < 0 || math.IsNaN(s.Value) || math.IsInf(s.Value, 0) {
			errs = append(errs, &catalog.Error{Pos: s.Pos, Msg: fmt.Sprintf("%s{client=%q, server=%q} counts %v: a count must be finite and not negative", s.Name, client, server, s.Value)})
			continue
		}
		ct, _ := s.Label("connection_type")
		if !slices.Contains(connectionTypes, ct) {
			notes = append(notes, Note{Pos: s.Pos, Msg: fmt.Sprintf("connection_type %q is not one the connector documents (unset, virtual_node, messaging_system, database); the edge is read as any other", ct)})
		}
		k := [2]string{client, server}
		e := edges[k]
		if e == nil {
			e = &edge{client: client, server: server, types: map[string]bool{}, pos: s.Pos}
			edges[k] = e
		}
		e.types[ct] = true
		if metric == RequestTotal {
			if !e.seenRequests {
				e.pos = s.Pos
			}
			e.requests += s.Value
			e.seenRequests = true
		} else {
			e.failed += s.Value
		}
	}
	if len(errs) > 0 {
		sortErrors(errs)
		return nil, errs
	}
	for _, name := range slices.Sorted(maps.Keys(ignored)) {
		notes = append(notes, Note{Pos: ignored[name], Msg: fmt.Sprintf("metric %s is not one the import reads (%s, %s): its samples are ignored", name, RequestTotal, FailedTotal)})
	}
	res := build(file, edges, opts, notes)
	res.Samples = len(samples)
	return res, nil
}

// servicegraphMetric returns RequestTotal or FailedTotal when name is one
// of them, with or without an exporter's namespace prefix; else "".
func servicegraphMetric(name string) string {
	for _, m := range []string{RequestTotal, FailedTotal} {
		if name == m || strings.HasSuffix(name, "_"+m) {
			return m
		}
	}
	return ""
}

func sortErrors(errs catalog.ErrorList) {
	slices.SortStableFunc(errs, func(a, b *catalog.Error) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
}

// build turns the edges into customers and dependencies.
func build(file string, edges map[[2]string]*edge, opts Options, notes []Note) *Result {
	keys := slices.SortedFunc(maps.Keys(edges), func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	})
	// Every service seen gets an id, in name order.
	names := map[string]bool{}
	for _, k := range keys {
		names[k[0]], names[k[1]] = true, true
	}
	var ids draft.IDs
	id := map[string]string{}
	first := map[string]catalog.Pos{}
	for _, k := range keys {
		for _, n := range k {
			if _, ok := first[n]; !ok {
				first[n] = edges[k].pos
			}
		}
	}
	byID := map[string]string{}
	// Names that are valid ids get them first: a name that must change
	// never takes the id of one that need not.
	sorted := slices.Sorted(maps.Keys(names))
	valid := func(n string) bool { return draft.ValidID(n) == "" }
	for _, n := range append(slices.DeleteFunc(slices.Clone(sorted), func(n string) bool { return !valid(n) }),
		slices.DeleteFunc(slices.Clone(sorted), valid)...) {
		got, clashed := ids.Assign(n)
		id[n] = got
		if clashed {
			notes = append(notes, Note{Pos: first[n], Msg: draft.Printable(fmt.Sprintf("service %q would have the id %q of service %q, so its id is %q", n, draft.Sanitize(n), byID[draft.Sanitize(n)], got))})
		} else if got != n {
			notes = append(notes, Note{Pos: first[n], Msg: draft.Printable(fmt.Sprintf("service %q is not a valid id; its id is %q", n, got))})
		}
		byID[got] = n
	}
	deps := map[string][]draft.Dep{}
	serves := map[string]map[string]bool{} // server → connection types it serves
	clients := map[string]bool{}
	written := 0
	for _, k := range keys {
		e := edges[k]
		what := fmt.Sprintf("%s → %s", e.client, e.server)
		switch {
		case e.client == e.server:
			notes = append(notes, Note{Pos: e.pos, Msg: draft.Printable(fmt.Sprintf("%s: a service calling itself is no dependency: not mapped", what))})
			continue
		case !e.seenRequests:
			notes = append(notes, Note{Pos: e.pos, Msg: draft.Printable(fmt.Sprintf("%s: failed requests but no %s sample: not mapped", what, RequestTotal))})
			continue
		case e.requests < opts.MinRequests || e.requests == 0:
			notes = append(notes, Note{Pos: e.pos, Msg: draft.Printable(fmt.Sprintf("%s: %s requests, below --min-requests %s: not mapped", what, num(e.requests), num(max(opts.MinRequests, 1))))})
			continue
		}
		dep := draft.Ref(id[e.server])
		dep.Provenance = draft.Provenance{Source: []string{draft.Printable(fmt.Sprintf("otel servicegraph: %s requests, %s failed%s (%s:%d)",
			num(e.requests), num(e.failed), typesText(e.types), file, e.pos.Line))}, Confidence: draft.Inferred}
		deps[e.client] = append(deps[e.client], dep)
		if serves[e.server] == nil {
			serves[e.server] = map[string]bool{}
		}
		maps.Copy(serves[e.server], e.types)
		clients[e.client] = true
		written++
	}
	res := &Result{Catalog: &draft.Catalog{}, Edges: written}
	for _, n := range slices.Sorted(maps.Keys(names)) {
		c := draft.Customer{ID: id[n], Name: draft.Printable(n), DependsOn: deps[n], Tags: map[string]string{"kind": kind(n, serves, clients)}}
		if c.Name == c.ID {
			c.Name = ""
		}
		res.Catalog.Customers = append(res.Catalog.Customers, c)
	}
	slices.SortStableFunc(res.Catalog.Customers, func(a, b draft.Customer) int { return strings.Compare(a.ID, b.ID) })
	slices.SortStableFunc(notes, func(a, b Note) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col), strings.Compare(a.Msg, b.Msg))
	})
	res.Notes = notes
	res.Customers = len(res.Catalog.Customers)
	res.Catalog.Header = header(file, res, opts)
	return res
}

// kind tags a service: "database" or "messaging_system" when it only ever
// serves requests of that connection type, else "service".
func kind(n string, serves map[string]map[string]bool, clients map[string]bool) string {
	if clients[n] || len(serves[n]) != 1 {
		return "service"
	}
	for t := range serves[n] {
		if t == "database" || t == "messaging_system" {
			return t
		}
	}
	return "service"
}

// typesText names the connection types of an edge other than a direct
// request, as ", database".
func typesText(types map[string]bool) string {
	var ts []string
	for _, t := range slices.Sorted(maps.Keys(types)) {
		if t != "" {
			ts = append(ts, t)
		}
	}
	if len(ts) == 0 {
		return ""
	}
	return ", " + strings.Join(ts, " and ")
}

// num formats a count: an integer without decimals.
func num(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// header is the comment at the top of the written catalog.
func header(file string, res *Result, opts Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Imported from OpenTelemetry servicegraph metrics (%s) by blastradius import otel:\n", draft.Printable(file))
	fmt.Fprintf(&b, "%s; each client depends on each server it called", phrase.Count(res.Customers, "service", "services"))
	if opts.MinRequests > 1 {
		fmt.Fprintf(&b, " at least %s times", num(opts.MinRequests))
	}
	fmt.Fprintf(&b, " (%s).\n", phrase.Count(res.Edges, "dependency", "dependencies"))
	b.WriteString("Traffic shows a call, not that the client fails with the server: each dependency is inferred.\n")
	b.WriteString("Regenerate it rather than edit it; put hand-written parts in other files of the catalog directory.\n")
	if len(res.Notes) > 0 {
		fmt.Fprintf(&b, "\nNot mapped (%d):\n", len(res.Notes))
		for _, n := range res.Notes {
			b.WriteString("  " + n.String() + "\n")
		}
	}
	return b.String()
}
