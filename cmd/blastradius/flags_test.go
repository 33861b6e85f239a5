package main

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/render"
)

// parse runs a command built with runF as the seam: it parses args and
// returns the options the run function would get, or the error the flags
// gave before any catalog was read.
func parse[T any](t *testing.T, newCmd func(streams, func(*T) error) *cobra.Command, args ...string) (*T, error) {
	t.Helper()
	var got *T
	cmd := newCmd(streams{in: strings.NewReader(""), out: &bytes.Buffer{}, errOut: &bytes.Buffer{}, getenv: func(string) string { return "" }},
		func(o *T) error { got = o; return nil })
	cmd.SetArgs(args)
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	return got, cmd.Execute()
}

// wantUsage fails unless err is a wrong request mentioning msg.
func wantUsage(t *testing.T, err error, msg string) {
	t.Helper()
	var ee *exitError
	if err == nil || errors.As(err, &ee) && ee.status != statusUsage || !strings.Contains(err.Error(), msg) {
		t.Fatalf("err = %v, want a wrong request saying %q", err, msg)
	}
}

func TestImpactFlags(t *testing.T) {
	tests := []flagCase[impactOptions]{
		{name: "scenario", args: []string{"--example", "--scenario", "s1"}, check: func(t *testing.T, o *impactOptions) {
			if !o.source.example || !o.named || o.scenario != "s1" || o.format != "text" {
				t.Errorf("%+v", o)
			}
		}},
		{name: "empty scenario is still named", args: []string{"-c", "x.yaml", "--scenario="}, check: func(t *testing.T, o *impactOptions) {
			if !o.named || o.source.path != "x.yaml" {
				t.Errorf("%+v", o)
			}
		}},
		{name: "refs repeat", args: []string{"--example", "--fail", "a", "--fail", "b,c", "--degrade", "d"}, check: func(t *testing.T, o *impactOptions) {
			if !slices.Equal(o.fail, []string{"a", "b,c"}) || !slices.Equal(o.degrade, []string{"d"}) || o.named {
				t.Errorf("%+v", o)
			}
		}},
		{name: "format from extension", args: []string{"--example", "--fail", "a", "-o", "r.PNG"}, check: func(t *testing.T, o *impactOptions) {
			if o.format != "png" {
				t.Errorf("format %q", o.format)
			}
		}},
		{name: "--format beats the extension", args: []string{"--example", "--fail", "a", "-o", "r.txt", "--format", "json"}, check: func(t *testing.T, o *impactOptions) {
			if o.format != "json" {
				t.Errorf("format %q", o.format)
			}
		}},
		{name: "diagram flags", args: []string{"--example", "--fail", "a", "--layout", "radial", "--max-nodes", "9"}, check: func(t *testing.T, o *impactOptions) {
			if o.render.Layout != render.Radial || o.render.MaxNodes != 9 {
				t.Errorf("%+v", o.render)
			}
		}},
		{name: "no catalog", args: []string{"--fail", "a"}, wantErr: "pass --catalog PATH or --example"},
		{name: "two catalogs", args: []string{"--example", "-c", "x", "--fail", "a"}, wantErr: "exclude each other"},
		{name: "unwritable extension", args: []string{"--example", "--fail", "a", "-o", "r.sarif"}, wantErr: "cannot write r.sarif"},
		{name: "no extension", args: []string{"--example", "--fail", "a", "-o", "report"}, wantErr: "give it an extension"},
		{name: "bad max nodes", args: []string{"--example", "--fail", "a", "--max-nodes", "3"}, wantErr: "--max-nodes must be at least 4"},
		{name: "bad format", args: []string{"--example", "--format", "yaml"}, wantErr: "must be text, json, svg, png, dot or mermaid"},
	}
	runFlagCases(t, newImpactCmd, tests)
}

// flagCase is one case of a flag test: the arguments, and either a check
// of the options they parse to or the error they give.
type flagCase[T any] struct {
	name    string
	args    []string
	check   func(*testing.T, *T)
	wantErr string
}

