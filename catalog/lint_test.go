package catalog

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"testing/fstest"
)

// TestLoadLint loads valid catalogs with lint sections: the rules they
// disable add up across files and documents, in load order, with their
// positions, and a rule disabled twice is no error.
func TestLoadLint(t *testing.T) {
	const infra = "version: 1\nproviders: [{id: p, regions: [{id: r}], services: [{id: s}]}]\ncustomers: [{id: c, depends_on: [p/s@r]}]\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string // "id@file:line:col"
	}{
		{"no lint section", map[string]string{"a.yaml": infra}, nil},
		{"empty section", map[string]string{"a.yaml": infra + "lint: {}\n"}, nil},
		{"empty list", map[string]string{"a.yaml": infra + "lint: {disable: []}\n"}, nil},
		{"one rule", map[string]string{"a.yaml": infra + "lint:\n  disable: [shared-fate]\n"},
			[]string{"shared-fate@a.yaml:5:13"}},
		{"twice in one list", map[string]string{"a.yaml": infra + "lint: {disable: [shared-fate, shared-fate]}\n"},
			[]string{"shared-fate@a.yaml:4:18", "shared-fate@a.yaml:4:31"}},
		{"several files", map[string]string{
			"b.yaml":     "lint: {disable: [no-dependencies, shared-fate]}\n",
			"a.yaml":     infra + "lint: {disable: [shared-fate]}\n",
			"sub/c.yaml": "customers: [{id: d, depends_on: [p/s@r]}]\n",
		}, []string{"shared-fate@a.yaml:4:18", "no-dependencies@b.yaml:1:18", "shared-fate@b.yaml:1:35"}},
		{"several documents", map[string]string{"a.yaml": infra + "lint: {disable: [no-dependencies]}\n---\nlint: {disable: [shared-fate]}\n"},
			[]string{"no-dependencies@a.yaml:4:18", "shared-fate@a.yaml:6:18"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, text := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(text)}
			}
			c, err := LoadFS(fsys, ".")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range c.Lint.Disable {
				got = append(got, fmt.Sprintf("%s@%s", r.ID, r.Pos))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("disabled %v, want %v", got, tt.want)
			}
			for _, r := range LintRules() {
				want := slices.ContainsFunc(tt.want, func(s string) bool { return s[:len(r.ID)+1] == r.ID+"@" })
				if c.Lint.Disabled(r.ID) != want {
					t.Errorf("Disabled(%s) = %v, want %v", r.ID, !want, want)
				}
			}
		})
	}
}

func TestLookupLintRule(t *testing.T) {
	ids := []string{}
	for _, r := range LintRules() {
		ids = append(ids, r.ID)
		if r.Description == "" {
			t.Errorf("%s has no description", r.ID)
		}
		if got, err := LookupLintRule(r.ID); err != nil || got != r {
			t.Errorf("LookupLintRule(%s) = %v, %v", r.ID, got, err)
		}
	}
	if !slices.IsSorted(ids) || len(ids) != 2 {
		t.Errorf("rule ids %v: want the two rules, sorted", ids)
	}
	for _, tt := range []struct{ id, want string }{
		{"shared_fate", `unknown lint rule "shared_fate"; did you mean "shared-fate"?`},
		{"no-deps", `unknown lint rule "no-deps"; lint rules: no-dependencies, shared-fate`},
		{"", `unknown lint rule ""; lint rules: no-dependencies, shared-fate`},
	} {
		_, err := LookupLintRule(tt.id)
		if err == nil || err.Error() != tt.want || !errors.Is(err, ErrUnknownLintRule) {
			t.Errorf("LookupLintRule(%q) = %v, want %s", tt.id, err, tt.want)
		}
	}
}
