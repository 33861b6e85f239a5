package report

import (
	"net/url"
	"path/filepath"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
)

// The SARIF 2.1.0 objects blastradius writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		Name                 string       `json:"name"`
		ShortDescription     sarifMessage `json:"shortDescription"`
		FullDescription      sarifMessage `json:"fullDescription"`
		DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        int             `json:"ruleIndex"`
		Level            string          `json:"level"`
		Message          sarifMessage    `json:"message"`
		Locations        []sarifLocation `json:"locations"`
		RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	}
	sarifLocation struct {
		ID               int           `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
		Message          *sarifMessage `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int32 `json:"startLine"`
		StartColumn int32 `json:"startColumn"`
	}
)

// newSARIF builds a SARIF 2.1.0 log: a rule per policy and per lint rule,
// an error result per policy violation, located at the offending customer
// with the policy as a related location, and a warning per lint finding.
func newSARIF(cat *catalog.Catalog, results []graph.PolicyResult, findings []graph.Finding) sarifLog {
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "blastradius",
		InformationURI: "https://github.com/blastradius/blastradius"}}, Results: []sarifResult{}}
	rule := func(id, name, text, level string) int {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: id, Name: name,
			ShortDescription: sarifMessage{text}, FullDescription: sarifMessage{text}, DefaultConfiguration: sarifConfig{level}})
		return len(run.Tool.Driver.Rules) - 1
	}
	for _, r := range results {
		idx := rule("policy/"+r.Policy.ID, "Policy", policyText(r.Policy), "error")
		for _, v := range r.Violations {
			pos := r.Policy.Pos
			if n := cat.Node(v.Customer); n != nil {
				pos = n.Pos
			}
			policyMsg := sarifMessage{"policy " + r.Policy.ID}
			run.Results = append(run.Results, sarifResult{
				RuleID: "policy/" + r.Policy.ID, RuleIndex: idx, Level: "error",
				Message:          sarifMessage{"Policy " + r.Policy.ID + " is violated: " + violationText(v)},
				Locations:        []sarifLocation{location(pos, nil)},
				RelatedLocations: []sarifLocation{withID(location(r.Policy.Pos, &policyMsg), 1)},
			})
		}
	}
	lintRules := map[string]int{}
	for _, f := range findings {
		idx, ok := lintRules[f.Rule]
		if !ok {
			idx = rule("lint/"+f.Rule, "Lint", lintDescription(f.Rule), "warning")
			lintRules[f.Rule] = idx
		}
		run.Results = append(run.Results, sarifResult{RuleID: "lint/" + f.Rule, RuleIndex: idx, Level: "warning",
			Message: sarifMessage{f.Message}, Locations: []sarifLocation{location(f.Pos, nil)}})
	}
	return sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
}

// lintDescription explains a lint rule.
func lintDescription(rule string) string {
	switch rule {
	case graph.RuleNoDependencies:
		return "A customer that depends on nothing: no failure can reach it, so the catalog probably misses its dependencies."
	case graph.RuleSharedFate:
		return "An any_of or quorum group whose branches all fail with one node: the redundancy does not protect against that node."
	}
	return rule
}

func location(p catalog.Pos, msg *sarifMessage) sarifLocation {
	return sarifLocation{Message: msg, PhysicalLocation: sarifPhysical{
		ArtifactLocation: sarifArtifact{URI: (&url.URL{Path: filepath.ToSlash(p.File)}).EscapedPath()},
		Region:           sarifRegion{StartLine: p.Line, StartColumn: p.Col},
	}}
}

func withID(l sarifLocation, id int) sarifLocation {
	l.ID = id
	return l
}