// runFlagCases parses each case's arguments with the command newCmd makes
// and checks the options, or the error.
func runFlagCases[T any](t *testing.T, newCmd func(streams, func(*T) error) *cobra.Command, tests []flagCase[T]) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parse(t, newCmd, tt.args...)
			if tt.wantErr != "" {
				wantUsage(t, err, tt.wantErr)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, o)
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestOutputFlags checks, for every command that writes one report, that
// the format comes from --format, else -o's extension, else the default,
// and that an extension the command cannot write is a wrong request.
func TestOutputFlags(t *testing.T) {
	format := map[string]func(args ...string) (string, error){
		"rank": func(args ...string) (string, error) {
			o, err := parse(t, newRankCmd, args...)
			return field(o, err, func(o *rankOptions) string { return o.format })
		},
		"spof": func(args ...string) (string, error) {
			o, err := parse(t, newSPOFCmd, args...)
			return field(o, err, func(o *spofOptions) string { return o.format })
		},
		"concentration": func(args ...string) (string, error) {
			o, err := parse(t, newConcentrationCmd, args...)
			return field(o, err, func(o *concentrationOptions) string { return o.format })
		},
		"supply-chain": func(args ...string) (string, error) {
			o, err := parse(t, newSupplyChainCmd, append([]string{"netflix"}, args...)...)
			return field(o, err, func(o *supplyChainOptions) string { return o.format })
		},
		"check": func(args ...string) (string, error) {
			o, err := parse(t, newCheckCmd, args...)
			return field(o, err, func(o *checkOptions) string { return o.format })
		},
		"graph": func(args ...string) (string, error) {
			o, err := parse(t, newGraphCmd, args...)
			return field(o, err, func(o *graphOptions) string { return o.format })
		},
		"diff": func(args ...string) (string, error) {
			o, err := parse(t, newDiffCmd, append([]string{"base", "head"}, args...)...)
			return field(o, err, func(o *diffOptions) string { return o.format })
		},
		"export": func(args ...string) (string, error) {
			o, err := parse(t, newExportCmd, args...)
			return field(o, err, func(o *exportOptions) string { return o.format })
		},
	}
	tests := []struct {
		cmd     string
		args    []string
		want    string
		wantErr string
	}{
		{cmd: "rank", want: "text"},
		{cmd: "rank", args: []string{"-o", "r.md"}, want: "markdown"},
		{cmd: "rank", args: []string{"-o", "r.svg"}, wantErr: "cannot write r.svg"},
		{cmd: "spof", args: []string{"-o", "s.json"}, want: "json"},
		{cmd: "concentration", args: []string{"-o", "c.markdown"}, want: "markdown"},
		{cmd: "check", args: []string{"-o", "c.sarif"}, want: "sarif"},
		{cmd: "check", args: []string{"-o", "c.png"}, wantErr: "cannot write c.png"},
		{cmd: "graph", want: "dot"},
		{cmd: "graph", args: []string{"-o", "g.mmd"}, want: "mermaid"},
		{cmd: "graph", args: []string{"-o", "g.json"}, wantErr: "cannot write g.json"},
		{cmd: "diff", args: []string{"-o", "change.md"}, want: "markdown"},
		{cmd: "diff", args: []string{"-o", "change.json"}, want: "json"},
		{cmd: "diff", args: []string{"-o", "change.png"}, wantErr: "cannot write change.png"},
		{cmd: "diff", args: []string{"-o", "change.md", "--format", "text"}, want: "text"},
		{cmd: "export", want: "graphml"},
		{cmd: "export", args: []string{"-o", "deps.GraphML"}, want: "graphml"},
		{cmd: "export", args: []string{"-o", "deps.cypher"}, want: "cypher"},
		{cmd: "export", args: []string{"-o", "deps.cql"}, want: "cypher"},
		{cmd: "export", args: []string{"-o", "deps.json"}, want: "cytoscape"},
		{cmd: "export", args: []string{"-o", "deps.cyjs"}, want: "cytoscape"},
		{cmd: "export", args: []string{"-o", "deps.json", "--format", "graphml"}, want: "graphml"},
		{cmd: "export", args: []string{"-o", "deps.dot"}, wantErr: "cannot write deps.dot: this command writes graphml|cypher|cytoscape (.cql .cyjs .cypher .graphml .json)"},
		{cmd: "export", args: []string{"-o", "deps"}, wantErr: "give it an extension"},
		{cmd: "graph", args: []string{"-o", "g.graphml"}, wantErr: "cannot write g.graphml"},
		{cmd: "rank", args: []string{"-o", "r.json"}, want: "json"},
	}
	for _, tt := range tests {
		t.Run(tt.cmd+" "+strings.Join(tt.args, " "), func(t *testing.T) {
			args := tt.args
			if tt.cmd != "diff" {
				args = append([]string{"--example"}, args...)
			}
			got, err := format[tt.cmd](args...)
			if tt.wantErr != "" {
				wantUsage(t, err, tt.wantErr)
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("format %q, err %v; want %q", got, err, tt.want)
			}
		})
	}
}

