// Package cache keeps compiled catalogs on disk between runs, so that a
// rerun on unchanged files skips parsing them.
//
// A Dir implements catalog.Cache. Each entry is a file named after its
// key, written to a temporary file and renamed into place, so concurrent
// runs never see a partial entry; the catalog package checks every entry
// it reads. The directory is bounded in size: after each write, the least
// recently used entries go first.
package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// DefaultMaxBytes bounds a Dir whose MaxBytes is zero: 2 GiB, room for a
// few versions of a catalog of a million customers.
const DefaultMaxBytes = 2 << 30

// ext ends the name of every entry. Other files in the directory are not
// the cache's: Clear and eviction leave them alone.
const ext = ".brcat"

// tempPattern names the temporary file of a write in progress.
const tempPattern = ".tmp-*" + ext + ".part"

// staleTemp is the age after which the temporary file of a write that
// never finished is removed.
const staleTemp = time.Hour

// Dir is a cache in a directory, created on first write.
type Dir struct {
	Path     string
	MaxBytes int64 // 0: DefaultMaxBytes
	// Build names the program that reads and writes the entries, so that
	// another build, which may compile catalogs differently, never reads
	// them. BuildID gives one.
	Build string
}

// DefaultPath is the cache's directory in the user cache directory:
// $XDG_CACHE_HOME/blastradius or ~/.cache/blastradius on Linux.
func DefaultPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "blastradius"), nil
}

// BuildID identifies the running program. A release or a build of a
// clean checkout is its build information (module versions and sums, VCS
// revision, Go version), the same on every machine that installs it, so
// CI jobs share entries; any other build (modified or without VCS
// information) adds its executable's path, size and modification time,
// which change with every build.
func BuildID() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return executableID()
	}
	id := info.String()
	if released(info) {
		return id
	}
	return id + "\n" + executableID()
}

// released reports whether the build information pins the code: a module
// version, or a revision without local modifications.
func released(info *debug.BuildInfo) bool {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return true
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	return rev != "" && modified == "false"
}

// executableID is the running executable's path, size and modification
// time.
func executableID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	st, err := os.Stat(exe)
	if err != nil {
		return exe
	}
	return fmt.Sprintf("%s %d %d", exe, st.Size(), st.ModTime().UnixNano())
}

// file is the entry's path for key.
func (d *Dir) file(key string) string {
	sum := sha256.Sum256([]byte(d.Build + "\x00" + key))
	return filepath.Join(d.Path, hex.EncodeToString(sum[:16])+ext)
}

// Get returns the entry stored under key, and marks it used.
func (d *Dir) Get(key string) ([]byte, bool) {
	p := d.file(key)
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	now := time.Now()
	_ = os.Chtimes(p, now, now) // best effort: eviction then sees it as recent
	return data, true
}

// Put stores data under key and evicts the least recently used entries
// beyond the size bound; an entry larger than the bound is not stored. A
// cache that cannot be written is skipped: the
// run goes on without it.
func (d *Dir) Put(key string, data []byte) {
	if int64(len(data)) <= d.maxBytes() && d.store(d.file(key), data) == nil {
		_ = d.evict()
	}
}

// store writes data to path through a temporary file renamed into place.
func (d *Dir) store(path string, data []byte) error {
	if err := os.MkdirAll(d.Path, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(d.Path, tempPattern)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Info describes a cache directory.
type Info struct {
	Path     string
	Entries  int
	Bytes    int64
	MaxBytes int64
	Oldest   time.Time // when the least recently used entry was last used; zero if none
	Newest   time.Time
}

// entry is one cache file.
type entry struct {
	path string
	size int64
	used time.Time
}

// entries lists the cache's files, least recently used first, and removes
// temporary files of writes that never finished.
func (d *Dir) entries() ([]entry, error) {
	list, err := os.ReadDir(d.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []entry
	for _, e := range list {
		name := e.Name()
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		switch {
		case strings.HasSuffix(name, ext):
			out = append(out, entry{filepath.Join(d.Path, name), info.Size(), info.ModTime()})
		case strings.HasPrefix(name, ".tmp-") && strings.HasSuffix(name, ext+".part") && time.Since(info.ModTime()) > staleTemp:
			os.Remove(filepath.Join(d.Path, name))
		}
	}
	slices.SortFunc(out, func(a, b entry) int { return a.used.Compare(b.used) })
	return out, nil
}

func (d *Dir) maxBytes() int64 {
	if d.MaxBytes > 0 {
		return d.MaxBytes
	}
	return DefaultMaxBytes
}

// evict removes the least recently used entries until the cache fits its
// bound.
func (d *Dir) evict() error {
	list, err := d.entries()
	if err != nil {
		return err
	}
	var total int64
	for _, e := range list {
		total += e.size
	}
	for _, e := range list {
		if total <= d.maxBytes() {
			break
		}
		if err := os.Remove(e.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		total -= e.size
	}
	return nil
}

// Info describes the cache: its entries and their size.
func (d *Dir) Info() (Info, error) {
	list, err := d.entries()
	info := Info{Path: d.Path, Entries: len(list), MaxBytes: d.maxBytes()}
	for _, e := range list {
		info.Bytes += e.size
	}
	if len(list) > 0 {
		info.Oldest, info.Newest = list[0].used, list[len(list)-1].used
	}
	return info, err
}

// Clear removes every entry and returns how many it removed. Files that
// are not entries stay.
func (d *Dir) Clear() (int, error) {
	list, err := d.entries()
	n := 0
	for _, e := range list {
		if rerr := os.Remove(e.path); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			return n, rerr
		}
		n++
	}
	return n, err
}
