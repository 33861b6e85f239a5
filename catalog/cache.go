package catalog

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
)

// Cache keeps compiled catalogs between loads. A Loader stores each valid
// catalog it reads under a key that digests every input: the files' names
// and contents, the bundled models and the compiled form's version. Get
// and Put may be called from several processes at once; data that Get
// returns is checked before use, so a damaged entry costs a reload, never a
// wrong result.
type Cache interface {
	// Get returns the data stored under key, if any.
	Get(key string) ([]byte, bool)
	// Put stores data under key. Failing to store is not an error of the load.
	Put(key string, data []byte)
}

// HashFS is a file system that knows a digest of each file's content, such
// as a git object id. LoadFS keys the cache by those digests instead of
// reading the files, so a hit reads none of them.
type HashFS interface {
	fs.FS
	// Hash returns the digest of the named file's content.
	Hash(name string) (string, error)
}

// Loader loads catalogs as Load and LoadFS do. With a Cache it reads an
// unchanged catalog back from the cache instead of parsing its files.
// While it decodes a cache entry it pauses garbage collection (see
// runtime/debug.SetGCPercent), which decoding hardly needs, and resumes it
// after.
type Loader struct {
	Cache Cache // nil: parse every time
}

// inputs are the files of one load: their display names, and how to read
// and digest each.
type inputs struct {
	names []string
	read  func(i int) ([]byte, error)
	open  func(i int) (io.ReadCloser, error) // nil: digest what read returns
	hash  func(i int) (string, error)        // nil: digest the content
}

// parse loads the inputs through the cache. A hit reads each file once,
// through a small buffer, to digest it; a miss parses them, digesting
// what it parses, and stores the catalog under that digest.
func (l Loader) parse(in inputs, lib fs.FS) (*Catalog, error) {
	if l.Cache == nil {
		return parse(in.names, in.read, lib)
	}
	digests := make([][]byte, len(in.names))
	var lsum []byte
	if err := errors.Join(digestFS(&lsum, lib), in.digest(digests)); err == nil {
		key := in.key(lsum, digests)
		if data, hit := l.Cache.Get(key); hit {
			if c, err := decodeCompiled(data, key); err == nil {
				return c, nil
			}
		}
	}
	read := in.read
	if in.hash == nil {
		read = func(i int) ([]byte, error) {
			b, err := in.read(i)
			sum := sha256.Sum256(b)
			digests[i] = sum[:]
			return b, err
		}
	}
	c, err := parse(in.names, read, lib)
	if err == nil && lsum != nil {
		key := in.key(lsum, digests)
		l.Cache.Put(key, c.encode(key))
	}
	return c, err
}

// digest digests every file, one worker per core.
func (in inputs) digest(out [][]byte) error {
	errs := make([]error, len(in.names))
	forEach(len(in.names), func(i int) {
		switch {
		case in.hash != nil:
			h, err := in.hash(i)
			out[i], errs[i] = []byte("hash:"+h), err
		case in.open != nil:
			f, err := in.open(i)
			if err != nil {
				errs[i] = err
				return
			}
			h := sha256.New()
			_, err = io.Copy(h, f)
			out[i], errs[i] = h.Sum(nil), errors.Join(err, f.Close())
		default:
			b, err := in.read(i)
			sum := sha256.Sum256(b)
			out[i], errs[i] = sum[:], err
		}
	})
	return errors.Join(errs...)
}

// key is the cache key of the inputs, given the digest of the bundled
// models and of each file.
func (in inputs) key(lib []byte, digests [][]byte) string {
	h := sha256.New()
	h.Write([]byte(codecMagic))
	h.Write(binary.AppendUvarint(nil, codecVersion))
	h.Write(lib)
	for i, name := range in.names {
		h.Write(appendString(nil, name))
		h.Write(appendString(nil, string(digests[i])))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// digestFS sets sum to the digest of every file of fsys, names and
// contents.
func digestFS(sum *[]byte, fsys fs.FS) (err error) {
	h := sha256.New()
	defer func() {
		if err == nil {
			*sum = h.Sum(nil)
		}
	}()
	return fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		h.Write(appendString(nil, p))
		h.Write(sum[:])
		return nil
	})
}
