// Package examples bundles the example catalogs that ship with blastradius,
// so that the binary can run them without any file on disk.
package examples

import (
	"embed"
	"io/fs"
)

//go:embed aws-2021-12-07/*.yaml
var fsys embed.FS

// AWS20211207Dir is the directory of the AWS us-east-1, 7 December 2021
// example within the file system that AWS20211207 returns. Catalog errors
// and file lists name its files by this prefix.
const AWS20211207Dir = "aws-2021-12-07"

// AWS20211207 returns the AWS us-east-1, 7 December 2021 example catalog:
// a read-only file system and the directory within it that holds the
// catalog, ready for catalog.LoadFS.
func AWS20211207() (fs.FS, string) {
	return fsys, AWS20211207Dir
}
