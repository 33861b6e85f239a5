package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/server"
)

// exampleServer is a server of the bundled example, closed with the test.
func exampleServer(t *testing.T) *server.Server {
	t.Helper()
	cat, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(graph.New(cat), server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// TestServeJSONIsImpactJSON checks that the scenario URL of a page, fetched
// with Accept: application/json, gives byte for byte what
// `blastradius impact --format json` writes for the same scenario.
func TestServeJSONIsImpactJSON(t *testing.T) {
	srv := exampleServer(t)
	tests := []struct {
		args  []string
		query url.Values
	}{
		{[]string{"--fail", "aws@us-east-1"}, url.Values{"fail": {"aws@us-east-1"}}},
		{[]string{"--scenario", "aws-2021-12-07"}, url.Values{"scenario": {"aws-2021-12-07"}}},
		{[]string{"--fail", "aws@use1-az4", "--degrade", "aws/iam@us-east-1", "--degrade", "aws@us-west-2"},
			url.Values{"fail": {"aws@use1-az4"}, "degrade": {"aws/iam@us-east-1", "aws@us-west-2"}}},
		{[]string{"--scenario", "us-east-1-region-loss", "--fail", "aws@us-west-2"},
			url.Values{"scenario": {"us-east-1-region-loss"}, "fail": {"aws@us-west-2"}}},
		{[]string{"--fail", "netflix"}, url.Values{"fail": {"netflix"}}},
	}
	for _, tc := range tests {
		cli := runCLI(t, nil, append([]string{"impact", "--example", "--format", "json"}, tc.args...)...)
		if cli.code != 0 {
			t.Fatalf("impact %v: exit %d: %s", tc.args, cli.code, cli.stderr)
		}
		// The page's own URL: the scenario link of its scenario page.
		page := "/scenario?" + tc.query.Encode()
		r := httptest.NewRequest("GET", page, nil)
		r.Header.Set("Accept", "application/json")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("GET %s: %d %s: %s", page, w.Code, w.Header().Get("Content-Type"), w.Body)
		}
		if !bytes.Equal(w.Body.Bytes(), cli.stdoutBytes) {
			t.Errorf("GET %s with Accept: application/json differs from impact %v --format json:\n%s\nwant\n%s", page, tc.args, w.Body, cli.stdout)
		}
		// The page links the same result for download.
		r = httptest.NewRequest("GET", page, nil)
		w = httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if !strings.Contains(w.Body.String(), `href="/scenario.json?`+strings.ReplaceAll(tc.query.Encode(), "&", "&amp;")+`"`) {
			t.Errorf("the page of %s does not link its JSON", page)
		}
	}
}

// TestServeRun runs the command's run function on an injected loopback
// listener and stops it by cancelling its context, as SIGINT does.
func TestServeRun(t *testing.T) {
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrs := make(chan string, 1)
	opts := &serveOptions{catalogFlags: catalogFlags{streams: streams{out: &out, errOut: &errOut, getenv: func(string) string { return "" }},
		source: catalogSource{example: true}}, addr: "127.0.0.1:0", loopback: true, ctx: ctx,
		listen: func(addr string) (net.Listener, error) {
			ln, err := net.Listen("tcp", addr)
			if err == nil {
				addrs <- ln.Addr().String()
			}
			return ln, err
		}}
	done := make(chan error, 1)
	go func() { done <- serveRun(opts) }()
	var addr string
	select {
	case addr = <-addrs:
	case err := <-done:
		t.Fatalf("serve returned before listening: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not listen")
	}
	res, err := http.Get("http://" + addr + "/scenario?fail=aws%40us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `id="affected"`) {
		t.Errorf("status %d: %s", res.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop when its context was cancelled")
	}
	if !strings.Contains(out.String(), "serving 3754 nodes on http://"+addr+"/") {
		t.Errorf("stdout: %q", out.String())
	}
}

// TestServeViewsJSONIsCommandJSON checks that the rank, SPOF and
// concentration views as JSON give what their commands write.
func TestServeViewsJSONIsCommandJSON(t *testing.T) {
	srv := exampleServer(t)
	for _, tc := range []struct {
		args []string
		url  string
	}{
		{[]string{"rank", "--scope", "zone"}, "/rank.json?scope=zone"},
		{[]string{"rank"}, "/rank.json"},
		{[]string{"spof"}, "/spof.json"},
		{[]string{"concentration", "--by", "region"}, "/concentration.json?by=region"},
	} {
		cli := runCLI(t, nil, append(tc.args, "--example", "--format", "json")...)
		if cli.code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, cli.code, cli.stderr)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest("GET", tc.url, nil))
		if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), cli.stdoutBytes) {
			t.Errorf("GET %s (%d) differs from %v --format json", tc.url, w.Code, tc.args)
		}
	}
}
