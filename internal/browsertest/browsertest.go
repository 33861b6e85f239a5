// Package browsertest finds the Chromium that the project's browser tests
// drive, and holds what those tests share: when to skip, the flags that
// keep Chromium quiet on a machine without network, and file URLs.
package browsertest

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Setup is what to run when something a browser test needs is missing.
const Setup = "run .ci/browser-deps.sh to install what the browser tests need"

// InCI reports whether the environment variable CI is set, as CI systems
// set it, and not to false.
func InCI() bool {
	ci := os.Getenv("CI")
	return ci != "" && ci != "false" && ci != "0"
}

// Missing skips the test because what it needs is missing, or fails it
// under CI, where the browser tests are mandatory.
func Missing(t testing.TB, what string) {
	t.Helper()
	msg := what + "; " + Setup
	if InCI() {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// Chromium returns the path of Chromium, skipping the test (or failing it
// under CI) when it is not installed, and skipping it with -short outside CI.
func Chromium(t testing.TB) string {
	t.Helper()
	if testing.Short() && !InCI() {
		t.Skip("skipped with -short: starts Chromium")
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(t, "chromium is not installed (no chromium or chromium-browser on PATH)")
	return ""
}

// Flags are Chromium's command-line flags for a headless run with a fresh
// profile in userDataDir: no sandbox (tests run as root), no GPU, and none
// of the background connections a machine without network would refuse.
func Flags(userDataDir string) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
		"--disable-quic", "--mute-audio", "--user-data-dir=" + userDataDir,
	}
}

// FileURL is the file:// URL of a local path.
func FileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
