// Package golden compares test output with golden files, and rewrites them
// when the tests run with -update.
//
// Every package's tests keep their golden files under testdata/; after an
// intended change, go test ./... -update rewrites them, and the diff is
// reviewed like code.
package golden

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files instead of comparing with them")

// Check compares got with the golden file at path. An absent file stands
// for empty output. A difference fails the test and names the first
// differing line as path:line. Under -update, Check writes got to path
// instead, creating its directory, or removes the file when got is empty.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := write(path, got); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	if msg := Diff(path, got, want); msg != "" {
		t.Errorf("%s\n(run go test -update to accept the new output, then review the diff)", msg)
	}
}

// Diff describes the first difference between got and want, read from
// path, as "path:line: ..."; it returns "" when they are equal.
func Diff(path string, got, want []byte) string {
	if bytes.Equal(got, want) {
		return ""
	}
	g, w := lines(got), lines(want)
	for i := 0; ; i++ {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) {
			return fmt.Sprintf("%s:%d: output differs from the golden file\n  got:  %s\n  want: %s", path, i+1, show(gl, i < len(g)), show(wl, i < len(w)))
		}
	}
}

// lines splits b after each newline; a final newline starts no empty line.
func lines(b []byte) [][]byte {
	out := bytes.SplitAfter(b, []byte("\n"))
	if len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// show quotes a line for a difference report, shortened to 300 bytes.
func show(line []byte, exists bool) string {
	if !exists {
		return "(end of file)"
	}
	if len(line) > 300 {
		return fmt.Sprintf("%q…", line[:300])
	}
	return fmt.Sprintf("%q", line)
}

func write(path string, got []byte) error {
	if len(got) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, got, 0o644)
}
