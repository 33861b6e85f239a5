package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

// The limits of Serve's http.Server.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = 60 * time.Second // the first diagram starts Graphviz
	IdleTimeout       = 2 * time.Minute
	MaxHeaderBytes    = 64 << 10 // the request line and headers, scenario query included
	ShutdownTimeout   = 5 * time.Second
)

// CheckAddr decides whether addr (host:port) may be listened on. A loopback
// address (127.0.0.0/8, ::1) or "localhost" always may. Any other address
// must be said explicitly: as an IP literal, such as 0.0.0.0 for every IPv4
// interface or 192.168.1.10 for one. An empty host (":8080", which means
// every interface) and host names other than localhost (which may resolve
// anywhere) are refused. It returns whether addr is loopback.
func CheckAddr(addr string) (loopback bool, err error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("address %q: %w", addr, err)
	}
	if port == "" {
		return false, fmt.Errorf("address %q: no port", addr)
	}
	if host == "" {
		return false, fmt.Errorf("address %q listens on every interface: say so explicitly with 0.0.0.0:%s (or [::]:%s), or use 127.0.0.1:%s", addr, port, port, port)
	}
	if strings.EqualFold(host, "localhost") {
		return true, nil
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false, fmt.Errorf("address %q: give an IP address, not the host name %q, so that what is exposed is explicit", addr, host)
	}
	return ip.IsLoopback(), nil
}

// Serve answers h's requests on ln with the package's timeouts and size
// limits until ctx is done, then shuts down gracefully: it stops accepting,
// lets requests in flight finish for up to ShutdownTimeout, cuts those
// still running, and returns nil. It answers only requests whose Host header names a loopback host,
// or, on a listener that is not loopback, an IP address or this machine's
// name: a web page of another site that rebinds its own name to this
// machine (DNS rebinding) is refused, on a wildcard address too.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	loopback := true
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok {
		loopback = tcp.IP.IsLoopback()
	}
	name, _ := os.Hostname()
	h = hostCheck(h, loopback, name)
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		// Requests still running after ShutdownTimeout (a client that
		// stopped reading a large download) are cut: stopping is not an
		// error the user made.
		err = srv.Close()
	}
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// hostCheck refuses requests whose Host is not a loopback name, nor, when
// the listener is not loopback, an IP address or the machine's name.
func hostCheck(h http.Handler, loopback bool, machine string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if hst, _, err := net.SplitHostPort(host); err == nil {
			host = hst
		}
		ip := net.ParseIP(strings.Trim(host, "[]"))
		ok := strings.EqualFold(host, "localhost") || ip != nil && ip.IsLoopback() ||
			!loopback && (ip != nil || machine != "" && strings.EqualFold(host, machine))
		if !ok {
			w.Header().Set("Content-Security-Policy", CSP)
			msg := "this server answers only requests to a loopback host"
			if !loopback {
				msg = "this server answers only requests to a loopback host, an IP address or " + machine
			}
			http.Error(w, msg, http.StatusMisdirectedRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Network is the network to listen on for addr, which CheckAddr accepted:
// "tcp4" for an IPv4 address (0.0.0.0 is every IPv4 interface and no IPv6
// one), "tcp6" for an IPv6 address, "tcp" for localhost.
func Network(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	ip := net.ParseIP(host)
	switch {
	case err != nil || ip == nil:
		return "tcp"
	case ip.To4() != nil:
		return "tcp4"
	}
	return "tcp6"
}
