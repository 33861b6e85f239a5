package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/report"
)

func newCheckCmd(s streams, gopts *globalOptions) *cobra.Command {
	ro := &reportOptions{format: newEnum("text", "text", "json", "markdown", "sarif")}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Evaluate the catalog's policies and lint it: the gate for CI",
		Long: `Check evaluates every policy of the catalog — survive (every selected customer
stays up, or at worst degraded, through each single failure of a level) and
max_down_share (no single failure of a level takes down more than a share of
the weight) — and lints it: customers that depend on nothing, and any_of or
quorum groups whose branches all fail with one node.

Every violation names the policy, the failure, the customer and its cause
path. --format sarif writes SARIF 2.1.0 for GitHub code scanning: each
violation sits on the customer's line in the YAML, with the policy's line as
a related location; lint findings are warnings.

Exit codes:
  0  every policy holds (lint warnings do not fail the check)
  1  a policy is violated, or the catalog is invalid
  2  the request is wrong`,
		Example: `  blastradius check --example
  blastradius check -c ./catalog --format sarif -o blastradius.sarif`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			g, err := loadGraph(s, gopts)
			if err != nil {
				return err
			}
			progress := newProgress(s, "check")
			results, err := g.CheckPolicies(progress.update)
			progress.done()
			if err != nil {
				return failure(err)
			}
			findings := g.Lint()
			err = ro.write(s, gopts, func(w io.Writer, f report.Format) error {
				return report.WriteCheck(w, g.Catalog(), results, findings, f)
			})
			if err != nil {
				return err
			}
			for _, r := range results {
				if !r.Holds() {
					return &exitError{code: exitInvalid}
				}
			}
			return nil
		},
	}
	ro.addFlags(cmd)
	return cmd
}
