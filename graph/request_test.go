package graph_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/graph"
)

func TestScenarioRequest(t *testing.T) {
	cat, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}
	if !(graph.ScenarioRequest{}).Empty() || (graph.ScenarioRequest{Named: true}).Empty() || (graph.ScenarioRequest{Degrade: []string{"x"}}).Empty() {
		t.Error("Empty is wrong")
	}
	sc, err := graph.ScenarioRequest{ID: "aws-2021-12-07", Named: true, Fail: []string{"aws@us-west-2"}, Degrade: []string{"aws/iam@us-east-1"}}.Build(cat)
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := cat.LookupScenario("aws-2021-12-07")
	want := graph.ScenarioOf(cs)
	if sc.ID != want.ID || !slices.Equal(sc.Fail, append(want.Fail, "aws@us-west-2")) || !slices.Equal(sc.Degrade, append(want.Degrade, "aws/iam@us-east-1")) {
		t.Errorf("Build = %+v", sc)
	}
	if _, err := (graph.ScenarioRequest{ID: "nope", Named: true}).Build(cat); !errors.Is(err, catalog.ErrUnknownScenario) {
		t.Errorf("an unknown scenario: %v", err)
	}
	_, err = graph.ScenarioRequest{Fail: []string{"aws"}, Degrade: []string{"aws@us-east-1x"}}.Build(cat)
	var re *graph.RequestRefError
	if !errors.As(err, &re) || re.List != "degrade" || re.Ref != "aws@us-east-1x" || !errors.Is(err, catalog.ErrUnknownRef) {
		t.Errorf("an unknown ref: %v", err)
	}
}
