package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestComplete runs cobra's hidden __complete command as a shell would and
// checks the candidates: refs, scenarios, policies, customers and enum
// values, filtered by what is typed, without file names.
func TestComplete(t *testing.T) {
	tests := []struct {
		args []string
		want []string // every candidate, in order
		has  []string // some of the candidates
	}{
		{args: []string{"impact", "--example", "--fail", "aws@us-east"}, want: []string{"aws@us-east-1", "aws@us-east-2"}},
		{args: []string{"impact", "--example", "--fail", "aws@us"}, has: []string{"aws@us-east-1", "aws@us-west-2", "aws@use1-az4"}},
		{args: []string{"impact", "--example", "--degrade", "aws/lambda@us-"}, want: []string{"aws/lambda@us-east-1", "aws/lambda@us-east-2", "aws/lambda@us-west-1", "aws/lambda@us-west-2"}},
		{args: []string{"impact", "--example", "--scenario", "aws-202"}, want: []string{"aws-2020-11-25-kinesis", "aws-2025-10-20-dynamodb", "aws-2023-06-13-lambda", "aws-2021-12-07"}},
		{args: []string{"graph", "--example", "--focus", "roo"}, want: []string{"roomba"}},
		{args: []string{"spof", "--example", "--customer", "net"}, want: []string{"netflix"}},
		{args: []string{"spof", "--example", "--customer", "aws"}, want: nil}, // not a customer
		{args: []string{"supply-chain", "--example", "ro"}, want: []string{"robinhood", "roku", "roomba"}},
		{args: []string{"supply-chain", "--example", "roomba", ""}, want: nil}, // one argument only
		{args: []string{"check", "--example", "--policy", ""}, want: []string{"critical-survives-any-region", "region-blast-radius-cap"}},
		{args: []string{"check", "-c", "../../examples/ci/head", "--policy", "region"}, want: []string{"region-cap"}},
		{args: []string{"check", "--disable-lint", ""}, want: []string{"no-dependencies", "shared-fate"}},
		{args: []string{"import", "terraform", "state.json", "--group-by", ""}, want: []string{"module", "tag:"}},
		{args: []string{"rank", "--scope", ""}, want: []string{"provider", "region", "zone", "service", "customer"}},
		{args: []string{"impact", "--fail", "aws"}, want: nil},                        // no catalog named
		{args: []string{"impact", "-c", "testdata/broken", "--fail", "a"}, want: nil}, // a broken catalog
		{args: []string{"schema", "--format", ""}, want: []string{"json"}},
		{args: []string{"diff", "a", "b", "--fail-on", ""}, want: []string{"new-spof", "policy", "radius-increase", "hidden-dependence"}},
	}
	directive := regexp.MustCompile(`^:\d+$`)
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runCLI(t, nil, append([]string{"__complete"}, tt.args...)...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
			last := lines[len(lines)-1]
			if !directive.MatchString(last) || last != ":4" {
				t.Errorf("directive %q, want :4 (no file completion)", last)
			}
			got := lines[:len(lines)-1]
			if tt.has != nil {
				for _, h := range tt.has {
					if !slices.Contains(got, h) {
						t.Errorf("candidates %v lack %s", got, h)
					}
				}
				return
			}
			if len(got) == 0 {
				got = nil
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("candidates %v, want %v", got, tt.want)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	r := runCLI(t, nil, "--version")
	if r.code != 0 || !regexp.MustCompile(`^blastradius \S.* go1\.\d+`).MatchString(r.stdout) {
		t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
	}
}
