package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/cache"
)

// status is what a run came to. Each status maps to one of the documented
// exit codes, which CI pipelines gate on; several share a code.
type status int

// The statuses.
const (
	statusOK       status = iota // done
	statusInvalid                // the catalog is invalid
	statusFindings               // a policy is violated, or --fail-on found something
	statusFailed                 // the command failed otherwise: its output could not be written
	statusUsage                  // the request is wrong
)

// code is the exit code of a status: the one place that maps them.
func (s status) code() int {
	switch s {
	case statusOK:
		return 0
	case statusInvalid, statusFindings, statusFailed:
		return 1
	}
	return 2
}

const exitCodesHelp = `Exit codes:
  0  done
  1  the catalog is invalid (every error is printed as file:line:col: message),
     or the command failed otherwise (e.g. its output could not be written)
  2  the request is wrong: unknown command, flag or argument, bad flag value,
     no or unreadable catalog path, unknown ref, unknown scenario`

// streams are the process's standard streams and environment, injected so
// that tests run the CLI in-process.
type streams struct {
	in     io.Reader
	out    io.Writer
	errOut io.Writer
	getenv func(string) string
	// userCacheDir is the default cache directory; nil (as in tests): no
	// cache unless a flag or the environment names one.
	userCacheDir func() (string, error)
	build        string // identifies the program to the cache
}

// run runs the CLI with the given arguments (without the program name) and
// returns its exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return execute(args, streams{in: stdin, out: stdout, errOut: stderr, getenv: os.Getenv,
		userCacheDir: cache.DefaultPath, build: cache.BuildID()})
}

// exitError carries a status up from a command. A nil err means the
// command has already reported the problem.
type exitError struct {
	status status
	err    error
	hint   string // an extra line, such as "Run 'blastradius impact --help' for usage."
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.status.code())
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageErrorf is a wrong request.
func usageErrorf(format string, a ...any) error {
	return &exitError{status: statusUsage, err: fmt.Errorf(format, a...)}
}

// failure is a command that failed for another reason than the request;
// an error that carries its status already keeps it.
func failure(err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	return &exitError{status: statusFailed, err: err}
}

// errFindings ends a run that found what the user gates on; the command has
// written its report already.
var errFindings = &exitError{status: statusFindings}

// execute runs the CLI and decides its exit code: the one place that turns
// an error into a status, a message on stderr and a code.
func execute(args []string, s streams) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.errOut, "blastradius: internal error: %v\n", r)
			code = statusFailed.code()
		}
	}()
	root := newRootCmd(s)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return statusOK.code()
	}
	var ee *exitError
	if !errors.As(err, &ee) {
		// Errors cobra makes itself are all about the request: an unknown
		// command, argument or flag.
		ee = &exitError{status: statusUsage, err: err}
		if cmd != nil {
			ee.hint = usageHint(cmd)
		}
	}
	if ee.err != nil {
		fmt.Fprintf(s.errOut, "blastradius: %s\n", strings.TrimRight(ee.err.Error(), "\n"))
		if ee.hint != "" {
			fmt.Fprintln(s.errOut, ee.hint)
		}
	}
	return ee.status.code()
}

func usageHint(cmd *cobra.Command) string {
	return fmt.Sprintf("Run '%s --help' for usage.", cmd.CommandPath())
}

// noArgs rejects positional arguments, naming the first.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("unexpected argument %q", args[0])
	}
	return nil
}

func newRootCmd(s streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "blastradius",
		Short: "Which customers go down when a cloud region, zone or service fails, and why",
		Long: `blastradius reads a catalog of cloud providers (regions, zones, services)
and the customers that depend on them, and tells which customers go down or
degrade when some of it fails, and why.

Every command reads one catalog: pass --catalog PATH (a YAML or JSON file, or
a directory of them) or --example (the bundled AWS us-east-1, 7 Dec 2021
catalog). A valid catalog is kept compiled in a cache, so that a rerun on
unchanged files skips parsing them: see 'blastradius cache --help'.

` + exitCodesHelp,
		Example: `  blastradius validate --catalog ./catalog
  blastradius impact --example --scenario aws-2021-12-07
  blastradius impact -c ./catalog --fail aws@us-east-1 --format json`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		// No Args validator: cobra's default for a command with
		// subcommands rejects an unknown one with suggestions.
	}
	root.SetVersionTemplate("blastradius {{.Version}}\n")
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.errOut)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &exitError{status: statusUsage, err: err, hint: usageHint(cmd)}
	})
	root.AddCommand(
		newValidateCmd(s, nil),
		newImpactCmd(s, nil),
		newGraphCmd(s, nil),
		newExportCmd(s, nil),
		newRankCmd(s, nil),
		newSPOFCmd(s, nil),
		newConcentrationCmd(s, nil),
		newSupplyChainCmd(s, nil),
		newRiskCmd(s, nil),
		newCheckCmd(s, nil),
		newBacktestCmd(s, nil),
		newDiffCmd(s, nil),
		newReportCmd(s, nil),
		newModelsCmd(s, nil),
		newSchemaCmd(s, nil),
		newImportCmd(s),
		newServeCmd(s, nil),
		newCacheCmd(s),
	)
	completeEnums(root)
	return root
}

// version describes the build from its build info: the module version, and
// the VCS revision and time when the binary was built from a checkout
// ("(devel)" for a plain go build or go run), and the Go version.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	var vcs []string
	if rev := settings["vcs.revision"]; rev != "" {
		vcs = append(vcs, "commit "+rev[:min(12, len(rev))])
	}
	if t := settings["vcs.time"]; t != "" {
		vcs = append(vcs, t)
	}
	if settings["vcs.modified"] == "true" {
		vcs = append(vcs, "modified")
	}
	v := moduleVersion()
	if len(vcs) > 0 {
		v += " (" + strings.Join(vcs, ", ") + ")"
	}
	return v + " " + info.GoVersion
}

// moduleVersion is the version of the main module, "(devel)" when it was
// built from a checkout rather than installed at a version.
func moduleVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
