package browsertest

// The DevTools protocol client of the browser tests: Chromium driven
// through --remote-debugging-pipe, with no dependency beyond the standard
// library. A test starts one Browser, opens Pages in it, evaluates script
// in them, takes screenshots, and reads what each page did (PageLog): its
// requests (Network.requestWillBeSent), console (Runtime.consoleAPICalled,
// Log.entryAdded), uncaught exceptions (Runtime.exceptionThrown), dialogs
// (Page.javascriptDialogOpening, answered at once) and DevTools issues
// (Audits.issueAdded).

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// PageLog is what a page did while it was open, as Chromium reported it.
type PageLog struct {
	Requests   []string // URLs other than the page's own and data: URLs
	Console    []string // console API calls and Log entries of level warning or error
	Exceptions []string
	Dialogs    []string
	Issues     []string // DevTools issues (CSP violations, ...)
	Info       []string // Log entries below warning, for the test log
}

// CheckQuiet fails the test unless the page requested nothing, logged no error or
// warning, threw nothing and opened no dialog.
func CheckQuiet(t testing.TB, what string, l PageLog) {
	t.Helper()
	for _, s := range l.Info {
		t.Logf("%s: chromium logged %s", what, s)
	}
	if len(l.Requests) > 0 {
		t.Errorf("%s made requests: %q", what, l.Requests)
	}
	if len(l.Console) > 0 {
		t.Errorf("%s logged to the console: %q", what, l.Console)
	}
	if len(l.Exceptions) > 0 {
		t.Errorf("%s threw: %q", what, l.Exceptions)
	}
	if len(l.Dialogs) > 0 {
		t.Errorf("%s opened dialogs, so script ran: %q", what, l.Dialogs)
	}
	if len(l.Issues) > 0 {
		t.Errorf("%s raised DevTools issues: %q", what, l.Issues)
	}
}

// SaveScreenshot checks that shot is a PNG and writes it to each of paths
// that is not empty.
func SaveScreenshot(t testing.TB, shot []byte, paths ...string) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("the screenshot is no PNG: %v", err)
	}
	for _, p := range paths {
		if p == "" {
			continue
		}
		if err := os.WriteFile(p, shot, 0o644); err != nil {
			t.Errorf("screenshot: %v", err)
			continue
		}
		t.Logf("wrote a %dx%d screenshot to %s", img.Bounds().Dx(), img.Bounds().Dy(), p)
	}
}

// Browser is one Chromium driven over the DevTools protocol through
// --remote-debugging-pipe: Chromium reads commands, each a JSON object and
// a NUL byte, from its file descriptor 3 and writes replies and events the
// same way to its file descriptor 4.
type Browser struct {
	// Viewport is the window pages are laid out in, as
	// Emulation.setDeviceMetricsOverride takes it.
	Viewport map[string]any

	t       testing.TB
	cmd     *exec.Cmd
	stderr  *lockedBuffer
	Version string // the product Chromium reports, such as "HeadlessChrome/131.0"

	writeMu sync.Mutex
	in      *os.File // Chromium's fd 3, our end

	mu      sync.Mutex
	nextID  int
	pending map[int]chan message
	events  map[string][]message // by session
	gone    chan struct{}        // closed when Chromium closes fd 4
	readErr error
}

type message struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Start starts headless Chromium (the path Chromium returns) with a fresh
// profile, Flags and extra flags; the test's cleanup closes it. Its pages
// are laid out in a laptop's window (Browser.Viewport).
func Start(t testing.TB, chromium string, extra ...string) *Browser {
	t.Helper()
	profile := filepath.Join(t.TempDir(), "profile")
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	b := &Browser{t: t, stderr: &lockedBuffer{}, in: cmdW, pending: map[int]chan message{},
		events: map[string][]message{}, gone: make(chan struct{}),
		Viewport: map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}}
	b.cmd = exec.Command(chromium, append(Flags(profile),
		"--hide-scrollbars", "--remote-debugging-pipe", "about:blank")...)
	b.cmd.ExtraFiles = []*os.File{cmdR, evW} // fds 3 and 4
	b.cmd.Stderr = b.stderr
	// Chromium's helpers may outlive it holding stderr.
	b.cmd.WaitDelay = 5 * time.Second
	if err := b.cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	cmdR.Close()
	evW.Close()
	go b.read(evR)
	t.Cleanup(b.close)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var v struct{ Product string }
	if err := b.Call(ctx, "", "Browser.getVersion", nil, &v); err != nil {
		t.Fatalf("chromium does not answer on its DevTools pipe: %v; stderr:\n%s", err, b.stderr.String())
	}
	b.Version = v.Product
	return b
}

