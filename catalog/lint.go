package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The ids of the lint rules, as a catalog's lint.disable, the CLI and the
// SARIF rules name them.
const (
	LintNoDependencies = "no-dependencies" // a customer that depends on nothing
	LintSharedFate     = "shared-fate"     // redundancy whose branches share a single point of failure
)

// LintRule is a lint rule: a warning about a valid catalog that may not
// mean what it says.
type LintRule struct {
	ID          string
	Description string // one line, a sentence
}

// lintRules is the one list of lint rules, sorted by id: the loader checks
// lint.disable against it, graph runs it, reports describe it.
var lintRules = []LintRule{
	{LintNoDependencies, "A customer that depends on nothing: no failure can reach it, so the catalog probably misses its dependencies."},
	{LintSharedFate, "An any_of or quorum group whose branches all fail with one node: the redundancy does not protect against that node."},
}

// LintRules returns every lint rule, sorted by id.
func LintRules() []LintRule { return slices.Clone(lintRules) }

// lintRuleIDs returns the ids of every lint rule, sorted.
func lintRuleIDs() []string {
	ids := make([]string, len(lintRules))
	for i, r := range lintRules {
		ids[i] = r.ID
	}
	return ids
}

// ErrUnknownLintRule is wrapped by LookupLintRule's error for an unknown id.
var ErrUnknownLintRule = errors.New("unknown lint rule")

// LookupLintRule returns the lint rule with the given id. For an unknown id
// it returns an error wrapping ErrUnknownLintRule that suggests the closest
// id, or lists them all.
func LookupLintRule(id string) (LintRule, error) {
	for _, r := range lintRules {
		if r.ID == id {
			return r, nil
		}
	}
	return LintRule{}, fmt.Errorf("%w %q; %s", ErrUnknownLintRule, id, lintRuleHint(id))
}

// lintRuleHint suggests the closest rule id, or lists them all.
func lintRuleHint(id string) string {
	ids := lintRuleIDs()
	if s := closest(id, ids); s != "" {
		return didYouMean(s)
	}
	return "lint rules: " + strings.Join(ids, ", ")
}

// Lint is the catalog's lint section. Any file may have one; the rules
// they disable add up.
type Lint struct {
	// Disable is every rule named under lint.disable, in load order; a
	// rule named twice is there twice.
	Disable []RuleRef
}

// RuleRef is a lint rule id as written in a catalog, with its position.
type RuleRef struct {
	ID  string
	Pos Pos
}

// Disabled reports whether the catalog switches the rule off.
func (l Lint) Disabled(id string) bool {
	return slices.ContainsFunc(l.Disable, func(r RuleRef) bool { return r.ID == id })
}
