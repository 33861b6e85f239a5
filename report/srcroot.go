package report

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// SARIFOptionsFor returns the options that place the files of the catalog
// at path (a file or a directory, as given to catalog.Load, relative to
// the working directory or absolute) for GitHub code scanning: Root is the
// top-level directory of the git work tree that holds path, found by
// running git rev-parse in path's directory, or the working directory when
// path is in no work tree (or git is missing or refuses); WorkDir is the
// working directory. Unlike WriteSARIF, it reads the file system and runs
// git. It fails only when the working directory cannot be found.
func SARIFOptionsFor(path string) (SARIFOptions, error) {
	wd, err := os.Getwd()
	if err != nil {
		return SARIFOptions{}, err
	}
	dir := path
	if info, err := os.Stat(path); err != nil || !info.IsDir() {
		dir = filepath.Dir(path)
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(wd, dir)
	}
	root := wd
	if top, ok := gitTopLevel(dir); ok {
		root = top
	}
	return SARIFOptions{Root: root, WorkDir: wd}, nil
}

// gitTopLevel returns the top-level directory of the git work tree that
// holds dir, an absolute directory. It is spelled as dir is, through the
// same symbolic links, when that names the same directory as git's own
// answer (which resolves them), so that files named below dir lie below
// it.
func gitTopLevel(dir string) (string, bool) {
	cmd := exec.Command("git", "rev-parse", "--show-toplevel", "--show-prefix")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", false
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 2 || lines[0] == "" {
		return "", false
	}
	top := filepath.FromSlash(lines[0])
	// The prefix is dir's path below the top level, "a/b/" or "".
	spelled := filepath.Clean(dir)
	for _, seg := range strings.Split(strings.TrimSuffix(lines[1], "/"), "/") {
		if seg == "" {
			continue
		}
		spelled = filepath.Dir(spelled)
	}
	if spelled != top && sameDir(spelled, top) {
		return spelled, true
	}
	return top, true
}

func sameDir(a, b string) bool {
	x, err := os.Stat(a)
	if err != nil {
		return false
	}
	y, err := os.Stat(b)
	return err == nil && os.SameFile(x, y)
}