// read dispatches Chromium's messages until it closes the pipe.
func (b *Browser) read(r *os.File) {
	defer r.Close()
	br := bufio.NewReaderSize(r, 1<<20)
	var err error
	for {
		var raw []byte
		raw, err = br.ReadBytes(0)
		if err != nil {
			break
		}
		var msg message
		if err = json.Unmarshal(raw[:len(raw)-1], &msg); err != nil {
			break
		}
		b.mu.Lock()
		if msg.Method == "" {
			if ch, ok := b.pending[msg.ID]; ok {
				delete(b.pending, msg.ID)
				ch <- msg
			}
		} else {
			b.events[msg.SessionID] = append(b.events[msg.SessionID], msg)
		}
		b.mu.Unlock()
		if msg.Method == "Page.javascriptDialogOpening" {
			// A dialog blocks the page until answered.
			go b.send(msg.SessionID, "Page.handleJavaScriptDialog", map[string]any{"accept": true})
		}
	}
	b.mu.Lock()
	if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
		b.readErr = err
	}
	b.mu.Unlock()
	close(b.gone)
}

// send writes a command and returns its id without waiting for the reply.
func (b *Browser) send(session, method string, params any) (int, chan message, error) {
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan message, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	data, err := json.Marshal(struct {
		ID        int    `json:"id"`
		Method    string `json:"method"`
		Params    any    `json:"params,omitempty"`
		SessionID string `json:"sessionId,omitempty"`
	}{id, method, params, session})
	if err != nil {
		return 0, nil, err
	}
	b.writeMu.Lock()
	defer b.writeMu.Unlock()
	_, err = b.in.Write(append(data, 0))
	return id, ch, err
}

// Call sends a command (to the browser when session is empty, else to
// that page) and decodes its result into result, if not nil.
func (b *Browser) Call(ctx context.Context, session, method string, params, result any) error {
	id, ch, err := b.send(session, method, params)
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case msg := <-ch:
		if msg.Error != nil {
			return fmt.Errorf("%s: %s (%d)", method, msg.Error.Message, msg.Error.Code)
		}
		if result != nil {
			return json.Unmarshal(msg.Result, result)
		}
		return nil
	case <-b.gone:
		return fmt.Errorf("%s: chromium closed its DevTools pipe (%v)", method, b.readErr)
	case <-ctx.Done():
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// Must is Call, failing the test on error.
func (b *Browser) Must(ctx context.Context, session, method string, params, result any) {
	b.t.Helper()
	if err := b.Call(ctx, session, method, params, result); err != nil {
		b.t.Fatalf("%v; chromium stderr:\n%s", err, b.stderr.String())
	}
}

// close asks Chromium to quit, and kills it if it does not.
func (b *Browser) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = b.Call(ctx, "", "Browser.close", nil, nil)
	b.in.Close()
	done := make(chan error, 1)
	go func() { done <- b.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = b.cmd.Process.Kill()
		<-done
	}
}

// Page is one tab, attached with its own session.
type Page struct {
	b       *Browser
	session string
	url     string
}

// OpenOptions change how Browser.OpenWith opens a page.
type OpenOptions struct {
	BypassCSP bool // ignore the page's Content-Security-Policy (Page.setBypassCSP)
	NoScript  bool // run none of the page's scripts (Emulation.setScriptExecutionDisabled)
}

// Open opens url in a new tab, observed from before the navigation, waits
// until it has loaded, and returns the tab. With bypassCSP, Chromium
// ignores the page's Content-Security-Policy.
func (b *Browser) Open(ctx context.Context, t testing.TB, pageURL string, bypassCSP bool) *Page {
	t.Helper()
	return b.OpenWith(ctx, t, pageURL, OpenOptions{BypassCSP: bypassCSP})
}

