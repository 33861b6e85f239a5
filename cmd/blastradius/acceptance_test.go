package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/report"
)

// TestAcceptanceAWS20211207 checks the facts the bundled example is built
// to show on the JSON of
//
//	blastradius impact --example --scenario aws-2021-12-07 --format json
//
// and that every cause path is a real chain of dependencies.
func TestAcceptanceAWS20211207(t *testing.T) {
	r := runCLI(t, nil, "impact", "--example", "--scenario", "aws-2021-12-07", "--format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var imp report.Evaluation
	dec := json.NewDecoder(bytes.NewReader(r.stdoutBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&imp); err != nil {
		t.Fatalf("decode: %v\n%s", err, r.stdout)
	}
	cat, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}

	byRef := map[string]report.AffectedNode{}
	for _, a := range imp.Affected {
		byRef[a.Ref] = a
	}
	for ref, want := range map[string]string{"netflix": "degraded", "roomba": "down"} {
		if got := byRef[ref].State; got != want {
			t.Errorf("%s: state %q, want %q", ref, got, want)
		}
	}
	if s := imp.Summary; s.Customers != 27 || s.Down != 16 || s.Degraded != 11 {
		t.Errorf("summary %+v, want 27 customers, 16 down, 11 degraded", s)
	}
	if got, want := imp.Scenario.Fail, []string{"aws/internal-network@us-east-1"}; !slices.Equal(got, want) {
		t.Errorf("scenario fail %v, want %v", got, want)
	}

	set := map[string]bool{}
	for _, ref := range append(slices.Clone(imp.Scenario.Fail), imp.Scenario.Degrade...) {
		set[ref] = true
	}
	if !slices.IsSortedFunc(imp.Affected, func(a, b report.AffectedNode) int {
		switch {
		case a.Ref < b.Ref:
			return -1
		case a.Ref > b.Ref:
			return 1
		}
		return 0
	}) {
		t.Error("affected is not sorted by ref")
	}
	for _, a := range imp.Affected {
		n := cat.Node(a.Ref)
		if n == nil {
			t.Errorf("%s: no such node", a.Ref)
			continue
		}
		if a.Kind != n.Kind.String() {
			t.Errorf("%s: kind %q, want %q", a.Ref, a.Kind, n.Kind)
		}
		if a.State != "down" && a.State != "degraded" {
			t.Errorf("%s: state %q in affected", a.Ref, a.State)
		}
		p := a.Path
		if len(p) == 0 || p[0] != a.Ref {
			t.Errorf("%s: path %v does not start at the node", a.Ref, p)
			continue
		}
		if !set[p[len(p)-1]] {
			t.Errorf("%s: path %v does not end at a node the scenario set", a.Ref, p)
		}
		for i, ref := range p {
			if st := byRef[ref].State; st == "" {
				t.Errorf("%s: path %v: %s is up", a.Ref, p, ref)
			}
			if i+1 < len(p) {
				if n, next := cat.Node(ref), p[i+1]; n == nil || !slices.Contains(n.Targets(), next) {
					t.Errorf("%s: path %v: %s does not depend on %s", a.Ref, p, ref, next)
				}
			}
		}
	}
}
