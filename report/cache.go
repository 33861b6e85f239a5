package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/blastradius/blastradius/cache"
	"github.com/blastradius/blastradius/internal/phrase"
)

// CacheInfo is the machine form of the compiled-catalog cache's state.
type CacheInfo struct {
	Path     string `json:"path"`
	Entries  int    `json:"entries"`
	Bytes    int64  `json:"bytes"`
	MaxBytes int64  `json:"max_bytes"`
}

// WriteCacheInfo writes where the cache lives, its entries and their size,
// as text or JSON.
func WriteCacheInfo(w io.Writer, info cache.Info, f Format) error {
	if f == JSON {
		return writeJSON(w, CacheInfo{info.Path, info.Entries, info.Bytes, info.MaxBytes})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "path:    %s\n", info.Path)
	fmt.Fprintf(&b, "entries: %d, %s of at most %s\n", info.Entries, phrase.Bytes(info.Bytes), phrase.Bytes(info.MaxBytes))
	if info.Entries > 0 {
		fmt.Fprintf(&b, "used:    %s to %s\n", info.Oldest.UTC().Format(time.RFC3339), info.Newest.UTC().Format(time.RFC3339))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