// OpenWith is Open with options.
func (b *Browser) OpenWith(ctx context.Context, t testing.TB, pageURL string, opt OpenOptions) *Page {
	t.Helper()
	var target struct{ TargetID string }
	b.Must(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct{ SessionID string }
	b.Must(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	p := &Page{b: b, session: attached.SessionID, url: pageURL}
	for _, domain := range []string{"Page", "Runtime", "Log", "Network", "Audits"} {
		b.Must(ctx, p.session, domain+".enable", nil, nil)
	}
	b.Must(ctx, p.session, "Emulation.setDeviceMetricsOverride", b.Viewport, nil)
	if opt.BypassCSP {
		b.Must(ctx, p.session, "Page.setBypassCSP", map[string]any{"enabled": true}, nil)
	}
	if opt.NoScript {
		b.Must(ctx, p.session, "Emulation.setScriptExecutionDisabled", map[string]any{"value": true}, nil)
	}
	var nav struct{ ErrorText string }
	b.Must(ctx, p.session, "Page.navigate", map[string]any{"url": pageURL}, &nav)
	if nav.ErrorText != "" {
		t.Fatalf("navigate to %s: %s", pageURL, nav.ErrorText)
	}
	// Until the navigation commits, evaluating may fail as the old
	// document goes; keep asking.
	for {
		var state struct {
			URL   string `json:"url"`
			Ready string `json:"ready"`
		}
		err := p.EvaluateErr(ctx, `({url: document.URL, ready: document.readyState})`, &state)
		if err == nil && state.URL == pageURL && state.Ready == "complete" {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s did not load: %v (at %q, %q, last error %v); chromium stderr:\n%s", pageURL, ctx.Err(), state.URL, state.Ready, err, b.stderr.String())
		case <-b.gone:
			t.Fatalf("chromium quit while loading %s; stderr:\n%s", pageURL, b.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	var fonts bool
	p.Evaluate(ctx, t, `document.fonts.ready.then(() => true)`, &fonts)
	return p
}

// Session is the page's DevTools session, for Browser.Call.
func (p *Page) Session() string { return p.session }

// Evaluate evaluates a JavaScript expression in the page, awaiting it if
// it is a promise, and decodes its value into out.
func (p *Page) Evaluate(ctx context.Context, t testing.TB, expr string, out any) {
	t.Helper()
	if err := p.EvaluateErr(ctx, expr, out); err != nil {
		t.Fatalf("evaluate in %s: %v; chromium stderr:\n%s", p.url, err, p.b.stderr.String())
	}
}

// EvaluateErr is Evaluate, returning the error.
func (p *Page) EvaluateErr(ctx context.Context, expr string, out any) error {
	var res struct {
		Result struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.b.Call(ctx, p.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &res)
	if err != nil {
		return err
	}
	if e := res.ExceptionDetails; e != nil {
		return fmt.Errorf("%s %s", e.Text, e.Exception.Description)
	}
	if err := json.Unmarshal(res.Result.Value, out); err != nil {
		return fmt.Errorf("%v (a %s)", err, res.Result.Type)
	}
	return nil
}

// Screenshot captures the whole page, beyond the window, as PNG.
func (p *Page) Screenshot(ctx context.Context, t testing.TB) []byte {
	t.Helper()
	var metrics struct {
		CSSContentSize struct{ Width, Height float64 } `json:"cssContentSize"`
	}
	p.b.Must(ctx, p.session, "Page.getLayoutMetrics", nil, &metrics)
	var shot struct{ Data string }
	p.b.Must(ctx, p.session, "Page.captureScreenshot", map[string]any{
		"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": metrics.CSSContentSize.Width, "height": metrics.CSSContentSize.Height, "scale": 1},
	}, &shot)
	data, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Log sums up the events of the page's session so far.
func (p *Page) Log() PageLog {
	p.b.mu.Lock()
	events := slices.Clone(p.b.events[p.session])
	p.b.mu.Unlock()
	var l PageLog
	for _, e := range events {
		switch e.Method {
		case "Network.requestWillBeSent":
			var ev struct {
				Request struct{ URL string } `json:"request"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			if u := ev.Request.URL; u != p.url && !strings.HasPrefix(u, "data:") {
				l.Requests = append(l.Requests, u)
			}
		case "Runtime.consoleAPICalled":
			var ev struct {
				Type string `json:"type"`
				Args []struct {
					Value       any    `json:"value"`
					Description string `json:"description"`
				} `json:"args"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			var args []string
			for _, a := range ev.Args {
				args = append(args, cmp.Or(fmt.Sprint(a.Value), a.Description))
			}
			l.Console = append(l.Console, "console."+ev.Type+": "+strings.Join(args, " "))
		case "Log.entryAdded":
			var ev struct {
				Entry struct{ Source, Level, Text, URL string } `json:"entry"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			s := fmt.Sprintf("%s %s: %s (%s)", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text, ev.Entry.URL)
			if ev.Entry.Level == "error" || ev.Entry.Level == "warning" {
				l.Console = append(l.Console, s)
			} else {
				l.Info = append(l.Info, s)
			}
		case "Runtime.exceptionThrown":
			var ev struct {
				Details struct {
					Text      string `json:"text"`
					Exception struct {
						Description string `json:"description"`
					} `json:"exception"`
				} `json:"exceptionDetails"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			l.Exceptions = append(l.Exceptions, ev.Details.Text+" "+ev.Details.Exception.Description)
		case "Page.javascriptDialogOpening":
			var ev struct{ Type, Message string }
			_ = json.Unmarshal(e.Params, &ev)
			l.Dialogs = append(l.Dialogs, ev.Type+": "+ev.Message)
		case "Audits.issueAdded":
			var ev struct {
				Issue struct {
					Code    string          `json:"code"`
					Details json.RawMessage `json:"details"`
				} `json:"issue"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			l.Issues = append(l.Issues, ev.Issue.Code+" "+string(ev.Issue.Details))
		}
	}
	return l
}
