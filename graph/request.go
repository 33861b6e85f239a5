package graph

import "github.com/blastradius/blastradius/catalog"

// ScenarioRequest is a scenario as a user asks for it: optionally one of
// the catalog's scenarios, plus refs to fail and to degrade. The impact
// command builds it from its flags, the web server from a query string.
type ScenarioRequest struct {
	ID      string // the catalog scenario to start from, when Named
	Named   bool   // ID was given, even empty
	Fail    []string
	Degrade []string
}

// Empty reports whether the request asks for nothing: no catalog scenario
// and no ref.
func (r ScenarioRequest) Empty() bool {
	return !r.Named && len(r.Fail) == 0 && len(r.Degrade) == 0
}

// RequestRefError is a ref of a request's Fail or Degrade list that names
// no node of the catalog.
type RequestRefError struct {
	List string // "fail" or "degrade"
	Ref  string // as the request gives it
	Err  error  // the catalog's *catalog.RefError
}

func (e *RequestRefError) Error() string { return e.List + ": " + e.Err.Error() }

func (e *RequestRefError) Unwrap() error { return e.Err }

// Build builds the scenario the request asks for on cat: the catalog's
// scenario ID, when Named, plus the refs of Fail and Degrade, each checked
// to name a node. An unknown scenario gives an error wrapping
// catalog.ErrUnknownScenario; an unknown ref a *RequestRefError.
func (r ScenarioRequest) Build(cat *catalog.Catalog) (Scenario, error) {
	var sc Scenario
	if r.Named {
		cs, err := cat.LookupScenario(r.ID)
		if err != nil {
			return sc, err
		}
		sc = ScenarioOf(cs)
	}
	for _, list := range []struct {
		name string
		refs []string
		to   *[]string
	}{{"fail", r.Fail, &sc.Fail}, {"degrade", r.Degrade, &sc.Degrade}} {
		for _, ref := range list.refs {
			if _, err := cat.Lookup(ref); err != nil {
				return sc, &RequestRefError{List: list.name, Ref: ref, Err: err}
			}
			*list.to = append(*list.to, ref)
		}
	}
	return sc, nil
}
