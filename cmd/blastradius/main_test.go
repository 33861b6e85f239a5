package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blastradius/blastradius/internal/golden"
)

// result is what one in-process run of the CLI gave.
type result struct {
	code        int
	stdout      string
	stderr      string
	stdoutBytes []byte
}

// runCLI runs the CLI in-process with the given environment (nil: empty).
func runCLI(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := execute(args, streams{
		in:     strings.NewReader(""),
		out:    &out,
		errOut: &errOut,
		getenv: func(k string) string { return env[k] },
	})
	return result{code: code, stdout: out.String(), stderr: errOut.String(), stdoutBytes: out.Bytes()}
}

func TestCLI(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		code     int
		contains []string // substrings of stdout+stderr, on top of the goldens
		notes    bool     // stderr lists what an import did not map, even on success
	}{
		// Success.
		{name: "diff-availability", args: []string{"diff", "testdata/risk.yaml", "testdata/risk-head.yaml"},
			contains: []string{"Availability", "blog: down 840.6 → "}},
		{name: "check-min-availability", args: []string{"check", "-c", "testdata/availability-policy.yaml"}, code: 1,
			contains: []string{"critical-four-nines", "blog is available", "2 customers checked"}},
		{name: "check-min-availability-sarif", args: []string{"check", "-c", "testdata/availability-policy.yaml", "--format", "sarif"}, code: 1,
			contains: []string{"most probable cut sets: aws@use1-az1"}},
		{name: "check-min-availability-json", args: []string{"check", "-c", "testdata/availability-policy.yaml", "--format", "json"}, code: 1,
			contains: []string{`"cut_sets"`}},
		{name: "risk-text", args: []string{"risk", "-c", "testdata/risk.yaml"}, contains: []string{"Risk (exact)", "Where to add redundancy first"}},
		{name: "risk-json", args: []string{"risk", "-c", "testdata/risk.yaml", "--customer", "shop", "--format", "json"}, contains: []string{`"method": "exact"`}},
		{name: "risk-unknown-customer", args: []string{"risk", "-c", "testdata/risk.yaml", "--customer", "nobody"}, code: 2},
		{name: "risk-example", args: []string{"risk", "--example", "--top", "5"}, contains: []string{"Risk (exact)", "roomba"}},
		{name: "risk-degraded", args: []string{"risk", "-c", "testdata/risk.yaml", "--degraded-as-down", "--format", "json"}, contains: []string{`"degraded_as_down": true`}},
		{name: "json-validate", args: []string{"validate", "-c", "testdata/json/valid.json"}, contains: []string{"ok: 2 customers"}},
		{name: "json-impact", args: []string{"impact", "-c", "testdata/json/valid.json", "--fail", "cloud@east"}, contains: []string{"blog"}},
		{name: "json-invalid", args: []string{"validate", "-c", "testdata/json/invalid.json"}, code: 1,
			contains: []string{"testdata/json/invalid.json:4:50: unknown key \"wieght\"", "testdata/json/invalid.json:5:5: duplicate id \"shop\""}},
		{name: "impact-example-text", args: []string{"impact", "--example", "--scenario", "aws-2021-12-07"},
			contains: []string{"aws-2021-12-07: 16 of 27 customers down, 11 degraded (59.3% of weight down)", "Customers down (16)", "Customers degraded (11)", "Infrastructure (30)"}},
		{name: "impact-example-json", args: []string{"impact", "--example", "--scenario", "aws-2021-12-07", "--format", "json"},
			contains: []string{`"weight_down_share": 0.5925925925925926`}},
		{name: "impact-example-adhoc", args: []string{"impact", "--example", "--fail", "aws@us-east-1"},
			contains: []string{"impact of aws@us-east-1: 23 of 27 customers down, 4 degraded"}},
		{name: "impact-example-adhoc-json", args: []string{"impact", "--example", "--fail", "aws@us-east-1", "--format=json"}},
		{name: "impact-scenario-plus-refs", args: []string{"impact", "--example", "--scenario", "aws-2021-12-07", "--degrade", "aws/iam@us-east-1", "--fail", "aws/s3@us-east-1"},
			contains: []string{"fail      aws/internal-network@us-east-1, aws/s3@us-east-1", "degrade   aws/iam@us-east-1"}},
		{name: "impact-small-file", args: []string{"impact", "-c", "testdata/small.yaml", "--scenario", "r1-loss"}},
		{name: "impact-no-color-env-ignored-for-buffers", args: []string{"impact", "--example", "--fail", "aws/support", "--color", "auto"}, env: map[string]string{"TERM": "xterm"}},
		{name: "impact-color-always", args: []string{"impact", "--example", "--fail", "aws/support", "--color", "always"}, env: map[string]string{"NO_COLOR": "1"},
			contains: []string{"\x1b[1;31mdown\x1b[0m"}},
		{name: "validate-example", args: []string{"validate", "--example"},
			contains: []string{"ok: 27 customers, 1 provider, "}},
		{name: "validate-small", args: []string{"validate", "--catalog", "testdata/small.yaml"}},
		{name: "help", args: []string{"--help"}, contains: []string{"Exit codes:", "validate", "impact"}},
		{name: "impact-help", args: []string{"impact", "-h"}, contains: []string{"Exit codes:", "--fail REF", "--format text|json"}},

		// Analyses.
		{name: "rank-region", args: []string{"rank", "--example", "--scope", "region"}, contains: []string{"1  aws@us-east-1"}},
		{name: "rank-region-json", args: []string{"rank", "--example", "--scope", "region", "--format", "json"}},
		{name: "rank-zone-pairs-md", args: []string{"rank", "--example", "--scope", "zone", "--pairs", "--top", "3", "--format", "markdown"}},
		{name: "spof-order-2", args: []string{"spof", "--example", "--customer", "netflix", "--customer", "roomba", "--order", "2"}},
		{name: "spof-json", args: []string{"spof", "--example", "--customer", "roomba", "--format", "json"}},
		{name: "concentration-region", args: []string{"concentration", "--example", "--by", "region"}},
		{name: "concentration-json", args: []string{"concentration", "-c", "../../examples/ci/head", "--format", "json"}},

		// check: 0 when every policy holds, 1 when one is violated.
		{name: "check-pass", args: []string{"check", "-c", "../../examples/ci/base"}, contains: []string{"2 of 2 policies hold"}},
		{name: "check-survive", args: []string{"check", "-c", "testdata/check/survive.yaml"}, code: 1,
			contains: []string{"FAIL critical-survives-region", "cloud@east: shop is down ← cloud/db@east ← cloud@east", "ok   region-cap"}},
		{name: "check-share", args: []string{"check", "-c", "testdata/check/share.yaml"}, code: 1,
			contains: []string{"ok   critical-survives-region", "FAIL region-cap", "cloud@east takes down 80.0% of the weight, e.g. wiki"}},
		{name: "check-head-json", args: []string{"check", "-c", "../../examples/ci/head", "--format", "json"}, code: 1},
		{name: "check-head-markdown", args: []string{"check", "-c", "../../examples/ci/head", "--format", "markdown"}, code: 1},
		{name: "check-head-sarif", args: []string{"check", "-c", "../../examples/ci/head", "--format", "sarif"}, code: 1},
		{name: "check-hostile-markdown", args: []string{"check", "-c", "testdata/check/hostile.yaml", "--format", "markdown"}, code: 1},
		{name: "check-hostile-sarif", args: []string{"check", "-c", "testdata/check/hostile.yaml", "--format", "sarif"}, code: 1},
		{name: "check-invalid", args: []string{"check", "-c", "testdata/broken"}, code: 1},
		{name: "check-bad-format", args: []string{"check", "--example", "--format", "svg"}, code: 2},

		// diff: the example pair, in every format; --fail-on turns findings into 1.
		{name: "diff-text", args: []string{"diff", "../../examples/ci/base", "../../examples/ci/head"},
			contains: []string{"More fragile: 2 customers gained single points of failure; 2 policies no longer hold; 1 single failure reaches further."}},
		{name: "diff-json", args: []string{"diff", "../../examples/ci/base", "../../examples/ci/head", "--format", "json"}},
		{name: "diff-markdown", args: []string{"diff", "../../examples/ci/base", "../../examples/ci/head", "--format", "markdown"}},
		{name: "diff-same", args: []string{"diff", "../../examples/ci/base", "../../examples/ci/base", "--fail-on", "new-spof,policy,radius-increase"},
			contains: []string{"No new fragility."}},
		{name: "diff-fail-on-spof", args: []string{"diff", "../../examples/ci/base", "../../examples/ci/head", "--fail-on", "new-spof"}, code: 1},
		{name: "diff-fail-on-policy", args: []string{"diff", "../../examples/ci/base", "../../examples/ci/head", "--fail-on", "policy"}, code: 1},
		{name: "diff-reverse-fail-on-spof", args: []string{"diff", "../../examples/ci/head", "../../examples/ci/base", "--fail-on", "new-spof,policy"}},
		{name: "diff-reverse-radius", args: []string{"diff", "../../examples/ci/head", "../../examples/ci/base", "--fail-on", "radius-increase"}, code: 1},
		{name: "diff-hidden", args: []string{"diff", "testdata/hidden/base.yaml", "testdata/hidden/head.yaml", "--fail-on", "hidden-dependence", "--format", "json"}, code: 1,
			contains: []string{`"hidden-dependence"`, `"hidden_after": 1`}},
		{name: "diff-hidden-reverse", args: []string{"diff", "testdata/hidden/head.yaml", "testdata/hidden/base.yaml", "--fail-on", "hidden-dependence"},
			contains: []string{"region cloud@east: 1 → 0"}},
		{name: "concentration-hidden", args: []string{"concentration", "-c", "testdata/hidden/head.yaml", "--by", "region"},
			contains: []string{"cloud@east: 1 hidden, carried by vendors pay (1)"}},
		// supply-chain: every provider behind one customer, by rank.
		{name: "supply-chain-text", args: []string{"supply-chain", "-c", "testdata/supply.yaml", "wiki"},
			contains: []string{"Supply chain of wiki: 4 providers, 3 critical", "cloud: down by cloud@east; degraded by cloud@west"}},
		{name: "supply-chain-json", args: []string{"supply-chain", "-c", "testdata/supply.yaml", "wiki", "--format", "json"}},
		{name: "supply-chain-markdown", args: []string{"supply-chain", "-c", "testdata/supply.yaml", "app", "--format", "markdown"}},
		{name: "supply-chain-unknown", args: []string{"supply-chain", "-c", "testdata/supply.yaml", "wik"}, code: 2},
		{name: "supply-chain-not-customer", args: []string{"supply-chain", "-c", "testdata/supply.yaml", "cloud@east"}, code: 2},
		{name: "concentration-no-hidden", args: []string{"concentration", "-c", "testdata/hidden/base.yaml", "--by", "region"},
			contains: []string{"No hidden dependence: every region takes down only customers that depend on it themselves."}},
		{name: "concentration-vendors", args: []string{"concentration", "-c", "../../examples/vendor-concentration", "--by", "region"},
			contains: []string{"aws@us-east-1: 10 hidden, carried by vendors twilio (2), datadog (1), okta (1), slack (1)"}},
		{name: "diff-bad-fail-on", args: []string{"diff", "../../examples/ci/base", "../../examples/ci/head", "--fail-on", "everything"}, code: 2},
		{name: "diff-with-catalog-flag", args: []string{"diff", "--example", "../../examples/ci/base", "../../examples/ci/head"}, code: 2},
		{name: "graph-depth-without-focus", args: []string{"graph", "--example", "--depth", "2"}, code: 2},
		{name: "diff-one-arg", args: []string{"diff", "../../examples/ci/base"}, code: 2},
		{name: "diff-invalid", args: []string{"diff", "testdata/broken", "../../examples/ci/head"}, code: 1},
		{name: "diff-missing-base", args: []string{"diff", "testdata/nope", "../../examples/ci/head"}, code: 2},
		{name: "diff-new-catalog", args: []string{"diff", "--allow-missing-base", "testdata/nope", "../../examples/ci/head", "--fail-on", "new-spof"},
			contains: []string{"More fragile: 2 policies no longer hold", "customer billing"}},
		{name: "diff-new-catalog-git", args: []string{"diff", "--allow-missing-base", "git:HEAD:no/such/catalog", "../../examples/ci/head", "--format", "json"},
			contains: []string{`"before": "absent"`}},
		{name: "diff-new-catalog-policy", args: []string{"diff", "--allow-missing-base", "testdata/nope", "../../examples/ci/head", "--fail-on", "policy"}, code: 1},
		{name: "check-policy", args: []string{"check", "-c", "../../examples/ci/head", "--policy", "region-cap"}, code: 1,
			contains: []string{"0 of 1 policies hold"}},
		{name: "check-disable-lint", args: []string{"check", "-c", "../../examples/ci/head", "--disable-lint", "shared-fate"}, code: 1,
			contains: []string{"; 0 lint warnings"}},
		{name: "check-disable-lint-unknown", args: []string{"check", "-c", "../../examples/ci/head", "--disable-lint", "shared-fat"}, code: 2,
			contains: []string{`unknown lint rule "shared-fat"`, `did you mean "shared-fate"?`}},
		{name: "backtest-good", args: []string{"backtest", "-c", "testdata/backtest-good.yaml", "--min-precision", "0.7", "--min-recall", "0.8"},
			contains: []string{"Backtests: 2 of 2 scenarios hold", "precision 0.75 (3 of 4 affected were expected)"}},
		{name: "backtest-bad", args: []string{"backtest", "-c", "testdata/backtest-bad.yaml"}, code: 1,
			contains: []string{"p/db@r1: expected up, is down ← p/net@r1"}},
		{name: "backtest-threshold", args: []string{"backtest", "-c", "testdata/backtest-good.yaml", "--min-precision", "0.8", "--format", "json"}, code: 1,
			contains: []string{`"precision": 0.75`}},
		{name: "backtest-one", args: []string{"backtest", "-c", "testdata/backtest-bad.yaml", "--scenario", "nothing"}},
		{name: "backtest-unknown-scenario", args: []string{"backtest", "-c", "testdata/backtest-bad.yaml", "--scenario", "nett"}, code: 2,
			contains: []string{`did you mean "net"?`}},
		{name: "backtest-bad-threshold", args: []string{"backtest", "--example", "--min-precision", "80"}, code: 2,
			contains: []string{"--min-precision must be between 0 and 1"}},
		{name: "check-expectations", args: []string{"check", "-c", "testdata/backtest-bad.yaml"}, code: 1,
			contains: []string{"1 of 2 scenarios meet their expectations"}},
		{name: "check-expectations-sarif", args: []string{"check", "-c", "testdata/backtest-bad.yaml", "--format", "sarif"}, code: 1,
			contains: []string{`"ruleId": "expect/net"`}},
		{name: "import-terraform-state", args: []string{"import", "terraform", "../../terraform/testdata/state.json"}, notes: true,
			contains: []string{"include: [aws]", "- id: app.db", "12 mapped into 3 customers, 2 approximated; 5 not mapped", "#   aws_iam_role.app: aws_iam_role is configuration"}},
		{name: "import-terraform-tag", args: []string{"import", "terraform", "../../terraform/testdata/multicloud.json", "--group-by", "tag:team"}, notes: true,
			contains: []string{"include: [azure, gcp]", "tags: {team: billing}", "any_of: [azure/cosmos-db@eastus, azure/cosmos-db@westus2]"}},
		{name: "import-terraform-plan", args: []string{"import", "terraform", "../../terraform/testdata/plan.json", "--zone-map", "us-east-1a=use1-az4"}, notes: true,
			contains: []string{"a Terraform plan", "aws/s3@us-west-2", "aws_instance.old: the plan destroys it"}},
		{name: "import-terraform-clean", args: []string{"import", "terraform", "testdata/terraform/named.yaml"}, notes: true,
			contains: []string{"imported 1 resource (a Terraform state): 1 mapped into 1 customer\n", "aws/sqs@eu-west-1"}},
		{name: "import-terraform-bad-json", args: []string{"import", "terraform", "testdata/terraform/bad.json"}, code: 1,
			contains: []string{"blastradius: testdata/terraform/bad.json:3:14: invalid JSON"}},
		{name: "import-terraform-stdin-empty", args: []string{"import", "terraform", "-"}, code: 1,
			contains: []string{"blastradius: <stdin>: empty input"}},
		{name: "import-terraform-missing", args: []string{"import", "terraform", "testdata/nope.json"}, code: 2},
		{name: "import-terraform-bad-zone", args: []string{"import", "terraform", "../../terraform/testdata/state.json", "--zone-map", "us-east-1a=use1-az9"}, code: 2,
			contains: []string{`"use1-az9" is not an AZ ID of the bundled model aws`}},
		{name: "import-terraform-overwrite", args: []string{"import", "terraform", "testdata/terraform/named.yaml", "-o", "testdata/terraform/named.yaml"}, code: 2,
			contains: []string{"refusing to overwrite the input"}},
		{name: "import-no-subcommand-arg", args: []string{"import", "terraform"}, code: 2},
		{name: "import-terraform-typo", args: []string{"import", "terrafrom", "x"}, code: 2, contains: []string{`did you mean "terraform"?`}},
		{name: "models", args: []string{"models"}, contains: []string{"aws ", "azure ", "gcp "}},
		{name: "models-json", args: []string{"models", "--format", "json"}},
		{name: "models-show-unknown", args: []string{"models", "show", "awz"}, code: 2, contains: []string{`unknown model "awz"`}},
		{name: "schema", args: []string{"schema"}, contains: []string{`"$schema": "http://json-schema.org/draft-07/schema#"`}},
		{name: "schema-help", args: []string{"schema", "--help"}, contains: []string{"# yaml-language-server: $schema=./catalog.schema.json", "Exit codes:"}},
		{name: "schema-bad-output", args: []string{"schema", "-o", "catalog.schema.yaml"}, code: 2, contains: []string{"cannot write catalog.schema.yaml"}},
		{name: "check-unknown-policy", args: []string{"check", "-c", "../../examples/ci/head", "--policy", "region-capp"}, code: 2,
			contains: []string{`unknown policy "region-capp"; did you mean "region-cap"?`}},
		{name: "diff-git-option-injection", args: []string{"diff", "git:--output=/tmp/pwned", "../../examples/ci/head"}, code: 2},

		// export: the graph in each format, with and without a scenario.
		{name: "export-graphml", args: []string{"export", "-c", "testdata/small.yaml"},
			contains: []string{`<graph id="G" edgedefault="directed">`, `<key id="e_kind" for="edge" attr.name="kind" attr.type="string">`}},
		{name: "export-cypher-scenario", args: []string{"export", "-c", "testdata/small.yaml", "--scenario", "r1-loss", "--format", "cypher"},
			contains: []string{"MERGE (a)-[e:HARD]->(b)", "{ref: 'shop', kind: 'customer', name: 'Shop', weight: 1.0, state: 'down'}"}},
		{name: "export-cytoscape-adhoc", args: []string{"export", "-c", "testdata/small.yaml", "--fail", "acme/db@r1", "--degrade", "acme@r2", "--format", "cytoscape"},
			contains: []string{`"classes":"customer degraded"`, `"group_op":"any_of"`}},
		{name: "export-help", args: []string{"export", "--help"}, contains: []string{"graphml", "cypher-shell", "--scenario ID"}},
		{name: "export-unknown-ref", args: []string{"export", "-c", "testdata/small.yaml", "--fail", "acme/dbb@r1"}, code: 2,
			contains: []string{"--fail: ", `did you mean "acme/db@r1"?`}},
		{name: "export-unknown-scenario", args: []string{"export", "-c", "testdata/small.yaml", "--scenario", "r1-los"}, code: 2,
			contains: []string{`did you mean "r1-loss"?`}},
		{name: "export-empty-scenario", args: []string{"export", "-c", "testdata/small.yaml", "--scenario="}, code: 2},
		{name: "export-bad-format", args: []string{"export", "--example", "--format", "dot"}, code: 2,
			contains: []string{"must be graphml, cypher or cytoscape"}},
		{name: "export-bad-extension", args: []string{"export", "--example", "-o", "deps.txt"}, code: 2,
			contains: []string{"cannot write deps.txt"}},
		{name: "export-broken", args: []string{"export", "-c", "testdata/broken"}, code: 1},
		// import: the catalog on stdout, what was not mapped on stderr.
		{name: "import-backstage-examples", args: []string{"import", "backstage", "../../backstage/testdata/backstage-examples"}, notes: true,
			contains: []string{"id: system:artist-engagement-portal", "imported 34 entities: 20 customers, 1 service; 12 not mapped"}},
		{name: "import-backstage-map", args: []string{"import", "backstage", "../../backstage/testdata/fixtures/mapping.yaml", "--map", "../../backstage/testdata/fixtures/mapping.map.yaml"}, notes: true,
			contains: []string{"include: [aws]", "{ref: aws/rds@us-east-1, "}},
		{name: "import-backstage-invalid", args: []string{"import", "backstage", "../../backstage/testdata/invalid"}, code: 1,
			contains: []string{"envelope.yaml:21:15: spec.dependsOn entry \"database\" has no kind", "syntax.yaml:7:1: invalid YAML", "\n20 errors\n"}},
		{name: "import-backstage-bad-map", args: []string{"import", "backstage", "../../backstage/testdata/fixtures/mapping.yaml", "--map", "../../backstage/testdata/invalid/map.yaml"}, code: 1,
			contains: []string{"map.yaml:2:1: component:default/web is a component"}},
		{name: "import-backstage-no-input", args: []string{"import", "backstage"}, code: 2, contains: []string{"no input"}},
		{name: "import-backstage-missing", args: []string{"import", "backstage", "testdata/nope.yaml"}, code: 2},
		{name: "import-backstage-missing-map", args: []string{"import", "backstage", "../../backstage/testdata/fixtures/mapping.yaml", "--map", "nope.yaml"}, code: 2,
			contains: []string{"--map: open nope.yaml"}},
		{name: "import-otel", args: []string{"import", "otel", "../../otel/testdata/servicegraph.prom", "--min-requests", "10"}, notes: true,
			contains: []string{"source: 'otel servicegraph: 1234 requests, 5 failed", "imported 18 samples: 9 customers, 6 dependencies; 7 not mapped"}},
		{name: "import-otel-invalid", args: []string{"import", "otel", "../../otel/testdata/invalid/syntax.prom"}, code: 1,
			contains: []string{"syntax.prom:8:54: label server: invalid escape \\q", "\n19 errors\n"}},
		{name: "import-otel-missing", args: []string{"import", "otel", "testdata/nope.prom"}, code: 2},
		{name: "import-unknown", args: []string{"import", "otell"}, code: 2, contains: []string{`unknown importer "otell" (importers: backstage, otel, terraform); did you mean "otel"?`}},
		{name: "import-help", args: []string{"import", "--help"}, contains: []string{"backstage", "otel", "terraform"}},

		// The catalog is invalid: 1.
		{name: "validate-broken", args: []string{"validate", "-c", "testdata/broken"}, code: 1,
			contains: []string{"testdata/broken/providers.yaml:10:16: unknown scope \"zonel\"; did you mean \"zonal\"?", "\n5 errors\n"}},
		{name: "impact-broken", args: []string{"impact", "-c", "testdata/broken", "--fail", "acme"}, code: 1},

		// The request is wrong: 2.
		{name: "no-catalog-validate", args: []string{"validate"}, code: 2, contains: []string{"pass --catalog PATH or --example"}},
		{name: "no-catalog-impact", args: []string{"impact", "--fail", "aws"}, code: 2, contains: []string{"pass --catalog PATH or --example"}},
		{name: "both-catalogs", args: []string{"validate", "--example", "-c", "testdata/small.yaml"}, code: 2},
		{name: "nonexistent-path", args: []string{"validate", "-c", "testdata/nope"}, code: 2,
			contains: []string{"blastradius: stat testdata/nope: no such file or directory"}},
		{name: "no-yaml-dir", args: []string{"validate", "-c", "testdata/noyaml"}, code: 2},
		{name: "unknown-flag", args: []string{"impact", "--example", "--bogus"}, code: 2, contains: []string{"unknown flag: --bogus"}},
		{name: "unknown-shorthand", args: []string{"validate", "-x"}, code: 2},
		{name: "unknown-command", args: []string{"impcat"}, code: 2, contains: []string{`unknown command "impcat"`, "Did you mean this?"}},
		{name: "extra-argument", args: []string{"validate", "--example", "extra"}, code: 2},
		{name: "missing-flag-value", args: []string{"impact", "--example", "--fail"}, code: 2},
		{name: "unknown-ref", args: []string{"impact", "--example", "--fail", "aws/lamda@us-east-1"}, code: 2,
			contains: []string{`did you mean "aws/lambda@us-east-1"?`}},
		{name: "unknown-ref-degrade", args: []string{"impact", "--example", "--scenario", "aws-2021-12-07", "--degrade", "aws/sts-global@us-east-1"}, code: 2,
			contains: []string{"--degrade: ", `did you mean "aws/sts-global"?`}},
		{name: "unknown-bare-service", args: []string{"impact", "--example", "--fail", "kinesis"}, code: 2,
			contains: []string{`did you mean "aws/kinesis@us-east-1"? (or one of its 33 other instances)`}},
		{name: "malformed-ref", args: []string{"impact", "--example", "--fail", "aws@@x"}, code: 2},
		{name: "unknown-scenario", args: []string{"impact", "--example", "--scenario", "aws-2021-12-7"}, code: 2,
			contains: []string{`did you mean "aws-2021-12-07"?`, "us-east-1-region-loss"}},
		{name: "unknown-scenario-far", args: []string{"impact", "--example", "--scenario", "zzz"}, code: 2},
		{name: "empty-scenario", args: []string{"impact", "--example", "--scenario", ""}, code: 2},
		{name: "nothing-to-evaluate", args: []string{"impact", "--example"}, code: 2,
			contains: []string{"aws-2021-12-07, us-east-1-region-loss"}},
		{name: "bad-format", args: []string{"impact", "--example", "--scenario", "aws-2021-12-07", "--format", "yaml"}, code: 2,
			contains: []string{"must be text, json, svg, png, dot or mermaid"}},
		{name: "bad-color", args: []string{"impact", "--example", "--scenario", "aws-2021-12-07", "--color", "yes"}, code: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.env, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			both := r.stdout + r.stderr
			for _, s := range tc.contains {
				if !strings.Contains(both, s) {
					t.Errorf("output lacks %q:\n%s", s, both)
				}
			}
			if strings.Contains(both, cwd) {
				t.Errorf("output holds the absolute path %s:\n%s", cwd, both)
			}
			if strings.Contains(both, "goroutine ") || strings.Contains(both, "panic") {
				t.Errorf("output looks like a Go stack trace:\n%s", both)
			}
			switch tc.code {
			case 0:
				if r.stderr != "" && !tc.notes {
					t.Errorf("stderr is not empty on success:\n%s", r.stderr)
				}
			case 2:
				if !strings.HasPrefix(r.stderr, "blastradius: ") {
					t.Errorf("stderr does not start with \"blastradius: \":\n%s", r.stderr)
				}
				if r.stdout != "" {
					t.Errorf("stdout is not empty on a wrong request:\n%s", r.stdout)
				}
			}
			golden.Check(t, filepath.Join("testdata", "golden", tc.name+".stdout"), r.stdoutBytes)
			golden.Check(t, filepath.Join("testdata", "golden", tc.name+".stderr"), []byte(r.stderr))
		})
	}
}

