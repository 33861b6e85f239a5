package main

import (
	"errors"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/report"
)

type checkOptions struct {
	reportFlags
	policies []string
	disabled []string // --disable-lint
}

func newCheckCmd(s streams, runF func(*checkOptions) error) *cobra.Command {
	opts := &checkOptions{reportFlags: newReportFlags(s, "text", "json", "markdown", "sarif")}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Evaluate the catalog's policies and lint it: the gate for CI",
		Long: `Check evaluates every policy of the catalog (or each --policy) — survive
(every selected customer stays up, or at worst degraded, through each single
failure of a level) and max_down_share (no single failure of a level takes
down more than a share of the weight) — and lints it: customers that depend
on nothing, and any_of or quorum groups whose branches all fail with one node.

Every violation names the policy, the failure, the customer and its cause
path. --format sarif writes SARIF 2.1.0 for GitHub code scanning: each
violation sits on the customer's line in the YAML, with the policy's line as
a related location; lint findings are warnings.

Exit codes:
  0  every policy holds (lint warnings do not fail the check)
  1  a policy is violated, or the catalog is invalid
  2  the request is wrong`,
		Example: `  blastradius check --example
  blastradius check -c ./catalog --format sarif -o blastradius.sarif
  blastradius check -c ./catalog --policy critical-survives-any-region`,
	}
	opts.addTo(cmd)
	cmd.Flags().StringArrayVar(&opts.policies, "policy", nil, "evaluate only the policy `ID` (repeatable)")
	cmd.Flags().StringArrayVar(&opts.disabled, "disable-lint", nil, "skip the lint rule `RULE` (repeatable): "+strings.Join(lintRuleIDs(), ", "))
	completePolicies(cmd, &opts.source, "policy")
	cmd.RegisterFlagCompletionFunc("disable-lint", cobra.FixedCompletions(lintRuleIDs(), cobra.ShellCompDirectiveNoFileComp))
	return command(cmd, opts, func(c *cobra.Command, args []string) error {
		for _, id := range opts.disabled {
			if _, err := catalog.LookupLintRule(id); err != nil {
				return usageErrorf("--disable-lint: %w", err)
			}
		}
		return opts.parse(c, args)
	}, runF, checkRun)
}

func checkRun(opts *checkOptions) error {
	g, in, err := analyze(&opts.catalogFlags, "check", func(g *graph.Graph, p graph.Progress) (report.CheckResults, error) {
		results, err := g.CheckPolicies(opts.policies, p)
		if err != nil {
			return report.CheckResults{}, err
		}
		backtests, err := g.Backtests(nil)
		return report.CheckResults{Policies: results, Findings: g.Lint(opts.disabled...), Backtests: backtests}, err
	})
	if errors.Is(err, catalog.ErrUnknownPolicy) {
		return usageErrorf("--policy: %w", err)
	}
	if err != nil {
		return failure(err)
	}
	err = opts.write(func(w io.Writer) error {
		if opts.format != "sarif" {
			return report.WriteCheck(w, in, report.Format(opts.format))
		}
		var sopt report.SARIFOptions
		if !opts.source.example {
			var err error
			if sopt, err = report.SARIFOptionsFor(opts.source.path); err != nil {
				return err
			}
		}
		sopt.LintRules = g.LintRules(opts.disabled...)
		if v := moduleVersion(); v != "(devel)" {
			sopt.ToolVersion = v
		}
		return report.WriteSARIF(w, g.Catalog(), in, sopt)
	})
	if err != nil {
		return err
	}
	if !in.Holds() {
		return errFindings
	}
	return nil
}

// lintRuleIDs lists the ids of the lint rules.
func lintRuleIDs() []string {
	var ids []string
	for _, r := range catalog.LintRules() {
		ids = append(ids, r.ID)
	}
	return ids
}
