package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/blastradius/blastradius/cache"
	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/internal/phrase"
	"github.com/blastradius/blastradius/report"
)

// cacheEnv names the environment variable that sets the cache directory,
// or turns the cache off with "off", as GOCACHE does for go.
const cacheEnv = "BLASTRADIUS_CACHE"

// cacheOptions are --cache DIR and --no-cache.
type cacheOptions struct {
	dir string
	off bool
}

func addCacheFlags(cmd *cobra.Command, c *cacheOptions) {
	f := cmd.Flags()
	f.StringVar(&c.dir, "cache", "", "keep compiled catalogs in `DIR` (default: $"+cacheEnv+", else the user cache directory)")
	f.BoolVar(&c.off, "no-cache", false, "neither read nor write the compiled-catalog cache (or set "+cacheEnv+"=off)")
	cmd.MarkFlagsMutuallyExclusive("cache", "no-cache")
	cmd.MarkFlagDirname("cache")
}

// path decides the cache directory: --no-cache, --cache, $BLASTRADIUS_CACHE
// ("off" or a directory), then the user cache directory. It returns "" when
// the cache is off.
func (c cacheOptions) path(s streams) string {
	switch env := s.getenv(cacheEnv); {
	case c.off:
		return ""
	case c.dir != "":
		return c.dir
	case env == "off":
		return ""
	case env != "":
		return env
	case s.userCacheDir != nil:
		if dir, err := s.userCacheDir(); err == nil {
			return dir
		}
	}
	return ""
}

// loader is the catalog loader the options ask for.
func (c cacheOptions) loader(s streams) catalog.Loader {
	if dir := c.path(s); dir != "" {
		return catalog.Loader{Cache: &cache.Dir{Path: dir, Build: s.build}}
	}
	return catalog.Loader{}
}

func newCacheCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Show or empty the compiled-catalog cache",
		Long: `After a successful load, blastradius keeps the compiled catalog in a cache,
keyed by the content of every file it read, the bundled models and the
program's build; a rerun on unchanged files reads it instead of the YAML.
The cache lives in $` + cacheEnv + `, else in the user cache directory
(~/.cache/blastradius on Linux); --cache DIR chooses another for one run,
and --no-cache or ` + cacheEnv + `=off turns it off. It is bounded in size:
the least recently used entries go first.`,
		Args: noArgs,
	}
	cmd.AddCommand(newCacheInfoCmd(s, nil), newCacheClearCmd(s, nil))
	return cmd
}

type cacheInfoOptions struct {
	streams streams
	cache   cacheOptions
	format  string
}

func newCacheInfoCmd(s streams, runF func(*cacheInfoOptions) error) *cobra.Command {
	opts := &cacheInfoOptions{streams: s}
	cmd := &cobra.Command{
		Use:     "info",
		Short:   "Show where the cache lives, its entries and their size",
		Example: `  blastradius cache info --format json`,
	}
	addCacheFlags(cmd, &opts.cache)
	cmd.Flags().StringVar(&opts.format, "format", "text", "output `FORMAT`: text or json")
	return command(cmd, opts, func(*cobra.Command, []string) error {
		if opts.format != "text" && opts.format != "json" {
			return usageErrorf("--format: unknown format %q: want text or json", opts.format)
		}
		return nil
	}, runF, cacheInfoRun)
}

func cacheInfoRun(opts *cacheInfoOptions) error {
	dir := opts.cache.path(opts.streams)
	if dir == "" {
		return usageErrorf("the cache is off (--no-cache, or %s=off)", cacheEnv)
	}
	info, err := (&cache.Dir{Path: dir}).Info()
	if err != nil {
		return failure(err)
	}
	if err := report.WriteCacheInfo(opts.streams.out, info, report.Format(opts.format)); err != nil {
		return failure(err)
	}
	return nil
}

type cacheClearOptions struct {
	streams streams
	cache   cacheOptions
}

func newCacheClearCmd(s streams, runF func(*cacheClearOptions) error) *cobra.Command {
	opts := &cacheClearOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "clear",
		Short: "Remove every cache entry (other files in the directory stay)",
	}
	addCacheFlags(cmd, &opts.cache)
	return command(cmd, opts, nil, runF, cacheClearRun)
}

func cacheClearRun(opts *cacheClearOptions) error {
	dir := opts.cache.path(opts.streams)
	if dir == "" {
		return usageErrorf("the cache is off (--no-cache, or %s=off)", cacheEnv)
	}
	n, err := (&cache.Dir{Path: dir}).Clear()
	if err != nil {
		return failure(err)
	}
	_, err = fmt.Fprintf(opts.streams.out, "removed %s from %s\n", phrase.Count(n, "entry", "entries"), dir)
	if err != nil {
		return failure(err)
	}
	return nil
}
