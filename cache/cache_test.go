package cache

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"testing"
	"time"
)

func TestDir(t *testing.T) {
	d := &Dir{Path: filepath.Join(t.TempDir(), "c"), Build: "b1"}
	if _, ok := d.Get("k"); ok {
		t.Fatal("hit in an empty cache")
	}
	d.Put("k", []byte("compiled"))
	if got, ok := d.Get("k"); !ok || string(got) != "compiled" {
		t.Fatalf("Get = %q, %v; want the stored entry", got, ok)
	}
	if _, ok := (&Dir{Path: d.Path, Build: "b2"}).Get("k"); ok {
		t.Error("another build read the entry")
	}
	d.Put("k", []byte("replaced"))
	if got, _ := d.Get("k"); string(got) != "replaced" {
		t.Errorf("Get after a second Put = %q", got)
	}
}

func TestDirEvictsLeastRecentlyUsed(t *testing.T) {
	d := &Dir{Path: t.TempDir(), MaxBytes: 30}
	base := time.Now().Add(-time.Hour)
	for i, k := range []string{"a", "b", "c"} {
		d.Put(k, bytes.Repeat([]byte{'x'}, 10))
		when := base.Add(time.Duration(i) * time.Minute)
		os.Chtimes(d.file(k), when, when)
	}
	d.Get("a") // a is now the most recently used
	d.Put("d", bytes.Repeat([]byte{'x'}, 10))
	for k, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if _, ok := d.Get(k); ok != want {
			t.Errorf("entry %s kept = %v, want %v", k, ok, want)
		}
	}
	d.Put("huge", bytes.Repeat([]byte{'x'}, 31))
	if _, ok := d.Get("huge"); ok {
		t.Error("an entry larger than the bound was stored")
	}
	if info, _ := d.Info(); info.Entries != 3 || info.Bytes != 30 {
		t.Errorf("Info = %+v, want 3 entries of 30 bytes", info)
	}
}

func TestDirClearLeavesOtherFiles(t *testing.T) {
	d := &Dir{Path: t.TempDir()}
	mine := filepath.Join(d.Path, "notes.txt")
	os.WriteFile(mine, []byte("keep"), 0o644)
	stale := filepath.Join(d.Path, ".tmp-1"+ext+".part")
	os.WriteFile(stale, []byte("half"), 0o644)
	old := time.Now().Add(-2 * staleTemp)
	os.Chtimes(stale, old, old)
	d.Put("a", []byte("1"))
	d.Put("b", []byte("2"))
	n, err := d.Clear()
	if err != nil || n != 2 {
		t.Fatalf("Clear = %d, %v; want 2 entries removed", n, err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("Clear removed a file that is not an entry: %v", err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a stale temporary file survived")
	}
	if info, _ := d.Info(); info.Entries != 0 {
		t.Errorf("%d entries after Clear", info.Entries)
	}
}

func TestDirConcurrentWriters(t *testing.T) {
	d := &Dir{Path: t.TempDir()}
	want := bytes.Repeat([]byte("entry "), 1<<16)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.Put("same", want)
			d.Put(fmt.Sprint(i), want)
			if got, ok := d.Get("same"); !ok || !bytes.Equal(got, want) {
				t.Errorf("writer %d read a partial or missing entry", i)
			}
		}()
	}
	wg.Wait()
	if info, _ := d.Info(); info.Entries != 9 {
		t.Errorf("%d entries, want 9", info.Entries)
	}
}

func TestDirUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	d := &Dir{Path: filepath.Join(file, "cache")}
	d.Put("k", []byte("x")) // must not panic or fail the run
	if _, ok := d.Get("k"); ok {
		t.Error("hit in an unwritable cache")
	}
}

func TestReleased(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	tests := []struct {
		name string
		info debug.BuildInfo
		want bool
	}{
		{"go install at a version", debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, true},
		{"clean checkout", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("abc123", "false")}, true},
		{"modified checkout", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("abc123", "true")}, false},
		{"no VCS information", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, false},
	}
	for _, tt := range tests {
		if got := released(&tt.info); got != tt.want {
			t.Errorf("%s: released = %v, want %v", tt.name, got, tt.want)
		}
	}
}