func field[T any](o *T, err error, get func(*T) string) (string, error) {
	if err != nil {
		return "", err
	}
	return get(o), nil
}

func TestAnalysisFlags(t *testing.T) {
	t.Run("rank", func(t *testing.T) {
		o, err := parse(t, newRankCmd, "-c", "cat", "--scope", "zone", "--top", "3", "--pairs")
		if err != nil || o.level.value != "zone" || o.top != 3 || !o.pairs || o.source.path != "cat" {
			t.Fatalf("%+v %v", o, err)
		}
		_, err = parse(t, newRankCmd, "--example", "--top", "-1")
		wantUsage(t, err, "--top must not be negative")
		_, err = parse(t, newRankCmd, "--example", "--scope", "planet")
		if !strings.Contains(errString(err), "must be provider, region, zone, service or customer") {
			t.Fatal(err)
		}
	})
	t.Run("spof", func(t *testing.T) {
		o, err := parse(t, newSPOFCmd, "--example", "--customer", "a", "--customer", "b", "--order", "2")
		if err != nil || !slices.Equal(o.customers, []string{"a", "b"}) || o.order.value != "2" {
			t.Fatalf("%+v %v", o, err)
		}
	})
	t.Run("concentration", func(t *testing.T) {
		o, err := parse(t, newConcentrationCmd, "--example", "--by", "region")
		if err != nil || o.by.value != "region" {
			t.Fatalf("%+v %v", o, err)
		}
	})
	t.Run("supply-chain", func(t *testing.T) {
		o, err := parse(t, newSupplyChainCmd, "--example", "netflix")
		if err != nil || o.customer != "netflix" || o.format != "text" {
			t.Fatalf("%+v %v", o, err)
		}
		_, err = parse(t, newSupplyChainCmd, "--example")
		wantUsage(t, err, "accepts 1 arg(s), received 0")
	})
	t.Run("risk", func(t *testing.T) {
		o, err := parse(t, newRiskCmd, "--example", "--customer", "a", "--customer", "b", "--top", "3", "--seed", "7", "--degraded-as-down", "-o", "r.md")
		if err != nil || !slices.Equal(o.customers, []string{"a", "b"}) || o.top != 3 || o.seed != 7 || !o.degraded || o.format != "markdown" {
			t.Fatalf("%+v %v", o, err)
		}
		_, err = parse(t, newRiskCmd, "--example", "--top", "0")
		wantUsage(t, err, "--top and --samples must be at least 1")
	})
	t.Run("check", func(t *testing.T) {
		o, err := parse(t, newCheckCmd, "--example", "--policy", "p1", "--policy", "p2", "--disable-lint", "shared-fate")
		if err != nil || !slices.Equal(o.policies, []string{"p1", "p2"}) || !slices.Equal(o.disabled, []string{"shared-fate"}) {
			t.Fatalf("%+v %v", o, err)
		}
		_, err = parse(t, newCheckCmd, "--example", "--disable-lint", "everything")
		wantUsage(t, err, `--disable-lint: unknown lint rule "everything"`)
	})
	t.Run("graph", func(t *testing.T) {
		o, err := parse(t, newGraphCmd, "--example", "--focus", "roomba", "--direction", "up", "--depth", "2")
		if err != nil || o.focus != "roomba" || o.direction.value != "up" || o.depth != 2 || o.render.Center != "roomba" {
			t.Fatalf("%+v %v", o, err)
		}
		_, err = parse(t, newGraphCmd, "--example", "--depth", "2")
		wantUsage(t, err, "--direction and --depth go with --focus REF")
	})
	t.Run("diff", func(t *testing.T) {
		o, err := parse(t, newDiffCmd, "git:main", "cat", "--fail-on", "new-spof,policy", "--allow-missing-base")
		if err != nil || o.base != "git:main" || o.head != "cat" || !slices.Equal(o.failOn, []string{"new-spof", "policy"}) || !o.missingBase {
			t.Fatalf("%+v %v", o, err)
		}
		_, err = parse(t, newDiffCmd, "a", "b", "--fail-on", "everything")
		wantUsage(t, err, `unknown finding "everything"`)
	})
	t.Run("report", func(t *testing.T) {
		o, err := parse(t, newReportCmd, "--example", "-o", "out", "--max-nodes", "30")
		if err != nil || o.dir != "out" || o.maxNodes != 30 {
			t.Fatalf("%+v %v", o, err)
		}
		_, err = parse(t, newReportCmd, "--example", "--max-nodes", "2")
		wantUsage(t, err, "--max-nodes must be at least 4")
	})
	t.Run("backtest", func(t *testing.T) {
		o, err := parse(t, newBacktestCmd, "--example", "--scenario", "a", "--scenario", "b", "--min-precision", "0.8", "--min-recall", "0.75", "-o", "bt.md")
		if err != nil || !slices.Equal(o.scenarios, []string{"a", "b"}) || o.thresholds.Precision != 0.8 || o.thresholds.Recall != 0.75 || o.format != "markdown" {
			t.Fatalf("%+v %v", o, err)
		}
		_, err = parse(t, newBacktestCmd, "--example", "--min-recall", "-0.1")
		wantUsage(t, err, "--min-recall must be between 0 and 1")
	})
	t.Run("export", func(t *testing.T) {
		o, err := parse(t, newExportCmd, "--example", "--scenario", "s1", "--fail", "a", "--degrade", "b", "--format", "cypher")
		if err != nil || !o.named || o.scenario != "s1" || !slices.Equal(o.fail, []string{"a"}) || !slices.Equal(o.degrade, []string{"b"}) ||
			!o.given() || o.format != "cypher" || !o.source.example {
			t.Fatalf("%+v %v", o, err)
		}
		o, err = parse(t, newExportCmd, "-c", "cat")
		if err != nil || o.given() || o.format != "graphml" || o.source.path != "cat" {
			t.Fatalf("%+v %v", o, err)
		}
		o, err = parse(t, newExportCmd, "--example", "--scenario=")
		if err != nil || !o.given() {
			t.Fatalf("an empty --scenario is still given: %+v %v", o, err)
		}
		_, err = parse(t, newExportCmd, "--example", "--format", "dot")
		if !strings.Contains(errString(err), "must be graphml, cypher or cytoscape") {
			t.Fatal(err)
		}
		_, err = parse(t, newExportCmd)
		wantUsage(t, err, "no catalog")
	})
	t.Run("validate", func(t *testing.T) {
		o, err := parse(t, newValidateCmd, "-c", "x")
		if err != nil || o.source.path != "x" {
			t.Fatalf("%+v %v", o, err)
		}
		_, err = parse(t, newValidateCmd)
		wantUsage(t, err, "no catalog")
	})
}

