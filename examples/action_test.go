package examples_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// action is the part of action.yml that the runner reads to run the gate.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID    string            `yaml:"id"`
			Uses  string            `yaml:"uses"`
			Run   string            `yaml:"run"`
			Shell string            `yaml:"shell"`
			Env   map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

var expression = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// TestGitHubAction runs the Action's gate step the way the runner does:
// its env with the inputs (or their defaults) and the event substituted, in
// bash, with GITHUB_ACTION_PATH at the repository's root; then reads the
// outputs it wrote. actionlint (in .ci/run) checks the workflows that use it.
func TestGitHubAction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds blastradius")
	}
	data, err := os.ReadFile("../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using %q, want composite", a.Runs.Using)
	}
	for name, o := range a.Outputs {
		if want := "${{ steps.gate.outputs." + name + " }}"; o.Value != want {
			t.Errorf("output %s: value %q, want %q", name, o.Value, want)
		}
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	sha := gitHead(root)
	tests := []struct {
		name     string
		inputs   map[string]string
		baseSHA  string
		exit     string // the step's exit status
		outputs  map[string]string
		nonEmpty []string // outputs that must name written files
	}{
		{"unchanged catalog passes", map[string]string{"catalog": "examples/ci/base", "base": "examples/ci/base"}, "",
			"0", map[string]string{"exit-code": "0"}, []string{"sarif", "markdown", "check-markdown", "diagram"}},
		{"new SPOFs block", map[string]string{"catalog": "examples/ci/head", "base": "examples/ci/base"}, "",
			"1", map[string]string{"exit-code": "1"}, []string{"sarif", "markdown"}},
		{"fail false reports only", map[string]string{"catalog": "examples/ci/head", "base": "examples/ci/base", "fail": "false"}, "",
			"0", map[string]string{"exit-code": "1"}, []string{"sarif", "markdown"}},
		{"base from the pull request", map[string]string{"catalog": "examples/ci/head"}, sha,
			"1", map[string]string{"exit-code": "1"}, []string{"markdown"}},
		{"no base outside a pull request", map[string]string{"catalog": "examples/ci/head"}, "",
			"2", map[string]string{"exit-code": "2"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.baseSHA == "" && tt.inputs["base"] == "" && tt.exit != "2" {
				t.Skip("not a git checkout")
			}
			dir := t.TempDir()
			outFile := filepath.Join(dir, "output")
			env := append(os.Environ(), "GITHUB_ACTION_PATH="+root, "RUNNER_TEMP="+dir, "GITHUB_OUTPUT="+outFile)
			step := a.Runs.Steps[len(a.Runs.Steps)-1]
			if step.ID != "gate" || step.Shell != "bash" {
				t.Fatalf("last step %q (shell %q), want the gate in bash", step.ID, step.Shell)
			}
			for k, v := range step.Env {
				env = append(env, k+"="+substitute(t, v, a, tt.inputs, tt.baseSHA, dir))
			}
			cmd := exec.Command("bash", "-c", step.Run)
			cmd.Dir, cmd.Env = root, env
			out, err := cmd.CombinedOutput()
			exit := "0"
			if e, ok := err.(*exec.ExitError); ok {
				exit = strings.TrimPrefix(e.String(), "exit status ")
			} else if err != nil {
				t.Fatal(err)
			}
			if exit != tt.exit {
				t.Errorf("exit %s, want %s\n%s", exit, tt.exit, out)
			}
			got := readOutputs(t, outFile)
			for k, v := range tt.outputs {
				if got[k] != v {
					t.Errorf("output %s = %q, want %q", k, got[k], v)
				}
			}
			for _, k := range tt.nonEmpty {
				path := got[k]
				if !filepath.IsAbs(path) {
					path = filepath.Join(root, path)
				}
				if _, err := os.Stat(path); got[k] == "" || err != nil {
					t.Errorf("output %s = %q, want a written file (%v)", k, got[k], err)
				}
			}
		})
	}
}

// substitute evaluates the expressions the gate step's env may hold.
func substitute(t *testing.T, v string, a action, inputs map[string]string, baseSHA, dir string) string {
	return expression.ReplaceAllStringFunc(v, func(m string) string {
		expr := expression.FindStringSubmatch(m)[1]
		switch name, ok := strings.CutPrefix(expr, "inputs."); {
		case ok:
			in, declared := a.Inputs[name]
			if !declared {
				t.Fatalf("env uses undeclared input %s", name)
			}
			if x, given := inputs[name]; given {
				return x
			}
			if name == "output-dir" { // keep the test's files in its own directory
				return filepath.Join(dir, "out")
			}
			return in.Default
		case expr == "github.event.pull_request.base.sha":
			return baseSHA
		}
		t.Fatalf("unknown expression %s in the gate step's env", m)
		return ""
	})
}

func readOutputs(t *testing.T, path string) map[string]string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for line := range strings.Lines(string(data)) {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		out[k] = v
	}
	return out
}

// gitHead is the commit checked out at root, or empty outside a checkout.
func gitHead(root string) string {
	out, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
