package graph

import (
	"slices"
	"strings"
	"testing"
)

// TestLintDisable checks that the rules the catalog's lint.disable names
// and those the caller passes are skipped, and that LintRules lists the
// rules that run.
func TestLintDisable(t *testing.T) {
	const customers = `customers:
  - {id: lonely}
  - id: same-region
    depends_on: [{any_of: [p/vm@z1, p/vm@z2]}]
`
	tests := []struct {
		name     string
		lint     string   // the catalog's lint section
		disabled []string // passed to Lint
		rules    string   // the rules that run
		findings string   // the rules of the findings
	}{
		{"all", "", nil, "no-dependencies shared-fate", "no-dependencies shared-fate"},
		{"catalog", "lint: {disable: [shared-fate]}\n", nil, "no-dependencies", "no-dependencies"},
		{"caller", "", []string{"no-dependencies"}, "shared-fate", "shared-fate"},
		{"both", "lint: {disable: [shared-fate]}\n", []string{"no-dependencies"}, "", ""},
		{"same rule twice", "lint: {disable: [shared-fate, shared-fate]}\n", []string{"shared-fate"}, "no-dependencies", "no-dependencies"},
		{"unknown id ignored", "", []string{"no-such-rule"}, "no-dependencies shared-fate", "no-dependencies shared-fate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New(mustLoad(t, base+customers+tt.lint))
			var rules, rulesFound []string
			for _, r := range g.LintRules(tt.disabled...) {
				rules = append(rules, r.ID)
			}
			for _, f := range g.Lint(tt.disabled...) {
				if !slices.Contains(rulesFound, f.Rule) {
					rulesFound = append(rulesFound, f.Rule)
				}
			}
			slices.Sort(rulesFound)
			if got := strings.Join(rules, " "); got != tt.rules {
				t.Errorf("LintRules = %q, want %q", got, tt.rules)
			}
			if got := strings.Join(rulesFound, " "); got != tt.findings {
				t.Errorf("findings of %q, want %q", got, tt.findings)
			}
		})
	}
}
