package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/render"
	"github.com/blastradius/blastradius/server"
)

type serveOptions struct {
	catalogFlags
	addr     string
	loopback bool // addr is a loopback address
	diagram  diagramOptions
	render   render.Options // from the diagram flags
	// listen opens the listener and ctx ends the server: injected by
	// tests; nil, the command listens on addr and stops on SIGINT or
	// SIGTERM.
	listen func(addr string) (net.Listener, error)
	ctx    context.Context
}

func newServeCmd(s streams, runF func(*serveOptions) error) *cobra.Command {
	opts := &serveOptions{catalogFlags: catalogFlags{streams: s}, diagram: newDiagramOptions()}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Explore the catalog and what-if scenarios in the browser",
		Long: `Serve loads the catalog once and runs a local web application that answers from
memory: search over every ref and name; a node page with what it needs and who
needs it, to a depth and in a direction; a scenario page where failed and
degraded nodes (and the catalog's scenarios) are added and removed, with the
counts, the affected customers with their cause paths and evidence, and the
diagram; the rank, SPOF and concentration views. Every view has a stable URL
(the scenario is in the query string); the scenario URL fetched with
Accept: application/json gives exactly what 'impact --format json' gives.

It listens on 127.0.0.1:8080 unless --addr says otherwise. A non-loopback
address must be explicit: an IP address such as 0.0.0.0:8080 (every IPv4
interface) or 192.168.1.10:8080; ":8080" and host names other than localhost
are refused. The server answers only GET and HEAD, writes nothing to disk,
and stops gracefully on Ctrl-C.

` + exitCodesHelp,
		Example: `  blastradius serve --example
  blastradius serve -c ./catalog --addr 127.0.0.1:9000
  blastradius serve -c ./catalog --addr 0.0.0.0:8080   # every interface, explicitly`,
	}
	addCatalogFlags(cmd, &opts.source)
	f := cmd.Flags()
	f.StringVar(&opts.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`; a non-loopback HOST must be an IP address")
	opts.diagram.addFlags(f)
	return command(cmd, opts, func(*cobra.Command, []string) (err error) {
		if err := opts.source.check(); err != nil {
			return err
		}
		if opts.loopback, err = server.CheckAddr(opts.addr); err != nil {
			return usageErrorf("--addr: %w", err)
		}
		opts.render, err = opts.diagram.render()
		return err
	}, runF, serveRun)
}

func serveRun(opts *serveOptions) error {
	s := opts.streams
	cat, err := opts.source.load(s)
	if err != nil {
		return err
	}
	srv, err := server.New(graph.New(cat), server.Options{MaxNodes: opts.render.MaxNodes, Layout: opts.render.Layout})
	if err != nil {
		return failure(err)
	}
	defer srv.Close()
	listen := opts.listen
	if listen == nil {
		listen = func(addr string) (net.Listener, error) { return net.Listen(server.Network(addr), addr) }
	}
	ln, err := listen(opts.addr)
	if err != nil {
		return failure(fmt.Errorf("listen: %w", err))
	}
	ctx := opts.ctx
	if ctx == nil {
		var stop context.CancelFunc
		ctx, stop = signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
	}
	fmt.Fprintf(s.out, "blastradius: serving %d nodes on http://%s/ (Ctrl-C to stop)\n", len(cat.Nodes()), ln.Addr())
	if !opts.loopback {
		fmt.Fprintf(s.errOut, "blastradius: warning: %s is not a loopback address: anyone who can reach it can read the catalog\n", opts.addr)
	}
	// The whole-catalog views' analyses, ready before they are asked for.
	warmCtx, stopWarm := context.WithCancel(ctx)
	defer stopWarm()
	go srv.Warm(warmCtx)
	if err := server.Serve(ctx, ln, srv); err != nil {
		return failure(err)
	}
	return nil
}