// TestSchemaFlags checks what blastradius schema parses: JSON to stdout or
// to -o FILE, whose extension must be .json.
func TestSchemaFlags(t *testing.T) {
	tests := []struct {
		args     []string
		wantPath string
		wantErr  string
	}{
		{},
		{args: []string{"-o", "catalog.schema.json"}, wantPath: "catalog.schema.json"},
		{args: []string{"--output=-"}, wantPath: "-"},
		{args: []string{"--format", "json", "-o", "s.json"}, wantPath: "s.json"},
		{args: []string{"-o", "s.yaml"}, wantErr: "cannot write s.yaml"},
		{args: []string{"--format", "yaml"}, wantErr: "must be json"},
		{args: []string{"extra"}, wantErr: `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			o, err := parse(t, newSchemaCmd, tt.args...)
			if tt.wantErr != "" {
				wantUsage(t, err, tt.wantErr)
				return
			}
			if err != nil || o.format != "json" || o.output.path != tt.wantPath {
				t.Fatalf("options %+v, err %v; want json to %q", o, err, tt.wantPath)
			}
		})
	}
}

func TestStatusCodes(t *testing.T) {
	for st, want := range map[status]int{statusOK: 0, statusInvalid: 1, statusFindings: 1, statusFailed: 1, statusUsage: 2} {
		if got := st.code(); got != want {
			t.Errorf("status %d: code %d, want %d", st, got, want)
		}
	}
}

func TestImportTerraformFlags(t *testing.T) {
	tests := []flagCase[importTerraformOptions]{
		{name: "defaults", args: []string{"state.json"}, check: func(t *testing.T, o *importTerraformOptions) {
			if o.input != "state.json" || o.groupBy != "module" || o.output.path != "" || len(o.zoneMap) != 0 {
				t.Errorf("%+v", o)
			}
		}},
		{name: "tag and output", args: []string{"-", "--group-by", "tag:service", "-o", "c.yml"}, check: func(t *testing.T, o *importTerraformOptions) {
			if o.input != "-" || o.groupBy != "tag:service" || o.output.path != "c.yml" {
				t.Errorf("%+v", o)
			}
		}},
		{name: "zone map repeats", args: []string{"s.json", "--zone-map", "us-east-1a=use1-az4,us-east-1b=use1-az6", "--zone-map", "us-west-2a=usw2-az1"}, check: func(t *testing.T, o *importTerraformOptions) {
			if len(o.zoneMap) != 3 || o.zoneMap["us-east-1b"] != "use1-az6" || o.zoneMap["us-west-2a"] != "usw2-az1" {
				t.Errorf("%v", o.zoneMap)
			}
		}},
		{name: "no file", args: nil, wantErr: "accepts 1 arg(s), received 0"},
		{name: "two files", args: []string{"a.json", "b.json"}, wantErr: "accepts 1 arg(s), received 2"},
		{name: "bad group-by", args: []string{"s.json", "--group-by", "tags"}, wantErr: `--group-by "tags": want module or tag:KEY`},
		{name: "empty tag", args: []string{"s.json", "--group-by", "tag:"}, wantErr: "want module or tag:KEY"},
		{name: "json output", args: []string{"s.json", "-o", "c.json"}, wantErr: "must end in .yaml or .yml"},
		{name: "upper-case extension", args: []string{"s.json", "-o", "c.YAML"}, wantErr: "in lower case"},
		{name: "bad zone map", args: []string{"s.json", "--zone-map", "us-east-1a"}, wantErr: "must be formatted as key=value"},
	}
	runFlagCases(t, newImportTerraformCmd, tests)
}

func TestImportFlags(t *testing.T) {
	t.Run("backstage", func(t *testing.T) {
		o, err := parse(t, newImportBackstageCmd, "a.yaml", "dir", "--map", "m.yaml", "-o", "out.yml")
		if err != nil || !slices.Equal(o.paths, []string{"a.yaml", "dir"}) || o.mapFile != "m.yaml" || o.output.path != "out.yml" {
			t.Fatalf("%+v, %v", o, err)
		}
		o, err = parse(t, newImportBackstageCmd, "a.yaml")
		if err != nil || o.output.path != "" || o.mapFile != "" {
			t.Fatalf("defaults: %+v, %v", o, err)
		}
		_, err = parse(t, newImportBackstageCmd, []string{}...) // not nil: cobra reads os.Args for nil
		wantUsage(t, err, "no input: pass descriptor files")
		_, err = parse(t, newImportBackstageCmd, "a.yaml", "-o", "out.json")
		wantUsage(t, err, "must end in .yaml or .yml")
	})
	t.Run("otel", func(t *testing.T) {
		o, err := parse(t, newImportOtelCmd, "m.prom", "--min-requests", "100", "-o", "-")
		if err != nil || o.file != "m.prom" || o.minRequests != 100 || o.output.path != "-" {
			t.Fatalf("%+v, %v", o, err)
		}
		o, err = parse(t, newImportOtelCmd, "-")
		if err != nil || o.file != "-" || o.minRequests != 1 {
			t.Fatalf("defaults: %+v, %v", o, err)
		}
		_, err = parse(t, newImportOtelCmd, "m.prom", "--min-requests", "-1")
		wantUsage(t, err, "--min-requests must not be negative")
		_, err = parse(t, newImportOtelCmd, "m.prom", "-o", "catalog.txt")
		wantUsage(t, err, "must end in .yaml or .yml")
		if _, err = parse(t, newImportOtelCmd, []string{}...); err == nil {
			t.Error("no FILE gave no error")
		}
		if _, err = parse(t, newImportOtelCmd, "a", "b"); err == nil {
			t.Error("two FILEs gave no error")
		}
	})
}

func TestServeFlags(t *testing.T) {
	tests := []flagCase[serveOptions]{
		{name: "defaults", args: []string{"--example"}, check: func(t *testing.T, o *serveOptions) {
			if o.addr != "127.0.0.1:8080" || !o.loopback || o.render.MaxNodes != render.DefaultMaxNodes || !o.source.example {
				t.Errorf("%+v", o)
			}
		}},
		{name: "catalog and addr", args: []string{"-c", "x.yaml", "--addr", "[::1]:9000", "--layout", "radial", "--max-nodes", "40"}, check: func(t *testing.T, o *serveOptions) {
			if o.source.path != "x.yaml" || o.addr != "[::1]:9000" || !o.loopback || o.render.Layout != render.Radial || o.render.MaxNodes != 40 {
				t.Errorf("%+v", o)
			}
		}},
		{name: "every interface, explicitly", args: []string{"--example", "--addr", "0.0.0.0:8080"}, check: func(t *testing.T, o *serveOptions) {
			if o.loopback {
				t.Errorf("0.0.0.0 taken for loopback")
			}
		}},
		{name: "every interface, implicitly", args: []string{"--example", "--addr", ":8080"}, wantErr: "--addr: address \":8080\" listens on every interface"},
		{name: "a host name", args: []string{"--example", "--addr", "example.com:80"}, wantErr: "not the host name"},
		{name: "no port", args: []string{"--example", "--addr", "127.0.0.1"}, wantErr: "--addr"},
		{name: "no catalog", args: []string{}, wantErr: "pass --catalog PATH or --example"},
		{name: "bad max nodes", args: []string{"--example", "--max-nodes", "2"}, wantErr: "--max-nodes must be at least 4"},
		{name: "no arguments", args: []string{"--example", "extra"}, wantErr: "unexpected argument"},
	}
	runFlagCases(t, newServeCmd, tests)
}