// TestDeterministic runs the same requests twice and compares the bytes; it
// also checks that the embedded example and the same files read from disk
// give the same impact.
func TestDeterministic(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		args := []string{"impact", "--example", "--scenario", "aws-2021-12-07", "--format", format}
		a := runCLI(t, nil, args...)
		b := runCLI(t, nil, args...)
		if a.code != 0 || b.code != 0 {
			t.Fatalf("%s: exit codes %d, %d: %s", format, a.code, b.code, a.stderr)
		}
		if !bytes.Equal(a.stdoutBytes, b.stdoutBytes) {
			t.Errorf("%s: two runs differ", format)
		}
		disk := runCLI(t, nil, "impact", "-c", filepath.Join("..", "..", "examples", "aws-2021-12-07"), "--scenario", "aws-2021-12-07", "--format", format)
		if disk.code != 0 {
			t.Fatalf("%s from disk: exit %d: %s", format, disk.code, disk.stderr)
		}
		if !bytes.Equal(a.stdoutBytes, disk.stdoutBytes) {
			t.Errorf("%s: --example and -c examples/aws-2021-12-07 differ", format)
		}
	}
}

func TestUseColor(t *testing.T) {
	// /dev/null is a character device, so it stands in for a terminal.
	tty, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var buf bytes.Buffer

	tests := []struct {
		name string
		mode string
		out  any
		env  map[string]string
		want bool
	}{
		{"auto terminal", "auto", tty, nil, true},
		{"auto terminal NO_COLOR", "auto", tty, map[string]string{"NO_COLOR": "1"}, false},
		{"auto terminal NO_COLOR empty", "auto", tty, map[string]string{"NO_COLOR": ""}, true},
		{"auto terminal TERM=dumb", "auto", tty, map[string]string{"TERM": "dumb"}, false},
		{"auto file", "auto", file, nil, false},
		{"auto buffer", "auto", &buf, nil, false},
		{"always buffer", "always", &buf, nil, true},
		{"always NO_COLOR", "always", &buf, map[string]string{"NO_COLOR": "1"}, true},
		{"never terminal", "never", tty, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := streams{getenv: func(k string) string { return tc.env[k] }}
			switch out := tc.out.(type) {
			case *os.File:
				s.out = out
			case *bytes.Buffer:
				s.out = out
			}
			if got := useColor(tc.mode, s); got != tc.want {
				t.Errorf("useColor(%q) = %v, want %v", tc.mode, got, tc.want)
			}
		})
	}
}
