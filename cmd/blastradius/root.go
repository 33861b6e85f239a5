package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/report"
)

// Exit codes. They are part of the CLI's contract: CI pipelines gate on them.
const (
	exitOK      = 0 // done
	exitInvalid = 1 // the catalog is invalid (or the command failed otherwise)
	exitUsage   = 2 // the request is wrong
)

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
}

// run runs the CLI with the given arguments (without the program name) and
// returns its exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return execute(args, streams{in: stdin, out: stdout, errOut: stderr, getenv: os.Getenv})
}

// exitError carries an exit code up from a command. A nil err means the
// command has already reported the problem.
type exitError struct {
	code int
	err  error
	hint string // an extra line, such as "Run 'blastradius impact --help' for usage."
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// noArgs rejects positional arguments, naming the first.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("unexpected argument %q", args[0])
	}
	return nil
}

// usageErrorf is a wrong request: exit 2.
func usageErrorf(format string, a ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, a...)}
}

// failure is a command that failed for another reason than the request:
// exit 1.
func failure(err error) error { return &exitError{code: exitInvalid, err: err} }

func execute(args []string, s streams) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.errOut, "blastradius: internal error: %v\n", r)
			code = exitInvalid
		}
	}()
	root := newRootCmd(s)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	code = exitUsage // errors cobra makes itself are all about the request
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
		if ee.err == nil {
			return code
		}
	} else if cmd != nil {
		// An unknown command or argument, or a flag group violation.
		ee = &exitError{hint: usageHint(cmd)}
	}
	fmt.Fprintf(s.errOut, "blastradius: %s\n", strings.TrimRight(err.Error(), "\n"))
	if ee != nil && ee.hint != "" {
		fmt.Fprintln(s.errOut, ee.hint)
	}
	return code
}

func usageHint(cmd *cobra.Command) string {
	return fmt.Sprintf("Run '%s --help' for usage.", cmd.CommandPath())
}

// globalOptions are the persistent flags every command shares.
type globalOptions struct {
	catalogPath string
	example     bool
}

func newRootCmd(s streams) *cobra.Command {
	opts := &globalOptions{}
	root := &cobra.Command{
		Use:   "blastradius",
		Short: "Which customers go down when a cloud region, zone or service fails, and why",
		Long: `blastradius reads a catalog of cloud providers (regions, zones, services)
and the customers that depend on them, and tells which customers go down or
degrade when some of it fails, and why.

Every command reads one catalog: pass --catalog PATH (a YAML file, or a
directory of them) or --example (the bundled AWS us-east-1, 7 Dec 2021 catalog).

` + exitCodesHelp,
		Example: `  blastradius validate --catalog ./catalog
  blastradius impact --example --scenario aws-2021-12-07
  blastradius impact -c ./catalog --fail aws@us-east-1 --format json`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// No Args validator: cobra's default for a command with
		// subcommands rejects an unknown one with suggestions.
	}
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.errOut)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: err, hint: usageHint(cmd)}
	})
	pf := root.PersistentFlags()
	pf.StringVarP(&opts.catalogPath, "catalog", "c", "", "the catalog: a YAML `PATH`, or a directory of them")
	pf.BoolVar(&opts.example, "example", false, "use the bundled example catalog (AWS us-east-1, 7 Dec 2021)")

	root.AddCommand(newValidateCmd(s, opts), newImpactCmd(s, opts), newGraphCmd(s, opts),
		newRankCmd(s, opts), newSPOFCmd(s, opts), newConcentrationCmd(s, opts), newCheckCmd(s, opts), newDiffCmd(s), newReportCmd(s, opts))
	return root
}

// loadCatalog loads the catalog the global flags name. An invalid catalog is
// reported on stderr, every error and a count, and yields exit 1; a missing
// or unreadable path yields exit 2.
func (o *globalOptions) loadCatalog(s streams) (*catalog.Catalog, error) {
	var (
		cat *catalog.Catalog
		err error
	)
	switch {
	case o.example && o.catalogPath != "":
		return nil, usageErrorf("--catalog and --example exclude each other: pass one")
	case o.example:
		cat, err = catalog.LoadFS(examples.AWS20211207())
	case o.catalogPath != "":
		cat, err = catalog.Load(o.catalogPath)
	default:
		return nil, usageErrorf("no catalog: pass --catalog PATH or --example")
	}
	if err != nil {
		return nil, catalogError(s, err)
	}
	return cat, nil
}

// catalogError turns a failed load into an exit: an invalid catalog prints
// every error on stderr (exit 1); anything else is a wrong request (exit 2).
func catalogError(s streams, err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	var list catalog.ErrorList
	if errors.As(err, &list) {
		if werr := report.WriteCatalogErrors(s.errOut, list); werr != nil {
			return failure(werr)
		}
		return &exitError{code: exitInvalid}
	}
	return usageErrorf("%w", err)
}
