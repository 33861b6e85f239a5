package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
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
// lets requests in flight finish for up to ShutdownTimeout, and returns
// nil. On a loopback listener it answers only requests whose Host header
// names a loopback host, which keeps web pages from other sites (DNS
// rebinding) out.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		h = loopbackHostOnly(h)
	}
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
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// loopbackHostOnly refuses requests whose Host is not a loopback name.
func loopbackHostOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if hst, _, err := net.SplitHostPort(host); err == nil {
			host = hst
		}
		ip := net.ParseIP(strings.Trim(host, "[]"))
		if !strings.EqualFold(host, "localhost") && (ip == nil || !ip.IsLoopback()) {
			w.Header().Set("Content-Security-Policy", CSP)
			http.Error(w, "this server answers only requests to a loopback host", http.StatusMisdirectedRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}
